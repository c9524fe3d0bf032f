package e2e

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// randomHex is n random bytes in hex.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// logEntryWith is the first JSON line of log() that mentions needle, waiting
// up to 5 s for it (a process logs a call once it has answered it).
func logEntryWith(t *testing.T, log func() string, needle string) map[string]any {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		for _, line := range strings.Split(log(), "\n") {
			if !strings.Contains(line, needle) {
				continue
			}
			var entry map[string]any
			if json.Unmarshal([]byte(line), &entry) == nil {
				return entry
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no log line mentions %q", needle)
		}
	}
}

// One trace through the shipped edge and the server: the trace a client
// sends in traceparent, or the one the edge starts when it sends none, is
// the trace_id of the edge's line for the request and of the server's line
// for the call the edge made for it.
func TestOneTraceIdInTheEdgesAndTheServersLogs(t *testing.T) {
	token, _ := register(t, "trace")
	// Ids of this run's own: the shared server's log holds earlier runs'.
	sent := randomHex(16)
	run := randomHex(4)
	resp, _ := do(t, "GET", "/v1/users/me/profile", "", map[string]string{
		"Authorization": "Bearer " + token,
		"traceparent":   "00-" + sent + "-00f067aa0ba902b7-01",
		"X-Request-ID":  "e2e-trace-sent-" + run,
	})
	if resp.StatusCode != 200 {
		t.Fatalf("GET profile: %d", resp.StatusCode)
	}
	edgeLine := logEntryWith(t, sharedEdge.log, `"request_id":"e2e-trace-sent-`+run+`"`)
	serverLine := logEntryWith(t, sharedServerLog.String, `"request_id":"e2e-trace-sent-`+run+`"`)
	if edgeLine["trace_id"] != sent || serverLine["trace_id"] != sent {
		t.Errorf("trace ids: edge %v, server %v; want the client's %s on both", edgeLine["trace_id"], serverLine["trace_id"], sent)
	}
	if serverLine["msg"] != "rpc" || serverLine["method"] != "/stylist.v1.UserService/GetProfile" {
		t.Errorf("the server's line is not the call's: %v", serverLine)
	}

	// Without one, the edge starts a trace of its own and passes it on.
	resp, _ = do(t, "GET", "/v1/users/me/profile", "", map[string]string{
		"Authorization": "Bearer " + token, "X-Request-ID": "e2e-trace-new-" + run})
	if resp.StatusCode != 200 {
		t.Fatalf("GET profile: %d", resp.StatusCode)
	}
	started, _ := logEntryWith(t, sharedEdge.log, `"request_id":"e2e-trace-new-`+run+`"`)["trace_id"].(string)
	if len(started) != 32 || started == sent || started == strings.Repeat("0", 32) {
		t.Fatalf("the edge's trace for a request without traceparent: %q", started)
	}
	if got := logEntryWith(t, sharedServerLog.String, `"request_id":"e2e-trace-new-`+run+`"`)["trace_id"]; got != started {
		t.Errorf("the server logged trace %v for the call, the edge %s", got, started)
	}
}
