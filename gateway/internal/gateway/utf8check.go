package gateway

import (
	"fmt"
	"unicode/utf8"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protowire"
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
