#include "chat/chat_service.h"

#include <algorithm>
#include <chrono>

#include <google/protobuf/util/time_util.h>

#include "auth/require_user.h"
#include "chat/codec.h"
#include "common/api_error.h"
#include "common/logging.h"
#include "common/page_token.h"
#include "common/text.h"
#include "metrics/metrics.h"

namespace stylist::chat {
namespace {

constexpr int kPreviewChars = 120;
// Turns read for a turn's context, before the token budget trims them.
constexpr int kRecentTurnsRead = 40;

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

std::int64_t Micros(const google::protobuf::Timestamp& t) {
  return google::protobuf::util::TimeUtil::TimestampToMicroseconds(t);
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
  CheckCreateConversation(req);
  *resp->mutable_conversation() =
      d_.store.CreateConversation(call.principal.user_id, OneLine(req.conversation().title()));
}

void ChatService::AskInNewConversation(const CallContext& call, const std::string& text, v1::ChatMessage* question,
                                       v1::ChatMessage* answer) {
  question->Clear();  // what the caller passed may hold an earlier turn
  answer->Clear();
  v1::ChatInput input;
  input.set_text(text);
  CheckInput(call, input, /*check_conversation=*/false);
  input.set_conversation_id(
      d_.store.CreateConversation(call.principal.user_id, Shorten(OneLine(text), 60)).conversation_id());
  std::atomic<bool> never{false};
  try {
    RunTurn(call, input, [](v1::ChatEvent) {}, never, question, answer);
  } catch (...) {
    // The question was not stored: leave no empty conversation behind
    // (best effort; the turn's own error is the one to report).
    try {
      d_.store.DeleteConversation(call.principal.user_id, input.conversation_id());
    } catch (const std::exception&) {
    }
    throw;
  }
  if (answer->message_id().empty()) throw Unavailable("the answer could not be produced; try again");
}

void ChatService::ListConversations(const CallContext& call, const v1::ListConversationsRequest& req,
                                    v1::ListConversationsResponse* resp) {
  RequireUser(call, "conversations");
  CheckListConversations(req);
  const int size = PageSize(req.page_size(), 20, 100);
  std::optional<std::int64_t> after_micros;
  std::optional<std::string> after_id;
  if (const auto after = DecodeTimeIdToken("conversations", req.page_token())) {
    after_micros = after->micros;
    after_id = after->id;
  }
  auto conversations = d_.store.ListConversations(call.principal.user_id, after_micros, after_id, size + 1);
  const bool more = static_cast<int>(conversations.size()) > size;
  if (more) conversations.resize(static_cast<std::size_t>(size));
  for (auto& c : conversations) *resp->add_conversations() = std::move(c);
  if (more) {
    const auto& last = resp->conversations(size - 1);
    resp->set_next_page_token(EncodeTimeIdToken("conversations", Micros(last.update_time()), last.conversation_id()));
  }
}

void ChatService::GetConversation(const CallContext& call, const v1::GetConversationRequest& req,
                                  v1::GetConversationResponse* resp) {
  RequireUser(call, "conversations");
  CheckConversationId(req.conversation_id());
  auto conversation = d_.store.GetConversation(call.principal.user_id, req.conversation_id());
  if (!conversation) throw NotFound("no such conversation");
  *resp->mutable_conversation() = std::move(*conversation);
}

void ChatService::UpdateConversation(const CallContext& call, const v1::UpdateConversationRequest& req,
                                     v1::UpdateConversationResponse* resp) {
  RequireUser(call, "conversations");
  CheckUpdateConversation(req);
  auto renamed = d_.store.RenameConversation(call.principal.user_id, req.conversation().conversation_id(),
                                             OneLine(req.conversation().title()));
  if (!renamed) throw NotFound("no such conversation");
  *resp->mutable_conversation() = std::move(*renamed);
}

void ChatService::DeleteConversation(const CallContext& call, const v1::DeleteConversationRequest& req,
                                     v1::DeleteConversationResponse*) {
  RequireUser(call, "conversations");
  CheckConversationId(req.conversation_id());
  if (!d_.store.DeleteConversation(call.principal.user_id, req.conversation_id())) {
    throw NotFound("no such conversation");
  }
}

void ChatService::ListMessages(const CallContext& call, const v1::ListMessagesRequest& req,
                               v1::ListMessagesResponse* resp) {
  RequireUser(call, "conversations");
  CheckListMessages(req);
  const int size = PageSize(req.page_size(), 50, 200);
  const bool newest_first = req.order() == v1::MESSAGE_ORDER_NEWEST_FIRST;
  const std::string order = newest_first ? "desc" : "asc";
  const std::string list = "messages:" + req.conversation_id() + ":" + order;
  std::optional<std::int64_t> after_micros;
  std::optional<std::string> after_id;
  if (const auto after = DecodeTimeIdToken(list, req.page_token())) {
    after_micros = after->micros;
    after_id = after->id;
  }
  auto messages = d_.store.ListMessages(call.principal.user_id, req.conversation_id(), newest_first, after_micros,
                                      after_id, size + 1);
  if (!messages) throw NotFound("no such conversation");
  const bool more = static_cast<int>(messages->size()) > size;
  if (more) messages->resize(static_cast<std::size_t>(size));
  for (auto& m : *messages) *resp->add_messages() = std::move(m);
  if (more) {
    const auto& last = resp->messages(size - 1);
    resp->set_next_page_token(EncodeTimeIdToken(list, Micros(last.create_time()), last.message_id()));
  }
}

void ChatService::CheckTurn(const CallContext& call, const v1::ChatInput& input) { CheckInput(call, input, true); }

void ChatService::CheckInput(const CallContext& call, const v1::ChatInput& input, bool check_conversation) {
  RequireUser(call, "conversations");
  CheckChatInput(input, check_conversation);
  d_.quota.Take(call.principal, call.principal.user_id, AiWork::kChat);
}

ChatContext ChatService::GatherContext(const std::string& user_id, const v1::ChatInput& input) {
  ChatContext c;
  c.question = input.text();
  ChatStore::TurnInputs in =
      d_.store.ReadTurnInputs(user_id, input.conversation_id(), limits_.wardrobe_items, kRecentTurnsRead);
  if (in.profile) {
    c.display_name = in.profile->display_name();
    const auto& s = in.profile->style();
    c.styles.assign(s.styles().begin(), s.styles().end());
    c.favorite_colors.assign(s.favorite_colors().begin(), s.favorite_colors().end());
    c.avoided_colors.assign(s.avoided_colors().begin(), s.avoided_colors().end());
    c.occasions.assign(s.occasions().begin(), s.occasions().end());
    c.style_notes = s.notes();
    c.monthly_budget = s.monthly_budget();
  }
  c.wardrobe = std::move(in.wardrobe);
  for (const auto& id : input.attached_item_ids()) {
    auto it = std::find_if(c.wardrobe.begin(), c.wardrobe.end(), [&](auto& w) { return w.id == id; });
    if (it != c.wardrobe.end()) c.focus.push_back(*it);
  }
  if (c.focus.empty() && !c.wardrobe.empty() && MentionsThis(input.text())) c.focus.push_back(c.wardrobe.front());
  // Recent turns, newest first from the store, kept within the budget.
  int budget = limits_.history_tokens;
  for (auto& t : in.recent_turns) {
    budget -= EstimateTokens(t.text);
    if (budget < 0) break;
    c.history.push_back(std::move(t));
  }
  std::reverse(c.history.begin(), c.history.end());
  return c;
}

void ChatService::RunTurn(const CallContext& call, const v1::ChatInput& input,
                          const std::function<void(v1::ChatEvent)>& emit, const std::atomic<bool>& cancel,
                          v1::ChatMessage* user_out, v1::ChatMessage* reply_out) {
  const auto start = std::chrono::steady_clock::now();
  const std::string& user = call.principal.user_id;
  const std::string& conversation = input.conversation_id();
  // The user's message, stored before anything is generated.
  ChatStore::NewMessage asked;
  asked.role = "user";
  asked.text = input.text();
  asked.attached_item_ids.assign(input.attached_item_ids().begin(), input.attached_item_ids().end());
  ChatStore::StoredMessage stored;
  switch (d_.store.AppendMessage(user, conversation, asked, Shorten(OneLine(input.text()), kPreviewChars),
                               Shorten(OneLine(input.text()), 60), &stored)) {
    case ChatStore::Appended::kNoConversation:
      throw NotFound("no such conversation");
    case ChatStore::Appended::kItemsNotOwned:
      throw InvalidArgument("attached_item_ids", "every attached item must be one of your wardrobe items");
    case ChatStore::Appended::kStored:
      break;
  }
  const v1::ChatMessage user_message = UserMessage(stored, input);
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
    answer = d_.responder.Respond(
        context,
        [&](const std::string& piece) {
          if (!answering) {
            answering = true;
            metrics::ObserveFirstToken(std::chrono::steady_clock::now() - start);
            emit(StatusEvent(conversation, v1::REPLY_STATUS_ANSWERING));
          }
          auto e = Event(conversation);
          e.mutable_text_delta()->set_text(piece);
          emit(std::move(e));
        },
        cancel);
  } catch (const ApiError& e) {
    failure = e.what();  // written for clients ("database unavailable")
  } catch (const std::exception& e) {
    log::Warn("chat answer not produced", {{"error", e.what()}, {"request_id", call.request_id}});
    failure = "an internal error";
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
  ChatStore::NewMessage answered;
  answered.role = "assistant";
  answered.text = answer.text;
  answered.engine = answer.from_llm ? "llm" : "builtin";
  answered.model_name = answer.model_name;
  answered.latency_ms = latency_ms;
  answered.prompt_tokens = answer.prompt_tokens;
  answered.completion_tokens = answer.completion_tokens;
  answered.interrupted = answer.interrupted;
  std::string not_stored;
  try {
    if (d_.store.AppendMessage(user, conversation, answered, Shorten(OneLine(answer.text), kPreviewChars), "", &stored) !=
        ChatStore::Appended::kStored) {
      not_stored = "the conversation was deleted meanwhile";
    }
  } catch (const std::exception& e) {
    // The database's words stay in the log; the client learns what failed.
    log::Warn("chat answer not stored", {{"error", e.what()}, {"request_id", call.request_id}});
    not_stored = "the database is unavailable";
  }
  if (!not_stored.empty()) {
    auto ev = Event(conversation);
    ev.mutable_error()->set_code(grpc::StatusCode::UNAVAILABLE);
    ev.mutable_error()->set_message("the answer could not be stored: " + not_stored + "; ask again");
    emit(std::move(ev));
    emit(StatusEvent(conversation, v1::REPLY_STATUS_ERROR));
    return;
  }
  const v1::ChatMessage reply = ReplyMessage(stored, conversation, answer, latency_ms);
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
