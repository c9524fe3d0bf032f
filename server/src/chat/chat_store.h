#pragma once
// Conversations and their messages, and what a turn reads to answer: the
// only code of the chat service that speaks SQL (PgChatStore), behind an
// interface so the service's rules (ownership, titles, what a turn stores
// and emits, the turn rate) are unit-tested with an in-memory fake
// (tests/unit/fake_chat_store.h).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "chat/context.h"
#include "db/pool.h"
#include "stylist/v1/chat.pb.h"
#include "stylist/v1/user.pb.h"

namespace stylist::chat {

class ChatStore {
 public:
  virtual ~ChatStore() = default;

  virtual v1::Conversation CreateConversation(const std::string& user_id, const std::string& title) = 0;
  // The user's conversations, most recently updated first, after the
  // (update time, id) position; at most `limit`.
  virtual std::vector<v1::Conversation> ListConversations(const std::string& user_id,
                                                          const std::optional<std::int64_t>& after_micros,
                                                          const std::optional<std::string>& after_id, int limit) = 0;
  // nullopt for an unknown conversation or another user's (they look the same).
  virtual std::optional<v1::Conversation> GetConversation(const std::string& user_id, const std::string& id) = 0;
  virtual std::optional<v1::Conversation> RenameConversation(const std::string& user_id, const std::string& id,
                                                             const std::string& title) = 0;
  virtual bool DeleteConversation(const std::string& user_id, const std::string& id) = 0;
  // The conversation's messages by creation time (newest first or oldest
  // first), after the (time, id) position; nullopt when the conversation is
  // not the user's.
  virtual std::optional<std::vector<v1::ChatMessage>> ListMessages(const std::string& user_id,
                                                                   const std::string& conversation_id,
                                                                   bool newest_first,
                                                                   const std::optional<std::int64_t>& after_micros,
                                                                   const std::optional<std::string>& after_id,
                                                                   int limit) = 0;

  // A message to store: the user's (attached items, no engine) or the
  // assistant's (engine "llm" or "builtin", its model, latency and tokens).
  struct NewMessage {
    std::string role;  // "user" or "assistant"
    std::string text;
    std::vector<std::string> attached_item_ids;
    std::string engine, model_name;
    std::optional<double> latency_ms;
    int prompt_tokens = 0, completion_tokens = 0;
    bool interrupted = false;
  };
  struct StoredMessage {
    std::string message_id;
    std::int64_t create_micros = 0;
  };
  enum class Appended { kStored, kNoConversation, kItemsNotOwned };
  // Stores the message in the user's conversation with the conversation's
  // preview (and its title, when it has none yet), in one transaction with
  // the conversation locked; stores nothing when the conversation is not
  // the user's or an attached item is not one of their items.
  virtual Appended AppendMessage(const std::string& user_id, const std::string& conversation_id,
                                 const NewMessage& message, const std::string& preview,
                                 const std::string& title_if_untitled, StoredMessage* stored) = 0;

  // What a turn's answer is built from, read together.
  struct TurnInputs {
    std::optional<v1::Profile> profile;
    std::vector<WardrobeItem> wardrobe;  // newest first, at most wardrobe_items
    std::vector<Turn> recent_turns;      // newest first, at most `turns`
  };
  virtual TurnInputs ReadTurnInputs(const std::string& user_id, const std::string& conversation_id,
                                    int wardrobe_items, int turns) = 0;
};

class PgChatStore final : public ChatStore {
 public:
  explicit PgChatStore(db::Pool& pool) : pool_(pool) {}

  v1::Conversation CreateConversation(const std::string& user_id, const std::string& title) override;
  std::vector<v1::Conversation> ListConversations(const std::string& user_id,
                                                  const std::optional<std::int64_t>& after_micros,
                                                  const std::optional<std::string>& after_id, int limit) override;
  std::optional<v1::Conversation> GetConversation(const std::string& user_id, const std::string& id) override;
  std::optional<v1::Conversation> RenameConversation(const std::string& user_id, const std::string& id,
                                                     const std::string& title) override;
  bool DeleteConversation(const std::string& user_id, const std::string& id) override;
  std::optional<std::vector<v1::ChatMessage>> ListMessages(const std::string& user_id,
                                                           const std::string& conversation_id, bool newest_first,
                                                           const std::optional<std::int64_t>& after_micros,
                                                           const std::optional<std::string>& after_id,
                                                           int limit) override;
  Appended AppendMessage(const std::string& user_id, const std::string& conversation_id, const NewMessage& message,
                         const std::string& preview, const std::string& title_if_untitled,
                         StoredMessage* stored) override;
  TurnInputs ReadTurnInputs(const std::string& user_id, const std::string& conversation_id, int wardrobe_items,
                            int turns) override;

 private:
  db::Pool& pool_;
};

}  // namespace stylist::chat
