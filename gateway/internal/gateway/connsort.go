package gateway

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"sync"
	"syscall"
	"time"

	"golang.org/x/net/http2"
	"golang.org/x/net/http2/hpack"
)

// Native gRPC is served by grpc-go's own HTTP/2 transport, not by its
// http.Handler (ServeHTTP), which costs about twice the CPU a call: on the
// edge's two cores that halved the throughput of a GetProfile through the
// edge. The two transports cannot share a connection, so the edge sorts
// connections as they arrive: one whose first HTTP/2 request is native gRPC
// (application/grpc, as every gRPC client's first call is) goes to the gRPC
// transport for its whole life; everything else (HTTP/1.1, gRPC-Web,
// Connect, REST, WebSocket, h2 whose first request is not gRPC, and any
// connection from a trusted proxy, which may mix protocols on one
// connection) goes to the HTTP server, which still serves native gRPC when
// it comes. Reading the first request's headers uses golang.org/x/net/http2's
// framer and HPACK decoder under the same header-size limit as the servers.
//
// Some clients (grpc-go, grpc-java) send their first request only once they
// have the server's SETTINGS, so the sorter sends a SETTINGS frame (the
// server's connection preface, with the limits both servers announce)
// before it waits for the request, and
// takes the client's acknowledgement of it out of what the chosen server
// reads: Go's HTTP/2 server treats an acknowledgement of SETTINGS it never
// sent as a protocol error.

// sniffSlack is what the sorter reads before a first request beyond the
// header block itself (the preface, SETTINGS, WINDOW_UPDATE...): the bytes it
// holds for a connection are bounded by the header limit plus this; a
// client that sends more before its first request is closed.
const sniffSlack = 64 << 10

// maxFramesBeforeRequest bounds the frames (SETTINGS, WINDOW_UPDATE,
// PRIORITY, PING) a client may send before its first request while the
// sorter reads them; past it the connection goes to the HTTP server, whose
// HTTP/2 code deals with whatever the client is doing.
const maxFramesBeforeRequest = 32

// connSorter accepts connections from inner, terminates TLS when configured,
// and hands each to the gRPC or the HTTP listener.
type connSorter struct {
	inner     net.Listener
	tlsConfig *tls.Config
	// trusted are the proxies in front of the edge: their connections go to
	// the HTTP server unsorted (a load balancer mixes every kind of request
	// on one connection, and the HTTP server reads X-Forwarded-For).
	trusted []netip.Prefix
	// handshakeTimeout bounds the TLS handshake and the HTTP/2 preface;
	// firstRequestTimeout the wait for the first request's headers after
	// it (an HTTP/2 client may connect long before its first call).
	handshakeTimeout     time.Duration
	firstRequestTimeout  time.Duration
	maxHeaderBytes       uint32
	maxConcurrentStreams uint32
	logger               *slog.Logger

	http, grpc *chanListener
}

func newConnSorter(inner net.Listener, tlsConfig *tls.Config, cfg Config, logger *slog.Logger) *connSorter {
	s := &connSorter{
		inner:                inner,
		tlsConfig:            tlsConfig,
		trusted:              cfg.TrustedProxies,
		handshakeTimeout:     cfg.ReadHeaderTimeout,
		firstRequestTimeout:  cfg.IdleTimeout,
		maxHeaderBytes:       uint32(min(cfg.MaxHeaderBytes, 1<<31-1)),
		maxConcurrentStreams: uint32(min(cfg.MaxConcurrentStreams, 1<<31-1)),
		logger:               logger,
	}
	var once sync.Once
	var closeErr error
	closeAll := func() error {
		once.Do(func() { closeErr = inner.Close() })
		return closeErr
	}
	s.http = newChanListener(inner.Addr(), closeAll)
	s.grpc = newChanListener(inner.Addr(), closeAll)
	return s
}

// run accepts until the inner listener is closed.
func (s *connSorter) run() {
	backoff := 5 * time.Millisecond
	for {
		c, err := s.inner.Accept()
		if err != nil {
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() || errors.Is(err, syscall.EMFILE) || errors.Is(err, syscall.ENFILE) {
				// Out of descriptors or a transient failure: wait, as
				// http.Server does, rather than spin or stop serving.
				s.logger.Warn("accept failed; retrying", slog.String("error", err.Error()))
				time.Sleep(backoff)
				backoff = min(2*backoff, time.Second)
				continue
			}
			s.http.fail(err)
			s.grpc.fail(err)
			return
		}
		backoff = 5 * time.Millisecond
		go s.sort(c)
	}
}

