package gateway

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/net/dns/dnsmessage"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/health"
	"google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"

	stylistv1 "github.com/stylist/stylist/clients/go/stylist/v1"
)

// replica is one fake server replica with the health service: GetProfile
// (idempotent: retried after UNAVAILABLE) answers UNAVAILABLE as many times
// as failProfile says, then a profile; Login (a write) always UNAVAILABLE.
type replica struct {
	stylistv1.UnimplementedUserServiceServer

	srv         *grpc.Server
	health      *health.Server
	failProfile atomic.Int32
	profiles    atomic.Int32 // GetProfile calls answered, failed or not
	logins      atomic.Int32
}

func serveReplica(t *testing.T, lis net.Listener) *replica {
	t.Helper()
	r := &replica{srv: grpc.NewServer(), health: health.NewServer()}
	grpc_health_v1.RegisterHealthServer(r.srv, r.health)
	stylistv1.RegisterUserServiceServer(r.srv, r)
	go func() { _ = r.srv.Serve(lis) }()
	t.Cleanup(r.srv.Stop)
	return r
}

func (r *replica) GetProfile(context.Context, *stylistv1.GetProfileRequest) (*stylistv1.GetProfileResponse, error) {
	r.profiles.Add(1)
	if r.failProfile.Add(-1) >= 0 {
		return nil, status.Error(codes.Unavailable, "replica going away")
	}
	return &stylistv1.GetProfileResponse{Profile: &stylistv1.Profile{UserId: "u-1"}}, nil
}

func (r *replica) Login(context.Context, *stylistv1.LoginRequest) (*stylistv1.LoginResponse, error) {
	r.logins.Add(1)
	return nil, status.Error(codes.Unavailable, "replica going away")
}

// attempts is the edge's count of upstream tries of service (0 where the
// series is not exposed yet).
func attempts(body, service, attempt string) float64 {
	n := sample(body, `stylist_edge_upstream_attempts_total{attempt="`+attempt+`",service="`+service+`"}`)
	return max(n, 0)
}

func TestEdgeCountsUpstreamRetries(t *testing.T) {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	up := serveReplica(t, lis)
	e := serveEdge(t, testConfig(lis.Addr().String()), nil, nil)
	const users = "stylist.v1.UserService"
	want := func(step string, first, retry float64) {
		t.Helper()
		body := e.scrape(t)
		if got := attempts(body, users, attemptFirst); got != first {
			t.Errorf("%s: first tries %v, want %v", step, got, first)
		}
		if got := attempts(body, users, attemptRetry); got != retry {
			t.Errorf("%s: retries %v, want %v", step, got, retry)
		}
	}

	// The edge's own connection, with the real service config: GetProfile
	// fails twice and is retried twice.
	client := stylistv1.NewUserServiceClient(e.edge.conn)
	up.failProfile.Store(2)
	if _, err := client.GetProfile(context.Background(), &stylistv1.GetProfileRequest{}); err != nil {
		t.Fatalf("GetProfile: %v", err)
	}
	if n := up.profiles.Load(); n != 3 {
		t.Fatalf("the replica saw %d tries, want 3", n)
	}
	want("GetProfile failing twice", 1, 2)

	// A call that succeeds at once counts one first try.
	if _, err := client.GetProfile(context.Background(), &stylistv1.GetProfileRequest{}); err != nil {
		t.Fatalf("GetProfile: %v", err)
	}
	want("GetProfile", 2, 2)

	// A write is not retried after UNAVAILABLE: the server may have done it.
	if _, err := client.Login(context.Background(), &stylistv1.LoginRequest{}); status.Code(err) != codes.Unavailable {
		t.Fatalf("Login: %v, want UNAVAILABLE", err)
	}
	if n := up.logins.Load(); n != 1 {
		t.Fatalf("Login tried %d times, want once", n)
	}
	want("Login", 3, 2)

	// Unless it carries an Idempotency-Key: retryKeyedWrites tries it
	// retryAttempts times in all, and each try after the first counts.
	keyed := metadata.AppendToOutgoingContext(context.Background(), idempotencyKeyMetadata, "k-1")
	if _, err := client.Login(keyed, &stylistv1.LoginRequest{}); status.Code(err) != codes.Unavailable {
		t.Fatalf("keyed Login: %v, want UNAVAILABLE", err)
	}
	if n := up.logins.Load(); n != 1+retryAttempts {
		t.Fatalf("keyed Login tried %d times, want %d", n-1, retryAttempts)
	}
	want("keyed Login", 4, 2+retryAttempts-1)

	// Through the edge's front: REST and native gRPC (the proxy's frames).
	up.failProfile.Store(1)
	if resp, body := call(t, "GET", e.url+"/v1/users/me/profile", "", nil); resp.StatusCode != http.StatusOK {
		t.Fatalf("REST GetProfile: %d %s", resp.StatusCode, body)
	}
	want("REST GetProfile failing once", 5, 2+retryAttempts)
	up.failProfile.Store(1)
	if _, err := stylistv1.NewUserServiceClient(e.dial(t)).GetProfile(context.Background(), &stylistv1.GetProfileRequest{}); err != nil {
		t.Fatalf("native GetProfile: %v", err)
	}
	want("native GetProfile failing once", 6, 3+retryAttempts)

	// A method of no known service is "other", never its name.
	if err := e.edge.conn.Invoke(context.Background(), "/made.Up/Method", &emptypb.Empty{}, &emptypb.Empty{}); status.Code(err) != codes.Unimplemented {
		t.Fatalf("/made.Up/Method: %v", err)
	}
	body := e.scrape(t)
	if got := attempts(body, "other", attemptFirst); got != 1 {
		t.Errorf("other: %v first tries, want 1", got)
	}
	if strings.Contains(body, "made.Up") {
		t.Error("a method's own name became a label")
	}
}

