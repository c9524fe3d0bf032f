package chatws

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/coder/websocket"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
)

// echoUpstream accepts the Converse stream: it reads what the edge sends
// and answers each request with an empty response, then ends.
type echoUpstream struct{}

func (echoUpstream) Invoke(context.Context, string, any, any, ...grpc.CallOption) error { return nil }

func (echoUpstream) NewStream(ctx context.Context, _ *grpc.StreamDesc, _ string, _ ...grpc.CallOption) (grpc.ClientStream, error) {
	return &echoStream{ctx: ctx, replies: make(chan struct{}, 16)}, nil
}

type echoStream struct {
	ctx     context.Context
	replies chan struct{}
}

func (s *echoStream) Header() (metadata.MD, error) { return metadata.MD{}, nil }
func (s *echoStream) Trailer() metadata.MD         { return metadata.MD{} }
func (s *echoStream) Context() context.Context     { return s.ctx }
func (s *echoStream) CloseSend() error             { close(s.replies); return nil }
func (s *echoStream) SendMsg(any) error {
	select {
	case s.replies <- struct{}{}:
	default:
	}
	return nil
}
func (s *echoStream) RecvMsg(any) error {
	select {
	case _, ok := <-s.replies:
		if !ok {
			return io.EOF
		}
		return nil
	case <-s.ctx.Done():
		return s.ctx.Err()
	}
}

// FuzzClientFrames sends any frame (text or binary, any bytes) over a real
// WebSocket to the chat route: the edge answers, or closes the socket with
// a close code, and keeps serving; it never panics or hangs. Run long with
// tools/fuzz.sh go:./internal/chatws:FuzzClientFrames 1h.
func FuzzClientFrames(f *testing.F) {
	f.Add(true, []byte(`{"start":{"conversation_id":"c1"}}`))
	f.Add(true, []byte(`{"message":{"text":"what goes with navy trousers?"}}`))
	f.Add(true, []byte(`{"message":{"text":"\u0000"}}`))
	f.Add(false, []byte{0x0a, 0x02, 0x08, 0x01})
	f.Add(true, []byte(`{"unknown":1}`))
	h := New(echoUpstream{}, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	// Served on a Unix socket: a connection an input over TCP would leave
	// its port in TIME_WAIT, and after some 28,000 inputs no port is free
	// (the run stalled at 0 execs/s).
	sock := filepath.Join(f.TempDir(), "chat.sock")
	lis, err := net.Listen("unix", sock)
	if err != nil {
		f.Fatal(err)
	}
	server := &http.Server{Handler: h}
	go server.Serve(lis) //nolint:errcheck // ends with Close
	f.Cleanup(func() { _ = server.Close() })
	client := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "unix", sock)
	}}}
	const url = "ws://edge/ws/chat"
	f.Fuzz(func(t *testing.T, text bool, frame []byte) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		conn, _, err := websocket.Dial(ctx, url, &websocket.DialOptions{
			HTTPClient: client, Subprotocols: []string{"bearer.t", Subprotocol}})
		if err != nil {
			t.Fatalf("dial: %v", err)
		}
		defer conn.CloseNow()
		kind := websocket.MessageBinary
		if text {
			kind = websocket.MessageText
		}
		if err := conn.Write(ctx, kind, frame); err != nil {
			return // closed by the edge already: an answer
		}
		// The edge answers or closes; either is fine, a timeout is not. The
		// connection is then dropped (CloseNow): a closing handshake would
		// wait for the edge's echo, seconds an input, for nothing.
		if _, _, err := conn.Read(ctx); err != nil && ctx.Err() != nil {
			t.Fatalf("no answer and no close within 5 s for %q", frame)
		}
	})
}
