// Package skinchapters serves Skin Chapters' route (seed 002) unchanged, on
// top of stylist.v1.AnalysisService: POST /v1/analyze/skin with the face
// photo in the multipart field "image", answering the app's JSON. The app's
// clients send either a user's bearer token or a service API key in the
// Authorization header.
package skinchapters

import (
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"

	stylistv1 "github.com/stylist/stylist/clients/go/stylist/v1"
	"github.com/stylist/stylist/gateway/internal/compat/compatutil"
)

// route is Skin Chapters' one route.
const route = "POST /v1/analyze/skin"

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
	h.mux.HandleFunc(route, h.analyzeSkin)
	return h
}

// Patterns lists the route patterns New registers, for the outer mux.
func Patterns() []string {
	return []string{route}
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
	compatutil.WithFormFile(w, r, "image", func(part *multipart.Part) {
		image, err := io.ReadAll(part)
		if err != nil {
			compatutil.WriteUploadInterrupted(w, err)
			return
		}
		h.answerSkin(w, r, image)
	})
}

func (h *Handler) answerSkin(w http.ResponseWriter, r *http.Request, image []byte) {
	resp, err := h.analysis.AnalyzeSkin(skinCredentials(r), &stylistv1.AnalyzeSkinRequest{Image: image})
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
	a := resp.GetAnalysis()
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
	compatutil.WriteJSON(w, http.StatusOK, out)
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
// service API key.
func skinCredentials(r *http.Request) context.Context {
	ctx := compatutil.Outgoing(r)
	auth := strings.TrimSpace(r.Header.Get("Authorization"))
	if auth == "" {
		return ctx
	}
	token := auth
	if after, ok := strings.CutPrefix(auth, "Bearer "); ok {
		token = strings.TrimSpace(after)
		if strings.Count(token, ".") == 2 {
			return ctx // a JWT: forwarded as it came
		}
	}
	md, _ := metadata.FromOutgoingContext(ctx)
	md = md.Copy()
	md.Delete("authorization")
	md.Set("x-api-key", token)
	return metadata.NewOutgoingContext(ctx, md)
}
