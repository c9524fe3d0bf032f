package gateway

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"net/url"
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
	// Upstream is the Stylist gRPC server (plaintext): host:port or
	// unix:/path, a comma-separated list of replicas, or dns:///host:port.
	Upstream string
	// OTLPEndpoint is where spans are exported (OTLP over HTTP, e.g.
	// http://collector:4318); empty: none are.
	OTLPEndpoint string
	// MetricsListen is the admin address of /metrics (Prometheus), never
	// the public port; "off" serves none.
	MetricsListen string
	// PhotoRedirects answers photo GETs with a redirect to a presigned
	// object-store URL, where the server hands them out.
	PhotoRedirects bool
	// MaxBodyBytes caps an HTTP request body (the photo uploads'); the
	// JSON routes also stop at jsonBodyLimit.
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
	// MaxMessageBytes caps one gRPC, gRPC-Web or Connect request message,
	// like the server's STYLIST_MAX_RECEIVE_MESSAGE_SIZE.
	MaxMessageBytes int64
	// TLSCertFile and TLSKeyFile, both or neither, make the port speak TLS
	// (ALPN h2 and http/1.1) instead of plaintext HTTP/1.1 and h2c.
	TLSCertFile string
	TLSKeyFile  string
	// MaxConcurrentStreams bounds the HTTP/2 streams open at once on one
	// connection; a stream over it is refused, the connection stays.
	MaxConcurrentStreams int
	// MaxHeaderBytes bounds a request's header block (HTTP/1.1 and HTTP/2).
	MaxHeaderBytes int64
	// MaxConnsPerAddress bounds the open connections from one TCP peer
	// address (0: no limit).
	MaxConnsPerAddress int
	// ReadHeaderTimeout bounds how long a client may take to send a
	// request's headers; IdleTimeout closes a connection with no request.
	ReadHeaderTimeout time.Duration
	IdleTimeout       time.Duration
	// KeepaliveTime is how long an HTTP/2 connection may be silent before
	// the edge pings it; KeepaliveTimeout how long the ping may go
	// unanswered before the connection is closed.
	KeepaliveTime    time.Duration
	KeepaliveTimeout time.Duration
	// KeepaliveMinInterval is the shortest interval between a native gRPC
	// client's pings the edge tolerates: a client that pings more often
	// (three strikes) is sent GOAWAY "too_many_pings" and closed.
	KeepaliveMinInterval time.Duration
	// TrustedProxies are the peers (addresses or CIDR prefixes, e.g. a load
	// balancer) whose X-Forwarded-For names the client; nobody by default.
	TrustedProxies []netip.Prefix
	// CORSOrigins are the browser origins allowed to call the edge
	// (gRPC-Web, Connect and REST); none by default.
	CORSOrigins []string
	// WSOrigins are the other origins (host patterns such as
	// "app.example.com" or "*.example.com") whose pages may open /ws/chat;
	// the gateway's own origin always may.
	WSOrigins []string
}

