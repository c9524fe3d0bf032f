package gateway

import (
	"context"
	"errors"
	"io"
	"net"
	"strings"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/mem"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/peer"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/durationpb"
)

// clientAddressKey is the metadata the edge alone sets: the address of the
// client as the edge resolved it (see clientaddr.go). Any copy a client sends
// is dropped before its call is forwarded; the server believes it only from
// the peers in its STYLIST_TRUSTED_PROXIES.
const clientAddressKey = "x-forwarded-for"

// frame is one gRPC message, still encoded: the proxy never decodes what it
// forwards, so every service (reflection and health included) passes
// through, whatever its schema.
type frame struct{ data mem.BufferSlice }

// rawCodec hands the proxy the message bytes as they came. It is named
// "proto" so that the upstream sees an ordinary application/grpc call.
type rawCodec struct{}

func (rawCodec) Name() string { return "proto" }

// Marshal gives gRPC the reference Unmarshal took; gRPC frees it once sent.
func (rawCodec) Marshal(v any) (mem.BufferSlice, error) {
	f, ok := v.(*frame)
	if !ok {
		return nil, status.Errorf(codes.Internal, "proxy codec: unexpected message type %T", v)
	}
	data := f.data
	f.data = nil
	return data, nil
}

// Unmarshal keeps the received buffers (gRPC frees its own reference when
// this returns) until Marshal passes them on.
func (rawCodec) Unmarshal(data mem.BufferSlice, v any) error {
	f, ok := v.(*frame)
	if !ok {
		return status.Errorf(codes.Internal, "proxy codec: unexpected message type %T", v)
	}
	data.Ref()
	f.data = data
	return nil
}

// grpcProxy forwards every gRPC call it receives to the upstream connection,
// message by message in both directions: the four streaming kinds pass with
// flow control (a message is read from one side only when the other took the
// previous one), the client's deadline and cancellation, its metadata less
// the hop-by-hop and edge-only keys, and the upstream's headers, trailers and
// status (details included).
type grpcProxy struct {
	upstream *grpc.ClientConn
}

var bidiStream = &grpc.StreamDesc{ServerStreams: true, ClientStreams: true}

// upstreamOpenGrace is how long the proxy waits for a call's first message
// before it opens the upstream call anyway. Rapid-reset streams are reset
// within microseconds; a client that waits for headers first waits this
// much longer for them.
const upstreamOpenGrace = 20 * time.Millisecond

