// Package stylistclient is the Go client of the Stylist API: the code that
// buf generates from protos/ lives in its subpackage stylist/v1 (messages
// and gRPC stubs), and this module is what the edge (gateway/) imports too,
// so there is one copy of it.
//
// Connect to the edge, the one public port, over native gRPC:
//
//	conn, err := grpc.NewClient("api.example.com:443",
//		grpc.WithTransportCredentials(credentials.NewTLS(nil)))
//	users := stylistv1.NewUserServiceClient(conn)
//	ctx := metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+accessToken)
//	profile, err := users.GetProfile(ctx, &stylistv1.GetProfileRequest{})
package stylistclient
