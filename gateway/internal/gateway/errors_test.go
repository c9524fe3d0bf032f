package gateway

import (
	"net/http"
	"testing"
	"time"
)

func TestUpstreamErrorsBecomeHTTPStatusWithJSONBody(t *testing.T) {
	up := startUpstream(t)
	cfg := testConfig(up.addr)
	cfg.RequestTimeout = 300 * time.Millisecond
	base := startGateway(t, cfg)

	tests := []struct {
		itemID     string
		wantHTTP   int
		wantCode   float64
		wantDetail string
	}{
		{"missing", http.StatusNotFound, 5, ""},
		{"invalid", http.StatusBadRequest, 3, "type.googleapis.com/google.rpc.BadRequest"},
		{"anonymous", http.StatusUnauthorized, 16, ""},
		{"slow", http.StatusGatewayTimeout, 4, ""},
	}
	for _, tc := range tests {
		t.Run(tc.itemID, func(t *testing.T) {
			resp, body := call(t, "GET", base+"/v1/wardrobe/items/"+tc.itemID, "", map[string]string{"X-Request-ID": "err-" + tc.itemID})
			if resp.StatusCode != tc.wantHTTP {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tc.wantHTTP, body)
			}
			if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type %q", ct)
			}
			if got := resp.Header.Get("X-Request-ID"); got != "err-"+tc.itemID {
				t.Errorf("X-Request-ID %q", got)
			}
			st := decodeObject(t, body)
			if st["code"] != tc.wantCode {
				t.Errorf("code %v, want %v in %s", st["code"], tc.wantCode, body)
			}
			if msg, _ := st["message"].(string); msg == "" {
				t.Errorf("no message in %s", body)
			}
			details, ok := st["details"].([]any)
			if !ok {
				t.Fatalf("details missing from %s", body)
			}
			if tc.wantDetail == "" {
				return
			}
			if len(details) != 2 {
				t.Fatalf("want 2 details in %s", body)
			}
			first, _ := details[0].(map[string]any)
			if first["@type"] != tc.wantDetail {
				t.Errorf("first detail %v, want %s", first, tc.wantDetail)
			}
			violations, _ := first["field_violations"].([]any)
			if len(violations) != 1 || violations[0].(map[string]any)["field"] != "item_id" {
				t.Errorf("field_violations %v", first["field_violations"])
			}
			if info, _ := details[1].(map[string]any); info["reason"] != "MALFORMED_ID" {
				t.Errorf("second detail %v", info)
			}
		})
	}
}

func TestUnreachableUpstreamIs503(t *testing.T) {
	base := startGateway(t, testConfig(unusedAddr(t)))
	resp, body := call(t, "GET", base+"/v1/users/me/profile", "", nil)
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("status %d, want 503: %s", resp.StatusCode, body)
	}
	if st := decodeObject(t, body); st["code"] != float64(14) {
		t.Errorf("body %s, want code 14 (UNAVAILABLE)", body)
	}
	if resp.Header.Get("X-Request-ID") == "" {
		t.Error("no X-Request-ID on an error the upstream never saw")
	}
}

func TestUnknownRouteIs404JSON(t *testing.T) {
	up := startUpstream(t)
	base := startGateway(t, testConfig(up.addr))
	resp, body := call(t, "GET", base+"/v1/nothing-here", "", nil)
	if resp.StatusCode != http.StatusNotFound {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	if st := decodeObject(t, body); st["code"] != float64(5) {
		t.Errorf("body %s", body)
	}
}
