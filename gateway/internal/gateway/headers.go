package gateway

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"net/textproto"
)

// Which HTTP headers become gRPC metadata and back. Only an allow-list
// crosses: the upstream trusts its metadata (caller identity, request IDs),
// so clients must not be able to set arbitrary keys through
// grpc-gateway's Grpc-Metadata-* convention.
//
// Authorization is not listed: grpc-gateway itself forwards it as
// `authorization`. X-Forwarded-For and X-Forwarded-Host are likewise set by
// grpc-gateway from the connection.
const (
	requestIDHeader   = "X-Request-Id" // canonical form of X-Request-ID
	requestIDMetadata = "x-request-id"
	// apiKeyHeader carries a service API key (the server also accepts one
	// as "Authorization: Bearer sk_...").
	apiKeyHeader   = "X-Api-Key"
	apiKeyMetadata = "x-api-key"
	// userAgentMetadata carries the client's User-Agent; the gRPC
	// `user-agent` key already names the gateway's own client library.
	userAgentMetadata = "grpcgateway-user-agent"
	// Conditional writes (AIP-154) and retryable creates (AIP-155): REST
	// clients send these as headers; the server reads them when the
	// request's own etag / request_id fields are empty.
	ifMatchMetadata        = "if-match"
	idempotencyKeyMetadata = "idempotency-key"
	// The Supabase project's database webhooks prove themselves with a
	// shared secret (DatabaseWebhookService).
	webhookSecretHeader   = "X-Webhook-Secret"
	webhookSecretMetadata = "x-webhook-secret"
)

// incomingHeaderMatcher maps request headers to upstream metadata keys.
func incomingHeaderMatcher(key string) (string, bool) {
	switch textproto.CanonicalMIMEHeaderKey(key) {
	case requestIDHeader:
		return requestIDMetadata, true
	case apiKeyHeader:
		return apiKeyMetadata, true
	case "User-Agent":
		return userAgentMetadata, true
	case "If-Match":
		return ifMatchMetadata, true
	case "Idempotency-Key":
		return idempotencyKeyMetadata, true
	case webhookSecretHeader:
		return webhookSecretMetadata, true
	}
	return "", false
}

// outgoingHeaderMatcher maps upstream response metadata to HTTP headers.
func outgoingHeaderMatcher(key string) (string, bool) {
	if key == requestIDMetadata {
		return "X-Request-ID", true
	}
	return "", false
}

// withNoStore marks every answer that does not say otherwise as not to be
// stored by any cache: answers carry tokens (sign-in, refresh, API keys) and
// personal data, and a shared cache or the browser's disk must keep none of
// them. A route whose answer may be cached sets its own Cache-Control.
func withNoStore(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hw := &hookWriter{ResponseWriter: w, beforeHeader: func(h http.Header) {
			if h.Get("Cache-Control") == "" {
				h.Set("Cache-Control", "no-store")
			}
		}}
		next.ServeHTTP(hw, r)
		if hw.status == 0 {
			hw.WriteHeader(http.StatusOK)
		}
	})
}

// retryAfterSeconds is the retry hint of an answer that the server is not
// reachable: about how long it takes to restart.
const retryAfterSeconds = "1"

// maxRequestIDLength bounds a client-chosen request ID.
const maxRequestIDLength = 128

// withRequestID makes sure every request carries an X-Request-ID on its way
// upstream: the client's when it is sane, otherwise a fresh random one. The
// response always carries exactly one X-Request-ID: the one the upstream
// returned in its x-request-id metadata, or else the one sent to it (the
// upstream may not answer at all, e.g. when it is down).
func withRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(requestIDHeader)
		if !validRequestID(id) {
			id = newRequestID()
		}
		r.Header.Set(requestIDHeader, id)
		hw := &hookWriter{ResponseWriter: w}
		hw.beforeHeader = func(h http.Header) {
			// 503 means the server is down or restarting: say when to try
			// again (the edge reconnects by itself meanwhile).
			if hw.status == http.StatusServiceUnavailable && h.Get("Retry-After") == "" {
				h.Set("Retry-After", retryAfterSeconds)
			}
			returned := h.Values(requestIDHeader)
			if len(returned) == 0 {
				h.Set(requestIDHeader, id)
			} else if len(returned) > 1 {
				h.Set(requestIDHeader, returned[0])
			}
		}
		next.ServeHTTP(hw, r)
		if hw.status == 0 { // nothing written: send the headers ourselves
			hw.WriteHeader(http.StatusOK)
		}
	})
}

// validRequestID accepts short IDs of letters, digits and -_.: so that they
// are safe to log and to pass on as metadata.
func validRequestID(id string) bool {
	if id == "" || len(id) > maxRequestIDLength {
		return false
	}
	for _, c := range []byte(id) {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case c == '-', c == '_', c == '.', c == ':':
		default:
			return false
		}
	}
	return true
}

func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	return hex.EncodeToString(b[:])
}