// sort decides where c goes, or closes it.
func (s *connSorter) sort(c net.Conn) {
	if s.tlsConfig != nil {
		tc := tls.Server(c, s.tlsConfig)
		ctx, cancel := context.WithTimeout(context.Background(), s.handshakeTimeout)
		err := tc.HandshakeContext(ctx)
		cancel()
		if err != nil {
			s.logger.Debug("TLS handshake failed", slog.String("remote_addr", c.RemoteAddr().String()),
				slog.String("error", err.Error()))
			_ = c.Close()
			return
		}
		if tc.ConnectionState().NegotiatedProtocol != http2.NextProtoTLS {
			s.http.deliver(tc) // HTTP/1.1 over TLS
			return
		}
		c = tc
	}
	if peer, ok := parseHost(c.RemoteAddr().String()); ok && isTrusted(peer, s.trusted) {
		s.http.deliver(c) // untouched: a *tls.Conn keeps its ALPN for the HTTP server
		return
	}
	sorted, native, err := s.sniff(c)
	if err != nil {
		s.logger.Debug("connection closed before its first request", slog.String("remote_addr", c.RemoteAddr().String()),
			slog.String("error", err.Error()))
		_ = c.Close()
		return
	}
	if native {
		s.grpc.deliver(sorted)
	} else {
		s.http.deliver(sorted)
	}
}

// sniff reads c up to its first HTTP/2 request and says whether that
// request is native gRPC. The connection it returns replays what was read.
func (s *connSorter) sniff(c net.Conn) (net.Conn, bool, error) {
	_ = c.SetReadDeadline(time.Now().Add(s.handshakeTimeout))
	var read bytes.Buffer
	// The client preface, compared as it arrives: an HTTP/1.1 request
	// differs from its first byte, and may be shorter than the preface.
	preface := make([]byte, len(http2.ClientPreface))
	for n := 0; n < len(preface); {
		m, err := c.Read(preface[n:])
		n += m
		if !bytes.Equal(preface[:n], []byte(http2.ClientPreface)[:n]) {
			return s.replaying(c, preface[:n], true), false, nil
		}
		if err != nil {
			return nil, false, err
		}
	}
	read.Write(preface)

	// The server's connection preface: a SETTINGS frame with the limits
	// both servers announce again in theirs.
	if err := http2.NewFramer(c, nil).WriteSettings(
		http2.Setting{ID: http2.SettingMaxConcurrentStreams, Val: s.maxConcurrentStreams},
		http2.Setting{ID: http2.SettingMaxHeaderListSize, Val: s.maxHeaderBytes},
	); err != nil {
		return nil, false, err
	}
	_ = c.SetReadDeadline(time.Now().Add(s.firstRequestTimeout))
	// Every byte read is held until the connection is handed on, so the
	// reading is bounded: frames no larger than HTTP/2's default (the
	// sorter announces no other), and no more in all than the header limit
	// and some slack (empty CONTINUATION frames pass the header limit).
	limited := &io.LimitedReader{R: c, N: int64(s.maxHeaderBytes) + sniffSlack}
	framer := http2.NewFramer(nil, io.TeeReader(limited, &read))
	framer.SetMaxReadFrameSize(16 << 10)
	framer.ReadMetaHeaders = hpack.NewDecoder(4096, nil)
	framer.MaxHeaderListSize = s.maxHeaderBytes
	acked := false
	for frames := 0; frames < maxFramesBeforeRequest; frames++ {
		start := read.Len()
		f, err := framer.ReadFrame()
		if err != nil {
			if limited.N <= 0 {
				return nil, false, errors.New("too much sent before the first request")
			}
			return nil, false, err
		}
		switch f := f.(type) {
		case *http2.SettingsFrame:
			if f.IsAck() && !acked {
				acked = true
				read.Truncate(start) // the sorter's own SETTINGS was acknowledged
			}
		case *http2.MetaHeadersFrame:
			if f.Truncated {
				return nil, false, errors.New("request header block over the limit")
			}
			_ = c.SetReadDeadline(time.Time{})
			native := false
			for _, field := range f.RegularFields() {
				if field.Name == "content-type" {
					native = isNativeGRPC(field.Value)
				}
			}
			return s.replaying(c, read.Bytes(), acked), native, nil
		}
	}
	_ = c.SetReadDeadline(time.Time{})
	return s.replaying(c, read.Bytes(), acked), false, nil
}

