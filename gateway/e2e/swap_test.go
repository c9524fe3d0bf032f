package e2e

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
)

// The swap market over REST (SwapMarketService): listings made from one's
// own items, browsed by every signed-in user, changed and withdrawn by
// their seller only, each passing the listing checks. Every listing of a
// test carries a size of its own, so its browses see no other test's.

const (
	notYours      = "The item is not one of yours."
	alreadyListed = "The item is already listed; withdraw that listing first."
	badLanguage   = "contains inappropriate language."
	priceBounds   = "Price must be between 0 and 100000."
)

// swapSize is a listing size no other listing has (at most 20 characters).
func swapSize(t *testing.T) string {
	t.Helper()
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return "E2E-" + hex.EncodeToString(b)
}

// listingBody is a good listing of item in size, with fields replaced
// (a nil value leaves the field out).
func listingBody(item, size string, fields map[string]any) string {
	l := map[string]any{"clothing_item_id": item, "title": "Navy wool coat", "description": "Worn twice.",
		"price": eur("45", 0), "size": size, "condition": "LISTING_CONDITION_LIKE_NEW"}
	for k, v := range fields {
		if v == nil {
			delete(l, k)
		} else {
			l[k] = v
		}
	}
	b, _ := json.Marshal(l)
	return string(b)
}

func eur(units string, nanos int) map[string]any {
	return map[string]any{"currency_code": "EUR", "units": units, "nanos": nanos}
}

// createListing lists item for token and answers the listing.
func createListing(t *testing.T, token, body string) map[string]any {
	t.Helper()
	resp, out := do(t, "POST", "/v1/swap/listings", body, bearer(token))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("create listing %s: HTTP %d %v", body, resp.StatusCode, out)
	}
	return out["listing"].(map[string]any)
}

// getListing reads a listing as token sees it (nil unless 200).
func getListing(t *testing.T, token, id string) (int, map[string]any) {
	t.Helper()
	resp, out := do(t, "GET", "/v1/swap/listings/"+id, "", bearer(token))
	listing, _ := out["listing"].(map[string]any)
	return resp.StatusCode, listing
}

// browse answers the ids of one page of listings as token sees them, and
// the next page's token.
func browse(t *testing.T, token string, query url.Values) (ids []string, next string) {
	t.Helper()
	resp, out := do(t, "GET", "/v1/swap/listings?"+query.Encode(), "", bearer(token))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("browse %s: HTTP %d %v", query.Encode(), resp.StatusCode, out)
	}
	ids = []string{}
	for _, l := range out["listings"].([]any) {
		ids = append(ids, l.(map[string]any)["listing_id"].(string))
	}
	return ids, out["next_page_token"].(string)
}

// violations are an error answer's BadRequest field violations, field to
// description.
func violations(out map[string]any) map[string]string {
	fields := map[string]string{}
	details, _ := out["details"].([]any)
	for _, d := range details {
		detail := d.(map[string]any)
		if detail["@type"] != "type.googleapis.com/google.rpc.BadRequest" {
			continue
		}
		for _, v := range detail["field_violations"].([]any) {
			fv := v.(map[string]any)
			fields[fv["field"].(string)] = fv["description"].(string)
		}
	}
	return fields
}

// refused asserts a 400 INVALID_ARGUMENT naming exactly the fields in want.
func refused(t *testing.T, what string, resp *http.Response, out map[string]any, want map[string]string) {
	t.Helper()
	if resp.StatusCode != http.StatusBadRequest || out["code"] != float64(3) {
		t.Errorf("%s: HTTP %d %v, want 400 with code 3", what, resp.StatusCode, out)
		return
	}
	if got := violations(out); !reflect.DeepEqual(got, want) {
		t.Errorf("%s: violations %v, want %v", what, got, want)
	}
}

