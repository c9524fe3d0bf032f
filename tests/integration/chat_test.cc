// ChatService through a real server and PostgreSQL: conversations scoped to
// their owner, turns stored exactly once, the event order of StreamReply and
// Converse, the built-in stylist when no model is configured, and, with a
// real fake provider process (fake_llm.h), streaming order and usage,
// fallback on error and on a stalled first token, the circuit breaker, a
// model that drops mid-answer, and cancellation reaching the provider.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "fake_llm.h"
#include "server_process.h"
#include "stylist/v1/chat.grpc.pb.h"
#include "stylist/v1/wardrobe.grpc.pb.h"

namespace stylist::testing {
namespace {

using namespace std::chrono_literals;

constexpr char kLlmKey[] = "sk-test-provider-key-4e1f9a";

// A server of its own talking to `llm`.
std::unique_ptr<ServerProcess> ServerWithLlm(const ScratchDatabase& db, const FakeLlm& llm,
                                             std::map<std::string, std::string> extra = {}) {
  auto env = DefaultServerEnv(db.url());
  env["STYLIST_LLM_BASE_URL"] = llm.base_url();
  env["STYLIST_LLM_MODEL"] = "fake-model-1";
  env["STYLIST_LLM_API_KEY"] = kLlmKey;
  env["STYLIST_LLM_FIRST_TOKEN_TIMEOUT"] = "500ms";
  env["STYLIST_LLM_RETRIES"] = "0";
  env["STYLIST_LLM_BREAKER_FAILURES"] = "2";
  env["STYLIST_LLM_BREAKER_COOLDOWN"] = "1s";
  for (auto& [k, v] : extra) env[k] = v;
  return std::make_unique<ServerProcess>(env);
}

struct Client {
  std::unique_ptr<v1::UserService::Stub> users;
  std::unique_ptr<v1::ChatService::Stub> chat;
  std::string token;

  Client(const ServerProcess& server, const std::string& hint) {
    auto channel = server.NewChannel();
    users = v1::UserService::NewStub(channel);
    chat = v1::ChatService::NewStub(channel);
    token = RegisterUser(*users, hint).tokens().access_token();
  }

  std::string NewConversation(const std::string& title = "") {
    v1::CreateConversationRequest req;
    req.mutable_conversation()->set_title(title);
    v1::CreateConversationResponse resp;
    const auto status = chat->CreateConversation(Ctx(token).get(), req, &resp);
    EXPECT_TRUE(status.ok()) << Describe(status);
    return resp.conversation().conversation_id();
  }

  grpc::Status Send(const std::string& conversation, const std::string& text, v1::SendMessageResponse* resp) {
    v1::SendMessageRequest req;
    req.mutable_input()->set_conversation_id(conversation);
    req.mutable_input()->set_text(text);
    return chat->SendMessage(Ctx(token).get(), req, resp);
  }

