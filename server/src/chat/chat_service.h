// ChatService's logic: conversations and their messages, scoped to the
// caller, and the turn: the user's message stored, the context gathered,
// the answer streamed from the responder as events and stored once with
// which engine produced it, its latency and token counts.
#pragma once

#include <atomic>
#include <functional>

#include "auth/principal.h"
#include "chat/chat_store.h"
#include "chat/context.h"
#include "chat/deps.h"
#include "chat/validation.h"
#include "stylist/v1/chat.pb.h"

namespace stylist::chat {

struct ChatLimits {
  // Context budget for the recent turns (estimated tokens).
  int history_tokens = 2000;
  // Items of the wardrobe described to the engine.
  int wardrobe_items = 60;
};

class ChatService {
 public:
  // Conversations and messages are `deps.store`'s; answers come from
  // `deps.responder`.
  ChatService(Deps deps, ChatLimits limits) : d_(deps), limits_(limits) {}

  void CreateConversation(const CallContext& call, const v1::CreateConversationRequest& req,
                          v1::CreateConversationResponse* resp);
  void ListConversations(const CallContext& call, const v1::ListConversationsRequest& req,
                         v1::ListConversationsResponse* resp);
  void GetConversation(const CallContext& call, const v1::GetConversationRequest& req,
                       v1::GetConversationResponse* resp);
  void UpdateConversation(const CallContext& call, const v1::UpdateConversationRequest& req,
                          v1::UpdateConversationResponse* resp);
  void DeleteConversation(const CallContext& call, const v1::DeleteConversationRequest& req,
                          v1::DeleteConversationResponse* resp);
  void ListMessages(const CallContext& call, const v1::ListMessagesRequest& req, v1::ListMessagesResponse* resp);
  // Cancelled (the partial answer stored as interrupted) when `cancel` is
  // set, e.g. by the client going away.
  void SendMessage(const CallContext& call, const v1::SendMessageRequest& req, v1::SendMessageResponse* resp,
                   const std::atomic<bool>& cancel);

  // Checks a turn's input and the caller's turn rate; throws ApiError.
  // Nothing is stored.
  void CheckTurn(const CallContext& call, const v1::ChatInput& input);

  // Runs one turn after CheckTurn: emits the events of the contract's
  // ChatEvent order to `emit`. Throws ApiError only before the user's
  // message is stored; later failures are error events. `cancel` stops the
  // answer (stored as interrupted).
  void RunTurn(const CallContext& call, const v1::ChatInput& input, const std::function<void(v1::ChatEvent)>& emit,
               const std::atomic<bool>& cancel, v1::ChatMessage* user_message = nullptr,
               v1::ChatMessage* reply = nullptr);

  // A turn in a new conversation of its own, titled by the text (the
  // legacy routes: one conversation per question). Checks like CheckTurn.
  void AskInNewConversation(const CallContext& call, const std::string& text, v1::ChatMessage* question,
                            v1::ChatMessage* answer);

 private:
  // CheckTurn without the conversation id (for a conversation not yet made).
  void CheckInput(const CallContext& call, const v1::ChatInput& input, bool check_conversation);
  ChatContext GatherContext(const std::string& user_id, const v1::ChatInput& input);

  Deps d_;
  const ChatLimits limits_;
};

}  // namespace stylist::chat
