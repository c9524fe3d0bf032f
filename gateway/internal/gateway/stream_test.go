package gateway

import (
	"net/http"
	"strings"
	"testing"
)

// An item's photo over REST is the image itself, streamed from the server's
// chunks through the middlewares' writers: its type and length, an ETag that
// revalidates, and single byte ranges.
func TestPhotoDownloadIsTheImage(t *testing.T) {
	up := startUpstream(t)
	base := startGateway(t, testConfig(up.addr))
	url := base + "/v1/wardrobe/items/it-1/photo"

	resp, body := call(t, "GET", url, "", map[string]string{"X-Request-ID": "photo-1"})
	if resp.StatusCode != http.StatusOK || string(body) != "abcdef" {
		t.Fatalf("GET photo: %d %q", resp.StatusCode, body)
	}
	for header, want := range map[string]string{
		"Content-Type": "image/jpeg", "Content-Length": "6", "ETag": `"5ca1ab1e"`,
		"Cache-Control": "private, no-cache", "Accept-Ranges": "bytes", "X-Request-ID": "photo-1",
	} {
		if got := resp.Header.Get(header); got != want {
			t.Errorf("%s: %q, want %q", header, got, want)
		}
	}
	if resp, body := call(t, "GET", url, "", map[string]string{"If-None-Match": `"5ca1ab1e"`}); resp.StatusCode != http.StatusNotModified || len(body) != 0 {
		t.Errorf("If-None-Match: %d %q, want 304 without a body", resp.StatusCode, body)
	}
	for rng, want := range map[string]string{"bytes=1-3": "bcd", "bytes=4-": "ef", "bytes=-2": "ef", "bytes=2-100": "cdef"} {
		resp, body := call(t, "GET", url, "", map[string]string{"Range": rng})
		if resp.StatusCode != http.StatusPartialContent || string(body) != want {
			t.Errorf("Range %s: %d %q, want 206 %q", rng, resp.StatusCode, body, want)
		}
	}
	if resp, _ := call(t, "GET", url, "", map[string]string{"Range": "bytes=6-"}); resp.StatusCode != http.StatusRequestedRangeNotSatisfiable ||
		resp.Header.Get("Content-Range") != "bytes */6" {
		t.Errorf("a range past the end: %d %q, want 416 bytes */6", resp.StatusCode, resp.Header.Get("Content-Range"))
	}
	// A stale If-Range gets the whole photo.
	if resp, body := call(t, "GET", url, "", map[string]string{"Range": "bytes=1-3", "If-Range": `"old"`}); resp.StatusCode != http.StatusOK || string(body) != "abcdef" {
		t.Errorf("stale If-Range: %d %q, want 200 and the whole photo", resp.StatusCode, body)
	}
	if got := up.seen().Get("x-request-id"); len(got) != 1 || got[0] == "" {
		t.Errorf("upstream x-request-id %q", got)
	}
}

// An upload that is neither a form nor an image is refused before the
// server is asked; PATCH on the photo lists every method the path takes.
func TestPhotoUploadRefusesWhatIsNotAPhoto(t *testing.T) {
	up := startUpstream(t)
	base := startGateway(t, testConfig(up.addr))
	url := base + "/v1/wardrobe/items/it-1/photo"
	if resp, body := call(t, "POST", url, `{"photo":"x"}`, map[string]string{"Content-Type": "application/json"}); resp.StatusCode != http.StatusUnsupportedMediaType {
		t.Errorf("a JSON body: %d %s, want 415", resp.StatusCode, body)
	}
	if resp, body := call(t, "POST", url, "--b\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nx\r\n--b--\r\n",
		map[string]string{"Content-Type": "multipart/form-data; boundary=b"}); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("a form without the file: %d %s, want 400", resp.StatusCode, body)
	}
	if resp, _ := call(t, "PATCH", url, "{}", map[string]string{"Content-Type": "application/json"}); resp.StatusCode != http.StatusMethodNotAllowed ||
		resp.Header.Get("Allow") != "DELETE, GET, POST, PUT" {
		t.Errorf("PATCH on the photo: %d Allow %q", resp.StatusCode, resp.Header.Get("Allow"))
	}
}

// A form whose file part never ends (no closing boundary: the client went
// away mid-upload) is a broken upload: the server is not told it is whole.
func TestPhotoUploadThatBreaksOffIsNotStored(t *testing.T) {
	up := startUpstream(t)
	base := startGateway(t, testConfig(up.addr))
	body := "--b\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n" +
		strings.Repeat("x", 100<<10) // and no closing boundary
	resp, out := call(t, "POST", base+"/v1/wardrobe/items/it-1/photo", body, map[string]string{"Content-Type": "multipart/form-data; boundary=b"})
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(out), "broke off") {
		t.Errorf("a cut-short form: %d %s, want 400 saying the upload broke off", resp.StatusCode, out)
	}
}
