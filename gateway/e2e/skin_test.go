package e2e

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// facePhoto is the portrait tools/fetch-test-images.sh unpacks from
// Debian's python3-skimage.
func facePhoto(t *testing.T) []byte {
	t.Helper()
	path := filepath.Join("..", "..", ".tools", "testdata", "faces", "astronaut.png")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("no face photo (run tools/fetch-test-images.sh): %v", err)
	}
	return data
}

// The Skin Chapters route answers the app's JSON, with a user's token or a
// service key in Authorization, as the app's clients send them.
func TestSkinChaptersAnalyzeRoute(t *testing.T) {
	face := facePhoto(t)
	token, _ := register(t, "skin")
	for name, auth := range map[string]string{
		"bearer token":          "Bearer " + token,
		"service key":           bootstrapKey,
		"service key as bearer": "Bearer " + bootstrapKey,
	} {
		body, ctype := multipartFile(t, "image", "face.png", face)
		code, out := raw(t, "POST", "/v1/analyze/skin", body, map[string]string{"Content-Type": ctype, "Authorization": auth})
		if code != http.StatusOK {
			t.Fatalf("%s: %d %v", name, code, out)
		}
		res := out.(map[string]any)
		for _, field := range []string{"skin_type", "analysis_id", "created_at"} {
			if s, ok := res[field].(string); !ok || s == "" {
				t.Errorf("%s: %s should be a non-empty string: %v", name, field, res)
			}
		}
		if _, err := time.Parse(time.RFC3339Nano, res["created_at"].(string)); err != nil {
			t.Errorf("%s: created_at is not an ISO time: %v", name, err)
		}
		if _, ok := res["conditions"].([]any); !ok {
			t.Errorf("%s: conditions should be an array of names: %v", name, res)
		}
		score, ok := res["skin_score"].(float64)
		if !ok || score != float64(int(score)) || score < 0 || score > 100 {
			t.Errorf("%s: skin_score should be an integer 0..100: %v", name, res["skin_score"])
		}
		chapter, ok := res["recommended_chapter"].(float64)
		if !ok || chapter < 1 || chapter > 7 {
			t.Errorf("%s: recommended_chapter should be 1..7: %v", name, res["recommended_chapter"])
		}
	}

	// The user's analysis is in their history over the /v1 API too.
	resp, out := do(t, "GET", "/v1/skin-analyses", "", bearer(token))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("list: %d %v", resp.StatusCode, out)
	}
	if list, _ := out["analyses"].([]any); len(list) != 1 {
		t.Errorf("history should hold the one analysis made with the user's token: %v", out)
	}
}

func TestSkinChaptersAnalyzeRouteRefusesBadInput(t *testing.T) {
	token, _ := register(t, "skinbad")
	auth := map[string]string{"Authorization": "Bearer " + token}
	cases := []struct {
		name    string
		field   string
		content []byte
		want    int
	}{
		{"not an image", "image", []byte("plain text, not a photo"), http.StatusBadRequest},
		{"no face", "image", photo(t, "pants"), http.StatusBadRequest},
		{"wrong field", "file", photo(t, "pants"), http.StatusUnprocessableEntity},
	}
	for _, c := range cases {
		body, ctype := multipartFile(t, c.field, "x.jpg", c.content)
		h := map[string]string{"Content-Type": ctype}
		for k, v := range auth {
			h[k] = v
		}
		code, out := raw(t, "POST", "/v1/analyze/skin", body, h)
		if code != c.want {
			t.Errorf("%s: %d %v, want %d", c.name, code, out, c.want)
			continue
		}
		if m, ok := out.(map[string]any); !ok || m["detail"] == nil {
			t.Errorf("%s: want a {\"detail\": ...} body, got %v", c.name, out)
		}
	}
	body, ctype := multipartFile(t, "image", "face.png", []byte("x"))
	if code, _ := raw(t, "POST", "/v1/analyze/skin", body, map[string]string{"Content-Type": ctype}); code != http.StatusUnauthorized {
		t.Errorf("no credentials: %d, want 401", code)
	}
	body, ctype = multipartFile(t, "image", "face.png", []byte("x"))
	code, _ := raw(t, "POST", "/v1/analyze/skin", body, map[string]string{"Content-Type": ctype, "Authorization": "wrong-key"})
	if code != http.StatusUnauthorized {
		t.Errorf("unknown key: %d, want 401", code)
	}
}