func TestSwapListingIsCreatedFromOnesOwnItemAndReadBack(t *testing.T) {
	seller, _ := register(t, "swapseller")
	buyer, _ := register(t, "swapbuyer")
	item := createItem(t, seller, `{"name":"Coat","category":"CLOTHING_CATEGORY_OUTERWEAR","primary_color":"camel"}`)
	size := swapSize(t)
	// Text is trimmed and the currency upper-cased, as stored.
	created := createListing(t, seller, listingBody(item, " "+size+" ", map[string]any{
		"title": "  Camel coat ", "description": "A classic from Scunthorpe",
		"price": map[string]any{"currency_code": "eur", "units": "45", "nanos": 500000000}}))
	id, _ := created["listing_id"].(string)
	if len(id) != 36 || created["clothing_item_id"] != item || created["title"] != "Camel coat" ||
		created["description"] != "A classic from Scunthorpe" || created["size"] != size ||
		created["condition"] != "LISTING_CONDITION_LIKE_NEW" || created["status"] != "LISTING_STATUS_ACTIVE" ||
		created["category"] != "CLOTHING_CATEGORY_OUTERWEAR" || created["mine"] != true || !strings.HasPrefix(fmt.Sprint(created["create_time"]), "20") {
		t.Errorf("created listing: %v", created)
	}
	if price := created["price"]; !reflect.DeepEqual(price, map[string]any{"currency_code": "EUR", "units": "45", "nanos": float64(500000000)}) {
		t.Errorf("price: %v", price)
	}
	if tags := created["tags"]; !reflect.DeepEqual(tags, []any{"camel", "outerwear"}) {
		t.Errorf("tags from the item: %v", tags)
	}
	if code, got := getListing(t, seller, id); code != http.StatusOK || !reflect.DeepEqual(got, created) {
		t.Errorf("the seller's GET: %d %v, want %v", code, got, created)
	}
	// Another user sees the same listing, not as theirs.
	created["mine"] = false
	if code, got := getListing(t, buyer, id); code != http.StatusOK || !reflect.DeepEqual(got, created) {
		t.Errorf("another user's GET: %d %v, want %v", code, got, created)
	}
	if code, _ := getListing(t, buyer, "00000000-0000-4000-8000-000000000000"); code != http.StatusNotFound {
		t.Errorf("GET of no listing: %d, want 404", code)
	}
	if code, _ := getListing(t, buyer, "not-an-id"); code != http.StatusBadRequest {
		t.Errorf("GET of a malformed id: %d, want 400", code)
	}
}

