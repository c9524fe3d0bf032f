// The chat service's rules on an in-memory store (fake_chat_store.h) and
// the built-in stylist (no model configured): conversations are their
// owner's, a turn stores the question before answering and emits the
// contract's event order, attached items must be the caller's, a reply
// that cannot be stored is an error event, the turn rate, and the legacy
// one-question conversations leave nothing behind when they fail.
#include <gtest/gtest.h>

#include "chat/chat_service.h"
#include "common/api_error.h"
#include "fake_chat_store.h"
#include "service_test_support.h"

namespace stylist::testing {
namespace {

constexpr char kAda[] = "00000000-0000-4000-8000-00000000000a";
constexpr char kBob[] = "00000000-0000-4000-8000-00000000000b";
constexpr char kAdasCoat[] = "00000000-0000-4000-8000-0000000000c1";
constexpr char kBobsHat[] = "00000000-0000-4000-8000-0000000000c2";

class ChatServiceTest : public ::testing::Test {
 protected:
  ChatServiceTest()
      : responder_(nullptr, 3, std::chrono::milliseconds(1000)), service_(chat::Deps{store_, responder_, quota_}, {}) {
    store_.owned_items[kAda] = {kAdasCoat};
    store_.owned_items[kBob] = {kBobsHat};
    chat::WardrobeItem coat;
    coat.id = kAdasCoat;
    coat.name = "navy wool coat";
    coat.category = "outerwear";
    coat.primary_color = "navy";
    store_.turn_inputs.wardrobe = {coat};
  }
  static AiLimits ThreeTurnsAMinute() {
    AiLimits l;
    l.chat_turns_per_minute = 3;
    return l;
  }

  std::string NewConversation(const std::string& user) {
    v1::CreateConversationRequest req;
    v1::CreateConversationResponse resp;
    service_.CreateConversation(As(user), req, &resp);
    return resp.conversation().conversation_id();
  }

  // One turn's events.
  std::vector<v1::ChatEvent> Turn(const std::string& user, v1::ChatInput input) {
    std::vector<v1::ChatEvent> events;
    std::atomic<bool> cancel{false};
    service_.CheckTurn(As(user), input);
    service_.RunTurn(As(user), input, [&](v1::ChatEvent e) { events.push_back(std::move(e)); }, cancel);
    return events;
  }

