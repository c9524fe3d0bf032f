// Package compatutil holds what the older apps' REST routes (stylistapi,
// fitness, skinchapters) share, one copy each: the JSON answer written in
// one piece, the {"detail": ...} error and its mapping from an upstream
// gRPC status, FastAPI's 422 validation errors, the multipart file field,
// the metadata forwarded upstream, and enum names written as the seeds
// wrote them.
package compatutil

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// --- answers -----------------------------------------------------------------

// WriteJSON answers with v as JSON in one write with its Content-Length,
// as the original services did (a streamed encoder made lists over 2 KiB
// chunked).
func WriteJSON(w http.ResponseWriter, code int, v any) {
	body, err := json.Marshal(v)
	if err != nil { // only the apps' fixed wire shapes are written
		code, body = http.StatusInternalServerError, []byte(`{"detail":"failed to encode the response"}`)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(code)
	_, _ = w.Write(body)
}

// WriteDetail answers the older apps' error shape: {"detail": "..."}.
func WriteDetail(w http.ResponseWriter, code int, detail string) {
	WriteJSON(w, code, map[string]string{"detail": detail})
}

// ReadChunk fills buf from an upload's body as far as it goes: n bytes, and
// done once the body has ended cleanly (io.EOF). Any other error, an
// unexpected EOF included (how a multipart part without its closing
// boundary, or an HTTP body shorter than its length, ends), means the body
// broke off, and what was read must not be stored as if it were whole.
func ReadChunk(body io.Reader, buf []byte) (n int, done bool, err error) {
	for n < len(buf) {
		m, err := body.Read(buf[n:])
		n += m
		if err == io.EOF { // returned unwrapped, by io.Reader's contract
			return n, true, nil
		}
		if err != nil {
			return n, false, err
		}
	}
	return n, false, nil
}

// WriteUploadInterrupted answers 400 for a request body that broke off (or
// exceeded the body limit) while an upload was read.
func WriteUploadInterrupted(w http.ResponseWriter, err error) {
	WriteDetail(w, http.StatusBadRequest, "the upload was interrupted: "+err.Error())
}

// SetRetryAfter sets Retry-After (whole seconds, rounded up) from the
// google.rpc.RetryInfo of an upstream status, when it has one: a rate
// limit says when the next call will be taken. The v1 routes' error
// handler uses it too.
func SetRetryAfter(h http.Header, st *status.Status) {
	for _, d := range st.Details() {
		if info, ok := d.(*errdetails.RetryInfo); ok && info.GetRetryDelay() != nil {
			delay := info.GetRetryDelay().AsDuration()
			seconds := int64(delay / time.Second)
			if delay%time.Second != 0 || seconds < 1 {
				seconds++
			}
			h.Set("Retry-After", strconv.FormatInt(seconds, 10))
			return
		}
	}
}

// IsTooLarge says whether an upstream status refuses an image for its size
// (google.rpc.ErrorInfo reason IMAGE_TOO_LARGE): HTTP's 413, not a 400.
// Every REST error writer of the edge asks it.
func IsTooLarge(st *status.Status) bool {
	for _, d := range st.Details() {
		if info, ok := d.(*errdetails.ErrorInfo); ok && info.GetReason() == "IMAGE_TOO_LARGE" {
			return true
		}
	}
	return false
}

// WriteError maps an upstream status onto the {"detail": ...} error shape.
func WriteError(w http.ResponseWriter, err error) {
	st := status.Convert(err)
	SetRetryAfter(w.Header(), st)
	code := http.StatusInternalServerError
	detail := st.Message()
	switch st.Code() {
	case codes.InvalidArgument:
		code = http.StatusBadRequest
		if IsTooLarge(st) {
			code = http.StatusRequestEntityTooLarge
		}
	case codes.FailedPrecondition, codes.AlreadyExists, codes.OutOfRange:
		code = http.StatusBadRequest
	case codes.Aborted:
		code = http.StatusConflict // changed while read: read again and retry
	case codes.Unimplemented:
		code = http.StatusNotImplemented
	case codes.NotFound:
		code = http.StatusNotFound
	case codes.PermissionDenied:
		code = http.StatusForbidden
	case codes.Unauthenticated:
		code = http.StatusUnauthorized
	case codes.ResourceExhausted:
		code = http.StatusTooManyRequests
	case codes.Unavailable:
		code = http.StatusServiceUnavailable
	case codes.DeadlineExceeded:
		code = http.StatusGatewayTimeout
	case codes.Canceled:
		code = 499
	default:
		detail = "Internal Server Error"
	}
	WriteDetail(w, code, detail)
}

// --- FastAPI's validation errors ---------------------------------------------

// ValidationError is one entry of FastAPI's 422 "detail" list.
type ValidationError struct {
	Loc  []any  `json:"loc"`
	Msg  string `json:"msg"`
	Type string `json:"type"`
}

// Missing is FastAPI's error for the required parameter `name` absent from
// `where` ("body", "query", "path").
func Missing(where, name string) ValidationError {
	return ValidationError{Loc: []any{where, name}, Msg: "field required", Type: "value_error.missing"}
}

// WriteValidation answers FastAPI's 422 with errs as its "detail" list.
func WriteValidation(w http.ResponseWriter, errs ...ValidationError) {
	WriteJSON(w, http.StatusUnprocessableEntity, map[string]any{"detail": errs})
}

// --- requests ----------------------------------------------------------------

// WithFormFile hands the multipart field `field` to use, streaming; it
// answers FastAPI's errors itself when the body is not multipart (422),
// is malformed (400) or lacks the field (422).
func WithFormFile(w http.ResponseWriter, r *http.Request, field string, use func(*multipart.Part)) {
	missing := Missing("body", field)
	mediaType, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mediaType != "multipart/form-data" {
		WriteValidation(w, missing)
		return
	}
	parts, err := r.MultipartReader()
	if err != nil {
		WriteValidation(w, missing)
		return
	}
	for {
		part, err := parts.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			WriteDetail(w, http.StatusBadRequest, "malformed multipart body")
			return
		}
		if part.FormName() == field {
			use(part)
			return
		}
	}
	WriteValidation(w, missing)
}

// Outgoing is the request's context with the metadata the server needs:
// credentials, the request id, and the client's address.
func Outgoing(r *http.Request) context.Context {
	md := metadata.MD{}
	if v := r.Header.Get("Authorization"); v != "" {
		md.Set("authorization", v)
	}
	if v := r.Header.Get("X-Api-Key"); v != "" {
		md.Set("x-api-key", v)
	}
	if v := r.Header.Get("X-Request-Id"); v != "" {
		md.Set("x-request-id", v)
	}
	if ua := r.Header.Get("User-Agent"); ua != "" {
		md.Set("grpcgateway-user-agent", ua)
	}
	// The edge decided the client's address (RemoteAddr) and removed any
	// X-Forwarded-For the client sent; the server believes this one only
	// from the edge.
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		md.Set("x-forwarded-for", host)
	}
	return metadata.NewOutgoingContext(r.Context(), md)
}

// --- names -------------------------------------------------------------------

// EnumName is a protobuf enum value's name as the seeds write it: without
// the type's prefix, lower case ("FITNESS_GOAL_LOSE_WEIGHT", "FITNESS_GOAL_"
// gives "lose_weight").
func EnumName(name, prefix string) string {
	return strings.ToLower(strings.TrimPrefix(name, prefix))
}
