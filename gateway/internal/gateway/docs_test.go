package gateway

import (
	"encoding/json"
	"io/fs"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/stylist/stylist/gateway/internal/compat"
	"github.com/stylist/stylist/gateway/openapi"
)

func TestServesOpenAPIDocument(t *testing.T) {
	base := startGateway(t, testConfig(unusedAddr(t)))
	resp, body := call(t, "GET", base+"/openapi.json", "", nil)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("status %d, Content-Type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	doc := decodeObject(t, body)
	if doc["swagger"] != "2.0" {
		t.Errorf("swagger = %v", doc["swagger"])
	}
	paths, _ := doc["paths"].(map[string]any)
	for _, p := range []string{"/v1/auth:login", "/v1/wardrobe/items", "/v1/chat/conversations", "/v1/skin-analyses:analyze", "/v1/plans:generate"} {
		if _, ok := paths[p]; !ok {
			t.Errorf("path %s missing from the document", p)
		}
	}
	item, _ := doc["definitions"].(map[string]any)["ClothingItem"].(map[string]any)
	if _, ok := item["properties"].(map[string]any)["primary_color"]; !ok {
		t.Error("ClothingItem lacks the snake_case property primary_color")
	}
}

func TestServesDocsPage(t *testing.T) {
	base := startGateway(t, testConfig(unusedAddr(t)))
	resp, body := call(t, "GET", base+"/docs", "", nil)
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("status %d, Content-Type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("docs page CSP %q does not keep scripts to the edge's own", csp)
	}
	page := string(body)
	if strings.Contains(page, "https://") || strings.Contains(page, "http://") {
		t.Error("docs page refers to an outside resource")
	}
	resp, script := call(t, "GET", base+"/docs/docs.js", "", nil)
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(script), `url: "/openapi.json"`) {
		t.Errorf("docs.js: %d, does not load /openapi.json", resp.StatusCode)
	}
	if _, err := fs.Stat(docsUI, "static/ui/"+docsUIBundle); err != nil {
		// A build without gateway/docsui/build.sh: the page says so. The
		// bundled UI is checked in Chromium by gateway/docsui/test.sh.
		if !strings.Contains(page, "gateway/docsui/build.sh") {
			t.Error("an unbundled docs page does not say how to bundle the UI")
		}
		return
	}
	if !strings.Contains(page, `src="/docs/ui/swagger-ui-bundle.js"`) {
		t.Error("docs page does not load the bundled Swagger UI")
	}
	resp, _ = call(t, "GET", base+"/docs/ui/swagger-ui-bundle.js", "", nil)
	etag := resp.Header.Get("ETag")
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/javascript") || etag == "" {
		t.Fatalf("bundle: %d %q ETag %q", resp.StatusCode, resp.Header.Get("Content-Type"), etag)
	}
	resp, _ = call(t, "GET", base+"/docs/ui/swagger-ui-bundle.js", "", map[string]string{"If-None-Match": etag})
	if resp.StatusCode != http.StatusNotModified {
		t.Errorf("bundle with its ETag: %d, want 304", resp.StatusCode)
	}
	if resp, _ = call(t, "GET", base+"/docs/ui/nope.js", "", nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown UI file: %d, want 404", resp.StatusCode)
	}
}

// Every route the edge serves by hand is in the API document, with the
// method it answers (the generated routes are there by construction).
func TestTheDocumentListsEveryRoute(t *testing.T) {
	var doc struct {
		Paths map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(openapi.Document, &doc); err != nil {
		t.Fatal(err)
	}
	routes := append(compat.Routes(), photoRoutePatterns...)
	routes = append(routes, "GET /healthz", "GET /openapi.json", "GET /docs", "GET /ws/chat")
	for _, route := range routes {
		method, path, _ := strings.Cut(route, " ")
		path = strings.TrimSuffix(path, "{$}")
		if _, ok := doc.Paths[path][strings.ToLower(method)]; !ok {
			t.Errorf("%s is not in the API document (gateway/openapi/routes.yaml)", route)
		}
	}
}

// Every operation of the document says which errors it can answer, shows
// an example of each JSON answer, and gives the fields of its request body
// example values.
func TestEveryOperationHasErrorsAndExamples(t *testing.T) {
	type schema struct {
		Ref        string             `json:"$ref"`
		Type       string             `json:"type"`
		Example    any                `json:"example"`
		Properties map[string]*schema `json:"properties"`
	}
	var doc struct {
		Paths       map[string]map[string]json.RawMessage `json:"paths"`
		Definitions map[string]*schema                    `json:"definitions"`
	}
	if err := json.Unmarshal(openapi.Document, &doc); err != nil {
		t.Fatal(err)
	}
	resolve := func(s *schema) *schema {
		if s != nil && s.Ref != "" {
			return doc.Definitions[strings.TrimPrefix(s.Ref, "#/definitions/")]
		}
		return s
	}
	// A body shows an example when it has one, or some field of it (at
	// any depth) has.
	var bodyHasExample func(s *schema, depth int) bool
	bodyHasExample = func(s *schema, depth int) bool {
		s = resolve(s)
		if s == nil || s.Example != nil || (s.Type != "object" && s.Type != "" && s.Properties == nil) {
			return true
		}
		if len(s.Properties) == 0 {
			return true // an empty message
		}
		for _, p := range s.Properties {
			r := resolve(p)
			if p.Example != nil || r != nil && r.Example != nil ||
				depth < 3 && r != nil && len(r.Properties) > 0 && bodyHasExample(p, depth+1) {
				return true
			}
		}
		return false
	}
	for path, item := range doc.Paths {
		for method, raw := range item {
			var op struct {
				Produces   []string `json:"produces"`
				Parameters []struct {
					In     string  `json:"in"`
					Schema *schema `json:"schema"`
				} `json:"parameters"`
				Responses map[string]struct {
					Schema   *schema        `json:"schema"`
					Examples map[string]any `json:"examples"`
				} `json:"responses"`
			}
			if err := json.Unmarshal(raw, &op); err != nil {
				continue // a path-level field such as "parameters"
			}
			where := strings.ToUpper(method) + " " + path
			errors := 0
			for code, r := range op.Responses {
				if n, err := strconv.Atoi(code); err != nil {
					t.Errorf("%s: response %q is not an HTTP status (every one is listed, no default)", where, code)
				} else if n >= 400 {
					errors++
				}
				if s := resolve(r.Schema); s != nil && (s.Type == "object" || s.Properties != nil) && len(r.Examples) == 0 && s.Example == nil {
					t.Errorf("%s: the %s answer has no example", where, code)
				}
			}
			if errors == 0 {
				t.Errorf("%s lists no error status", where)
			}
			for _, p := range op.Parameters {
				if p.In == "body" && !bodyHasExample(p.Schema, 0) {
					t.Errorf("%s: the request body's fields have no example", where)
				}
			}
		}
	}
}
