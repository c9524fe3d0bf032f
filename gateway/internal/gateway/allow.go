package gateway

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/genproto/googleapis/api/annotations"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// restRoute is one google.api.http binding: a method and the paths its
// template matches, and (for the check of query parameters) the request
// message and the part of it the body holds ("*" all of it, "" none).
type restRoute struct {
	method string
	path   *regexp.Regexp
	input  protoreflect.MessageDescriptor
	body   string
}

// restRoutes reads the HTTP bindings of the services' methods, for the
// Allow header of a 405 (grpc-gateway knows them but does not say).
func restRoutes(services []protoreflect.ServiceDescriptor) []restRoute {
	var out []restRoute
	for _, sd := range services {
		for i := 0; i < sd.Methods().Len(); i++ {
			md := sd.Methods().Get(i)
			rule, _ := proto.GetExtension(md.Options(), annotations.E_Http).(*annotations.HttpRule)
			if rule == nil {
				continue
			}
			for _, r := range append([]*annotations.HttpRule{rule}, rule.GetAdditionalBindings()...) {
				method, template := httpRulePattern(r)
				if template != "" {
					out = append(out, restRoute{method: method, path: templateRegexp(template), input: md.Input(),
						body: r.GetBody()})
				}
			}
		}
	}
	return out
}

func httpRulePattern(r *annotations.HttpRule) (method, template string) {
	switch p := r.GetPattern().(type) {
	case *annotations.HttpRule_Get:
		return http.MethodGet, p.Get
	case *annotations.HttpRule_Post:
		return http.MethodPost, p.Post
	case *annotations.HttpRule_Put:
		return http.MethodPut, p.Put
	case *annotations.HttpRule_Patch:
		return http.MethodPatch, p.Patch
	case *annotations.HttpRule_Delete:
		return http.MethodDelete, p.Delete
	case *annotations.HttpRule_Custom:
		return p.Custom.GetKind(), p.Custom.GetPath()
	}
	return "", ""
}

// templateVariable is a {field} or {field=pattern} of a path template.
var templateVariable = regexp.MustCompile(`\{[^}=]+(=[^}]*)?\}`)

// templateRegexp turns a path template ("/v1/items/{item_id}",
// "/v1/{name=users/*}") into a regexp that matches the paths it covers.
func templateRegexp(template string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("^")
	last := 0
	for _, loc := range templateVariable.FindAllStringSubmatchIndex(template, -1) {
		b.WriteString(regexp.QuoteMeta(template[last:loc[0]]))
		pattern := "*"
		if loc[2] >= 0 {
			pattern = template[loc[2]+1 : loc[3]]
		}
		for j, seg := range strings.Split(pattern, "/") {
			if j > 0 {
				b.WriteString("/")
			}
			switch seg {
			case "*":
				b.WriteString("[^/]+")
			case "**":
				b.WriteString(".+")
			default:
				b.WriteString(regexp.QuoteMeta(seg))
			}
		}
		last = loc[1]
	}
	b.WriteString(regexp.QuoteMeta(template[last:]))
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}

// allowed lists the methods routes offer on path.
func allowed(routes []restRoute, path string) []string {
	var methods []string
	for _, r := range routes {
		if !slices.Contains(methods, r.method) && r.path.MatchString(path) {
			methods = append(methods, r.method)
		}
	}
	slices.Sort(methods)
	return methods
}

// routingErrors answers a method a path does not take with 405 and the
// Allow header (grpc-gateway's default says 501 Not Implemented); PUT is
// not offered anywhere: PATCH updates, with a field mask. Other routing
// errors are grpc-gateway's.
func routingErrors(routes []restRoute) runtime.RoutingErrorHandlerFunc {
	return func(ctx context.Context, mux *runtime.ServeMux, m runtime.Marshaler, w http.ResponseWriter, r *http.Request, httpStatus int) {
		if httpStatus != http.StatusMethodNotAllowed {
			runtime.DefaultRoutingErrorHandler(ctx, mux, m, w, r, httpStatus)
			return
		}
		methods := allowed(routes, r.URL.Path)
		w.Header().Set("Allow", strings.Join(methods, ", "))
		writeStatus(w, http.StatusMethodNotAllowed, status.New(codes.Unimplemented,
			fmt.Sprintf("%s is not allowed on %s; it takes %s", r.Method, r.URL.Path, strings.Join(methods, ", "))))
	}
}
