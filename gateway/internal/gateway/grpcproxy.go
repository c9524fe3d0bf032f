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
	"google.golang.org/protobuf/reflect/protoreflect"
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
	// methods has every known method: its request type for the UTF-8
	// check (utf8check.go) and whether it is unary. Other methods pass
	// unchecked, as streams.
	methods map[string]protoreflect.MethodDescriptor
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
	md := p.methods[method]
	if md != nil && !md.IsStreamingClient() && !md.IsStreamingServer() {
		return p.unary(method, md.Input(), serverStream)
	}
	var request protoreflect.MessageDescriptor
	if md != nil {
		request = md.Input()
	}
	ctx, cancel := context.WithCancel(serverStream.Context())
	defer cancel()

	// Two goroutines a call: this one carries upstream → client, forward
	// carries client → upstream. An idle stream costs little more than
	// their stacks.
	f := &forward{
		from:     serverStream,
		request:  request,
		first:    make(chan error, 1),
		opened:   make(chan grpc.ClientStream, 1),
		finished: make(chan error, 1),
		cancel:   cancel,
	}
	go f.run()

	// The upstream call is opened once the client's first message (or its
	// half-close) has arrived, or after a short grace for clients that wait
	// for the response headers before they send: a stream that is opened
	// and at once reset (HTTP/2 rapid reset) costs the server nothing.
	grace := time.NewTimer(upstreamOpenGrace)
	select {
	case err := <-f.first:
		grace.Stop()
		if err != nil && !errors.Is(err, io.EOF) {
			close(f.opened)
			return err // e.g. a message over the size limit
		}
		f.first <- err // for forward, which reads it again below
	case <-grace.C:
	case <-ctx.Done():
		grace.Stop()
		close(f.opened)
		return status.FromContextError(ctx.Err()).Err()
	}

	upstreamCtx := metadata.NewOutgoingContext(ctx, forwardedMetadata(ctx))
	clientStream, err := p.upstream.NewStream(upstreamCtx, bidiStream, method, grpc.ForceCodecV2(rawCodec{}))
	if err != nil {
		close(f.opened)
		return upstreamError(err)
	}
	f.opened <- clientStream

	// The upstream's response headers go to the client as soon as they
	// come, before any message (a client may wait for them); when the call
	// fails instead, RecvMsg below reports why.
	upstreamHeader, headerErr := clientStream.Header()
	if header := answerHeader(ctx, upstreamHeader); len(header) > 0 {
		if headerErr != nil {
			_ = serverStream.SetHeader(header) // goes with the status
		} else if err := serverStream.SendHeader(header); err != nil {
			return err
		}
	}
	for {
		msg := &frame{}
		err := clientStream.RecvMsg(msg)
		if err != nil {
			// When the client's side failed, that is the call's status
			// (forward cancelled the upstream call, hence this error).
			select {
			case clientErr := <-f.finished:
				if clientErr != nil {
					return clientErr
				}
			default:
			}
			serverStream.SetTrailer(clientStream.Trailer())
			if errors.Is(err, io.EOF) {
				return nil
			}
			return upstreamError(err)
		}
		if err := serverStream.SendMsg(msg); err != nil {
			msg.data.Free()
			return err // the client went away; cancel (deferred) ends the upstream call
		}
	}
}

// unary forwards a call of a method known to be unary on the calling
// goroutine: read the one request, make the upstream call, answer. The
// upstream call starts only once the whole request has arrived, so a
// stream reset before that (rapid reset) never reaches the server.
func (p *grpcProxy) unary(method string, request protoreflect.MessageDescriptor, serverStream grpc.ServerStream) error {
	req := &frame{}
	if err := serverStream.RecvMsg(req); err != nil {
		if errors.Is(err, io.EOF) {
			return status.Errorf(codes.InvalidArgument, "%s is unary: send one request message", method)
		}
		return err
	}
	if err := checkUTF8(request, req); err != nil {
		return err
	}
	ctx := serverStream.Context()
	var header, trailer metadata.MD
	resp := &frame{}
	err := p.upstream.Invoke(metadata.NewOutgoingContext(ctx, forwardedMetadata(ctx)), method, req, resp,
		grpc.ForceCodecV2(rawCodec{}), grpc.Header(&header), grpc.Trailer(&trailer))
	if header := answerHeader(ctx, header); len(header) > 0 {
		_ = serverStream.SetHeader(header) // sent with the answer, or with the status
	}
	serverStream.SetTrailer(trailer)
	if err != nil {
		if ctx.Err() != nil {
			return status.FromContextError(ctx.Err()).Err()
		}
		return upstreamError(err)
	}
	if err := serverStream.SendMsg(resp); err != nil {
		resp.data.Free()
		return err
	}
	return nil
}

// checkUTF8 refuses a message of type request (when known) whose text is
// not UTF-8, freeing it.
func checkUTF8(request protoreflect.MessageDescriptor, msg *frame) error {
	if request == nil {
		return nil
	}
	var raw []byte
	if len(msg.data) == 1 {
		raw = msg.data[0].ReadOnlyData()
	} else {
		raw = msg.data.Materialize()
	}
	if field := invalidUTF8(request, raw, 0); field != "" {
		msg.data.Free()
		msg.data = nil
		return invalidUTF8Status(field)
	}
	return nil
}

// forward carries one call's messages from the client to the upstream.
type forward struct {
	from grpc.ServerStream
	// first has the outcome of receiving the client's first message (nil,
	// io.EOF or an error); handle puts it back when it took it.
	first chan error
	// opened has the upstream call, or is closed when there is none.
	opened chan grpc.ClientStream
	// finished has nil after the client's half-close reached the upstream,
	// or why the client's side failed.
	finished chan error
	cancel   context.CancelFunc
	msg      *frame
	// request is the type of the client's messages, when known.
	request protoreflect.MessageDescriptor
}

// receive reads the client's next message, refusing one whose text is not
// UTF-8.
func (f *forward) receive() error {
	if err := f.from.RecvMsg(f.msg); err != nil {
		return err
	}
	return checkUTF8(f.request, f.msg)
}

func (f *forward) run() {
	f.msg = &frame{}
	f.first <- f.receive()
	to, ok := <-f.opened
	if !ok {
		f.msg.data.Free()
		return
	}
	err := <-f.first
	for {
		if err != nil {
			if errors.Is(err, io.EOF) {
				f.finished <- to.CloseSend()
				return
			}
			f.finished <- err
			f.cancel() // the client's side failed: stop the upstream call
			return
		}
		if err := to.SendMsg(f.msg); err != nil {
			f.msg.data.Free()
			// The upstream ended the call (io.EOF) or failed; either way
			// its status comes through handle's RecvMsg.
			f.finished <- nil
			return
		}
		f.msg = &frame{}
		err = f.receive()
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
// rewrite of the HTTP layer), its user agent, and on native connections the
// request ID nativeCalls chose.
func forwardedMetadata(ctx context.Context) metadata.MD {
	in, _ := metadata.FromIncomingContext(ctx)
	out := make(metadata.MD, len(in)+1)
	for k, v := range in {
		if hopByHop[k] || strings.HasPrefix(k, ":") {
			continue
		}
		out[k] = v
	}
	if id, ok := ctx.Value(requestIDKey{}).(string); ok {
		out.Set(requestIDMetadata, id)
	}
	if p, ok := peer.FromContext(ctx); ok && p.Addr != nil {
		if host, _, err := net.SplitHostPort(p.Addr.String()); err == nil {
			out.Set(clientAddressKey, host)
		}
	}
	return out
}
