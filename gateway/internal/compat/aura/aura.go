// Package aura serves the Aura app's REST routes (seed 003, a FastAPI
// design whose users sign in with Supabase Auth: their Supabase access
// token is the bearer token) on top of WardrobeService:
//
//   - POST /api/v1/ai/analyze-clothing-item analyses an item's photo now
//     and fills the item's fields (AnalyzeItem with wait);
//   - GET /api/v1/recommendations/ proposes outfits of the caller's items or
//     pieces to buy (Recommend);
//   - POST /api/v1/ai/calculate-style-dna computes the caller's Style DNA
//     now, GET /api/v1/style-dna reads it (CalculateStyleDna, GetStyleDna);
//   - POST /api/v1/swap-market/process-listing runs the swap market's
//     listing checks on a draft (SwapMarketService.CheckListing);
//   - POST /api/v1/webhooks/db takes the Supabase project's database
//     webhooks (DatabaseWebhookService): the caller is the project, with
//     the shared secret in X-Webhook-Secret, not a user.
//
// Errors are {"detail": ...}, with FastAPI's 422 for a malformed body or
// query.
package aura

import (
	"encoding/json"
	"errors"
	"io"
	"math"
	"net/http"
	"strconv"

	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/encoding/protojson"

	stylistv1 "github.com/stylist/stylist/clients/go/stylist/v1"
	"github.com/stylist/stylist/gateway/internal/compat/compatutil"
	"google.golang.org/genproto/googleapis/type/money"
)

const (
	analyzeRoute         = "POST /api/v1/ai/analyze-clothing-item"
	recommendationsRoute = "GET /api/v1/recommendations/{$}"
	// FastAPI answers the path without its slash with a redirect; the
	// route answers it directly instead.
	recommendationsBare = "GET /api/v1/recommendations"

	calculateDnaRoute = "POST /api/v1/ai/calculate-style-dna"
	processListing    = "POST /api/v1/swap-market/process-listing"
	styleDnaRoute     = "GET /api/v1/style-dna"
	webhookRoute      = "POST /api/v1/webhooks/db"

	maxRecommendations     = 50
	defaultRecommendations = 10
	// A database event is one row (and the one before it), never large.
	maxWebhookBody = 1 << 20
)

// Handler serves Aura's routes.
type Handler struct {
	wardrobe stylistv1.WardrobeServiceClient
	swap     stylistv1.SwapMarketServiceClient
	webhooks stylistv1.DatabaseWebhookServiceClient
	mux      *http.ServeMux
}

// New returns Aura's routes on top of the upstream connection.
func New(conn grpc.ClientConnInterface) *Handler {
	h := &Handler{wardrobe: stylistv1.NewWardrobeServiceClient(conn), swap: stylistv1.NewSwapMarketServiceClient(conn),
		webhooks: stylistv1.NewDatabaseWebhookServiceClient(conn), mux: http.NewServeMux()}
	h.mux.HandleFunc(analyzeRoute, h.analyzeClothingItem)
	h.mux.HandleFunc(recommendationsRoute, h.recommendations)
	h.mux.HandleFunc(recommendationsBare, h.recommendations)
	h.mux.HandleFunc(calculateDnaRoute, h.calculateStyleDna)
	h.mux.HandleFunc(styleDnaRoute, h.styleDna)
	h.mux.HandleFunc(processListing, h.processListing)
	h.mux.HandleFunc(webhookRoute, h.databaseWebhook)
	return h
}

// Routes lists the routes New serves, for the API document's check.
func Routes() []string {
	return []string{analyzeRoute, recommendationsRoute, calculateDnaRoute, styleDnaRoute, processListing, webhookRoute}
}

// Patterns lists the patterns that cover the routes New registers, for the
// outer mux: all of /api/v1/, so that New's mux answers a wrong method
// (405) or an unknown path (404) itself.
func Patterns() []string {
	return []string{"/api/v1/"}
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.mux.ServeHTTP(w, r) }

// --- POST /api/v1/ai/analyze-clothing-item -----------------------------------

type analyzeResult struct {
	Message       string   `json:"message"`
	UpdatedFields []string `json:"updated_fields"`
}

func (h *Handler) analyzeClothingItem(w http.ResponseWriter, r *http.Request) {
	var body map[string]json.RawMessage
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body == nil {
		compatutil.WriteValidation(w, compatutil.ValidationError{
			Loc: []any{"body"}, Msg: "a JSON object is required", Type: "value_error.jsondecode"})
		return
	}
	var itemID string
	raw, ok := body["clothing_item_id"]
	if !ok || string(raw) == "null" {
		compatutil.WriteValidation(w, compatutil.Missing("body", "clothing_item_id"))
		return
	}
	if err := json.Unmarshal(raw, &itemID); err != nil {
		compatutil.WriteValidation(w, compatutil.ValidationError{
			Loc: []any{"body", "clothing_item_id"}, Msg: "str type expected", Type: "type_error.str"})
		return
	}
	// The item's own photo, analysed now; a model failure writes nothing
	// (503), an item without a photo is 400, another user's item 404.
	resp, err := h.wardrobe.AnalyzeItem(compatutil.Outgoing(r), &stylistv1.AnalyzeItemRequest{ItemId: itemID, Wait: true})
	if err != nil {
		compatutil.WriteError(w, err)
		return
	}
	out := analyzeResult{Message: "Item analyzed and updated successfully.", UpdatedFields: []string{}}
	for _, field := range resp.GetUpdatedFields() {
		// Aura's clothing_items table keeps the analysis as ai_tags.
		if field == "analysis" {
			field = "ai_tags"
		}
		out.UpdatedFields = append(out.UpdatedFields, field)
	}
	if len(out.UpdatedFields) == 0 {
		out.Message = "Item analyzed; nothing changed."
	}
	compatutil.WriteJSON(w, http.StatusOK, out)
}

