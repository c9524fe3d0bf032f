package e2e

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// The Supabase project the e2e server trusts (serverEnv).
const (
	supabaseURL    = "https://aura-e2e.supabase.test"
	supabaseSecret = "aura-e2e-supabase-jwt-secret-0123456789"
	// The shared secret of its database webhooks.
	webhookSecret = "aura-e2e-database-webhook-secret-0123456789"
)

// supabaseToken is an access token as Supabase Auth issues it for a new
// user of the project: HS256 with the project's secret, signed here.
func supabaseToken(t *testing.T) string {
	t.Helper()
	return supabaseTokenFor(t, newSupabaseUser(t))
}

// newSupabaseUser is a new user id of the project, as Supabase Auth makes
// them: a UUID.
func newSupabaseUser(t *testing.T) string {
	t.Helper()
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b)
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// supabaseTokenFor is an access token of the project's user sub.
func supabaseTokenFor(t *testing.T, sub string) string {
	t.Helper()
	now := time.Now().Unix()
	claims, _ := json.Marshal(map[string]any{
		"iss": supabaseURL + "/auth/v1", "aud": "authenticated", "sub": sub,
		"email": "aura-" + sub[:8] + "@example.test", "role": "authenticated",
		"iat": now, "exp": now + 3600,
	})
	enc := base64.RawURLEncoding
	input := enc.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + enc.EncodeToString(claims)
	mac := hmac.New(sha256.New, []byte(supabaseSecret))
	mac.Write([]byte(input))
	return input + "." + enc.EncodeToString(mac.Sum(nil))
}

// createItem makes an item over REST and answers its id.
func createItem(t *testing.T, token, body string) string {
	t.Helper()
	resp, out := do(t, "POST", "/v1/wardrobe/items", body, bearer(token))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("create %s: HTTP %d %v", body, resp.StatusCode, out)
	}
	return out["item"].(map[string]any)["item_id"].(string)
}

func TestAuraAnalyzeClothingItem(t *testing.T) {
	token := supabaseToken(t)
	id := createItem(t, token, `{"name":"Tee"}`)
	const route = "/api/v1/ai/analyze-clothing-item"
	body := `{"clothing_item_id":"` + id + `"}`

	// No photo yet: 400 with what to do.
	code, out := raw(t, "POST", route, strings.NewReader(body), bearer(token))
	if code != http.StatusBadRequest || !strings.Contains(out.(map[string]any)["detail"].(string), "no photo") {
		t.Fatalf("an item without a photo: %d %v", code, out)
	}
	// A photo stored without analysis; the route analyses it now.
	form, ctype := multipartFile(t, "photo", "tee.jpg", photo(t, "t-shirt"))
	resp, data := fetch(t, "POST", "/v1/wardrobe/items/"+id+"/photo?skip_analysis=true", form,
		map[string]string{"Content-Type": ctype, "Authorization": "Bearer " + token})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("upload: HTTP %d %s", resp.StatusCode, data)
	}
	code, out = raw(t, "POST", route, strings.NewReader(body), bearer(token))
	if code != http.StatusOK {
		t.Fatalf("analyze: %d %v", code, out)
	}
	res := out.(map[string]any)
	fields, _ := res["updated_fields"].([]any)
	if res["message"] != "Item analyzed and updated successfully." || len(fields) < 2 || fields[0] != "ai_tags" {
		t.Fatalf("analyze answer: %v", res)
	}
	// The fields it names are filled on the item.
	resp2, item := do(t, "GET", "/v1/wardrobe/items/"+id, "", bearer(token))
	got := item["item"].(map[string]any)
	if resp2.StatusCode != http.StatusOK || got["analysis_status"] != "ITEM_ANALYSIS_STATUS_DONE" || got["analysis"] == nil {
		t.Fatalf("the item after analysis: %v", item)
	}
	if got["analysis"] == nil {
		t.Errorf("ai_tags was updated but the item has no analysis: %v", got)
	}
	for _, f := range fields[1:] {
		if v, ok := got[f.(string)]; !ok || v == "" {
			t.Errorf("updated field %v is empty on the item: %v", f, got)
		}
	}

	// Another user's item is not found; bad bodies are FastAPI's 422.
	if code, out := raw(t, "POST", route, strings.NewReader(body), bearer(supabaseToken(t))); code != http.StatusNotFound {
		t.Errorf("another user's item: %d %v", code, out)
	}
	for _, bad := range []string{`{}`, `{"clothing_item_id": 7}`, `[]`, `not json`} {
		if code, out := raw(t, "POST", route, strings.NewReader(bad), bearer(token)); code != http.StatusUnprocessableEntity {
			t.Errorf("body %s: %d %v", bad, code, out)
		}
	}
	if code, _ := raw(t, "POST", route, strings.NewReader(body), nil); code != http.StatusUnauthorized {
		t.Errorf("without a token: %d", code)
	}
}

