package compat

import (
	"bytes"
	"context"
	"encoding/json"
	"hash/fnv"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// emptyUpstream answers every call with an empty response message: a valid
// answer the handlers must turn into JSON without dereferencing a field the
// server happens to set today. The one field the contract promises is set:
// an image stream's first message describes the image (an empty JPEG).
type emptyUpstream struct{}

func (emptyUpstream) Invoke(context.Context, string, any, any, ...grpc.CallOption) error { return nil }

func (emptyUpstream) NewStream(ctx context.Context, _ *grpc.StreamDesc, _ string, _ ...grpc.CallOption) (grpc.ClientStream, error) {
	return &emptyStream{ctx: ctx}, nil
}

type emptyStream struct {
	ctx  context.Context
	sent bool
}

func (s *emptyStream) Header() (metadata.MD, error) { return metadata.MD{}, nil }
func (s *emptyStream) Trailer() metadata.MD         { return metadata.MD{} }
func (s *emptyStream) CloseSend() error             { return nil }
func (s *emptyStream) Context() context.Context     { return s.ctx }
func (s *emptyStream) SendMsg(any) error            { return nil }
func (s *emptyStream) RecvMsg(m any) error {
	if s.sent {
		return io.EOF
	}
	s.sent = true
	describeImage(m)
	return nil
}

// describeImage sets metadata.content_type of a download stream's message
// (DownloadLegacyImageResponse and the like), as the server's first
// message always does; other messages stay empty.
func describeImage(m any) {
	pm, ok := m.(proto.Message)
	if !ok {
		return
	}
	msg := pm.ProtoReflect()
	fd := msg.Descriptor().Fields().ByName("metadata")
	if fd == nil || fd.Message() == nil {
		return
	}
	ct := fd.Message().Fields().ByName("content_type")
	if ct == nil {
		return
	}
	info := msg.Mutable(fd).Message()
	info.Set(ct, protoreflect.ValueOfString("image/jpeg")) // size_bytes stays 0
}

// fuzzRoute is one route New serves, as a request can reach it.
type fuzzRoute struct {
	spec, method, path string // path: with {name} wildcards
}

var wildcard = regexp.MustCompile(`\{[^}]*\}`)

// fuzzRoutes are the routes New serves, from Routes() (so that a route
// added there is fuzzed too) and Patterns() (a subtree such as Aura's
// /api/v1/ as a path of its own): "METHOD /path" with {$} dropped.
func fuzzRoutes() []fuzzRoute {
	var out []fuzzRoute
	seen := map[string]bool{}
	for _, spec := range append(Routes(), Patterns()...) {
		method, path, ok := strings.Cut(spec, " ")
		if !ok {
			method, path = http.MethodGet, spec
		}
		path = strings.TrimSuffix(path, "{$}")
		key := method + " " + path
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, fuzzRoute{spec: key, method: method, path: path})
	}
	return out
}

// pickRoute is the route named exactly by name, else one chosen by its
// hash: the committed seeds name their route and stay on it when the list
// changes; the fuzzer's mutations spread over all routes.
func pickRoute(routes []fuzzRoute, name string) fuzzRoute {
	for _, r := range routes {
		if r.spec == name {
			return r
		}
	}
	h := fnv.New32a()
	_, _ = h.Write([]byte(name))
	return routes[int(h.Sum32()%uint32(len(routes)))]
}

var fuzzMethods = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete,
	http.MethodHead, http.MethodOptions, "PROPFIND"}

// validHeaderValue says whether v could arrive as a header value (an HTTP
// server refuses control characters other than tab).
func validHeaderValue(v string) bool {
	for i := 0; i < len(v); i++ {
		if c := v[i]; c < 0x20 && c != '\t' || c == 0x7f {
			return false
		}
	}
	return true
}

// buildRequest is the request the fuzzer's inputs describe, as an HTTP
// server would hand it over. flags: bit 0 a bearer token, bit 1 an API key,
// bit 2 the webhook secret, bit 3 another method (bits 4-6 pick it).
// param fills the path's wildcards ("7" when empty); query is dropped when
// no request line could carry it.
func buildRequest(route fuzzRoute, flags uint8, param, query, contentType string, body []byte) *http.Request {
	if param == "" {
		param = "7"
	}
	path := wildcard.ReplaceAllLiteralString(route.path, url.PathEscape(param))
	target := path
	if query != "" {
		withQuery := path + "?" + query
		if _, err := url.ParseRequestURI(withQuery); err == nil && !strings.ContainsAny(withQuery, " \t#") {
			target = withQuery
		}
	}
	method := route.method
	if flags&8 != 0 {
		method = fuzzMethods[int(flags>>4)%len(fuzzMethods)]
	}
	r := httptest.NewRequest(method, target, bytes.NewReader(body))
	if validHeaderValue(contentType) {
		r.Header.Set("Content-Type", contentType)
	}
	if flags&1 != 0 {
		r.Header.Set("Authorization", "Bearer t")
	}
	if flags&2 != 0 {
		r.Header.Set("X-Api-Key", "k")
	}
	if flags&4 != 0 {
		r.Header.Set("X-Webhook-Secret", "s")
	}
	return r
}

