// Package gateway is the edge: the one public port of Stylist. On it, by
// content type and path, it serves native gRPC (proxied to the private
// stylist-server for every service, reflection and health included),
// gRPC-Web and Connect (translated to gRPC), the REST routes generated from
// the google.api.http annotations, the legacy apps' routes, the chat
// WebSocket, the OpenAPI document, a docs page and a health check.
package gateway

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"sync/atomic"
	"time"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"golang.org/x/net/http2"
	"google.golang.org/grpc"
	"google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/keepalive"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"

	stylistv1 "github.com/stylist/stylist/clients/go/stylist/v1"
	stylistgw "github.com/stylist/stylist/gateway/gen/stylist/v1"
	"github.com/stylist/stylist/gateway/internal/chatws"
	"github.com/stylist/stylist/gateway/internal/compat"
	"github.com/stylist/stylist/gateway/internal/compat/compatutil"

	// Registers google.rpc.ErrorInfo, BadRequest and the other standard error
	// details, so that the details of an upstream status can be written as
	// JSON (an Any whose type is not linked in cannot be).
	_ "google.golang.org/genproto/googleapis/rpc/errdetails"
)

const (
	// upstreamMaxMessageBytes bounds one gRPC message from the upstream
	// (grpc-go's default is 4 MiB; exports and plans can be larger).
	upstreamMaxMessageBytes = 64 << 20
	// grpcStreamWorkers is how many goroutines stay to run the native gRPC
	// calls (more at once get goroutines of their own): a fresh goroutine a
	// call grows its stack on every call, a fifth of the edge's CPU.
	grpcStreamWorkers = 64
	// writeTimeoutMargin leaves time to write an error after the upstream
	// deadline has passed.
	writeTimeoutMargin = 10 * time.Second
)

// registrations lists every service with HTTP annotations.
var registrations = []func(context.Context, *runtime.ServeMux, *grpc.ClientConn) error{
	stylistgw.RegisterUserServiceHandler,
	stylistgw.RegisterWardrobeServiceHandler,
	stylistgw.RegisterChatServiceHandler,
	stylistgw.RegisterAnalysisServiceHandler,
	stylistgw.RegisterPlanServiceHandler,
	stylistgw.RegisterSwapMarketServiceHandler,
	stylistgw.RegisterDatabaseWebhookServiceHandler,
}

// Server is the edge: one client connection to the upstream and the HTTP
// handler in front of it.
type Server struct {
	cfg        Config
	logger     *slog.Logger
	conn       *grpc.ClientConn
	grpcNative *grpc.Server // the connections sorted to grpc-go's transport
	grpcServer *grpc.Server // ServeHTTP: gRPC on the HTTP server's connections
	handler    http.Handler
	metrics    *edgeMetrics
	tracing    *edgeTracing
	// metricsAddr is where /metrics is served, once Serve listens there.
	metricsAddr atomic.Pointer[string]
}

