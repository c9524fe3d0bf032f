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
