package main

import (
	"os"
	"runtime"
	"runtime/debug"
)

// Defaults for Go's runtime, measured on the gateway's load (bench/README.md);
// an operator's GOGC, GOMEMLIMIT or GOMAXPROCS wins (the Go runtime has
// already applied them).
//
// Collector: the gateway's live heap is small (a few MB) and nearly
// everything it allocates lives for one request, so Go's default GOGC=100
// collects dozens of times a second under load: collection and the
// scheduler work it causes took about a sixth of the gateway's CPU per
// request. A higher GOGC with a soft memory limit collects rarely while the
// heap is small and as often as needed when a burst of large bodies makes
// it big.
//
// Processors: the gateway shares its machine with the server, which spends
// as much CPU per request as the gateway does, plus PostgreSQL's. With a
// processor per CPU, every goroutine made runnable while another processor
// idles wakes a thread on another CPU (on a VM an inter-processor interrupt):
// on 2 CPUs, one processor took a quarter less gateway CPU per legacy user
// creation than two. So the gateway takes half the CPUs Go would use (at
// least one). Setting it stops Go from following a container's CPU limit
// if that changes while the gateway runs; set GOMAXPROCS where it might.
const (
	defaultGCPercent   = 400
	defaultMemoryLimit = 512 << 20 // bytes
)

// runtimeDefaults is what tuneRuntime applies: -1 leaves a setting as the
// runtime has it. cpus is the runtime's own default GOMAXPROCS (the CPUs, or
// the container's CPU limit).
type runtimeDefaults struct {
	gcPercent   int
	memoryLimit int64
	procs       int
}

func defaultsFor(lookup func(string) (string, bool), cpus int) runtimeDefaults {
	// Empty counts as unset, as it does for the Go runtime (and a compose
	// file passing an unset variable through gives an empty one).
	set := func(name string) bool { v, ok := lookup(name); return ok && v != "" }
	d := runtimeDefaults{gcPercent: -1, memoryLimit: -1, procs: -1}
	if !set("GOGC") {
		d.gcPercent = defaultGCPercent
	}
	if !set("GOMEMLIMIT") {
		d.memoryLimit = defaultMemoryLimit
	}
	if !set("GOMAXPROCS") {
		d.procs = max(1, cpus/2)
	}
	return d
}

func tuneRuntime() {
	d := defaultsFor(os.LookupEnv, runtime.GOMAXPROCS(0))
	if d.gcPercent >= 0 {
		debug.SetGCPercent(d.gcPercent)
	}
	if d.memoryLimit >= 0 {
		debug.SetMemoryLimit(d.memoryLimit)
	}
	if d.procs > 0 {
		runtime.GOMAXPROCS(d.procs)
	}
}