func TestSwapBrowseFiltersAndPagesAsAnotherUser(t *testing.T) {
	seller, _ := register(t, "swapbrowse")
	buyer, _ := register(t, "swapbrowser")
	size, other := swapSize(t), swapSize(t)
	list := func(category, s string, price map[string]any) string {
		item := createItem(t, seller, `{"name":"Thing","category":"`+category+`"}`)
		return createListing(t, seller, listingBody(item, s, map[string]any{"price": price}))["listing_id"].(string)
	}
	coat := list("CLOTHING_CATEGORY_OUTERWEAR", size, eur("80", 0))
	top := list("CLOTHING_CATEGORY_TOP", size, eur("20", 0))
	shoes := list("CLOTHING_CATEGORY_SHOES", size, eur("50", 500000000))
	bag := list("CLOTHING_CATEGORY_BAG", other, map[string]any{"currency_code": "GBP", "units": "30"})

	for _, tc := range []struct {
		what  string
		query url.Values
		want  []string
	}{
		{"the size, newest first", url.Values{"size": {size}}, []string{shoes, top, coat}},
		{"the size without case", url.Values{"size": {strings.ToLower(size)}}, []string{shoes, top, coat}},
		{"another size", url.Values{"size": {other}}, []string{bag}},
		{"a category", url.Values{"size": {size}, "category": {"CLOTHING_CATEGORY_TOP"}}, []string{top}},
		{"a category none has", url.Values{"size": {size}, "category": {"CLOTHING_CATEGORY_BAG"}}, []string{}},
		{"prices 20 to 50, inclusive", url.Values{"size": {size}, "min_price.currency_code": {"EUR"}, "min_price.units": {"20"},
			"max_price.currency_code": {"EUR"}, "max_price.units": {"50"}}, []string{top}},
		{"prices to 50.50", url.Values{"size": {size}, "max_price.currency_code": {"EUR"}, "max_price.units": {"50"},
			"max_price.nanos": {"500000000"}}, []string{shoes, top}},
		{"prices from 21", url.Values{"size": {size}, "min_price.currency_code": {"EUR"}, "min_price.units": {"21"}}, []string{shoes, coat}},
		{"another currency is left out", url.Values{"size": {other}, "min_price.currency_code": {"EUR"}, "min_price.units": {"0"}}, []string{}},
		{"in its currency", url.Values{"size": {other}, "max_price.currency_code": {"GBP"}, "max_price.units": {"30"}}, []string{bag}},
	} {
		if got, next := browse(t, buyer, tc.query); !reflect.DeepEqual(got, tc.want) || next != "" {
			t.Errorf("%s: %v (next %q), want %v", tc.what, got, next, tc.want)
		}
	}

	// One a page: each listing once, newest first, then an empty token.
	var seen []string
	query := url.Values{"size": {size}, "page_size": {"1"}}
	for page := 0; page < 5; page++ {
		ids, next := browse(t, buyer, query)
		if len(ids) != 1 {
			t.Fatalf("page %d: %v, want one listing", page, ids)
		}
		seen = append(seen, ids...)
		if next == "" {
			break
		}
		if page == 0 {
			// The token is bound to its filters.
			resp, out := do(t, "GET", "/v1/swap/listings?"+url.Values{"size": {other}, "page_token": {next}}.Encode(), "", bearer(buyer))
			refused(t, "a token under other filters", resp, out, map[string]string{"page_token": violations(out)["page_token"]})
		}
		query.Set("page_token", next)
	}
	if want := []string{shoes, top, coat}; !reflect.DeepEqual(seen, want) {
		t.Errorf("pages: %v, want %v ending with an empty token", seen, want)
	}

	resp, out := do(t, "GET", "/v1/swap/listings?size="+size, "", nil)
	if resp.StatusCode != http.StatusUnauthorized || out["code"] != float64(16) {
		t.Errorf("browse without a token: HTTP %d %v, want 401", resp.StatusCode, out)
	}
}

