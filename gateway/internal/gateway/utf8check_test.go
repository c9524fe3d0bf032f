package gateway

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/structpb"

	stylistv1 "github.com/stylist/stylist/clients/go/stylist/v1"
)

// The edge's own calls answer text that is not UTF-8 as a bad request
// naming the field, never the 500 of a message Go's protobuf cannot encode
// (found by FuzzRESTRequests: DELETE /v1/analyze/skin/%FF).
func TestRESTAndLegacyRoutesRefuseTextThatIsNotUTF8(t *testing.T) {
	srv, err := New(testConfig(startEmptyUpstream(t)), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	for _, tc := range []struct {
		method, path, field string
		code                int
	}{
		// A legacy route (Skin Chapters): a path value, a query value.
		{"DELETE", "/v1/analyze/skin/%FF", "analysis_id", http.StatusBadRequest},
		{"GET", "/v1/analyze/skin/history?cursor=%C3", "page_token", http.StatusBadRequest},
		// grpc-gateway, unary and server-streaming.
		{"GET", "/v1/wardrobe/items/%FF%FE", "item_id", http.StatusBadRequest},
		{"POST", "/v1/chat/conversations/%C3:streamReply", "conversation_id", http.StatusBadRequest},
		// A client stream the edge writes itself (found by FuzzRESTRequests):
		// the answer read after the failed send.
		{"PUT", "/v1/wardrobe/items/%FF/photo", "metadata.item_id", http.StatusBadRequest},
	} {
		r := httptest.NewRequest(tc.method, tc.path, strings.NewReader("{}"))
		r.Header.Set("Authorization", "Bearer t")
		r.Header.Set("Content-Type", "application/json")
		if tc.method == "PUT" {
			r.Header.Set("Content-Type", "image/jpeg")
		}
		w := httptest.NewRecorder()
		srv.Handler().ServeHTTP(w, r)
		body := w.Body.String()
		if tc.method == "POST" && w.Code == http.StatusOK {
			// A stream's error comes as its one line, once the answer began.
			if !strings.Contains(body, `"code":3`) || !strings.Contains(body, tc.field) {
				t.Errorf("%s %s: %d %s, want an INVALID_ARGUMENT line naming %s", tc.method, tc.path, w.Code, body, tc.field)
			}
			continue
		}
		if w.Code != tc.code || !strings.Contains(body, tc.field) {
			t.Errorf("%s %s: %d %s, want %d naming %s", tc.method, tc.path, w.Code, body, tc.code, tc.field)
		}
	}
}

func TestInvalidUTF8FieldNamesTheFirstBadString(t *testing.T) {
	badKey, _ := structpb.NewStruct(map[string]any{"ok": 1})
	badKey.Fields["\xff"] = structpb.NewNullValue()
	// NewStruct refuses such text; built by hand.
	badValue := &structpb.Struct{Fields: map[string]*structpb.Value{"a": structpb.NewStructValue(&structpb.Struct{
		Fields: map[string]*structpb.Value{"b": structpb.NewListValue(&structpb.ListValue{
			Values: []*structpb.Value{structpb.NewStringValue("x"), structpb.NewStringValue("\xc3")}})}})}}
	for _, tc := range []struct {
		msg   proto.Message
		field string
	}{
		{&stylistv1.LoginRequest{Login: "zoë@example.com", Password: "ünïcode"}, ""},
		{&stylistv1.LoginRequest{Login: "a", Password: "\xfe"}, "password"},
		{&stylistv1.CreateItemRequest{Item: &stylistv1.ClothingItem{Name: "Linen", Tags: []string{"white", "\xff"}}}, "item.tags"},
		{badKey, "fields"},
		{badValue, "fields.struct_value.fields.list_value.values.string_value"},
	} {
		if got := invalidUTF8Field(tc.msg.ProtoReflect(), 0); got != tc.field {
			t.Errorf("%v: %q, want %q", tc.msg, got, tc.field)
		}
	}
}