// listenOnSamePort listens on host:port for each host with one port
// free on all of them (a DNS name's addresses share the target's port).
// It returns nil where some host cannot be listened on.
func listenOnSamePort(t *testing.T, hosts []string) []net.Listener {
	t.Helper()
	for try := 0; try < 20; try++ {
		first, err := net.Listen("tcp", net.JoinHostPort(hosts[0], "0"))
		if err != nil {
			return nil
		}
		_, port, _ := net.SplitHostPort(first.Addr().String())
		listeners := []net.Listener{first}
		for _, host := range hosts[1:] {
			lis, err := net.Listen("tcp", net.JoinHostPort(host, port))
			if err != nil {
				break
			}
			listeners = append(listeners, lis)
		}
		if len(listeners) == len(hosts) {
			return listeners
		}
		for _, lis := range listeners {
			_ = lis.Close()
		}
	}
	return nil
}

// getProfile is one REST call through the edge; it returns the status.
func getProfile(t *testing.T, e *edgeFixture) int {
	t.Helper()
	resp, _ := call(t, "GET", e.url+"/v1/users/me/profile", "", nil)
	return resp.StatusCode
}

// eventually calls check every few milliseconds until it is true.
func eventually(t *testing.T, what string, check func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !check() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out: %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// dnsEdge serves an edge whose -upstream is target (dns:///...), as
// LoadConfig takes it.
func dnsEdge(t *testing.T, target string) *edgeFixture {
	t.Helper()
	loaded, err := LoadConfig([]string{"-upstream", target}, nil)
	if err != nil || loaded.Upstream != target {
		t.Fatalf("-upstream %s: %q %v", target, loaded.Upstream, err)
	}
	return serveEdge(t, testConfig(loaded.Upstream), nil, nil)
}

// TestUpstreamDNSLocalhost: dns:///localhost:PORT reaches the replicas on
// each address localhost resolves to, and the balancer's health checking
// holds calls off them while they say NOT_SERVING.
func TestUpstreamDNSLocalhost(t *testing.T) {
	hosts, err := net.DefaultResolver.LookupHost(context.Background(), "localhost")
	if err != nil || len(hosts) == 0 {
		t.Skipf("localhost does not resolve: %v", err)
	}
	listeners := listenOnSamePort(t, hosts)
	if listeners == nil {
		t.Skipf("cannot listen on one port on all of %v", hosts)
	}
	var replicas []*replica
	for _, lis := range listeners {
		replicas = append(replicas, serveReplica(t, lis))
	}
	_, port, _ := net.SplitHostPort(listeners[0].Addr().String())
	t.Logf("localhost is %v", hosts)
	e := dnsEdge(t, "dns:///localhost:"+port)

	eventually(t, "every address of localhost is called", func() bool {
		if code := getProfile(t, e); code != http.StatusOK {
			t.Fatalf("GetProfile: %d", code)
		}
		for _, r := range replicas {
			if r.profiles.Load() == 0 {
				return false
			}
		}
		return true
	})

	for _, r := range replicas {
		r.health.SetServingStatus("", grpc_health_v1.HealthCheckResponse_NOT_SERVING)
	}
	eventually(t, "no replica serving: 503", func() bool { return getProfile(t, e) == http.StatusServiceUnavailable })
	for _, r := range replicas {
		r.health.SetServingStatus("", grpc_health_v1.HealthCheckResponse_SERVING)
	}
	eventually(t, "serving again: 200", func() bool { return getProfile(t, e) == http.StatusOK })
}

// serveDNS answers A and AAAA queries for name (a fully qualified name,
// with the final dot) with addrs, over UDP on a loopback port; any other
// name is NXDOMAIN (the gRPC resolver's TXT query for a service config
// among them). It returns the server's address.
func serveDNS(t *testing.T, name string, addrs []netip.Addr) string {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = pc.Close() })
	go func() {
		buf := make([]byte, 1500)
		for {
			n, from, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			if answer, err := dnsAnswer(buf[:n], name, addrs); err == nil {
				_, _ = pc.WriteTo(answer, from)
			}
		}
	}()
	return pc.LocalAddr().String()
}