func TestAuraRecommendations(t *testing.T) {
	token := supabaseToken(t)
	top := createItem(t, token, `{"name":"White shirt","category":"CLOTHING_CATEGORY_TOP","primary_color":"white"}`)
	bottom := createItem(t, token, `{"name":"Jeans","category":"CLOTHING_CATEGORY_BOTTOM","primary_color":"denim"}`)
	shoes := createItem(t, token, `{"name":"Trainers","category":"CLOTHING_CATEGORY_SHOES","primary_color":"white"}`)

	code, out := raw(t, "GET", "/api/v1/recommendations/", nil, bearer(token))
	if code != http.StatusOK {
		t.Fatalf("combinations: %d %v", code, out)
	}
	recs := out.(map[string]any)["recommendations"].([]any)
	if len(recs) != 1 {
		t.Fatalf("one outfit from three pieces: %v", recs)
	}
	combo := recs[0].(map[string]any)
	items, _ := combo["items"].([]any)
	if combo["type"] != "combination" || len(items) != 3 || items[0] != top || items[1] != bottom || items[2] != shoes ||
		combo["name"] == "" || len(combo["reasons"].([]any)) == 0 {
		t.Errorf("combination: %v", combo)
	}

	code, out = raw(t, "GET", "/api/v1/recommendations?type=items&limit=2", nil, bearer(token))
	if code != http.StatusOK {
		t.Fatalf("items: %d %v", code, out)
	}
	recs = out.(map[string]any)["recommendations"].([]any)
	if len(recs) != 2 {
		t.Fatalf("limit=2: %v", recs)
	}
	first := recs[0].(map[string]any)
	buy := first["item"].(map[string]any)
	if first["type"] != "item" || buy["category"] != "outerwear" || buy["name"] == "" || buy["reason"] == "" ||
		buy["color"] == "" || buy["description"] == "" {
		t.Errorf("an item to buy (no outerwear yet): %v", first)
	}
	if _, linked := buy["affiliate_link"]; linked {
		t.Errorf("no made-up links: %v", buy)
	}

	for _, bad := range []string{"type=outfits", "limit=0", "limit=51", "limit=ten"} {
		if code, out := raw(t, "GET", "/api/v1/recommendations/?"+bad, nil, bearer(token)); code != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d %v", bad, code, out)
		}
	}
	if code, _ := raw(t, "GET", "/api/v1/recommendations/", nil, nil); code != http.StatusUnauthorized {
		t.Errorf("without a token: %d", code)
	}
}

func TestAuraStyleDna(t *testing.T) {
	token := supabaseToken(t)
	createItem(t, token, `{"name":"Navy blazer","category":"CLOTHING_CATEGORY_OUTERWEAR","primary_color":"navy","formality":"FORMALITY_BUSINESS"}`)
	createItem(t, token, `{"name":"Jeans","category":"CLOTHING_CATEGORY_BOTTOM","primary_color":"denim"}`)
	// The first read computes it: no POST needed.
	if code, out := raw(t, "GET", "/api/v1/style-dna", nil, bearer(token)); code != http.StatusOK ||
		out.(map[string]any)["version"] != float64(1) || out.(map[string]any)["item_count"] != float64(2) {
		t.Fatalf("the first read: %d %v", code, out)
	}
	code, out := raw(t, "POST", "/api/v1/ai/calculate-style-dna", strings.NewReader(`{}`), bearer(token))
	if code != http.StatusOK {
		t.Fatalf("calculate: %d %v", code, out)
	}
	res := out.(map[string]any)
	dna, _ := res["style_dna"].(map[string]any)
	if res["message"] != "Style DNA calculated." || dna == nil || dna["version"] != float64(2) || dna["item_count"] != float64(2) ||
		!strings.HasPrefix(dna["summary"].(string), "Your wardrobe of 2 items") {
		t.Fatalf("calculate answer: %v", res)
	}
	if palette, _ := dna["color_palette"].([]any); len(palette) != 2 {
		t.Errorf("palette of two colours: %v", dna["color_palette"])
	}
	code, out = raw(t, "GET", "/api/v1/style-dna", nil, bearer(token))
	if computed, _ := out.(map[string]any)["compute_time"].(string); code != http.StatusOK ||
		out.(map[string]any)["version"] != float64(2) || computed == "" {
		t.Errorf("read back: %d %v", code, out)
	}
	// Another user's first read is their own empty wardrobe's.
	if code, out := raw(t, "GET", "/api/v1/style-dna", nil, bearer(supabaseToken(t))); code != http.StatusOK ||
		out.(map[string]any)["item_count"] != float64(0) {
		t.Errorf("another user's: %d %v", code, out)
	}
	if code, _ := raw(t, "POST", "/api/v1/ai/calculate-style-dna", nil, nil); code != http.StatusUnauthorized {
		t.Errorf("without a token: %d", code)
	}
}

