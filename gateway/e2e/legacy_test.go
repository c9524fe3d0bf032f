package e2e

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	goimage "image"
	_ "image/jpeg"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

var legacyCounter int

func apiKey() map[string]string { return map[string]string{"X-API-Key": bootstrapKey} }

// raw makes a request and returns the status and the decoded JSON body
// (object, array, or nil).
func raw(t *testing.T, method, path string, body io.Reader, header map[string]string) (int, any) {
	t.Helper()
	resp, data := fetch(t, method, path, body, header)
	// Like the original services, every answer states its length, however
	// long (a 20-image list is over net/http's 2 KiB chunking threshold).
	if len(data) > 0 && resp.ContentLength != int64(len(data)) {
		t.Errorf("%s %s: Content-Length %d for a body of %d bytes", method, path, resp.ContentLength, len(data))
	}
	var out any
	if len(data) > 0 {
		if err := json.Unmarshal(data, &out); err != nil {
			t.Fatalf("%s %s: not JSON: %s", method, path, data)
		}
	}
	return resp.StatusCode, out
}

func jsonBody(s string) (io.Reader, map[string]string) {
	return bytes.NewBufferString(s), map[string]string{"Content-Type": "application/json", "X-API-Key": bootstrapKey}
}

func createLegacyUser(t *testing.T) (int64, string) {
	t.Helper()
	legacyCounter++
	name := fmt.Sprintf("Legacy User %d-%d", os.Getpid(), legacyCounter)
	body, h := jsonBody(fmt.Sprintf(`{"username": %q, "style_preferences": "casual, earthy"}`, name))
	code, out := raw(t, "POST", "/api/users/", body, h)
	if code != http.StatusOK {
		t.Fatalf("create user: %d %v", code, out)
	}
	u := out.(map[string]any)
	id, ok := u["id"].(float64)
	if !ok || id != float64(int64(id)) || u["username"] != name || u["style_preferences"] != "casual, earthy" {
		t.Fatalf("create user: unexpected body %v (id must be a JSON integer)", u)
	}
	return int64(id), name
}