func (p *grpcProxy) handle(_ any, serverStream grpc.ServerStream) error {
	method, ok := grpc.MethodFromServerStream(serverStream)
	if !ok {
		return status.Error(codes.Internal, "proxy: no method name on the stream")
	}
	// The upstream call is opened once the client's first message (or its
	// half-close) has arrived, or after a short grace for clients that wait
	// for the response headers before they send: a stream that is opened
	// and at once reset (HTTP/2 rapid reset) costs the server nothing.
	first := &frame{}
	firstReceived := make(chan error, 1)
	go func() { firstReceived <- serverStream.RecvMsg(first) }()
	var firstErr error
	firstArrived := false
	grace := time.NewTimer(upstreamOpenGrace)
	select {
	case firstErr = <-firstReceived:
		firstArrived = true
	case <-grace.C:
	case <-serverStream.Context().Done():
		grace.Stop()
		return status.FromContextError(serverStream.Context().Err()).Err()
	}
	grace.Stop()
	if firstArrived && firstErr != nil && !errors.Is(firstErr, io.EOF) {
		return firstErr
	}

	ctx, cancel := context.WithCancel(serverStream.Context())
	defer cancel()
	ctx = metadata.NewOutgoingContext(ctx, forwardedMetadata(ctx))
	clientStream, err := p.upstream.NewStream(ctx, bidiStream, method, grpc.ForceCodecV2(rawCodec{}))
	if err != nil {
		first.data.Free()
		return upstreamError(err)
	}

	// Client → upstream. Ends with nil at the client's half-close.
	toUpstream := make(chan error, 1)
	go func() {
		if !firstArrived {
			firstErr = <-firstReceived
		}
		f, err := first, firstErr
		for {
			if err != nil {
				if errors.Is(err, io.EOF) {
					toUpstream <- clientStream.CloseSend()
					return
				}
				toUpstream <- err // e.g. a message over the size limit, or the client went away
				return
			}
			if err := clientStream.SendMsg(f); err != nil {
				f.data.Free()
				// io.EOF: the upstream ended the call; its status comes
				// through RecvMsg below.
				if errors.Is(err, io.EOF) {
					toUpstream <- nil
				} else {
					toUpstream <- err
				}
				return
			}
			f = &frame{}
			err = serverStream.RecvMsg(f)
		}
	}()

	// Upstream → client.
	toClient := make(chan error, 1)
	go func() {
		// The upstream's response headers go to the client as soon as they
		// come, before any message (a client may wait for them); when the
		// call fails instead, RecvMsg below reports why.
		if md, err := clientStream.Header(); err == nil && len(md) > 0 {
			if err := serverStream.SendHeader(md); err != nil {
				toClient <- err
				return
			}
		}
		for {
			f := &frame{}
			err := clientStream.RecvMsg(f)
			if err != nil {
				serverStream.SetTrailer(clientStream.Trailer())
				if errors.Is(err, io.EOF) {
					toClient <- nil
				} else {
					toClient <- err
				}
				return
			}
			if err := serverStream.SendMsg(f); err != nil {
				f.data.Free()
				toClient <- err
				return
			}
		}
	}()

	for {
		select {
		case err := <-toUpstream:
			if err != nil {
				// The client's side failed: stop the upstream call and
				// answer with why.
				cancel()
				<-toClient
				return err
			}
			toUpstream = nil // half-closed; wait for the upstream's answer
		case err := <-toClient:
			// The upstream finished (or the client stopped reading). Its
			// status is the call's; cancel ends the sender if still running.
			cancel()
			if err == nil {
				return nil
			}
			if _, ok := status.FromError(err); ok {
				return err
			}
			return upstreamError(err)
		}
	}
}

// upstreamError turns a failure to reach the upstream into UNAVAILABLE, the
// status every gRPC client retries.
func upstreamError(err error) error {
	if s, ok := status.FromError(err); ok {
		if s.Code() == codes.Unavailable && len(s.Proto().GetDetails()) == 0 {
			return withRetryHint(s)
		}
		return s.Err()
	}
	return withRetryHint(status.New(codes.Unavailable, "the Stylist server is not reachable; retry shortly"))
}

// withRetryHint adds a google.rpc.RetryInfo to an UNAVAILABLE status,
// telling the client when to try again.
func withRetryHint(st *status.Status) error {
	if withHint, err := st.WithDetails(&errdetails.RetryInfo{RetryDelay: durationpb.New(time.Second)}); err == nil {
		st = withHint
	}
	return st.Err()
}

// hopByHop are the metadata keys that describe the client's connection to
// the edge, not the call, and so are not forwarded. gRPC itself sets the
// content type, user agent, timeout and authority of the upstream call.
var hopByHop = map[string]bool{
	"connection":           true,
	"keep-alive":           true,
	"proxy-connection":     true,
	"transfer-encoding":    true,
	"te":                   true,
	"upgrade":              true,
	"host":                 true,
	":authority":           true,
	"content-type":         true,
	"grpc-timeout":         true,
	"grpc-encoding":        true,
	"grpc-accept-encoding": true,
	clientAddressKey:       true,
	"x-real-ip":            true,
	"forwarded":            true,
}

// forwardedMetadata is the client's metadata as the upstream should see it:
// without hop-by-hop keys or any address the client claimed, with the
// client's address as the edge knows it (its peer, after the trusted-proxy
// rewrite of the HTTP layer) and its user agent.
func forwardedMetadata(ctx context.Context) metadata.MD {
	in, _ := metadata.FromIncomingContext(ctx)
	out := make(metadata.MD, len(in)+1)
	for k, v := range in {
		if hopByHop[k] || strings.HasPrefix(k, ":") {
			continue
		}
		out[k] = v
	}
	if p, ok := peer.FromContext(ctx); ok && p.Addr != nil {
		if host, _, err := net.SplitHostPort(p.Addr.String()); err == nil {
			out.Set(clientAddressKey, host)
		}
	}
	return out
}
