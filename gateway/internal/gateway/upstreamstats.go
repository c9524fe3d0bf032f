package gateway

import (
	"context"
	"strings"
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"
	"google.golang.org/grpc"
	"google.golang.org/grpc/stats"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// upstreamAttempts counts the tries of the calls the edge makes upstream:
// the first of each call, and each one after it, whether grpc-go's retry
// policy made it (an idempotent method after UNAVAILABLE, upstream.go),
// retryKeyedWrites did (a write with an Idempotency-Key), or grpc-go
// retried transparently (a try that never reached a server).
//
// grpc-go reports every try to the connection's stats handler as a
// stats.Begin; which call a try belongs to, it does not say. So the
// connection's outermost interceptors give each call a counter in its
// context, which every try's context inherits: the first try counts 1.
type upstreamAttempts struct {
	attempts *prometheus.CounterVec
	services map[string]bool // the label values; others are "other"
}

// The attempt label's values.
const (
	attemptFirst       = "first"
	attemptRetry       = "retry"
	attemptTransparent = "transparent"
)

func newUpstreamAttempts(services []protoreflect.ServiceDescriptor) *upstreamAttempts {
	known := map[string]bool{"grpc.health.v1.Health": true}
	for _, sd := range services {
		known[string(sd.FullName())] = true
	}
	return &upstreamAttempts{
		attempts: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "stylist_edge_upstream_attempts_total",
			Help: "Tries of the calls the edge made upstream, by service and attempt (first: a call's first " +
				"try; retry: a try again after UNAVAILABLE, by the retry policy of the idempotent methods or " +
				"of a write with an Idempotency-Key; transparent: grpc's own retry of a try that never " +
				"reached a server)",
		}, []string{"service", "attempt"}),
		services: known,
	}
}

// callTries is a call's count of its tries so far.
type callTriesKey struct{}

// withCallTries gives the call in ctx a count of its tries, unless it has
// one (retryKeyedWrites calls the invoker again with the same context).
func withCallTries(ctx context.Context) context.Context {
	if _, ok := ctx.Value(callTriesKey{}).(*atomic.Int32); ok {
		return ctx
	}
	return context.WithValue(ctx, callTriesKey{}, new(atomic.Int32))
}

// interceptors are the connection's outermost ones: ahead of
// retryKeyedWrites, so that its tries are one call's.
func (u *upstreamAttempts) interceptors() []grpc.DialOption {
	return []grpc.DialOption{
		grpc.WithChainUnaryInterceptor(func(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn,
			invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
			return invoker(withCallTries(ctx), method, req, reply, cc, opts...)
		}),
		grpc.WithChainStreamInterceptor(func(ctx context.Context, desc *grpc.StreamDesc, cc *grpc.ClientConn,
			method string, streamer grpc.Streamer, opts ...grpc.CallOption) (grpc.ClientStream, error) {
			return streamer(withCallTries(ctx), desc, cc, method, opts...)
		}),
	}
}

// service is the service label of a full method name: a known service, or
// "other" (the proxy forwards methods it has no descriptor of, whatever a
// client names).
func (u *upstreamAttempts) service(fullMethod string) string {
	service, _, _ := strings.Cut(strings.TrimPrefix(fullMethod, "/"), "/")
	if u.services[service] {
		return service
	}
	return "other"
}

type attemptServiceKey struct{}

// TagRPC is called for each try, before its Begin.
func (u *upstreamAttempts) TagRPC(ctx context.Context, info *stats.RPCTagInfo) context.Context {
	return context.WithValue(ctx, attemptServiceKey{}, u.service(info.FullMethodName))
}

// HandleRPC counts each try as it begins.
func (u *upstreamAttempts) HandleRPC(ctx context.Context, s stats.RPCStats) {
	begin, ok := s.(*stats.Begin)
	if !ok || !begin.Client {
		return
	}
	tries, ok := ctx.Value(callTriesKey{}).(*atomic.Int32)
	if !ok {
		return // not a call made through the interceptors
	}
	attempt := attemptFirst
	if n := tries.Add(1); begin.IsTransparentRetryAttempt {
		attempt = attemptTransparent
	} else if n > 1 {
		attempt = attemptRetry
	}
	service, _ := ctx.Value(attemptServiceKey{}).(string)
	u.attempts.WithLabelValues(service, attempt).Inc()
}

func (u *upstreamAttempts) TagConn(ctx context.Context, _ *stats.ConnTagInfo) context.Context {
	return ctx
}

func (u *upstreamAttempts) HandleConn(context.Context, stats.ConnStats) {}
