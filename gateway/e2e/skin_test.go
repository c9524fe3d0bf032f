package e2e

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
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

// Seed 002: a server-to-server caller with a key and ?user_id= has the
// analysis stored for that person, and reads their history back with the
// same key, in the analyze route's shape; another key does not.
func TestSkinChaptersStoresAKeysAnalysesForTheUserItNames(t *testing.T) {
	face := facePhoto(t)
	key, other := mintKey(t, "API_KEY_SCOPE_ANALYSIS"), mintKey(t, "API_KEY_SCOPE_ANALYSIS")
	person := "sc-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	body, ctype := multipartFile(t, "image", "face.png", face)
	code, out := raw(t, "POST", "/v1/analyze/skin?user_id="+person, body,
		map[string]string{"Content-Type": ctype, "Authorization": key})
	if code != http.StatusOK {
		t.Fatalf("analyze: %d %v", code, out)
	}
	made := out.(map[string]any)
	id := made["analysis_id"].(string)

	code, out = raw(t, "GET", "/v1/analyze/skin/history?user_id="+person, nil, map[string]string{"Authorization": key})
	if code != http.StatusOK {
		t.Fatalf("history: %d %v", code, out)
	}
	page := out.(map[string]any)
	list, _ := page["analyses"].([]any)
	if len(list) != 1 || page["next_cursor"] != "" {
		t.Fatalf("history should hold the one analysis and no next page: %v", page)
	}
	first := list[0].(map[string]any)
	for _, field := range []string{"analysis_id", "skin_type", "skin_score", "recommended_chapter", "created_at", "conditions"} {
		if fmt.Sprint(first[field]) != fmt.Sprint(made[field]) {
			t.Errorf("history's %s = %v, the analysis answered %v", field, first[field], made[field])
		}
	}
	code, out = raw(t, "GET", "/v1/analyze/skin/"+id+"?user_id="+person, nil, map[string]string{"Authorization": key})
	if code != http.StatusOK || out.(map[string]any)["analysis_id"] != id {
		t.Errorf("get: %d %v", code, out)
	}

	// Another key naming the same person sees nothing of it.
	code, out = raw(t, "GET", "/v1/analyze/skin/history?user_id="+person, nil, map[string]string{"Authorization": other})
	if list, _ := out.(map[string]any)["analyses"].([]any); code != http.StatusOK || len(list) != 0 {
		t.Errorf("another key's history: %d %v", code, out)
	}
	if code, out = raw(t, "GET", "/v1/analyze/skin/"+id+"?user_id="+person, nil, map[string]string{"Authorization": other}); code != http.StatusNotFound {
		t.Errorf("another key's get: %d %v, want 404", code, out)
	}
	// A key must name the person; a user's token may not name anyone; a
	// page size out of range is the app's 422.
	if code, out = raw(t, "GET", "/v1/analyze/skin/history", nil, map[string]string{"Authorization": key}); code != http.StatusBadRequest {
		t.Errorf("history without user_id: %d %v, want 400", code, out)
	}
	token, _ := register(t, "skinkey")
	if code, out = raw(t, "GET", "/v1/analyze/skin/history?user_id="+person, nil, bearer(token)); code != http.StatusUnprocessableEntity {
		t.Errorf("user_id with a user's token: %d %v, want 422", code, out)
	}
	if code, out = raw(t, "GET", "/v1/analyze/skin/history?user_id="+person+"&limit=0", nil, map[string]string{"Authorization": key}); code != http.StatusUnprocessableEntity {
		t.Errorf("limit=0: %d %v, want 422", code, out)
	}

	if code, out = raw(t, "DELETE", "/v1/analyze/skin/"+id+"?user_id="+person, nil, map[string]string{"Authorization": other}); code != http.StatusNotFound {
		t.Errorf("another key's delete: %d %v, want 404", code, out)
	}
	if code, out = raw(t, "DELETE", "/v1/analyze/skin/"+id+"?user_id="+person, nil, map[string]string{"Authorization": key}); code != http.StatusNoContent {
		t.Errorf("delete: %d %v, want 204", code, out)
	}
	code, out = raw(t, "GET", "/v1/analyze/skin/history?user_id="+person, nil, map[string]string{"Authorization": key})
	if list, _ := out.(map[string]any)["analyses"].([]any); code != http.StatusOK || len(list) != 0 {
		t.Errorf("history after delete: %d %v", code, out)
	}
}
