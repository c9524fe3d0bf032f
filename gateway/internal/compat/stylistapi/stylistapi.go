// Package stylistapi serves the REST API of the original AI stylist
// (FastAPI) unchanged, on top of stylist.v1.LegacyService: GET /,
// /api/users/, /api/images/... and /api/conversations/... .
// The same routes, the same JSON shapes (integer ids as JSON numbers,
// {"detail": ...} errors, FastAPI's 422 validation errors), so older
// clients keep working.
package stylistapi

import (
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"

	"google.golang.org/grpc"
	"google.golang.org/grpc/status"

	stylistv1 "github.com/stylist/stylist/clients/go/stylist/v1"
	"github.com/stylist/stylist/gateway/internal/compat/compatutil"
	"github.com/stylist/stylist/gateway/internal/httpbytes"
)

// uploadChunkBytes is the size of the chunks an upload is streamed in.
const uploadChunkBytes = 64 << 10

// Handler serves the AI stylist's routes.
type Handler struct {
	client stylistv1.LegacyServiceClient
	mux    *http.ServeMux
}

// New returns the AI stylist's routes on top of the upstream connection.
func New(conn grpc.ClientConnInterface) *Handler {
	h := &Handler{
		client: stylistv1.NewLegacyServiceClient(conn),
		mux:    http.NewServeMux(),
	}
	handlers := []http.HandlerFunc{h.root, h.createUser, h.uploadImage, h.listImages, h.imageBytes, h.matchStyles,
		h.askQuestion, h.listConversations}
	for i, pattern := range routes {
		h.mux.HandleFunc(pattern, handlers[i])
	}
	return h
}

// routes are the AI stylist's routes, in the order of New's handlers.
var routes = []string{
	"GET /{$}", "POST /api/users/{$}", "POST /api/images/upload", "GET /api/images/{user_id}",
	"GET /api/images/{user_id}/{image_id}", "GET /api/conversations/match-styles/{$}", "POST /api/conversations/{$}",
	"GET /api/conversations/{user_id}",
}

// Routes lists the routes New serves, for the API document's check.
func Routes() []string {
	return append([]string(nil), routes...)
}

// Patterns lists the patterns that cover the routes New registers, for the
// outer mux: all of /api/ comes here, so that New's mux answers a wrong
// method (405) or an unknown /api/ path (404) itself.
func Patterns() []string {
	return []string{"GET /{$}", "/api/"}
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.mux.ServeHTTP(w, r) }

// --- wire shapes -------------------------------------------------------------

type user struct {
	ID               int64   `json:"id"`
	Username         string  `json:"username"`
	StylePreferences *string `json:"style_preferences"`
}

type tags struct {
	Type           *string `json:"type"`
	PrimaryColor   *string `json:"primary_color"`
	SecondaryColor *string `json:"secondary_color"`
	Style          *string `json:"style"`
}

type image struct {
	ID        int64  `json:"id"`
	UserID    int64  `json:"user_id"`
	ImagePath string `json:"image_path"`
	Tags      tags   `json:"tags"`
}

func imageFrom(m *stylistv1.LegacyImage) image {
	t := m.GetTags()
	if t == nil { // an image without tags: every tag null
		t = &stylistv1.LegacyImageTags{}
	}
	return image{ID: m.GetId(), UserID: m.GetUserId(), ImagePath: m.GetImagePath(), Tags: tags{
		Type: t.Type, PrimaryColor: t.PrimaryColor, SecondaryColor: t.SecondaryColor, Style: t.Style,
	}}
}

// --- handlers ----------------------------------------------------------------

func (h *Handler) root(w http.ResponseWriter, r *http.Request) {
	compatutil.WriteJSON(w, http.StatusOK, map[string]string{"message": "Stylist API is running", "status": "ok"})
}

