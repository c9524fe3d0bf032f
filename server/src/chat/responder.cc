#include "chat/responder.h"

#include <algorithm>

#include "chat/builtin_stylist.h"
#include "styling/outfits.h"

namespace stylist::chat {

int EstimateTokens(const std::string& text) { return static_cast<int>((text.size() + 3) / 4); }

std::string DescribeItem(const WardrobeItem& i) {
  // What the item is called, never its photo's file name (the model would
  // repeat "2160a577-….jpg" to the user).
  std::string s = styling::DisplayName(i);
  std::string details;
  auto add = [&](const std::string& v) {
    if (!v.empty()) details += (details.empty() ? "" : ", ") + v;
  };
  add(i.category);
  if (!i.type.empty() && i.type != s) add(i.type);
  add(i.primary_color + (i.secondary_color.empty() ? "" : " and " + i.secondary_color));
  add(i.pattern);
  add(i.formality);
  add(i.material);
  add(i.style);
  for (const auto& season : i.seasons) add(season);
  if (i.favorite) add("favourite");
  if (i.wear_count > 0) add("worn " + std::to_string(i.wear_count) + " times");
  return details.empty() ? s : s + " (" + details + ")";
}

std::vector<llm::LlmMessage> BuildPrompt(const ChatContext& c) {
  std::string system =
      "You are Stylist, a personal fashion assistant inside a wardrobe app. Suggest outfits built from the "
      "user's own items (name them as listed), explain colour pairings briefly, and say plainly when the "
      "wardrobe lacks something. Keep answers short and practical. You know only what is listed below.";
  std::string profile;
  auto list = [](const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
    return s;
  };
  if (!c.display_name.empty()) profile += "\nName: " + c.display_name;
  if (!c.styles.empty()) profile += "\nStyles: " + list(c.styles);
  if (!c.favorite_colors.empty()) profile += "\nFavourite colours: " + list(c.favorite_colors);
  if (!c.avoided_colors.empty()) profile += "\nColours to avoid: " + list(c.avoided_colors);
  if (!c.occasions.empty()) profile += "\nDresses for: " + list(c.occasions);
  if (!c.style_notes.empty()) profile += "\nIn their words: " + c.style_notes;
  if (!profile.empty()) system += "\n\nThe user:" + profile;
  system += "\n\nTheir wardrobe (" + std::to_string(c.wardrobe.size()) + " items, newest first):";
  for (const auto& i : c.wardrobe) system += "\n- " + DescribeItem(i);
  if (c.wardrobe.empty()) system += " none yet.";
  if (!c.focus.empty()) {
    system += "\n\nThe message is about (\"this\" means the first):";
    for (const auto& i : c.focus) system += "\n- " + DescribeItem(i);
  }
  std::vector<llm::LlmMessage> out = {{"system", system}};
  for (const auto& t : c.history) out.push_back({t.role, t.text});
  out.push_back({"user", c.question});
  return out;
}

std::string StreamWords(const std::string& text, const std::function<void(const std::string&)>& on_delta,
                        const std::atomic<bool>& cancel) {
  std::string sent;
  std::size_t pos = 0;
  while (pos < text.size() && !cancel.load()) {
    std::size_t end = text.find(' ', pos);
    end = end == std::string::npos ? text.size() : end + 1;
    const std::string piece = text.substr(pos, end - pos);
    on_delta(piece);
    sent += piece;
    pos = end;
  }
  return sent;
}

Responder::Responder(std::unique_ptr<llm::LlmClient> llm, int breaker_failures, std::chrono::milliseconds cooldown)
    : llm_(std::move(llm)), breaker_(breaker_failures, cooldown) {}

Answer Responder::Respond(const ChatContext& context, const std::function<void(const std::string&)>& on_delta,
                          const std::atomic<bool>& cancel) {
  Answer a;
  if (llm_ && breaker_.Allow()) {
    const auto prompt = BuildPrompt(context);
    auto on_text = [&](const std::string& piece) {
      a.text += piece;
      on_delta(piece);
    };
    const auto r = llm_->Stream(prompt, on_text, cancel);
    if (r.ok || r.cancelled || r.started) {
      a.from_llm = true;
      a.model_name = llm_->options().model;
      int prompt_tokens = 0;
      for (const auto& m : prompt) prompt_tokens += EstimateTokens(m.content);
      a.prompt_tokens = r.prompt_tokens >= 0 ? r.prompt_tokens : prompt_tokens;
      a.completion_tokens = r.completion_tokens >= 0 ? r.completion_tokens : EstimateTokens(a.text);
      a.cancelled = r.cancelled;
      a.interrupted = !r.ok;
      if (!r.ok && !r.cancelled) a.error = r.error;
      if (r.ok) breaker_.RecordSuccess();
      if (!r.ok && !r.cancelled) breaker_.RecordFailure();
      return a;
    }
    // Nothing streamed yet: the built-in stylist can still answer.
    breaker_.RecordFailure();
    a.fallback_reason = r.error;
  } else if (llm_) {
    a.fallback_reason = "the model is paused after repeated failures (circuit breaker open)";
  }
  const std::string full = BuiltinAnswer(context);
  a.text = StreamWords(full, on_delta, cancel);
  a.cancelled = a.text.size() < full.size();
  a.interrupted = a.cancelled;
  a.prompt_tokens = EstimateTokens(context.question);
  a.completion_tokens = EstimateTokens(a.text);
  return a;
}

}  // namespace stylist::chat
