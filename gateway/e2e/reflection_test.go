package e2e

import (
	"context"
	"sort"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	reflectionpb "google.golang.org/grpc/reflection/grpc_reflection_v1alpha"
)

// Internal tools (grpcurl) list and call the services through server
// reflection, on the edge's one public port: every service must be listed,
// the health service included.
func TestServerReflectionListsEveryService(t *testing.T) {
	conn, err := grpc.NewClient(edgeAddr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	stream, err := reflectionpb.NewServerReflectionClient(conn).ServerReflectionInfo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	req := &reflectionpb.ServerReflectionRequest{
		MessageRequest: &reflectionpb.ServerReflectionRequest_ListServices{ListServices: "*"},
	}
	if err := stream.Send(req); err != nil {
		t.Fatal(err)
	}
	resp, err := stream.Recv()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range resp.GetListServicesResponse().GetService() {
		names = append(names, s.GetName())
	}
	sort.Strings(names)
	listed := strings.Join(names, " ")
	for _, want := range []string{
		"grpc.health.v1.Health",
		"stylist.v1.AnalysisService",
		"stylist.v1.ChatService",
		"stylist.v1.PlanService",
		"stylist.v1.SwapMarketService",
		"stylist.v1.DatabaseWebhookService",
		"stylist.v1.UserService",
		"stylist.v1.WardrobeService",
	} {
		if !strings.Contains(listed, want) {
			t.Errorf("reflection does not list %s: %s", want, listed)
		}
	}
}
