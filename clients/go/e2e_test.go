package stylistclient_test

// End to end through the built edge binary in front of a real server
// (tools/test-stack.sh sets STYLIST_EDGE_ADDR): the generated Go client
// over native gRPC, with every streaming kind.

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"image"
	"image/color"
	"image/png"
	"io"
	"os"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	stylistv1 "github.com/stylist/stylist/clients/go/stylist/v1"
)

func edge(t *testing.T) *grpc.ClientConn {
	t.Helper()
	addr := os.Getenv("STYLIST_EDGE_ADDR")
	if addr == "" {
		if os.Getenv("STYLIST_E2E_REQUIRED") != "" {
			t.Fatal("STYLIST_EDGE_ADDR is not set (run through tools/test-stack.sh)")
		}
		t.Skip("STYLIST_EDGE_ADDR is not set (run through tools/test-stack.sh)")
	}
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return conn
}

// signUp registers a fresh user and returns a context carrying its token.
func signUp(t *testing.T, conn *grpc.ClientConn) context.Context {
	t.Helper()
	suffix := make([]byte, 6)
	_, _ = rand.Read(suffix)
	name := "go" + hex.EncodeToString(suffix)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	resp, err := stylistv1.NewUserServiceClient(conn).Register(ctx, &stylistv1.RegisterRequest{
		Email: name + "@example.com", Password: "Linen-Shirt-2026", Username: name,
	})
	if err != nil {
		t.Fatalf("Register: %v", err)
	}
	return metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+resp.GetTokens().GetAccessToken())
}

func TestUnaryCallsAndRefusals(t *testing.T) {
	conn := edge(t)
	users := stylistv1.NewUserServiceClient(conn)
	if _, err := users.GetProfile(context.Background(), &stylistv1.GetProfileRequest{}); status.Code(err) != codes.Unauthenticated {
		t.Fatalf("GetProfile without a token: %v, want UNAUTHENTICATED", err)
	}
	ctx := signUp(t, conn)
	profile, err := users.GetProfile(ctx, &stylistv1.GetProfileRequest{})
	if err != nil || profile.GetProfile().GetUserId() == "" {
		t.Fatalf("GetProfile: %v %v", profile, err)
	}
	wardrobe := stylistv1.NewWardrobeServiceClient(conn)
	created, err := wardrobe.CreateItem(ctx, &stylistv1.CreateItemRequest{Item: &stylistv1.ClothingItem{
		Name: "Navy blazer", Category: stylistv1.ClothingCategory_CLOTHING_CATEGORY_OUTERWEAR,
	}})
	if err != nil {
		t.Fatalf("CreateItem: %v", err)
	}
	list, err := wardrobe.ListItems(ctx, &stylistv1.ListItemsRequest{PageSize: 10})
	if err != nil || len(list.GetItems()) != 1 || list.GetItems()[0].GetItemId() != created.GetItem().GetItemId() {
		t.Fatalf("ListItems: %v %v", list, err)
	}
	_, err = wardrobe.GetItem(ctx, &stylistv1.GetItemRequest{ItemId: "not-an-id"})
	if st := status.Convert(err); st.Code() != codes.InvalidArgument && st.Code() != codes.NotFound {
		t.Errorf("GetItem(not-an-id): %v", st)
	}
}

