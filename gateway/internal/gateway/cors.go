package gateway

import (
	"net/http"

	connectcors "connectrpc.com/cors"
	"github.com/rs/cors"
)

// withCORS lets the pages of the allowed origins (full origins such as
// "https://app.example.com", or with one wildcard: "https://*.example.com")
// call the edge from a browser: preflights are answered, and the headers
// gRPC-Web and Connect clients read are exposed. With no origins configured
// no cross-origin call is allowed, and preflights are answered without
// permission.
func withCORS(origins []string, next http.Handler) http.Handler {
	options := cors.Options{
		AllowedMethods: append(connectcors.AllowedMethods(), http.MethodPut, http.MethodPatch, http.MethodDelete),
		AllowedHeaders: append(connectcors.AllowedHeaders(),
			"Authorization", apiKeyHeader, requestIDHeader, "If-Match", "If-None-Match", "Idempotency-Key"),
		ExposedHeaders: append(connectcors.ExposedHeaders(), requestIDHeader, "Etag", "Retry-After"),
		// Credentials travel in the Authorization header, not cookies.
		AllowCredentials: false,
		MaxAge:           7200,
	}
	if len(origins) == 0 {
		// rs/cors reads an empty list as "every origin"; an explicit
		// refusal keeps the default closed.
		options.AllowOriginFunc = func(string) bool { return false }
	} else {
		options.AllowedOrigins = origins
	}
	return cors.New(options).Handler(next)
}