func TestSwapListingIsUpdatedOnlyByItsSeller(t *testing.T) {
	seller, _ := register(t, "swapupdate")
	buyer, _ := register(t, "swapmeddler")
	item := createItem(t, seller, `{"name":"Coat","category":"CLOTHING_CATEGORY_OUTERWEAR","primary_color":"camel"}`)
	otherItem := createItem(t, seller, `{"name":"Tee","category":"CLOTHING_CATEGORY_TOP"}`)
	size := swapSize(t)
	original := createListing(t, seller, listingBody(item, size, nil))
	id := original["listing_id"].(string)
	path := "/v1/swap/listings/" + id
	unchanged := func(what string, want map[string]any) {
		t.Helper()
		if code, got := getListing(t, seller, id); code != http.StatusOK || !reflect.DeepEqual(got, want) {
			t.Errorf("after %s: %d %v, want %v", what, code, got, want)
		}
	}

	// Another user's PATCH and withdraw find no listing of theirs.
	resp, out := do(t, "PATCH", path, listingBody(item, size, map[string]any{"title": "Mine now", "clothing_item_id": nil}), bearer(buyer))
	if resp.StatusCode != http.StatusNotFound || out["code"] != float64(5) {
		t.Errorf("another user's PATCH: HTTP %d %v, want 404", resp.StatusCode, out)
	}
	resp, out = do(t, "POST", path+":withdraw", `{}`, bearer(buyer))
	if resp.StatusCode != http.StatusNotFound || out["code"] != float64(5) {
		t.Errorf("another user's withdraw: HTTP %d %v, want 404", resp.StatusCode, out)
	}
	unchanged("another user's PATCH and withdraw", original)

	// The seller's PATCH changes what its body sets (the gateway makes the
	// update mask of it); the item, its category and tags stay.
	patch := func(body map[string]any) (*http.Response, map[string]any) {
		b, _ := json.Marshal(body)
		return do(t, "PATCH", path, string(b), bearer(seller))
	}
	resp, out = patch(map[string]any{"title": "Camel wool coat", "description": "Dry-cleaned.",
		"price": eur("40", 250000000), "condition": "LISTING_CONDITION_GOOD"})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("the seller's PATCH: HTTP %d %v", resp.StatusCode, out)
	}
	updated := out["listing"].(map[string]any)
	want := map[string]any{}
	for k, v := range original {
		want[k] = v
	}
	want["title"], want["description"], want["condition"] = "Camel wool coat", "Dry-cleaned.", "LISTING_CONDITION_GOOD"
	want["price"] = map[string]any{"currency_code": "EUR", "units": "40", "nanos": float64(250000000)}
	want["update_time"] = updated["update_time"]
	if !reflect.DeepEqual(updated, want) || updated["update_time"] == original["update_time"] {
		t.Errorf("updated: %v\nwant %v with a new update_time", updated, want)
	}
	unchanged("the seller's PATCH", updated)

	// A body of one field changes that field alone; a price is a whole
	// value (no cents kept from the old one); an empty description clears it.
	resp, out = patch(map[string]any{"price": map[string]any{"currency_code": "EUR", "units": "38"}})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("PATCH price: HTTP %d %v", resp.StatusCode, out)
	}
	want = out["listing"].(map[string]any)
	if want["price"].(map[string]any)["units"] != "38" || (want["price"].(map[string]any)["nanos"] != nil && want["price"].(map[string]any)["nanos"] != float64(0)) ||
		want["title"] != "Camel wool coat" || want["description"] != "Dry-cleaned." || want["size"] != size {
		t.Errorf("after PATCH {price: 38 EUR}: %v", want)
	}
	resp, out = patch(map[string]any{"description": ""})
	if got := out["listing"].(map[string]any); resp.StatusCode != http.StatusOK || (got["description"] != nil && got["description"] != "") ||
		got["title"] != "Camel wool coat" {
		t.Errorf("PATCH {description: \"\"}: HTTP %d %v, want the description cleared, the rest kept", resp.StatusCode, out)
	}
	updated = out["listing"].(map[string]any)

	// The checks run again on the listing as it would be: a refused PATCH
	// changes nothing; so does one that names what may not change.
	resp, out = patch(map[string]any{"title": "Sh1iiit coat"})
	refused(t, "a disguised word in the title", resp, out, map[string]string{"listing.title": "Title " + badLanguage})
	resp, out = patch(map[string]any{"price": eur("100001", 0)})
	refused(t, "a price over the bound", resp, out, map[string]string{"listing.price": priceBounds})
	resp, out = patch(map[string]any{"size": ""})
	refused(t, "an empty size", resp, out, map[string]string{"listing.size": "Size must be 1 to 20 characters, e.g. M or EU 39."})
	resp, out = patch(map[string]any{"clothing_item_id": otherItem})
	refused(t, "another item", resp, out, map[string]string{"update_mask": "'clothing_item_id' is read-only"})
	resp, out = patch(map[string]any{})
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("an empty PATCH: HTTP %d %v, want 400", resp.StatusCode, out)
	}
	unchanged("refused PATCHes", updated)
}

