package gateway

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/propagation"
	sdkresource "go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
)

// Tracing: every request the edge answers is a span of a W3C trace, the
// client's when it sends a valid traceparent, else a new one. The span's
// context goes upstream as traceparent on every call the edge makes for the
// request (traceUpstream), so the server's log lines carry the same trace
// id; the edge's log lines carry it too (traceLogHandler). With an OTLP
// endpoint configured (-otlp-endpoint) the spans are exported there.

// traceContext reads and writes traceparent and tracestate headers.
var traceContext = propagation.TraceContext{}

// edgeTracing is the edge's tracer and what stops its exporter.
type edgeTracing struct {
	provider *sdktrace.TracerProvider
	tracer   trace.Tracer
}

func newEdgeTracing(cfg Config) (*edgeTracing, error) {
	options := []sdktrace.TracerProviderOption{
		// A client's sampling decision is kept; a new trace is sampled.
		sdktrace.WithSampler(sdktrace.ParentBased(sdktrace.AlwaysSample())),
		sdktrace.WithResource(sdkresource.NewSchemaless(attribute.String("service.name", "stylist-edge"))),
	}
	if cfg.OTLPEndpoint != "" {
		// A collector's base URL gets OTLP's traces path, as
		// OTEL_EXPORTER_OTLP_ENDPOINT does; a URL with a path is used as is.
		endpoint := cfg.OTLPEndpoint
		if u, err := url.Parse(endpoint); err == nil && (u.Path == "" || u.Path == "/") {
			endpoint = strings.TrimSuffix(endpoint, "/") + "/v1/traces"
		}
		exporter, err := otlptracehttp.New(context.Background(), otlptracehttp.WithEndpointURL(endpoint))
		if err != nil {
			return nil, fmt.Errorf("otlp-endpoint %s: %w", cfg.OTLPEndpoint, err)
		}
		// Batched: a request never waits for the collector; when it is
		// slow or away, spans beyond the queue are dropped, not held.
		options = append(options, sdktrace.WithBatcher(exporter, sdktrace.WithBatchTimeout(2*time.Second)))
	}
	provider := sdktrace.NewTracerProvider(options...)
	return &edgeTracing{provider: provider, tracer: provider.Tracer("github.com/stylist/stylist/gateway")}, nil
}

// shutdown sends the spans still queued, within ctx.
func (t *edgeTracing) shutdown(ctx context.Context) error { return t.provider.Shutdown(ctx) }

// start begins the server span of a request whose trace context (if any)
// is in carrier.
func (t *edgeTracing) start(ctx context.Context, carrier propagation.TextMapCarrier) (context.Context, trace.Span) {
	ctx = traceContext.Extract(ctx, carrier)
	return t.tracer.Start(ctx, "request", trace.WithSpanKind(trace.SpanKindServer))
}

// withObservation makes each HTTP request a span and times it for the
// metrics (the native gRPC connections: nativeCalls). Both are named when
// the request ends, from the labels the routers fill in, and share one
// reading of its answer.
func withObservation(t *edgeTracing, m *edgeMetrics, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		labels := &requestLabels{}
		ctx := context.WithValue(r.Context(), requestLabelsKey{}, labels)
		ctx, span := t.start(ctx, propagation.HeaderCarrier(r.Header))
		defer span.End()
		hw := &hookWriter{ResponseWriter: w}
		next.ServeHTTP(hw, r.WithContext(ctx))
		protocol, route := labels.names()
		code := responseCode(hw)
		m.observe(protocol, route, code, time.Since(start))
		span.SetName(route)
		span.SetAttributes(
			attribute.String("http.request.method", r.Method),
			attribute.String("http.route", route),
			attribute.String("stylist.protocol", protocol),
			attribute.String("stylist.code", code),
		)
		if hw.statusCode() >= 500 || isServerFault(code) {
			span.SetStatus(codes.Error, code)
		}
		if n, err := strconv.Atoi(code); err == nil {
			span.SetAttributes(attribute.Int("http.response.status_code", n))
		}
	})
}

// isServerFault is true for the gRPC codes that are the server's fault.
func isServerFault(code string) bool {
	switch code {
	case "INTERNAL", "UNAVAILABLE", "UNKNOWN", "DATA_LOSS", "DEADLINE_EXCEEDED":
		return true
	}
	return false
}

// traceUpstream puts the span of the request in ctx on every upstream call
// as its traceparent (and tracestate), replacing what the client sent: the
// server's parent is the edge's span.
func traceUpstream() []grpc.DialOption {
	inject := func(ctx context.Context) context.Context {
		if !trace.SpanContextFromContext(ctx).IsValid() {
			return ctx
		}
		md, _ := metadata.FromOutgoingContext(ctx)
		md = md.Copy()
		delete(md, "traceparent")
		delete(md, "tracestate")
		traceContext.Inject(ctx, metadataCarrier(md))
		return metadata.NewOutgoingContext(ctx, md)
	}
	return []grpc.DialOption{
		grpc.WithChainUnaryInterceptor(func(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn,
			invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
			return invoker(inject(ctx), method, req, reply, cc, opts...)
		}),
		grpc.WithChainStreamInterceptor(func(ctx context.Context, desc *grpc.StreamDesc, cc *grpc.ClientConn,
			method string, streamer grpc.Streamer, opts ...grpc.CallOption) (grpc.ClientStream, error) {
			return streamer(inject(ctx), desc, cc, method, opts...)
		}),
	}
}

// metadataCarrier lets the propagators read and write gRPC metadata.
type metadataCarrier metadata.MD

func (c metadataCarrier) Get(key string) string {
	if v := metadata.MD(c).Get(key); len(v) > 0 {
		return v[0]
	}
	return ""
}

func (c metadataCarrier) Set(key, value string) { metadata.MD(c).Set(key, value) }

func (c metadataCarrier) Keys() []string {
	keys := make([]string, 0, len(c))
	for k := range c {
		keys = append(keys, k)
	}
	return keys
}

// traceLogHandler adds the trace id of the span in a record's context to
// every log line logged with one.
type traceLogHandler struct{ slog.Handler }

func (h traceLogHandler) Handle(ctx context.Context, r slog.Record) error {
	if sc := trace.SpanContextFromContext(ctx); sc.IsValid() {
		r.AddAttrs(slog.String("trace_id", sc.TraceID().String()))
	}
	return h.Handler.Handle(ctx, r)
}

func (h traceLogHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return traceLogHandler{h.Handler.WithAttrs(attrs)}
}

func (h traceLogHandler) WithGroup(name string) slog.Handler {
	return traceLogHandler{h.Handler.WithGroup(name)}
}

// withTraceIDs returns logger with trace ids added to its lines.
func withTraceIDs(logger *slog.Logger) *slog.Logger {
	if _, done := logger.Handler().(traceLogHandler); done {
		return logger
	}
	return slog.New(traceLogHandler{logger.Handler()})
}
