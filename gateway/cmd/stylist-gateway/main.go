// Command stylist-gateway serves the Stylist gRPC API as JSON over HTTP.
// See `stylist-gateway -h` for its settings.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"runtime"
	"syscall"

	"github.com/stylist/stylist/gateway/internal/gateway"
)

func main() {
	tuneRuntime()
	cfg, err := gateway.LoadConfig(os.Args[1:], os.Environ())
	if errors.Is(err, flag.ErrHelp) {
		gateway.Usage(os.Stdout)
		return
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "stylist-gateway: %v\n", err)
		gateway.Usage(os.Stderr)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, cfg); err != nil {
		fmt.Fprintf(os.Stderr, "stylist-gateway: %v\n", err)
		os.Exit(1)
	}
}

// run serves until ctx is cancelled (SIGINT/SIGTERM in main) and returns nil
// after a clean shutdown.
func run(ctx context.Context, cfg gateway.Config) error {
	logger := slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: cfg.LogLevel}))
	srv, err := gateway.New(cfg, logger)
	if err != nil {
		return err
	}
	defer srv.Close()
	lis, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Listen, err)
	}
	logger.Info("serving", slog.String("listen", lis.Addr().String()), slog.String("upstream", cfg.Upstream),
		slog.Int("gomaxprocs", runtime.GOMAXPROCS(0)))
	return srv.Serve(ctx, lis)
}
