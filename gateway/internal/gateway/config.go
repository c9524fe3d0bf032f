package gateway

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"time"
)

// EnvPrefix starts the name of every environment variable the gateway reads.
// An unknown variable with this prefix is an error, so a misspelt setting
// fails at start instead of being silently ignored.
const EnvPrefix = "STYLIST_GATEWAY_"

// Config is everything the gateway can be told at start.
type Config struct {
	// Listen is the HTTP address, host:port.
	Listen string
	// Upstream is the Stylist gRPC server, host:port (plaintext).
	Upstream string
	// MaxBodyBytes caps an HTTP request body.
	MaxBodyBytes int64
	// RequestTimeout is the deadline of every upstream call, streams
	// included, unless the client asks for less with Grpc-Timeout.
	RequestTimeout time.Duration
	// HealthTimeout is the deadline of the upstream check behind /healthz.
	HealthTimeout time.Duration
	// ShutdownTimeout bounds how long in-flight requests may finish after
	// SIGINT/SIGTERM.
	ShutdownTimeout time.Duration
	// LogLevel is debug, info, warn or error.
	LogLevel slog.Level
	// WSOrigins are the other origins (host patterns such as
	// "app.example.com" or "*.example.com") whose pages may open /ws/chat;
	// the gateway's own origin always may.
	WSOrigins []string
}

// DefaultConfig is the configuration with nothing set.
func DefaultConfig() Config {
	return Config{
		Listen:          "0.0.0.0:8080",
		Upstream:        "127.0.0.1:50051",
		MaxBodyBytes:    16 << 20,
		RequestTimeout:  120 * time.Second,
		HealthTimeout:   2 * time.Second,
		ShutdownTimeout: 15 * time.Second,
		LogLevel:        slog.LevelInfo,
	}
}

// setting is one configuration knob, reachable as a flag and as an
// environment variable.
type setting struct {
	flag  string
	usage string
	get   func(c *Config) string
	set   func(c *Config, value string) error
}

func (s setting) env() string {
	return EnvPrefix + strings.ToUpper(strings.ReplaceAll(s.flag, "-", "_"))
}

var settings = []setting{
	{
		flag:  "listen",
		usage: "HTTP listen address, host:port",
		get:   func(c *Config) string { return c.Listen },
		set:   func(c *Config, v string) error { return setAddress(&c.Listen, v) },
	},
	{
		flag:  "upstream",
		usage: "Stylist gRPC server address, host:port",
		get:   func(c *Config) string { return c.Upstream },
		set:   func(c *Config, v string) error { return setAddress(&c.Upstream, v) },
	},
	{
		flag:  "max-body-bytes",
		usage: "largest accepted request body, bytes or with a KiB/MiB/GiB suffix",
		get:   func(c *Config) string { return strconv.FormatInt(c.MaxBodyBytes, 10) },
		set:   func(c *Config, v string) error { return setByteSize(&c.MaxBodyBytes, v) },
	},
	{
		flag:  "request-timeout",
		usage: "deadline of each upstream call, e.g. 120s",
		get:   func(c *Config) string { return c.RequestTimeout.String() },
		set:   func(c *Config, v string) error { return setDuration(&c.RequestTimeout, v) },
	},
	{
		flag:  "health-timeout",
		usage: "deadline of the upstream health check, e.g. 2s",
		get:   func(c *Config) string { return c.HealthTimeout.String() },
		set:   func(c *Config, v string) error { return setDuration(&c.HealthTimeout, v) },
	},
	{
		flag:  "shutdown-timeout",
		usage: "grace period for in-flight requests at shutdown, e.g. 15s",
		get:   func(c *Config) string { return c.ShutdownTimeout.String() },
		set:   func(c *Config, v string) error { return setDuration(&c.ShutdownTimeout, v) },
	},
	{
		flag:  "ws-origins",
		usage: "comma-separated host patterns of other origins allowed to open /ws/chat (default none)",
		get:   func(c *Config) string { return strings.Join(c.WSOrigins, ",") },
		set: func(c *Config, v string) error {
			c.WSOrigins = nil
			for _, p := range strings.Split(v, ",") {
				if p = strings.TrimSpace(p); p != "" {
					c.WSOrigins = append(c.WSOrigins, p)
				}
			}
			return nil
		},
	},
	{
		flag:  "log-level",
		usage: "debug, info, warn or error",
		get:   func(c *Config) string { return strings.ToLower(c.LogLevel.String()) },
		set:   func(c *Config, v string) error { return c.LogLevel.UnmarshalText([]byte(v)) },
	},
}

