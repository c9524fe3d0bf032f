// Package legacy serves the REST APIs of the original apps unchanged: the
// AI stylist's (FastAPI) on top of stylist.v1.LegacyService, Skin Chapters'
// analysis route on top of stylist.v1.AnalysisService (skin.go), and the
// fitness planner's (Django REST Framework) on top of UserService and
// PlanService (fitness.go).
// The same routes, the same JSON shapes (integer ids as JSON numbers,
// {"detail": ...} errors, FastAPI's 422 validation errors), so older
// clients keep working.
package legacy

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

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	stylistv1 "github.com/stylist/stylist/clients/go/stylist/v1"
)

// uploadChunkBytes is the size of the chunks an upload is streamed in.
const uploadChunkBytes = 64 << 10

// Handler serves the legacy routes.
type Handler struct {
	client   stylistv1.LegacyServiceClient
	analysis stylistv1.AnalysisServiceClient
	users    stylistv1.UserServiceClient
	plans    stylistv1.PlanServiceClient
	mux      *http.ServeMux
}

// fitnessRoutes are the fitness planner's routes (fitness.go).
var fitnessRoutes = []string{
	"POST /register", "POST /login", "GET /profile", "PUT /profile", "GET /meal-plan", "GET /workout-plan",
	"POST /generate-plan",
}

// New returns the legacy routes on top of the upstream connection.
func New(conn grpc.ClientConnInterface) *Handler {
	h := &Handler{
		client:   stylistv1.NewLegacyServiceClient(conn),
		analysis: stylistv1.NewAnalysisServiceClient(conn),
		users:    stylistv1.NewUserServiceClient(conn),
		plans:    stylistv1.NewPlanServiceClient(conn),
		mux:      http.NewServeMux(),
	}
	h.mux.HandleFunc("GET /{$}", h.root)
	h.mux.HandleFunc("POST /api/users/", h.createUser)
	h.mux.HandleFunc("POST /api/images/upload", h.uploadImage)
	h.mux.HandleFunc("GET /api/images/{user_id}", h.listImages)
	h.mux.HandleFunc("GET /api/conversations/match-styles/", h.matchStyles)
	h.mux.HandleFunc("POST /api/conversations/", h.askQuestion)
	h.mux.HandleFunc("GET /api/conversations/{user_id}", h.listConversations)
	h.mux.HandleFunc("POST /v1/analyze/skin", h.analyzeSkin)
	fitness := []http.HandlerFunc{h.fitnessRegister, h.fitnessLogin, h.fitnessGetProfile, h.fitnessUpdateProfile,
		h.fitnessMealPlan, h.fitnessWorkoutPlan, h.fitnessGeneratePlan}
	for i, pattern := range fitnessRoutes {
		h.mux.HandleFunc(pattern, fitness[i])
	}
	return h
}

// Patterns lists the route patterns New registers, for the outer mux.
func Patterns() []string {
	return append([]string{"GET /{$}", "/api/", "POST /v1/analyze/skin"}, fitnessRoutes...)
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

// validationError is one entry of FastAPI's 422 "detail" list.
type validationError struct {
	Loc  []any  `json:"loc"`
	Msg  string `json:"msg"`
	Type string `json:"type"`
}

func imageFrom(m *stylistv1.LegacyImage) image {
	t := m.GetTags()
	return image{ID: m.GetId(), UserID: m.GetUserId(), ImagePath: m.GetImagePath(), Tags: tags{
		Type: t.Type, PrimaryColor: t.PrimaryColor, SecondaryColor: t.SecondaryColor, Style: t.Style,
	}}
}

// --- handlers ----------------------------------------------------------------

func (h *Handler) root(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"message": "Stylist API is running", "status": "ok"})
}

