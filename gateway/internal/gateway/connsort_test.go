package gateway

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/http2"

	stylistv1 "github.com/stylist/stylist/clients/go/stylist/v1"
)

// logBuffer collects the edge's log lines for a test to read.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// lines are the log lines that contain every one of parts.
func (b *logBuffer) lines(parts ...string) []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	for _, line := range strings.Split(b.buf.String(), "\n") {
		all := true
		for _, p := range parts {
			all = all && strings.Contains(line, p)
		}
		if all && line != "" {
			out = append(out, line)
		}
	}
	return out
}

// grpcOverHTTP calls GetProfile as native gRPC through an HTTP client (so on
// whatever connection that client already holds) and returns its
// grpc-status.
func grpcOverHTTP(t *testing.T, client *http.Client, base string) string {
	t.Helper()
	req, err := http.NewRequest("POST", base+"/stylist.v1.UserService/GetProfile", bytes.NewReader([]byte{0, 0, 0, 0, 0}))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/grpc")
	req.Header.Set("TE", "trailers")
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("gRPC over the HTTP client: %v", err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.Trailer.Get("Grpc-Status")
}

func TestEdgeSortsConnectionsByTheirFirstRequest(t *testing.T) {
	up, chat := startFakes(t)
	logs := &logBuffer{}
	e := serveEdgeLogging(t, testConfig(up.addr), up, chat, logs)

	// A gRPC client's connection is served by gRPC's transport, whose calls
	// the edge logs as "grpc request" (the HTTP server's as "http request").
	client := stylistv1.NewUserServiceClient(e.dial(t))
	for i := 0; i < 3; i++ {
		if _, err := client.GetProfile(context.Background(), &stylistv1.GetProfileRequest{}); err != nil {
			t.Fatalf("GetProfile: %v", err)
		}
	}
	if got := logs.lines(`msg="grpc request"`, "method=/stylist.v1.UserService/GetProfile", "code=OK", "request_id="); len(got) != 3 {
		t.Errorf("native gRPC calls logged %d times as grpc requests, want 3:\n%s", len(got), strings.Join(logs.lines(), "\n"))
	}

	// An h2c connection whose first request is REST stays with the HTTP
	// server, for every later request too, native gRPC included. Go's
	// client acknowledges the sorter's SETTINGS after its first request, so
	// this also shows that the acknowledgement never reaches the HTTP/2
	// server (which would close the connection with a protocol error).
	h2c := h2cClient()
	for i := 0; i < 3; i++ {
		resp, body := callWith(t, h2c, "GET", e.url+"/v1/users/me/profile", "", nil)
		if resp.StatusCode != http.StatusOK || resp.ProtoMajor != 2 {
			t.Fatalf("REST over h2c: %d %s: %s", resp.StatusCode, resp.Proto, body)
		}
	}
	if code := grpcOverHTTP(t, h2c, e.url); code != "0" {
		t.Fatalf("gRPC after REST on one connection: grpc-status %q", code)
	}
	if got := logs.lines(`msg="http request"`, "path=/stylist.v1.UserService/GetProfile"); len(got) != 1 {
		t.Errorf("gRPC on the REST connection logged as http request %d times, want 1", len(got))
	}
	if got := logs.lines(`msg="grpc request"`); len(got) != 3 {
		t.Errorf("%d grpc requests logged, want still 3", len(got))
	}
}

func TestEdgeLeavesTrustedProxiesConnectionsToTheHTTPServer(t *testing.T) {
	up, chat := startFakes(t)
	logs := &logBuffer{}
	cfg := testConfig(up.addr)
	cfg.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
	e := serveEdgeLogging(t, cfg, up, chat, logs)
	// A load balancer mixes every kind of request on its connections, and
	// its X-Forwarded-For is read by the HTTP server: the sorter leaves its
	// connections unsorted, native gRPC first or not.
	client := stylistv1.NewUserServiceClient(e.dial(t))
	if _, err := client.GetProfile(context.Background(), &stylistv1.GetProfileRequest{}); err != nil {
		t.Fatalf("GetProfile: %v", err)
	}
	if got := logs.lines(`msg="http request"`, "path=/stylist.v1.UserService/GetProfile"); len(got) != 1 {
		t.Errorf("gRPC from a trusted proxy logged as http request %d times, want 1:\n%s", len(got), strings.Join(logs.lines(), "\n"))
	}
	if resp, body := callWith(t, h2cClient(), "GET", e.url+"/v1/users/me/profile", "", nil); resp.StatusCode != http.StatusOK {
		t.Fatalf("REST from a trusted proxy: %d %s", resp.StatusCode, body)
	}
}

func TestEdgeClosesGRPCClientsThatPingTooOften(t *testing.T) {
	e := startEdge(t, func(c *Config) { c.KeepaliveMinInterval = time.Minute })
	raw := dialRawH2(t, e.addr)
	block := raw.grpcHeaders("/stylist.v1.ChatService/Converse")
	if err := raw.framer.WriteHeaders(http2.HeadersFrameParam{StreamID: 1, BlockFragment: block, EndHeaders: true}); err != nil {
		t.Fatal(err)
	}
	// Pings far more often than once a minute: the third strike is a
	// GOAWAY "too_many_pings" and the end of the connection.
	for i := 0; i < 5; i++ {
		if err := raw.framer.WritePing(false, [8]byte{byte(i)}); err != nil {
			break
		}
	}
	_ = raw.conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	for {
		f, err := raw.framer.ReadFrame()
		if err != nil {
			t.Fatalf("the connection ended without GOAWAY: %v", err)
		}
		if away, ok := f.(*http2.GoAwayFrame); ok {
			if away.ErrCode != http2.ErrCodeEnhanceYourCalm || string(away.DebugData()) != "too_many_pings" {
				t.Errorf("GOAWAY %v %q, want ENHANCE_YOUR_CALM too_many_pings", away.ErrCode, away.DebugData())
			}
			return
		}
	}
}

// frames encodes HTTP/2 frames with write and returns their bytes.
func frames(t *testing.T, write func(f *http2.Framer) error) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := write(http2.NewFramer(&b, nil)); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestSettingsAckDropperTakesOutTheFirstAcknowledgementOnly(t *testing.T) {
	settings := frames(t, func(f *http2.Framer) error {
		return f.WriteSettings(http2.Setting{ID: http2.SettingInitialWindowSize, Val: 1 << 20})
	})
	ack := frames(t, func(f *http2.Framer) error { return f.WriteSettingsAck() })
	ping := frames(t, func(f *http2.Framer) error { return f.WritePing(false, [8]byte{1, 2, 3}) })
	data := frames(t, func(f *http2.Framer) error { return f.WriteData(1, true, bytes.Repeat([]byte("d"), 100)) })
	in := bytes.Join([][]byte{settings, ping, ack, data, ack}, nil)
	want := bytes.Join([][]byte{settings, ping, data, ack}, nil)

	// Read in pieces of every small size, so frame headers and payloads
	// are split across reads.
	for size := 1; size <= 12; size++ {
		d := &settingsAckDropper{r: bytes.NewReader(in)}
		var got bytes.Buffer
		buf := make([]byte, size)
		for {
			n, err := d.Read(buf)
			got.Write(buf[:n])
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("read size %d: %v", size, err)
			}
		}
		if !bytes.Equal(got.Bytes(), want) {
			t.Fatalf("read size %d: got %x\nwant %x", size, got.Bytes(), want)
		}
	}
}