// New prepares the edge. It does not contact the upstream: the connection
// is made on first use and re-made as needed, so the edge can start before
// the server does (and /healthz says 503 until it is up).
func New(cfg Config, logger *slog.Logger) (*Server, error) {
	logger = withTraceIDs(logger)
	tracing, err := newEdgeTracing(cfg)
	if err != nil {
		return nil, err
	}
	services := rpcServices()
	metrics := newEdgeMetrics(services)
	conn, err := dialUpstream(cfg, services, metrics.upstream, traceUpstream()...)
	if err != nil {
		return nil, fmt.Errorf("upstream %s: %w", cfg.Upstream, err)
	}
	bindings := restRoutes(services)
	api := newAPIMux(append(slices.Clone(bindings), photoRouteBindings...))
	for _, register := range registrations {
		// The context only matters for the conn-less variants; with a
		// ClientConn it is unused after registration.
		if err := register(context.Background(), api, conn); err != nil {
			_ = conn.Close()
			return nil, fmt.Errorf("registering handlers: %w", err)
		}
	}

	routes := http.NewServeMux()
	routes.Handle("GET /healthz", healthHandler(grpc_health_v1.NewHealthClient(conn), cfg.HealthTimeout))
	routes.Handle("GET /openapi.json", openAPIHandler())
	registerDocs(routes)
	// The older apps' REST APIs (AI stylist, fitness planner, Skin
	// Chapters), on the same port (their own shapes).
	// Their GET answers revalidate as the v1 routes' do (ETag, 304).
	compatRoutes := withDeadline(cfg.RequestTimeout, withConditionalGet(compat.New(conn)))
	for _, pattern := range compat.Patterns() {
		routes.Handle(pattern, compatRoutes)
	}
	// An item's photo as image bytes and multipart uploads (photos.go),
	// ahead of grpc-gateway's NDJSON stream of the same path.
	photoRoutes{wardrobe: stylistv1.NewWardrobeServiceClient(conn), marshaler: apiMarshaler(),
		timeout: cfg.RequestTimeout, redirect: cfg.PhotoRedirects}.register(routes)
	// The chat WebSocket: long-lived, so without the per-request deadline.
	routes.Handle("GET /ws/chat", chatws.New(conn, logger, cfg.WSOrigins))
	routes.Handle("/", withBodyLimit(cfg.jsonBodyLimit(), withDeadline(cfg.RequestTimeout,
		withStrictQuery(bindings, withConditionalGet(api)))))
	rest := withBodyTimeout(cfg.RequestTimeout, withBodyLimit(cfg.MaxBodyBytes, routeNamed(routes)))

	// Native gRPC: grpc-go servers whose only handler forwards every call
	// upstream. One serves the connections whose first request is native
	// gRPC with its own transport (connsort.go); the other, through
	// ServeHTTP, the gRPC calls on the HTTP server's connections and the
	// gRPC-Web and Connect translations. Two, because a grpc-go server's
	// graceful stop closes the ServeHTTP calls at once: the HTTP server's
	// own shutdown lets those finish first.
	proxy := &grpcProxy{upstream: conn, methods: methodsByPath(services)}
	grpcOptions := []grpc.ServerOption{
		grpc.UnknownServiceHandler(proxy.handle),
		grpc.ForceServerCodecV2(rawCodec{}),
		grpc.MaxRecvMsgSize(int(cfg.MaxMessageBytes)),
		grpc.MaxSendMsgSize(upstreamMaxMessageBytes),
		grpc.StreamInterceptor(nativeCalls(logger, metrics, tracing, proxy.methods)),
		grpc.NumStreamWorkers(grpcStreamWorkers),
		// The limits of the HTTP server (httpServer), for the connections
		// grpc-go's transport serves.
		grpc.MaxConcurrentStreams(uint32(min(cfg.MaxConcurrentStreams, 1<<31-1))),
		grpc.MaxHeaderListSize(uint32(min(cfg.MaxHeaderBytes, 1<<31-1))),
		grpc.ConnectionTimeout(cfg.ReadHeaderTimeout),
		grpc.KeepaliveParams(keepalive.ServerParameters{
			MaxConnectionIdle: cfg.IdleTimeout,
			Time:              cfg.KeepaliveTime,
			Timeout:           cfg.KeepaliveTimeout,
		}),
		grpc.KeepaliveEnforcementPolicy(keepalive.EnforcementPolicy{
			MinTime:             cfg.KeepaliveMinInterval,
			PermitWithoutStream: true,
		}),
	}
	grpcNative := grpc.NewServer(grpcOptions...)
	grpcServer := grpc.NewServer(grpcOptions...)
	webRPC, err := newWebRPC(grpcServer, services, cfg.MaxMessageBytes)
	if err != nil {
		_ = conn.Close()
		return nil, err
	}

	var handler http.Handler = protocolRouter{grpc: grpcServer, webRPC: withNoStore(webRPC), methods: proxy.methods, rest: withNoStore(rest)}
	handler = withCORS(cfg.CORSOrigins, handler)
	handler = withAccessLog(logger, handler)
	handler = withObservation(tracing, metrics, handler)
	handler = withRequestID(handler)
	handler = withClientAddress(cfg.TrustedProxies, handler)
	handler = withResetGuard(logger, handler)
	return &Server{cfg: cfg, logger: logger, conn: conn, grpcNative: grpcNative, grpcServer: grpcServer, handler: handler,
		metrics: metrics, tracing: tracing}, nil
}

// newAPIMux is grpc-gateway's router with our wire conventions: proto field
// names (snake_case) in JSON, every field written even when empty, request
// bodies read strictly (strictjson.go), a wrong method answered 405 with
// Allow (allow.go), ETags and 304s (etag.go), and only
// the allow-listed headers crossing to and from gRPC metadata. Errors use
// grpc-gateway's default handler: the google.rpc.Status as JSON (code,
// message, details) with the HTTP status mapped from the gRPC code.
func newAPIMux(routes []restRoute) *runtime.ServeMux {
	return runtime.NewServeMux(
		runtime.WithMarshalerOption(runtime.MIMEWildcard, apiMarshaler()),
		runtime.WithIncomingHeaderMatcher(incomingHeaderMatcher),
		runtime.WithOutgoingHeaderMatcher(outgoingHeaderMatcher),
		runtime.WithRoutingErrorHandler(routingErrors(routes)),
		runtime.WithForwardResponseOption(resourceETag),
		// The route a request matched, for the metrics.
		runtime.WithMiddlewares(func(next runtime.HandlerFunc) runtime.HandlerFunc {
			return func(w http.ResponseWriter, r *http.Request, params map[string]string) {
				if pattern, ok := runtime.HTTPPattern(r.Context()); ok {
					nameRoute(r.Context(), r.Method+" "+pattern.String())
				}
				next(w, r, params)
			}
		}),
		runtime.WithErrorHandler(func(ctx context.Context, mux *runtime.ServeMux, m runtime.Marshaler,
			w http.ResponseWriter, r *http.Request, err error) {
			st := status.Convert(err)
			compatutil.SetRetryAfter(w.Header(), st) // a 429 says when to come back
			if compatutil.IsTooLarge(st) {
				writeStatus(w, http.StatusRequestEntityTooLarge, st)
				return
			}
			runtime.DefaultHTTPErrorHandler(ctx, mux, m, w, r, err)
		}),
	)
}

