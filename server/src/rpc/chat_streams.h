#pragma once
// The chat RPCs that produce answers, on the callback API: SendMessage
// (unary), StreamReply (one turn, server-streamed) and Converse
// (bidirectional, many turns, cancellable).
// An open stream holds no thread: turns run on the chat pool, and their
// events are queued to the stream and written one at a time. A client that
// goes away, or a CancelReply, sets the turn's cancel flag, which stops the
// engine (and closes the connection to the model provider).

#include <grpcpp/grpcpp.h>

#include "chat/chat_service.h"
#include "common/worker_pool.h"
#include "rpc/runtime.h"
#include "stylist/v1/chat.pb.h"

namespace stylist::rpc {

grpc::ServerWriteReactor<v1::StreamReplyResponse>* StartStreamReply(Runtime& rt, WorkerPool& turns,
                                                                   chat::ChatService& chat,
                                                                   grpc::CallbackServerContext* ctx,
                                                                   const v1::StreamReplyRequest* request);

grpc::ServerBidiReactor<v1::ConverseRequest, v1::ConverseResponse>* StartConverse(Runtime& rt, WorkerPool& turns,
                                                                                  chat::ChatService& chat,
                                                                                  grpc::CallbackServerContext* ctx);

grpc::ServerUnaryReactor* StartSendMessage(Runtime& rt, WorkerPool& turns, chat::ChatService& chat,
                                           grpc::CallbackServerContext* ctx, const v1::SendMessageRequest* request,
                                           v1::SendMessageResponse* response);

}  // namespace stylist::rpc
