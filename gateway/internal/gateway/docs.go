package gateway

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"time"

	"github.com/stylist/stylist/gateway/openapi"
)

// The API reference at /docs: Swagger UI, copied from npm into static/ui by
// gateway/docsui/build.sh before the build and embedded here, so the page
// needs nothing outside the edge (it may run where nothing is reachable).
// Without the bundle (a build that skipped build.sh) /docs says so and
// points at /openapi.json.
var (
	//go:embed static/docs.html
	docsPage []byte
	//go:embed static/docs-missing.html
	docsMissingPage []byte
	//go:embed static/docs.js
	docsScript []byte
	//go:embed all:static/ui
	docsUI embed.FS
)

// docsUIBundle is the file whose presence says the UI was bundled.
const docsUIBundle = "swagger-ui-bundle.js"

func openAPIHandler() http.Handler {
	return staticHandler("application/json", openapi.Document)
}

// docsCSP lets the page load its own script, styles and the document, and
// nothing else. Swagger UI sets style attributes, hence 'unsafe-inline'
// for styles only; its icons are data: URIs.
const docsCSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
	"font-src 'self' data:; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'"

// registerDocs serves /docs, its script and the bundled UI's files.
func registerDocs(mux *http.ServeMux) {
	ui, _ := fs.Sub(docsUI, "static/ui")
	page := docsPage
	if _, err := fs.Stat(ui, docsUIBundle); err != nil {
		page = docsMissingPage
	}
	mux.Handle("GET /docs", withDocsCSP(staticHandler("text/html; charset=utf-8", page)))
	mux.Handle("GET /docs/docs.js", staticHandler("text/javascript; charset=utf-8", docsScript))
	files := map[string]http.Handler{}
	entries, _ := fs.ReadDir(ui, ".")
	for _, e := range entries {
		if e.IsDir() || e.Name() == ".gitkeep" {
			continue
		}
		content, err := fs.ReadFile(ui, e.Name())
		if err != nil {
			continue
		}
		files[e.Name()] = versionedFile(e.Name(), content)
	}
	mux.HandleFunc("GET /docs/ui/{file}", func(w http.ResponseWriter, r *http.Request) {
		h, ok := files[r.PathValue("file")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// versionedFile serves an embedded file with an ETag of its content, so a
// browser revalidates it (304) instead of fetching the 1.7 MB bundle again.
func versionedFile(name string, content []byte) http.Handler {
	sum := sha256.Sum256(content)
	etag := strconv.Quote(hex.EncodeToString(sum[:16]))
	contentType := mime.TypeByExtension(path.Ext(name))
	if contentType == "" {
		contentType = "text/plain; charset=utf-8"
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.Header().Set("Cache-Control", "no-cache")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("ETag", etag)
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(content))
	})
}

func withDocsCSP(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", docsCSP)
		next.ServeHTTP(w, r)
	})
}

func staticHandler(contentType string, content []byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.Header().Set("Cache-Control", "no-cache")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		_, _ = w.Write(content)
	})
}
