package gateway

import (
	"fmt"
	"net/http"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"
)

// withBodyLimit refuses request bodies over limit bytes. A declared
// Content-Length over the limit is answered 413 at once; a chunked body is
// cut off at the limit, and grpc-gateway then answers 400.
func withBodyLimit(limit int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > limit {
			writeStatus(w, http.StatusRequestEntityTooLarge, status.New(codes.ResourceExhausted,
				fmt.Sprintf("request body of %d bytes is over the limit of %d bytes", r.ContentLength, limit)))
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		next.ServeHTTP(w, r)
	})
}

// writeStatus answers with a google.rpc.Status body in the same JSON shape
// grpc-gateway's error handler uses, for errors raised before a request
// reaches it.
func writeStatus(w http.ResponseWriter, httpStatus int, st *status.Status) {
	body, err := protojson.MarshalOptions{UseProtoNames: true, EmitUnpopulated: true}.Marshal(st.Proto())
	if err != nil { // a Status without details always marshals
		body = []byte(`{"code": 13, "message": "failed to marshal error message", "details": []}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(httpStatus)
	_, _ = w.Write(body)
}
