package gateway

import (
	"fmt"
	"net/http"
	"sort"
	"strings"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// Query parameters are read as strictly as JSON bodies (strictjson.go):
// grpc-gateway fills request fields from the ones it knows and drops the
// rest, so "?colour=navy" (for color) or "?page_sise=5" would answer as if
// never sent. A parameter that names no field of the route's request is a
// 400 naming it and the parameters the route takes.

// maxQueryFieldDepth bounds how deep a dotted parameter may reach
// ("start_date.year" is two).
const maxQueryFieldDepth = 4

// withStrictQuery refuses unknown query parameters on the REST routes
// (those of routes; any other path passes through untouched).
func withStrictQuery(routes []restRoute, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.RawQuery == "" {
			next.ServeHTTP(w, r)
			return
		}
		route := matchRoute(routes, r.Method, r.URL.Path)
		if route == nil || route.input == nil {
			next.ServeHTTP(w, r)
			return
		}
		var unknown []string
		for key := range r.URL.Query() {
			if route.body == "*" || !queryFieldExists(route.input, key) {
				unknown = append(unknown, key)
			}
		}
		if len(unknown) == 0 {
			next.ServeHTTP(w, r)
			return
		}
		sort.Strings(unknown)
		takes := "no query parameters (its input is the JSON body)"
		if route.body != "*" {
			takes = strings.Join(queryFields(route.input, route.body), ", ")
		}
		violations := make([]*errdetails.BadRequest_FieldViolation, len(unknown))
		for i, key := range unknown {
			violations[i] = &errdetails.BadRequest_FieldViolation{Field: key, Description: "unknown query parameter"}
		}
		st, err := status.New(codes.InvalidArgument, fmt.Sprintf("unknown query parameter %s; %s %s takes %s",
			strings.Join(unknown, ", "), r.Method, r.URL.Path, takes)).
			WithDetails(&errdetails.BadRequest{FieldViolations: violations})
		if err != nil {
			st = status.New(codes.InvalidArgument, "unknown query parameter "+strings.Join(unknown, ", "))
		}
		writeStatus(w, http.StatusBadRequest, st)
	})
}

func matchRoute(routes []restRoute, method, path string) *restRoute {
	for i := range routes {
		if routes[i].method == method && routes[i].path.MatchString(path) {
			return &routes[i]
		}
	}
	return nil
}

// queryFieldExists says whether key ("page_size", "pageSize",
// "start_date.year") names a field of md, as grpc-gateway reads it: proto
// or JSON names, dotted into messages; a message-typed field may also be
// given whole (a timestamp, a field mask).
func queryFieldExists(md protoreflect.MessageDescriptor, key string) bool {
	parts := strings.Split(key, ".")
	if len(parts) > maxQueryFieldDepth {
		return false
	}
	for i, part := range parts {
		fd := md.Fields().ByName(protoreflect.Name(part))
		if fd == nil {
			fd = md.Fields().ByJSONName(part)
		}
		if fd == nil {
			return false
		}
		if i == len(parts)-1 {
			return true
		}
		if fd.Message() == nil || fd.IsMap() {
			return false // a scalar has no fields
		}
		md = fd.Message()
	}
	return false
}

// queryFields lists the top-level fields a route's query may set (not the
// one the body holds), for the error message.
func queryFields(md protoreflect.MessageDescriptor, body string) []string {
	var out []string
	for i := 0; i < md.Fields().Len(); i++ {
		if name := string(md.Fields().Get(i).Name()); name != body {
			out = append(out, name)
		}
	}
	return out
}
