package compat

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
)

// emptyUpstream answers every call with an empty response message: a valid
// answer the handlers must turn into JSON without dereferencing a field the
// server happens to set today.
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
func (s *emptyStream) RecvMsg(any) error {
	if s.sent {
		return io.EOF
	}
	s.sent = true
	return nil
}

// FuzzLegacyRequests sends any method, route, headers and body to the
// older apps' routes (AI stylist, fitness, Skin Chapters): every answer is
// a 2xx or a 4xx, never a panic or a 5xx (the upstream answers
// everything). Run long with
// tools/fuzz.sh go:./internal/compat:FuzzLegacyRequests 1h.
func FuzzLegacyRequests(f *testing.F) {
	routes := []string{
		"GET /", "POST /api/users/", "POST /api/images/upload", "GET /api/images/7",
		"GET /api/conversations/match-styles/?user_id=7", "POST /api/conversations/", "GET /api/conversations/7",
		"POST /v1/analyze/skin", "POST /register", "POST /login", "GET /profile", "PUT /profile",
		"PATCH /profile", "GET /meal-plan?date=2026-01-02", "GET /workout-plan", "POST /generate-plan",
	}
	f.Add(uint8(1), "application/json", []byte(`{"username":"ann","style_preferences":"boho"}`))
	f.Add(uint8(2), "multipart/form-data; boundary=x",
		[]byte("--x\r\nContent-Disposition: form-data; name=\"user_id\"\r\n\r\n7\r\n--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\n\r\n\xff\xd8\xff\r\n--x--\r\n"))
	f.Add(uint8(5), "application/json", []byte(`{"user_id":7,"question":"what goes with navy?"}`))
	f.Add(uint8(8), "application/json", []byte(`{"image":"aGVsbG8=","user_id":"u1"}`))
	f.Add(uint8(8), "multipart/form-data; boundary=b", []byte("--b\r\nContent-Disposition: form-data; name=\"image\"; filename=\"f.png\"\r\n\r\nx\r\n--b--\r\n"))
	f.Add(uint8(8), "application/json", []byte(`{"email":"a@b.c","password":"Linen-Shirt-2026","age":30,"fitness_goal":"lose_weight","dietary_preferences":["vegan"]}`))
	f.Add(uint8(11), "application/json", []byte(`{"weight":70.5,"allergies":["peanut"],"activity_level":"moderate"}`))
	f.Add(uint8(15), "application/json", []byte(`{"goal":"gain_muscle","diet":"vegan","start_date":"2026-02-30"}`))
	h := New(emptyUpstream{})
	f.Fuzz(func(t *testing.T, route uint8, contentType string, body []byte) {
		spec := routes[int(route)%len(routes)]
		method, target, _ := bytes.Cut([]byte(spec), []byte(" "))
		r := httptest.NewRequest(string(method), string(target), bytes.NewReader(body))
		r.Header.Set("Content-Type", contentType)
		r.Header.Set("Authorization", "Bearer t")
		r.Header.Set("X-Api-Key", "k")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code >= 500 {
			t.Fatalf("%s with %q %q: HTTP %d %s", spec, contentType, body, w.Code, w.Body.String())
		}
		if w.Code != http.StatusNotFound && w.Body.Len() > 0 && w.Header().Get("Content-Type") == "" {
			t.Fatalf("%s: an answer without a content type", spec)
		}
	})
}