// The sorter holds what it reads before a connection's first request, so it
// reads little: a frame larger than HTTP/2's default size, or more bytes
// than the header limit and some slack, closes the connection.
func TestSorterReadsLittleBeforeTheFirstRequest(t *testing.T) {
	e := startEdge(t, func(c *Config) { c.MaxHeaderBytes = 16 << 10 })
	for name, send := range map[string]func(*rawH2) error{
		"a 1 MiB frame": func(raw *rawH2) error {
			return raw.framer.WriteRawFrame(0xfa, 0, 0, make([]byte, 1<<20))
		},
		"endless empty CONTINUATIONs": func(raw *rawH2) error {
			block := raw.grpcHeaders("/stylist.v1.ChatService/Converse")
			if err := raw.framer.WriteHeaders(http2.HeadersFrameParam{StreamID: 1, BlockFragment: block}); err != nil {
				return err
			}
			for i := 0; i < 1<<20; i++ {
				if err := raw.framer.WriteContinuation(1, false, nil); err != nil {
					return err
				}
			}
			return nil
		},
	} {
		t.Run(name, func(t *testing.T) {
			raw := dialRawH2(t, e.addr)
			closed := make(chan struct{})
			go func() { _, _ = io.Copy(io.Discard, raw.conn); close(closed) }()
			_ = raw.conn.SetWriteDeadline(time.Now().Add(5 * time.Second))
			_ = send(raw)
			select {
			case <-closed:
			case <-time.After(5 * time.Second):
				t.Fatal("the edge still holds the connection")
			}
		})
	}
}
