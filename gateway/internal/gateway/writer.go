package gateway

import (
	"bufio"
	"net"
	"net/http"
)

// hookWriter wraps a ResponseWriter to run a hook just before the status line
// is sent and to remember the status and size, for the middlewares that
// need to see or amend the response. Unwrap lets http.ResponseController
// (which grpc-gateway uses to flush streamed messages) reach the real writer.
type hookWriter struct {
	http.ResponseWriter
	beforeHeader func(http.Header)
	status       int
	bytes        int64
}

func (w *hookWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
		if w.beforeHeader != nil {
			w.beforeHeader(w.Header())
		}
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *hookWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	n, err := w.ResponseWriter.Write(p)
	w.bytes += int64(n)
	return n, err
}

func (w *hookWriter) Flush() {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (w *hookWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Hijack hands the connection over (the WebSocket upgrade of /ws/chat);
// the status logged is 101.
func (w *hookWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	if w.status == 0 {
		w.status = http.StatusSwitchingProtocols
	}
	return http.NewResponseController(w.ResponseWriter).Hijack()
}

// statusCode is the status sent, 200 when the handler wrote nothing.
func (w *hookWriter) statusCode() int {
	if w.status == 0 {
		return http.StatusOK
	}
	return w.status
}