  FakeChatStore store_;
  AiQuota quota_{ThreeTurnsAMinute()};
  chat::Responder responder_;
  chat::ChatService service_;
};

TEST_F(ChatServiceTest, ConversationsAreTheirOwnersOnly) {
  const std::string id = NewConversation(kAda);
  v1::GetConversationRequest get;
  get.set_conversation_id(id);
  v1::GetConversationResponse got;
  service_.GetConversation(As(kAda), get, &got);
  EXPECT_EQ(got.conversation().conversation_id(), id);
  EXPECT_EQ(CodeOf([&] { service_.GetConversation(As(kBob), get, &got); }), grpc::StatusCode::NOT_FOUND);

  v1::UpdateConversationRequest rename;
  rename.mutable_conversation()->set_conversation_id(id);
  rename.mutable_conversation()->set_title("Bob was here");
  rename.mutable_update_mask()->add_paths("title");
  v1::UpdateConversationResponse renamed;
  EXPECT_EQ(CodeOf([&] { service_.UpdateConversation(As(kBob), rename, &renamed); }), grpc::StatusCode::NOT_FOUND);
  v1::DeleteConversationRequest del;
  del.set_conversation_id(id);
  EXPECT_EQ(CodeOf([&] { service_.DeleteConversation(As(kBob), del, nullptr); }), grpc::StatusCode::NOT_FOUND);
  v1::ListMessagesRequest list;
  list.set_conversation_id(id);
  v1::ListMessagesResponse messages;
  EXPECT_EQ(CodeOf([&] { service_.ListMessages(As(kBob), list, &messages); }), grpc::StatusCode::NOT_FOUND);
  v1::ListConversationsResponse bobs;
  service_.ListConversations(As(kBob), {}, &bobs);
  EXPECT_EQ(bobs.conversations_size(), 0);
  service_.GetConversation(As(kAda), get, &got);
  EXPECT_EQ(got.conversation().title(), "");
}

TEST_F(ChatServiceTest, TitlesAndMasksAreCheckedBeforeAnythingIsWritten) {
  const std::string id = NewConversation(kAda);
  const int writes = store_.writes;
  v1::UpdateConversationRequest rename;
  rename.mutable_conversation()->set_conversation_id(id);
  rename.mutable_conversation()->set_title(std::string(201, 'x'));
  rename.mutable_update_mask()->add_paths("title");
  v1::UpdateConversationResponse resp;
  EXPECT_EQ(CodeOf([&] { service_.UpdateConversation(As(kAda), rename, &resp); }), grpc::StatusCode::INVALID_ARGUMENT);
  rename.mutable_conversation()->set_title("Autumn layers");
  rename.mutable_update_mask()->set_paths(0, "message_count");
  EXPECT_EQ(CodeOf([&] { service_.UpdateConversation(As(kAda), rename, &resp); }), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(store_.writes, writes);
  rename.mutable_update_mask()->set_paths(0, "title");
  service_.UpdateConversation(As(kAda), rename, &resp);
  EXPECT_EQ(resp.conversation().title(), "Autumn layers");
}

TEST_F(ChatServiceTest, ATurnStoresTheQuestionThenStreamsAndStoresTheAnswerInOrder) {
  v1::ChatInput input;
  input.set_conversation_id(NewConversation(kAda));
  input.set_text("What goes with this coat?");
  input.add_attached_item_ids(kAdasCoat);
  const auto events = Turn(kAda, input);

  ASSERT_GE(events.size(), 5u);
  EXPECT_EQ(events.front().message().role(), v1::MESSAGE_ROLE_USER);
  EXPECT_EQ(events.front().message().attached_item_ids(0), kAdasCoat);
  EXPECT_EQ(events[1].status().status(), v1::REPLY_STATUS_THINKING);
  EXPECT_EQ(events[2].status().status(), v1::REPLY_STATUS_ANSWERING);
  std::string streamed;
  std::size_t i = 3;
  for (; i < events.size() && events[i].has_text_delta(); ++i) streamed += events[i].text_delta().text();
  ASSERT_LT(i + 1, events.size());
  const v1::ChatMessage& reply = events[i].message();
  EXPECT_EQ(reply.role(), v1::MESSAGE_ROLE_ASSISTANT);
  EXPECT_EQ(reply.engine(), v1::REPLY_ENGINE_BUILTIN);
  EXPECT_EQ(reply.text(), streamed);
  EXPECT_FALSE(reply.text().empty());
  EXPECT_EQ(events[i + 1].status().status(), v1::REPLY_STATUS_DONE);

  const auto stored = store_.messages(input.conversation_id());
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[0].text(), "What goes with this coat?");
  EXPECT_EQ(stored[1].text(), reply.text());
  // The conversation took its title from the first question.
  v1::GetConversationRequest get;
  get.set_conversation_id(input.conversation_id());
  v1::GetConversationResponse got;
  service_.GetConversation(As(kAda), get, &got);
  EXPECT_EQ(got.conversation().title(), "What goes with this coat?");
  EXPECT_EQ(got.conversation().message_count(), 2);
}

TEST_F(ChatServiceTest, AnotherUsersItemOrConversationStoresNothing) {
  v1::ChatInput input;
  input.set_conversation_id(NewConversation(kAda));
  input.set_text("Does this hat suit me?");
  input.add_attached_item_ids(kBobsHat);
  std::atomic<bool> cancel{false};
  const int writes = store_.writes;
  EXPECT_EQ(CodeOf([&] { service_.RunTurn(As(kAda), input, [](v1::ChatEvent) {}, cancel); }),
            grpc::StatusCode::INVALID_ARGUMENT);
  input.clear_attached_item_ids();
  EXPECT_EQ(CodeOf([&] { service_.RunTurn(As(kBob), input, [](v1::ChatEvent) {}, cancel); }),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(store_.writes, writes);
  EXPECT_TRUE(store_.messages(input.conversation_id()).empty());
}

TEST_F(ChatServiceTest, AnAnswerThatCannotBeStoredIsAnErrorEventNotASilentLoss) {
  v1::ChatInput input;
  input.set_conversation_id(NewConversation(kAda));
  input.set_text("Something for a wedding?");
  store_.fail_next_reply = true;
  const auto events = Turn(kAda, input);
  ASSERT_GE(events.size(), 2u);
  EXPECT_EQ(events[events.size() - 2].error().code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_NE(events[events.size() - 2].error().message().find("could not be stored"), std::string::npos);
  EXPECT_EQ(events.back().status().status(), v1::REPLY_STATUS_ERROR);
  // The question stays stored; the answer is not there.
  EXPECT_EQ(store_.messages(input.conversation_id()).size(), 1u);
}

TEST_F(ChatServiceTest, TurnsAreLimitedPerUserAndBadInputIsRefusedFirst) {
  v1::ChatInput input;
  input.set_conversation_id(NewConversation(kAda));
  input.set_text("   \n ");
  EXPECT_EQ(CodeOf([&] { service_.CheckTurn(As(kAda), input); }), grpc::StatusCode::INVALID_ARGUMENT);
  input.set_text(std::string(4001, 'a'));
  EXPECT_EQ(CodeOf([&] { service_.CheckTurn(As(kAda), input); }), grpc::StatusCode::INVALID_ARGUMENT);
  input.set_text("ok");
  for (int i = 0; i < 3; ++i) service_.CheckTurn(As(kAda), input);
  EXPECT_EQ(CodeOf([&] { service_.CheckTurn(As(kAda), input); }), grpc::StatusCode::RESOURCE_EXHAUSTED);
  // Bob has his own allowance.
  input.set_conversation_id(NewConversation(kBob));
  service_.CheckTurn(As(kBob), input);
}

// The legacy routes ask each question in a conversation of its own: when
// the question cannot be stored, that conversation is removed again; when
// only the answer is lost, the question and its conversation stay.
TEST_F(ChatServiceTest, AQuestionInItsOwnConversationLeavesNoEmptyConversationBehind) {
  v1::ChatMessage question, answer;
  service_.AskInNewConversation(As(kAda), "Which shoes?", &question, &answer);
  EXPECT_FALSE(answer.message_id().empty());

  store_.fail_next_question = true;
  EXPECT_THROW(service_.AskInNewConversation(As(kAda), "And a bag?", &question, &answer), std::runtime_error);
  ASSERT_EQ(store_.deleted.size(), 1u);

  store_.fail_next_reply = true;
  EXPECT_EQ(CodeOf([&] { service_.AskInNewConversation(As(kAda), "A scarf?", &question, &answer); }),
            grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(store_.deleted.size(), 1u);
  v1::ListConversationsResponse list;
  service_.ListConversations(As(kAda), {}, &list);
  ASSERT_EQ(list.conversations_size(), 2);
  EXPECT_EQ(list.conversations(0).title(), "A scarf?");
  EXPECT_EQ(list.conversations(0).message_count(), 1);
}

}  // namespace
}  // namespace stylist::testing
