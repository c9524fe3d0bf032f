package gateway

import (
	"net/http"
	"testing"
)

// With -photo-redirects, a photo GET is a 307 to the object store's URL
// where the server hands them out, the bytes where it does not (or the
// client asks with ?redirect=false), and the server's error otherwise.
func TestPhotoRedirects(t *testing.T) {
	up := startUpstream(t)
	cfg := testConfig(up.addr)
	cfg.PhotoRedirects = true
	base := startGateway(t, cfg)
	noRedirects := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(path string) (*http.Response, []byte) {
		return callWith(t, noRedirects, "GET", base+path, "", map[string]string{"Authorization": "Bearer t"})
	}

	resp, body := get("/v1/wardrobe/items/item-1/photo")
	if resp.StatusCode != http.StatusOK || string(body) != "abcdef" {
		t.Fatalf("no URLs handed out: %d %q, want the bytes", resp.StatusCode, body)
	}

	up.mu.Lock()
	up.photoURL = "https://bucket.example.com/photos/ab?X-Amz-Signature=00"
	up.mu.Unlock()
	resp, _ = get("/v1/wardrobe/items/item-1/photo")
	if resp.StatusCode != http.StatusTemporaryRedirect || resp.Header.Get("Location") != up.photoURL ||
		resp.Header.Get("Cache-Control") != "private, no-store" {
		t.Errorf("redirect: %d Location %q Cache-Control %q", resp.StatusCode, resp.Header.Get("Location"),
			resp.Header.Get("Cache-Control"))
	}
	if resp, _ = get("/v1/wardrobe/items/item-1/photo/thumbnail"); resp.Header.Get("Location") != up.photoURL+"?thumbnail" {
		t.Errorf("thumbnail redirect: %d Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if resp, body = get("/v1/wardrobe/items/item-1/photo?redirect=false"); resp.StatusCode != http.StatusOK || string(body) != "abcdef" {
		t.Errorf("?redirect=false: %d %q, want the bytes", resp.StatusCode, body)
	}
	if resp, _ = get("/v1/wardrobe/items/item-2/photo"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown item: %d, want 404", resp.StatusCode)
	}
}
