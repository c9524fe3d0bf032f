// Command openapi-complete finishes the OpenAPI document that
// protoc-gen-openapiv2 writes (gateway/openapi/stylist.swagger.json), in
// place; tools/generate.sh runs it after `buf generate`, so the committed
// document is always the finished one. It
//
//   - merges the routes the edge serves by hand (the older apps' APIs, photo
//     bytes, the chat WebSocket, health; gateway/openapi/routes.yaml), whose
//     entries replace a generated one of the same path and method;
//   - lists, for each generated operation, the error statuses its kind of
//     call can answer (the edge maps gRPC codes as grpc-gateway does), each
//     with an example google.rpc.Status body, and 304 for GETs (ETag);
//   - gives every schema an example built from its fields (realistic values
//     by field name and format, the first real enum value), so every
//     request and response shows one; a schema that already has one keeps it;
//   - adds the X-API-Key security definition the service keys use.
//
// The output is deterministic (sorted keys), so CI can compare it.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

func main() {
	doc := flag.String("doc", "openapi/stylist.swagger.json", "the generated document, rewritten in place")
	routes := flag.String("routes", "openapi/routes.yaml", "the hand-served routes to merge")
	flag.Parse()
	if err := run(*doc, *routes); err != nil {
		log.Fatalf("openapi-complete: %v", err)
	}
}

func run(docPath, routesPath string) error {
	var doc map[string]any
	raw, err := os.ReadFile(docPath)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return fmt.Errorf("%s: %w", docPath, err)
	}
	var extra map[string]any
	raw, err = os.ReadFile(routesPath)
	if err != nil {
		return err
	}
	if err := yaml.Unmarshal(raw, &extra); err != nil {
		return fmt.Errorf("%s: %w", routesPath, err)
	}
	extra = normalize(extra).(map[string]any)

	addErrorResponses(doc)
	if err := merge(doc, extra); err != nil {
		return fmt.Errorf("%s: %w", routesPath, err)
	}
	obj(doc, "securityDefinitions")["ApiKey"] = map[string]any{
		"type": "apiKey", "in": "header", "name": "X-API-Key",
		"description": "A service API key (admin, legacy or analysis scope), for server-to-server callers.",
	}
	// Either credential, where an operation says nothing else.
	doc["security"] = []any{map[string]any{"Bearer": []any{}}, map[string]any{"ApiKey": []any{}}}
	addExamples(doc)
	if err := checkRefs(doc); err != nil {
		return err
	}

	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	return os.WriteFile(docPath, out.Bytes(), 0o644)
}

// normalize turns YAML's decoded values into JSON's (map[string]any keys,
// status codes as strings).
func normalize(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			t[k] = normalize(e)
		}
		return t
	case map[any]any:
		m := make(map[string]any, len(t))
		for k, e := range t {
			m[fmt.Sprint(k)] = normalize(e)
		}
		return m
	case []any:
		for i, e := range t {
			t[i] = normalize(e)
		}
		return t
	}
	return v
}

func obj(m map[string]any, key string) map[string]any {
	if o, ok := m[key].(map[string]any); ok {
		return o
	}
	o := map[string]any{}
	m[key] = o
	return o
}

// merge adds routes.yaml's tags, paths and definitions; a hand-served
// operation replaces the generated one of the same path and method.
func merge(doc, extra map[string]any) error {
	for key := range extra {
		if key != "tags" && key != "paths" && key != "definitions" {
			return fmt.Errorf("unknown top-level key %q", key)
		}
	}
	if tags, ok := extra["tags"].([]any); ok {
		existing, _ := doc["tags"].([]any)
		doc["tags"] = append(existing, tags...)
	}
	paths := obj(doc, "paths")
	for path, item := range obj(extra, "paths") {
		ops, ok := item.(map[string]any)
		if !ok {
			return fmt.Errorf("path %s is not an object", path)
		}
		target := obj(paths, path)
		for method, op := range ops {
			target[method] = op
		}
	}
	defs := obj(doc, "definitions")
	for name, schema := range obj(extra, "definitions") {
		if _, clash := defs[name]; clash {
			return fmt.Errorf("definition %s is already in the document: a name the protos use, or a document "+
				"this tool finished already (run tools/generate.sh, which starts from the generator's output)", name)
		}
		defs[name] = schema
	}
	return nil
}

// --- error statuses of the generated operations -----------------------------

// errorStatus is an HTTP status a generated operation may answer, with the
// gRPC codes behind it (as grpc-gateway maps them) and an example.
type errorStatus struct {
	code        string
	description string
	example     map[string]any
}

func statusExample(code int, message string) map[string]any {
	return map[string]any{"code": code, "message": message, "details": []any{}}
}

