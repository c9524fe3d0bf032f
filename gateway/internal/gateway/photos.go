package gateway

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	stylistv1 "github.com/stylist/stylist/clients/go/stylist/v1"
	"github.com/stylist/stylist/gateway/internal/compat/compatutil"
)

// An item's photo over REST, as HTTP clients and image widgets expect it
// (grpc-gateway can only offer the streams as NDJSON of base64 chunks):
//
//	POST or PUT /v1/wardrobe/items/{item_id}/photo
//	    multipart/form-data with the file in field "photo" (or "file"), or
//	    the image itself as the body (image/*); streamed to UploadItemPhoto
//	    in chunks as it is read, never held whole; ?skip_analysis=true keeps
//	    the current analysis. Answers the item, as the other v1 routes do.
//	GET /v1/wardrobe/items/{item_id}/photo (?thumbnail=true, or
//	    .../photo/thumbnail for the small JPEG)
//	    the image bytes with their Content-Type and length, an ETag (the
//	    bytes' SHA-256), Cache-Control: private, no-cache, 304 for a
//	    matching If-None-Match, and single byte ranges (206, If-Range).

// photoUploadChunkBytes is the size of the chunks an upload is sent in.
const photoUploadChunkBytes = 64 << 10

type photoRoutes struct {
	wardrobe  stylistv1.WardrobeServiceClient
	marshaler runtime.Marshaler
	timeout   time.Duration // of each upstream call
}

func (p photoRoutes) register(mux *http.ServeMux) {
	mux.Handle("POST /v1/wardrobe/items/{item_id}/photo", withDeadline(p.timeout, http.HandlerFunc(p.upload)))
	mux.Handle("PUT /v1/wardrobe/items/{item_id}/photo", withDeadline(p.timeout, http.HandlerFunc(p.upload)))
	mux.Handle("GET /v1/wardrobe/items/{item_id}/photo", withDeadline(p.timeout, p.download(false)))
	mux.Handle("GET /v1/wardrobe/items/{item_id}/photo/thumbnail", withDeadline(p.timeout, p.download(true)))
}

// photoRouteBindings are the methods the photo routes add to what the
// services' HTTP bindings offer, for the Allow header of a 405.
var photoRouteBindings = []restRoute{
	{method: http.MethodPost, path: templateRegexp("/v1/wardrobe/items/{item_id}/photo")},
	{method: http.MethodPut, path: templateRegexp("/v1/wardrobe/items/{item_id}/photo")},
	{method: http.MethodGet, path: templateRegexp("/v1/wardrobe/items/{item_id}/photo/thumbnail")},
}

// writeUpstreamError answers err (a gRPC status) in the v1 routes' shape:
// the google.rpc.Status as JSON with the HTTP status mapped from its code.
func writeUpstreamError(w http.ResponseWriter, err error) {
	st := status.Convert(err)
	compatutil.SetRetryAfter(w.Header(), st)
	writeStatus(w, runtime.HTTPStatusFromCode(st.Code()), st)
}

func (p photoRoutes) upload(w http.ResponseWriter, r *http.Request) {
	itemID := r.PathValue("item_id")
	skip := r.URL.Query().Get("skip_analysis") == "true"
	mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch {
	case mediaType == "multipart/form-data":
		parts, err := r.MultipartReader()
		if err != nil {
			writeStatus(w, http.StatusBadRequest, status.New(codes.InvalidArgument, "malformed multipart body: "+err.Error()))
			return
		}
		for {
			part, err := parts.NextPart()
			if errors.Is(err, io.EOF) {
				writeStatus(w, http.StatusBadRequest, status.New(codes.InvalidArgument,
					`photo: the form has no file field "photo" (or "file")`))
				return
			}
			if err != nil {
				writeStatus(w, http.StatusBadRequest, status.New(codes.InvalidArgument, "malformed multipart body: "+err.Error()))
				return
			}
			if name := part.FormName(); name == "photo" || name == "file" {
				p.stream(w, r, itemID, part.FileName(), -1, part, skip)
				return
			}
		}
	case strings.HasPrefix(mediaType, "image/") || mediaType == "application/octet-stream":
		p.stream(w, r, itemID, "", r.ContentLength, r.Body, skip)
	default:
		writeStatus(w, http.StatusUnsupportedMediaType, status.New(codes.InvalidArgument, fmt.Sprintf(
			"content type %q: send the photo as multipart/form-data (field \"photo\") or as the body with its image/* type",
			r.Header.Get("Content-Type"))))
	}
}

