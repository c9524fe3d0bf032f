package gateway

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"google.golang.org/grpc/health/grpc_health_v1"
)

func TestHealthzReflectsUpstreamStatus(t *testing.T) {
	up := startUpstream(t)
	base := startGateway(t, testConfig(up.addr))

	up.health.SetServingStatus("", grpc_health_v1.HealthCheckResponse_SERVING)
	resp, body := call(t, "GET", base+"/healthz", "", nil)
	if resp.StatusCode != http.StatusOK || decodeObject(t, body)["status"] != "SERVING" {
		t.Errorf("serving: status %d body %s", resp.StatusCode, body)
	}

	// NOT_SERVING: the check says so, or, once the balancer's own health
	// watch has seen it (it then sends the replica nothing), finds no
	// serving replica and says why. 503 either way.
	up.health.SetServingStatus("", grpc_health_v1.HealthCheckResponse_NOT_SERVING)
	resp, body = call(t, "GET", base+"/healthz", "", nil)
	st := decodeObject(t, body)
	if resp.StatusCode != http.StatusServiceUnavailable ||
		(st["status"] != "NOT_SERVING" && !(st["status"] == "UNREACHABLE" && strings.Contains(fmt.Sprint(st["error"]), "NOT_SERVING"))) {
		t.Errorf("not serving: status %d body %s", resp.StatusCode, body)
	}
}

func TestHealthzWhenUpstreamIsDown(t *testing.T) {
	base := startGateway(t, testConfig(unusedAddr(t)))
	resp, body := call(t, "GET", base+"/healthz", "", nil)
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("status %d, want 503: %s", resp.StatusCode, body)
	}
	if st := decodeObject(t, body); st["status"] != "UNREACHABLE" || st["error"] == "" {
		t.Errorf("body %s", body)
	}
}
