package gateway

import (
	"encoding/json"
	"net"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/reflect/protoreflect"

	stylistv1 "github.com/stylist/stylist/clients/go/stylist/v1"
	"github.com/stylist/stylist/gateway/openapi"
)

// TestEveryDocumentedRouteReachesItsRPC calls each operation of the served
// OpenAPI document against an upstream that implements nothing but records
// which method was called: every call must reach the RPC its operationId
// names and come back UNIMPLEMENTED (501), never 404/405, so the document and
// the router cannot drift apart.
func TestEveryDocumentedRouteReachesItsRPC(t *testing.T) {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	called := make(chan string, 1)
	recorder := grpc.NewServer(grpc.UnknownServiceHandler(func(_ any, stream grpc.ServerStream) error {
		method, _ := grpc.MethodFromServerStream(stream)
		if strings.HasPrefix(method, "/grpc.health.v1.Health/") {
			return status.Error(codes.Unimplemented, "no health service") // the edge's health watch
		}
		called <- method
		return status.Error(codes.Unimplemented, "not here")
	}))
	go func() { _ = recorder.Serve(lis) }()
	t.Cleanup(recorder.Stop)
	base := startGateway(t, testConfig(lis.Addr().String()))

	var doc struct {
		Paths map[string]map[string]struct {
			OperationID string `json:"operationId"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(openapi.Document, &doc); err != nil {
		t.Fatal(err)
	}
	param := regexp.MustCompile(`\{([^}]+)\}`)
	// The generated operations (and the photo GET the edge serves by hand
	// on DownloadItemPhoto's path) are named "Service_Method"; the other
	// hand-served routes are not RPC mappings.
	rpcOperation := regexp.MustCompile(`^[A-Za-z]+Service_[A-Za-z]+$`)
	unimplemented := regexp.MustCompile(`"code":\s*12\b`)
	sample := func(name string) string {
		switch name {
		case "date.year":
			return "2025"
		case "date.month":
			return "3"
		case "date.day":
			return "14"
		}
		return "id-1"
	}
	operations := 0
	for path, methods := range doc.Paths {
		url := base + param.ReplaceAllStringFunc(path, func(m string) string { return sample(m[1 : len(m)-1]) })
		for method, op := range methods {
			if !rpcOperation.MatchString(op.OperationID) {
				continue
			}
			method = strings.ToUpper(method)
			body := ""
			if method == "POST" || method == "PATCH" || method == "PUT" {
				body = "{}"
			}
			operations++
			resp, data := call(t, method, url, body, nil)
			if resp.StatusCode != http.StatusNotImplemented || !unimplemented.Match(data) {
				t.Errorf("%s %s: status %d, body %s; want 501 UNIMPLEMENTED", method, path, resp.StatusCode, data)
				continue
			}
			// operationId is "Service_Method"; the gRPC name is
			// "/stylist.v1.Service/Method".
			want := "/stylist.v1." + strings.Replace(op.OperationID, "_", "/", 1)
			if got := <-called; got != want {
				t.Errorf("%s %s reached %s, want %s", method, path, got, want)
			}
		}
	}
	if want := unaryAndServerStreamingMethods(); operations != want {
		t.Errorf("the document has %d operations; the services have %d RPCs that are neither client- nor bidi-streaming, and each needs an HTTP mapping", operations, want)
	}
}

func unaryAndServerStreamingMethods() int {
	n := 0
	for _, file := range []protoreflect.FileDescriptor{
		stylistv1.File_stylist_v1_user_proto,
		stylistv1.File_stylist_v1_wardrobe_proto,
		stylistv1.File_stylist_v1_chat_proto,
		stylistv1.File_stylist_v1_analysis_proto,
		stylistv1.File_stylist_v1_plan_proto,
		stylistv1.File_stylist_v1_swap_proto,
		stylistv1.File_stylist_v1_webhook_proto,
	} {
		for i := 0; i < file.Services().Len(); i++ {
			methods := file.Services().Get(i).Methods()
			for j := 0; j < methods.Len(); j++ {
				if !methods.Get(j).IsStreamingClient() {
					n++
				}
			}
		}
	}
	return n
}

func TestAWrongMethodIs405WithTheAllowedOnes(t *testing.T) {
	up := startUpstream(t)
	base := startGateway(t, testConfig(up.addr))
	for _, tc := range []struct{ method, path, allow string }{
		// PUT is offered nowhere: PATCH updates.
		{"PUT", "/v1/wardrobe/items/0b7e9f3c-52a4-4a39-9a43-2f5f6f0c1e11", "DELETE, GET, PATCH"},
		{"DELETE", "/v1/wardrobe/items", "GET, POST"},
		{"PUT", "/v1/users/me/profile", "GET, PATCH"},
	} {
		resp, body := call(t, tc.method, base+tc.path, "{}", map[string]string{"Content-Type": "application/json"})
		if resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("%s %s: HTTP %d %s, want 405", tc.method, tc.path, resp.StatusCode, body)
			continue
		}
		if got := resp.Header.Get("Allow"); got != tc.allow {
			t.Errorf("%s %s: Allow %q, want %q", tc.method, tc.path, got, tc.allow)
		}
		if msg, _ := decodeObject(t, body)["message"].(string); !strings.Contains(msg, tc.allow) {
			t.Errorf("%s %s: message %q does not list %s", tc.method, tc.path, msg, tc.allow)
		}
	}
	if resp, body := call(t, "GET", base+"/v1/no/such/route", "", nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown path: HTTP %d %s, want 404", resp.StatusCode, body)
	}
}

func TestTemplateRegexpCoversTheTemplatesPaths(t *testing.T) {
	for _, tc := range []struct {
		template string
		match    []string
		miss     []string
	}{
		{"/v1/wardrobe/items/{item_id}", []string{"/v1/wardrobe/items/abc"}, []string{"/v1/wardrobe/items", "/v1/wardrobe/items/a/b"}},
		{"/v1/auth:register", []string{"/v1/auth:register"}, []string{"/v1/authxregister", "/v1/auth"}},
		{"/v1/{name=users/*}/photos/{path=**}", []string{"/v1/users/u1/photos/a/b.jpg"}, []string{"/v1/users/photos/a", "/v1/groups/g/photos/a"}},
	} {
		re := templateRegexp(tc.template)
		for _, p := range tc.match {
			if !re.MatchString(p) {
				t.Errorf("%s does not match %s", tc.template, p)
			}
		}
		for _, p := range tc.miss {
			if re.MatchString(p) {
				t.Errorf("%s matches %s", tc.template, p)
			}
		}
	}
}
