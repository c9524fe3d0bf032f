#include "chat/validation.h"

#include <algorithm>

#include "common/api_error.h"
#include "common/ids.h"

namespace stylist::chat {

std::size_t Chars(const std::string& s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string OneLine(std::string s) {
  std::replace_if(s.begin(), s.end(), [](char c) { return c == '\n' || c == '\r' || c == '\t'; }, ' ');
  return s;
}

void CheckConversationId(const std::string& id, const std::string& field) {
  if (!IsUuid(id)) throw InvalidArgument(field, "must be a conversation id from CreateConversation");
}

void CheckCreateConversation(const v1::CreateConversationRequest& req) {
  if (Chars(OneLine(req.conversation().title())) > kMaxTitleChars) {
    throw InvalidArgument("conversation.title", "at most 200 characters");
  }
}

void CheckUpdateConversation(const v1::UpdateConversationRequest& req) {
  CheckConversationId(req.conversation().conversation_id(), "conversation.conversation_id");
  Violations v;
  if (req.update_mask().paths_size() != 1 || req.update_mask().paths(0) != "title") {
    v.Add("update_mask", "must be exactly \"title\", the only writable field");
  }
  const std::string title = OneLine(req.conversation().title());
  if (title.empty()) v.Add("conversation.title", "required");
  if (Chars(title) > kMaxTitleChars) v.Add("conversation.title", "at most 200 characters");
  v.ThrowIfAny();
}

void CheckListConversations(const v1::ListConversationsRequest& req) {
  if (req.page_size() < 0) throw InvalidArgument("page_size", "must not be negative");
}

void CheckListMessages(const v1::ListMessagesRequest& req) {
  CheckConversationId(req.conversation_id());
  Violations v;
  if (req.page_size() < 0) v.Add("page_size", "must not be negative");
  if (!v1::MessageOrder_IsValid(req.order())) v.Add("order", "unknown value");
  v.ThrowIfAny();
}

void CheckChatInput(const v1::ChatInput& input, bool check_conversation) {
  Violations v;
  if (check_conversation && !IsUuid(input.conversation_id())) {
    v.Add("conversation_id", "must be a conversation id from CreateConversation");
  }
  const auto chars = Chars(input.text());
  if (input.text().find_first_not_of(" \n\r\t") == std::string::npos) v.Add("text", "required");
  if (chars > kMaxMessageChars) {
    v.Add("text", "at most " + std::to_string(kMaxMessageChars) + " characters; this has " + std::to_string(chars));
  }
  if (input.attached_item_ids_size() > kMaxAttachedItems) v.Add("attached_item_ids", "at most 10 items");
  for (int i = 0; i < input.attached_item_ids_size(); ++i) {
    if (!IsUuid(input.attached_item_ids(i))) {
      v.Add("attached_item_ids[" + std::to_string(i) + "]", "must be an item id");
    }
  }
  v.ThrowIfAny();
}

}  // namespace stylist::chat
