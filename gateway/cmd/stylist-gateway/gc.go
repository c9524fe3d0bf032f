package main

import (
	"os"
	"runtime/debug"
)

// The gateway's live heap is small (a few MB) and nearly everything it
// allocates lives for one request, so Go's default GOGC=100 collects dozens
// of times a second under load: collection and the scheduler work it causes
// took about a sixth of the gateway's CPU per request. A higher GOGC with a
// soft memory limit collects rarely while the heap is small and as often as
// needed when a burst of large bodies makes it big. An operator's GOGC or
// GOMEMLIMIT wins (the Go runtime has already applied them).
const (
	defaultGCPercent   = 400
	defaultMemoryLimit = 512 << 20 // bytes
)

// gcSettings says which defaults to apply, given the environment.
func gcSettings(lookup func(string) (string, bool)) (gcPercent int, memoryLimit int64) {
	gcPercent, memoryLimit = -1, -1 // -1: leave as the runtime has it
	if _, set := lookup("GOGC"); !set {
		gcPercent = defaultGCPercent
	}
	if _, set := lookup("GOMEMLIMIT"); !set {
		memoryLimit = defaultMemoryLimit
	}
	return gcPercent, memoryLimit
}

func tuneGC() {
	gcPercent, memoryLimit := gcSettings(os.LookupEnv)
	if gcPercent >= 0 {
		debug.SetGCPercent(gcPercent)
	}
	if memoryLimit >= 0 {
		debug.SetMemoryLimit(memoryLimit)
	}
}