// apiMarshaler writes and reads the v1 routes' JSON.
func apiMarshaler() *runtime.HTTPBodyMarshaler {
	return &runtime.HTTPBodyMarshaler{
		Marshaler: strictJSON{&runtime.JSONPb{
			MarshalOptions: protojson.MarshalOptions{
				UseProtoNames:   true,
				EmitUnpopulated: true,
			},
			// Unknown fields and enum names are refused (strictjson.go).
			UnmarshalOptions: protojson.UnmarshalOptions{},
		}},
	}
}

// Handler is the complete HTTP handler, for tests and embedding.
func (s *Server) Handler() http.Handler { return s.handler }

// Serve answers on lis until ctx is done, then stops accepting, lets
// in-flight requests finish within the shutdown timeout and returns. It
// returns nil after a clean shutdown. With a certificate and key configured
// it speaks TLS (ALPN h2 and http/1.1); otherwise HTTP/1.1 and h2c. Each
// connection is served by the HTTP server or by grpc-go's transport, as
// its first request decides (connsort.go).
func (s *Server) Serve(ctx context.Context, lis net.Listener) error {
	var tlsConfig *tls.Config
	if s.cfg.TLSCertFile != "" {
		cert, err := tls.LoadX509KeyPair(s.cfg.TLSCertFile, s.cfg.TLSKeyFile)
		if err != nil {
			return fmt.Errorf("loading the TLS certificate: %w", err)
		}
		tlsConfig = &tls.Config{
			Certificates: []tls.Certificate{cert},
			NextProtos:   []string{http2.NextProtoTLS, "http/1.1"},
			MinVersion:   tls.VersionTLS12,
		}
	}
	if s.cfg.MetricsListen != "off" {
		metricsCtx, stopMetrics := context.WithCancel(context.Background())
		defer stopMetrics()
		addr, err := s.metrics.serve(metricsCtx, s.cfg.MetricsListen, s.logger)
		if err != nil {
			return err
		}
		bound := addr.String()
		s.metricsAddr.Store(&bound)
		s.logger.Info("metrics serving", slog.String("metrics_listen", bound))
	}
	if s.cfg.MaxConnsPerAddress > 0 {
		lis = newPerAddressListener(lis, s.cfg.MaxConnsPerAddress, s.logger,
			s.metrics.refused.WithLabelValues("per_address"))
	}
	sorter := newConnSorter(lis, tlsConfig, s.cfg, s.logger)
	go sorter.run()

	srv := s.httpServer()
	httpServed := make(chan error, 1)
	grpcServed := make(chan error, 1)
	go func() { httpServed <- srv.Serve(sorter.http) }()
	go func() { grpcServed <- s.grpcNative.Serve(sorter.grpc) }()

	var failed error
	select {
	case err := <-httpServed:
		httpServed <- err
		failed = fmt.Errorf("serving HTTP: %w", err)
	case err := <-grpcServed:
		grpcServed <- err
		failed = fmt.Errorf("serving gRPC: %w", err)
	case <-ctx.Done():
		s.logger.Info("shutting down", slog.Duration("grace", s.cfg.ShutdownTimeout))
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	grpcStopped := make(chan struct{})
	go func() {
		// Lets native calls finish, up to the shutdown timeout.
		defer close(grpcStopped)
		graceful := make(chan struct{})
		go func() { s.grpcNative.GracefulStop(); close(graceful) }()
		select {
		case <-graceful:
		case <-shutdownCtx.Done():
			s.grpcNative.Stop()
		}
	}()
	// The HTTP server's requests (the ServeHTTP gRPC calls among them)
	// finish within the timeout, or are cut off when it has passed.
	err := srv.Shutdown(shutdownCtx)
	if errors.Is(err, context.DeadlineExceeded) {
		_ = srv.Close()
	}
	s.grpcServer.Stop()
	<-grpcStopped
	if serveErr := <-httpServed; !errors.Is(serveErr, http.ErrServerClosed) && !errors.Is(serveErr, net.ErrClosed) {
		err = errors.Join(err, serveErr)
	}
	if serveErr := <-grpcServed; serveErr != nil && !errors.Is(serveErr, net.ErrClosed) {
		err = errors.Join(err, serveErr)
	}
	if failed != nil {
		return errors.Join(failed, err)
	}
	if err != nil {
		return fmt.Errorf("shutting down: %w", err)
	}
	return nil
}

// httpServer is the HTTP server of every connection that is not native
// gRPC from its first request (connsort.go), with the edge's connection
// limits. Go's HTTP/2 server, like the current grpc-go transport that
// serves the others with the same limits, carries the fixes for rapid reset
// (CVE-2023-44487) and CONTINUATION floods (CVE-2023-45288: both read
// headers with golang.org/x/net/http2's framer), refuses a stream over
// MaxConcurrentStreams with RST_STREAM without dropping the connection, and
// bounds the header list by MaxHeaderBytes. The reset guard
// (resetguard.go, nativeCalls) watches both.
func (s *Server) httpServer() *http.Server {
	protocols := new(http.Protocols)
	protocols.SetHTTP1(true)
	protocols.SetHTTP2(true)
	// Every connection reaches this server through the sorter, which ends
	// TLS itself: an HTTP/2 connection over TLS arrives as a plain one
	// that starts with the HTTP/2 preface.
	protocols.SetUnencryptedHTTP2(true)
	return &http.Server{
		Handler:           s.handler,
		Protocols:         protocols,
		ConnContext:       withConnState,
		ReadHeaderTimeout: s.cfg.ReadHeaderTimeout,
		// No connection-wide read or write deadline: gRPC and WebSocket
		// streams last as long as the client keeps them. REST bodies get
		// theirs per request (withBodyTimeout).
		IdleTimeout:    s.cfg.IdleTimeout,
		MaxHeaderBytes: int(s.cfg.MaxHeaderBytes),
		HTTP2: &http.HTTP2Config{
			MaxConcurrentStreams: s.cfg.MaxConcurrentStreams,
			// Ping a connection silent for this long; close it when the
			// ping is not answered in time.
			SendPingTimeout: s.cfg.KeepaliveTime,
			PingTimeout:     s.cfg.KeepaliveTimeout,
			// Frames larger than gRPC's 16 KiB default buy nothing here.
			MaxReadFrameSize: 1 << 14,
		},
		ErrorLog: slog.NewLogLogger(s.logger.Handler(), slog.LevelWarn),
	}
}

// Close releases the upstream connection, and sends the spans still
// queued (for at most a few seconds).
func (s *Server) Close() error {
	s.grpcNative.Stop()
	s.grpcServer.Stop()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return errors.Join(s.conn.Close(), s.tracing.shutdown(ctx))
}

// routeNamed names, for the metrics, the pattern of the hand-written route
// a request matched (the REST routes' catch-all "/" leaves that to
// grpc-gateway, which names the RPC's HTTP pattern).
func routeNamed(routes *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		routes.ServeHTTP(w, r)
		if r.Pattern != "" && r.Pattern != "/" { // ServeMux sets r.Pattern
			nameRoute(r.Context(), r.Pattern)
		}
	})
}

