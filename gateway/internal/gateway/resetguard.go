package gateway

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"
)

// Rapid reset (CVE-2023-44487) costs a server the work of starting every
// stream its client opens and at once resets. Go's HTTP/2 server bounds the
// handlers running at once, but a connection that resets each stream as soon
// as it opens stays within that bound and can still open tens of thousands a
// second. So the edge watches, per connection, how many of its streams ended
// because the client went away before the answer was complete; once most of
// a connection's streams end that way it is an attacker (or broken), and the
// edge closes the connection. Ordinary clients cancel a few calls (a
// deadline, a user leaving a screen), never most of them.
const (
	// resetGuardMinStreams is how many streams a connection may open before
	// its share of resets is judged.
	resetGuardMinStreams = 100
	// resetGuardMaxShare is the share of reset streams that closes it.
	resetGuardMaxShare = 0.5
)

type connStateKey struct{}

// connState counts one connection's streams and premature resets.
type connState struct {
	conn net.Conn

	mu      sync.Mutex
	streams int
	resets  int
	closed  bool
}

// withConnState gives every request the state of its connection
// (http.Server.ConnContext).
func withConnState(ctx context.Context, c net.Conn) context.Context {
	return context.WithValue(ctx, connStateKey{}, &connState{conn: c})
}

// withResetGuard counts each request of a connection, and closes the
// connection once too many of its requests were abandoned by the client.
func withResetGuard(logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		state, _ := r.Context().Value(connStateKey{}).(*connState)
		if state == nil || r.ProtoMajor != 2 {
			next.ServeHTTP(w, r)
			return
		}
		// A stream the client already reset costs nothing more: no log
		// line, no call set up. Under a rapid-reset flood most are.
		if r.Context().Err() == nil {
			next.ServeHTTP(w, r)
		}
		// The request's context is cancelled before the handler returns
		// only when the client reset the stream or the connection died.
		if state.record(r.Context().Err() != nil) {
			logger.Warn("closing a connection that reset most of its streams",
				slog.String("remote_addr", r.RemoteAddr))
			state.cutOff()
		}
	})
}

// record counts one finished stream and says whether the connection should
// now be closed (true once).
func (s *connState) record(reset bool) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.streams++
	if reset {
		s.resets++
	}
	if s.closed || s.streams < resetGuardMinStreams {
		return false
	}
	if float64(s.resets) > resetGuardMaxShare*float64(s.streams) {
		s.closed = true
		return true
	}
	return false
}

// cutOff ends the connection through the HTTP/2 server's own error path: its
// next read fails at once, and the server tears the connection down as it
// does for any broken one.
func (s *connState) cutOff() {
	_ = s.conn.SetReadDeadline(time.Unix(1, 0))
}
