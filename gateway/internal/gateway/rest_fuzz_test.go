package gateway

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/health"
	"google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/known/emptypb"

	"github.com/stylist/stylist/gateway/openapi"
)

// startEmptyUpstream serves every RPC of every registered service with an
// empty answer (one empty message for a stream), reading whatever the
// caller sends: a valid answer the edge must turn into its REST shape. The
// one field the contract promises is set: a photo stream's first message
// describes the photo (an empty JPEG). Its health service says SERVING (the
// edge's connection checks it).
func startEmptyUpstream(t testing.TB) string {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := grpc.NewServer(grpc.UnknownServiceHandler(func(_ any, stream grpc.ServerStream) error {
		method, _ := grpc.MethodFromServerStream(stream) // "/pkg.Service/Method"
		service, name, _ := strings.Cut(strings.TrimPrefix(method, "/"), "/")
		d, err := protoregistry.GlobalFiles.FindDescriptorByName(protoreflect.FullName(service))
		sd, ok := d.(protoreflect.ServiceDescriptor)
		if err != nil || !ok || sd.Methods().ByName(protoreflect.Name(name)) == nil {
			return status.Error(codes.Unimplemented, "no such method here")
		}
		md := sd.Methods().ByName(protoreflect.Name(name))
		for {
			if err := stream.RecvMsg(&emptypb.Empty{}); errors.Is(err, io.EOF) {
				break
			} else if err != nil {
				return err
			}
			if !md.IsStreamingClient() {
				break
			}
		}
		mt, err := protoregistry.GlobalTypes.FindMessageByName(md.Output().FullName())
		if err != nil {
			return status.Error(codes.Internal, err.Error())
		}
		out := mt.New()
		if f := out.Descriptor().Fields().ByName("metadata"); f != nil && f.Message() != nil && md.IsStreamingServer() {
			if ct := f.Message().Fields().ByName("content_type"); ct != nil {
				out.Mutable(f).Message().Set(ct, protoreflect.ValueOfString("image/jpeg"))
			}
		}
		return stream.SendMsg(out.Interface())
	}))
	grpc_health_v1.RegisterHealthServer(srv, health.NewServer())
	go func() { _ = srv.Serve(lis) }()
	t.Cleanup(srv.Stop)
	return lis.Addr().String()
}

// documentedRoutes are the OpenAPI document's operations, "METHOD /path"
// with each {param} filled with a plausible value, sorted.
func documentedRoutes(t testing.TB) []string {
	t.Helper()
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(openapi.Document, &doc); err != nil {
		t.Fatal(err)
	}
	param := regexp.MustCompile(`\{([^}]+)\}`)
	sample := map[string]string{"date.year": "2026", "date.month": "3", "date.day": "14", "user_id": "7", "image_id": "7"}
	var out []string
	for path, methods := range doc.Paths {
		filled := param.ReplaceAllStringFunc(path, func(m string) string {
			if v, ok := sample[m[1:len(m)-1]]; ok {
				return v
			}
			return "0b7e9f3c-52a4-4a39-9a43-2f5f6f0c1e11"
		})
		for method := range methods {
			if method != "parameters" {
				out = append(out, strings.ToUpper(method)+" "+filled)
			}
		}
	}
	sort.Strings(out)
	return out
}

// validToken says whether s could be an HTTP method (RFC 9110 token).
func validToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`"(),/:;<=>?@[\]{}`, c) >= 0 {
			return false
		}
	}
	return true
}

