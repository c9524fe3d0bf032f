package gateway

import (
	"net/http"
	"strings"
	"testing"
)

func TestRejectsOversizedBody(t *testing.T) {
	up := startUpstream(t)
	cfg := testConfig(up.addr)
	cfg.MaxBodyBytes = 1 << 10
	base := startGateway(t, cfg)

	big := `{"login": "` + strings.Repeat("a", 2<<10) + `", "password": "x"}`
	resp, body := call(t, "POST", base+"/v1/auth:login", big, map[string]string{"Content-Type": "application/json"})
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("status %d, want 413: %s", resp.StatusCode, body)
	}
	if st := decodeObject(t, body); st["code"] != float64(8) || st["message"] == "" {
		t.Errorf("body %s", body)
	}

	resp, body = call(t, "POST", base+"/v1/auth:login", `{"login": "ada", "password": "x"}`, nil)
	if resp.StatusCode != http.StatusOK {
		t.Errorf("small body: status %d: %s", resp.StatusCode, body)
	}
}
