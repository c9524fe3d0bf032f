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
	"github.com/stylist/stylist/gateway/internal/httpbytes"
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
	// redirect answers GETs with a 307 to the object store's presigned URL
	// (GetItemPhotoUrl) where the server hands them out.
	redirect bool
}

// photoRoutePatterns are the routes register serves, in its handlers' order.
var photoRoutePatterns = []string{
	"POST /v1/wardrobe/items/{item_id}/photo", "PUT /v1/wardrobe/items/{item_id}/photo",
	"GET /v1/wardrobe/items/{item_id}/photo", "GET /v1/wardrobe/items/{item_id}/photo/thumbnail",
}

func (p photoRoutes) register(mux *http.ServeMux) {
	handlers := []http.Handler{http.HandlerFunc(p.upload), http.HandlerFunc(p.upload), p.download(false), p.download(true)}
	for i, pattern := range photoRoutePatterns {
		mux.Handle(pattern, withDeadline(p.timeout, handlers[i]))
	}
}

// redirectToURL answers with a 307 to the photo's presigned URL, or with
// the error; false (nothing written) when the server hands out no URLs,
// and the photo is streamed instead. ?redirect=false asks for the bytes.
func (p photoRoutes) redirectToURL(w http.ResponseWriter, r *http.Request, thumbnail bool) bool {
	resp, err := p.wardrobe.GetItemPhotoUrl(compatutil.Outgoing(r), &stylistv1.GetItemPhotoUrlRequest{
		ItemId: r.PathValue("item_id"), Thumbnail: thumbnail})
	if status.Code(err) == codes.FailedPrecondition {
		return false
	}
	if err != nil {
		writeUpstreamError(w, err)
		return true
	}
	// The URL is a credential for a while: not for shared caches.
	w.Header().Set("Cache-Control", "private, no-store")
	http.Redirect(w, r, resp.GetUrl(), http.StatusTemporaryRedirect)
	return true
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
	writeStatus(w, httpStatusOf(st), st)
}

// httpStatusOf is grpc-gateway's mapping of a status's code, with 413 for
// an image refused for its size.
func httpStatusOf(st *status.Status) int {
	if compatutil.IsTooLarge(st) {
		return http.StatusRequestEntityTooLarge
	}
	return runtime.HTTPStatusFromCode(st.Code())
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
				writeBodyError(w, err)
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

// writeBodyError answers a body that could not be read: 413 when it went
// over the edge's limit (also when the multipart reader met it, which
// wraps the limit's error), 400 when it broke off or is not a form.
func writeBodyError(w http.ResponseWriter, err error) {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		writeStatus(w, http.StatusRequestEntityTooLarge, status.New(codes.ResourceExhausted,
			fmt.Sprintf("photo: the body is over the edge's limit of %d bytes", tooLarge.Limit)))
		return
	}
	writeStatus(w, http.StatusBadRequest, status.New(codes.InvalidArgument, "photo: the upload is malformed or broke off: "+err.Error()))
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
			writeBodyError(w, readErr)
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
		thumbnail := thumbnail || r.URL.Query().Get("thumbnail") == "true"
		if p.redirect && r.URL.Query().Get("redirect") != "false" && p.redirectToURL(w, r, thumbnail) {
			return
		}
		ctx, cancel := context.WithCancel(compatutil.Outgoing(r))
		defer cancel() // ends the stream when the client has what it needs
		stream, err := p.wardrobe.DownloadItemPhoto(ctx, &stylistv1.DownloadItemPhotoRequest{
			ItemId: r.PathValue("item_id"), Thumbnail: thumbnail})
		if err != nil {
			writeUpstreamError(w, err)
			return
		}
		httpbytes.ServeImage(w, r, stream, func(w http.ResponseWriter, code int, err error) {
			if code == 0 {
				writeUpstreamError(w, err)
			} else {
				writeStatus(w, code, status.Convert(err))
			}
		})
	}
}
