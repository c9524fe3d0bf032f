package main

import "testing"

func env(vars map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := vars[k]; return v, ok }
}

func TestRuntimeDefaultsApplyWhenNothingIsSet(t *testing.T) {
	got := defaultsFor(env(nil), 8)
	want := runtimeDefaults{gcPercent: defaultGCPercent, memoryLimit: defaultMemoryLimit, procs: 4}
	if got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

func TestRuntimeDefaultsTakeHalfTheCPUsAndAtLeastOne(t *testing.T) {
	for cpus, want := range map[int]int{1: 1, 2: 1, 3: 1, 4: 2, 16: 8} {
		if got := defaultsFor(env(nil), cpus).procs; got != want {
			t.Errorf("%d CPUs: got %d processors, want %d", cpus, got, want)
		}
	}
}

func TestRuntimeDefaultsYieldToTheOperator(t *testing.T) {
	got := defaultsFor(env(map[string]string{"GOGC": "100"}), 2)
	if got.gcPercent != -1 || got.memoryLimit != defaultMemoryLimit || got.procs != 1 {
		t.Errorf("GOGC set: got %+v; want only GOGC left alone", got)
	}
	got = defaultsFor(env(map[string]string{"GOGC": "", "GOMEMLIMIT": "", "GOMAXPROCS": ""}), 2)
	if got != (runtimeDefaults{gcPercent: defaultGCPercent, memoryLimit: defaultMemoryLimit, procs: 1}) {
		t.Errorf("all empty: got %+v; want the defaults, as Go treats empty as unset", got)
	}
	got = defaultsFor(env(map[string]string{"GOMEMLIMIT": "1GiB", "GOGC": "off", "GOMAXPROCS": "2"}), 2)
	if got != (runtimeDefaults{gcPercent: -1, memoryLimit: -1, procs: -1}) {
		t.Errorf("all set: got %+v; want all left alone", got)
	}
}