func TestAuraProcessListing(t *testing.T) {
	token := supabaseToken(t)
	coat := createItem(t, token, `{"name":"Coat","category":"CLOTHING_CATEGORY_OUTERWEAR","primary_color":"camel"}`)
	const route = "/api/v1/swap-market/process-listing"
	draft := func(title, description string) string {
		b, _ := json.Marshal(map[string]any{"title": title, "description": description, "clothing_item_id": coat,
			"price": 45.5, "currency": "EUR", "size": "M", "condition": "like_new"})
		return string(b)
	}
	code, out := raw(t, "POST", route, strings.NewReader(draft("Camel coat", "A classic from Scunthorpe")), bearer(token))
	res, _ := out.(map[string]any)
	if code != http.StatusOK || res["valid"] != true || res["message"] != "Listing processed successfully." {
		t.Fatalf("a good draft: %d %v", code, out)
	}
	tags, _ := res["enriched_data"].(map[string]any)["suggested_tags"].([]any)
	if len(tags) != 2 || tags[0] != "camel" || tags[1] != "outerwear" {
		t.Errorf("suggested tags from the item: %v", res)
	}
	code, out = raw(t, "POST", route, strings.NewReader(draft("Camel coat", "no $h1t stains")), bearer(token))
	res, _ = out.(map[string]any)
	errs, _ := res["errors"].([]any)
	if code != http.StatusOK || res["valid"] != false || len(errs) != 1 || errs[0] != "Description contains inappropriate language." {
		t.Errorf("disguised language: %d %v", code, out)
	}
	for _, bad := range []string{`{}`, `{"title": 5}`, `{"title": "x", "colour": "red"}`, `[]`} {
		if code, out := raw(t, "POST", route, strings.NewReader(bad), bearer(token)); code != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d %v", bad, code, out)
		}
	}
	if code, _ := raw(t, "POST", route, strings.NewReader(draft("a", "b")), nil); code != http.StatusUnauthorized {
		t.Errorf("without a token: %d", code)
	}
}

