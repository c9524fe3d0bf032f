package main

import "testing"

func TestGCDefaultsYieldToTheOperator(t *testing.T) {
	env := func(vars map[string]string) func(string) (string, bool) {
		return func(k string) (string, bool) { v, ok := vars[k]; return v, ok }
	}
	if p, l := gcSettings(env(nil)); p != defaultGCPercent || l != defaultMemoryLimit {
		t.Errorf("nothing set: got GOGC %d, limit %d; want the defaults", p, l)
	}
	if p, l := gcSettings(env(map[string]string{"GOGC": "100"})); p != -1 || l != defaultMemoryLimit {
		t.Errorf("GOGC set: got %d, %d; want GOGC left alone and the default limit", p, l)
	}
	if p, l := gcSettings(env(map[string]string{"GOMEMLIMIT": "1GiB", "GOGC": "off"})); p != -1 || l != -1 {
		t.Errorf("both set: got %d, %d; want both left alone", p, l)
	}
}