var (
	badRequest = errorStatus{"400", "INVALID_ARGUMENT, FAILED_PRECONDITION or OUT_OF_RANGE: a field is missing or " +
		"malformed (the BadRequest detail names it), the JSON has an unknown field or enum name, or the " +
		"request does not fit the resource's state.", map[string]any{
		"code": 3, "message": "invalid request: name: required",
		"details": []any{map[string]any{
			"@type":            "type.googleapis.com/google.rpc.BadRequest",
			"field_violations": []any{map[string]any{"field": "name", "description": "required"}},
		}}}}
	unauthenticated = errorStatus{"401", "UNAUTHENTICATED: no credentials, or an expired, revoked or invalid token or key.",
		statusExample(16, "missing or invalid access token")}
	forbidden = errorStatus{"403", "PERMISSION_DENIED: the credentials are valid but may not do this (a user token on " +
		"an admin call, a service key without the scope).", statusExample(7, "this call needs the admin role or an admin API key")}
	notFound = errorStatus{"404", "NOT_FOUND: no such resource of the caller's (another user's looks the same).",
		statusExample(5, "no such item")}
	conflict = errorStatus{"409", "ALREADY_EXISTS or ABORTED: a duplicate, or the resource changed since the etag " +
		"the request sent (If-Match) was read: read it again and retry.", statusExample(10,
		"the item changed since etag 'W/\"3\"' was read (now 'W/\"4\"')")}
	tooLarge = errorStatus{"413", "The request body is larger than the edge's limit.",
		statusExample(8, "the request body is larger than the limit of 1048576 bytes")}
	tooMany = errorStatus{"429", "RESOURCE_EXHAUSTED: a rate limit or AI quota; Retry-After says when to come back.",
		map[string]any{"code": 8, "message": "too many photo analyses; at most 30 a minute per user",
			"details": []any{map[string]any{"@type": "type.googleapis.com/google.rpc.RetryInfo", "retry_delay": "12s"}}}}
	internal = errorStatus{"500", "INTERNAL or DATA_LOSS: a fault of the server; the X-Request-ID header names it in the logs.",
		statusExample(13, "internal error")}
	unavailable = errorStatus{"503", "UNAVAILABLE: the server (or a model it needs) cannot be reached now; retry with backoff.",
		statusExample(14, "the server is not reachable, retry with backoff")}
	timeout = errorStatus{"504", "DEADLINE_EXCEEDED: the call took longer than the edge's request timeout.",
		statusExample(4, "the call took longer than 30s")}
)

var pathParam = regexp.MustCompile(`\{[^}]+\}`)

// addErrorResponses lists the statuses each generated operation's kind of
// call can answer, in place of the generator's one "default" error.
func addErrorResponses(doc map[string]any) {
	for path, item := range obj(doc, "paths") {
		for method, o := range item.(map[string]any) {
			op, ok := o.(map[string]any)
			if !ok {
				continue
			}
			responses := obj(op, "responses")
			delete(responses, "default")
			statuses := []errorStatus{badRequest}
			if !public(op) {
				statuses = append(statuses, unauthenticated, forbidden)
			}
			if pathParam.MatchString(path) {
				statuses = append(statuses, notFound)
			}
			if method != "get" {
				statuses = append(statuses, conflict)
			}
			if hasBody(op) {
				statuses = append(statuses, tooLarge)
			}
			statuses = append(statuses, tooMany, internal, unavailable, timeout)
			for _, s := range statuses {
				r := map[string]any{
					"description": s.description,
					"schema":      map[string]any{"$ref": "#/definitions/Status"},
					"examples":    map[string]any{"application/json": s.example},
				}
				if s.code == "429" {
					r["headers"] = map[string]any{"Retry-After": map[string]any{
						"type": "integer", "description": "Seconds to wait before trying again."}}
				}
				responses[s.code] = r
			}
			if method == "get" {
				responses["304"] = map[string]any{
					"description": "Not Modified: If-None-Match named the answer's current ETag; no body.",
				}
				if ok, _ := responses["200"].(map[string]any); ok != nil {
					ok["headers"] = map[string]any{
						"ETag":          map[string]any{"type": "string", "description": "The resource's etag, or a hash of the answer; send it back in If-None-Match."},
						"Cache-Control": map[string]any{"type": "string", "description": "private, no-cache"},
					}
				}
			}
		}
	}
}

// public says whether an operation needs no credentials (an empty
// security requirement, as the generator writes for the public RPCs).
func public(op map[string]any) bool {
	sec, ok := op["security"].([]any)
	if !ok {
		return false
	}
	for _, req := range sec {
		if m, ok := req.(map[string]any); ok && len(m) == 0 {
			return true
		}
	}
	return len(sec) == 0
}

func hasBody(op map[string]any) bool {
	params, _ := op["parameters"].([]any)
	for _, p := range params {
		if m, ok := p.(map[string]any); ok && (m["in"] == "body" || m["in"] == "formData") {
			return true
		}
	}
	return false
}