// replaying is c with read put back in front of what is still to come, and
// the client's acknowledgement of the sorter's SETTINGS taken out of it
// unless it was already seen.
func (s *connSorter) replaying(c net.Conn, read []byte, acked bool) net.Conn {
	var rest io.Reader = c
	if !acked {
		rest = &settingsAckDropper{r: c}
	}
	_ = c.SetReadDeadline(time.Time{})
	return &sortedConn{Conn: c, r: io.MultiReader(bytes.NewReader(read), rest), addr: &edgeConnAddr{Addr: c.RemoteAddr(), state: &connState{conn: c}}}
}

// sortedConn is a connection as the sorter hands it on.
type sortedConn struct {
	net.Conn
	r    io.Reader
	addr *edgeConnAddr
}

func (c *sortedConn) Read(p []byte) (int, error) { return c.r.Read(p) }

// RemoteAddr carries the connection's state to the gRPC handlers, which
// see it as their peer's address (see nativeCalls).
func (c *sortedConn) RemoteAddr() net.Addr { return c.addr }

// edgeConnAddr is a client's address with the state of its connection.
type edgeConnAddr struct {
	net.Addr
	state *connState
}

// settingsAckDropper passes HTTP/2 frames through, less the first SETTINGS
// acknowledgement, after which it passes bytes untouched.
type settingsAckDropper struct {
	r       io.Reader
	dropped bool
	pending []byte // the rest of a frame header already read
	payload uint32 // payload bytes of the current frame still to pass
	header  [9]byte
}

func (d *settingsAckDropper) Read(p []byte) (int, error) {
	for {
		switch {
		case d.dropped && len(d.pending) == 0 && d.payload == 0:
			return d.r.Read(p)
		case len(d.pending) > 0:
			n := copy(p, d.pending)
			d.pending = d.pending[n:]
			return n, nil
		case d.payload > 0:
			if uint32(len(p)) > d.payload {
				p = p[:d.payload]
			}
			n, err := d.r.Read(p)
			d.payload -= uint32(n)
			return n, err
		}
		if _, err := io.ReadFull(d.r, d.header[:]); err != nil {
			return 0, err
		}
		length := uint32(d.header[0])<<16 | uint32(d.header[1])<<8 | uint32(d.header[2])
		isAck := http2.FrameType(d.header[3]) == http2.FrameSettings &&
			http2.Flags(d.header[4]).Has(http2.FlagSettingsAck) && length == 0
		if isAck {
			d.dropped = true
			continue
		}
		d.pending = d.header[:]
		d.payload = length
	}
}

// chanListener is one side of the sorter: the connections sorted its way.
type chanListener struct {
	addr     net.Addr
	conns    chan net.Conn
	done     chan struct{}
	once     sync.Once
	err      error
	closeAll func() error
}

func newChanListener(addr net.Addr, closeAll func() error) *chanListener {
	return &chanListener{addr: addr, conns: make(chan net.Conn), done: make(chan struct{}), closeAll: closeAll}
}

func (l *chanListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.done:
		return nil, l.err
	}
}

// deliver hands c to the server accepting here, or closes it when that
// server has stopped.
func (l *chanListener) deliver(c net.Conn) {
	select {
	case l.conns <- c:
	case <-l.done:
		_ = c.Close()
	}
}

func (l *chanListener) fail(err error) {
	l.once.Do(func() {
		l.err = err
		close(l.done)
	})
}

// Close stops both sides: a server that closes its listener is shutting
// down, and the edge with it.
func (l *chanListener) Close() error {
	l.fail(net.ErrClosed)
	return l.closeAll()
}

func (l *chanListener) Addr() net.Addr { return l.addr }
