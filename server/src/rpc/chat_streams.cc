#include "rpc/chat_streams.h"

#include <atomic>
#include <deque>
#include <memory>
#include <mutex>

#include "common/api_error.h"
#include "common/text_input.h"
#include "metrics/metrics.h"

namespace stylist::rpc {
namespace {

using Clock = std::chrono::steady_clock;

// A status as an error event's google.rpc.Status.
v1::ChatEvent ErrorEvent(const std::string& conversation_id, const grpc::Status& status) {
  v1::ChatEvent e;
  e.set_conversation_id(conversation_id);
  e.mutable_error()->set_code(status.error_code());
  e.mutable_error()->set_message(status.error_message());
  return e;
}

// Counts a chat stream as open for as long as its reactor lives.
class OpenStream {
 public:
  explicit OpenStream(const char* method) : method_(method) { metrics::ChatStreamOpened(method_); }
  ~OpenStream() { metrics::ChatStreamClosed(method_); }
  OpenStream(const OpenStream&) = delete;
  OpenStream& operator=(const OpenStream&) = delete;

 private:
  const char* method_;
};

class StreamReplyReactor final : public grpc::ServerWriteReactor<v1::StreamReplyResponse> {
 public:
  StreamReplyReactor(Runtime& rt, WorkerPool& turns, chat::ChatService& chat, grpc::CallbackServerContext* ctx,
                     const v1::StreamReplyRequest* request)
      : call_(MakeCallContext(*ctx, rt, "/stylist.v1.ChatService/StreamReply")), start_(Clock::now()) {
    ctx->AddInitialMetadata("x-request-id", call_.request_id);
    auto credentials = CredentialsFrom(*ctx);
    const bool queued = turns.TrySubmit([this, &rt, &chat, request, credentials] {
      const auto status = RunGuarded(call_, [&] {
        call_.principal = rt.authenticator.Authenticate(credentials, Access::kUser);
        chat.CheckTurn(call_, request->input());
        chat.RunTurn(call_, request->input(), [this](v1::ChatEvent e) { Push(std::move(e)); }, cancel_);
      });
      TurnEnded(status);
    });
    if (!queued) {
      std::lock_guard lock(mu_);
      turn_done_ = true;
      status_ = grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED, "the server is busy; try again shortly");
      MaybeFinish();
    }
  }

  void OnWriteDone(bool ok) override {
    std::lock_guard lock(mu_);
    writing_ = false;
    if (!ok) cancel_ = true;  // the client is gone: stop the answer
    MaybeWrite();
    MaybeFinish();
  }
  void OnCancel() override { cancel_ = true; }
  void OnDone() override {
    // Finish may have been called by a turn thread that still holds mu_:
    // wait for it to let go before the reactor is freed.
    { std::lock_guard lock(mu_); }
    LogCall(call_, status_, start_);
    delete this;
  }

 private:
  void Push(v1::ChatEvent e) {
    std::lock_guard lock(mu_);
    if (cancel_) return;
    v1::StreamReplyResponse r;
    *r.mutable_event() = std::move(e);
    queue_.push_back(std::move(r));
    MaybeWrite();
  }
  void TurnEnded(const grpc::Status& status) {
    std::lock_guard lock(mu_);
    turn_done_ = true;
    status_ = cancel_ && status.ok() ? grpc::Status(grpc::StatusCode::CANCELLED, "cancelled") : status;
    MaybeFinish();
  }
  // With mu_ held.
  void MaybeWrite() {
    if (writing_ || queue_.empty() || cancel_) return;
    current_ = std::move(queue_.front());
    queue_.pop_front();
    writing_ = true;
    StartWrite(&current_);
  }
  void MaybeFinish() {
    if (finished_ || !turn_done_ || writing_ || (!queue_.empty() && !cancel_)) return;
    finished_ = true;
    Finish(status_);
  }