func TestPhotoUploadAndDownloadStreams(t *testing.T) {
	conn := edge(t)
	ctx := signUp(t, conn)
	wardrobe := stylistv1.NewWardrobeServiceClient(conn)
	created, err := wardrobe.CreateItem(ctx, &stylistv1.CreateItemRequest{Item: &stylistv1.ClothingItem{Name: "Red scarf"}})
	if err != nil {
		t.Fatal(err)
	}
	id := created.GetItem().GetItemId()

	// A real 200×200 PNG, sent in 4 KiB chunks.
	img := image.NewRGBA(image.Rect(0, 0, 200, 200))
	for y := 0; y < 200; y++ {
		for x := 0; x < 200; x++ {
			img.Set(x, y, color.RGBA{R: uint8(150 + x%100), G: uint8(y % 40), B: 30, A: 255})
		}
	}
	var photo bytes.Buffer
	if err := png.Encode(&photo, img); err != nil {
		t.Fatal(err)
	}
	up, err := wardrobe.UploadItemPhoto(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := up.Send(&stylistv1.UploadItemPhotoRequest{Content: &stylistv1.UploadItemPhotoRequest_Metadata{Metadata: &stylistv1.UploadItemPhotoMetadata{
		ItemId: id, SkipAnalysis: true,
		Image: &stylistv1.ImageUploadMetadata{FileName: "scarf.png", DeclaredSizeBytes: int64(photo.Len())},
	}}}); err != nil {
		t.Fatal(err)
	}
	data := photo.Bytes()
	for len(data) > 0 {
		n := min(len(data), 4096)
		if err := up.Send(&stylistv1.UploadItemPhotoRequest{Content: &stylistv1.UploadItemPhotoRequest_Chunk{Chunk: &stylistv1.ImageChunk{Data: data[:n]}}}); err != nil {
			t.Fatal(err)
		}
		data = data[n:]
	}
	if _, err := up.CloseAndRecv(); err != nil {
		t.Fatalf("UploadItemPhoto: %v", err)
	}

	down, err := wardrobe.DownloadItemPhoto(ctx, &stylistv1.DownloadItemPhotoRequest{ItemId: id})
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	contentType := ""
	for {
		m, err := down.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("DownloadItemPhoto: %v", err)
		}
		if md := m.GetMetadata(); md != nil {
			contentType = md.GetContentType()
		}
		got.Write(m.GetChunk().GetData())
	}
	if contentType == "" || got.Len() == 0 {
		t.Fatalf("download: content type %q, %d bytes", contentType, got.Len())
	}
	if _, _, err := image.Decode(bytes.NewReader(got.Bytes())); err != nil && contentType == "image/png" {
		t.Errorf("the downloaded photo does not decode: %v", err)
	}
}

func TestConverseIsBidirectional(t *testing.T) {
	conn := edge(t)
	ctx := signUp(t, conn)
	chat := stylistv1.NewChatServiceClient(conn)
	created, err := chat.CreateConversation(ctx, &stylistv1.CreateConversationRequest{
		Conversation: &stylistv1.Conversation{Title: "Blazer"},
	})
	if err != nil {
		t.Fatal(err)
	}
	conversation := created.GetConversation().GetConversationId()
	stream, err := chat.Converse(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for turn, text := range []string{"What goes with a navy blazer?", "And shoes with that?"} {
		if err := stream.Send(&stylistv1.ConverseRequest{Action: &stylistv1.ConverseRequest_SendMessage{
			SendMessage: &stylistv1.ChatInput{ConversationId: conversation, Text: text},
		}}); err != nil {
			t.Fatal(err)
		}
		// Events until the turn's DONE, the sign that the stream takes the
		// next message; the assistant's stored answer comes before it.
		answered := false
		for done := false; !done; {
			resp, err := stream.Recv()
			if err != nil {
				t.Fatalf("turn %d: %v", turn, err)
			}
			ev := resp.GetEvent()
			if e := ev.GetError(); e != nil {
				t.Fatalf("turn %d failed: %v", turn, e)
			}
			if m := ev.GetMessage(); m != nil && m.GetRole() == stylistv1.MessageRole_MESSAGE_ROLE_ASSISTANT {
				if m.GetText() == "" {
					t.Errorf("turn %d: empty answer", turn)
				}
				answered = true
			}
			done = ev.GetStatus().GetStatus() == stylistv1.ReplyStatus_REPLY_STATUS_DONE
		}
		if !answered {
			t.Errorf("turn %d: DONE without the assistant's answer", turn)
		}
	}
	if err := stream.CloseSend(); err != nil {
		t.Fatal(err)
	}
	// The rest of the last turn's events (its DONE status), then the end.
	for {
		_, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("after CloseSend: %v, want the stream's end", err)
		}
	}
}
