#pragma once
// Request and response of a unary RPC on one protobuf arena, freed in one go
// when the call is over. For the list RPCs, whose responses are hundreds of
// small messages and strings: building them with malloc and freeing them one
// by one (glibc then consolidates its fast bins) was over a third of
// ListItems' server CPU. Register with the generated
// SetMessageAllocatorFor_<Method>; handlers must then build the response in
// place (add_items() filled directly), not move messages from the heap into
// it, which would copy them.

#include <google/protobuf/arena.h>
#include <grpcpp/support/message_allocator.h>

namespace stylist::rpc {

template <typename Request, typename Response>
class ArenaMessages final : public grpc::MessageAllocator<Request, Response> {
 public:
  grpc::MessageHolder<Request, Response>* AllocateMessages() override { return new Holder; }

 private:
  class Holder final : public grpc::MessageHolder<Request, Response> {
   public:
    Holder() : arena_(Options()) {
      this->set_request(google::protobuf::Arena::CreateMessage<Request>(&arena_));
      this->set_response(google::protobuf::Arena::CreateMessage<Response>(&arena_));
    }
    void Release() override { delete this; }

   private:
    static google::protobuf::ArenaOptions Options() {
      google::protobuf::ArenaOptions o;
      o.start_block_size = 4096;
      o.max_block_size = 64 * 1024;
      return o;
    }
    google::protobuf::Arena arena_;
  };
};

}  // namespace stylist::rpc