func photo(t *testing.T, class string) []byte {
	t.Helper()
	root := os.Getenv("STYLIST_TEST_DATA_DIR")
	if root == "" {
		root = filepath.Join("..", "..", "..", "shared", "data")
	}
	dir := filepath.Join(root, "clothing", "train", class)
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) == 0 {
		t.Fatalf("clothing photos not found in %s (the shared data set must be beside the repository): %v", dir, err)
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	data, err := os.ReadFile(filepath.Join(dir, names[0]))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func multipartFile(t *testing.T, field, name string, content []byte) (io.Reader, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile(field, name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(content)
	mw.Close()
	return &buf, mw.FormDataContentType()
}

func TestLegacyRootAndUsers(t *testing.T) {
	code, out := raw(t, "GET", "/", nil, nil)
	if code != http.StatusOK {
		t.Fatalf("GET /: %d", code)
	}
	if _, ok := out.(map[string]any); !ok {
		t.Errorf("GET /: want a JSON object, got %v", out)
	}

	_, name := createLegacyUser(t)
	body, h := jsonBody(fmt.Sprintf(`{"username": %q}`, name))
	code, out = raw(t, "POST", "/api/users/", body, h)
	if code != http.StatusBadRequest {
		t.Errorf("duplicate username: %d %v, want 400", code, out)
	} else if _, ok := out.(map[string]any)["detail"].(string); !ok {
		t.Errorf("duplicate username: want {\"detail\": string}, got %v", out)
	}

	legacyCounter++
	body, h = jsonBody(fmt.Sprintf(`{"username": "no-prefs-%d-%d", "style_preferences": null}`, os.Getpid(), legacyCounter))
	code, out = raw(t, "POST", "/api/users/", body, h)
	if code != http.StatusOK || out.(map[string]any)["style_preferences"] != nil {
		t.Errorf("null preferences: %d %v", code, out)
	}

	for _, bad := range []string{`{}`, `{"username": 123}`, `{"username": "x", "style_preferences": 5}`, `[1]`, `{`} {
		body, h = jsonBody(bad)
		code, out = raw(t, "POST", "/api/users/", body, h)
		if code != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d %v, want 422", bad, code, out)
			continue
		}
		detail, ok := out.(map[string]any)["detail"].([]any)
		if !ok || len(detail) == 0 {
			t.Errorf("%s: want a detail list, got %v", bad, out)
			continue
		}
		first := detail[0].(map[string]any)
		if _, ok := first["loc"].([]any); !ok || first["msg"] == nil || first["type"] == nil {
			t.Errorf("%s: detail entries need loc, msg, type: %v", bad, first)
		}
	}

	body = bytes.NewBufferString(`{"username": "anonymous"}`)
	code, _ = raw(t, "POST", "/api/users/", body, map[string]string{"Content-Type": "application/json"})
	if code != http.StatusUnauthorized {
		t.Errorf("no credentials: %d, want 401", code)
	}
}

func TestLegacyImages(t *testing.T) {
	id, _ := createLegacyUser(t)
	body, ctype := multipartFile(t, "file", "my shirt.jpg", photo(t, "shirt"))
	code, out := raw(t, "POST", fmt.Sprintf("/api/images/upload?user_id=%d", id), body,
		map[string]string{"Content-Type": ctype, "X-API-Key": bootstrapKey})
	if code != http.StatusOK {
		t.Fatalf("upload: %d %v", code, out)
	}
	img := out.(map[string]any)
	if _, ok := img["id"].(float64); !ok || img["user_id"] != float64(id) {
		t.Errorf("upload: ids must be JSON numbers: %v", img)
	}
	if p, _ := img["image_path"].(string); p == "" {
		t.Errorf("upload: no image_path: %v", img)
	}
	tags, ok := img["tags"].(map[string]any)
	if !ok {
		t.Fatalf("upload: no tags object: %v", img)
	}
	for _, k := range []string{"type", "primary_color", "secondary_color", "style"} {
		if _, present := tags[k]; !present {
			t.Errorf("upload: tags.%s missing: %v", k, tags)
		}
	}

	code, out = raw(t, "GET", fmt.Sprintf("/api/images/%d", id), nil, apiKey())
	list, ok := out.([]any)
	if code != http.StatusOK || !ok || len(list) != 1 {
		t.Fatalf("list: %d %v", code, out)
	}
	listed := list[0].(map[string]any)
	if listed["id"] != img["id"] || listed["user_id"] != float64(id) || listed["image_path"] != img["image_path"] {
		t.Errorf("list: the record differs from the upload's: %v vs %v", listed, img)
	}
	if listedTags, ok := listed["tags"].(map[string]any); !ok || listedTags["type"] != tags["type"] {
		t.Errorf("list: tags differ from the upload's: %v vs %v", listed["tags"], tags)
	}

	// image_path is where the image's bytes are, for the same key: the
	// stored photo as an image, cached by ETag, and not another user's.
	path := img["image_path"].(string)
	if want := fmt.Sprintf("/api/images/%d/%d", id, int64(img["id"].(float64))); path != want {
		t.Fatalf("image_path %q, want %q", path, want)
	}
	resp, data := fetch(t, "GET", path, nil, apiKey())
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "image/jpeg" || len(data) < 100 ||
		resp.Header.Get("ETag") == "" {
		t.Fatalf("image bytes: %d %q %d bytes, ETag %q", resp.StatusCode, resp.Header.Get("Content-Type"), len(data),
			resp.Header.Get("ETag"))
	}
	if _, format, err := goimage.DecodeConfig(bytes.NewReader(data)); err != nil || format != "jpeg" {
		t.Errorf("image bytes are not a JPEG: %v %q", err, format)
	}
	resp, _ = fetch(t, "GET", path, nil, map[string]string{"X-API-Key": bootstrapKey, "If-None-Match": resp.Header.Get("ETag")})
	if resp.StatusCode != http.StatusNotModified {
		t.Errorf("image with its ETag: %d, want 304", resp.StatusCode)
	}
	resp, thumb := fetch(t, "GET", path+"?thumbnail=true", nil, apiKey())
	if resp.StatusCode != http.StatusOK || len(thumb) == 0 || len(thumb) >= len(data) {
		t.Errorf("thumbnail: %d, %d bytes (photo %d)", resp.StatusCode, len(thumb), len(data))
	}
	other, _ := createLegacyUser(t)
	for p, want := range map[string]int{
		fmt.Sprintf("/api/images/%d/%d", other, int64(img["id"].(float64))): http.StatusNotFound,
		fmt.Sprintf("/api/images/%d/abc", id):                               http.StatusUnprocessableEntity,
		fmt.Sprintf("/api/images/%d/0", id):                                 http.StatusNotFound,
	} {
		if code, out := raw(t, "GET", p, nil, apiKey()); code != want {
			t.Errorf("GET %s: %d %v, want %d", p, code, out, want)
		}
	}
	if code, _ := raw(t, "GET", path, nil, nil); code != http.StatusUnauthorized {
		t.Errorf("image without credentials: %d, want 401", code)
	}

	// WebP, which the v1 upload takes, is not one of the legacy formats.
	webp, _ := base64.StdEncoding.DecodeString("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==")
	webpBody, ctype := multipartFile(t, "file", "tiny.webp", webp)
	code, out = raw(t, "POST", fmt.Sprintf("/api/images/upload?user_id=%d", id), webpBody,
		map[string]string{"Content-Type": ctype, "X-API-Key": bootstrapKey})
	obj, _ := out.(map[string]any)
	if detail, _ := obj["detail"].(string); code != http.StatusBadRequest || !strings.Contains(detail, "PNG or JPEG") {
		t.Errorf("WebP upload: %d %v, want 400 naming PNG or JPEG", code, out)
	}
	for path, want := range map[string]int{
		"/api/images/upload?user_id=abc":       http.StatusUnprocessableEntity,
		"/api/images/upload?user_id=987654321": http.StatusNotFound,
	} {
		shirt, ctype := multipartFile(t, "file", "shirt.jpg", photo(t, "shirt"))
		if code, out := raw(t, "POST", path, shirt, map[string]string{"Content-Type": ctype, "X-API-Key": bootstrapKey}); code != want {
			t.Errorf("POST %s: %d %v, want %d", path, code, out, want)
		}
	}
	if code, out := raw(t, "GET", "/api/conversations/match-styles/?user_id=987654321", nil, apiKey()); code != http.StatusNotFound {
		t.Errorf("match-styles unknown user: %d %v, want 404", code, out)
	}

	notImage, ctype := multipartFile(t, "file", "notes.jpg", []byte("this is plainly not an image, whatever its name says"))
	code, out = raw(t, "POST", fmt.Sprintf("/api/images/upload?user_id=%d", id), notImage,
		map[string]string{"Content-Type": ctype, "X-API-Key": bootstrapKey})
	if code != http.StatusBadRequest {
		t.Errorf("not an image: %d %v, want 400", code, out)
	}
	noFile, ctype := multipartFile(t, "other", "x.jpg", photo(t, "shirt"))
	code, _ = raw(t, "POST", fmt.Sprintf("/api/images/upload?user_id=%d", id), noFile,
		map[string]string{"Content-Type": ctype, "X-API-Key": bootstrapKey})
	if code != http.StatusUnprocessableEntity {
		t.Errorf("no file field: %d, want 422", code)
	}
	code, _ = raw(t, "GET", "/api/images/abc", nil, apiKey())
	if code != http.StatusUnprocessableEntity {
		t.Errorf("non-integer user_id: %d, want 422", code)
	}
	code, _ = raw(t, "GET", "/api/images/987654321", nil, apiKey())
	if code != http.StatusNotFound {
		t.Errorf("unknown user: %d, want 404", code)
	}
	code, _ = raw(t, "GET", "/api/conversations/match-styles/?user_id=x", nil, apiKey())
	if code != http.StatusUnprocessableEntity {
		t.Errorf("match-styles non-integer: %d, want 422", code)
	}
	if typ, ok := tags["type"].(string); !ok || typ == "" {
		t.Errorf("upload: the classifier's label should be in tags.type: %v", tags)
	}
	if c, ok := tags["primary_color"].(string); !ok || c == "" {
		t.Errorf("upload: a colour name should be in tags.primary_color: %v", tags)
	}

	// A user's own token may not act for another user_id, which answers as
	// a user id that does not exist would (ids cannot be probed).
	token, _ := register(t, "legacyuser")
	code, _ = raw(t, "GET", fmt.Sprintf("/api/images/%d", id), nil, bearer(token))
	if code != http.StatusNotFound {
		t.Errorf("user token for another user_id: %d, want 404", code)
	}
}

// function is the outfit slot of a classifier label, as the server groups them.
func function(label string) string {
	switch label {
	case "t-shirt", "shirt", "longsleeve":
		return "top"
	case "pants", "shorts", "skirt":
		return "bottom"
	case "dress":
		return "full"
	case "outwear":
		return "outer"
	case "hat":
		return "head"
	}
	return label
}

func TestLegacyMatchStyles(t *testing.T) {
	id, _ := createLegacyUser(t)
	for _, class := range []string{"t-shirt", "shirt", "pants", "shorts", "shoes", "dress", "outwear"} {
		body, ctype := multipartFile(t, "file", class+".jpg", photo(t, class))
		code, out := raw(t, "POST", fmt.Sprintf("/api/images/upload?user_id=%d", id), body,
			map[string]string{"Content-Type": ctype, "X-API-Key": bootstrapKey})
		if code != http.StatusOK {
			t.Fatalf("upload %s: %d %v", class, code, out)
		}
	}
	_, out := raw(t, "GET", fmt.Sprintf("/api/images/%d", id), nil, apiKey())
	kind := map[string]string{}
	functions := map[string]bool{}
	for _, v := range out.([]any) {
		img := v.(map[string]any)
		label, _ := img["tags"].(map[string]any)["type"].(string)
		kind[img["image_path"].(string)] = function(label)
		functions[function(label)] = true
	}
	code, out := raw(t, "GET", fmt.Sprintf("/api/conversations/match-styles/?user_id=%d", id), nil, apiKey())
	groups, ok := out.([]any)
	if code != http.StatusOK || !ok {
		t.Fatalf("match-styles: %d %v", code, out)
	}
	if len(groups) > 5 {
		t.Errorf("at most 5 groups, got %d", len(groups))
	}
	if (functions["top"] && functions["bottom"]) || functions["full"] {
		if len(groups) == 0 {
			t.Errorf("no outfit from images of kinds %v", kind)
		}
	}
	for _, g := range groups {
		seen := map[string]bool{}
		for _, p := range g.([]any) {
			f, known := kind[p.(string)]
			if !known {
				t.Errorf("group names an unknown image %v", p)
			}
			if seen[f] {
				t.Errorf("group %v has two items worn as %s", g, f)
			}
			seen[f] = true
		}
	}
}

// POST /api/conversations/ and GET /api/conversations/{user_id} run through
// the chat service (the built-in stylist here: the test server has no model).
func TestLegacyConversations(t *testing.T) {
	id, _ := createLegacyUser(t)
	ask := func(question string) (int, any) {
		return raw(t, "POST", fmt.Sprintf("/api/conversations/?user_id=%d&question=%s", id, url.QueryEscape(question)), nil, apiKey())
	}
	code, out := ask("What colours go with navy?")
	if code != http.StatusOK {
		t.Fatalf("ask: %d %v", code, out)
	}
	first := out.(map[string]any)
	if _, ok := first["id"].(float64); !ok || first["user_id"] != float64(id) ||
		first["question"] != "What colours go with navy?" || !strings.Contains(first["answer"].(string), "navy") {
		t.Errorf("ask: %v", first)
	}
	// A long question, so that the list below is over net/http's 2 KiB
	// chunking threshold and raw checks its Content-Length.
	if code, out = ask("How do I wash wool? " + strings.Repeat("My merino jumper is precious to me. ", 70)); code != http.StatusOK {
		t.Fatalf("second ask: %d %v", code, out)
	}

	code, out = raw(t, "GET", fmt.Sprintf("/api/conversations/%d", id), nil, apiKey())
	if code != http.StatusOK {
		t.Fatalf("list: %d %v", code, out)
	}
	list, _ := out.([]any)
	if len(list) != 2 {
		t.Fatalf("list: want 2 exchanges, got %v", out)
	}
	entry := list[0].(map[string]any)
	if entry["id"] != first["id"] || entry["question"] != first["question"] || entry["answer"] != first["answer"] {
		t.Errorf("list[0] = %v, want the first exchange %v", entry, first)
	}
	if _, err := time.Parse("2006-01-02T15:04:05.999999", entry["created_at"].(string)); err != nil {
		t.Errorf("created_at: %v", err)
	}

	for name, c := range map[string]struct {
		method, path string
		want         int
	}{
		"no question":       {"POST", fmt.Sprintf("/api/conversations/?user_id=%d", id), http.StatusUnprocessableEntity},
		"user_id not int":   {"POST", "/api/conversations/?user_id=abc&question=hi", http.StatusUnprocessableEntity},
		"unknown user":      {"POST", "/api/conversations/?user_id=999999999&question=hi", http.StatusNotFound},
		"list not int":      {"GET", "/api/conversations/abc", http.StatusUnprocessableEntity},
		"list unknown":      {"GET", "/api/conversations/999999999", http.StatusNotFound},
		"question too long": {"POST", fmt.Sprintf("/api/conversations/?user_id=%d&question=%s", id, strings.Repeat("a", 4001)), http.StatusBadRequest},
	} {
		if code, out := raw(t, c.method, c.path, nil, apiKey()); code != c.want {
			t.Errorf("%s: %d %v, want %d", name, code, out, c.want)
		}
	}
	// A user's own token may ask for themself only.
	token, _ := register(t, "legacychat")
	code, _ = raw(t, "GET", fmt.Sprintf("/api/conversations/%d", id), nil, bearer(token))
	if code != http.StatusNotFound {
		t.Errorf("another user's history with a bearer token: %d, want 404", code)
	}
}

// The legacy app names images by their file ("IMG_0042.jpg"); answers name
// the pieces by what they are, never by the file.
func TestLegacyAnswersNameImagesByWhatTheyAre(t *testing.T) {
	id, _ := createLegacyUser(t)
	for i, kind := range []string{"shirt", "pants"} {
		body, ctype := multipartFile(t, "file", fmt.Sprintf("IMG_004%d.jpg", i), photo(t, kind))
		code, out := raw(t, "POST", fmt.Sprintf("/api/images/upload?user_id=%d", id), body,
			map[string]string{"Content-Type": ctype, "X-API-Key": bootstrapKey})
		if code != http.StatusOK {
			t.Fatalf("upload %s: %d %v", kind, code, out)
		}
	}
	for _, question := range []string{"What should I wear today?"} {
		code, out := raw(t, "POST", fmt.Sprintf("/api/conversations/?user_id=%d&question=%s", id, url.QueryEscape(question)), nil, apiKey())
		if code != http.StatusOK {
			t.Fatalf("ask: %d %v", code, out)
		}
		answer := out.(map[string]any)["answer"].(string)
		if strings.Contains(answer, "IMG_004") || strings.Contains(strings.ToLower(answer), ".jpg") {
			t.Errorf("%q is answered with a file name: %s", question, answer)
		}
		// An outfit of the two pieces, each called by what it is.
		if !strings.Contains(answer, "shirt and your") || !strings.Contains(answer, "pants") && !strings.Contains(answer, "trousers") {
			t.Errorf("%q is not answered with the uploaded pieces by name: %s", question, answer)
		}
	}
}
