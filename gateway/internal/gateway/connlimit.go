package gateway

import (
	"log/slog"
	"net"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
)

// perAddressListener closes, as soon as they are accepted, connections from
// an address that already holds max open ones, so one client cannot take
// every connection the edge can hold. It counts the TCP peer: behind a load
// balancer every client shares its address, so set the limit there (or 0).
type perAddressListener struct {
	net.Listener
	max     int
	logger  *slog.Logger
	refused prometheus.Counter

	mu   sync.Mutex
	open map[string]int
}

func newPerAddressListener(inner net.Listener, max int, logger *slog.Logger, refused prometheus.Counter) net.Listener {
	return &perAddressListener{Listener: inner, max: max, logger: logger, refused: refused, open: make(map[string]int)}
}

func (l *perAddressListener) Accept() (net.Conn, error) {
	for {
		conn, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		host, _, splitErr := net.SplitHostPort(conn.RemoteAddr().String())
		if splitErr != nil {
			return conn, nil // not an IP connection (a Unix socket): not limited
		}
		l.mu.Lock()
		if l.open[host] >= l.max {
			l.mu.Unlock()
			l.logger.Debug("connection refused: too many from one address",
				slog.String("remote_addr", host), slog.Int("limit", l.max))
			l.refused.Inc()
			_ = conn.Close()
			continue
		}
		l.open[host]++
		l.mu.Unlock()
		return &countedConn{Conn: conn, release: func() { l.release(host) }}, nil
	}
}

func (l *perAddressListener) release(host string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.open[host]--; l.open[host] <= 0 {
		delete(l.open, host)
	}
}

// countedConn gives its slot back once, on the first Close.
type countedConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *countedConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}
