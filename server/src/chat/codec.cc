#include "chat/codec.h"

#include <google/protobuf/util/time_util.h>

#include "common/proto_util.h"

namespace stylist::chat {

v1::ChatMessage UserMessage(const ChatStore::StoredMessage& stored, const v1::ChatInput& input) {
  v1::ChatMessage user_message;
  user_message.set_message_id(stored.message_id);
  proto::SetMicros(user_message.mutable_create_time(), stored.create_micros);
  user_message.set_conversation_id(input.conversation_id());
  user_message.set_role(v1::MESSAGE_ROLE_USER);
  user_message.set_text(input.text());
  *user_message.mutable_attached_item_ids() = input.attached_item_ids();
  return user_message;
}

v1::ChatMessage ReplyMessage(const ChatStore::StoredMessage& stored, const std::string& conversation,
                             const Answer& answer, double latency_ms) {
  v1::ChatMessage reply;
  reply.set_message_id(stored.message_id);
  proto::SetMicros(reply.mutable_create_time(), stored.create_micros);
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
  return reply;
}

}  // namespace stylist::chat
