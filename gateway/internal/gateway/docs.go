package gateway

import (
	_ "embed"
	"net/http"

	"github.com/stylist/stylist/gateway/openapi"
)

// docsPage renders the endpoint list from /openapi.json in the browser. It is
// self-contained (no CDN): the gateway may run where nothing outside is
// reachable.
//
//go:embed static/docs.html
var docsPage []byte

func openAPIHandler() http.Handler {
	return staticHandler("application/json", openapi.Document)
}

func docsHandler() http.Handler {
	page := staticHandler("text/html; charset=utf-8", docsPage)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The page's own inline script and style, and fetches of
		// openapi.json; nothing else.
		w.Header().Set("Content-Security-Policy",
			"default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'")
		page.ServeHTTP(w, r)
	})
}

func staticHandler(contentType string, content []byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.Header().Set("Cache-Control", "no-cache")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		_, _ = w.Write(content)
	})
}