func dnsAnswer(query []byte, name string, addrs []netip.Addr) ([]byte, error) {
	var p dnsmessage.Parser
	h, err := p.Start(query)
	if err != nil {
		return nil, err
	}
	q, err := p.Question()
	if err != nil {
		return nil, err
	}
	header := dnsmessage.Header{ID: h.ID, Response: true, Authoritative: true,
		RecursionDesired: h.RecursionDesired, RecursionAvailable: true}
	known := strings.EqualFold(q.Name.String(), name)
	if !known {
		header.RCode = dnsmessage.RCodeNameError
	}
	b := dnsmessage.NewBuilder(nil, header)
	if err := b.StartQuestions(); err != nil {
		return nil, err
	}
	if err := b.Question(q); err != nil {
		return nil, err
	}
	if err := b.StartAnswers(); err != nil {
		return nil, err
	}
	for _, a := range addrs {
		rh := dnsmessage.ResourceHeader{Name: q.Name, Class: dnsmessage.ClassINET, TTL: 1}
		switch {
		case !known:
		case q.Type == dnsmessage.TypeA && a.Is4():
			err = b.AResource(rh, dnsmessage.AResource{A: a.As4()})
		case q.Type == dnsmessage.TypeAAAA && a.Is6():
			err = b.AAAAResource(rh, dnsmessage.AAAAResource{AAAA: a.As16()})
		}
		if err != nil {
			return nil, err
		}
	}
	return b.Finish()
}

// TestUpstreamDNSNameOfSeveralReplicas: a name with two addresses (from a
// fake DNS server the process's resolver asks while the test runs) is two
// replicas: calls go round robin over both, none to one whose health
// service says NOT_SERVING, and all to the other once one stops.
func TestUpstreamDNSNameOfSeveralReplicas(t *testing.T) {
	var listeners []net.Listener
	for _, second := range []string{"::1", "127.0.0.2"} {
		if listeners = listenOnSamePort(t, []string{"127.0.0.1", second}); listeners != nil {
			break
		}
	}
	if listeners == nil {
		t.Skip("no second loopback address (::1, 127.0.0.2) to listen on")
	}
	a, b := serveReplica(t, listeners[0]), serveReplica(t, listeners[1])
	var addrs []netip.Addr
	for _, lis := range listeners {
		addrs = append(addrs, lis.Addr().(*net.TCPAddr).AddrPort().Addr().Unmap())
	}
	const name = "replicas.stylist.test"
	dnsAddr := serveDNS(t, name+".", addrs)
	// gRPC's dns resolver asks net.DefaultResolver; the pure Go one reads
	// /etc/hosts and then asks the fake server. Restored once the edge is
	// closed (cleanups run last first).
	resolver := net.DefaultResolver
	preferGo, dial := resolver.PreferGo, resolver.Dial
	resolver.PreferGo = true
	resolver.Dial = func(ctx context.Context, _, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "udp", dnsAddr)
	}
	t.Cleanup(func() { resolver.PreferGo, resolver.Dial = preferGo, dial })
	if got, err := resolver.LookupHost(context.Background(), name); err != nil || len(got) != 2 {
		t.Fatalf("%s resolves to %v, %v; want %v", name, got, err, addrs)
	}
	_, port, _ := net.SplitHostPort(listeners[0].Addr().String())
	e := dnsEdge(t, "dns:///"+name+":"+port)
	t.Logf("%s is %v", name, addrs)

	calls := func(n int) {
		t.Helper()
		for i := 0; i < n; i++ {
			if code := getProfile(t, e); code != http.StatusOK {
				t.Fatalf("GetProfile: %d", code)
			}
		}
	}
	eventually(t, "both replicas called", func() bool {
		calls(1)
		return a.profiles.Load() > 0 && b.profiles.Load() > 0
	})

	// A says NOT_SERVING (draining): once the health watch has seen it,
	// every call goes to B.
	a.health.SetServingStatus("", grpc_health_v1.HealthCheckResponse_NOT_SERVING)
	eventually(t, "A gets no calls", func() bool {
		before := a.profiles.Load()
		calls(6)
		return a.profiles.Load() == before
	})
	before := b.profiles.Load()
	calls(10)
	if got := b.profiles.Load() - before; got != 10 {
		t.Errorf("B answered %d of 10 calls while A was not serving", got)
	}

	// A serves again and gets calls again.
	a.health.SetServingStatus("", grpc_health_v1.HealthCheckResponse_SERVING)
	before = a.profiles.Load()
	eventually(t, "A called again", func() bool {
		calls(1)
		return a.profiles.Load() > before
	})

	// B goes away: A answers every call, none fails.
	b.srv.Stop()
	before = a.profiles.Load()
	calls(20)
	if got := a.profiles.Load() - before; got != 20 {
		t.Errorf("A answered %d of 20 calls after B stopped", got)
	}
}
