package gateway

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// Server streams pass through the middlewares' response writers, which must
// let grpc-gateway flush each message.
func TestServerStreamAsNewlineDelimitedJSON(t *testing.T) {
	up := startUpstream(t)
	base := startGateway(t, testConfig(up.addr))

	resp, body := call(t, "GET", base+"/v1/wardrobe/items/it-1/photo?thumbnail=true", "", map[string]string{"X-Request-ID": "stream-1"})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	if got := resp.Header.Get("X-Request-ID"); got != "stream-1" {
		t.Errorf("X-Request-ID %q", got)
	}
	lines := strings.Split(strings.TrimSpace(string(body)), "\n")
	if len(lines) != 3 {
		t.Fatalf("want 3 messages, got %d:\n%s", len(lines), body)
	}
	var first, second struct {
		Result map[string]map[string]any `json:"result"`
	}
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil {
		t.Fatal(err)
	}
	if first.Result["metadata"]["content_type"] != "image/jpeg" {
		t.Errorf("first message %s", lines[0])
	}
	if err := json.Unmarshal([]byte(lines[1]), &second); err != nil {
		t.Fatal(err)
	}
	if second.Result["chunk"]["data"] != "YWJj" { // base64 of "abc"
		t.Errorf("second message %s", lines[1])
	}
}