  OpenStream open_{"StreamReply"};
  CallContext call_;
  const Clock::time_point start_;
  std::atomic<bool> cancel_{false};
  std::mutex mu_;
  std::deque<v1::StreamReplyResponse> queue_;
  v1::StreamReplyResponse current_;
  bool writing_ = false, turn_done_ = false, finished_ = false;
  grpc::Status status_;
};

// SendMessage: unary, but run on the chat pool (an answer may take as long
// as the model's total timeout, which must not tie up the RPC workers), and
// cancelled when the client goes away.
class SendMessageReactor final : public grpc::ServerUnaryReactor {
 public:
  SendMessageReactor(Runtime& rt, WorkerPool& turns, chat::ChatService& chat, grpc::CallbackServerContext* ctx,
                     const v1::SendMessageRequest* request, v1::SendMessageResponse* response)
      : call_(MakeCallContext(*ctx, rt, "/stylist.v1.ChatService/SendMessage")), start_(Clock::now()) {
    ctx->AddInitialMetadata("x-request-id", call_.request_id);
    auto credentials = CredentialsFrom(*ctx);
    const bool queued = turns.TrySubmit([this, &rt, &chat, request, response, credentials] {
      const auto status = RunGuarded(call_, [&] {
        call_.principal = rt.authenticator.Authenticate(credentials, Access::kUser);
        chat.SendMessage(call_, *request, response, cancel_);
      });
      std::lock_guard lock(mu_);
      status_ = status;
      Finish(status_);
    });
    if (!queued) {
      std::lock_guard lock(mu_);
      status_ = grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED, "the server is busy; try again shortly");
      Finish(status_);
    }
  }
  void OnCancel() override { cancel_ = true; }
  void OnDone() override {
    { std::lock_guard lock(mu_); }
    LogCall(call_, status_, start_);
    delete this;
  }

 private:
  CallContext call_;
  const Clock::time_point start_;
  std::atomic<bool> cancel_{false};
  std::mutex mu_;
  grpc::Status status_;
};