// --- GET /api/v1/recommendations/ --------------------------------------------

type combination struct {
	Type    string   `json:"type"`
	Items   []string `json:"items"`
	Name    string   `json:"name"`
	Score   float32  `json:"score"`
	Reasons []string `json:"reasons"`
}

type itemToBuy struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Category    string `json:"category"`
	Color       string `json:"color"`
	Reason      string `json:"reason"`
}

type itemRecommendation struct {
	Type string    `json:"type"`
	Item itemToBuy `json:"item"`
}

func (h *Handler) recommendations(w http.ResponseWriter, r *http.Request) {
	query := r.URL.Query()
	req := &stylistv1.RecommendRequest{Limit: defaultRecommendations}
	var errs []compatutil.ValidationError
	switch query.Get("type") {
	case "", "combinations":
		req.Type = stylistv1.RecommendationType_RECOMMENDATION_TYPE_COMBINATIONS
	case "items":
		req.Type = stylistv1.RecommendationType_RECOMMENDATION_TYPE_ITEMS
	default:
		errs = append(errs, compatutil.ValidationError{
			Loc: []any{"query", "type"}, Msg: "must be combinations or items", Type: "value_error"})
	}
	if v := query.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxRecommendations {
			errs = append(errs, compatutil.ValidationError{
				Loc: []any{"query", "limit"}, Msg: "must be a whole number from 1 to " + strconv.Itoa(maxRecommendations),
				Type: "value_error"})
		}
		req.Limit = int32(n)
	}
	if len(errs) > 0 {
		compatutil.WriteValidation(w, errs...)
		return
	}
	resp, err := h.wardrobe.Recommend(compatutil.Outgoing(r), req)
	if err != nil {
		compatutil.WriteError(w, err)
		return
	}
	out := make([]any, 0, len(resp.GetRecommendations()))
	for _, rec := range resp.GetRecommendations() {
		if c := rec.GetCombination(); c != nil {
			out = append(out, combination{Type: "combination", Items: nonNil(c.GetItemIds()), Name: c.GetName(),
				Score: c.GetScore(), Reasons: nonNil(c.GetReasons())})
		} else if i := rec.GetItem(); i != nil {
			out = append(out, itemRecommendation{Type: "item", Item: itemToBuy{
				Name: i.GetName(), Description: i.GetDescription(),
				Category: compatutil.EnumName(i.GetCategory().String(), "CLOTHING_CATEGORY_"),
				Color:    i.GetColor(), Reason: i.GetReason()}})
		}
	}
	compatutil.WriteJSON(w, http.StatusOK, map[string]any{"recommendations": out})
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// --- Style DNA ------------------------------------------------------------------

// dnaJSON writes Style DNA with the contract's field names, every field
// present (an empty list is [], not missing).
var dnaJSON = protojson.MarshalOptions{UseProtoNames: true, EmitUnpopulated: true}

func (h *Handler) calculateStyleDna(w http.ResponseWriter, r *http.Request) {
	resp, err := h.wardrobe.CalculateStyleDna(compatutil.Outgoing(r), &stylistv1.CalculateStyleDnaRequest{})
	if err != nil {
		compatutil.WriteError(w, err)
		return
	}
	h.writeDna(w, "Style DNA calculated.", resp.GetStyleDna())
}

func (h *Handler) styleDna(w http.ResponseWriter, r *http.Request) {
	resp, err := h.wardrobe.GetStyleDna(compatutil.Outgoing(r), &stylistv1.GetStyleDnaRequest{})
	if err != nil {
		compatutil.WriteError(w, err)
		return
	}
	h.writeDna(w, "", resp.GetStyleDna())
}

// writeDna answers the profile, with a message for the POST (the seed's
// "success and a summary").
func (h *Handler) writeDna(w http.ResponseWriter, message string, dna *stylistv1.StyleDna) {
	data, err := dnaJSON.Marshal(dna)
	if err != nil {
		compatutil.WriteDetail(w, http.StatusInternalServerError, "Internal Server Error")
		return
	}
	if message == "" {
		compatutil.WriteJSON(w, http.StatusOK, json.RawMessage(data))
		return
	}
	compatutil.WriteJSON(w, http.StatusOK, map[string]any{"message": message, "style_dna": json.RawMessage(data)})
}

