package gateway

import (
	"fmt"
	"net/http"
	"strings"

	"connectrpc.com/connect"
	"connectrpc.com/vanguard"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	// The services whose gRPC-Web and Connect calls the edge translates
	// register their descriptors here; so do health and reflection.
	_ "github.com/stylist/stylist/clients/go/stylist/v1"
	_ "google.golang.org/grpc/health/grpc_health_v1"
	_ "google.golang.org/grpc/reflection/grpc_reflection_v1"
	_ "google.golang.org/grpc/reflection/grpc_reflection_v1alpha"
)

// rpcPackages are the proto packages whose services the edge serves over
// gRPC-Web and Connect (native gRPC passes every method through untouched).
var rpcPackages = []protoreflect.FullName{"stylist.v1", "grpc.health.v1", "grpc.reflection.v1", "grpc.reflection.v1alpha"}

// rpcServices lists the services of rpcPackages in the linked descriptors.
func rpcServices() []protoreflect.ServiceDescriptor {
	var out []protoreflect.ServiceDescriptor
	protoregistry.GlobalFiles.RangeFiles(func(fd protoreflect.FileDescriptor) bool {
		for _, pkg := range rpcPackages {
			if fd.Package() == pkg {
				for i := 0; i < fd.Services().Len(); i++ {
					out = append(out, fd.Services().Get(i))
				}
			}
		}
		return true
	})
	return out
}

// newWebRPC translates gRPC-Web (binary and text) and Connect (unary, and
// streaming over HTTP/2) into native gRPC calls on grpcServer, the edge's
// proxy, with connectrpc.com/vanguard.
func newWebRPC(grpcServer *grpc.Server, services []protoreflect.ServiceDescriptor, maxMessageBytes int64) (http.Handler, error) {
	if len(services) == 0 {
		return nil, fmt.Errorf("no service descriptors linked")
	}
	vs := make([]*vanguard.Service, 0, len(services))
	for _, sd := range services {
		vs = append(vs, vanguard.NewServiceWithSchema(sd, grpcServer))
	}
	transcoder, err := vanguard.NewTranscoder(vs,
		vanguard.WithCodec(func(res vanguard.TypeResolver) vanguard.Codec {
			return jsonCodec{vanguard.NewJSONCodec(res)}
		}),
		vanguard.WithCodec(func(res vanguard.TypeResolver) vanguard.Codec {
			return protoCodec{vanguard.NewProtoCodec(res)}
		}),
		vanguard.WithDefaultServiceOptions(
			vanguard.WithTargetProtocols(vanguard.ProtocolGRPC),
			vanguard.WithTargetCodecs(vanguard.CodecProto),
			vanguard.WithMaxMessageBufferBytes(uint32(min(maxMessageBytes, 1<<31))),
		))
	if err != nil {
		return nil, fmt.Errorf("gRPC-Web/Connect transcoder: %w", err)
	}
	return transcoder, nil
}

// protocolRouter sends each request to the part of the edge that speaks its
// protocol: native gRPC to the proxy, gRPC-Web and Connect to the
// transcoder, everything else (REST, the legacy routes, /ws/chat, /healthz,
// the docs) to rest.
type protocolRouter struct {
	grpc   http.Handler
	webRPC http.Handler
	// methods are the RPC paths ("/stylist.v1.UserService/GetProfile")
	// the edge knows.
	methods map[string]protoreflect.MethodDescriptor
	rest    http.Handler
}

func (p protocolRouter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	contentType := r.Header.Get("Content-Type")
	if labels := labelsOf(r.Context()); labels != nil {
		p.nameProtocol(labels, contentType, r.URL.Path)
	}
	switch {
	case isNativeGRPC(contentType):
		if r.ProtoMajor != 2 {
			http.Error(w, "gRPC needs HTTP/2: use h2c (prior knowledge) or TLS with ALPN h2; "+
				"browsers use gRPC-Web or Connect on this port", http.StatusHTTPVersionNotSupported)
			return
		}
		p.grpc.ServeHTTP(w, r)
	case strings.HasPrefix(contentType, "application/grpc-web"),
		strings.HasPrefix(contentType, "application/connect+"):
		p.webRPC.ServeHTTP(w, r)
	case p.methods[r.URL.Path] != nil:
		// A Connect unary call. Clients should send Connect-Protocol-Version
		// but need not (curl users rarely do); without it the transcoder
		// would take the call for REST and answer 404.
		mediaType, _, _ := strings.Cut(contentType, ";")
		switch strings.TrimSpace(mediaType) {
		case "application/json", "application/proto", "":
			if r.Header.Get("Connect-Protocol-Version") == "" {
				r.Header.Set("Connect-Protocol-Version", "1")
			}
		default:
			http.Error(w, fmt.Sprintf("content type %q is not one this method speaks: use application/json or "+
				"application/proto (Connect), application/grpc-web+proto (gRPC-Web) or application/grpc", contentType),
				http.StatusUnsupportedMediaType)
			return
		}
		p.webRPC.ServeHTTP(w, r)
	default:
		p.rest.ServeHTTP(w, r)
	}
}

// nameProtocol fills in the metrics' protocol label, and for the RPC
// protocols the route: the method, when the edge knows it.
func (p protocolRouter) nameProtocol(labels *requestLabels, contentType, path string) {
	switch {
	case isNativeGRPC(contentType):
		labels.protocol = protocolGRPC
	case strings.HasPrefix(contentType, "application/grpc-web"):
		labels.protocol = protocolGRPCWeb
	case strings.HasPrefix(contentType, "application/connect+"), p.methods[path] != nil:
		labels.protocol = protocolConnect
	default:
		return // HTTP: its routers name the route
	}
	if p.methods[path] != nil {
		labels.route = path
	} else {
		labels.route = routeUnknownMethod
	}
}

// isNativeGRPC is true for application/grpc and application/grpc+codec (but
// not application/grpc-web).
func isNativeGRPC(contentType string) bool {
	rest, ok := strings.CutPrefix(contentType, "application/grpc")
	return ok && (rest == "" || rest[0] == '+' || rest[0] == ';')
}

// jsonCodec and protoCodec are vanguard's codecs, except that a request
// body that does not decode is the client's error (INVALID_ARGUMENT, HTTP
// 400) and not, as vanguard has it, UNKNOWN (500).
type jsonCodec struct{ *vanguard.JSONCodec }

func (c jsonCodec) Unmarshal(data []byte, msg proto.Message) error {
	return undecodable(c.JSONCodec.Unmarshal(data, msg), msg)
}

type protoCodec struct{ *vanguard.ProtoCodec }

func (c protoCodec) Unmarshal(data []byte, msg proto.Message) error {
	return undecodable(c.ProtoCodec.Unmarshal(data, msg), msg)
}

func undecodable(err error, msg proto.Message) error {
	if err == nil {
		return nil
	}
	return connect.NewError(connect.CodeInvalidArgument,
		fmt.Errorf("the request body is not a valid %s: %w", msg.ProtoReflect().Descriptor().FullName(), err))
}
