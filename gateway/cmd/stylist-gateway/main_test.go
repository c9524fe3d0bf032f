package main

import (
	"context"
	"net"
	"net/http"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
	"google.golang.org/grpc/health/grpc_health_v1"

	"github.com/stylist/stylist/gateway/internal/gateway"
)

// freeAddr is a loopback address that was free a moment ago.
func freeAddr(t *testing.T) string {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer lis.Close()
	return lis.Addr().String()
}

// TestRunServesUntilCancelled starts the real entry point against a gRPC
// health server, waits for /healthz to answer 200, then cancels the context
// as SIGTERM would and expects a clean return.
func TestRunServesUntilCancelled(t *testing.T) {
	upstreamLis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	upstream := grpc.NewServer()
	grpc_health_v1.RegisterHealthServer(upstream, health.NewServer()) // SERVING by default
	go func() { _ = upstream.Serve(upstreamLis) }()
	defer upstream.Stop()

	cfg := gateway.DefaultConfig()
	cfg.Listen = freeAddr(t)
	cfg.Upstream = upstreamLis.Addr().String()
	cfg.ShutdownTimeout = 2 * time.Second

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, cfg) }()

	healthy := false
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		resp, err := http.Get("http://" + cfg.Listen + "/healthz")
		if err != nil {
			continue
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			healthy = true
			break
		}
	}
	if !healthy {
		cancel()
		t.Fatalf("/healthz never answered 200 (run returned: %v)", <-done)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run returned %v after cancel, want nil", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("run did not return after cancel")
	}
	if _, err := http.Get("http://" + cfg.Listen + "/healthz"); err == nil {
		t.Error("gateway still answering after shutdown")
	}
}

func TestRunFailsOnBusyPort(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	cfg := gateway.DefaultConfig()
	cfg.Listen = busy.Addr().String()
	if err := run(context.Background(), cfg); err == nil {
		t.Fatal("run succeeded on a port already in use")
	}
}