// DefaultConfig is the configuration with nothing set.
func DefaultConfig() Config {
	return Config{
		Listen:   "0.0.0.0:8080",
		Upstream: "127.0.0.1:50051",
		// Loopback: an operator's Prometheus reaches it on the host or
		// through the pod's network, never a client.
		MetricsListen: "127.0.0.1:9092",
		// The photo upload routes stream bodies of up to the server's
		// 15 MiB photo limit plus the multipart framing; the JSON routes
		// are held to what fits the server's message limit (jsonBodyLimit).
		MaxBodyBytes:         16 << 20,
		MaxMessageBytes:      8 << 20,
		MaxConcurrentStreams: 100,
		MaxHeaderBytes:       64 << 10,
		MaxConnsPerAddress:   256,
		ReadHeaderTimeout:    10 * time.Second,
		IdleTimeout:          120 * time.Second,
		KeepaliveTime:        60 * time.Second,
		KeepaliveTimeout:     20 * time.Second,
		KeepaliveMinInterval: 10 * time.Second,
		RequestTimeout:       120 * time.Second,
		HealthTimeout:        2 * time.Second,
		ShutdownTimeout:      15 * time.Second,
		LogLevel:             slog.LevelInfo,
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
		usage: "the private Stylist gRPC server: host:port or unix:/path; several replicas as a comma-separated list of those, or dns:///host:port (every address of the name); calls go round robin over the serving ones",
		get:   func(c *Config) string { return c.Upstream },
		set: func(c *Config, v string) error {
			entries := splitList(v)
			if len(entries) == 0 {
				return errors.New("want host:port, unix:/path, a list of them, or dns:///host:port")
			}
			for _, entry := range entries {
				if strings.HasPrefix(entry, "dns:") {
					if len(entries) > 1 || !strings.HasPrefix(entry, "dns:///") {
						return errors.New("dns:///host:port stands alone")
					}
					var hostPort string
					if err := setAddress(&hostPort, strings.TrimPrefix(entry, "dns:///")); err != nil {
						return err
					}
					continue
				}
				if path, ok := strings.CutPrefix(entry, "unix:"); ok {
					if !strings.HasPrefix(strings.TrimPrefix(path, "//"), "/") {
						return errors.New("want unix:/absolute/path")
					}
					continue
				}
				var hostPort string
				if err := setAddress(&hostPort, entry); err != nil {
					return fmt.Errorf("%s: %w", entry, err)
				}
			}
			c.Upstream = strings.Join(entries, ",")
			return nil
		},
	},
	{
		flag:  "metrics-listen",
		usage: "admin address of /metrics (Prometheus), host:port, never the public port; off: none",
		get:   func(c *Config) string { return c.MetricsListen },
		set: func(c *Config, v string) error {
			if v == "off" {
				c.MetricsListen = v
				return nil
			}
			return setAddress(&c.MetricsListen, v)
		},
	},
	{
		flag:  "otlp-endpoint",
		usage: "OpenTelemetry collector to export the edge's spans to, OTLP over HTTP: its base URL, e.g. http://collector:4318 (/v1/traces is added), or the full traces URL (default none: trace ids are still made and passed on)",
		get:   func(c *Config) string { return c.OTLPEndpoint },
		set: func(c *Config, v string) error {
			u, err := url.Parse(v)
			if v != "" && (err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "") {
				return errors.New("want http://host:port or https://host:port")
			}
			c.OTLPEndpoint = v
			return nil
		},
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
		flag:  "max-message-bytes",
		usage: "largest gRPC/gRPC-Web/Connect request message, bytes or with a KiB/MiB suffix",
		get:   func(c *Config) string { return strconv.FormatInt(c.MaxMessageBytes, 10) },
		set:   func(c *Config, v string) error { return setByteSize(&c.MaxMessageBytes, v) },
	},
	{
		flag:  "tls-cert",
		usage: "PEM certificate chain file; with -tls-key the port speaks TLS (default plaintext HTTP/1.1 and h2c)",
		get:   func(c *Config) string { return c.TLSCertFile },
		set:   func(c *Config, v string) error { c.TLSCertFile = v; return nil },
	},
	{
		flag:  "tls-key",
		usage: "PEM private key file of -tls-cert",
		get:   func(c *Config) string { return c.TLSKeyFile },
		set:   func(c *Config, v string) error { c.TLSKeyFile = v; return nil },
	},
	{
		flag:  "max-concurrent-streams",
		usage: "HTTP/2 streams open at once per connection; one over it is refused, not the connection",
		get:   func(c *Config) string { return strconv.Itoa(c.MaxConcurrentStreams) },
		set:   func(c *Config, v string) error { return setInt(&c.MaxConcurrentStreams, v, 1, 10000) },
	},
	{
		flag:  "max-header-bytes",
		usage: "largest request header block, bytes or with a KiB suffix",
		get:   func(c *Config) string { return strconv.FormatInt(c.MaxHeaderBytes, 10) },
		set: func(c *Config, v string) error {
			if err := setByteSize(&c.MaxHeaderBytes, v); err != nil {
				return err
			}
			if c.MaxHeaderBytes < 4<<10 || c.MaxHeaderBytes > 1<<20 {
				return errors.New("must be between 4KiB and 1MiB")
			}
			return nil
		},
	},
	{
		flag:  "max-conns-per-address",
		usage: "open connections from one client address (0: no limit; count is per TCP peer)",
		get:   func(c *Config) string { return strconv.Itoa(c.MaxConnsPerAddress) },
		set:   func(c *Config, v string) error { return setInt(&c.MaxConnsPerAddress, v, 0, 1000000) },
	},
	{
		flag:  "read-header-timeout",
		usage: "time a client has to send a request's headers, e.g. 10s",
		get:   func(c *Config) string { return c.ReadHeaderTimeout.String() },
		set:   func(c *Config, v string) error { return setDuration(&c.ReadHeaderTimeout, v) },
	},
	{
		flag:  "idle-timeout",
		usage: "close a connection with no request for this long, e.g. 120s",
		get:   func(c *Config) string { return c.IdleTimeout.String() },
		set:   func(c *Config, v string) error { return setDuration(&c.IdleTimeout, v) },
	},
	{
		flag:  "keepalive-time",
		usage: "ping an HTTP/2 connection silent for this long, e.g. 60s",
		get:   func(c *Config) string { return c.KeepaliveTime.String() },
		set:   func(c *Config, v string) error { return setDuration(&c.KeepaliveTime, v) },
	},
	{
		flag:  "keepalive-timeout",
		usage: "close the connection when that ping is not answered within this, e.g. 20s",
		get:   func(c *Config) string { return c.KeepaliveTimeout.String() },
		set:   func(c *Config, v string) error { return setDuration(&c.KeepaliveTimeout, v) },
	},
	{
		flag:  "keepalive-min-interval",
		usage: "the shortest interval between a gRPC client's pings; one that pings more often is closed (GOAWAY too_many_pings), e.g. 10s",
		get:   func(c *Config) string { return c.KeepaliveMinInterval.String() },
		set:   func(c *Config, v string) error { return setDuration(&c.KeepaliveMinInterval, v) },
	},
	{
		flag:  "trusted-proxies",
		usage: "comma-separated addresses or CIDR prefixes of load balancers whose X-Forwarded-For names the client (default none)",
		get: func(c *Config) string {
			parts := make([]string, len(c.TrustedProxies))
			for i, p := range c.TrustedProxies {
				parts[i] = p.String()
			}
			return strings.Join(parts, ",")
		},
		set: func(c *Config, v string) error {
			c.TrustedProxies = nil
			for _, item := range splitList(v) {
				prefix, err := parsePrefix(item)
				if err != nil {
					return err
				}
				c.TrustedProxies = append(c.TrustedProxies, prefix)
			}
			return nil
		},
	},
	{
		flag:  "cors-origins",
		usage: "comma-separated browser origins allowed to call the edge, e.g. https://app.example.com or https://*.example.com (default none)",
		get:   func(c *Config) string { return strings.Join(c.CORSOrigins, ",") },
		set: func(c *Config, v string) error {
			c.CORSOrigins = nil
			for _, origin := range splitList(v) {
				if origin == "*" {
					return errors.New(`"*" would let every site call the API; list the origins`)
				}
				if !strings.HasPrefix(origin, "https://") && !strings.HasPrefix(origin, "http://") {
					return fmt.Errorf("origin %q: want scheme://host[:port]", origin)
				}
				c.CORSOrigins = append(c.CORSOrigins, origin)
			}
			return nil
		},
	},
	{
		flag:  "ws-origins",
		usage: "comma-separated host patterns of other origins allowed to open /ws/chat (default none)",
		get:   func(c *Config) string { return strings.Join(c.WSOrigins, ",") },
		set:   func(c *Config, v string) error { c.WSOrigins = splitList(v); return nil },
	},
	{
		flag:  "photo-redirects",
		usage: "answer a photo GET with a redirect (307) to the object store's short-lived URL when the server hands them out (S3 storage with STYLIST_S3_PHOTO_URL_TTL): true or false",
		get:   func(c *Config) string { return strconv.FormatBool(c.PhotoRedirects) },
		set: func(c *Config, v string) error {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return errors.New("want true or false")
			}
			c.PhotoRedirects = b
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
	if (cfg.TLSCertFile == "") != (cfg.TLSKeyFile == "") {
		return Config{}, errors.New("tls-cert and tls-key go together: set both or neither")
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

func setInt(dst *int, v string, lo, hi int) error {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		return errors.New("want a whole number")
	}
	if n < lo || n > hi {
		return fmt.Errorf("must be between %d and %d", lo, hi)
	}
	*dst = n
	return nil
}

func splitList(v string) []string {
	var out []string
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// parsePrefix reads an address (a prefix of one) or a CIDR prefix.
func parsePrefix(v string) (netip.Prefix, error) {
	if strings.Contains(v, "/") {
		p, err := netip.ParsePrefix(v)
		if err != nil {
			return netip.Prefix{}, fmt.Errorf("%q: want an address or CIDR prefix", v)
		}
		return p.Masked(), nil
	}
	a, err := netip.ParseAddr(v)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("%q: want an address or CIDR prefix", v)
	}
	a = a.Unmap()
	return netip.PrefixFrom(a, a.BitLen()), nil
}

// jsonBodyLimit is the largest JSON body the REST routes read: the message
// limit plus the third that base64 adds to bytes fields and a margin for
// the JSON syntax, so a body the server would refuse anyway is refused
// here (413) before it is buffered whole.
func (c Config) jsonBodyLimit() int64 {
	return min(c.MaxBodyBytes, c.MaxMessageBytes/3*4+64<<10)
}
