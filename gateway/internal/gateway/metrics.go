package gateway

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// edgeMetrics are the edge's Prometheus metrics, served as /metrics on the
// admin listener (-metrics-listen, never the public port). Each Server has
// a registry of its own, so tests can run several.
type edgeMetrics struct {
	registry *prometheus.Registry
	requests *prometheus.HistogramVec
	refused  *prometheus.CounterVec
	upstream *upstreamAttempts // the tries of the upstream calls
}

// Protocols, as the metrics' protocol label names them.
const (
	protocolGRPC    = "grpc"
	protocolGRPCWeb = "grpc-web"
	protocolConnect = "connect"
	protocolHTTP    = "http" // REST, the legacy routes, /ws/chat, health, docs
)

// Route labels for requests that matched nothing the edge serves (so a
// client cannot mint a series per path it makes up).
const (
	routeUnmatched     = "unmatched"
	routeUnknownMethod = "unknown-method"
)

func newEdgeMetrics(services []protoreflect.ServiceDescriptor) *edgeMetrics {
	m := &edgeMetrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "stylist_edge_request_duration_seconds",
			Help: "Time to answer a request at the edge, by protocol, route (the RPC's full method, or the " +
				"HTTP route's pattern) and code (the gRPC code where the answer carries one, else the HTTP " +
				"status); its _count is the requests by code",
			Buckets: []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30},
		}, []string{"protocol", "route", "code"}),
		refused: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "stylist_edge_connections_refused_total",
			Help: "Connections the edge closed as soon as they were accepted, by reason (per_address: the " +
				"client address already held -max-conns-per-address)",
		}, []string{"reason"}),
		upstream: newUpstreamAttempts(services),
	}
	m.registry.MustRegister(m.requests, m.refused, m.upstream.attempts,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// serve answers /metrics at address until ctx is done. It returns the
// address it listens on (port 0 picks one) once listening.
func (m *edgeMetrics) serve(ctx context.Context, address string, logger *slog.Logger) (net.Addr, error) {
	lis, err := net.Listen("tcp", address)
	if err != nil {
		return nil, fmt.Errorf("metrics listener %s: %w", address, err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{}))
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(lis); err != nil && !errors.Is(err, http.ErrServerClosed) {
			logger.Warn("metrics listener stopped", slog.String("error", err.Error()))
		}
	}()
	go func() {
		<-ctx.Done()
		_ = srv.Close()
	}()
	return lis.Addr(), nil
}

// observe records one answered request.
func (m *edgeMetrics) observe(protocol, route, code string, took time.Duration) {
	m.requests.WithLabelValues(protocol, route, code).Observe(took.Seconds())
}

// requestLabels are filled in while a request is routed: the protocol
// router names the protocol, the routers the route.
type requestLabels struct {
	protocol, route string
}

type requestLabelsKey struct{}

// labelsOf returns the labels withMetrics put in ctx (nil outside it).
func labelsOf(ctx context.Context) *requestLabels {
	l, _ := ctx.Value(requestLabelsKey{}).(*requestLabels)
	return l
}

// nameRoute sets the route label of the request, once: the first router
// that knows it wins (an outer catch-all pattern does not overwrite the
// RPC grpc-gateway found).
func nameRoute(ctx context.Context, route string) {
	if l := labelsOf(ctx); l != nil && l.route == "" {
		l.route = route
	}
}

// names are the labels' protocol and route, with the defaults of a request
// no router claimed.
func (l *requestLabels) names() (protocol, route string) {
	protocol, route = l.protocol, l.route
	if protocol == "" {
		protocol = protocolHTTP
	}
	if route == "" {
		route = routeUnmatched
	}
	return protocol, route
}

// responseCode is the gRPC code of an answer that carries one in its
// header or trailers (native gRPC over HTTP/2), else its HTTP status.
func responseCode(hw *hookWriter) string {
	header := hw.Header()
	for _, key := range []string{"Grpc-Status", http.TrailerPrefix + "Grpc-Status"} {
		if v := header.Get(key); v != "" {
			if n, err := strconv.Atoi(v); err == nil && n >= 0 && n < len(grpcCodeNames) {
				return grpcCodeNames[n]
			}
		}
	}
	return strconv.Itoa(hw.statusCode())
}

// grpcCodeNames are the gRPC codes as the server's metrics name them.
var grpcCodeNames = [...]string{"OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
	"ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE",
	"UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED"}

// grpcCodeName names a code as grpcCodeNames does.
func grpcCodeName(code uint32) string {
	if int(code) < len(grpcCodeNames) {
		return grpcCodeNames[code]
	}
	return "UNKNOWN"
}
