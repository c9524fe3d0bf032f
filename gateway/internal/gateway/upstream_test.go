package gateway

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	spb "google.golang.org/genproto/googleapis/rpc/status"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/health"
	"google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/types/known/anypb"

	stylistv1 "github.com/stylist/stylist/clients/go/stylist/v1"
)

// fakeUpstream stands in for the C++ server: a real gRPC server on a
// loopback port with the health service and just enough of UserService and
// WardrobeService to observe what the gateway sends and to make it answer
// errors and streams.
type fakeUpstream struct {
	stylistv1.UnimplementedUserServiceServer
	stylistv1.UnimplementedWardrobeServiceServer

	addr   string
	health *health.Server

	mu       sync.Mutex
	lastMD   metadata.MD
	answerID string // x-request-id to answer with; empty echoes the caller's
	photoURL string // GetItemPhotoUrl's answer; empty: it hands out none
}

func startUpstream(t *testing.T) *fakeUpstream {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeUpstream{addr: lis.Addr().String(), health: health.NewServer()}
	srv := grpc.NewServer()
	grpc_health_v1.RegisterHealthServer(srv, f.health)
	stylistv1.RegisterUserServiceServer(srv, f)
	stylistv1.RegisterWardrobeServiceServer(srv, f)
	go func() { _ = srv.Serve(lis) }()
	t.Cleanup(srv.Stop)
	return f
}

// seen returns the metadata of the latest call.
func (f *fakeUpstream) seen() metadata.MD {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.lastMD
}

func (f *fakeUpstream) setAnswerID(id string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.answerID = id
}

// observe records the call's metadata and answers with an x-request-id.
func (f *fakeUpstream) observe(ctx context.Context) {
	md, _ := metadata.FromIncomingContext(ctx)
	f.mu.Lock()
	f.lastMD = md
	id := f.answerID
	f.mu.Unlock()
	if id == "" && len(md.Get("x-request-id")) > 0 {
		id = md.Get("x-request-id")[0]
	}
	if id != "" {
		_ = grpc.SetHeader(ctx, metadata.Pairs("x-request-id", id))
	}
}

func (f *fakeUpstream) GetProfile(ctx context.Context, _ *stylistv1.GetProfileRequest) (*stylistv1.GetProfileResponse, error) {
	f.observe(ctx)
	return &stylistv1.GetProfileResponse{Profile: &stylistv1.Profile{
		UserId:      "u-1",
		Email:       "ada@example.com",
		DisplayName: "Ada",
	}}, nil
}

func (f *fakeUpstream) Login(ctx context.Context, req *stylistv1.LoginRequest) (*stylistv1.LoginResponse, error) {
	f.observe(ctx)
	return &stylistv1.LoginResponse{}, nil
}

// GetItem fails in the way its item_id names.
func (f *fakeUpstream) GetItem(ctx context.Context, req *stylistv1.GetItemRequest) (*stylistv1.GetItemResponse, error) {
	f.observe(ctx)
	switch req.GetItemId() {
	case "missing":
		return nil, status.Error(codes.NotFound, "item missing not found")
	case "invalid":
		return nil, invalidItemIDStatus().Err()
	case "anonymous":
		return nil, status.Error(codes.Unauthenticated, "missing bearer token")
	case "slow":
		<-ctx.Done()
		return nil, status.FromContextError(ctx.Err()).Err()
	}
	return &stylistv1.GetItemResponse{Item: &stylistv1.ClothingItem{ItemId: req.GetItemId(), Name: "Blue shirt"}}, nil
}

