package gateway

import (
	"net/http"
	"strings"
	"testing"
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
	page := string(body)
	if !strings.Contains(page, `fetch("openapi.json")`) {
		t.Error("docs page does not load openapi.json")
	}
	if strings.Contains(page, "https://") || strings.Contains(page, "http://") {
		t.Error("docs page refers to an outside resource")
	}
}
