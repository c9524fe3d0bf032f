package gateway

import (
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strings"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// strictJSON is the REST routes' JSON marshaler: request bodies are read
// strictly, so an unknown field or an enum value the API does not have is
// the client's error (grpc-gateway answers 400 INVALID_ARGUMENT with this
// message) instead of being dropped, which stored "category": "hat" as no
// category at all. An enum error lists the values the field takes.
type strictJSON struct{ *runtime.JSONPb }

func (m strictJSON) Unmarshal(data []byte, v any) error {
	return explainDecodeError(m.JSONPb.Unmarshal(data, v), v)
}

func (m strictJSON) NewDecoder(r io.Reader) runtime.Decoder {
	d := m.JSONPb.NewDecoder(r)
	return runtime.DecoderFunc(func(v any) error { return explainDecodeError(d.Decode(v), v) })
}

// enumError matches protojson's message for an enum value it does not know.
var enumError = regexp.MustCompile(`invalid value for enum (?:field|type:?) ([A-Za-z0-9_.]+): (.*)$`)

// protoPrefix is the "proto: " protobuf-go puts before its errors (with a
// space it picks at random, to discourage matching on its texts).
var protoPrefix = regexp.MustCompile(`^proto:[\s\x{00a0}]*`)

var protoMessageType = reflect.TypeFor[proto.Message]()

// messageOf is the descriptor of the message a decoder fills: v is a
// message, or (grpc-gateway decodes a body field into &req.Field) a pointer
// to one.
func messageOf(v any) protoreflect.MessageDescriptor {
	for t := reflect.TypeOf(v); t != nil && t.Kind() == reflect.Pointer; t = t.Elem() {
		if t.Implements(protoMessageType) {
			// Generated messages answer ProtoReflect on a nil pointer.
			return reflect.Zero(t).Interface().(proto.Message).ProtoReflect().Descriptor()
		}
	}
	return nil
}

// maxEnumSearchDepth bounds the walk through nested messages that finds the
// enum field an error names.
const maxEnumSearchDepth = 8

// explainDecodeError rewords protojson's error for an unknown enum value to
// name the allowed values, and drops its "proto: " prefix (the client sent
// JSON, not protobuf).
func explainDecodeError(err error, v any) error {
	if err == nil {
		return nil
	}
	if err == io.EOF {
		return err
	}
	text := protoPrefix.ReplaceAllString(err.Error(), "")
	md := messageOf(v)
	if md == nil {
		return fmt.Errorf("%s", text)
	}
	m := enumError.FindStringSubmatch(text)
	if m == nil {
		return fmt.Errorf("the request body is not a valid %s: %s", md.Name(), text)
	}
	enum := findEnumField(md, m[1], 0)
	if enum == nil {
		return fmt.Errorf("%s", text)
	}
	values := enum.Values()
	allowed := make([]string, 0, values.Len())
	for i := 0; i < values.Len(); i++ {
		if values.Get(i).Number() != 0 { // the zero value means "not given"
			allowed = append(allowed, string(values.Get(i).Name()))
		}
	}
	return fmt.Errorf("%s: %s is not a %s; use one of %s", m[1], m[2], enum.Name(), strings.Join(allowed, ", "))
}

// findEnumField finds, in md or the messages nested in it, the enum that a
// field named name (JSON or proto name) holds; a name that is already the
// enum's full name finds that enum.
func findEnumField(md protoreflect.MessageDescriptor, name string, depth int) protoreflect.EnumDescriptor {
	if depth > maxEnumSearchDepth {
		return nil
	}
	fields := md.Fields()
	for i := 0; i < fields.Len(); i++ {
		f := fields.Get(i)
		if f.Kind() != protoreflect.EnumKind {
			continue
		}
		if f.JSONName() == name || string(f.Name()) == name || string(f.Enum().FullName()) == name {
			return f.Enum()
		}
	}
	for i := 0; i < fields.Len(); i++ {
		if f := fields.Get(i); f.Kind() == protoreflect.MessageKind {
			if found := findEnumField(f.Message(), name, depth+1); found != nil {
				return found
			}
		}
	}
	return nil
}
