// Package skinchapters serves Skin Chapters' route (seed 002) unchanged, on
// top of stylist.v1.AnalysisService: POST /v1/analyze/skin with the face
// photo in the multipart field "image", answering the app's JSON. The app's
// clients send either a user's bearer token or a service API key in the
// Authorization header. A key may name the app's user in ?user_id= (as the
// seed does): the analysis is then stored for that person under the key,
// and the history routes read it back in the same shape.
package skinchapters

import (
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"

	stylistv1 "github.com/stylist/stylist/clients/go/stylist/v1"
	"github.com/stylist/stylist/gateway/internal/compat/compatutil"
)

// Skin Chapters' routes: the seed's analysis, and the history of what was
// stored (a signed-in user's own, or a key's for the ?user_id= it names).
const (
	analyzeRoute = "POST /v1/analyze/skin"
	historyRoute = "GET /v1/analyze/skin/history"
	getRoute     = "GET /v1/analyze/skin/{analysis_id}"
	deleteRoute  = "DELETE /v1/analyze/skin/{analysis_id}"
)

// Handler serves Skin Chapters' route.
type Handler struct {
	analysis stylistv1.AnalysisServiceClient
	mux      *http.ServeMux
}

// New returns Skin Chapters' route on top of the upstream connection.
func New(conn grpc.ClientConnInterface) *Handler {
	h := &Handler{
		analysis: stylistv1.NewAnalysisServiceClient(conn),
		mux:      http.NewServeMux(),
	}
	h.mux.HandleFunc(analyzeRoute, h.analyzeSkin)
	h.mux.HandleFunc(historyRoute, h.history)
	h.mux.HandleFunc(getRoute, h.get)
	h.mux.HandleFunc(deleteRoute, h.delete)
	return h
}

// Patterns lists the route patterns New registers, for the outer mux.
func Patterns() []string {
	return []string{analyzeRoute, historyRoute, getRoute, deleteRoute}
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.mux.ServeHTTP(w, r) }

// skinConditionNames are the seed's condition names, in SkinCondition order.
var skinConditionNames = map[stylistv1.SkinCondition]string{
	stylistv1.SkinCondition_SKIN_CONDITION_ACNE:              "acne",
	stylistv1.SkinCondition_SKIN_CONDITION_BLACKHEADS:        "blackheads",
	stylistv1.SkinCondition_SKIN_CONDITION_WRINKLES:          "wrinkles",
	stylistv1.SkinCondition_SKIN_CONDITION_DULLNESS:          "dullness",
	stylistv1.SkinCondition_SKIN_CONDITION_REDNESS:           "redness",
	stylistv1.SkinCondition_SKIN_CONDITION_DEHYDRATION:       "dehydration",
	stylistv1.SkinCondition_SKIN_CONDITION_HYPERPIGMENTATION: "hyperpigmentation",
	stylistv1.SkinCondition_SKIN_CONDITION_UNEVEN_TEXTURE:    "uneven_texture",
}

type skinResult struct {
	SkinType                string             `json:"skin_type"`
	Conditions              []string           `json:"conditions"`
	SkinScore               int32              `json:"skin_score"`
	RecommendedChapter      int32              `json:"recommended_chapter"`
	AnalysisID              string             `json:"analysis_id"`
	CreatedAt               string             `json:"created_at"`
	RecommendedChapterTitle string             `json:"recommended_chapter_title"`
	ConditionProbabilities  map[string]float32 `json:"condition_probabilities"`
	Disclaimer              string             `json:"disclaimer"`
}

func (h *Handler) analyzeSkin(w http.ResponseWriter, r *http.Request) {
	ctx, appUser, ok := appUserOf(w, r)
	if !ok {
		return
	}
	compatutil.WithFormFile(w, r, "image", func(part *multipart.Part) {
		image, err := io.ReadAll(part)
		if err != nil {
			compatutil.WriteUploadInterrupted(w, err)
			return
		}
		h.answerSkin(ctx, w, &stylistv1.AnalyzeSkinRequest{Image: image, AppUserId: appUser})
	})
}

func (h *Handler) answerSkin(ctx context.Context, w http.ResponseWriter, req *stylistv1.AnalyzeSkinRequest) {
	resp, err := h.analysis.AnalyzeSkin(ctx, req)
	if err != nil {
		compatutil.WriteError(w, err)
		return
	}
	if !resp.GetQuality().GetPassed() {
		// As the original: a photo without a usable face is a 400.
		compatutil.WriteJSON(w, http.StatusBadRequest, map[string]any{
			"detail": resp.GetQuality().GetHint(),
			"issues": qualityIssueNames(resp.GetQuality().GetIssues()),
		})
		return
	}
	compatutil.WriteJSON(w, http.StatusOK, resultOf(resp.GetAnalysis()))
}

// historyPage is GET /v1/analyze/skin/history's answer: analyses in the
// analyze route's shape, newest first, and the cursor of the next page
// ("" on the last).
type historyPage struct {
	Analyses   []skinResult `json:"analyses"`
	NextCursor string       `json:"next_cursor"`
}

// maxHistoryLimit is the most analyses one page holds (the server's own
// bound); 20 when ?limit= is not given.
const maxHistoryLimit = 100