func TestSwapWithdrawnListingLeavesTheMarket(t *testing.T) {
	seller, _ := register(t, "swapwithdraw")
	buyer, _ := register(t, "swapwatcher")
	item := createItem(t, seller, `{"name":"Coat","category":"CLOTHING_CATEGORY_OUTERWEAR"}`)
	size := swapSize(t)
	stays := createListing(t, seller, listingBody(createItem(t, seller, `{"name":"Tee"}`), size, nil))["listing_id"].(string)
	goes := createListing(t, seller, listingBody(item, size, nil))["listing_id"].(string)
	if ids, _ := browse(t, buyer, url.Values{"size": {size}}); !reflect.DeepEqual(ids, []string{goes, stays}) {
		t.Fatalf("before: %v", ids)
	}

	resp, out := do(t, "POST", "/v1/swap/listings/"+goes+":withdraw", `{}`, bearer(seller))
	if resp.StatusCode != http.StatusOK || out["listing"].(map[string]any)["status"] != "LISTING_STATUS_WITHDRAWN" {
		t.Fatalf("withdraw: HTTP %d %v", resp.StatusCode, out)
	}
	if ids, _ := browse(t, buyer, url.Values{"size": {size}}); !reflect.DeepEqual(ids, []string{stays}) {
		t.Errorf("another user's browse after the withdrawal: %v, want only %s", ids, stays)
	}
	if ids, _ := browse(t, seller, url.Values{"size": {size}}); !reflect.DeepEqual(ids, []string{stays}) {
		t.Errorf("the seller's browse after the withdrawal: %v, want only %s", ids, stays)
	}
	if code, _ := getListing(t, buyer, goes); code != http.StatusNotFound {
		t.Errorf("another user's GET of the withdrawn listing: %d, want 404", code)
	}
	if code, got := getListing(t, seller, goes); code != http.StatusOK || got["status"] != "LISTING_STATUS_WITHDRAWN" {
		t.Errorf("the seller's GET of the withdrawn listing: %d %v", code, got)
	}
	if ids, _ := browse(t, seller, url.Values{"size": {size}, "mine": {"true"}}); !reflect.DeepEqual(ids, []string{goes, stays}) {
		t.Errorf("the seller's own listings: %v, want both", ids)
	}
	resp, out = do(t, "PATCH", "/v1/swap/listings/"+goes, listingBody(item, size, map[string]any{"clothing_item_id": nil}), bearer(seller))
	if resp.StatusCode != http.StatusBadRequest || out["code"] != float64(9) {
		t.Errorf("PATCH of a withdrawn listing: HTTP %d %v, want 400 FAILED_PRECONDITION", resp.StatusCode, out)
	}
	// Its item may be listed again.
	again := createListing(t, seller, listingBody(item, size, nil))["listing_id"].(string)
	if ids, _ := browse(t, buyer, url.Values{"size": {size}}); !reflect.DeepEqual(ids, []string{again, stays}) {
		t.Errorf("after listing the item again: %v", ids)
	}
}

func TestSwapCreateRefusals(t *testing.T) {
	seller, _ := register(t, "swaprefused")
	stranger, _ := register(t, "swapstranger")
	item := createItem(t, seller, `{"name":"Coat","category":"CLOTHING_CATEGORY_OUTERWEAR"}`)
	spare := createItem(t, seller, `{"name":"Tee","category":"CLOTHING_CATEGORY_TOP"}`)
	size := swapSize(t)
	create := func(token, body string) (*http.Response, map[string]any) {
		return do(t, "POST", "/v1/swap/listings", body, bearer(token))
	}
	market := func(what string, want ...string) {
		t.Helper()
		if ids, _ := browse(t, seller, url.Values{"size": {size}}); len(ids) != len(want) || (len(want) == 1 && ids[0] != want[0]) {
			t.Errorf("listings after %s: %v, want %v", what, ids, want)
		}
	}

	resp, out := create(stranger, listingBody(item, size, nil))
	refused(t, "someone else's item", resp, out, map[string]string{"listing.clothing_item_id": notYours})
	market("someone else's item")

	resp, out = create(seller, listingBody(item, size, map[string]any{"title": "Sh1iiit coat", "description": "no $h1t stains"}))
	refused(t, "disguised words", resp, out, map[string]string{"listing.title": "Title " + badLanguage,
		"listing.description": "Description " + badLanguage})
	for _, title := range []string{"Bu11$hit c0at", "SHIT coat", "a real @sshole"} {
		resp, out = create(seller, listingBody(item, size, map[string]any{"title": title}))
		refused(t, title, resp, out, map[string]string{"listing.title": "Title " + badLanguage})
	}
	for _, price := range []map[string]any{eur("100001", 0), eur("100000", 1), eur("-1", 0), eur("0", -5)} {
		resp, out = create(seller, listingBody(item, size, map[string]any{"price": price}))
		refused(t, "price "+price["units"].(string), resp, out, map[string]string{"listing.price": priceBounds})
	}
	resp, out = create(seller, listingBody(item, size, map[string]any{"price": map[string]any{"currency_code": "euro", "units": "5"}}))
	refused(t, "a currency that is no code", resp, out, map[string]string{
		"listing.price.currency_code": "Currency must be a three-letter ISO 4217 code such as EUR."})
	market("refused drafts")

	// Words that only contain a listed one pass; the top bound is allowed.
	first := createListing(t, seller, listingBody(item, size, map[string]any{"title": "Scunthorpe classic coat",
		"description": "Assessment-ready, glass beads, brass buttons.", "price": eur("100000", 0)}))["listing_id"].(string)
	market("a good draft", first)

	resp, out = create(seller, listingBody(item, size, nil))
	refused(t, "an item already listed", resp, out, map[string]string{"listing.clothing_item_id": alreadyListed})
	if !strings.Contains(out["message"].(string), "already listed") {
		t.Errorf("the message does not name the problem: %v", out["message"])
	}
	market("an item already listed", first)
	// A free swap of another item.
	if got := createListing(t, seller, listingBody(spare, swapSize(t), map[string]any{"price": eur("0", 0)})); got["price"].(map[string]any)["units"] != "0" {
		t.Errorf("a free swap: %v", got)
	}
}