class ConverseReactor final : public grpc::ServerBidiReactor<v1::ConverseRequest, v1::ConverseResponse> {
 public:
  ConverseReactor(Runtime& rt, WorkerPool& turns, chat::ChatService& chat, grpc::CallbackServerContext* ctx)
      : rt_(rt), turns_(turns), chat_(chat), call_(MakeCallContext(*ctx, rt, "/stylist.v1.ChatService/Converse")),
        start_(Clock::now()) {
    ctx->AddInitialMetadata("x-request-id", call_.request_id);
    auto credentials = CredentialsFrom(*ctx);
    std::lock_guard lock(mu_);
    busy_ = true;  // authenticating
    ++threads_;
    const bool queued = turns_.TrySubmit([this, credentials] {
      const auto status =
          RunGuarded(call_, [&] { call_.principal = rt_.authenticator.Authenticate(credentials, Access::kUser); });
      std::lock_guard guard(mu_);
      busy_ = false;
      --threads_;
      if (!status.ok()) {
        status_ = status;
        closing_ = true;
      }
      if (closing_) {  // refused, or the client left while we checked
        MaybeFinish();
        return;
      }
      StartSendInitialMetadata();
      StartRead(&request_);
    });
    if (!queued) {
      busy_ = false;
      --threads_;
      closing_ = true;
      status_ = grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED, "the server is busy; try again shortly");
      MaybeFinish();
    }
  }

  void OnReadDone(bool ok) override {
    std::lock_guard lock(mu_);
    if (finished_ || gone_) return;  // no new operations once it is over
    if (!ok) {
      // The client closed its side (or went away): finish after the turn.
      closing_ = true;
      MaybeFinish();
      return;
    }
    switch (request_.action_case()) {
      case v1::ConverseRequest::kCancelReply:
        if (cancel_) cancel_->store(true);
        break;
      case v1::ConverseRequest::kSendMessage: StartTurn(request_.send_message()); break;
      default:
        Push(ErrorEvent("", grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                         "a request must carry send_message or cancel_reply")));
    }
    StartRead(&request_);
  }
  void OnWriteDone(bool ok) override {
    std::lock_guard lock(mu_);
    writing_ = false;
    if (!ok) {
      gone_ = true;
      closing_ = true;
      if (cancel_) cancel_->store(true);
    }
    MaybeWrite();
    MaybeFinish();
  }
  void OnCancel() override {
    std::lock_guard lock(mu_);
    gone_ = true;
    closing_ = true;
    if (cancel_) cancel_->store(true);
    MaybeFinish();
  }
  void OnDone() override {
    // Finish may have been called by a turn thread that still holds mu_:
    // wait for it to let go before the reactor is freed.
    { std::lock_guard lock(mu_); }
    LogCall(call_, status_, start_);
    delete this;
  }

 private:
  // With mu_ held.
  void StartTurn(const v1::ChatInput& input) {
    if (busy_) {
      Push(ErrorEvent(input.conversation_id(),
                      grpc::Status(grpc::StatusCode::FAILED_PRECONDITION,
                                   "an answer is still running; wait for it or send cancel_reply")));
      return;
    }
    const auto checked = RunGuarded(call_, [&] {
      RejectControlCharacters(input, "send_message");
      chat_.CheckTurn(call_, input);
    });
    if (!checked.ok()) {
      Push(ErrorEvent(input.conversation_id(), checked));
      return;
    }
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    cancel_ = cancel;
    busy_ = true;
    const int turn = ++turn_seq_;
    ++threads_;
    const bool queued = turns_.TrySubmit([this, input, cancel, turn] {
      const auto status = RunGuarded(call_, [&] {
        chat_.RunTurn(call_, input, [this, turn](v1::ChatEvent e) {
          std::lock_guard lock(mu_);
          // The turn's last event frees the stream for the next message at
          // once: a client may send it as soon as it sees DONE.
          const bool last = e.has_status() && e.status().status() != v1::REPLY_STATUS_THINKING &&
                            e.status().status() != v1::REPLY_STATUS_ANSWERING;
          Push(std::move(e));
          if (last) EndTurn(turn);
        }, *cancel);
      });
      std::lock_guard lock(mu_);
      if (!status.ok()) Push(ErrorEvent(input.conversation_id(), status));
      EndTurn(turn);
      --threads_;
      MaybeFinish();
    });
    if (!queued) {
      --threads_;
      EndTurn(turn);
      Push(ErrorEvent(input.conversation_id(),
                      grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED, "the server is busy; try again shortly")));
    }
  }
  // With mu_ held: the turn is over (once; a later turn is left alone).
  void EndTurn(int turn) {
    if (turn != turn_seq_ || !busy_) return;
    busy_ = false;
    cancel_.reset();
  }
  void Push(v1::ChatEvent e) {
    if (gone_) return;
    v1::ConverseResponse r;
    *r.mutable_event() = std::move(e);
    queue_.push_back(std::move(r));
    MaybeWrite();
  }
  void MaybeWrite() {
    if (writing_ || queue_.empty() || gone_ || finished_) return;
    current_ = std::move(queue_.front());
    queue_.pop_front();
    writing_ = true;
    StartWrite(&current_);
  }
  void MaybeFinish() {
    // threads_: a turn's thread may still be returning after its last event.
    if (finished_ || !closing_ || busy_ || threads_ > 0 || writing_ || (!queue_.empty() && !gone_)) return;
    finished_ = true;
    if (gone_ && status_.ok()) status_ = grpc::Status(grpc::StatusCode::CANCELLED, "the client went away");
    Finish(status_);
  }

  OpenStream open_{"Converse"};
  Runtime& rt_;
  WorkerPool& turns_;
  chat::ChatService& chat_;
  CallContext call_;
  const Clock::time_point start_;
  std::mutex mu_;
  v1::ConverseRequest request_;
  std::deque<v1::ConverseResponse> queue_;
  v1::ConverseResponse current_;
  std::shared_ptr<std::atomic<bool>> cancel_;
  bool busy_ = false, writing_ = false, closing_ = false, gone_ = false, finished_ = false;
  int turn_seq_ = 0;
  int threads_ = 0;  // turn threads (and the authentication task) not yet returned
  grpc::Status status_;
};

}  // namespace

grpc::ServerWriteReactor<v1::StreamReplyResponse>* StartStreamReply(Runtime& rt, WorkerPool& turns,
                                                                   chat::ChatService& chat,
                                                                   grpc::CallbackServerContext* ctx,
                                                                   const v1::StreamReplyRequest* request) {
  return new StreamReplyReactor(rt, turns, chat, ctx, request);
}

grpc::ServerBidiReactor<v1::ConverseRequest, v1::ConverseResponse>* StartConverse(Runtime& rt, WorkerPool& turns,
                                                                                  chat::ChatService& chat,
                                                                                  grpc::CallbackServerContext* ctx) {
  return new ConverseReactor(rt, turns, chat, ctx);
}

grpc::ServerUnaryReactor* StartSendMessage(Runtime& rt, WorkerPool& turns, chat::ChatService& chat,
                                           grpc::CallbackServerContext* ctx, const v1::SendMessageRequest* request,
                                           v1::SendMessageResponse* response) {
  return new SendMessageReactor(rt, turns, chat, ctx, request, response);
}

}  // namespace stylist::rpc
