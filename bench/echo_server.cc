// stylist-echo-server: the transport's ceiling for bench/core.sh.
//
// A grpc++ callback-API server (the API stylist-server uses, with its thread
// model) that answers a call with the request's own bytes: no
// authentication, no database, no protobuf parsing. GetProfile is a raw
// unary callback method, the cheapest way grpc++ serves a unary call (the
// server's handlers are unary callback methods too); any other method is
// echoed by a generic (streaming) handler, which costs more per call.
// stylist-grpc-load drives it with exactly the call it sends the real
// server, so the two throughputs, measured in the same run, say how much of
// the machine the server's own work takes.
//
//   stylist-echo-server 127.0.0.1:PORT

#include <grpcpp/generic/async_generic_service.h>
#include <grpcpp/grpcpp.h>

#include "stylist/v1/user.grpc.pb.h"

#include <iostream>
#include <memory>
#include <string>

namespace {

class Echo final : public grpc::ServerGenericBidiReactor {
 public:
  Echo() { StartRead(&message_); }

  // A unary call has one request: answer it with its bytes and the status
  // together, as a unary handler does.
  void OnReadDone(bool ok) override {
    if (!ok) {
      Finish(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "no request message"));
      return;
    }
    StartWriteAndFinish(&message_, grpc::WriteOptions(), grpc::Status::OK);
  }
  void OnDone() override { delete this; }

 private:
  grpc::ByteBuffer message_;
};

class ProfileEcho final
    : public stylist::v1::UserService::WithRawCallbackMethod_GetProfile<stylist::v1::UserService::CallbackService> {
  grpc::ServerUnaryReactor* GetProfile(grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
                                       grpc::ByteBuffer* response) override {
    *response = *request;
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }
};

class EchoService final : public grpc::CallbackGenericService {
  grpc::ServerGenericBidiReactor* CreateReactor(grpc::GenericCallbackServerContext*) override { return new Echo(); }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: stylist-echo-server HOST:PORT\n";
    return 2;
  }
  ProfileEcho profile;
  EchoService others;
  grpc::ServerBuilder builder;
  builder.AddListeningPort(argv[1], grpc::InsecureServerCredentials());
  builder.RegisterService(&profile);
  builder.RegisterCallbackGenericService(&others);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server) {
    std::cerr << "stylist-echo-server: cannot listen on " << argv[1] << "\n";
    return 1;
  }
  server->Wait();
}
