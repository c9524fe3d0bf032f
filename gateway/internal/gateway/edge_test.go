package gateway

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	cryptorand "crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/mem"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/reflection"
	reflectionpb "google.golang.org/grpc/reflection/grpc_reflection_v1"
	"google.golang.org/grpc/status"

	stylistv1 "github.com/stylist/stylist/clients/go/stylist/v1"
)

// fakeChat is a ChatService upstream whose Converse echoes each message and
// reports, through ended, how its stream ended (so a test can see that a
// client's cancellation reached the upstream).
type fakeChat struct {
	stylistv1.UnimplementedChatServiceServer
	ended chan error
}

func (f *fakeChat) Converse(stream grpc.BidiStreamingServer[stylistv1.ConverseRequest, stylistv1.ConverseResponse]) error {
	_ = stream.SendHeader(metadata.Pairs("x-chat", "open"))
	for {
		req, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			stream.SetTrailer(metadata.Pairs("x-turns", "done"))
			f.ended <- nil
			return nil
		}
		if err != nil {
			f.ended <- stream.Context().Err()
			return err
		}
		text := req.GetSendMessage().GetText()
		if err := stream.Send(&stylistv1.ConverseResponse{Event: &stylistv1.ChatEvent{ConversationId: "echo:" + text}}); err != nil {
			f.ended <- stream.Context().Err()
			return err
		}
	}
}

// UploadItemPhoto counts the bytes of a client stream (on the wardrobe fake).
func (f *fakeUpstream) UploadItemPhoto(stream grpc.ClientStreamingServer[stylistv1.UploadItemPhotoRequest, stylistv1.UploadItemPhotoResponse]) error {
	f.observe(stream.Context())
	total := 0
	for {
		req, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return stream.SendAndClose(&stylistv1.UploadItemPhotoResponse{Item: &stylistv1.ClothingItem{Notes: fmt.Sprint(total)}})
		}
		if err != nil {
			return err
		}
		total += len(req.GetChunk().GetData())
	}
}

// edgeFixture is an edge serving on a real loopback listener (so HTTP/2
// with prior knowledge works as it does in production) in front of a fake
// upstream that also has reflection and a chat service.
type edgeFixture struct {
	up   *fakeUpstream
	chat *fakeChat
	edge *Server
	addr string
	url  string
}

func startEdge(t *testing.T, tune func(*Config)) *edgeFixture { return startEdgeTB(t, tune) }

func startEdgeB(b *testing.B) *edgeFixture { return startEdgeTB(b, nil) }

func startEdgeTB(t testing.TB, tune func(*Config)) *edgeFixture {
	t.Helper()
	up, chat := startFakes(t)
	cfg := testConfig(up.addr)
	if tune != nil {
		tune(&cfg)
	}
	return serveEdge(t, cfg, up, chat)
}

// startFakes serves the fake upstream services (user, wardrobe, chat and
// reflection) on a loopback port.
func startFakes(t testing.TB) (*fakeUpstream, *fakeChat) {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	up := &fakeUpstream{addr: lis.Addr().String()}
	chat := &fakeChat{ended: make(chan error, 8)}
	srv := grpc.NewServer()
	stylistv1.RegisterUserServiceServer(srv, up)
	stylistv1.RegisterWardrobeServiceServer(srv, up)
	stylistv1.RegisterChatServiceServer(srv, chat)
	reflection.Register(srv)
	go func() { _ = srv.Serve(lis) }()
	t.Cleanup(srv.Stop)
	return up, chat
}

func serveEdge(t testing.TB, cfg Config, up *fakeUpstream, chat *fakeChat) *edgeFixture {
	t.Helper()
	return serveEdgeLogging(t, cfg, up, chat, io.Discard)
}

// serveEdgeLogging is serveEdge with the edge's log written to w.
func serveEdgeLogging(t testing.TB, cfg Config, up *fakeUpstream, chat *fakeChat, w io.Writer) *edgeFixture {
	t.Helper()
	edge, err := New(cfg, slog.New(slog.NewTextHandler(w, nil)))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	elis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { _ = edge.Serve(ctx, elis); close(done) }()
	t.Cleanup(func() { cancel(); <-done; _ = edge.Close() })
	return &edgeFixture{up: up, chat: chat, edge: edge, addr: elis.Addr().String(), url: "http://" + elis.Addr().String()}
}

