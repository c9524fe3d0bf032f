// Chat messages as the contract shows them, from what the store answered
// on storing them and what the turn said.
#pragma once

#include <string>

#include "chat/chat_store.h"
#include "chat/responder.h"
#include "stylist/v1/chat.pb.h"

namespace stylist::chat {

// The user's message of a turn, once stored.
v1::ChatMessage UserMessage(const ChatStore::StoredMessage& stored, const v1::ChatInput& input);
// The answer in `conversation`, once stored, with which engine produced it,
// its latency and token counts.
v1::ChatMessage ReplyMessage(const ChatStore::StoredMessage& stored, const std::string& conversation,
                             const Answer& answer, double latency_ms);

}  // namespace stylist::chat