func (h *Handler) createUser(w http.ResponseWriter, r *http.Request) {
	var body map[string]json.RawMessage
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body == nil {
		writeValidation(w, validationError{Loc: []any{"body"}, Msg: "a JSON object is required", Type: "value_error.jsondecode"})
		return
	}
	var errs []validationError
	req := &stylistv1.CreateLegacyUserRequest{}
	if raw, ok := body["username"]; !ok || string(raw) == "null" {
		errs = append(errs, validationError{Loc: []any{"body", "username"}, Msg: "field required", Type: "value_error.missing"})
	} else if err := json.Unmarshal(raw, &req.Username); err != nil {
		errs = append(errs, validationError{Loc: []any{"body", "username"}, Msg: "str type expected", Type: "type_error.str"})
	}
	if raw, ok := body["style_preferences"]; ok && string(raw) != "null" {
		var prefs string
		if err := json.Unmarshal(raw, &prefs); err != nil {
			errs = append(errs, validationError{Loc: []any{"body", "style_preferences"}, Msg: "str type expected", Type: "type_error.str"})
		} else {
			req.StylePreferences = &prefs
		}
	}
	if len(errs) > 0 {
		writeValidation(w, errs...)
		return
	}
	resp, err := h.client.CreateLegacyUser(outgoing(r), req)
	if err != nil {
		writeError(w, err)
		return
	}
	u := resp.GetUser()
	var prefs *string
	if u != nil {
		prefs = u.StylePreferences
	}
	writeJSON(w, http.StatusOK, user{ID: u.GetId(), Username: u.GetUsername(), StylePreferences: prefs})
}

func (h *Handler) listImages(w http.ResponseWriter, r *http.Request) {
	id, ok := intParam(w, "path", "user_id", r.PathValue("user_id"), true)
	if !ok {
		return
	}
	resp, err := h.client.ListLegacyImages(outgoing(r), &stylistv1.ListLegacyImagesRequest{UserId: id})
	if err != nil {
		writeError(w, err)
		return
	}
	out := make([]image, 0, len(resp.GetImages()))
	for _, m := range resp.GetImages() {
		out = append(out, imageFrom(m))
	}
	writeJSON(w, http.StatusOK, out)
}

func (h *Handler) matchStyles(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	id, ok := intParam(w, "query", "user_id", q.Get("user_id"), q.Has("user_id"))
	if !ok {
		return
	}
	resp, err := h.client.MatchLegacyStyles(outgoing(r), &stylistv1.MatchLegacyStylesRequest{UserId: id})
	if err != nil {
		writeError(w, err)
		return
	}
	groups := make([][]string, 0, len(resp.GetGroups()))
	for _, g := range resp.GetGroups() {
		groups = append(groups, append([]string{}, g.GetImagePaths()...))
	}
	writeJSON(w, http.StatusOK, groups)
}

func (h *Handler) uploadImage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	id, ok := intParam(w, "query", "user_id", q.Get("user_id"), q.Has("user_id"))
	if !ok {
		return
	}
	withFormFile(w, r, "file", func(part *multipart.Part) { h.streamUpload(w, r, id, part.FileName(), part) })
}

// withFormFile hands the multipart field `field` to use, streaming; it
// answers FastAPI's errors itself when the body is not multipart (422),
// is malformed (400) or lacks the field (422).
func withFormFile(w http.ResponseWriter, r *http.Request, field string, use func(*multipart.Part)) {
	missing := validationError{Loc: []any{"body", field}, Msg: "field required", Type: "value_error.missing"}
	mediaType, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mediaType != "multipart/form-data" {
		writeValidation(w, missing)
		return
	}
	parts, err := r.MultipartReader()
	if err != nil {
		writeValidation(w, missing)
		return
	}
	for {
		part, err := parts.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"detail": "malformed multipart body"})
			return
		}
		if part.FormName() == field {
			use(part)
			return
		}
	}
	writeValidation(w, missing)
}