func (h *Handler) history(w http.ResponseWriter, r *http.Request) {
	ctx, appUser, ok := appUserOf(w, r)
	if !ok {
		return
	}
	req := &stylistv1.ListSkinAnalysesRequest{AppUserId: appUser, PageToken: r.URL.Query().Get("cursor")}
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxHistoryLimit {
			compatutil.WriteValidation(w, compatutil.ValidationError{
				Loc: []any{"query", "limit"}, Msg: "must be a whole number from 1 to " + strconv.Itoa(maxHistoryLimit),
				Type: "value_error"})
			return
		}
		req.PageSize = int32(n)
	}
	resp, err := h.analysis.ListSkinAnalyses(ctx, req)
	if err != nil {
		compatutil.WriteError(w, err)
		return
	}
	out := historyPage{Analyses: make([]skinResult, 0, len(resp.GetAnalyses())), NextCursor: resp.GetNextPageToken()}
	for _, a := range resp.GetAnalyses() {
		out.Analyses = append(out.Analyses, resultOf(a))
	}
	compatutil.WriteJSON(w, http.StatusOK, out)
}

func (h *Handler) get(w http.ResponseWriter, r *http.Request) {
	ctx, appUser, ok := appUserOf(w, r)
	if !ok {
		return
	}
	resp, err := h.analysis.GetSkinAnalysis(ctx, &stylistv1.GetSkinAnalysisRequest{
		AnalysisId: r.PathValue("analysis_id"), AppUserId: appUser})
	if err != nil {
		compatutil.WriteError(w, err)
		return
	}
	compatutil.WriteJSON(w, http.StatusOK, resultOf(resp.GetAnalysis()))
}

func (h *Handler) delete(w http.ResponseWriter, r *http.Request) {
	ctx, appUser, ok := appUserOf(w, r)
	if !ok {
		return
	}
	if _, err := h.analysis.DeleteSkinAnalysis(ctx, &stylistv1.DeleteSkinAnalysisRequest{
		AnalysisId: r.PathValue("analysis_id"), AppUserId: appUser}); err != nil {
		compatutil.WriteError(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// appUserOf is the call's credentials and the app's user it names
// (?user_id=, only with a service key). It answers the error itself and
// returns false when the request cannot go on.
func appUserOf(w http.ResponseWriter, r *http.Request) (context.Context, string, bool) {
	ctx, isKey := skinCredentials(r)
	appUser := r.URL.Query().Get("user_id")
	if appUser != "" && !isKey {
		compatutil.WriteValidation(w, compatutil.ValidationError{
			Loc: []any{"query", "user_id"}, Msg: "user_id is for service API keys; a signed-in user's analyses are stored as theirs", Type: "value_error"})
		return nil, "", false
	}
	return ctx, appUser, true
}

// resultOf is an analysis in the app's JSON.
func resultOf(a *stylistv1.SkinAnalysis) skinResult {
	out := skinResult{
		SkinType:                compatutil.EnumName(a.GetSkinType().String(), "SKIN_TYPE_"),
		Conditions:              []string{},
		SkinScore:               a.GetSkinScore(),
		RecommendedChapter:      a.GetRecommendedChapter(),
		AnalysisID:              a.GetAnalysisId(),
		CreatedAt:               a.GetCreateTime().AsTime().UTC().Format(time.RFC3339Nano),
		RecommendedChapterTitle: a.GetRecommendedChapterTitle(),
		ConditionProbabilities:  map[string]float32{},
		Disclaimer:              a.GetDisclaimer(),
	}
	for _, c := range a.GetConditions() {
		name := skinConditionNames[c.GetCondition()]
		out.ConditionProbabilities[name] = c.GetProbability()
		if c.GetDetected() {
			out.Conditions = append(out.Conditions, name)
		}
	}
	return out
}

func qualityIssueNames(issues []stylistv1.SkinPhotoIssue) []string {
	out := make([]string, 0, len(issues))
	for _, i := range issues {
		out = append(out, compatutil.EnumName(i.String(), "SKIN_PHOTO_ISSUE_"))
	}
	return out
}

// skinCredentials is compatutil.Outgoing(r) with the Authorization header
// read the way the app's clients use it: "Bearer <access token>" is a
// user's token; a bare value, or a Bearer value that is not a JWT, is a
// service API key (isKey).
func skinCredentials(r *http.Request) (ctx context.Context, isKey bool) {
	ctx = compatutil.Outgoing(r)
	auth := strings.TrimSpace(r.Header.Get("Authorization"))
	if auth == "" {
		return ctx, r.Header.Get("X-Api-Key") != ""
	}
	token := auth
	// The scheme's name is case-insensitive (RFC 9110 §11.1).
	if scheme, rest, ok := strings.Cut(auth, " "); ok && strings.EqualFold(scheme, "Bearer") {
		token = strings.TrimSpace(rest)
		if strings.Count(token, ".") == 2 {
			return ctx, false // a JWT: forwarded as it came
		}
	}
	md, _ := metadata.FromOutgoingContext(ctx)
	md = md.Copy()
	md.Delete("authorization")
	md.Set("x-api-key", token)
	return metadata.NewOutgoingContext(ctx, md), true
}
