#include "chat/chat_store.h"

#include <google/protobuf/util/time_util.h>

#include <nlohmann/json.hpp>

#include "common/proto_util.h"
#include "db/queries.h"
#include "styling/item_from_proto.h"
#include "user/profile_codec.h"
#include "wardrobe/codec.h"

namespace stylist::chat {
namespace {

v1::Conversation ConversationFromRow(const pqxx::row& row) {
  v1::Conversation c;
  c.set_conversation_id(row[0].as<std::string>());
  c.set_title(row[1].as<std::string>());
  c.set_message_count(row[2].as<int>());
  c.set_last_message_preview(row[3].as<std::string>());
  proto::SetMicros(c.mutable_create_time(), row[4].as<std::int64_t>());
  proto::SetMicros(c.mutable_update_time(), row[5].as<std::int64_t>());
  return c;
}

v1::MessageRole RoleOf(const std::string& role) {
  if (role == "user") return v1::MESSAGE_ROLE_USER;
  if (role == "assistant") return v1::MESSAGE_ROLE_ASSISTANT;
  if (role == "system") return v1::MESSAGE_ROLE_SYSTEM;
  return v1::MESSAGE_ROLE_UNSPECIFIED;
}

v1::ChatMessage MessageFromRow(const pqxx::row& row) {
  v1::ChatMessage m;
  m.set_message_id(row[0].as<std::string>());
  m.set_conversation_id(row[1].as<std::string>());
  m.set_role(RoleOf(row[2].as<std::string>()));
  m.set_text(row[3].as<std::string>());
  for (const auto& id : nlohmann::json::parse(row[4].as<std::string>())) m.add_attached_item_ids(id.get<std::string>());
  const std::string engine = row[5].as<std::string>();
  m.set_engine(engine == "llm" ? v1::REPLY_ENGINE_LLM : engine == "builtin" ? v1::REPLY_ENGINE_BUILTIN
                                                                             : v1::REPLY_ENGINE_UNSPECIFIED);
  m.set_model_name(row[6].as<std::string>());
  if (!row[7].is_null()) {
    *m.mutable_latency() =
        google::protobuf::util::TimeUtil::MicrosecondsToDuration(static_cast<std::int64_t>(row[7].as<double>() * 1000));
  }
  m.set_prompt_tokens(row[8].as<int>());
  m.set_completion_tokens(row[9].as<int>());
  m.set_interrupted(row[10].as<bool>());
  proto::SetMicros(m.mutable_create_time(), row[11].as<std::int64_t>());
  return m;
}

std::string JsonArray(const std::vector<std::string>& ids) { return nlohmann::json(ids).dump(); }

}  // namespace

v1::Conversation PgChatStore::CreateConversation(const std::string& user_id, const std::string& title) {
  return pool_.WriteOne([&](db::Pool::ReadTx& tx) {
    return ConversationFromRow(db::Exec1(tx, sql::chat::create_conversation, user_id, title));
  });
}

std::vector<v1::Conversation> PgChatStore::ListConversations(const std::string& user_id,
                                                             const std::optional<std::int64_t>& after_micros,
                                                             const std::optional<std::string>& after_id, int limit) {
  return pool_.Read([&](db::Pool::ReadTx& tx) {
    std::vector<v1::Conversation> out;
    for (const auto& row : db::Exec(tx, sql::chat::list_conversations, user_id, after_micros, after_id, limit)) {
      out.push_back(ConversationFromRow(row));
    }
    return out;
  });
}

std::optional<v1::Conversation> PgChatStore::GetConversation(const std::string& user_id, const std::string& id) {
  return pool_.Read([&](db::Pool::ReadTx& tx) -> std::optional<v1::Conversation> {
    auto rows = db::Exec(tx, sql::chat::get_conversation, id, user_id);
    if (rows.empty()) return std::nullopt;
    return ConversationFromRow(rows[0]);
  });
}

std::optional<v1::Conversation> PgChatStore::RenameConversation(const std::string& user_id, const std::string& id,
                                                                const std::string& title) {
  return pool_.WriteOne([&](db::Pool::ReadTx& tx) -> std::optional<v1::Conversation> {
    auto rows = db::Exec(tx, sql::chat::rename_conversation, id, user_id, title);
    if (rows.empty()) return std::nullopt;
    return ConversationFromRow(rows[0]);
  });
}

bool PgChatStore::DeleteConversation(const std::string& user_id, const std::string& id) {
  return pool_.WriteOne(
      [&](db::Pool::ReadTx& tx) { return !db::Exec(tx, sql::chat::delete_conversation, id, user_id).empty(); });
}

std::optional<std::vector<v1::ChatMessage>> PgChatStore::ListMessages(
    const std::string& user_id, const std::string& conversation_id, bool newest_first,
    const std::optional<std::int64_t>& after_micros, const std::optional<std::string>& after_id, int limit) {
  return pool_.Read([&](db::Pool::ReadTx& tx) -> std::optional<std::vector<v1::ChatMessage>> {
    if (db::Exec(tx, sql::chat::get_conversation, conversation_id, user_id).empty()) return std::nullopt;
    std::vector<v1::ChatMessage> out;
    for (const auto& row : db::Exec(tx, sql::chat::list_messages, conversation_id, user_id,
                                    std::string(newest_first ? "desc" : "asc"), after_micros, after_id, limit)) {
      out.push_back(MessageFromRow(row));
    }
    return out;
  });
}

ChatStore::Appended PgChatStore::AppendMessage(const std::string& user_id, const std::string& conversation_id,
                                               const NewMessage& m, const std::string& preview,
                                               const std::string& title_if_untitled, StoredMessage* stored) {
  return pool_.Transact([&](pqxx::work& tx) {
    if (db::Exec(tx, sql::chat::lock_conversation, conversation_id, user_id).empty()) return Appended::kNoConversation;
    const std::string attached = JsonArray(m.attached_item_ids);
    if (!m.attached_item_ids.empty() &&
        db::Exec1(tx, sql::chat::owned_items, user_id, attached)[0].as<std::size_t>() != m.attached_item_ids.size()) {
      return Appended::kItemsNotOwned;
    }
    const auto row = db::Exec1(tx, sql::chat::insert_message, conversation_id, user_id, m.role, m.text, attached,
                               m.engine, m.model_name, m.latency_ms, m.prompt_tokens, m.completion_tokens,
                               m.interrupted);
    db::Exec0(tx, sql::chat::touch_conversation, conversation_id, user_id, preview, title_if_untitled);
    stored->message_id = row[0].as<std::string>();
    stored->create_micros = row[2].as<std::int64_t>();
    return Appended::kStored;
  });
}

ChatStore::TurnInputs PgChatStore::ReadTurnInputs(const std::string& user_id, const std::string& conversation_id,
                                                  int wardrobe_items, int turns) {
  return pool_.Read([&](db::Pool::ReadTx& tx) {
    TurnInputs in;
    auto profile_rows = db::Exec(tx, sql::user::get_profile, user_id);
    if (!profile_rows.empty()) in.profile = user::ProfileFromRow(profile_rows[0]);
    const auto items = db::Exec(tx, sql::wardrobe::items_for_styling, user_id, wardrobe_items);
    const wardrobe::ItemReader item(items);
    for (const auto& row : items) in.wardrobe.push_back(styling::ItemFromProto(item(row)));
    for (const auto& row : db::Exec(tx, sql::chat::recent_turns, conversation_id, user_id, turns)) {
      in.recent_turns.push_back({row[0].as<std::string>(), row[1].as<std::string>()});
    }
    return in;
  });
}

}  // namespace stylist::chat
