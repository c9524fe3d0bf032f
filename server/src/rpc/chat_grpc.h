#pragma once
// Registers ChatService with gRPC: conversations and history on the worker
// pool; the RPCs that produce answers (rpc/chat_streams.h) on the chat pool.

#include "chat/chat_service.h"
#include "rpc/chat_streams.h"
#include "rpc/runtime.h"
#include "rpc/unary_call.h"
#include "stylist/v1/chat.grpc.pb.h"

namespace stylist::rpc {

class ChatGrpc final : public v1::ChatService::CallbackService {
 public:
  ChatGrpc(Runtime& rt, WorkerPool& turns, chat::ChatService& chat) : rt_(rt), turns_(turns), chat_(chat) {}

#define STYLIST_RPC(Method) STYLIST_UNARY_RPC(ChatService, Method, Access::kUser, chat_)
  STYLIST_RPC(CreateConversation)
  STYLIST_RPC(ListConversations)
  STYLIST_RPC(GetConversation)
  STYLIST_RPC(UpdateConversation)
  STYLIST_RPC(DeleteConversation)
  STYLIST_RPC(ListMessages)
#undef STYLIST_RPC

  grpc::ServerUnaryReactor* SendMessage(grpc::CallbackServerContext* ctx, const v1::SendMessageRequest* req,
                                        v1::SendMessageResponse* resp) override {
    return StartSendMessage(rt_, turns_, chat_, ctx, req, resp);
  }
  grpc::ServerWriteReactor<v1::StreamReplyResponse>* StreamReply(grpc::CallbackServerContext* ctx,
                                                                 const v1::StreamReplyRequest* req) override {
    return StartStreamReply(rt_, turns_, chat_, ctx, req);
  }
  grpc::ServerBidiReactor<v1::ConverseRequest, v1::ConverseResponse>* Converse(
      grpc::CallbackServerContext* ctx) override {
    return StartConverse(rt_, turns_, chat_, ctx);
  }

 private:
  Runtime& rt_;
  WorkerPool& turns_;
  chat::ChatService& chat_;
};

}  // namespace stylist::rpc