// --- POST /api/v1/swap-market/process-listing --------------------------------

// listingDraft is the seed's draft: price a number in `currency`, condition
// one of new_with_tags, like_new, good, fair.
type listingDraft struct {
	Title          *string  `json:"title"`
	Description    string   `json:"description"`
	ClothingItemID string   `json:"clothing_item_id"`
	Price          *float64 `json:"price"`
	Currency       string   `json:"currency"`
	Size           string   `json:"size"`
	Condition      string   `json:"condition"`
}

var conditions = map[string]stylistv1.ListingCondition{
	"new_with_tags": stylistv1.ListingCondition_LISTING_CONDITION_NEW_WITH_TAGS,
	"like_new":      stylistv1.ListingCondition_LISTING_CONDITION_LIKE_NEW,
	"good":          stylistv1.ListingCondition_LISTING_CONDITION_GOOD,
	"fair":          stylistv1.ListingCondition_LISTING_CONDITION_FAIR,
}

func (h *Handler) processListing(w http.ResponseWriter, r *http.Request) {
	var d listingDraft
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&d); err != nil {
		compatutil.WriteValidation(w, compatutil.ValidationError{
			Loc: []any{"body"}, Msg: "a JSON object with title, description, price, currency, size, condition and " +
				"an optional clothing_item_id is required: " + err.Error(), Type: "value_error.jsondecode"})
		return
	}
	if d.Title == nil {
		compatutil.WriteValidation(w, compatutil.Missing("body", "title"))
		return
	}
	listing := &stylistv1.Listing{Title: *d.Title, Description: d.Description, ClothingItemId: d.ClothingItemID,
		Size: d.Size, Condition: conditions[d.Condition]}
	if d.Price != nil {
		// Far out of range is refused by the checks; kept finite for int64.
		price := math.Max(-1e12, math.Min(1e12, *d.Price))
		units := math.Floor(price)
		listing.Price = &money.Money{CurrencyCode: d.Currency, Units: int64(units),
			Nanos: int32(math.Min(999999999, math.Round((price-units)*1e9)))}
	}
	resp, err := h.swap.CheckListing(compatutil.Outgoing(r), &stylistv1.CheckListingRequest{Listing: listing})
	if err != nil {
		compatutil.WriteError(w, err)
		return
	}
	if !resp.GetValid() {
		compatutil.WriteJSON(w, http.StatusOK, map[string]any{"valid": false, "errors": resp.GetErrors()})
		return
	}
	compatutil.WriteJSON(w, http.StatusOK, map[string]any{"valid": true, "message": resp.GetMessage(),
		"enriched_data": map[string]any{"suggested_tags": nonNil(resp.GetSuggestedTags())}})
}

// --- POST /api/v1/webhooks/db --------------------------------------------------

var outcomes = map[stylistv1.HandleDatabaseEventResponse_Outcome]string{
	stylistv1.HandleDatabaseEventResponse_OUTCOME_IMPORTED:         "imported",
	stylistv1.HandleDatabaseEventResponse_OUTCOME_ALREADY_IMPORTED: "already_imported",
	stylistv1.HandleDatabaseEventResponse_OUTCOME_IGNORED:          "ignored",
}

// databaseWebhook takes Supabase's database webhook body ({type, table,
// schema, record, old_record}) as sent; the server checks the secret.
func (h *Handler) databaseWebhook(w http.ResponseWriter, r *http.Request) {
	// Callers without the secret are turned away before their body is read
	// (the server checks the secret itself).
	secret := r.Header.Get("X-Webhook-Secret")
	if secret == "" {
		compatutil.WriteDetail(w, http.StatusUnauthorized, "missing credentials: send the webhook secret in X-Webhook-Secret")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxWebhookBody))
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		compatutil.WriteDetail(w, http.StatusRequestEntityTooLarge,
			"a database event is at most "+strconv.Itoa(maxWebhookBody)+" bytes")
		return
	}
	var event stylistv1.HandleDatabaseEventRequest
	if err == nil {
		err = protojson.UnmarshalOptions{DiscardUnknown: true}.Unmarshal(body, &event)
	}
	if err != nil {
		compatutil.WriteValidation(w, compatutil.ValidationError{
			Loc: []any{"body"}, Msg: "a database webhook body {type, table, schema, record, old_record} is required: " +
				err.Error(), Type: "value_error.jsondecode"})
		return
	}
	ctx := metadata.AppendToOutgoingContext(compatutil.Outgoing(r), "x-webhook-secret", secret)
	resp, err := h.webhooks.HandleDatabaseEvent(ctx, &event)
	if err != nil {
		compatutil.WriteError(w, err)
		return
	}
	out := map[string]any{"status": outcomes[resp.GetOutcome()], "message": resp.GetMessage()}
	if resp.GetItemId() != "" {
		out["item_id"] = resp.GetItemId()
	}
	compatutil.WriteJSON(w, http.StatusOK, out)
}