// muxAnswer says whether an answer is http.ServeMux's own plain-text 404
// or 405 (an unknown path, or a method no pattern takes): not a handler's.
func muxAnswer(code int, header http.Header, body string) bool {
	if !strings.HasPrefix(header.Get("Content-Type"), "text/plain") {
		return false
	}
	return code == http.StatusNotFound && body == "404 page not found\n" ||
		code == http.StatusMethodNotAllowed && body == "Method Not Allowed\n"
}

// checkAnswer fails t unless the answer is one a client may get for any
// input: no 5xx (the fake upstream answers everything, so nothing here may
// fail upstream), an error as a JSON object, JSON that parses
// wherever an answer says it is JSON, a Content-Length that matches.
func checkAnswer(t *testing.T, what string, method string, w *httptest.ResponseRecorder) {
	t.Helper()
	code, body, header := w.Code, w.Body.Bytes(), w.Header()
	switch {
	case code >= 500:
		t.Fatalf("%s: HTTP %d %s", what, code, body)
	case code < 200:
		t.Fatalf("%s: HTTP %d", what, code)
	}
	if muxAnswer(code, header, string(body)) || code >= 300 && code < 400 {
		return
	}
	ct := header.Get("Content-Type")
	mediaType, _, _ := mime.ParseMediaType(ct)
	isJSON := mediaType == "application/json" || strings.HasSuffix(mediaType, "+json")
	if code >= 400 && !isJSON {
		t.Fatalf("%s: HTTP %d with %q, not a JSON error: %q", what, code, ct, body)
	}
	if len(body) > 0 && ct == "" {
		t.Fatalf("%s: HTTP %d without a content type", what, code)
	}
	if method == http.MethodHead || code == http.StatusNoContent || code == http.StatusNotModified {
		return
	}
	if isJSON && !json.Valid(body) {
		t.Fatalf("%s: HTTP %d says JSON, sends %q", what, code, body)
	}
	if code >= 400 {
		var e map[string]json.RawMessage
		// {"detail": ...} (FastAPI's apps) or {"field": [...]} (the fitness
		// app's Django REST framework): a JSON object that says something.
		if err := json.Unmarshal(body, &e); err != nil || len(e) == 0 {
			t.Fatalf("%s: HTTP %d, an error that is no JSON object: %q", what, code, body)
		}
	}
	if cl := header.Get("Content-Length"); cl != "" && cl != strconv.Itoa(len(body)) {
		t.Fatalf("%s: Content-Length %s for %d bytes", what, cl, len(body))
	}
}

