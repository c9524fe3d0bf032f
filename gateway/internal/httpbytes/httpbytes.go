// Package httpbytes answers GETs for stored bytes the way HTTP caches and
// media clients expect: entity tags with If-None-Match (304), and single
// byte ranges (206, If-Range). Used by the v1 photo routes and the legacy
// image route, which answer errors each in their API's shape.
package httpbytes

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	stylistv1 "github.com/stylist/stylist/clients/go/stylist/v1"
)

// ImageMessage is a message of an image download stream: the image's
// description first, then its bytes in chunks (an item's photo, a legacy
// image).
type ImageMessage interface {
	GetMetadata() *stylistv1.PhotoInfo
	GetChunk() *stylistv1.ImageChunk
}

// ErrorWriter answers an error in the shape of the route's API: with
// the HTTP status code, or the one mapped from err's gRPC code when code is
// 0.
type ErrorWriter func(w http.ResponseWriter, code int, err error)

// ServeImage answers GET with the image `stream` carries: its bytes with
// their Content-Type and length, an ETag (the bytes' SHA-256),
// Cache-Control: private, no-cache, 304 for a matching If-None-Match, and
// single byte ranges (206, If-Range).
func ServeImage[M ImageMessage](w http.ResponseWriter, r *http.Request, stream interface{ Recv() (M, error) },
	writeError ErrorWriter) {
	head, err := stream.Recv()
	if err != nil {
		writeError(w, 0, err)
		return
	}
	info := head.GetMetadata()
	if info == nil || info.GetContentType() == "" || info.GetSizeBytes() < 0 {
		writeError(w, 0, status.Error(codes.Internal, "the server sent no description of the image"))
		return
	}
	size := info.GetSizeBytes()
	h := w.Header()
	h.Set("Content-Type", info.GetContentType())
	h.Set("Cache-Control", "private, no-cache")
	h.Set("Accept-Ranges", "bytes")
	h.Set("X-Content-Type-Options", "nosniff")
	// Opened on its own (an SVG, say), the image runs no script.
	h.Set("Content-Security-Policy", "sandbox")
	etag := ""
	if info.GetSha256() != "" {
		etag = strconv.Quote(info.GetSha256())
		h.Set("ETag", etag)
		if ETagListed(r.Header.Values("If-None-Match"), etag) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	first, last := int64(0), size-1
	rng := r.Header.Get("Range")
	if !strings.HasPrefix(rng, "bytes=") {
		rng = "" // a unit other than bytes is ignored (RFC 9110 §14.2)
	}
	if rng != "" && size > 0 && (r.Header.Get("If-Range") == "" || r.Header.Get("If-Range") == etag && etag != "") {
		start, end, ok := parseByteRange(rng, size)
		if !ok {
			h.Set("Content-Range", fmt.Sprintf("bytes */%d", size))
			writeError(w, http.StatusRequestedRangeNotSatisfiable, status.Error(codes.OutOfRange,
				fmt.Sprintf("range %q is not within the image's %d bytes", rng, size)))
			return
		}
		first, last = start, end
		h.Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", first, last, size))
		h.Set("Content-Length", strconv.FormatInt(last-first+1, 10))
		w.WriteHeader(http.StatusPartialContent)
	} else {
		h.Set("Content-Length", strconv.FormatInt(size, 10))
		w.WriteHeader(http.StatusOK)
	}
	// The chunks in order; only the bytes in [first, last] are written.
	var offset int64
	for offset <= last {
		msg, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			// The headers are gone: cut the response short, so the
			// client sees a broken body rather than a short image.
			panic(http.ErrAbortHandler)
		}
		data := msg.GetChunk().GetData()
		from, to := max(first-offset, 0), min(last-offset+1, int64(len(data)))
		if from < to {
			if _, err := w.Write(data[from:to]); err != nil {
				return
			}
		}
		offset += int64(len(data))
	}
	if offset <= last {
		panic(http.ErrAbortHandler) // fewer bytes than announced: a broken body, not a short image
	}
}

// ETagListed says whether an If-None-Match header names etag: "*", or the
// same opaque tag, weak or strong (the weak comparison of RFC 9110 §8.8.3.2).
func ETagListed(headers []string, etag string) bool {
	want := strings.TrimPrefix(etag, "W/")
	for _, header := range headers {
		for _, tag := range strings.Split(header, ",") {
			tag = strings.TrimSpace(tag)
			if tag == "*" || strings.TrimPrefix(tag, "W/") == want {
				return true
			}
		}
	}
	return false
}

// parseByteRange reads a Range header of one byte range ("bytes=0-99",
// "bytes=100-", "bytes=-500") against a body of size bytes. Several ranges
// are not served (ok false answers 416; RFC 9110 allows ignoring Range
// instead, but a client asking for several gets a clear answer).
func parseByteRange(header string, size int64) (start, end int64, ok bool) {
	spec, found := strings.CutPrefix(header, "bytes=")
	if !found || strings.Contains(spec, ",") {
		return 0, 0, false
	}
	from, to, found := strings.Cut(strings.TrimSpace(spec), "-")
	if !found {
		return 0, 0, false
	}
	if from == "" { // the last `to` bytes
		n, err := strconv.ParseInt(to, 10, 64)
		if err != nil || n <= 0 {
			return 0, 0, false
		}
		return max(size-n, 0), size - 1, true
	}
	start, err := strconv.ParseInt(from, 10, 64)
	if err != nil || start < 0 || start >= size {
		return 0, 0, false
	}
	end = size - 1
	if to != "" {
		e, err := strconv.ParseInt(to, 10, 64)
		if err != nil || e < start {
			return 0, 0, false
		}
		end = min(e, size-1)
	}
	return start, end, true
}
