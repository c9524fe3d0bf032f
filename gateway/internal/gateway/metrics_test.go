package gateway

import (
	"context"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"

	stylistv1 "github.com/stylist/stylist/clients/go/stylist/v1"
)

// scrape reads the edge's /metrics from its admin listener.
func (e *edgeFixture) scrape(t *testing.T) string {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for e.edge.metricsAddr.Load() == nil {
		if time.Now().After(deadline) {
			t.Fatal("the edge did not serve /metrics")
		}
		time.Sleep(10 * time.Millisecond)
	}
	addr := *e.edge.metricsAddr.Load()
	if addr == e.addr {
		t.Fatal("/metrics is on the public port")
	}
	resp, body := call(t, "GET", "http://"+addr+"/metrics", "", nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /metrics: %d", resp.StatusCode)
	}
	return string(body)
}

// sample is the value of one series (name and labels as exposed), or -1.
func sample(exposition, series string) float64 {
	_, rest, found := strings.Cut(exposition, "\n"+series+" ")
	if !found {
		return -1
	}
	value, _, _ := strings.Cut(rest, "\n")
	f, err := strconv.ParseFloat(value, 64)
	if err != nil {
		return -1
	}
	return f
}

func requests(protocol, route, code string) string {
	return `stylist_edge_request_duration_seconds_count{code="` + code + `",protocol="` + protocol + `",route="` +
		route + `"}`
}

func TestEdgeMetricsCountEveryProtocolByRouteAndCode(t *testing.T) {
	e := startEdge(t, nil)
	conn := e.dial(t)
	if _, err := stylistv1.NewUserServiceClient(conn).GetProfile(context.Background(), &stylistv1.GetProfileRequest{}); err != nil {
		t.Fatalf("GetProfile: %v", err)
	}
	// A method nobody serves: one series for every such name.
	for _, name := range []string{"/made.Up/One", "/made.Up/Two"} {
		err := conn.Invoke(context.Background(), name, &emptypb.Empty{}, &emptypb.Empty{})
		if status.Code(err) != codes.Unimplemented {
			t.Fatalf("%s: %v", name, err)
		}
	}
	call(t, "GET", e.url+"/v1/users/me/profile", "", nil)
	call(t, "POST", e.url+"/stylist.v1.UserService/GetProfile", "{}", map[string]string{"Content-Type": "application/json"})
	health, _ := call(t, "GET", e.url+"/healthz", "", nil) // 503: the fake upstream has no health service
	call(t, "GET", e.url+"/no/such/route", "", nil)
	call(t, "GET", e.url+"/and/another", "", nil)

	body := e.scrape(t)
	for series, want := range map[string]float64{
		requests(protocolGRPC, "/stylist.v1.UserService/GetProfile", "OK"):      1,
		requests(protocolGRPC, routeUnknownMethod, "UNIMPLEMENTED"):             2,
		requests(protocolHTTP, "GET /v1/users/me/profile", "200"):               1,
		requests(protocolConnect, "/stylist.v1.UserService/GetProfile", "200"):  1,
		requests(protocolHTTP, "GET /healthz", strconv.Itoa(health.StatusCode)): 1,
		requests(protocolHTTP, routeUnmatched, "404"):                           2,
	} {
		if got := sample(body, series); got != want {
			t.Errorf("%s = %v, want %v", series, got, want)
		}
	}
	if strings.Contains(body, "made.Up") || strings.Contains(body, "/no/such") {
		t.Error("a client-made name became a label")
	}
	for _, series := range []string{"process_resident_memory_bytes", "go_goroutines"} {
		if sample(body, series) <= 0 {
			t.Errorf("no %s", series)
		}
	}
}

func TestEdgeMetricsCountRefusedConnections(t *testing.T) {
	e := startEdge(t, func(c *Config) { c.MaxConnsPerAddress = 1 })
	held, err := net.Dial("tcp", e.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	const series = `stylist_edge_connections_refused_total{reason="per_address"}`
	deadline := time.Now().Add(5 * time.Second)
	for {
		refused, err := net.Dial("tcp", e.addr)
		if err != nil {
			t.Fatal(err)
		}
		_ = refused.SetReadDeadline(time.Now().Add(2 * time.Second))
		_, readErr := refused.Read(make([]byte, 1))
		_ = refused.Close()
		if readErr == nil {
			t.Fatal("a second connection was served")
		}
		if sample(e.scrape(t), series) >= 1 || time.Now().After(deadline) {
			break
		}
	}
	if got := sample(e.scrape(t), series); got < 1 {
		t.Errorf("%s = %v, want at least 1", series, got)
	}
}