// FuzzLegacyRequests sends any body, content type, path value, query and
// credentials to every route of the older apps (AI stylist, fitness, Skin
// Chapters, Aura), and sometimes another method: no handler may panic,
// answer a 5xx of its own (the upstream answers everything), or send an
// error or a "JSON" answer that is not JSON. Run long with
// tools/fuzz.sh go:./internal/compat:FuzzLegacyRequests 1h; seeds are in
// testdata/fuzz/FuzzLegacyRequests and below.
func FuzzLegacyRequests(f *testing.F) {
	const all = 7 // bearer token, API key, webhook secret
	const jsonType = "application/json"
	multipartFile := func(boundary, field, name, content string, extra ...string) []byte {
		var b strings.Builder
		for i := 0; i+1 < len(extra); i += 2 {
			b.WriteString("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + extra[i] + "\"\r\n\r\n" +
				extra[i+1] + "\r\n")
		}
		b.WriteString("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + name +
			"\"\r\nContent-Type: image/jpeg\r\n\r\n" + content + "\r\n--" + boundary + "--\r\n")
		return []byte(b.String())
	}
	seeds := []struct {
		route        string
		flags        uint8
		param, query string
		contentType  string
		body         []byte
	}{
		// AI stylist
		{"GET /", all, "", "", "", nil},
		{"POST /api/users/", all, "", "", jsonType, []byte(`{"username":"ann","style_preferences":"boho"}`)},
		{"POST /api/images/upload", all, "", "user_id=7", "multipart/form-data; boundary=x",
			multipartFile("x", "file", "a.jpg", "\xff\xd8\xff\xe0", "note", "first")},
		{"GET /api/images/{user_id}", all, "7", "", "", nil},
		{"GET /api/images/{user_id}/{image_id}", all, "7", "thumbnail=true", "", nil},
		{"GET /api/conversations/match-styles/", all, "", "user_id=7&occasion=wedding", "", nil},
		{"POST /api/conversations/", all, "", "user_id=7&question=what+goes+with+navy%3F", jsonType, []byte(`{}`)},
		{"GET /api/conversations/{user_id}", all, "-1", "", "", nil},
		// Skin Chapters
		{"POST /v1/analyze/skin", all, "", "user_id=u1", "multipart/form-data; boundary=b",
			multipartFile("b", "image", "f.png", "\x89PNG\r\n\x1a\n")},
		{"POST /v1/analyze/skin", all, "", "", jsonType, []byte(`{"image":"aGVsbG8=","user_id":"u1"}`)},
		{"GET /v1/analyze/skin/history", all, "", "user_id=u1&limit=5", "", nil},
		{"GET /v1/analyze/skin/{analysis_id}", all, "a1b2", "", "", nil},
		{"DELETE /v1/analyze/skin/{analysis_id}", all, "a1b2", "user_id=u1", "", nil},
		// fitness
		{"POST /register", 0, "", "", jsonType, []byte(`{"email":"a@b.c","password":"Linen-Shirt-2026","age":30,` +
			`"fitness_goal":"lose_weight","dietary_preferences":["vegan"]}`)},
		{"POST /login", 0, "", "", jsonType, []byte(`{"email":"a@b.c","password":"Linen-Shirt-2026"}`)},
		{"GET /profile", all, "", "", "", nil},
		{"PUT /profile", all, "", "", jsonType, []byte(`{"weight":70.5,"allergies":["peanut"],"activity_level":"moderate"}`)},
		{"PATCH /profile", all, "", "", jsonType, []byte(`{"dietary_preferences":"vegan, gluten_free","age":null}`)},
		{"GET /meal-plan", all, "", "date=2026-01-02", "", nil},
		{"GET /workout-plan", all, "", "date=2026-02-30", "", nil},
		{"POST /generate-plan", all, "", "", jsonType, []byte(`{"goal":"gain_muscle","diet":"vegan","start_date":"2026-02-30"}`)},
		// Aura
		{"POST /api/v1/webhooks/db", all, "", "", jsonType, []byte(`{"type":"INSERT","table":"clothing_items",` +
			`"schema":"public","record":{"id":"5b0c3f0e-8d1a-4c1e-9a57-2f7c1b9e4d21",` +
			`"user_id":"0d4f7b8e-3c2a-4e51-8f36-9a1b2c3d4e5f","name":"Linen shirt","description":"white, relaxed fit",` +
			`"brand":"Uniqlo","category":"tops","color":"white",` +
			`"image_url":"https://abc.supabase.co/storage/v1/object/public/clothing/0d4f/shirt.jpg",` +
			`"created_at":"2026-01-02T10:00:00.000Z"},"old_record":null}`)},
		{"POST /api/v1/webhooks/db", all, "", "", jsonType, []byte(`{"type":"UPDATE","table":"clothing_items",` +
			`"schema":"public","record":{"id":"x","color":"navy"},"old_record":{"id":"x","color":"black"}}`)},
		{"POST /api/v1/webhooks/db", 1, "", "", jsonType, []byte(`{"type":"DELETE"}`)},
		{"POST /api/v1/swap-market/process-listing", all, "", "", jsonType, []byte(`{"title":"Linen shirt",` +
			`"description":"Worn twice","clothing_item_id":"5b0c3f0e-8d1a-4c1e-9a57-2f7c1b9e4d21","price":24.99,` +
			`"currency":"EUR","size":"M","condition":"like_new"}`)},
		{"POST /api/v1/swap-market/process-listing", all, "", "", jsonType, []byte(`{"title":"x","price":-1e308,"condition":"worn"}`)},
		{"POST /api/v1/ai/analyze-clothing-item", all, "", "", jsonType,
			[]byte(`{"clothing_item_id":"5b0c3f0e-8d1a-4c1e-9a57-2f7c1b9e4d21"}`)},
		{"GET /api/v1/recommendations/", all, "", "type=items&limit=5", "", nil},
		{"GET /api/v1/recommendations/", all, "", "type=combinations&limit=0", "", nil},
		{"POST /api/v1/ai/calculate-style-dna", all, "", "", jsonType, []byte(`{}`)},
		{"GET /api/v1/style-dna", all, "", "", "", nil},
		// a method the route does not take; a path of the subtree no route has
		{"POST /api/v1/webhooks/db", all | 8 | 4<<4, "", "", jsonType, []byte(`{}`)},
		{"GET /api/v1/", all, "", "", "", nil},
	}
	routes := fuzzRoutes()
	for _, s := range seeds {
		if pickRoute(routes, s.route).spec != s.route {
			f.Fatalf("seed for %q: no such route among %v", s.route, routes)
		}
		f.Add(s.route, s.flags, s.param, s.query, s.contentType, s.body)
	}
	h := New(emptyUpstream{})
	f.Fuzz(func(t *testing.T, name string, flags uint8, param, query, contentType string, body []byte) {
		route := pickRoute(routes, name)
		r := buildRequest(route, flags, param, query, contentType, body)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		checkAnswer(t, r.Method+" "+r.URL.RequestURI()+" ("+route.spec+") with "+strconv.Quote(contentType)+" "+
			strconv.Quote(string(body)), r.Method, w)
	})
}
