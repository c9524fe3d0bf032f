package gateway

import (
	"log/slog"
	"net/http"
	"time"
)

// withAccessLog logs one line per request once it has been answered. It runs
// inside withRequestID, so the request ID it logs is the one sent upstream.
func withAccessLog(logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		hw := &hookWriter{ResponseWriter: w}
		next.ServeHTTP(hw, r)
		status := hw.statusCode()
		level := slog.LevelInfo
		if status >= 500 {
			level = slog.LevelWarn
		}
		logger.LogAttrs(r.Context(), level, "http request",
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", status),
			slog.Int64("response_bytes", hw.bytes),
			slog.Duration("duration", time.Since(start)),
			slog.String("request_id", r.Header.Get(requestIDHeader)),
			slog.String("remote_addr", r.RemoteAddr),
		)
	})
}
