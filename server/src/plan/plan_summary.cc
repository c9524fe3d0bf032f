#include "plan/plan_summary.h"

#include <algorithm>

#include <atomic>
#include <cmath>
#include <cstdio>
#include <set>

#include "common/logging.h"

namespace stylist::plan {
namespace {

std::string Number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f", v);
  std::string s = buf;
  // Thousands separators, as people read energy figures.
  for (int i = static_cast<int>(s.size()) - 3; i > 0 && s[static_cast<std::size_t>(i - 1)] != '-'; i -= 3) {
    s.insert(static_cast<std::size_t>(i), ",");
  }
  return s;
}

std::string List(const std::vector<std::string>& items) {
  std::string s;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) s += i + 1 == items.size() ? " and " : ", ";
    s += items[i];
  }
  return s;
}

}  // namespace

std::string TemplateSummary(const v1::Plan& plan) {
  const auto& t = plan.targets();
  const auto& d = t.daily();
  const double rate = t.weekly_rate_kg();
  char goal[64];
  if (std::abs(rate) < 0.01) {
    std::snprintf(goal, sizeof goal, "to keep your weight steady");
  } else {
    std::snprintf(goal, sizeof goal, "to %s about %.2f kg a week", rate < 0 ? "lose" : "gain", std::abs(rate));
  }
  std::string out = "This " + std::to_string(plan.meal_days_size()) + "-day plan aims for " +
                    Number(d.energy_kcal()) + " kcal a day (" + Number(d.protein_g()) + " g protein, " +
                    Number(d.fat_g()) + " g fat, " + Number(d.carbs_g()) + " g carbohydrate), " + std::string(goal) + ".";
  std::vector<std::string> sessions;
  int training = 0;
  for (const auto& day : plan.workout_days()) {
    if (day.rest_day()) continue;
    ++training;
    for (const auto& s : day.sessions()) {
      if (std::find(sessions.begin(), sessions.end(), s.name()) == sessions.end()) sessions.push_back(s.name());
    }
  }
  if (training > 0) {
    out += " You train on " + std::to_string(training) + " of its " + std::to_string(plan.workout_days_size()) +
           " days (" + List(sessions) + "), with rest days between, and the work grows a little each week.";
  }
  std::set<std::string> foods;
  for (const auto& day : plan.meal_days()) {
    for (const auto* meal : {&day.breakfast(), &day.lunch(), &day.dinner(), &day.snacks()}) {
      for (const auto& item : meal->items()) foods.insert(item.name());
    }
  }
  out += " Meals rotate " + std::to_string(foods.size()) + " foods across the week.";
  return out;
}

Summary Summarize(const v1::Plan& plan, const llm::LlmClient* llm) {
  Summary s{TemplateSummary(plan), false};
  if (!llm) return s;
  std::string facts = s.text + "\nFirst day's meals:";
  if (plan.meal_days_size() > 0) {
    const auto& day = plan.meal_days(0);
    for (const auto* meal : {&day.breakfast(), &day.lunch(), &day.dinner(), &day.snacks()}) {
      if (!meal->name().empty()) facts += "\n- " + meal->name();
    }
  }
  std::vector<llm::LlmMessage> prompt = {
      {"system",
       "You write the overview of a personal meal and workout plan for its user: at most 120 words, warm and "
       "practical, plain text without lists or headings. Use only the facts given; do not add or change any "
       "number, food or exercise."},
      {"user", facts}};
  std::string text;
  std::atomic<bool> never{false};
  const auto r = llm->Stream(prompt, [&](const std::string& piece) { text += piece; }, never);
  if (r.ok && !text.empty()) return {text, true};
  log::Info("plan summary from the template", {{"reason", r.ok ? "the model answered nothing" : r.error}});
  return s;
}

llm::LlmOptions SummaryLlmOptions(const llm::LlmOptions& chat, std::chrono::milliseconds timeout) {
  llm::LlmOptions o = chat;
  o.total_timeout = std::min(timeout, chat.total_timeout);
  o.first_token_timeout = std::min(chat.first_token_timeout, o.total_timeout);
  o.retries = 0;
  o.max_tokens = 250;
  return o;
}

}  // namespace stylist::plan
