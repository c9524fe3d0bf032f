package chatws

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
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
	server := httptest.NewServer(h)
	f.Cleanup(server.Close)
	url := "ws" + strings.TrimPrefix(server.URL, "http")
	f.Fuzz(func(t *testing.T, text bool, frame []byte) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		conn, _, err := websocket.Dial(ctx, url, &websocket.DialOptions{Subprotocols: []string{"bearer.t", Subprotocol}})
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
		// Read until the edge answers or closes; either is fine, a timeout is not.
		for {
			_, _, err := conn.Read(ctx)
			if err != nil {
				if ctx.Err() != nil {
					t.Fatalf("no answer and no close within 5 s for %q", frame)
				}
				return
			}
			_ = conn.Close(websocket.StatusNormalClosure, "")
		}
	})
}
