package e2e

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// The shipped edge serves its Prometheus metrics on the admin listener
// (-metrics-listen), not the public port, with each REST route counted by
// its pattern and status.
func TestEdgeBinaryServesMetricsOnItsAdminListener(t *testing.T) {
	resp, err := http.Get(baseURL + "/v1/users/me/profile")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("GET profile without a token: %d", resp.StatusCode)
	}
	if resp, err := http.Get(baseURL + "/metrics"); err == nil {
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("/metrics on the public port: %d, want 404", resp.StatusCode)
		}
	}

	var addr string
	for deadline := time.Now().Add(5 * time.Second); addr == "" && time.Now().Before(deadline); {
		sharedEdge.mu.Lock()
		addr = sharedEdge.metricsAddr
		sharedEdge.mu.Unlock()
		time.Sleep(10 * time.Millisecond)
	}
	if addr == "" || !strings.HasPrefix(addr, "127.0.0.1:") {
		t.Fatalf("metrics address %q, want a loopback one from the edge's log", addr)
	}
	resp, err = http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	const series = `stylist_edge_request_duration_seconds_count{code="401",protocol="http",route="GET /v1/users/me/profile"} `
	if !strings.Contains(string(body), "\n"+series) {
		t.Errorf("no %s series in:\n%.2000s", series, body)
	}
}