// --- examples ---------------------------------------------------------------

// addExamples gives every plain field of every schema an example value
// (so the UI composes realistic request bodies, leaving out read-only
// fields as it should), and every operation's successful JSON answer a
// whole example built from them.
func addExamples(doc map[string]any) {
	defs := obj(doc, "definitions")
	for name, schema := range defs {
		if m, ok := schema.(map[string]any); ok {
			addFieldExamples(m, name)
		}
	}
	for _, item := range obj(doc, "paths") {
		for _, o := range item.(map[string]any) {
			op, ok := o.(map[string]any)
			if !ok {
				continue
			}
			params, _ := op["parameters"].([]any)
			for _, p := range params {
				if m, ok := p.(map[string]any); ok {
					if schema, ok := m["schema"].(map[string]any); ok {
						addFieldExamples(schema, "")
					}
				}
			}
			for code, r := range obj(op, "responses") {
				resp, ok := r.(map[string]any)
				if !ok || !strings.HasPrefix(code, "2") {
					continue
				}
				if _, has := resp["examples"]; has {
					continue
				}
				if schema, ok := resp["schema"].(map[string]any); ok {
					addFieldExamples(schema, "")
					if ex := exampleOf(defs, schema, "", map[string]bool{}, 0); ex != nil {
						resp["examples"] = map[string]any{"application/json": ex}
					}
				}
			}
		}
	}
}

// addFieldExamples sets an example on schema when it is a plain value or
// an enum, and on each plain field of it (recursively through inline
// objects and arrays); parent names the definition it belongs to.
func addFieldExamples(schema map[string]any, parent string) {
	addPlainExample(schema, parent, "")
	if props, ok := schema["properties"].(map[string]any); ok {
		for name, p := range props {
			ps, ok := p.(map[string]any)
			if !ok {
				continue
			}
			addPlainExample(ps, parent, name)
			if items, ok := ps["items"].(map[string]any); ok {
				addPlainExample(items, parent, strings.TrimSuffix(name, "s"))
			}
			if _, nested := ps["properties"]; nested {
				addFieldExamples(ps, parent)
			}
		}
	}
}

// addPlainExample sets schema's example when it is a plain value (not a
// reference, an object or an array) that has none.
func addPlainExample(schema map[string]any, parent, field string) {
	if _, has := schema["example"]; has {
		return
	}
	if _, ref := schema["$ref"]; ref {
		return
	}
	switch schema["type"] {
	case "string", "integer", "number", "boolean":
		if ex := exampleIn(nil, schema, parent, field, map[string]bool{}, 0); ex != nil {
			schema["example"] = ex
		}
	}
}

// maxExampleDepth bounds how many references deep an example goes.
const maxExampleDepth = 6

// exampleOf builds an example value of schema; field names what holds it
// (for realistic strings); seen breaks reference cycles.
func exampleOf(defs map[string]any, schema map[string]any, field string, seen map[string]bool, depth int) any {
	return exampleIn(defs, schema, "", field, seen, depth)
}

// exampleIn is exampleOf inside the definition named parent.
func exampleIn(defs map[string]any, schema map[string]any, parent, field string, seen map[string]bool, depth int) any {
	if ex, ok := schema["example"]; ok {
		return ex
	}
	if ref, ok := schema["$ref"].(string); ok {
		name := strings.TrimPrefix(ref, "#/definitions/")
		target, ok := defs[name].(map[string]any)
		if !ok || seen[name] || depth >= maxExampleDepth {
			return nil
		}
		seen[name] = true
		defer delete(seen, name)
		return exampleIn(defs, target, name, field, seen, depth+1)
	}
	if enum, ok := schema["enum"].([]any); ok && len(enum) > 0 {
		for _, e := range enum {
			if s, ok := e.(string); !ok || !strings.HasSuffix(s, "_UNSPECIFIED") {
				return e
			}
		}
		return enum[0]
	}
	switch schema["type"] {
	case "object", nil:
		props, ok := schema["properties"].(map[string]any)
		if !ok {
			return map[string]any{}
		}
		out := map[string]any{}
		for name, p := range props {
			ps, ok := p.(map[string]any)
			if !ok {
				continue
			}
			if v := exampleIn(defs, ps, parent, name, seen, depth); v != nil {
				out[name] = v
			}
		}
		return out
	case "array":
		items, ok := schema["items"].(map[string]any)
		if !ok {
			return []any{}
		}
		if v := exampleIn(defs, items, parent, strings.TrimSuffix(field, "s"), seen, depth); v != nil {
			return []any{v}
		}
		return []any{}
	case "boolean":
		return false
	case "integer":
		n := integerExample(field)
		if schema["format"] == "int64" || schema["format"] == "uint64" {
			return fmt.Sprint(n) // 64-bit integers are JSON strings in proto3 JSON
		}
		return n
	case "number":
		return numberExample(field)
	case "string":
		if field == "name" && strings.Contains(parent, "Color") {
			return "navy"
		}
		return stringExample(schema, field)
	}
	return nil
}

