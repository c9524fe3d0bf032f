package gateway

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// Text in protobuf is UTF-8, and the server's C++ protobuf refuses a string
// that is not: it logs an unstructured error line and gRPC answers
// UNIMPLEMENTED with no word of why. The edge knows every method's request
// type, so it checks each request message on its way through and answers
// INVALID_ARGUMENT naming the field; the server never sees such a message.

// methodsByPath maps a method path ("/stylist.v1.UserService/Login") to its
// descriptor: its request type (for the UTF-8 check) and streaming kind.
func methodsByPath(services []protoreflect.ServiceDescriptor) map[string]protoreflect.MethodDescriptor {
	out := make(map[string]protoreflect.MethodDescriptor)
	for _, sd := range services {
		for i := 0; i < sd.Methods().Len(); i++ {
			m := sd.Methods().Get(i)
			out["/"+string(sd.FullName())+"/"+string(m.Name())] = m
		}
	}
	return out
}

// maxUTF8CheckDepth bounds the recursion into nested messages.
const maxUTF8CheckDepth = 64

// invalidUTF8 returns the path of the first string field of msg (encoded
// as md) that is not UTF-8, or "" when there is none. It reads the wire
// format in place with protowire and allocates nothing on the way; fields
// it does not know are skipped (the server judges those).
func invalidUTF8(md protoreflect.MessageDescriptor, msg []byte, depth int) string {
	if depth > maxUTF8CheckDepth {
		return ""
	}
	for len(msg) > 0 {
		num, typ, n := protowire.ConsumeTag(msg)
		if n < 0 {
			return "" // malformed: the server answers that
		}
		msg = msg[n:]
		if typ != protowire.BytesType {
			if n = protowire.ConsumeFieldValue(num, typ, msg); n < 0 {
				return ""
			}
			msg = msg[n:]
			continue
		}
		value, n := protowire.ConsumeBytes(msg)
		if n < 0 {
			return ""
		}
		msg = msg[n:]
		fd := md.Fields().ByNumber(num)
		if fd == nil {
			continue
		}
		switch fd.Kind() {
		case protoreflect.StringKind:
			if !utf8.Valid(value) {
				return string(fd.Name())
			}
		case protoreflect.MessageKind, protoreflect.GroupKind:
			// Map entries are messages too (key 1, value 2).
			if inner := invalidUTF8(fd.Message(), value, depth+1); inner != "" {
				return string(fd.Name()) + "." + inner
			}
		}
	}
	return ""
}

// invalidUTF8Status is the answer to a request with a string that is not
// UTF-8, in the shape the server uses for bad fields.
func invalidUTF8Status(field string) error {
	st := status.New(codes.InvalidArgument, fmt.Sprintf("%s: not valid UTF-8 text", field))
	if detailed, err := st.WithDetails(&errdetails.BadRequest{FieldViolations: []*errdetails.BadRequest_FieldViolation{{
		Field:       field,
		Description: "must be UTF-8 text",
	}}}); err == nil {
		st = detailed
	}
	return st.Err()
}

// The edge's own calls (REST through grpc-gateway, the legacy routes) build
// request messages from paths, queries and JSON, and Go's protobuf refuses
// to encode a string that is not UTF-8: grpc-go answers INTERNAL ("error
// while marshaling"), which would reach the client as a 500. These
// interceptors give such a call the same INVALID_ARGUMENT, naming the field,
// as a native gRPC call gets. The message is walked only after encoding
// failed, so a good call pays nothing.

// refuseInvalidUTF8 is the upstream connection's interceptors for that.
func refuseInvalidUTF8() []grpc.DialOption {
	return []grpc.DialOption{
		grpc.WithChainUnaryInterceptor(func(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn,
			invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
			return invalidUTF8Error(req, invoker(ctx, method, req, reply, cc, opts...))
		}),
		grpc.WithChainStreamInterceptor(func(ctx context.Context, desc *grpc.StreamDesc, cc *grpc.ClientConn,
			method string, streamer grpc.Streamer, opts ...grpc.CallOption) (grpc.ClientStream, error) {
			stream, err := streamer(ctx, desc, cc, method, opts...)
			if err != nil {
				return nil, err
			}
			return &utf8CheckedStream{ClientStream: stream}, nil
		}),
	}
}

// utf8CheckedStream answers a message that could not be encoded for its
// text as INVALID_ARGUMENT, from SendMsg and from every later RecvMsg: a
// failed send ends grpc-go's stream with its INTERNAL, which is what a
// caller reading the answer after a failed send (CloseAndRecv) would get.
// A RecvMsg already waiting on another goroutine when the send fails may
// still see INTERNAL (the edge's streams read after they send).
type utf8CheckedStream struct {
	grpc.ClientStream
	mu      sync.Mutex
	refused error
}

func (s *utf8CheckedStream) SendMsg(m any) error {
	err := s.ClientStream.SendMsg(m)
	if converted := invalidUTF8Error(m, err); converted != err {
		s.mu.Lock()
		s.refused = converted
		s.mu.Unlock()
		return converted
	}
	return err
}

func (s *utf8CheckedStream) RecvMsg(m any) error {
	err := s.ClientStream.RecvMsg(m)
	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil && s.refused != nil {
		return s.refused
	}
	return err
}

// invalidUTF8Error is err, or INVALID_ARGUMENT naming the field of msg that
// is not UTF-8 where encoding msg is what failed.
func invalidUTF8Error(msg any, err error) error {
	if err == nil || status.Code(err) != codes.Internal ||
		!strings.Contains(status.Convert(err).Message(), "error while marshaling") {
		return err
	}
	m, ok := msg.(proto.Message)
	if !ok {
		return err
	}
	if field := invalidUTF8Field(m.ProtoReflect(), 0); field != "" {
		return invalidUTF8Status(field)
	}
	return err
}

// invalidUTF8Field is the path of the first string in m (keys of maps
// included) that is not UTF-8, or "". A map's entry is named by the map.
func invalidUTF8Field(m protoreflect.Message, depth int) (found string) {
	if depth > maxUTF8CheckDepth {
		return ""
	}
	// check is the path below name of value v (of fd's kind), or "".
	check := func(name string, fd protoreflect.FieldDescriptor, v protoreflect.Value) string {
		switch fd.Kind() {
		case protoreflect.StringKind:
			if !utf8.ValidString(v.String()) {
				return name
			}
		case protoreflect.MessageKind, protoreflect.GroupKind:
			if inner := invalidUTF8Field(v.Message(), depth+1); inner != "" {
				return name + "." + inner
			}
		}
		return ""
	}
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		name := string(fd.Name())
		switch {
		case fd.IsList():
			list := v.List()
			for i := 0; i < list.Len() && found == ""; i++ {
				found = check(name, fd, list.Get(i))
			}
		case fd.IsMap():
			v.Map().Range(func(k protoreflect.MapKey, mv protoreflect.Value) bool {
				if found = check(name, fd.MapKey(), k.Value()); found == "" {
					found = check(name, fd.MapValue(), mv)
				}
				return found == ""
			})
		default:
			found = check(name, fd, v)
		}
		return found == ""
	})
	return found
}
