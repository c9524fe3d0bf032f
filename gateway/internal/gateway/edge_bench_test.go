package gateway

import (
	"context"
	"sync"
	"testing"

	"google.golang.org/grpc/metadata"

	stylistv1 "github.com/stylist/stylist/clients/go/stylist/v1"
)

// BenchmarkEdgeUnary is GetProfile through the edge to a fake upstream, 32
// calls in flight on one connection, for CPU profiles of the edge's own
// path (go test -bench EdgeUnary -cpuprofile cpu.out). bench/edge.sh has
// the figures against the real server.
func BenchmarkEdgeUnary(b *testing.B) {
	e := startEdgeB(b)
	client := stylistv1.NewUserServiceClient(e.dial(b))
	ctx := metadata.AppendToOutgoingContext(context.Background(), "authorization", "Bearer x")
	b.ResetTimer()
	var wg sync.WaitGroup
	per := b.N/32 + 1
	for w := 0; w < 32; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < per; i++ {
				if _, err := client.GetProfile(ctx, &stylistv1.GetProfileRequest{}); err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
}