// The project's database webhook, as Supabase sends it: a new
// clothing_items row becomes an item its owner's Supabase token sees, once
// however often it is delivered. (The photo fetch and its analysis are
// tested in tests/integration/item_import_test.cc, with a storage server
// the project's URL points at; here the project's host does not resolve.)
func TestAuraDatabaseWebhook(t *testing.T) {
	const route = "/api/v1/webhooks/db"
	sub := newSupabaseUser(t)
	rowOf := func(owner, id, table, imageURL string) string {
		return fmt.Sprintf(`{"type":"INSERT","table":%q,"schema":"public","record":{"id":%q,"user_id":%q,`+
			`"name":"Linen shirt","category":"tops","image_url":%q,"ai_tags":null,`+
			`"created_at":"2026-12-05T10:00:00.123456+00:00"},"old_record":null}`, table, id, owner, imageURL)
	}
	row := func(id, table, imageURL string) string { return rowOf(sub, id, table, imageURL) }
	secret := map[string]string{"X-Webhook-Secret": webhookSecret, "Content-Type": "application/json"}
	imageURL := supabaseURL + "/storage/v1/object/public/wardrobe/" + sub + "/shirt.jpg"
	event := row("row-"+sub, "clothing_items", imageURL)

	code, out := raw(t, "POST", route, strings.NewReader(event), secret)
	res, _ := out.(map[string]any)
	if code != http.StatusOK || res["status"] != "imported" || res["item_id"] == nil {
		t.Fatalf("a new row: %d %v", code, out)
	}
	itemID := res["item_id"].(string)
	resp, items := do(t, "GET", "/v1/wardrobe/items", "", bearer(supabaseTokenFor(t, sub)))
	list, _ := items["items"].([]any)
	if resp.StatusCode != http.StatusOK || len(list) != 1 {
		t.Fatalf("the owner's items: HTTP %d %v", resp.StatusCode, items)
	}
	if item := list[0].(map[string]any); item["item_id"] != itemID || item["name"] != "Linen shirt" ||
		item["category"] != "CLOTHING_CATEGORY_TOP" {
		t.Errorf("the imported item: %v", item)
	}

	// Redelivered: the same item, nothing more.
	code, out = raw(t, "POST", route, strings.NewReader(event), secret)
	if res, _ := out.(map[string]any); code != http.StatusOK || res["status"] != "already_imported" || res["item_id"] != itemID {
		t.Errorf("a redelivery: %d %v", code, out)
	}
	// Other tables are acknowledged, on this route and the generated one.
	code, out = raw(t, "POST", route, strings.NewReader(row("p-"+sub, "profiles", imageURL)), secret)
	if res, _ := out.(map[string]any); code != http.StatusOK || res["status"] != "ignored" {
		t.Errorf("another table: %d %v", code, out)
	}
	resp, gen := do(t, "POST", "/v1/webhooks/db", row("p2-"+sub, "profiles", imageURL), secret)
	if resp.StatusCode != http.StatusOK || gen["outcome"] != "OUTCOME_IGNORED" {
		t.Errorf("the generated route: HTTP %d %v", resp.StatusCode, gen)
	}
	if _, items := do(t, "GET", "/v1/wardrobe/items", "", bearer(supabaseTokenFor(t, sub))); len(items["items"].([]any)) != 1 {
		t.Errorf("items after the redelivery and other events: %v", items)
	}

	// Only the project: no secret or a wrong one is 401; so is a user's
	// token without the secret (the route turns it away before reading
	// the body), and on the generated route it is 403.
	for name, header := range map[string]map[string]string{
		"no secret":    {"Content-Type": "application/json"},
		"wrong secret": {"X-Webhook-Secret": webhookSecret + "-not", "Content-Type": "application/json"},
	} {
		if code, out := raw(t, "POST", route, strings.NewReader(row("x-"+sub, "clothing_items", imageURL)), header); code != http.StatusUnauthorized {
			t.Errorf("%s: %d %v", name, code, out)
		}
	}
	if code, out := raw(t, "POST", route, strings.NewReader(row("y-"+sub, "clothing_items", imageURL)),
		bearer(supabaseTokenFor(t, sub))); code != http.StatusUnauthorized {
		t.Errorf("the owner's own token: %d %v", code, out)
	}
	if resp, out := do(t, "POST", "/v1/webhooks/db", row("y-"+sub, "clothing_items", imageURL),
		bearer(supabaseTokenFor(t, sub))); resp.StatusCode != http.StatusForbidden {
		t.Errorf("the owner's own token on the generated route: HTTP %d %v", resp.StatusCode, out)
	}
	// A photo outside the project's storage is 400, naming the field; a
	// body that is not a webhook's is 422.
	code, out = raw(t, "POST", route, strings.NewReader(row("z-"+sub, "clothing_items", "https://evil.example/x.jpg")), secret)
	if detail, _ := out.(map[string]any)["detail"].(string); code != http.StatusBadRequest || !strings.Contains(detail, "record.image_url") {
		t.Errorf("an image elsewhere: %d %v", code, out)
	}
	for _, bad := range []string{`[]`, `not json`, `{"type": 7}`} {
		if code, out := raw(t, "POST", route, strings.NewReader(bad), secret); code != http.StatusUnprocessableEntity {
			t.Errorf("body %s: %d %v", bad, code, out)
		}
	}
	// An event is one row: over 1 MiB is 413.
	huge := `{"type":"INSERT","table":"clothing_items","schema":"public","record":{"name":"` +
		strings.Repeat("x", 2<<20) + `"}}`
	if code, out := raw(t, "POST", route, strings.NewReader(huge), secret); code != http.StatusRequestEntityTooLarge {
		t.Errorf("a 2 MiB event: %d %v", code, out)
	}
	// A row whose owner is not a Supabase user id is 400.
	notUUID := rowOf(strings.ToUpper(sub), "u-"+sub, "clothing_items", imageURL)
	if code, out := raw(t, "POST", route, strings.NewReader(notUUID), secret); code != http.StatusBadRequest {
		t.Errorf("user_id not a UUID: %d %v", code, out)
	}
	if _, items := do(t, "GET", "/v1/wardrobe/items", "", bearer(supabaseTokenFor(t, sub))); len(items["items"].([]any)) != 1 {
		t.Errorf("refused deliveries imported something: %v", items)
	}
}