// streamUpload sends the file to UploadLegacyImage in chunks as it is read.
func (h *Handler) streamUpload(w http.ResponseWriter, r *http.Request, userID int64, name string, file io.Reader) {
	ctx, cancel := context.WithCancel(outgoing(r))
	defer cancel()
	stream, err := h.client.UploadLegacyImage(ctx)
	if err != nil {
		writeError(w, err)
		return
	}
	first := &stylistv1.UploadLegacyImageRequest{Content: &stylistv1.UploadLegacyImageRequest_Metadata{
		Metadata: &stylistv1.UploadLegacyImageMetadata{UserId: userID, Image: &stylistv1.ImageUploadMetadata{FileName: name}},
	}}
	sendErr := stream.Send(first)
	buf := make([]byte, uploadChunkBytes)
	for sendErr == nil {
		n, readErr := io.ReadFull(file, buf)
		if n > 0 {
			chunk := &stylistv1.UploadLegacyImageRequest{Content: &stylistv1.UploadLegacyImageRequest_Chunk{
				Chunk: &stylistv1.ImageChunk{Data: append([]byte(nil), buf[:n]...)},
			}}
			sendErr = stream.Send(chunk)
		}
		if errors.Is(readErr, io.EOF) || errors.Is(readErr, io.ErrUnexpectedEOF) {
			break
		}
		if readErr != nil {
			// The client's body broke off (or exceeded the body limit).
			cancel()
			writeJSON(w, http.StatusBadRequest, map[string]string{"detail": "the upload was interrupted: " + readErr.Error()})
			return
		}
	}
	// A failed Send means the server already answered: CloseAndRecv has it.
	resp, err := stream.CloseAndRecv()
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, imageFrom(resp.GetImage()))
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
		writeValidation(w, validationError{Loc: []any{"query", "question"}, Msg: "field required", Type: "value_error.missing"})
		return
	}
	resp, err := h.client.AskLegacyQuestion(outgoing(r), &stylistv1.AskLegacyQuestionRequest{UserId: id, Question: q.Get("question")})
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, conversationFrom(resp.GetConversation(), false))
}

func (h *Handler) listConversations(w http.ResponseWriter, r *http.Request) {
	id, ok := intParam(w, "path", "user_id", r.PathValue("user_id"), true)
	if !ok {
		return
	}
	resp, err := h.client.ListLegacyConversations(outgoing(r), &stylistv1.ListLegacyConversationsRequest{UserId: id})
	if err != nil {
		writeError(w, err)
		return
	}
	out := make([]conversation, 0, len(resp.GetConversations()))
	for _, c := range resp.GetConversations() {
		out = append(out, conversationFrom(c, true))
	}
	writeJSON(w, http.StatusOK, out)
}

// --- helpers -----------------------------------------------------------------

// intParam parses a required integer parameter the way FastAPI reports it.
func intParam(w http.ResponseWriter, where, name, value string, present bool) (int64, bool) {
	if !present {
		writeValidation(w, validationError{Loc: []any{where, name}, Msg: "field required", Type: "value_error.missing"})
		return 0, false
	}
	id, err := strconv.ParseInt(strings.TrimSpace(value), 10, 64)
	if err != nil {
		writeValidation(w, validationError{Loc: []any{where, name}, Msg: "value is not a valid integer", Type: "type_error.integer"})
		return 0, false
	}
	return id, true
}

// outgoing is the request's context with the metadata the server needs:
// credentials, the request id, and the client's address.
func outgoing(r *http.Request) context.Context {
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

// writeJSON answers with v as JSON in one write with its Content-Length,
// as the original services did (a streamed encoder made lists over 2 KiB
// chunked).
func writeJSON(w http.ResponseWriter, code int, v any) {
	body, err := json.Marshal(v)
	if err != nil { // only the fixed wire shapes above are written
		code, body = http.StatusInternalServerError, []byte(`{"detail":"failed to encode the response"}`)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(code)
	_, _ = w.Write(body)
}

func writeValidation(w http.ResponseWriter, errs ...validationError) {
	writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"detail": errs})
}

// writeError maps an upstream status onto the legacy error shape.
func writeError(w http.ResponseWriter, err error) {
	st := status.Convert(err)
	code := http.StatusInternalServerError
	detail := st.Message()
	switch st.Code() {
	case codes.InvalidArgument, codes.FailedPrecondition, codes.AlreadyExists:
		code = http.StatusBadRequest
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
	writeJSON(w, code, map[string]string{"detail": detail})
}