// invalidItemIDStatus is INVALID_ARGUMENT with a google.rpc.BadRequest and a
// google.rpc.ErrorInfo detail. The details are encoded by hand, without
// importing their Go package, so that this test binary only knows those
// types if the gateway itself links them in (as it must to write them as
// JSON).
func invalidItemIDStatus() *status.Status {
	field := func(b []byte, num protowire.Number, s string) []byte {
		b = protowire.AppendTag(b, num, protowire.BytesType)
		return protowire.AppendString(b, s)
	}
	violation := field(field(nil, 1, "item_id"), 2, "must be a UUID")
	badRequest := protowire.AppendTag(nil, 1, protowire.BytesType) // field_violations
	badRequest = protowire.AppendBytes(badRequest, violation)
	errorInfo := field(field(nil, 1, "MALFORMED_ID"), 2, "stylist") // reason, domain
	return status.FromProto(&spb.Status{
		Code:    int32(codes.InvalidArgument),
		Message: "item_id is malformed",
		Details: []*anypb.Any{
			{TypeUrl: "type.googleapis.com/google.rpc.BadRequest", Value: badRequest},
			{TypeUrl: "type.googleapis.com/google.rpc.ErrorInfo", Value: errorInfo},
		},
	})
}

// GetItemPhotoUrl answers photoURL (with "?thumbnail" for the thumbnail),
// or FAILED_PRECONDITION where none is set, as a server on local storage.
func (f *fakeUpstream) GetItemPhotoUrl(ctx context.Context, req *stylistv1.GetItemPhotoUrlRequest) (*stylistv1.GetItemPhotoUrlResponse, error) {
	f.observe(ctx)
	f.mu.Lock()
	url := f.photoURL
	f.mu.Unlock()
	if url == "" {
		return nil, status.Error(codes.FailedPrecondition, "this server hands out no photo URLs")
	}
	if req.GetItemId() != "item-1" {
		return nil, status.Error(codes.NotFound, "no such item")
	}
	if req.GetThumbnail() {
		url += "?thumbnail"
	}
	return &stylistv1.GetItemPhotoUrlResponse{Url: url}, nil
}

// DownloadItemPhoto streams a metadata message and two chunks.
func (f *fakeUpstream) DownloadItemPhoto(req *stylistv1.DownloadItemPhotoRequest, stream grpc.ServerStreamingServer[stylistv1.DownloadItemPhotoResponse]) error {
	f.observe(stream.Context())
	msgs := []*stylistv1.DownloadItemPhotoResponse{
		{Content: &stylistv1.DownloadItemPhotoResponse_Metadata{Metadata: &stylistv1.PhotoInfo{ContentType: "image/jpeg", SizeBytes: 6, Sha256: "5ca1ab1e"}}},
		{Content: &stylistv1.DownloadItemPhotoResponse_Chunk{Chunk: &stylistv1.ImageChunk{Data: []byte("abc")}}},
		{Content: &stylistv1.DownloadItemPhotoResponse_Chunk{Chunk: &stylistv1.ImageChunk{Data: []byte("def")}}},
	}
	for _, m := range msgs {
		if err := stream.Send(m); err != nil {
			return err
		}
	}
	return nil
}

// testConfig points a gateway at addr with short timeouts.
func testConfig(addr string) Config {
	cfg := DefaultConfig()
	cfg.Listen = "127.0.0.1:0"
	cfg.Upstream = addr
	cfg.RequestTimeout = 5 * time.Second
	cfg.HealthTimeout = time.Second
	cfg.ShutdownTimeout = time.Second
	cfg.MetricsListen = "127.0.0.1:0" // many edges run at once
	return cfg
}

// startGateway serves a gateway for cfg on a loopback HTTP server and
// returns its base URL.
func startGateway(t *testing.T, cfg Config) string {
	t.Helper()
	srv, err := New(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	return hs.URL
}

// unusedAddr is a loopback address of an upstream that is down: its port
// stays the test's (a port released at once could be taken by the next
// listener, whose answer, or silence, a test would then wait for), and every
// connection to it is closed as soon as it opens.
func unusedAddr(t *testing.T) string {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = lis.Close() })
	go func() {
		for {
			conn, err := lis.Accept()
			if err != nil {
				return
			}
			_ = conn.Close()
		}
	}()
	return lis.Addr().String()
}
