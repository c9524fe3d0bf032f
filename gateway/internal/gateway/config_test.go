package gateway

import (
	"bytes"
	"errors"
	"flag"
	"log/slog"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestLoadConfigDefaults(t *testing.T) {
	cfg, err := LoadConfig(nil, []string{"PATH=/usr/bin", "HOME=/root"})
	if err != nil {
		t.Fatalf("LoadConfig: %v", err)
	}
	if !reflect.DeepEqual(cfg, DefaultConfig()) {
		t.Errorf("got %+v, want the defaults %+v", cfg, DefaultConfig())
	}
	if cfg.Listen != "0.0.0.0:8080" || cfg.Upstream != "127.0.0.1:50051" || cfg.MaxBodyBytes != 16<<20 {
		t.Errorf("unexpected defaults %+v", cfg)
	}
}

func TestLoadConfigEnvironmentThenFlags(t *testing.T) {
	env := []string{
		"STYLIST_GATEWAY_LISTEN=127.0.0.1:9000",
		"STYLIST_GATEWAY_UPSTREAM=stylist:50051",
		"STYLIST_GATEWAY_MAX_BODY_BYTES=8MiB",
		"STYLIST_GATEWAY_REQUEST_TIMEOUT=30s",
		"STYLIST_GATEWAY_LOG_LEVEL=debug",
	}
	args := []string{"-listen", ":8081", "-health-timeout=500ms", "-shutdown-timeout", "1m"}
	cfg, err := LoadConfig(args, env)
	if err != nil {
		t.Fatalf("LoadConfig: %v", err)
	}
	want := DefaultConfig()
	want.Listen = ":8081" // the flag wins over the environment
	want.Upstream = "stylist:50051"
	want.MaxBodyBytes = 8 << 20
	want.RequestTimeout = 30 * time.Second
	want.HealthTimeout = 500 * time.Millisecond
	want.ShutdownTimeout = time.Minute
	want.LogLevel = slog.LevelDebug
	if !reflect.DeepEqual(cfg, want) {
		t.Errorf("got %+v\nwant %+v", cfg, want)
	}
}

func TestLoadConfigErrorsNameTheSetting(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		env      []string
		wantText string
	}{
		{"unknown variable", nil, []string{"STYLIST_GATEWAY_LISTN=:1"}, "STYLIST_GATEWAY_LISTN"},
		{"bad address in env", nil, []string{"STYLIST_GATEWAY_UPSTREAM=localhost"}, "STYLIST_GATEWAY_UPSTREAM"},
		{"bad port", nil, []string{"STYLIST_GATEWAY_LISTEN=:99999"}, "STYLIST_GATEWAY_LISTEN"},
		{"bad duration", nil, []string{"STYLIST_GATEWAY_REQUEST_TIMEOUT=10"}, "STYLIST_GATEWAY_REQUEST_TIMEOUT"},
		{"negative duration", []string{"-health-timeout=-1s"}, nil, "-health-timeout"},
		{"bad size", []string{"-max-body-bytes", "lots"}, nil, "-max-body-bytes"},
		{"zero size", nil, []string{"STYLIST_GATEWAY_MAX_BODY_BYTES=0"}, "STYLIST_GATEWAY_MAX_BODY_BYTES"},
		{"bad level", []string{"-log-level=loud"}, nil, "-log-level"},
		{"unknown flag", []string{"-port=80"}, nil, "-port"},
		{"stray argument", []string{"serve"}, nil, `"serve"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadConfig(tc.args, tc.env)
			if err == nil {
				t.Fatal("LoadConfig succeeded, want an error")
			}
			if !strings.Contains(err.Error(), tc.wantText) {
				t.Errorf("error %q does not name %s", err, tc.wantText)
			}
		})
	}
}

func TestLoadConfigByteSizes(t *testing.T) {
	for value, want := range map[string]int64{
		"1024":   1024,
		"512KiB": 512 << 10,
		"16MiB":  16 << 20,
		"1 GiB":  1 << 30,
	} {
		cfg, err := LoadConfig([]string{"-max-body-bytes", value}, nil)
		if err != nil {
			t.Errorf("%q: %v", value, err)
			continue
		}
		if cfg.MaxBodyBytes != want {
			t.Errorf("%q: got %d, want %d", value, cfg.MaxBodyBytes, want)
		}
	}
}

func TestLoadConfigHelp(t *testing.T) {
	if _, err := LoadConfig([]string{"-h"}, nil); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("got %v, want flag.ErrHelp", err)
	}
	var out bytes.Buffer
	Usage(&out)
	for _, s := range settings {
		if !strings.Contains(out.String(), s.env()) || !strings.Contains(out.String(), "-"+s.flag) {
			t.Errorf("usage does not mention -%s / %s:\n%s", s.flag, s.env(), out.String())
		}
	}
}

func TestUpstreamTakesReplicasAndDNS(t *testing.T) {
	for value, want := range map[string]string{
		"127.0.0.1:50051":                      "127.0.0.1:50051",
		"unix:/run/a.sock, unix:/run/b.sock":   "unix:/run/a.sock,unix:/run/b.sock",
		"10.0.0.1:50051,10.0.0.2:50051":        "10.0.0.1:50051,10.0.0.2:50051",
		"dns:///stylist-server.internal:50051": "dns:///stylist-server.internal:50051",
		"unix:/run/a.sock,10.0.0.2:50051":      "unix:/run/a.sock,10.0.0.2:50051",
	} {
		cfg, err := LoadConfig([]string{"-upstream", value}, nil)
		if err != nil || cfg.Upstream != want {
			t.Errorf("-upstream %q: %q, %v; want %q", value, cfg.Upstream, err, want)
		}
	}
	for _, bad := range []string{"", ",", "nohost", "unix:relative.sock", "dns:///a:1,b:2", "dns://resolver/a:1", "a:1,b"} {
		if _, err := LoadConfig([]string{"-upstream", bad}, nil); err == nil {
			t.Errorf("-upstream %q accepted", bad)
		}
	}
	cfg, err := LoadConfig([]string{"-metrics-listen", "off", "-otlp-endpoint", "http://collector:4318"}, nil)
	if err != nil || cfg.MetricsListen != "off" || cfg.OTLPEndpoint != "http://collector:4318" {
		t.Errorf("metrics and otlp settings: %+v %v", cfg, err)
	}
	if _, err := LoadConfig([]string{"-otlp-endpoint", "collector:4318"}, nil); err == nil {
		t.Error("an OTLP endpoint without a scheme was accepted")
	}
}