// stream sends the photo to UploadItemPhoto in chunks as it is read. The
// server checks the bytes (size, format, pixels) and answers; a body that
// breaks off cancels the upload, which leaves the item as it was.
func (p photoRoutes) stream(w http.ResponseWriter, r *http.Request, itemID, name string, size int64, body io.Reader, skip bool) {
	ctx, cancel := context.WithCancel(compatutil.Outgoing(r))
	defer cancel()
	upload, err := p.wardrobe.UploadItemPhoto(ctx)
	if err != nil {
		writeUpstreamError(w, err)
		return
	}
	meta := &stylistv1.UploadItemPhotoMetadata{ItemId: itemID, SkipAnalysis: skip,
		Image: &stylistv1.ImageUploadMetadata{FileName: name, DeclaredSizeBytes: max(size, 0)}}
	sendErr := upload.Send(&stylistv1.UploadItemPhotoRequest{Content: &stylistv1.UploadItemPhotoRequest_Metadata{Metadata: meta}})
	buf := make([]byte, photoUploadChunkBytes)
	for sendErr == nil {
		n, done, readErr := compatutil.ReadChunk(body, buf)
		if n > 0 && readErr == nil {
			sendErr = upload.Send(&stylistv1.UploadItemPhotoRequest{Content: &stylistv1.UploadItemPhotoRequest_Chunk{
				Chunk: &stylistv1.ImageChunk{Data: append([]byte(nil), buf[:n]...)}}})
		}
		if done {
			break
		}
		if readErr != nil {
			cancel() // nothing is stored
			var tooLarge *http.MaxBytesError
			if errors.As(readErr, &tooLarge) {
				writeStatus(w, http.StatusRequestEntityTooLarge, status.New(codes.ResourceExhausted,
					fmt.Sprintf("photo: the body is over the limit of %d bytes", tooLarge.Limit)))
				return
			}
			writeStatus(w, http.StatusBadRequest, status.New(codes.InvalidArgument, "photo: the upload broke off: "+readErr.Error()))
			return
		}
	}
	// A failed Send means the server already answered: CloseAndRecv has it.
	resp, err := upload.CloseAndRecv()
	if err != nil {
		writeUpstreamError(w, err)
		return
	}
	out, err := p.marshaler.Marshal(resp)
	if err != nil {
		writeUpstreamError(w, status.Error(codes.Internal, "encoding the answer: "+err.Error()))
		return
	}
	w.Header().Set("Content-Type", "application/json")
	if etag := etagOf(resp.ProtoReflect()); etag != "" {
		w.Header().Set("ETag", strconv.Quote(etag))
	}
	_, _ = w.Write(out)
}

func (p photoRoutes) download(thumbnail bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithCancel(compatutil.Outgoing(r))
		defer cancel() // ends the stream when the client has what it needs
		stream, err := p.wardrobe.DownloadItemPhoto(ctx, &stylistv1.DownloadItemPhotoRequest{
			ItemId: r.PathValue("item_id"), Thumbnail: thumbnail || r.URL.Query().Get("thumbnail") == "true"})
		if err != nil {
			writeUpstreamError(w, err)
			return
		}
		head, err := stream.Recv()
		if err != nil {
			writeUpstreamError(w, err)
			return
		}
		info := head.GetMetadata()
		if info == nil || info.GetContentType() == "" || info.GetSizeBytes() < 0 {
			writeUpstreamError(w, status.Error(codes.Internal, "the server sent no description of the photo"))
			return
		}
		size := info.GetSizeBytes()
		h := w.Header()
		h.Set("Content-Type", info.GetContentType())
		h.Set("Cache-Control", "private, no-cache")
		h.Set("Accept-Ranges", "bytes")
		h.Set("X-Content-Type-Options", "nosniff")
		// Opened on its own (an SVG, say), the photo runs no script.
		h.Set("Content-Security-Policy", "sandbox")
		etag := ""
		if info.GetSha256() != "" {
			etag = strconv.Quote(info.GetSha256())
			h.Set("ETag", etag)
			if etagListed(r.Header.Values("If-None-Match"), etag) {
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
				writeStatus(w, http.StatusRequestedRangeNotSatisfiable, status.New(codes.OutOfRange,
					fmt.Sprintf("range %q is not within the photo's %d bytes", rng, size)))
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
