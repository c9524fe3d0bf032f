package gateway

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/stylist/stylist/gateway/internal/httpbytes"
)

// HTTP caching of the REST answers (RFC 9110 §8.8.3, §13.1.2): an answer
// about one resource that has an etag (an item, an outfit, the profile)
// carries it as its ETag, the same value If-Match takes for a conditional
// write; any other GET answer carries a hash of its body. A GET whose
// If-None-Match names the current ETag is answered 304 with no body. Answers
// with an ETag may be kept by the client's own cache and must be revalidated
// (Cache-Control: private, no-cache); every other answer stays no-store.

// maxHashedBody bounds the GET answers the edge holds to hash; larger or
// streamed answers pass through without an ETag.
const maxHashedBody = 1 << 20

// resourceETag is a forward-response option of grpc-gateway: when the
// answer holds one resource with an etag field (GetItemResponse.item,
// UpdateProfileResponse.profile), that etag, quoted, is the ETag header.
func resourceETag(_ context.Context, w http.ResponseWriter, m proto.Message) error {
	if m == nil {
		return nil // a server stream's headers
	}
	if etag := etagOf(m.ProtoReflect()); etag != "" {
		w.Header().Set("ETag", strconv.Quote(etag))
	}
	return nil
}

// etagOf finds the etag of the one resource message m carries: a singular
// message field whose message has a string field "etag".
func etagOf(m protoreflect.Message) string {
	var etag string
	found := 0
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		if fd.Kind() != protoreflect.MessageKind || fd.IsList() || fd.IsMap() {
			return true
		}
		inner := v.Message()
		if field := inner.Descriptor().Fields().ByName("etag"); field != nil && field.Kind() == protoreflect.StringKind {
			found++
			etag = inner.Get(field).String()
		}
		return true
	})
	if found != 1 {
		return ""
	}
	return etag
}

// withConditionalGet adds the body-hash ETag, the cache policy and the 304
// to GET answers (resourceETag has set the ETag of a resource already).
func withConditionalGet(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || r.Header.Get("Upgrade") != "" {
			next.ServeHTTP(w, r)
			return
		}
		cw := &conditionalWriter{ResponseWriter: w, ifNoneMatch: r.Header.Values("If-None-Match")}
		next.ServeHTTP(cw, r)
		cw.finish()
	})
}

// conditionalWriter holds a GET answer until it is complete, unless it is
// streamed (flushed) or large, when it passes through unchanged.
type conditionalWriter struct {
	http.ResponseWriter
	ifNoneMatch []string
	status      int
	body        bytes.Buffer
	passing     bool // no longer holding: headers sent
}

func (w *conditionalWriter) WriteHeader(code int) {
	if w.passing {
		w.ResponseWriter.WriteHeader(code)
		return
	}
	if w.status == 0 {
		w.status = code
	}
}

func (w *conditionalWriter) Write(p []byte) (int, error) {
	if w.passing {
		return w.ResponseWriter.Write(p)
	}
	if w.status == 0 {
		w.status = http.StatusOK
	}
	if w.status != http.StatusOK || w.body.Len()+len(p) > maxHashedBody {
		w.passThrough()
		return w.ResponseWriter.Write(p)
	}
	return w.body.Write(p)
}

// Flush means a stream: what was held goes out, and the rest as it comes.
func (w *conditionalWriter) Flush() {
	w.passThrough()
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (w *conditionalWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *conditionalWriter) passThrough() {
	if w.passing {
		return
	}
	w.passing = true
	if w.status == 0 {
		w.status = http.StatusOK
	}
	w.ResponseWriter.WriteHeader(w.status)
	_, _ = w.ResponseWriter.Write(w.body.Bytes())
	w.body = bytes.Buffer{}
}

// finish answers with what was held: with its ETag, or 304 when the
// client has it already.
func (w *conditionalWriter) finish() {
	if w.passing {
		return
	}
	if w.status == 0 {
		w.status = http.StatusOK
	}
	h := w.Header()
	if w.status == http.StatusOK {
		etag := h.Get("ETag")
		if etag == "" {
			sum := sha256.Sum256(w.body.Bytes())
			etag = `"h` + hex.EncodeToString(sum[:16]) + `"`
			h.Set("ETag", etag)
		}
		h.Set("Cache-Control", "private, no-cache")
		if httpbytes.ETagListed(w.ifNoneMatch, etag) {
			h.Del("Content-Length")
			h.Del("Content-Type")
			w.ResponseWriter.WriteHeader(http.StatusNotModified)
			return
		}
	}
	w.ResponseWriter.WriteHeader(w.status)
	_, _ = w.ResponseWriter.Write(w.body.Bytes())
}