// withDeadline bounds every upstream call made for a request. grpc-gateway
// also honours a shorter Grpc-Timeout header from the client.
func withDeadline(timeout time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), timeout)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// withBodyTimeout gives a REST request the time of its upstream deadline to
// send its body and the margin beyond it to receive its answer, so a client
// that trickles a body or never reads holds nothing for longer. The read
// deadline is lifted once the body has been read: on HTTP/1.1 a read that
// times out later would cancel the request. A WebSocket upgrade (/ws/chat)
// is long-lived and keeps its own keepalive instead.
func withBodyTimeout(timeout time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Upgrade") != "" {
			next.ServeHTTP(w, r)
			return
		}
		rc := http.NewResponseController(w)
		now := time.Now()
		_ = rc.SetWriteDeadline(now.Add(timeout + writeTimeoutMargin))
		if r.Body != nil && r.Body != http.NoBody {
			if rc.SetReadDeadline(now.Add(timeout)) == nil {
				r.Body = &deadlineBody{ReadCloser: r.Body, rc: rc}
			}
		}
		next.ServeHTTP(w, r)
	})
}

// deadlineBody lifts the connection's read deadline when its body ends.
type deadlineBody struct {
	io.ReadCloser
	rc     *http.ResponseController
	lifted bool
}

func (b *deadlineBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && !b.lifted {
		b.lifted = true
		_ = b.rc.SetReadDeadline(time.Time{})
	}
	return n, err
}