  std::vector<v1::ChatMessage> Messages(const std::string& conversation) {
    v1::ListMessagesRequest req;
    req.set_conversation_id(conversation);
    v1::ListMessagesResponse resp;
    EXPECT_TRUE(chat->ListMessages(Ctx(token).get(), req, &resp).ok());
    return {resp.messages().begin(), resp.messages().end()};
  }
};

std::string Joined(const std::vector<v1::ChatEvent>& events) {
  std::string s;
  for (const auto& e : events) {
    if (e.has_text_delta()) s += e.text_delta().text();
  }
  return s;
}

// The event kinds in order: "user", "thinking", "answering", "delta",
// "assistant", "done", "error", ...; consecutive deltas collapse to one.
std::vector<std::string> Shape(const std::vector<v1::ChatEvent>& events) {
  std::vector<std::string> out;
  for (const auto& e : events) {
    std::string kind;
    if (e.has_text_delta()) kind = "delta";
    if (e.has_error()) kind = "error";
    if (e.has_message()) kind = e.message().role() == v1::MESSAGE_ROLE_USER ? "user" : "assistant";
    if (e.has_status()) {
      switch (e.status().status()) {
        case v1::REPLY_STATUS_THINKING: kind = "thinking"; break;
        case v1::REPLY_STATUS_ANSWERING: kind = "answering"; break;
        case v1::REPLY_STATUS_DONE: kind = "done"; break;
        case v1::REPLY_STATUS_ERROR: kind = "error_status"; break;
        case v1::REPLY_STATUS_CANCELLED: kind = "cancelled"; break;
        default: kind = "?";
      }
    }
    if (kind == "delta" && !out.empty() && out.back() == "delta") continue;
    out.push_back(kind);
  }
  return out;
}

// Every event of a server stream until it ends; the stream must end OK.
template <typename Reader, typename Response>
std::vector<v1::ChatEvent> ReadAll(Reader& reader, Response r) {
  std::vector<v1::ChatEvent> events;
  while (reader->Read(&r)) events.push_back(r.event());
  const auto status = reader->Finish();
  EXPECT_TRUE(status.ok()) << Describe(status);
  return events;
}

// A StreamReply of `text` in `conversation`.
std::vector<v1::ChatEvent> StreamReply(Client& c, const std::string& conversation, const std::string& text) {
  v1::StreamReplyRequest req;
  req.mutable_input()->set_conversation_id(conversation);
  req.mutable_input()->set_text(text);
  auto ctx = Ctx(c.token);
  auto reader = c.chat->StreamReply(ctx.get(), req);
  return ReadAll(reader, v1::StreamReplyResponse());
}

const std::vector<std::string> kCompleteTurn = {"user", "thinking", "answering", "delta", "assistant", "done"};

TEST(ChatTest, ConversationsBelongToTheirOwnerAndCanBeRenamedListedAndDeleted) {
  Client a(*Shared().server, "chat-a"), b(*Shared().server, "chat-b");
  const auto first = a.NewConversation("Packing for Lisbon");
  const auto second = a.NewConversation();
  v1::ListConversationsResponse list;
  ASSERT_TRUE(a.chat->ListConversations(Ctx(a.token).get(), {}, &list).ok());
  ASSERT_EQ(list.conversations_size(), 2);
  EXPECT_EQ(list.conversations(0).conversation_id(), second) << "most recently active first";

  v1::UpdateConversationRequest rename;
  rename.mutable_conversation()->set_conversation_id(first);
  rename.mutable_conversation()->set_title("Lisbon in May");
  rename.mutable_update_mask()->add_paths("title");
  v1::UpdateConversationResponse renamed;
  ASSERT_TRUE(a.chat->UpdateConversation(Ctx(a.token).get(), rename, &renamed).ok());
  EXPECT_EQ(renamed.conversation().title(), "Lisbon in May");
  EXPECT_EQ(b.chat->UpdateConversation(Ctx(b.token).get(), rename, &renamed).error_code(),
            grpc::StatusCode::NOT_FOUND);

  v1::GetConversationRequest get;
  get.set_conversation_id(first);
  v1::GetConversationResponse got;
  EXPECT_EQ(b.chat->GetConversation(Ctx(b.token).get(), get, &got).error_code(), grpc::StatusCode::NOT_FOUND);
  v1::SendMessageResponse sent;
  EXPECT_EQ(b.Send(first, "hello", &sent).error_code(), grpc::StatusCode::NOT_FOUND);
  v1::ListMessagesRequest lm;
  lm.set_conversation_id(first);
  v1::ListMessagesResponse msgs;
  EXPECT_EQ(b.chat->ListMessages(Ctx(b.token).get(), lm, &msgs).error_code(), grpc::StatusCode::NOT_FOUND);
  v1::DeleteConversationRequest del;
  del.set_conversation_id(first);
  v1::DeleteConversationResponse deleted;
  EXPECT_EQ(b.chat->DeleteConversation(Ctx(b.token).get(), del, &deleted).error_code(), grpc::StatusCode::NOT_FOUND);
  ASSERT_TRUE(a.chat->DeleteConversation(Ctx(a.token).get(), del, &deleted).ok());
  EXPECT_EQ(a.chat->GetConversation(Ctx(a.token).get(), get, &got).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST(ChatTest, WithoutAModelTheBuiltInStylistAnswersFromTheWardrobeAndEachTurnIsStoredOnce) {
  Client c(*Shared().server, "chat-builtin");
  auto wardrobe = v1::WardrobeService::NewStub(Shared().server->NewChannel());
  for (const auto& [name, category, color] :
       {std::tuple{"Navy blazer", v1::CLOTHING_CATEGORY_OUTERWEAR, "navy"},
        std::tuple{"White oxford shirt", v1::CLOTHING_CATEGORY_TOP, "white"},
        std::tuple{"Grey chinos", v1::CLOTHING_CATEGORY_BOTTOM, "grey"},
        std::tuple{"Brown brogues", v1::CLOTHING_CATEGORY_SHOES, "brown"}}) {
    v1::CreateItemRequest req;
    req.mutable_item()->set_name(name);
    req.mutable_item()->set_category(category);
    req.mutable_item()->set_primary_color(color);
    v1::CreateItemResponse resp;
    ASSERT_TRUE(wardrobe->CreateItem(Ctx(c.token).get(), req, &resp).ok());
  }
  const auto conversation = c.NewConversation();
  v1::SendMessageResponse sent;
  const auto status = c.Send(conversation, "What should I wear this weekend when it's cold?", &sent);
  ASSERT_TRUE(status.ok()) << Describe(status);
  EXPECT_EQ(sent.reply().engine(), v1::REPLY_ENGINE_BUILTIN);
  EXPECT_TRUE(sent.reply().model_name().empty());
  EXPECT_NE(sent.reply().text().find("Built-in stylist"), std::string::npos);
  EXPECT_NE(sent.reply().text().find("White oxford shirt"), std::string::npos) << sent.reply().text();
  EXPECT_NE(sent.reply().text().find("Grey chinos"), std::string::npos) << sent.reply().text();
  EXPECT_GT(sent.reply().completion_tokens(), 0);
  EXPECT_FALSE(sent.reply().interrupted());

  const auto messages = c.Messages(conversation);
  ASSERT_EQ(messages.size(), 2u) << "one user message and one answer";
  EXPECT_EQ(messages[0].message_id(), sent.user_message().message_id());
  EXPECT_EQ(messages[1].message_id(), sent.reply().message_id());
  EXPECT_EQ(messages[1].text(), sent.reply().text());
  EXPECT_EQ(messages[1].engine(), v1::REPLY_ENGINE_BUILTIN);
  v1::GetConversationRequest get;
  get.set_conversation_id(conversation);
  v1::GetConversationResponse got;
  ASSERT_TRUE(c.chat->GetConversation(Ctx(c.token).get(), get, &got).ok());
  EXPECT_EQ(got.conversation().title(), "What should I wear this weekend when it's cold?") << "titled by the first";
  EXPECT_EQ(got.conversation().message_count(), 2);
}

TEST(ChatTest, BadTurnsAreRefusedAndStoreNothing) {
  Client c(*Shared().server, "chat-bad");
  const auto conversation = c.NewConversation();
  v1::SendMessageResponse sent;
  auto status = c.Send(conversation, std::string(4001, 'a'), &sent);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"text"});
  EXPECT_EQ(c.Send(conversation, "   ", &sent).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(c.Send("not-an-id", "hi", &sent).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  // Someone else's item attached.
  Client other(*Shared().server, "chat-bad-other");
  auto wardrobe = v1::WardrobeService::NewStub(Shared().server->NewChannel());
  v1::CreateItemRequest item;
  item.mutable_item()->set_name("Their scarf");
  v1::CreateItemResponse created;
  ASSERT_TRUE(wardrobe->CreateItem(Ctx(other.token).get(), item, &created).ok());
  v1::SendMessageRequest req;
  req.mutable_input()->set_conversation_id(conversation);
  req.mutable_input()->set_text("Does this suit me?");
  req.mutable_input()->add_attached_item_ids(created.item().item_id());
  status = c.chat->SendMessage(Ctx(c.token).get(), req, &sent);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << Describe(status);
  EXPECT_TRUE(c.Messages(conversation).empty()) << "a refused turn stores nothing";
}

TEST(ChatTest, StreamReplySendsTheEventsInContractOrder) {
  Client c(*Shared().server, "chat-stream");
  const auto conversation = c.NewConversation();
  const auto events = StreamReply(c, conversation, "What colours go with navy?");
  EXPECT_EQ(Shape(events), kCompleteTurn);
  const auto& reply = events[events.size() - 2].message();
  EXPECT_EQ(reply.text(), Joined(events)) << "the stored answer is the deltas joined";
  EXPECT_EQ(c.Messages(conversation).size(), 2u);
}

TEST(ChatTest, ConverseCarriesSeveralTurnsOnOneStream) {
  Client c(*Shared().server, "chat-converse");
  const auto conversation = c.NewConversation();
  auto ctx = Ctx(c.token);
  auto stream = c.chat->Converse(ctx.get());
  std::vector<v1::ChatEvent> events;
  for (const char* text : {"hello", "How do I wash a wool jumper?"}) {
    v1::ConverseRequest req;
    req.mutable_send_message()->set_conversation_id(conversation);
    req.mutable_send_message()->set_text(text);
    ASSERT_TRUE(stream->Write(req));
    v1::ConverseResponse r;
    while (stream->Read(&r)) {
      events.push_back(r.event());
      if (r.event().has_status() && r.event().status().status() == v1::REPLY_STATUS_DONE) break;
    }
  }
  stream->WritesDone();
  v1::ConverseResponse extra;
  EXPECT_FALSE(stream->Read(&extra));
  EXPECT_TRUE(stream->Finish().ok());
  auto expected = kCompleteTurn;
  expected.insert(expected.end(), kCompleteTurn.begin(), kCompleteTurn.end());
  EXPECT_EQ(Shape(events), expected);
  const auto messages = c.Messages(conversation);
  ASSERT_EQ(messages.size(), 4u);
  EXPECT_NE(messages[3].text().find("Wool"), std::string::npos);
}

TEST(ChatTest, ConverseRefusesWithoutAToken) {
  auto chat = v1::ChatService::NewStub(Shared().server->NewChannel());
  auto ctx = Ctx();
  auto stream = chat->Converse(ctx.get());
  v1::ConverseResponse r;
  EXPECT_FALSE(stream->Read(&r));
  EXPECT_EQ(stream->Finish().error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

class ChatLlmTest : public ::testing::Test {
 protected:
  // After the client gave up on a "[slow]" answer: the provider saw its
  // stream closed, and the partial answer is stored once, as interrupted.
  void ExpectStoppedAndStoredInterrupted(Client& c, const std::string& conversation, const ServerProcess& server) {
    for (int i = 0; i < 30 && llm_.aborted() == 0; ++i) std::this_thread::sleep_for(100ms);
    EXPECT_EQ(llm_.aborted(), 1) << "the provider saw its stream closed";
    std::vector<v1::ChatMessage> messages;
    for (int i = 0; i < 30 && messages.size() < 2; ++i) {
      std::this_thread::sleep_for(100ms);
      messages = c.Messages(conversation);
    }
    ASSERT_EQ(messages.size(), 2u) << server.Log();
    EXPECT_TRUE(messages[1].interrupted());
  }

  ScratchDatabase db_;
  FakeLlm llm_;
};

TEST_F(ChatLlmTest, TheModelsAnswerIsStreamedInOrderAndStoredWithItsUsage) {
  auto server = ServerWithLlm(db_, llm_);
  Client c(*server, "llm-ok");
  const auto conversation = c.NewConversation();
  const auto events = StreamReply(c, conversation, "What should I wear tonight?");
  EXPECT_EQ(Shape(events), kCompleteTurn);
  std::vector<std::string> deltas;
  for (const auto& e : events) {
    if (e.has_text_delta()) deltas.push_back(e.text_delta().text());
  }
  EXPECT_EQ(deltas, (std::vector<std::string>{"Hello", " from", " the", " model."}));
  const auto reply = c.Messages(conversation).at(1);
  EXPECT_EQ(reply.text(), "Hello from the model.");
  EXPECT_EQ(reply.engine(), v1::REPLY_ENGINE_LLM);
  EXPECT_EQ(reply.model_name(), "fake-model-1");
  EXPECT_EQ(reply.prompt_tokens(), 321) << "the provider's usage report";
  EXPECT_EQ(reply.completion_tokens(), 4);
  EXPECT_GT(reply.latency().nanos() + reply.latency().seconds(), 0);
  EXPECT_EQ(llm_.last_authorization(), std::string("Bearer ") + kLlmKey);
  EXPECT_NE(llm_.last_body().find("What should I wear tonight?"), std::string::npos);
  EXPECT_EQ(server->Log().find(kLlmKey), std::string::npos) << "the key never reaches the log";
}

TEST_F(ChatLlmTest, TheBuiltInStylistAnswersWhenTheModelErrsOrStalls) {
  auto server = ServerWithLlm(db_, llm_, {{"STYLIST_LLM_BREAKER_FAILURES", "10"}});
  Client c(*server, "llm-fallback");
  const auto conversation = c.NewConversation();
  v1::SendMessageResponse sent;
  ASSERT_TRUE(c.Send(conversation, "[error] what goes with navy?", &sent).ok());
  EXPECT_EQ(sent.reply().engine(), v1::REPLY_ENGINE_BUILTIN);
  EXPECT_FALSE(sent.reply().interrupted());
  const auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(c.Send(conversation, "[stall] what goes with navy?", &sent).ok());
  EXPECT_EQ(sent.reply().engine(), v1::REPLY_ENGINE_BUILTIN);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2500ms) << "the first-token timeout (500 ms) applied";
  ASSERT_TRUE(c.Send(conversation, "and shoes?", &sent).ok());
  EXPECT_EQ(sent.reply().engine(), v1::REPLY_ENGINE_LLM) << "the model is used again once it answers";
  EXPECT_EQ(c.Messages(conversation).size(), 6u) << "three turns, each stored once";
}

TEST_F(ChatLlmTest, TheCircuitBreakerStopsCallingAFailingModelAndTriesAgainAfterTheCooldown) {
  auto server = ServerWithLlm(db_, llm_);  // 2 failures open it for 1 s
  Client c(*server, "llm-breaker");
  const auto conversation = c.NewConversation();
  v1::SendMessageResponse sent;
  ASSERT_TRUE(c.Send(conversation, "[error] one", &sent).ok());
  ASSERT_TRUE(c.Send(conversation, "[error] two", &sent).ok());
  EXPECT_EQ(llm_.requests(), 2);
  ASSERT_TRUE(c.Send(conversation, "three", &sent).ok());
  EXPECT_EQ(sent.reply().engine(), v1::REPLY_ENGINE_BUILTIN) << "open: the model is not called";
  EXPECT_EQ(llm_.requests(), 2);
  std::this_thread::sleep_for(1200ms);
  ASSERT_TRUE(c.Send(conversation, "four", &sent).ok());
  EXPECT_EQ(sent.reply().engine(), v1::REPLY_ENGINE_LLM) << "half-open trial succeeded";
  EXPECT_EQ(llm_.requests(), 3);
  ASSERT_TRUE(c.Send(conversation, "five", &sent).ok());
  EXPECT_EQ(sent.reply().engine(), v1::REPLY_ENGINE_LLM) << "closed again";
}

TEST_F(ChatLlmTest, AModelThatDropsMidAnswerLeavesTheStoredPartAndAnError) {
  auto server = ServerWithLlm(db_, llm_);
  Client c(*server, "llm-drop");
  const auto conversation = c.NewConversation();
  const auto events = StreamReply(c, conversation, "[disconnect] tell me everything");
  EXPECT_EQ(Shape(events), (std::vector<std::string>{"user", "thinking", "answering", "delta", "assistant", "error",
                                                     "error_status"}));
  const auto reply = c.Messages(conversation).at(1);
  EXPECT_EQ(reply.text(), "Half an answer");
  EXPECT_TRUE(reply.interrupted());
  EXPECT_EQ(reply.engine(), v1::REPLY_ENGINE_LLM);
}

TEST_F(ChatLlmTest, CancelReplyStopsTheModelAndABusyStreamRefusesASecondMessage) {
  auto server = ServerWithLlm(db_, llm_);
  Client c(*server, "llm-cancel");
  const auto conversation = c.NewConversation();
  auto ctx = Ctx(c.token);
  auto stream = c.chat->Converse(ctx.get());
  v1::ConverseRequest send;
  send.mutable_send_message()->set_conversation_id(conversation);
  send.mutable_send_message()->set_text("[slow] a long story");
  ASSERT_TRUE(stream->Write(send));
  std::vector<v1::ChatEvent> events;
  v1::ConverseResponse r;
  int deltas = 0;
  while (deltas < 2 && stream->Read(&r)) {
    events.push_back(r.event());
    deltas += r.event().has_text_delta();
  }
  // A second message while the first is answered is refused...
  v1::ConverseRequest again = send;
  again.mutable_send_message()->set_text("and another");
  ASSERT_TRUE(stream->Write(again));
  // ...and the answer is cancelled.
  v1::ConverseRequest cancel;
  cancel.mutable_cancel_reply();
  ASSERT_TRUE(stream->Write(cancel));
  bool refused = false;
  while (stream->Read(&r)) {
    events.push_back(r.event());
    if (r.event().has_error() && r.event().error().code() == grpc::StatusCode::FAILED_PRECONDITION) refused = true;
    if (r.event().has_status() && r.event().status().status() == v1::REPLY_STATUS_CANCELLED) break;
  }
  EXPECT_TRUE(refused);
  stream->WritesDone();
  while (stream->Read(&r)) {
  }
  EXPECT_TRUE(stream->Finish().ok());
  for (int i = 0; i < 30 && llm_.aborted() == 0; ++i) std::this_thread::sleep_for(100ms);
  EXPECT_EQ(llm_.aborted(), 1) << "the provider saw its stream closed";
  const auto messages = c.Messages(conversation);
  ASSERT_EQ(messages.size(), 2u) << "the refused message is not stored";
  EXPECT_TRUE(messages[1].interrupted());
  EXPECT_EQ(messages[1].text().rfind("word0 word1 ", 0), 0u) << messages[1].text();
  EXPECT_LT(messages[1].text().size(), 60u * 7);
}

TEST_F(ChatLlmTest, AClientThatGoesAwayStopsTheModel) {
  auto server = ServerWithLlm(db_, llm_);
  Client c(*server, "llm-gone");
  const auto conversation = c.NewConversation();
  v1::StreamReplyRequest req;
  req.mutable_input()->set_conversation_id(conversation);
  req.mutable_input()->set_text("[slow] tell me a long story");
  auto ctx = Ctx(c.token);
  auto reader = c.chat->StreamReply(ctx.get(), req);
  v1::StreamReplyResponse r;
  int deltas = 0;
  while (deltas < 2 && reader->Read(&r)) deltas += r.event().has_text_delta();
  ctx->TryCancel();
  reader->Finish();
  ExpectStoppedAndStoredInterrupted(c, conversation, *server);
}

TEST_F(ChatLlmTest, SendMessageRunsOffTheRpcWorkersAndStopsWhenTheClientGivesUp) {
  // One RPC worker: if answers ran there, the profile call below would wait.
  auto server = ServerWithLlm(db_, llm_, {{"STYLIST_WORKER_THREADS", "1"}});
  Client c(*server, "llm-unary");
  const auto conversation = c.NewConversation();
  v1::SendMessageRequest req;
  req.mutable_input()->set_conversation_id(conversation);
  req.mutable_input()->set_text("[slow] a long story");
  v1::SendMessageResponse sent;
  grpc::ClientContext slow;
  slow.set_deadline(std::chrono::system_clock::now() + 1500ms);
  slow.AddMetadata("authorization", "Bearer " + c.token);
  grpc::Status slow_status;
  const int before = llm_.requests();
  std::thread caller([&] { slow_status = c.chat->SendMessage(&slow, req, &sent); });
  // The slow answer is under way once the model has the request.
  for (int i = 0; i < 250 && llm_.requests() == before; ++i) std::this_thread::sleep_for(20ms);
  ASSERT_GT(llm_.requests(), before) << "the model never got the request";
  const auto start = std::chrono::steady_clock::now();
  v1::GetProfileResponse profile;
  EXPECT_TRUE(c.users->GetProfile(Ctx(c.token).get(), {}, &profile).ok());
  // Blocked behind the slow answer it would take over a second; the margin
  // holds with the CPU-heavy tests running beside this one.
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1000ms) << "the RPC worker was free";
  caller.join();
  EXPECT_EQ(slow_status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  ExpectStoppedAndStoredInterrupted(c, conversation, *server);
}

}  // namespace
}  // namespace stylist::testing