// LoadConfig builds the configuration from the defaults, then the
// environment (entries "NAME=value", as os.Environ returns them), then the
// command-line flags. Every error names the setting at fault. A -h or -help
// flag returns flag.ErrHelp; Usage describes the settings.
func LoadConfig(args, environ []string) (Config, error) {
	cfg := DefaultConfig()
	byEnv := make(map[string]setting, len(settings))
	for _, s := range settings {
		byEnv[s.env()] = s
	}
	for _, entry := range environ {
		name, value, _ := strings.Cut(entry, "=")
		if !strings.HasPrefix(name, EnvPrefix) {
			continue
		}
		s, ok := byEnv[name]
		if !ok {
			return Config{}, fmt.Errorf("unknown setting %s in the environment", name)
		}
		if err := s.set(&cfg, value); err != nil {
			return Config{}, fmt.Errorf("invalid %s=%q: %w", name, value, err)
		}
	}

	fs := newFlagSet(&cfg)
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		return Config{}, err
	}
	if fs.NArg() > 0 {
		return Config{}, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return cfg, nil
}

// Usage writes the list of settings, with their flags and variables.
func Usage(w io.Writer) {
	fmt.Fprintf(w, "Usage: stylist-gateway [flags]\n\n"+
		"Each flag may also be set with the environment variable shown; flags win.\n\n")
	defaults := DefaultConfig()
	for _, s := range settings {
		fmt.Fprintf(w, "  -%s (%s)\n\t%s (default %s)\n", s.flag, s.env(), s.usage, s.get(&defaults))
	}
}

func newFlagSet(cfg *Config) *flag.FlagSet {
	fs := flag.NewFlagSet("stylist-gateway", flag.ContinueOnError)
	for _, s := range settings {
		fs.Var(settingValue{cfg: cfg, s: s}, s.flag, s.usage)
	}
	return fs
}

// settingValue adapts a setting to flag.Value.
type settingValue struct {
	cfg *Config
	s   setting
}

func (v settingValue) Set(value string) error { return v.s.set(v.cfg, value) }

func (v settingValue) String() string {
	if v.cfg == nil { // the flag package calls String on a zero value
		return ""
	}
	return v.s.get(v.cfg)
}

func setAddress(dst *string, v string) error {
	// An empty host ("":8080) means every interface, which is allowed.
	_, port, err := net.SplitHostPort(v)
	if err != nil {
		return errors.New("want host:port")
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("bad port %q", port)
	}
	*dst = v
	return nil
}

func setDuration(dst *time.Duration, v string) error {
	d, err := time.ParseDuration(v)
	if err != nil {
		return errors.New("want a duration such as 30s or 2m")
	}
	if d <= 0 {
		return errors.New("must be positive")
	}
	*dst = d
	return nil
}

func setByteSize(dst *int64, v string) error {
	multiplier := int64(1)
	number := strings.TrimSpace(v)
	for _, unit := range []struct {
		suffix string
		factor int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}} {
		if strings.HasSuffix(number, unit.suffix) {
			multiplier = unit.factor
			number = strings.TrimSpace(strings.TrimSuffix(number, unit.suffix))
			break
		}
	}
	n, err := strconv.ParseInt(number, 10, 64)
	if err != nil {
		return errors.New("want a whole number of bytes, optionally with KiB, MiB or GiB")
	}
	if n <= 0 {
		return errors.New("must be positive")
	}
	if n > (1<<62)/multiplier {
		return errors.New("too large")
	}
	*dst = n * multiplier
	return nil
}
