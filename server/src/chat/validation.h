// Field checks for chat requests: pure functions that throw ApiError
// (INVALID_ARGUMENT) naming the field, before anything is read or written.
#pragma once

#include <cstddef>
#include <string>

#include "stylist/v1/chat.pb.h"

namespace stylist::chat {

inline constexpr int kMaxMessageChars = 4000;
inline constexpr int kMaxAttachedItems = 10;
inline constexpr int kMaxTitleChars = 200;

// Characters (code points) of UTF-8 text: the unit the limits count in.
std::size_t Chars(const std::string& s);
// `s` on one line: line ends and tabs become spaces (titles, previews).
std::string OneLine(std::string s);

void CheckConversationId(const std::string& id, const std::string& field = "conversation_id");
void CheckCreateConversation(const v1::CreateConversationRequest& req);
// The conversation's id, then the mask and the title (all bad fields at once).
void CheckUpdateConversation(const v1::UpdateConversationRequest& req);
void CheckListConversations(const v1::ListConversationsRequest& req);
// The conversation's id, then the page size and the order.
void CheckListMessages(const v1::ListMessagesRequest& req);
// A turn's text and attached items, and its conversation's id unless
// `check_conversation` is false (a conversation not yet made).
void CheckChatInput(const v1::ChatInput& input, bool check_conversation);

}  // namespace stylist::chat