func (h *Handler) createUser(w http.ResponseWriter, r *http.Request) {
	var body map[string]json.RawMessage
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body == nil {
		compatutil.WriteValidation(w, compatutil.ValidationError{Loc: []any{"body"}, Msg: "a JSON object is required", Type: "value_error.jsondecode"})
		return
	}
	var errs []compatutil.ValidationError
	req := &stylistv1.CreateLegacyUserRequest{}
	if raw, ok := body["username"]; !ok || string(raw) == "null" {
		errs = append(errs, compatutil.Missing("body", "username"))
	} else if err := json.Unmarshal(raw, &req.Username); err != nil {
		errs = append(errs, compatutil.ValidationError{Loc: []any{"body", "username"}, Msg: "str type expected", Type: "type_error.str"})
	}
	if raw, ok := body["style_preferences"]; ok && string(raw) != "null" {
		var prefs string
		if err := json.Unmarshal(raw, &prefs); err != nil {
			errs = append(errs, compatutil.ValidationError{Loc: []any{"body", "style_preferences"}, Msg: "str type expected", Type: "type_error.str"})
		} else {
			req.StylePreferences = &prefs
		}
	}
	if len(errs) > 0 {
		compatutil.WriteValidation(w, errs...)
		return
	}
	resp, err := h.client.CreateLegacyUser(compatutil.Outgoing(r), req)
	if err != nil {
		compatutil.WriteError(w, err)
		return
	}
	u := resp.GetUser()
	var prefs *string
	if u != nil {
		prefs = u.StylePreferences
	}
	compatutil.WriteJSON(w, http.StatusOK, user{ID: u.GetId(), Username: u.GetUsername(), StylePreferences: prefs})
}

func (h *Handler) listImages(w http.ResponseWriter, r *http.Request) {
	id, ok := intParam(w, "path", "user_id", r.PathValue("user_id"), true)
	if !ok {
		return
	}
	resp, err := h.client.ListLegacyImages(compatutil.Outgoing(r), &stylistv1.ListLegacyImagesRequest{UserId: id})
	if err != nil {
		compatutil.WriteError(w, err)
		return
	}
	out := make([]image, 0, len(resp.GetImages()))
	for _, m := range resp.GetImages() {
		out = append(out, imageFrom(m))
	}
	compatutil.WriteJSON(w, http.StatusOK, out)
}

// imageBytes answers an image's image_path: its bytes (?thumbnail=true: a
// small JPEG), with ETag, 304 and byte ranges as the v1 photo routes.
func (h *Handler) imageBytes(w http.ResponseWriter, r *http.Request) {
	userID, ok := intParam(w, "path", "user_id", r.PathValue("user_id"), true)
	if !ok {
		return
	}
	imageID, ok := intParam(w, "path", "image_id", r.PathValue("image_id"), true)
	if !ok {
		return
	}
	ctx, cancel := context.WithCancel(compatutil.Outgoing(r))
	defer cancel() // ends the stream when the client has what it needs
	stream, err := h.client.DownloadLegacyImage(ctx, &stylistv1.DownloadLegacyImageRequest{
		UserId: userID, ImageId: imageID, Thumbnail: r.URL.Query().Get("thumbnail") == "true"})
	if err != nil {
		compatutil.WriteError(w, err)
		return
	}
	httpbytes.ServeImage(w, r, stream, func(w http.ResponseWriter, code int, err error) {
		if code == 0 {
			compatutil.WriteError(w, err)
		} else {
			compatutil.WriteDetail(w, code, status.Convert(err).Message())
		}
	})
}

func (h *Handler) matchStyles(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	id, ok := intParam(w, "query", "user_id", q.Get("user_id"), q.Has("user_id"))
	if !ok {
		return
	}
	resp, err := h.client.MatchLegacyStyles(compatutil.Outgoing(r), &stylistv1.MatchLegacyStylesRequest{UserId: id})
	if err != nil {
		compatutil.WriteError(w, err)
		return
	}
	groups := make([][]string, 0, len(resp.GetGroups()))
	for _, g := range resp.GetGroups() {
		groups = append(groups, append([]string{}, g.GetImagePaths()...))
	}
	compatutil.WriteJSON(w, http.StatusOK, groups)
}

func (h *Handler) uploadImage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	id, ok := intParam(w, "query", "user_id", q.Get("user_id"), q.Has("user_id"))
	if !ok {
		return
	}
	compatutil.WithFormFile(w, r, "file", func(part *multipart.Part) { h.streamUpload(w, r, id, part.FileName(), part) })
}

