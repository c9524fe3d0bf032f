// What the chat logic class is built from.
#pragma once

#include "auth/ai_quota.h"
#include "chat/chat_store.h"
#include "chat/responder.h"

namespace stylist::chat {

struct Deps {
  ChatStore& store;       // conversations, their messages, and what a turn's context reads
  Responder& responder;   // the answers: the model when configured, else the built-in stylist
  AiQuota& quota;         // each caller's budget of turns
};

}  // namespace stylist::chat
