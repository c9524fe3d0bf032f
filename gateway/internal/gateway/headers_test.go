package gateway

import (
	"net/http"
	"regexp"
	"testing"
)

func TestForwardsAuthorizationAndRequestID(t *testing.T) {
	up := startUpstream(t)
	base := startGateway(t, testConfig(up.addr))

	resp, body := call(t, "GET", base+"/v1/users/me/profile", "", map[string]string{
		"Authorization": "Bearer token-1",
		"X-Request-ID":  "req-123",
		"User-Agent":    "stylist-ios/1.0",
		"X-Api-Key":     "sk_0123456789ab_secret",
		"X-Internal":    "must-not-cross",
	})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	md := up.seen()
	if got := md.Get("authorization"); len(got) != 1 || got[0] != "Bearer token-1" {
		t.Errorf("upstream authorization = %q, want exactly [Bearer token-1]", got)
	}
	if got := md.Get("x-request-id"); len(got) != 1 || got[0] != "req-123" {
		t.Errorf("upstream x-request-id = %q, want [req-123]", got)
	}
	if got := md.Get("x-api-key"); len(got) != 1 || got[0] != "sk_0123456789ab_secret" {
		t.Errorf("upstream x-api-key = %q", got)
	}
	if got := md.Get("x-internal"); len(got) != 0 {
		t.Errorf("a header outside the allow-list crossed: x-internal = %q", got)
	}
	if got := md.Get("grpcgateway-user-agent"); len(got) != 1 || got[0] != "stylist-ios/1.0" {
		t.Errorf("upstream grpcgateway-user-agent = %q", got)
	}
	if got := md.Get("x-forwarded-for"); len(got) != 1 || got[0] != "127.0.0.1" {
		t.Errorf("upstream x-forwarded-for = %q, want [127.0.0.1]", got)
	}
	if got := resp.Header.Values("X-Request-ID"); len(got) != 1 || got[0] != "req-123" {
		t.Errorf("response X-Request-ID = %q, want [req-123]", got)
	}

	// Proto field names, and empty fields written out.
	profile, _ := decodeObject(t, body)["profile"].(map[string]any)
	if profile["user_id"] != "u-1" || profile["display_name"] != "Ada" {
		t.Errorf("profile = %v, want snake_case fields", profile)
	}
	if v, ok := profile["username"]; !ok || v != "" {
		t.Errorf("unpopulated username missing from %v", profile)
	}
}

func TestResponseCarriesUpstreamRequestID(t *testing.T) {
	up := startUpstream(t)
	up.setAnswerID("server-chosen-id")
	base := startGateway(t, testConfig(up.addr))

	resp, body := call(t, "GET", base+"/v1/users/me/profile", "", map[string]string{"X-Request-ID": "client-id"})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	if got := resp.Header.Values("X-Request-ID"); len(got) != 1 || got[0] != "server-chosen-id" {
		t.Errorf("response X-Request-ID = %q, want only the upstream's [server-chosen-id]", got)
	}
}

func TestGeneratesRequestIDWhenMissingOrUnsafe(t *testing.T) {
	up := startUpstream(t)
	base := startGateway(t, testConfig(up.addr))
	generated := regexp.MustCompile(`^[0-9a-f]{32}$`)

	for name, header := range map[string]map[string]string{
		"missing": nil,
		"unsafe":  {"X-Request-ID": "evil\tid with spaces"},
	} {
		t.Run(name, func(t *testing.T) {
			resp, body := call(t, "GET", base+"/v1/users/me/profile", "", header)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d: %s", resp.StatusCode, body)
			}
			sent := up.seen().Get("x-request-id")
			if len(sent) != 1 || !generated.MatchString(sent[0]) {
				t.Fatalf("upstream x-request-id = %q, want one generated ID", sent)
			}
			if got := resp.Header.Get("X-Request-ID"); got != sent[0] {
				t.Errorf("response X-Request-ID = %q, want %q", got, sent[0])
			}
		})
	}
}

func TestDoesNotForwardArbitraryMetadata(t *testing.T) {
	up := startUpstream(t)
	base := startGateway(t, testConfig(up.addr))

	resp, body := call(t, "GET", base+"/v1/users/me/profile", "", map[string]string{
		"Grpc-Metadata-X-User-Id": "admin",
		"Cookie":                  "session=1",
	})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	md := up.seen()
	for _, key := range []string{"x-user-id", "grpcgateway-cookie", "cookie", "authorization"} {
		if got := md.Get(key); len(got) > 0 {
			t.Errorf("upstream received %s = %q", key, got)
		}
	}
}
