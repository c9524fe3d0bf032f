// Package compat mounts the REST routes of the older apps, each kept
// unchanged in its own package on top of the upstream connection:
//
//   - stylistapi: the original AI stylist's API (FastAPI; LegacyService),
//   - fitness: the fitness planner's (seed 004, Django REST Framework;
//     UserService and PlanService),
//   - skinchapters: Skin Chapters' skin analysis (seed 002; AnalysisService),
//   - aura: Aura's AI routes (seed 003; WardrobeService).
//
// What they share (JSON answers, {"detail": ...} errors, FastAPI's 422s,
// the metadata sent upstream) is in compatutil.
package compat

import (
	"net/http"
	"slices"

	"google.golang.org/grpc"

	"github.com/stylist/stylist/gateway/internal/compat/aura"
	"github.com/stylist/stylist/gateway/internal/compat/fitness"
	"github.com/stylist/stylist/gateway/internal/compat/skinchapters"
	"github.com/stylist/stylist/gateway/internal/compat/stylistapi"
)

// New returns the older apps' routes on top of the upstream connection:
// each app's patterns go to that app's handler.
func New(conn grpc.ClientConnInterface) http.Handler {
	mux := http.NewServeMux()
	mount := func(h http.Handler, patterns []string) {
		for _, pattern := range patterns {
			mux.Handle(pattern, h)
		}
	}
	mount(stylistapi.New(conn), stylistapi.Patterns())
	mount(skinchapters.New(conn), skinchapters.Patterns())
	mount(fitness.New(conn), fitness.Patterns())
	mount(aura.New(conn), aura.Patterns())
	return mux
}

// Routes lists every route New serves ("METHOD /path"), for the API
// document's check (Patterns may name a whole subtree instead).
func Routes() []string {
	return slices.Concat(stylistapi.Routes(), skinchapters.Patterns(), fitness.Patterns(), aura.Routes())
}

// Patterns lists the route patterns New serves, for the outer mux.
func Patterns() []string {
	return slices.Concat(stylistapi.Patterns(), skinchapters.Patterns(), fitness.Patterns(), aura.Patterns())
}
