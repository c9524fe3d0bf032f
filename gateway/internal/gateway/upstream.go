package gateway

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"strings"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/backoff"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/resolver"
	"google.golang.org/grpc/resolver/manual"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/reflect/protoreflect"

	// Client-side health checking (healthCheckConfig below): a replica
	// whose health service says NOT_SERVING (draining on SIGTERM) gets no
	// new calls.
	_ "google.golang.org/grpc/health"
)

// The upstream: one private server, several replicas (a comma-separated
// list, each host:port or unix:/path), or a DNS name (dns:///host:port)
// whose addresses are re-resolved as replicas come and go. Calls are spread
// round robin over the replicas that are connected and serving; an
// idempotent call (a read) that meets UNAVAILABLE is retried on another,
// as is a unary write that carries an Idempotency-Key (the server answers
// a repeat with the first answer).

const upstreamScheme = "stylist-upstream"

// retryAttempts bounds the tries of a retried call (the first included).
const retryAttempts = 4

// dialUpstream makes the connection to the upstream. attempts, where not
// nil, counts the tries of its calls (upstreamstats.go).
func dialUpstream(cfg Config, services []protoreflect.ServiceDescriptor, attempts *upstreamAttempts,
	extra ...grpc.DialOption) (*grpc.ClientConn, error) {
	serviceConfig, err := upstreamServiceConfig(services)
	if err != nil {
		return nil, err
	}
	var options []grpc.DialOption
	if attempts != nil {
		// Its interceptors first: the outermost, around retryKeyedWrites.
		options = append(attempts.interceptors(), grpc.WithStatsHandler(attempts))
	}
	options = append(options, refuseInvalidUTF8()...)
	options = append(options, append([]grpc.DialOption{
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(upstreamMaxMessageBytes)),
		grpc.WithDefaultServiceConfig(serviceConfig),
		// In DNS mode a _grpc_config TXT record must not replace the edge's
		// retry policy and balancing: this config is the only one.
		grpc.WithDisableServiceConfig(),
		grpc.WithChainUnaryInterceptor(retryKeyedWrites),
		// A replica that went away is tried again at most a second apart
		// (grpc-go's default backs off to two minutes), so one that comes
		// back takes calls within about a second of serving.
		grpc.WithConnectParams(grpc.ConnectParams{
			Backoff:           backoff.Config{BaseDelay: 100 * time.Millisecond, Multiplier: 1.6, Jitter: 0.2, MaxDelay: time.Second},
			MinConnectTimeout: 5 * time.Second,
		}),
	}, extra...)...)
	entries := splitList(cfg.Upstream)
	if len(entries) == 1 && strings.HasPrefix(entries[0], "dns:") {
		return grpc.NewClient(entries[0], options...)
	}
	// A fixed list: a resolver of this connection's own, and a dialer that
	// knows unix: addresses.
	addresses := make([]resolver.Address, len(entries))
	for i, entry := range entries {
		addresses[i] = resolver.Address{Addr: entry}
	}
	builder := manual.NewBuilderWithScheme(upstreamScheme)
	builder.InitialState(resolver.State{Addresses: addresses})
	options = append(options, grpc.WithResolvers(builder), grpc.WithContextDialer(dialUpstreamAddress))
	return grpc.NewClient(upstreamScheme+":///upstream", options...)
}

func dialUpstreamAddress(ctx context.Context, addr string) (net.Conn, error) {
	var d net.Dialer
	if path, ok := strings.CutPrefix(addr, "unix:"); ok {
		return d.DialContext(ctx, "unix", strings.TrimPrefix(path, "//"))
	}
	return d.DialContext(ctx, "tcp", addr)
}

// idempotent is true for the methods that read and change nothing, which
// may be tried again after UNAVAILABLE whatever the server did.
func idempotent(name string) bool {
	for _, prefix := range []string{"Get", "List", "Download", "Export", "Check", "Watch", "Search"} {
		if strings.HasPrefix(name, prefix) {
			return true
		}
	}
	return false
}

// upstreamServiceConfig: round robin over healthy replicas, and the retry
// policy of the idempotent methods.
func upstreamServiceConfig(services []protoreflect.ServiceDescriptor) (string, error) {
	type methodName struct {
		Service string `json:"service"`
		Method  string `json:"method"`
	}
	var names []methodName
	seen := map[methodName]bool{}
	add := func(n methodName) {
		if !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	for _, sd := range services {
		for i := 0; i < sd.Methods().Len(); i++ {
			if m := sd.Methods().Get(i); idempotent(string(m.Name())) {
				add(methodName{Service: string(sd.FullName()), Method: string(m.Name())})
			}
		}
	}
	add(methodName{Service: "grpc.health.v1.Health", Method: "Check"})
	config := map[string]any{
		"loadBalancingConfig": []any{map[string]any{"round_robin": map[string]any{}}},
		// Retries stop while most calls fail (a database away), so they
		// do not multiply the load: each failure costs a token, each
		// success gives a tenth back; below half of the 100, nothing is
		// retried. A dead replica's few calls in flight stay well above.
		"retryThrottling":   map[string]any{"maxTokens": 100, "tokenRatio": 0.1},
		"healthCheckConfig": map[string]any{"serviceName": ""},
		"methodConfig": []any{map[string]any{
			"name": names,
			"retryPolicy": map[string]any{
				"maxAttempts":          retryAttempts,
				"initialBackoff":       "0.05s",
				"maxBackoff":           "0.5s",
				"backoffMultiplier":    2,
				"retryableStatusCodes": []string{"UNAVAILABLE"},
			},
		}},
	}
	out, err := json.Marshal(config)
	if err != nil {
		return "", fmt.Errorf("upstream service config: %w", err)
	}
	return string(out), nil
}

// retryKeyedWrites tries a unary call that carries an Idempotency-Key again
// after UNAVAILABLE (a replica gone mid-call): the server keeps the first
// answer under the key, so a write is neither lost nor done twice.
func retryKeyedWrites(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn,
	invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
	md, _ := metadata.FromOutgoingContext(ctx)
	// Not the proxy's raw frames (native gRPC, gRPC-Web, Connect): their
	// bytes go to gRPC, which frees them once sent, so a second try would
	// send nothing; those clients retry with their key themselves. The
	// REST and legacy routes arrive here as messages.
	_, raw := req.(*frame)
	if raw || len(md.Get(idempotencyKeyMetadata)) == 0 || idempotent(method[strings.LastIndexByte(method, '/')+1:]) {
		return invoker(ctx, method, req, reply, cc, opts...)
	}
	backoff := 50 * time.Millisecond
	for attempt := 1; ; attempt++ {
		err := invoker(ctx, method, req, reply, cc, opts...)
		if status.Code(err) != codes.Unavailable || attempt == retryAttempts {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(backoff):
		}
		backoff *= 2
	}
}
