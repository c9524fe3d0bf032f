package e2e

import (
	"context"
	"errors"
	"io"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/dynamicpb"

	_ "github.com/stylist/stylist/clients/go/stylist/v1"
)

// publicMethods need no credentials by nature. Every other method of every
// stylist.v1 service, including any added later, must refuse a caller
// without credentials: this list is the only way to exempt one.
var publicMethods = map[string]bool{
	"/stylist.v1.UserService/Register":             true,
	"/stylist.v1.UserService/Login":                true,
	"/stylist.v1.UserService/RefreshToken":         true,
	"/stylist.v1.UserService/RequestPasswordReset": true,
	"/stylist.v1.UserService/ResetPassword":        true,
}

// TestEveryRPCRefusesCallersWithoutCredentials walks the service
// descriptors, so a new RPC is covered without touching this test, and calls
// each method through the edge with an empty request and no credentials.
func TestEveryRPCRefusesCallersWithoutCredentials(t *testing.T) {
	conn, err := grpc.NewClient(edgeAddr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	checked := 0
	forEachMethod(func(method string, md protoreflect.MethodDescriptor) {
		if publicMethods[method] {
			return
		}
		checked++
		code := callWithoutCredentials(t, conn, method, md)
		if code != codes.Unauthenticated {
			t.Errorf("%s without credentials: %v, want UNAUTHENTICATED", method, code)
		}
	})
	t.Logf("%d methods refuse callers without credentials", checked)
	if checked < 40 {
		t.Errorf("only %d methods checked; the descriptors were not all found", checked)
	}
}

// forEachMethod calls use with every method of every stylist.v1 service,
// as the descriptors compiled into the Go client list them: a new RPC is
// covered without touching the tests that walk them.
func forEachMethod(use func(method string, md protoreflect.MethodDescriptor)) {
	protoregistry.GlobalFiles.RangeFilesByPackage("stylist.v1", func(fd protoreflect.FileDescriptor) bool {
		for i := 0; i < fd.Services().Len(); i++ {
			sd := fd.Services().Get(i)
			for j := 0; j < sd.Methods().Len(); j++ {
				md := sd.Methods().Get(j)
				use("/"+string(sd.FullName())+"/"+string(md.Name()), md)
			}
		}
		return true
	})
}

// callWithoutCredentials makes one call of method with an empty request (a
// stream: one empty message, then the half-close) and returns its code.
func callWithoutCredentials(t *testing.T, conn *grpc.ClientConn, method string, md protoreflect.MethodDescriptor) codes.Code {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req := dynamicpb.NewMessage(md.Input())
	resp := dynamicpb.NewMessage(md.Output())
	if !md.IsStreamingClient() && !md.IsStreamingServer() {
		return status.Code(conn.Invoke(ctx, method, req, resp))
	}
	desc := &grpc.StreamDesc{ServerStreams: md.IsStreamingServer(), ClientStreams: md.IsStreamingClient()}
	stream, err := conn.NewStream(ctx, desc, method)
	if err != nil {
		return status.Code(err)
	}
	if err := stream.SendMsg(req); err != nil && !errors.Is(err, io.EOF) {
		return status.Code(err)
	}
	_ = stream.CloseSend()
	for {
		err := stream.RecvMsg(resp)
		if err != nil {
			return status.Code(err) // io.EOF (OK) reads as codes.Unknown: a failure either way
		}
		if md.IsStreamingServer() && md.IsStreamingClient() {
			// Converse answers a refused turn as an event; the stream
			// itself must still end refused.
			continue
		}
	}
}
