package compatutil

import (
	"encoding/json"
	"net/http/httptest"
	"testing"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/durationpb"
)

// The older apps' routes answer an upstream status as {"detail": ...} with
// the HTTP code each app expects; a model that cannot answer is a 503 the
// app retries, a spent budget a 429 with Retry-After, and what the server
// did not mean to say (INTERNAL, UNKNOWN) is never shown.
func TestWriteErrorMapsEveryStatusTheRoutesMeet(t *testing.T) {
	for _, tc := range []struct {
		code   codes.Code
		http   int
		detail string
	}{
		{codes.InvalidArgument, 400, "the message"},
		{codes.FailedPrecondition, 400, "the message"},
		{codes.AlreadyExists, 400, "the message"},
		{codes.OutOfRange, 400, "the message"},
		{codes.Unauthenticated, 401, "the message"},
		{codes.PermissionDenied, 403, "the message"},
		{codes.NotFound, 404, "the message"},
		{codes.Aborted, 409, "the message"},
		{codes.ResourceExhausted, 429, "the message"},
		{codes.Canceled, 499, "the message"},
		{codes.Unimplemented, 501, "the message"},
		{codes.Unavailable, 503, "the message"},
		{codes.DeadlineExceeded, 504, "the message"},
		{codes.Internal, 500, "Internal Server Error"},
		{codes.Unknown, 500, "Internal Server Error"},
		{codes.DataLoss, 500, "Internal Server Error"},
	} {
		rec := httptest.NewRecorder()
		WriteError(rec, status.Error(tc.code, "the message"))
		var body struct {
			Detail string `json:"detail"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
			t.Fatalf("%v: body %q: %v", tc.code, rec.Body.String(), err)
		}
		if rec.Code != tc.http || body.Detail != tc.detail {
			t.Errorf("%v: HTTP %d %q, want %d %q", tc.code, rec.Code, body.Detail, tc.http, tc.detail)
		}
	}

	// RetryInfo becomes Retry-After, rounded up to whole seconds.
	st, _ := status.New(codes.ResourceExhausted, "slow down").WithDetails(
		&errdetails.RetryInfo{RetryDelay: durationpb.New(1500 * time.Millisecond)})
	rec := httptest.NewRecorder()
	WriteError(rec, st.Err())
	if rec.Code != 429 || rec.Header().Get("Retry-After") != "2" {
		t.Errorf("a spent budget: HTTP %d, Retry-After %q, want 429 and 2", rec.Code, rec.Header().Get("Retry-After"))
	}
	// An image refused for its size is 413, not 400.
	st, _ = status.New(codes.InvalidArgument, "too large").WithDetails(&errdetails.ErrorInfo{Reason: "IMAGE_TOO_LARGE"})
	rec = httptest.NewRecorder()
	WriteError(rec, st.Err())
	if rec.Code != 413 {
		t.Errorf("an image over the limit: HTTP %d, want 413", rec.Code)
	}
}