func (e *edgeFixture) dial(t testing.TB) *grpc.ClientConn {
	t.Helper()
	conn, err := grpc.NewClient(e.addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return conn
}

// h2cClient speaks HTTP/2 without TLS, as gRPC-Web and Connect clients may.
func h2cClient() *http.Client {
	protocols := new(http.Protocols)
	protocols.SetUnencryptedHTTP2(true)
	return &http.Client{Transport: &http.Transport{Protocols: protocols}}
}

func TestEdgeProxiesNativeGRPCUnaryWithMetadata(t *testing.T) {
	e := startEdge(t, nil)
	client := stylistv1.NewUserServiceClient(e.dial(t))
	ctx := metadata.AppendToOutgoingContext(context.Background(),
		"authorization", "Bearer tok", "x-request-id", "edge-1",
		// A client may not claim an address: the edge drops this.
		"x-forwarded-for", "203.0.113.9")
	var header metadata.MD
	resp, err := client.GetProfile(ctx, &stylistv1.GetProfileRequest{}, grpc.Header(&header))
	if err != nil {
		t.Fatalf("GetProfile: %v", err)
	}
	if resp.GetProfile().GetEmail() != "ada@example.com" {
		t.Errorf("profile %v", resp.GetProfile())
	}
	if got := header.Get("x-request-id"); len(got) != 1 || got[0] != "edge-1" {
		t.Errorf("response x-request-id %q", got)
	}
	md := e.up.seen()
	if got := md.Get("authorization"); len(got) != 1 || got[0] != "Bearer tok" {
		t.Errorf("upstream authorization %q", got)
	}
	if got := md.Get("x-forwarded-for"); len(got) != 1 || got[0] != "127.0.0.1" {
		t.Errorf("upstream x-forwarded-for %q, want the edge's view of the client [127.0.0.1]", got)
	}
}

func TestEdgeKeepsUpstreamStatusAndDetails(t *testing.T) {
	e := startEdge(t, nil)
	client := stylistv1.NewWardrobeServiceClient(e.dial(t))
	_, err := client.GetItem(context.Background(), &stylistv1.GetItemRequest{ItemId: "invalid"})
	st := status.Convert(err)
	if st.Code() != codes.InvalidArgument || st.Message() != "item_id is malformed" {
		t.Fatalf("status %v", st)
	}
	if len(st.Proto().GetDetails()) != 2 {
		t.Errorf("details %v", st.Proto().GetDetails())
	}
}

func TestEdgePassesDeadlines(t *testing.T) {
	e := startEdge(t, nil)
	client := stylistv1.NewWardrobeServiceClient(e.dial(t))
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := client.GetItem(ctx, &stylistv1.GetItemRequest{ItemId: "slow"})
	if status.Code(err) != codes.DeadlineExceeded {
		t.Fatalf("err %v, want DEADLINE_EXCEEDED", err)
	}
	if md := e.up.seen(); len(md.Get("grpc-timeout")) != 0 {
		t.Errorf("grpc-timeout leaked as metadata: %v", md)
	}
	if waited := time.Since(start); waited > 5*time.Second {
		t.Errorf("the deadline did not reach the upstream: waited %v", waited)
	}
}

func TestEdgeStreamsEveryKind(t *testing.T) {
	e := startEdge(t, nil)
	conn := e.dial(t)

	// Server streaming.
	wardrobe := stylistv1.NewWardrobeServiceClient(conn)
	down, err := wardrobe.DownloadItemPhoto(context.Background(), &stylistv1.DownloadItemPhotoRequest{ItemId: "i"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for {
		m, err := down.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("download: %v", err)
		}
		got = append(got, string(m.GetChunk().GetData()))
	}
	if strings.Join(got, "|") != "|abc|def" {
		t.Errorf("download messages %q", got)
	}

	// Client streaming: 64 chunks of 32 KiB, more than any window.
	up, err := wardrobe.UploadItemPhoto(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	chunk := make([]byte, 32<<10)
	for i := 0; i < 64; i++ {
		if err := up.Send(&stylistv1.UploadItemPhotoRequest{Content: &stylistv1.UploadItemPhotoRequest_Chunk{Chunk: &stylistv1.ImageChunk{Data: chunk}}}); err != nil {
			t.Fatalf("send %d: %v", i, err)
		}
	}
	res, err := up.CloseAndRecv()
	if err != nil {
		t.Fatalf("upload: %v", err)
	}
	if res.GetItem().GetNotes() != fmt.Sprint(64*32<<10) {
		t.Errorf("upstream received %s bytes", res.GetItem().GetNotes())
	}

	// Bidirectional, turn by turn, with headers and trailers.
	chat := stylistv1.NewChatServiceClient(conn)
	conv, err := chat.Converse(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"hi", "shoes?"} {
		if err := conv.Send(&stylistv1.ConverseRequest{Action: &stylistv1.ConverseRequest_SendMessage{SendMessage: &stylistv1.ChatInput{Text: text}}}); err != nil {
			t.Fatal(err)
		}
		m, err := conv.Recv()
		if err != nil {
			t.Fatalf("recv: %v", err)
		}
		if m.GetEvent().GetConversationId() != "echo:"+text {
			t.Errorf("reply %q to %q", m.GetEvent().GetConversationId(), text)
		}
	}
	if h, _ := conv.Header(); len(h.Get("x-chat")) != 1 {
		t.Errorf("header %v", h)
	}
	_ = conv.CloseSend()
	if _, err := conv.Recv(); !errors.Is(err, io.EOF) {
		t.Fatalf("end: %v", err)
	}
	if tr := conv.Trailer(); len(tr.Get("x-turns")) != 1 {
		t.Errorf("trailer %v", tr)
	}
	if err := <-e.chat.ended; err != nil {
		t.Errorf("upstream stream ended with %v", err)
	}
}

func TestEdgeCancellationReachesUpstream(t *testing.T) {
	e := startEdge(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	conv, err := stylistv1.NewChatServiceClient(e.dial(t)).Converse(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := conv.Send(&stylistv1.ConverseRequest{Action: &stylistv1.ConverseRequest_SendMessage{SendMessage: &stylistv1.ChatInput{Text: "x"}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := conv.Recv(); err != nil {
		t.Fatal(err)
	}
	cancel()
	select {
	case err := <-e.chat.ended:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("upstream stream ended with %v, want cancelled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the upstream stream outlived the client's cancellation")
	}
}

func TestEdgeServesReflectionOfTheUpstream(t *testing.T) {
	e := startEdge(t, nil)
	stream, err := reflectionpb.NewServerReflectionClient(e.dial(t)).ServerReflectionInfo(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := stream.Send(&reflectionpb.ServerReflectionRequest{MessageRequest: &reflectionpb.ServerReflectionRequest_ListServices{}}); err != nil {
		t.Fatal(err)
	}
	resp, err := stream.Recv()
	if err != nil {
		t.Fatalf("reflection: %v", err)
	}
	var names []string
	for _, s := range resp.GetListServicesResponse().GetService() {
		names = append(names, s.GetName())
	}
	if !strings.Contains(strings.Join(names, ","), "stylist.v1.ChatService") {
		t.Errorf("services %v", names)
	}
}

func TestEdgeRefusesOversizedMessagesBeforeTheUpstream(t *testing.T) {
	e := startEdge(t, func(c *Config) { c.MaxMessageBytes = 1 << 10 })
	client := stylistv1.NewUserServiceClient(e.dial(t))
	_, err := client.Login(context.Background(), &stylistv1.LoginRequest{Login: "a", Password: strings.Repeat("p", 2<<10)})
	if status.Code(err) != codes.ResourceExhausted {
		t.Fatalf("err %v, want RESOURCE_EXHAUSTED", err)
	}
	if e.up.seen() != nil {
		t.Error("the upstream saw the oversized call")
	}
}

func TestEdgeAnswersUnavailableWhenTheUpstreamIsDown(t *testing.T) {
	cfg := testConfig(unusedAddr(t))
	e := serveEdge(t, cfg, nil, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err := stylistv1.NewUserServiceClient(e.dial(t)).GetProfile(ctx, &stylistv1.GetProfileRequest{})
	if status.Code(err) != codes.Unavailable {
		t.Fatalf("err %v, want UNAVAILABLE", err)
	}
	hinted := false
	for _, d := range status.Convert(err).Details() {
		if ri, ok := d.(*errdetails.RetryInfo); ok && ri.GetRetryDelay().AsDuration() > 0 {
			hinted = true
		}
	}
	if !hinted {
		t.Errorf("no RetryInfo in %v", status.Convert(err).Proto())
	}
	resp, body := call(t, "GET", e.url+"/v1/users/me/profile", "", nil)
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
		t.Errorf("REST: status %d, Retry-After %q: %s", resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}
}

func TestEdgeRecoversWhenTheUpstreamComesBack(t *testing.T) {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := lis.Addr().String()
	_ = lis.Close() // nothing listens there yet
	e := serveEdge(t, testConfig(addr), nil, nil)
	client := stylistv1.NewUserServiceClient(e.dial(t))
	// Each call is bounded: the port was released, and whoever takes it
	// meanwhile need not answer.
	getProfile := func() error {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_, err := client.GetProfile(ctx, &stylistv1.GetProfileRequest{})
		return err
	}
	if err := getProfile(); status.Code(err) != codes.Unavailable {
		t.Fatalf("with the server down: %v", err)
	}
	lis, err = net.Listen("tcp", addr)
	if err != nil {
		t.Skipf("the port was taken meanwhile: %v", err)
	}
	srv := grpc.NewServer()
	stylistv1.RegisterUserServiceServer(srv, &fakeUpstream{})
	go func() { _ = srv.Serve(lis) }()
	defer srv.Stop()
	// The edge reconnects by itself (with backoff); a client that retries
	// as the hint says gets through within a few seconds.
	deadline := time.Now().Add(10 * time.Second)
	for {
		err := getProfile()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the edge did not recover: %v", err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func TestEdgeRefusesGRPCOverHTTP1(t *testing.T) {
	e := startEdge(t, nil)
	resp, body := call(t, "POST", e.url+"/stylist.v1.UserService/GetProfile", "\x00\x00\x00\x00\x00",
		map[string]string{"Content-Type": "application/grpc"})
	if resp.StatusCode != http.StatusHTTPVersionNotSupported || !strings.Contains(string(body), "HTTP/2") {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
}

func TestEdgeServesGRPCWebAndConnect(t *testing.T) {
	e := startEdge(t, nil)
	for _, tc := range []struct {
		name   string
		client *http.Client
		opts   []connect.ClientOption
	}{
		{"grpc-web binary, HTTP/1.1", http.DefaultClient, []connect.ClientOption{connect.WithGRPCWeb()}},
		{"grpc-web, HTTP/2", h2cClient(), []connect.ClientOption{connect.WithGRPCWeb()}},
		{"connect proto, HTTP/1.1", http.DefaultClient, nil},
		{"connect json, HTTP/1.1", http.DefaultClient, []connect.ClientOption{connect.WithProtoJSON()}},
		{"grpc, HTTP/2", h2cClient(), []connect.ClientOption{connect.WithGRPC()}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			profile := connect.NewClient[stylistv1.GetProfileRequest, stylistv1.GetProfileResponse](
				tc.client, e.url+"/stylist.v1.UserService/GetProfile", tc.opts...)
			req := connect.NewRequest(&stylistv1.GetProfileRequest{})
			req.Header().Set("Authorization", "Bearer web")
			resp, err := profile.CallUnary(context.Background(), req)
			if err != nil {
				t.Fatalf("GetProfile: %v", err)
			}
			if resp.Msg.GetProfile().GetDisplayName() != "Ada" {
				t.Errorf("profile %v", resp.Msg)
			}
			if got := e.up.seen().Get("authorization"); len(got) != 1 || got[0] != "Bearer web" {
				t.Errorf("upstream authorization %q", got)
			}

			item := connect.NewClient[stylistv1.GetItemRequest, stylistv1.GetItemResponse](
				tc.client, e.url+"/stylist.v1.WardrobeService/GetItem", tc.opts...)
			_, err = item.CallUnary(context.Background(), connect.NewRequest(&stylistv1.GetItemRequest{ItemId: "missing"}))
			if connect.CodeOf(err) != connect.CodeNotFound {
				t.Errorf("GetItem(missing): %v, want not_found", err)
			}

			download := connect.NewClient[stylistv1.DownloadItemPhotoRequest, stylistv1.DownloadItemPhotoResponse](
				tc.client, e.url+"/stylist.v1.WardrobeService/DownloadItemPhoto", tc.opts...)
			stream, err := download.CallServerStream(context.Background(), connect.NewRequest(&stylistv1.DownloadItemPhotoRequest{ItemId: "i"}))
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for stream.Receive() {
				n++
			}
			if err := stream.Err(); err != nil || n != 3 {
				t.Errorf("server stream: %d messages, %v", n, err)
			}
		})
	}
}

func TestEdgeCORS(t *testing.T) {
	preflight := func(url, origin string) *http.Response {
		t.Helper()
		resp, _ := call(t, "OPTIONS", url+"/stylist.v1.UserService/GetProfile", "", map[string]string{
			"Origin":                         origin,
			"Access-Control-Request-Method":  "POST",
			"Access-Control-Request-Headers": "authorization,content-type,x-grpc-web",
		})
		return resp
	}
	closed := startEdge(t, nil)
	if resp := preflight(closed.url, "https://app.example.com"); resp.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("no origin is allowed by default, got %q", resp.Header.Get("Access-Control-Allow-Origin"))
	}

	open := startEdge(t, func(c *Config) { c.CORSOrigins = []string{"https://app.example.com"} })
	resp := preflight(open.url, "https://app.example.com")
	if resp.StatusCode/100 != 2 || resp.Header.Get("Access-Control-Allow-Origin") != "https://app.example.com" {
		t.Fatalf("preflight %d %v", resp.StatusCode, resp.Header)
	}
	if allowed := strings.ToLower(resp.Header.Get("Access-Control-Allow-Headers")); !strings.Contains(allowed, "authorization") || !strings.Contains(allowed, "x-grpc-web") {
		t.Errorf("allowed headers %q", allowed)
	}
	if resp := preflight(open.url, "https://evil.example.net"); resp.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Error("an origin outside the list was allowed")
	}
	// The answer to the call itself exposes what gRPC-Web clients read.
	actual, _ := call(t, "POST", open.url+"/stylist.v1.UserService/GetProfile", "{}", map[string]string{
		"Origin": "https://app.example.com", "Content-Type": "application/json"})
	if exposed := strings.ToLower(actual.Header.Get("Access-Control-Expose-Headers")); !strings.Contains(exposed, "grpc-status") || !strings.Contains(exposed, "x-request-id") {
		t.Errorf("exposed headers %q", exposed)
	}
}

func TestEdgeClientAddressFromTrustedProxiesOnly(t *testing.T) {
	send := func(e *edgeFixture, xff string) []string {
		t.Helper()
		resp, body := call(t, "GET", e.url+"/v1/users/me/profile", "", map[string]string{"X-Forwarded-For": xff})
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("status %d: %s", resp.StatusCode, body)
		}
		return e.up.seen().Get("x-forwarded-for")
	}
	direct := startEdge(t, nil)
	if got := send(direct, "198.51.100.1"); len(got) != 1 || got[0] != "127.0.0.1" {
		t.Errorf("untrusted peer: upstream saw %q, want [127.0.0.1]", got)
	}
	behindLB := startEdge(t, func(c *Config) {
		c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32"), netip.MustParsePrefix("10.0.0.0/8")}
	})
	if got := send(behindLB, "198.51.100.1, 203.0.113.7, 10.1.2.3"); len(got) != 1 || got[0] != "203.0.113.7" {
		t.Errorf("behind a trusted proxy: upstream saw %q, want [203.0.113.7]", got)
	}
	if got := send(behindLB, "not-an-ip, 10.1.2.3"); len(got) != 1 || got[0] != "10.1.2.3" {
		t.Errorf("malformed hop: upstream saw %q, want the last trusted hop [10.1.2.3]", got)
	}
}

func TestEdgeLimitsConnectionsPerAddress(t *testing.T) {
	e := startEdge(t, func(c *Config) { c.MaxConnsPerAddress = 2 })
	var conns []net.Conn
	var mu sync.Mutex
	defer func() {
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			_ = c.Close()
		}
	}()
	open := func() net.Conn {
		c, err := net.Dial("tcp", e.addr)
		if err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		conns = append(conns, c)
		mu.Unlock()
		return c
	}
	alive := func(c net.Conn) bool {
		if _, err := io.WriteString(c, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"); err != nil {
			return false
		}
		_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
		buf := make([]byte, 12)
		_, err := io.ReadFull(c, buf)
		return err == nil && strings.HasPrefix(string(buf), "HTTP/1.1")
	}
	first, second := open(), open()
	if !alive(first) || !alive(second) {
		t.Fatal("connections under the limit were refused")
	}
	if alive(open()) {
		t.Fatal("a third connection from the same address was served")
	}
	_ = first.Close()
	// The slot is given back once the edge sees the close.
	deadline := time.Now().Add(5 * time.Second)
	for !alive(open()) {
		if time.Now().After(deadline) {
			t.Fatal("a closed connection's slot was not given back")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// headerFirstChat answers Converse with its headers before any message, as
// a server may; a client can wait for them before it sends.
type headerFirstChat struct {
	stylistv1.UnimplementedChatServiceServer
}

func (headerFirstChat) Converse(stream grpc.BidiStreamingServer[stylistv1.ConverseRequest, stylistv1.ConverseResponse]) error {
	if err := stream.SendHeader(metadata.Pairs("x-ready", "yes")); err != nil {
		return err
	}
	_, err := stream.Recv()
	if errors.Is(err, io.EOF) {
		return nil
	}
	return err
}

func TestEdgeOpensStreamsForClientsThatWaitForHeaders(t *testing.T) {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := grpc.NewServer()
	stylistv1.RegisterChatServiceServer(srv, headerFirstChat{})
	go func() { _ = srv.Serve(lis) }()
	defer srv.Stop()
	e := serveEdge(t, testConfig(lis.Addr().String()), nil, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	stream, err := stylistv1.NewChatServiceClient(e.dial(t)).Converse(ctx)
	if err != nil {
		t.Fatal(err)
	}
	header, err := stream.Header() // before sending anything
	if err != nil || len(header.Get("x-ready")) != 1 {
		t.Fatalf("headers %v, %v", header, err)
	}
	_ = stream.CloseSend()
	if _, err := stream.Recv(); !errors.Is(err, io.EOF) {
		t.Fatalf("end: %v", err)
	}
}

func TestEdgeAnswersBadRequestsClearly(t *testing.T) {
	e := startEdge(t, nil)
	// A service the server does not have, over native gRPC: the server's
	// UNIMPLEMENTED comes back through the edge.
	err := e.dial(t).Invoke(context.Background(), "/stylist.v9.Nope/Call", &stylistv1.GetProfileRequest{}, &stylistv1.GetProfileResponse{})
	if status.Code(err) != codes.Unimplemented {
		t.Errorf("unknown service over gRPC: %v, want UNIMPLEMENTED", err)
	}
	client := &http.Client{Timeout: 5 * time.Second}
	for _, tc := range []struct {
		name, path, contentType, body string
		want                          int
	}{
		{"gRPC-Web to an unknown service", "/stylist.v9.Nope/Call", "application/grpc-web+proto", "\x00\x00\x00\x00\x00", http.StatusNotFound},
		{"Connect with a content type it does not speak", "/stylist.v1.UserService/GetProfile", "text/plain", "{}", http.StatusUnsupportedMediaType},
		{"Connect JSON that does not parse", "/stylist.v1.UserService/GetProfile", "application/json", "{not json", http.StatusBadRequest},
		{"REST to no route", "/v1/nothing-here", "application/json", "{}", http.StatusNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest("POST", e.url+tc.path, strings.NewReader(tc.body))
			req.Header.Set("Content-Type", tc.contentType)
			resp, err := client.Do(req)
			if err != nil {
				t.Fatalf("no answer: %v", err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			// gRPC-Web answers 200 with the status in its trailers; the
			// others answer with an HTTP status.
			grpcStatus := resp.Header.Get("Grpc-Status")
			if resp.StatusCode != tc.want && !(grpcStatus == "12" && tc.want == http.StatusNotFound) {
				t.Errorf("status %d (grpc-status %q), want %d: %s", resp.StatusCode, grpcStatus, tc.want, body)
			}
		})
	}
}

func TestEdgeServesTLSWithALPN(t *testing.T) {
	certFile, keyFile, pool := selfSignedCert(t)
	e := startEdge(t, func(c *Config) { c.TLSCertFile, c.TLSKeyFile = certFile, keyFile })
	// Native gRPC over TLS (ALPN h2).
	conn, err := grpc.NewClient(e.addr, grpc.WithTransportCredentials(credentials.NewClientTLSFromCert(pool, "localhost")))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := stylistv1.NewUserServiceClient(conn).GetProfile(context.Background(), &stylistv1.GetProfileRequest{}); err != nil {
		t.Fatalf("gRPC over TLS: %v", err)
	}
	// HTTP/1.1 over TLS for REST, and no plaintext on the port.
	tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, ServerName: "localhost"}}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr}).Get("https://" + e.addr + "/v1/users/me/profile")
	if err != nil {
		t.Fatalf("REST over TLS: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.ProtoMajor != 1 {
		t.Errorf("REST over TLS: %d over HTTP/%d", resp.StatusCode, resp.ProtoMajor)
	}
	if resp, err := http.Get("http://" + e.addr + "/healthz"); err == nil {
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			t.Error("the TLS port answered plaintext HTTP")
		}
	}
}

// selfSignedCert writes a certificate for localhost and its key, and returns
// their paths and a pool that trusts the certificate.
func selfSignedCert(t *testing.T) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), cryptorand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "localhost"},
		DNSNames:     []string{"localhost"},
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(cryptorand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool
}

func TestEdgeAnswersAreNotStored(t *testing.T) {
	e := startEdge(t, nil)
	// REST (a sign-in answer carries tokens) and Connect.
	resp, body := call(t, "POST", e.url+"/v1/auth:login", `{"login":"a","password":"b"}`, nil)
	if got := resp.Header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("REST login: Cache-Control %q, want no-store (status %d: %s)", got, resp.StatusCode, body)
	}
	resp, _ = call(t, "POST", e.url+"/stylist.v1.UserService/Login", `{}`, map[string]string{"Content-Type": "application/json"})
	if got := resp.Header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("Connect login: Cache-Control %q, want no-store", got)
	}
	// A route that says otherwise keeps its own.
	resp, _ = call(t, "GET", e.url+"/docs", "", nil)
	if got := resp.Header.Get("Cache-Control"); got != "no-cache" {
		t.Errorf("docs: Cache-Control %q", got)
	}
}

func TestEdgeRefusesTextThatIsNotUTF8(t *testing.T) {
	e := startEdge(t, nil)
	conn := e.dial(t)
	raw := func(b ...byte) *frame { return &frame{data: mem.BufferSlice{mem.SliceBuffer(b)}} }
	for _, tc := range []struct {
		method string
		msg    *frame
		field  string
	}{
		// LoginRequest{login: "\xff\xfe", password: "a"}
		{"/stylist.v1.UserService/Login", raw(0x0a, 0x02, 0xff, 0xfe, 0x12, 0x01, 'a'), "login"},
		// CreateItemRequest{item: {name: "\xc3"}}: a nested message.
		{"/stylist.v1.WardrobeService/CreateItem", raw(0x0a, 0x03, 0x12, 0x01, 0xc3), "item.name"},
	} {
		out := &frame{}
		err := conn.Invoke(context.Background(), tc.method, tc.msg, out, grpc.ForceCodecV2(rawCodec{}))
		st := status.Convert(err)
		if st.Code() != codes.InvalidArgument {
			t.Errorf("%s: %v, want INVALID_ARGUMENT", tc.method, err)
			continue
		}
		named := ""
		for _, d := range st.Details() {
			if br, ok := d.(*errdetails.BadRequest); ok && len(br.GetFieldViolations()) == 1 {
				named = br.GetFieldViolations()[0].GetField()
			}
		}
		if named != tc.field {
			t.Errorf("%s: field %q, want %q (%v)", tc.method, named, tc.field, st.Proto())
		}
	}
	if e.up.seen() != nil {
		t.Error("the upstream saw a request that is not UTF-8")
	}
	// Valid text, multi-byte included, passes.
	if _, err := stylistv1.NewUserServiceClient(conn).Login(context.Background(),
		&stylistv1.LoginRequest{Login: "zoë@example.com", Password: "ünïcode"}); err != nil {
		t.Errorf("UTF-8 text refused: %v", err)
	}
}