// FuzzRESTRequests sends any method, path (with its query), content type
// and body to the edge's whole HTTP handler in front of an upstream that
// answers every RPC: the REST routes (grpc-gateway's /v1/*, the photo
// routes, the older apps'), docs and health. It must never panic, never
// answer a 5xx of its own (502/503/504 are the upstream's, which answers
// everything here), and every error must be a JSON object; an answer that
// says it is JSON must parse. Run long with
// tools/fuzz.sh go:./internal/gateway:FuzzRESTRequests 1h; seeds are the
// documented routes, plus testdata/fuzz/FuzzRESTRequests.
func FuzzRESTRequests(f *testing.F) {
	const jsonType = "application/json"
	for _, route := range documentedRoutes(f) {
		method, path, _ := strings.Cut(route, " ")
		body := []byte(nil)
		contentType := ""
		if method == http.MethodPost || method == http.MethodPut || method == http.MethodPatch {
			body, contentType = []byte("{}"), jsonType
		}
		f.Add(method, path, contentType, body)
	}
	for _, s := range []struct{ method, path, contentType, body string }{
		{"POST", "/v1/auth:register", jsonType, `{"email":"a@b.c","password":"Linen-Shirt-2026","display_name":"Ann"}`},
		{"POST", "/v1/wardrobe/items", jsonType, `{"name":"Linen shirt","category":"CLOTHING_CATEGORY_TOP","colors":["white"]}`},
		{"PATCH", "/v1/wardrobe/items/0b7e9f3c-52a4-4a39-9a43-2f5f6f0c1e11?update_mask=name,colors", jsonType,
			`{"name":"x","colors":[]}`},
		{"GET", "/v1/wardrobe/items?page_size=-1&page_token=%ff&filter=a%00", "", ""},
		{"GET", "/v1/meal-plans/2026/2/30", "", ""},
		{"POST", "/v1/wardrobe/items/i1/photo", "multipart/form-data; boundary=b",
			"--b\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a.jpg\"\r\n\r\n\xff\xd8\xff\r\n--b--\r\n"},
		{"PUT", "/v1/wardrobe/items/i1/photo?skip_analysis=true", "image/jpeg", "\xff\xd8\xff\xe0"},
		{"GET", "/v1/wardrobe/items/i1/photo?thumbnail=true&redirect=false", "", ""},
		{"POST", "/v1/webhooks/db", jsonType, `{"type":"INSERT","table":"clothing_items","schema":"public",` +
			`"record":{"id":"5b0c3f0e-8d1a-4c1e-9a57-2f7c1b9e4d21","user_id":"0d4f7b8e-3c2a-4e51-8f36-9a1b2c3d4e5f",` +
			`"image_url":"https://abc.supabase.co/storage/v1/object/public/clothing/a.jpg"},"old_record":null}`},
		{"POST", "/v1/swap/listings:check", jsonType, `{"listing":{"title":"Coat","price":{"currency_code":"EUR","units":"-5"}}}`},
		{"POST", "/v1/chat/conversations/c1:streamReply", jsonType, `{"input":{"text":"hi"}}`},
		{"DELETE", "/v1/wardrobe/items", jsonType, `{}`},
		{"POST", "/v1/plans:generate", "text/plain", `{"goal":1}`},
	} {
		f.Add(s.method, s.path, s.contentType, []byte(s.body))
	}
	cfg := testConfig(startEmptyUpstream(f))
	srv, err := New(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		f.Fatalf("New: %v", err)
	}
	f.Cleanup(func() { _ = srv.Close() })
	h := srv.Handler()
	// The upstream is reached (else every input would pass as a 503): a
	// route answers 200 with the fake's empty message.
	probe := httptest.NewRecorder()
	h.ServeHTTP(probe, httptest.NewRequest(http.MethodGet, "/v1/users/me/profile", nil))
	if probe.Code != http.StatusOK {
		f.Fatalf("GET /v1/users/me/profile through the fake upstream: HTTP %d %s", probe.Code, probe.Body)
	}
	f.Fuzz(func(t *testing.T, method, path, contentType string, body []byte) {
		// Only what an HTTP server would hand over: a method token and a
		// request target that parses as one.
		if !validToken(method) || !strings.HasPrefix(path, "/") || strings.ContainsAny(path, " \t#") {
			t.Skip()
		}
		if _, err := url.ParseRequestURI(path); err != nil {
			t.Skip()
		}
		r := httptest.NewRequest(method, path, bytes.NewReader(body))
		r.Header.Set("Authorization", "Bearer t")
		if contentType != "" && validHeaderValueREST(contentType) {
			r.Header.Set("Content-Type", contentType)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		checkRESTAnswer(t, method+" "+path+" "+strconv.Quote(contentType)+" "+strconv.Quote(string(body)), method, w)
	})
}

func validHeaderValueREST(v string) bool {
	for i := 0; i < len(v); i++ {
		if c := v[i]; c < 0x20 && c != '\t' || c == 0x7f {
			return false
		}
	}
	return true
}

// checkRESTAnswer fails t unless the answer is one a client may get for any
// request: no 5xx but 502/503/504, every error a JSON object, a JSON answer
// that parses (a stream: one JSON value a line), a Content-Length that
// matches.
func checkRESTAnswer(t *testing.T, what, method string, w *httptest.ResponseRecorder) {
	t.Helper()
	code, body, header := w.Code, w.Body.Bytes(), w.Header()
	if code >= 500 && code != http.StatusBadGateway && code != http.StatusServiceUnavailable &&
		code != http.StatusGatewayTimeout || code < 200 {
		t.Fatalf("%s: HTTP %d %s", what, code, body)
	}
	if code >= 300 && code < 400 || code == http.StatusNoContent || code == http.StatusNotModified {
		return
	}
	ct := header.Get("Content-Type")
	mediaType, _, _ := mime.ParseMediaType(ct)
	isJSON := mediaType == "application/json" || strings.HasSuffix(mediaType, "+json")
	// Exceptions, plain text: the chat WebSocket's handshake errors (the
	// WebSocket library's; a browser's WebSocket never shows them), and the
	// older apps' http.ServeMux answering an unknown path under their
	// subtrees (/api/, /api/v1/) or a method no route takes itself.
	plain := strings.HasPrefix(what, "GET /ws/chat") ||
		code == http.StatusNotFound && string(body) == "404 page not found\n" ||
		code == http.StatusMethodNotAllowed && string(body) == "Method Not Allowed\n"
	if code >= 400 && !isJSON && !plain {
		t.Fatalf("%s: HTTP %d with %q, not a JSON error: %q", what, code, ct, body)
	}
	if len(body) > 0 && ct == "" {
		t.Fatalf("%s: HTTP %d without a content type", what, code)
	}
	if method == http.MethodHead {
		return
	}
	if isJSON {
		dec := json.NewDecoder(bytes.NewReader(body))
		values := 0
		for {
			var v json.RawMessage
			if err := dec.Decode(&v); errors.Is(err, io.EOF) {
				break
			} else if err != nil {
				t.Fatalf("%s: HTTP %d says JSON, sends %q: %v", what, code, body, err)
			}
			values++
		}
		if code >= 400 && (values != 1 || !bytes.HasPrefix(bytes.TrimSpace(body), []byte("{"))) {
			t.Fatalf("%s: HTTP %d, an error that is no JSON object: %q", what, code, body)
		}
	}
	if cl := header.Get("Content-Length"); cl != "" && cl != strconv.Itoa(len(body)) {
		t.Fatalf("%s: Content-Length %s for %d bytes", what, cl, len(body))
	}
}