// streamUpload sends the file to UploadLegacyImage in chunks as it is read.
func (h *Handler) streamUpload(w http.ResponseWriter, r *http.Request, userID int64, name string, file io.Reader) {
	ctx, cancel := context.WithCancel(compatutil.Outgoing(r))
	defer cancel()
	stream, err := h.client.UploadLegacyImage(ctx)
	if err != nil {
		compatutil.WriteError(w, err)
		return
	}
	first := &stylistv1.UploadLegacyImageRequest{Content: &stylistv1.UploadLegacyImageRequest_Metadata{
		Metadata: &stylistv1.UploadLegacyImageMetadata{UserId: userID, Image: &stylistv1.ImageUploadMetadata{FileName: name}},
	}}
	sendErr := stream.Send(first)
	buf := make([]byte, uploadChunkBytes)
	for sendErr == nil {
		n, done, readErr := compatutil.ReadChunk(file, buf)
		if n > 0 && readErr == nil {
			chunk := &stylistv1.UploadLegacyImageRequest{Content: &stylistv1.UploadLegacyImageRequest_Chunk{
				Chunk: &stylistv1.ImageChunk{Data: append([]byte(nil), buf[:n]...)},
			}}
			sendErr = stream.Send(chunk)
		}
		if done {
			break
		}
		if readErr != nil {
			// The client's body broke off (or exceeded the body limit).
			cancel()
			compatutil.WriteUploadInterrupted(w, readErr)
			return
		}
	}
	// A failed Send means the server already answered: CloseAndRecv has it.
	resp, err := stream.CloseAndRecv()
	if err != nil {
		compatutil.WriteError(w, err)
		return
	}
	compatutil.WriteJSON(w, http.StatusOK, imageFrom(resp.GetImage()))
}

type conversation struct {
	ID        int64  `json:"id"`
	UserID    int64  `json:"user_id"`
	Question  string `json:"question"`
	Answer    string `json:"answer"`
	CreatedAt string `json:"created_at,omitempty"`
}

func conversationFrom(c *stylistv1.LegacyConversation, withTime bool) conversation {
	out := conversation{ID: c.GetId(), UserID: c.GetUserId(), Question: c.GetQuestion(), Answer: c.GetAnswer()}
	if withTime {
		// FastAPI wrote naive datetimes in ISO form.
		out.CreatedAt = c.GetCreateTime().AsTime().UTC().Format("2006-01-02T15:04:05.000000")
	}
	return out
}

// askQuestion answers POST /api/conversations/?user_id=&question= through
// the chat service.
func (h *Handler) askQuestion(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	id, ok := intParam(w, "query", "user_id", q.Get("user_id"), q.Has("user_id"))
	if !ok {
		return
	}
	if !q.Has("question") {
		compatutil.WriteValidation(w, compatutil.Missing("query", "question"))
		return
	}
	resp, err := h.client.AskLegacyQuestion(compatutil.Outgoing(r), &stylistv1.AskLegacyQuestionRequest{UserId: id, Question: q.Get("question")})
	if err != nil {
		compatutil.WriteError(w, err)
		return
	}
	compatutil.WriteJSON(w, http.StatusOK, conversationFrom(resp.GetConversation(), false))
}

func (h *Handler) listConversations(w http.ResponseWriter, r *http.Request) {
	id, ok := intParam(w, "path", "user_id", r.PathValue("user_id"), true)
	if !ok {
		return
	}
	resp, err := h.client.ListLegacyConversations(compatutil.Outgoing(r), &stylistv1.ListLegacyConversationsRequest{UserId: id})
	if err != nil {
		compatutil.WriteError(w, err)
		return
	}
	out := make([]conversation, 0, len(resp.GetConversations()))
	for _, c := range resp.GetConversations() {
		out = append(out, conversationFrom(c, true))
	}
	compatutil.WriteJSON(w, http.StatusOK, out)
}

// --- helpers -----------------------------------------------------------------

// intParam parses a required integer parameter the way FastAPI reports it.
func intParam(w http.ResponseWriter, where, name, value string, present bool) (int64, bool) {
	if !present {
		compatutil.WriteValidation(w, compatutil.Missing(where, name))
		return 0, false
	}
	id, err := strconv.ParseInt(strings.TrimSpace(value), 10, 64)
	if err != nil {
		compatutil.WriteValidation(w, compatutil.ValidationError{Loc: []any{where, name}, Msg: "value is not a valid integer", Type: "type_error.integer"})
		return 0, false
	}
	return id, true
}
