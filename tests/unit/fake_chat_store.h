// An in-memory chat::ChatStore for the chat service's unit tests:
// conversations with their messages per user, the items each user owns, and
// what the next ReadTurnInputs answers.
#pragma once

#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>

#include "chat/chat_store.h"

namespace stylist::testing {

class FakeChatStore final : public chat::ChatStore {
 public:
  int writes = 0;
  std::map<std::string, std::set<std::string>> owned_items;  // by user
  TurnInputs turn_inputs;                                     // what ReadTurnInputs answers
  bool fail_next_reply = false;     // the assistant's message is refused once (a lost database)
  bool fail_next_question = false;  // the same for the user's message
  std::vector<std::string> deleted;  // conversation ids, in order

  v1::Conversation CreateConversation(const std::string& user_id, const std::string& title) override {
    std::lock_guard lock(mutex_);
    ++writes;
    Conv c;
    c.user = user_id;
    char id[37];
    std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012x", ++next_id_);
    c.conversation.set_conversation_id(id);
    c.conversation.set_title(title);
    Touch(c.conversation);
    convs_[id] = c;
    return c.conversation;
  }

  std::vector<v1::Conversation> ListConversations(const std::string& user_id,
                                                  const std::optional<std::int64_t>& after_micros,
                                                  const std::optional<std::string>& after_id, int limit) override {
    std::lock_guard lock(mutex_);
    std::vector<v1::Conversation> mine;
    for (const auto& [id, c] : convs_) {
      if (c.user == user_id) mine.push_back(c.conversation);
    }
    auto key = [](const v1::Conversation& c) {
      return std::make_pair(google::protobuf::util::TimeUtil::TimestampToMicroseconds(c.update_time()),
                            c.conversation_id());
    };
    std::sort(mine.begin(), mine.end(), [&](const auto& a, const auto& b) { return key(a) > key(b); });
    std::vector<v1::Conversation> out;
    for (const auto& c : mine) {
      if (after_micros && !(key(c) < std::make_pair(*after_micros, *after_id))) continue;
      if (static_cast<int>(out.size()) == limit) break;
      out.push_back(c);
    }
    return out;
  }

  std::optional<v1::Conversation> GetConversation(const std::string& user_id, const std::string& id) override {
    std::lock_guard lock(mutex_);
    const Conv* c = Find(user_id, id);
    return c ? std::optional(c->conversation) : std::nullopt;
  }

  std::optional<v1::Conversation> RenameConversation(const std::string& user_id, const std::string& id,
                                                     const std::string& title) override {
    std::lock_guard lock(mutex_);
    Conv* c = Find(user_id, id);
    if (!c) return std::nullopt;
    ++writes;
    c->conversation.set_title(title);
    return c->conversation;
  }

  bool DeleteConversation(const std::string& user_id, const std::string& id) override {
    std::lock_guard lock(mutex_);
    if (!Find(user_id, id)) return false;
    ++writes;
    convs_.erase(id);
    deleted.push_back(id);
    return true;
  }

  std::optional<std::vector<v1::ChatMessage>> ListMessages(const std::string& user_id,
                                                           const std::string& conversation_id, bool newest_first,
                                                           const std::optional<std::int64_t>&,
                                                           const std::optional<std::string>&, int limit) override {
    std::lock_guard lock(mutex_);
    const Conv* c = Find(user_id, conversation_id);
    if (!c) return std::nullopt;
    std::vector<v1::ChatMessage> out = c->messages;
    if (newest_first) std::reverse(out.begin(), out.end());
    if (static_cast<int>(out.size()) > limit) out.resize(static_cast<std::size_t>(limit));
    return out;
  }

  Appended AppendMessage(const std::string& user_id, const std::string& conversation_id, const NewMessage& m,
                         const std::string& preview, const std::string& title_if_untitled,
                         StoredMessage* stored) override {
    std::lock_guard lock(mutex_);
    if (m.role == "assistant" && fail_next_reply) {
      fail_next_reply = false;
      throw std::runtime_error("connection lost");
    }
    if (m.role == "user" && fail_next_question) {
      fail_next_question = false;
      throw std::runtime_error("connection lost");
    }
    Conv* c = Find(user_id, conversation_id);
    if (!c) return Appended::kNoConversation;
    for (const auto& item : m.attached_item_ids) {
      if (!owned_items[user_id].count(item)) return Appended::kItemsNotOwned;
    }
    ++writes;
    v1::ChatMessage msg;
    char id[37];
    std::snprintf(id, sizeof id, "00000000-0000-4000-9000-%012x", ++next_id_);
    msg.set_message_id(id);
    msg.set_conversation_id(conversation_id);
    msg.set_role(m.role == "user" ? v1::MESSAGE_ROLE_USER : v1::MESSAGE_ROLE_ASSISTANT);
    msg.set_text(m.text);
    for (const auto& item : m.attached_item_ids) msg.add_attached_item_ids(item);
    c->messages.push_back(msg);
    c->conversation.set_message_count(c->conversation.message_count() + 1);
    c->conversation.set_last_message_preview(preview);
    if (c->conversation.title().empty()) c->conversation.set_title(title_if_untitled);
    Touch(c->conversation);
    stored->message_id = id;
    stored->create_micros = clock_;
    return Appended::kStored;
  }

  TurnInputs ReadTurnInputs(const std::string&, const std::string&, int, int) override { return turn_inputs; }

  std::vector<v1::ChatMessage> messages(const std::string& conversation_id) {
    std::lock_guard lock(mutex_);
    auto it = convs_.find(conversation_id);
    return it == convs_.end() ? std::vector<v1::ChatMessage>{} : it->second.messages;
  }

 private:
  struct Conv {
    std::string user;
    v1::Conversation conversation;
    std::vector<v1::ChatMessage> messages;
  };
  Conv* Find(const std::string& user_id, const std::string& id) {
    auto it = convs_.find(id);
    return it != convs_.end() && it->second.user == user_id ? &it->second : nullptr;
  }
  // Every write moves the clock a millisecond: update times are distinct.
  void Touch(v1::Conversation& c) {
    clock_ += 1000;
    *c.mutable_update_time() = google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(clock_);
  }

  std::mutex mutex_;
  std::map<std::string, Conv> convs_;
  unsigned next_id_ = 0;
  std::int64_t clock_ = 1700000000000000;
};

}  // namespace stylist::testing
