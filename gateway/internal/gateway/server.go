// Package gateway serves the Stylist gRPC API as JSON over HTTP: the routes
// generated from the google.api.http annotations, the OpenAPI document, a
// docs page and a health check of the upstream.
package gateway

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/protobuf/encoding/protojson"

	stylistv1 "github.com/stylist/stylist/gateway/gen/stylist/v1"
	"github.com/stylist/stylist/gateway/internal/chatws"
	"github.com/stylist/stylist/gateway/internal/legacy"

	// Registers google.rpc.ErrorInfo, BadRequest and the other standard error
	// details, so that the details of an upstream status can be written as
	// JSON (an Any whose type is not linked in cannot be).
	_ "google.golang.org/genproto/googleapis/rpc/errdetails"
)

const (
	// upstreamMaxMessageBytes bounds one gRPC message from the upstream
	// (grpc-go's default is 4 MiB; exports and plans can be larger).
	upstreamMaxMessageBytes = 64 << 20
	readHeaderTimeout       = 10 * time.Second
	idleTimeout             = 120 * time.Second
	// writeTimeoutMargin leaves time to write an error after the upstream
	// deadline has passed.
	writeTimeoutMargin = 10 * time.Second
)

// registrations lists every service with HTTP annotations.
var registrations = []func(context.Context, *runtime.ServeMux, *grpc.ClientConn) error{
	stylistv1.RegisterUserServiceHandler,
	stylistv1.RegisterWardrobeServiceHandler,
	stylistv1.RegisterChatServiceHandler,
	stylistv1.RegisterAnalysisServiceHandler,
	stylistv1.RegisterPlanServiceHandler,
}

// Server is the gateway: one client connection to the upstream and the HTTP
// handler in front of it.
type Server struct {
	cfg     Config
	logger  *slog.Logger
	conn    *grpc.ClientConn
	handler http.Handler
}

// New prepares the gateway. It does not contact the upstream: the connection
// is made on first use and re-made as needed, so the gateway can start before
// the server does (and /healthz says 503 until it is up).
func New(cfg Config, logger *slog.Logger) (*Server, error) {
	conn, err := grpc.NewClient(cfg.Upstream,
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(upstreamMaxMessageBytes)),
	)
	if err != nil {
		return nil, fmt.Errorf("upstream %s: %w", cfg.Upstream, err)
	}
	api := newAPIMux()
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
	routes.Handle("GET /docs", docsHandler())
	// The legacy AI-stylist REST API, on the same port (its own shapes).
	legacyRoutes := withDeadline(cfg.RequestTimeout, legacy.New(conn))
	for _, pattern := range legacy.Patterns() {
		routes.Handle(pattern, legacyRoutes)
	}
	// The chat WebSocket: long-lived, so without the per-request deadline.
	routes.Handle("GET /ws/chat", chatws.New(conn, logger, cfg.WSOrigins))
	routes.Handle("/", withDeadline(cfg.RequestTimeout, api))

	handler := withBodyLimit(cfg.MaxBodyBytes, routes)
	handler = withAccessLog(logger, handler)
	handler = withRequestID(handler)
	return &Server{cfg: cfg, logger: logger, conn: conn, handler: handler}, nil
}

// newAPIMux is grpc-gateway's router with our wire conventions: proto field
// names (snake_case) in JSON, every field written even when empty, and only
// the allow-listed headers crossing to and from gRPC metadata. Errors use
// grpc-gateway's default handler: the google.rpc.Status as JSON (code,
// message, details) with the HTTP status mapped from the gRPC code.
func newAPIMux() *runtime.ServeMux {
	marshaler := &runtime.HTTPBodyMarshaler{
		Marshaler: &runtime.JSONPb{
			MarshalOptions: protojson.MarshalOptions{
				UseProtoNames:   true,
				EmitUnpopulated: true,
			},
			UnmarshalOptions: protojson.UnmarshalOptions{
				// Newer clients may send fields an older server lacks.
				DiscardUnknown: true,
			},
		},
	}
	return runtime.NewServeMux(
		runtime.WithMarshalerOption(runtime.MIMEWildcard, marshaler),
		runtime.WithIncomingHeaderMatcher(incomingHeaderMatcher),
		runtime.WithOutgoingHeaderMatcher(outgoingHeaderMatcher),
	)
}

// Handler is the complete HTTP handler, for tests and embedding.
func (s *Server) Handler() http.Handler { return s.handler }

// Serve answers HTTP on lis until ctx is done, then stops accepting, lets
// in-flight requests finish within the shutdown timeout and returns. It
// returns nil after a clean shutdown.
func (s *Server) Serve(ctx context.Context, lis net.Listener) error {
	srv := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: readHeaderTimeout,
		// A whole body of MaxBodyBytes must fit in the request timeout.
		ReadTimeout:  s.cfg.RequestTimeout,
		WriteTimeout: s.cfg.RequestTimeout + writeTimeoutMargin,
		IdleTimeout:  idleTimeout,
		ErrorLog:     slog.NewLogLogger(s.logger.Handler(), slog.LevelWarn),
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(lis) }()

	select {
	case err := <-served:
		return fmt.Errorf("serving HTTP: %w", err)
	case <-ctx.Done():
	}
	s.logger.Info("shutting down", slog.Duration("grace", s.cfg.ShutdownTimeout))
	shutdownCtx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	err := srv.Shutdown(shutdownCtx)
	if serveErr := <-served; !errors.Is(serveErr, http.ErrServerClosed) {
		err = errors.Join(err, serveErr)
	}
	if err != nil {
		return fmt.Errorf("shutting down: %w", err)
	}
	return nil
}

// Close releases the upstream connection.
func (s *Server) Close() error { return s.conn.Close() }

// withDeadline bounds every upstream call made for a request. grpc-gateway
// also honours a shorter Grpc-Timeout header from the client.
func withDeadline(timeout time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), timeout)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}
