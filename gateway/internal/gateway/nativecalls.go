package gateway

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/peer"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/reflect/protoreflect"

	"go.opentelemetry.io/otel/attribute"
	otelcodes "go.opentelemetry.io/otel/codes"
)

// requestIDKey holds, in a native call's context, the request ID the edge
// sends upstream (in place of the client's, when that was not sane), and
// answers with when the upstream does not.
type requestIDKey struct{}

// nativeCalls does for the calls on the edge's own gRPC connections (see
// connsort.go) what the HTTP middleware does for every HTTP request:
// withRequestID (a sane x-request-id on the way up, exactly one on the way
// back), withResetGuard (a connection that resets most of its streams is
// cut off, and a stream already reset costs no log line and no call) and
// withAccessLog. Calls that came through the HTTP server (gRPC on an HTTP
// connection, and the gRPC-Web and Connect translations) had all of that
// done there, and pass untouched.
func nativeCalls(logger *slog.Logger, metrics *edgeMetrics, tracing *edgeTracing,
	methods map[string]protoreflect.MethodDescriptor) grpc.StreamServerInterceptor {
	return func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
		ctx := ss.Context()
		p, _ := peer.FromContext(ctx)
		var addr *edgeConnAddr
		if p != nil {
			addr, _ = p.Addr.(*edgeConnAddr)
		}
		if addr == nil {
			return handler(srv, ss)
		}
		if ctx.Err() != nil {
			guardResets(logger, addr, true)
			return status.FromContextError(ctx.Err()).Err()
		}

		start := time.Now()
		id := ""
		if ids := metadata.ValueFromIncomingContext(ctx, requestIDMetadata); len(ids) > 0 {
			id = ids[0]
		}
		if !validRequestID(id) {
			id = newRequestID()
		}
		ctx = context.WithValue(ctx, requestIDKey{}, id) // forwardedMetadata sends it up
		route := info.FullMethod
		if methods[route] == nil {
			route = routeUnknownMethod
		}
		md, _ := metadata.FromIncomingContext(ctx)
		ctx, span := tracing.start(ctx, metadataCarrier(md))
		span.SetName(route)
		defer span.End()

		err := handler(srv, &contextStream{ServerStream: ss, ctx: ctx})
		// The stream's context is cancelled before its handler returns only
		// when the client reset it or its connection died.
		reset := errors.Is(ss.Context().Err(), context.Canceled)
		guardResets(logger, addr, reset)
		if !reset {
			code := status.Code(err)
			codeName := grpcCodeName(uint32(code))
			metrics.observe(protocolGRPC, route, codeName, time.Since(start))
			span.SetAttributes(attribute.String("stylist.protocol", protocolGRPC),
				attribute.String("stylist.code", codeName))
			if isServerFault(codeName) {
				span.SetStatus(otelcodes.Error, codeName)
			}
			level := slog.LevelInfo
			if runtime.HTTPStatusFromCode(code) >= 500 {
				level = slog.LevelWarn
			}
			logger.LogAttrs(ctx, level, "grpc request",
				slog.String("method", info.FullMethod),
				slog.String("code", code.String()),
				slog.Duration("duration", time.Since(start)),
				slog.String("request_id", id),
				slog.String("remote_addr", addr.String()),
			)
		}
		return err
	}
}

// guardResets counts one finished stream of addr's connection, and cuts the
// connection off once most of its streams were reset (see resetguard.go).
func guardResets(logger *slog.Logger, addr *edgeConnAddr, reset bool) {
	if addr.state.record(reset) {
		logger.Warn("closing a connection that reset most of its streams", slog.String("remote_addr", addr.String()))
		addr.state.cutOff()
	}
}

// answerHeader is the response header to send a native client: the
// upstream's, with exactly one x-request-id (the upstream's first, or else
// the one the edge sent up).
func answerHeader(ctx context.Context, upstream metadata.MD) metadata.MD {
	id, _ := ctx.Value(requestIDKey{}).(string)
	if id == "" {
		return upstream
	}
	out := upstream.Copy()
	if returned := out.Get(requestIDMetadata); len(returned) > 0 {
		out.Set(requestIDMetadata, returned[0])
	} else {
		out.Set(requestIDMetadata, id)
	}
	return out
}

// contextStream is a server stream with the context the interceptor made.
type contextStream struct {
	grpc.ServerStream
	ctx context.Context
}

func (s *contextStream) Context() context.Context { return s.ctx }