// integerExample is a plausible whole number for a field, by its name.
func integerExample(field string) int {
	f := strings.ToLower(field)
	switch {
	case f == "year":
		return 2026
	case f == "month":
		return 12
	case f == "day":
		return 5
	case f == "red":
		return 31
	case f == "green":
		return 42
	case f == "blue":
		return 68
	case strings.HasSuffix(f, "_px"):
		return 1024
	case strings.HasSuffix(f, "_bytes"):
		return 183402
	case strings.Contains(f, "page_size") || f == "limit":
		return 20
	case strings.Contains(f, "score"):
		return 78
	case strings.Contains(f, "chapter"):
		return 2
	case strings.Contains(f, "minutes"):
		return 45
	case strings.Contains(f, "kcal") || strings.Contains(f, "calories"):
		return 2200
	case strings.Contains(f, "age"):
		return 34
	case strings.Contains(f, "days"):
		return 7
	}
	return 1
}

// numberExample is a plausible fraction or measure for a field, by its name.
func numberExample(field string) float64 {
	f := strings.ToLower(field)
	switch {
	case strings.Contains(f, "confidence") || strings.Contains(f, "probability") || strings.Contains(f, "score"):
		return 0.82
	case strings.Contains(f, "share") || strings.Contains(f, "ratio") || strings.Contains(f, "fraction"):
		return 0.64
	case strings.Contains(f, "kg") || strings.Contains(f, "weight"):
		return 72.5
	case strings.Contains(f, "cm") || strings.Contains(f, "height"):
		return 178
	case strings.Contains(f, "kcal") || strings.Contains(f, "energy"):
		return 2273.3
	case strings.HasSuffix(f, "_g") || strings.Contains(f, "grams"):
		return 35.5
	}
	return 1.5
}

// stringExample is a plausible string for a field, by its format and name.
func stringExample(schema map[string]any, field string) string {
	switch schema["format"] {
	case "date-time":
		return "2026-12-05T09:30:00Z"
	case "byte":
		return "iVBORw0KGgo="
	case "int64", "uint64":
		return "42"
	}
	f := strings.ToLower(field)
	switch {
	case f == "etag":
		return `W/"3"`
	case f == "id" || strings.HasSuffix(f, "_id") || strings.HasSuffix(f, "_ids"):
		return "7c9e6679-7425-40de-944b-e07fc1f90ae7"
	case strings.Contains(f, "email") || f == "login":
		return "ada@example.com"
	case strings.Contains(f, "password"):
		return "correct-horse-battery-9"
	case strings.Contains(f, "token"):
		return "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI3YzllIn0.c2lnbmF0dXJl"
	case strings.Contains(f, "color") || strings.Contains(f, "colour"):
		return "navy"
	case strings.Contains(f, "hex"):
		return "#1f2a44"
	case f == "username":
		return "ada"
	case f == "name" || f == "title" || strings.HasSuffix(f, "_name"):
		return "Navy blazer"
	case f == "label":
		return "blazer"
	case strings.Contains(f, "version"):
		return "clothing-2026.11"
	case strings.Contains(f, "content_type") || f == "mime_type":
		return "image/jpeg"
	case strings.Contains(f, "sha256"):
		return "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
	case f == "duration" || strings.HasSuffix(f, "_delay") || strings.HasSuffix(f, "_duration"):
		return "30s"
	case strings.Contains(f, "time_zone"):
		return "Europe/London"
	case strings.Contains(f, "url") || strings.Contains(f, "link"):
		return "https://stylist.example.com/reset?token=…"
	case strings.Contains(f, "mask") || f == "paths":
		return "name,primary_color"
	case f == "text" || f == "content" || f == "message" || f == "question" || f == "answer":
		return "What goes with my navy blazer?"
	}
	return "casual"
}

// checkRefs fails on a $ref to a definition the document lacks.
func checkRefs(doc map[string]any) error {
	defs := obj(doc, "definitions")
	var missing []string
	var walk func(v any)
	walk = func(v any) {
		switch t := v.(type) {
		case map[string]any:
			if ref, ok := t["$ref"].(string); ok {
				if _, found := defs[strings.TrimPrefix(ref, "#/definitions/")]; !found {
					missing = append(missing, ref)
				}
			}
			for _, e := range t {
				walk(e)
			}
		case []any:
			for _, e := range t {
				walk(e)
			}
		}
	}
	walk(doc)
	if len(missing) > 0 {
		sort.Strings(missing)
		return fmt.Errorf("references to missing definitions: %s", strings.Join(missing, ", "))
	}
	return nil
}