func TestSwapCheckNamesAnItemAlreadyListed(t *testing.T) {
	seller, _ := register(t, "swapcheck")
	stranger, _ := register(t, "swapcheckstranger")
	item := createItem(t, seller, `{"name":"Coat","category":"CLOTHING_CATEGORY_OUTERWEAR","primary_color":"camel"}`)
	size := swapSize(t)
	check := func(token, body string) map[string]any {
		t.Helper()
		resp, out := do(t, "POST", "/v1/swap/listings:check", body, bearer(token))
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("check %s: HTTP %d %v", body, resp.StatusCode, out)
		}
		return out
	}
	want := map[string]any{"valid": true, "errors": []any{}, "message": "Listing processed successfully.",
		"suggested_tags": []any{"camel", "outerwear"}}
	if got := check(seller, listingBody(item, size, nil)); !reflect.DeepEqual(got, want) {
		t.Errorf("a good draft: %v, want %v", got, want)
	}
	if ids, _ := browse(t, seller, url.Values{"size": {size}}); len(ids) != 0 {
		t.Errorf("the check stored a listing: %v", ids)
	}

	createListing(t, seller, listingBody(item, size, nil))
	want = map[string]any{"valid": false, "errors": []any{alreadyListed},
		"message": "The listing needs changes before it can go up.", "suggested_tags": []any{"camel", "outerwear"}}
	if got := check(seller, listingBody(item, size, nil)); !reflect.DeepEqual(got, want) {
		t.Errorf("an item already listed: %v, want %v", got, want)
	}
	want = map[string]any{"valid": false, "errors": []any{notYours},
		"message": "The listing needs changes before it can go up.", "suggested_tags": []any{}}
	if got := check(stranger, listingBody(item, size, nil)); !reflect.DeepEqual(got, want) {
		t.Errorf("someone else's item: %v, want %v", got, want)
	}
	// Aura's route runs the same check.
	code, out := raw(t, "POST", "/api/v1/swap-market/process-listing", strings.NewReader(`{"title":"Camel coat",
		"clothing_item_id":"`+item+`","price":45,"currency":"EUR","size":"M","condition":"like_new"}`), bearer(seller))
	if got, _ := out.(map[string]any); code != http.StatusOK || !reflect.DeepEqual(got, map[string]any{"valid": false, "errors": []any{alreadyListed}}) {
		t.Errorf("Aura's process-listing of an item already listed: %d %v", code, out)
	}
}
