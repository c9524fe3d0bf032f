#include "chat/chat_service.h"

#include <algorithm>
#include <chrono>

#include <google/protobuf/util/time_util.h>
#include <nlohmann/json.hpp>

#include "auth/require_user.h"
#include "common/api_error.h"
#include "common/ids.h"
#include "common/logging.h"
#include "common/page_token.h"
#include "common/proto_util.h"
#include "styling/item_from_proto.h"
#include "user/profile_codec.h"
#include "wardrobe/codec.h"
#include "db/queries.h"
#include "common/text.h"

namespace stylist::chat {
namespace {

constexpr int kMaxTitleChars = 200;
constexpr int kPreviewChars = 120;

void CheckConversationId(const std::string& id, const std::string& field = "conversation_id") {
  if (!IsUuid(id)) throw InvalidArgument(field, "must be a conversation id from CreateConversation");
}

// Characters (code points) of UTF-8 text.
std::size_t Chars(const std::string& s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// The first `n` characters, cut back to a word boundary when one is near,
// with an ellipsis when shortened.
std::string Shorten(const std::string& s, std::size_t n) {
  if (Chars(s) <= n) return s;
  std::size_t bytes = 0, chars = 0;
  while (bytes < s.size() && chars < n) {
    ++bytes;
    while (bytes < s.size() && (static_cast<unsigned char>(s[bytes]) & 0xC0) == 0x80) ++bytes;
    ++chars;
  }
  std::string out = s.substr(0, bytes);
  const auto space = out.find_last_of(" \n\t");
  if (space != std::string::npos && space > bytes / 2) out.resize(space);
  return out + "…";
}

std::string OneLine(std::string s) {
  std::replace_if(s.begin(), s.end(), [](char c) { return c == '\n' || c == '\r' || c == '\t'; }, ' ');
  return s;
}

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

v1::ChatEvent Event(const std::string& conversation_id) {
  v1::ChatEvent e;
  e.set_conversation_id(conversation_id);
  return e;
}

v1::ChatEvent StatusEvent(const std::string& conversation_id, v1::ReplyStatus status) {
  auto e = Event(conversation_id);
  e.mutable_status()->set_status(status);
  return e;
}

bool MentionsThis(const std::string& text) {
  const std::string lower = text::Lower(text);
  for (std::size_t pos = lower.find("this"); pos != std::string::npos; pos = lower.find("this", pos + 1)) {
    const bool start = pos == 0 || !std::isalpha(static_cast<unsigned char>(lower[pos - 1]));
    const bool end = pos + 4 >= lower.size() || !std::isalpha(static_cast<unsigned char>(lower[pos + 4]));
    if (start && end) return true;
  }
  return false;
}

}  // namespace

void ChatService::CreateConversation(const CallContext& call, const v1::CreateConversationRequest& req,
                                     v1::CreateConversationResponse* resp) {
  RequireUser(call, "conversations");
  const std::string title = OneLine(req.conversation().title());
  if (Chars(title) > kMaxTitleChars) throw InvalidArgument("conversation.title", "at most 200 characters");
  *resp->mutable_conversation() = pool_.WriteOne([&](db::Pool::ReadTx& tx) {
    return ConversationFromRow(db::Exec1(tx, sql::chat::create_conversation, call.principal.user_id, title));
  });
}

void ChatService::AskInNewConversation(const CallContext& call, const std::string& text, v1::ChatMessage* question,
                                       v1::ChatMessage* answer) {
  v1::ChatInput input;
  input.set_text(text);
  CheckInput(call, input, /*check_conversation=*/false);
  input.set_conversation_id(pool_.WriteOne([&](db::Pool::ReadTx& tx) {
    return db::Exec1(tx, sql::chat::create_conversation, call.principal.user_id, Shorten(OneLine(text), 60))[0]
        .as<std::string>();
  }));
  std::atomic<bool> never{false};
  try {
    RunTurn(call, input, [](v1::ChatEvent) {}, never, question, answer);
  } catch (...) {
    // The question was not stored: leave no empty conversation behind
    // (best effort; the turn's own error is the one to report).
    try {
      pool_.WriteOne([&](db::Pool::ReadTx& tx) {
        db::Exec(tx, sql::chat::delete_conversation, input.conversation_id(), call.principal.user_id);
      });
    } catch (const std::exception&) {
    }
    throw;
  }
  if (answer->message_id().empty()) throw Unavailable("the answer could not be produced; try again");
}

void ChatService::ListConversations(const CallContext& call, const v1::ListConversationsRequest& req,
                                    v1::ListConversationsResponse* resp) {
  RequireUser(call, "conversations");
  if (req.page_size() < 0) throw InvalidArgument("page_size", "must not be negative");
  const int size = PageSize(req.page_size(), 20, 100);
  std::optional<std::int64_t> after_micros;
  std::optional<std::string> after_id;
  if (const auto after = DecodeTimeIdToken("conversations", req.page_token())) {
    after_micros = after->micros;
    after_id = after->id;
  }
  pool_.Read([&](db::Pool::ReadTx& tx) {
    auto rows = db::Exec(tx, sql::chat::list_conversations, call.principal.user_id, after_micros, after_id, size + 1);
    for (int i = 0; i < static_cast<int>(rows.size()) && i < size; ++i) {
      *resp->add_conversations() = ConversationFromRow(rows[static_cast<pqxx::result::size_type>(i)]);
    }
    if (static_cast<int>(rows.size()) > size) {
      const auto& last = rows[static_cast<pqxx::result::size_type>(size - 1)];
      resp->set_next_page_token(
          EncodeTimeIdToken("conversations", last[5].as<std::int64_t>(), last[0].as<std::string>()));
    }
  });
}

void ChatService::GetConversation(const CallContext& call, const v1::GetConversationRequest& req,
                                  v1::GetConversationResponse* resp) {
  RequireUser(call, "conversations");
  CheckConversationId(req.conversation_id());
  *resp->mutable_conversation() = pool_.Read([&](db::Pool::ReadTx& tx) {
    auto rows = db::Exec(tx, sql::chat::get_conversation, req.conversation_id(), call.principal.user_id);
    if (rows.empty()) throw NotFound("no such conversation");
    return ConversationFromRow(rows[0]);
  });
}

void ChatService::UpdateConversation(const CallContext& call, const v1::UpdateConversationRequest& req,
                                     v1::UpdateConversationResponse* resp) {
  RequireUser(call, "conversations");
  CheckConversationId(req.conversation().conversation_id(), "conversation.conversation_id");
  Violations v;
  if (req.update_mask().paths_size() != 1 || req.update_mask().paths(0) != "title") {
    v.Add("update_mask", "must be exactly \"title\", the only writable field");
  }
  const std::string title = OneLine(req.conversation().title());
  if (title.empty()) v.Add("conversation.title", "required");
  if (Chars(title) > kMaxTitleChars) v.Add("conversation.title", "at most 200 characters");
  v.ThrowIfAny();
  *resp->mutable_conversation() = pool_.WriteOne([&](db::Pool::ReadTx& tx) {
    auto rows = db::Exec(tx, sql::chat::rename_conversation, req.conversation().conversation_id(),
                         call.principal.user_id, title);
    if (rows.empty()) throw NotFound("no such conversation");
    return ConversationFromRow(rows[0]);
  });
}

void ChatService::DeleteConversation(const CallContext& call, const v1::DeleteConversationRequest& req,
                                     v1::DeleteConversationResponse*) {
  RequireUser(call, "conversations");
  CheckConversationId(req.conversation_id());
  pool_.WriteOne([&](db::Pool::ReadTx& tx) {
    if (db::Exec(tx, sql::chat::delete_conversation, req.conversation_id(), call.principal.user_id).empty()) {
      throw NotFound("no such conversation");
    }
  });
}

void ChatService::ListMessages(const CallContext& call, const v1::ListMessagesRequest& req,
                               v1::ListMessagesResponse* resp) {
  RequireUser(call, "conversations");
  CheckConversationId(req.conversation_id());
  Violations v;
  if (req.page_size() < 0) v.Add("page_size", "must not be negative");
  if (!v1::MessageOrder_IsValid(req.order())) v.Add("order", "unknown value");
  v.ThrowIfAny();
  const int size = PageSize(req.page_size(), 50, 200);
  const std::string order = req.order() == v1::MESSAGE_ORDER_NEWEST_FIRST ? "desc" : "asc";
  const std::string list = "messages:" + req.conversation_id() + ":" + order;
  std::optional<std::int64_t> after_micros;
  std::optional<std::string> after_id;
  if (const auto after = DecodeTimeIdToken(list, req.page_token())) {
    after_micros = after->micros;
    after_id = after->id;
  }
  pool_.Read([&](db::Pool::ReadTx& tx) {
    if (db::Exec(tx, sql::chat::get_conversation, req.conversation_id(), call.principal.user_id).empty()) {
      throw NotFound("no such conversation");
    }
    auto rows = db::Exec(tx, sql::chat::list_messages, req.conversation_id(), call.principal.user_id, order,
                         after_micros, after_id, size + 1);
    for (int i = 0; i < static_cast<int>(rows.size()) && i < size; ++i) {
      *resp->add_messages() = MessageFromRow(rows[static_cast<pqxx::result::size_type>(i)]);
    }
    if (static_cast<int>(rows.size()) > size) {
      const auto& last = rows[static_cast<pqxx::result::size_type>(size - 1)];
      resp->set_next_page_token(EncodeTimeIdToken(list, last[11].as<std::int64_t>(), last[0].as<std::string>()));
    }
  });
}

void ChatService::CheckTurn(const CallContext& call, const v1::ChatInput& input) { CheckInput(call, input, true); }

void ChatService::CheckInput(const CallContext& call, const v1::ChatInput& input, bool check_conversation) {
  RequireUser(call, "conversations");
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
  if (!turn_rate_.TryConsume("chat:" + call.principal.user_id, limits_.turns_per_minute, std::chrono::seconds(60))) {
    throw ResourceExhausted("too many messages; at most " + std::to_string(limits_.turns_per_minute) +
                            " a minute");
  }
}

ChatContext ChatService::GatherContext(const std::string& user_id, const v1::ChatInput& input) {
  ChatContext c;
  c.question = input.text();
  pool_.Read([&](db::Pool::ReadTx& tx) {
    auto profile_rows = db::Exec(tx, sql::user::get_profile, user_id);
    if (!profile_rows.empty()) {
      const auto p = user::ProfileFromRow(profile_rows[0]);
      c.display_name = p.display_name();
      const auto& s = p.style();
      c.styles.assign(s.styles().begin(), s.styles().end());
      c.favorite_colors.assign(s.favorite_colors().begin(), s.favorite_colors().end());
      c.avoided_colors.assign(s.avoided_colors().begin(), s.avoided_colors().end());
      c.occasions.assign(s.occasions().begin(), s.occasions().end());
      c.style_notes = s.notes();
      c.monthly_budget = s.monthly_budget();
    }
    const auto items = db::Exec(tx, sql::wardrobe::items_for_styling, user_id, limits_.wardrobe_items);
    const wardrobe::ItemReader item(items);
    for (const auto& row : items) c.wardrobe.push_back(styling::ItemFromProto(item(row)));
    for (const auto& id : input.attached_item_ids()) {
      auto it = std::find_if(c.wardrobe.begin(), c.wardrobe.end(), [&](auto& w) { return w.id == id; });
      if (it != c.wardrobe.end()) c.focus.push_back(*it);
    }
    if (c.focus.empty() && !c.wardrobe.empty() && MentionsThis(input.text())) c.focus.push_back(c.wardrobe.front());
    // Recent turns, newest first from the query, kept within the budget.
    int budget = limits_.history_tokens;
    for (const auto& row : db::Exec(tx, sql::chat::recent_turns, input.conversation_id(), user_id, 40)) {
      Turn t{row[0].as<std::string>(), row[1].as<std::string>()};
      budget -= EstimateTokens(t.text);
      if (budget < 0) break;
      c.history.push_back(std::move(t));
    }
    std::reverse(c.history.begin(), c.history.end());
  });
  return c;
}

void ChatService::RunTurn(const CallContext& call, const v1::ChatInput& input,
                          const std::function<void(v1::ChatEvent)>& emit, const std::atomic<bool>& cancel,
                          v1::ChatMessage* user_out, v1::ChatMessage* reply_out) {
  const auto start = std::chrono::steady_clock::now();
  const std::string& user = call.principal.user_id;
  const std::string& conversation = input.conversation_id();
  nlohmann::json attached = nlohmann::json::array();
  for (const auto& id : input.attached_item_ids()) attached.push_back(id);

  // The user's message, stored before anything is generated.
  v1::ChatMessage user_message;
  pool_.Transact([&](pqxx::work& tx) {
    if (db::Exec(tx, sql::chat::lock_conversation, conversation, user).empty()) throw NotFound("no such conversation");
    if (input.attached_item_ids_size() > 0 &&
        db::Exec1(tx, sql::chat::owned_items, user, attached.dump())[0].as<int>() != input.attached_item_ids_size()) {
      throw InvalidArgument("attached_item_ids", "every attached item must be one of your wardrobe items");
    }
    const auto row = db::Exec1(tx, sql::chat::insert_message, conversation, user, "user", input.text(), attached.dump(),
                               "", "", std::optional<double>(), 0, 0, false);
    db::Exec0(tx, sql::chat::touch_conversation, conversation, user, Shorten(OneLine(input.text()), kPreviewChars),
              Shorten(OneLine(input.text()), 60));
    user_message.set_message_id(row[0].as<std::string>());
    proto::SetMicros(user_message.mutable_create_time(), row[2].as<std::int64_t>());
  });
  user_message.set_conversation_id(conversation);
  user_message.set_role(v1::MESSAGE_ROLE_USER);
  user_message.set_text(input.text());
  *user_message.mutable_attached_item_ids() = input.attached_item_ids();
  if (user_out) *user_out = user_message;
  {
    auto e = Event(conversation);
    *e.mutable_message() = user_message;
    emit(std::move(e));
  }
  emit(StatusEvent(conversation, v1::REPLY_STATUS_THINKING));

  Answer answer;
  std::string failure;
  try {
    const ChatContext context = GatherContext(user, input);
    bool answering = false;
    answer = responder_.Respond(
        context,
        [&](const std::string& piece) {
          if (!answering) {
            answering = true;
            emit(StatusEvent(conversation, v1::REPLY_STATUS_ANSWERING));
          }
          auto e = Event(conversation);
          e.mutable_text_delta()->set_text(piece);
          emit(std::move(e));
        },
        cancel);
  } catch (const std::exception& e) {
    failure = e.what();
  }
  if (!answer.fallback_reason.empty()) {
    log::Info("chat answered by the built-in stylist", {{"reason", answer.fallback_reason},
                                                        {"request_id", call.request_id}});
  }
  if (!failure.empty()) {
    auto e = Event(conversation);
    e.mutable_error()->set_code(grpc::StatusCode::UNAVAILABLE);
    e.mutable_error()->set_message("the answer could not be produced: " + failure);
    emit(std::move(e));
    emit(StatusEvent(conversation, v1::REPLY_STATUS_ERROR));
    return;
  }

  // The answer, stored once, whatever happened to it.
  const double latency_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  v1::ChatMessage reply;
  try {
    pool_.Transact([&](pqxx::work& tx) {
      const auto row = db::Exec1(tx, sql::chat::insert_message, conversation, user, "assistant", answer.text, "[]",
                                 answer.from_llm ? "llm" : "builtin", answer.model_name, latency_ms,
                                 answer.prompt_tokens, answer.completion_tokens, answer.interrupted);
      db::Exec0(tx, sql::chat::touch_conversation, conversation, user, Shorten(OneLine(answer.text), kPreviewChars),
                "");
      reply.set_message_id(row[0].as<std::string>());
      proto::SetMicros(reply.mutable_create_time(), row[2].as<std::int64_t>());
    });
  } catch (const std::exception& e) {
    auto ev = Event(conversation);
    ev.mutable_error()->set_code(grpc::StatusCode::UNAVAILABLE);
    ev.mutable_error()->set_message(std::string("the answer could not be stored: ") + e.what());
    emit(std::move(ev));
    emit(StatusEvent(conversation, v1::REPLY_STATUS_ERROR));
    return;
  }
  reply.set_conversation_id(conversation);
  reply.set_role(v1::MESSAGE_ROLE_ASSISTANT);
  reply.set_text(answer.text);
  reply.set_engine(answer.from_llm ? v1::REPLY_ENGINE_LLM : v1::REPLY_ENGINE_BUILTIN);
  reply.set_model_name(answer.model_name);
  *reply.mutable_latency() =
      google::protobuf::util::TimeUtil::MicrosecondsToDuration(static_cast<std::int64_t>(latency_ms * 1000));
  reply.set_prompt_tokens(answer.prompt_tokens);
  reply.set_completion_tokens(answer.completion_tokens);
  reply.set_interrupted(answer.interrupted);
  if (reply_out) *reply_out = reply;
  {
    auto e = Event(conversation);
    *e.mutable_message() = reply;
    emit(std::move(e));
  }
  if (answer.cancelled) {
    emit(StatusEvent(conversation, v1::REPLY_STATUS_CANCELLED));
  } else if (!answer.error.empty()) {
    auto e = Event(conversation);
    e.mutable_error()->set_code(grpc::StatusCode::UNAVAILABLE);
    e.mutable_error()->set_message("the model stopped part way: " + answer.error);
    emit(std::move(e));
    emit(StatusEvent(conversation, v1::REPLY_STATUS_ERROR));
  } else {
    emit(StatusEvent(conversation, v1::REPLY_STATUS_DONE));
  }
}

void ChatService::SendMessage(const CallContext& call, const v1::SendMessageRequest& req,
                              v1::SendMessageResponse* resp, const std::atomic<bool>& cancel) {
  CheckTurn(call, req.input());
  RunTurn(call, req.input(), [](v1::ChatEvent) {}, cancel, resp->mutable_user_message(), resp->mutable_reply());
  if (resp->reply().message_id().empty()) throw Unavailable("the answer could not be produced; try again");
}

}  // namespace stylist::chat
