// An in-memory plan::PlanStore for the plan service's unit tests: plans with
// their days per user, progress logs, a configurable history and series,
// and a count of the writes so a test can say "nothing was written".
#pragma once

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <map>
#include <mutex>

#include "common/dates.h"
#include "common/proto_util.h"
#include "plan/plan_store.h"
#include "test_foods.h"

namespace stylist::testing {

class FakePlanStore final : public plan::PlanStore {
 public:
  int writes = 0;
  History history;                                  // what HistoryBefore answers
  std::map<std::string, std::vector<SeriesDay>> series;  // by user
  bool race_on_insert = false;  // InsertPlan throws DaysTaken once, as a concurrent insert would

  std::vector<plan::Food> Foods() override { return plan::TestFoods(); }

  History HistoryBefore(const std::string&, const std::string&, const std::string&, const std::string&) override {
    return history;
  }

  std::optional<std::string> FirstPlannedDay(const std::string& user_id, const std::string& start,
                                             const std::string& end) override {
    std::lock_guard lock(mutex_);
    std::optional<std::string> first;
    for (const auto& p : plans_) {
      if (p.user != user_id) continue;
      for (const auto& d : p.days) {
        if (d.date >= start && d.date <= end && (!first || d.date < *first)) first = d.date;
      }
    }
    return first;
  }

  StoredPlan InsertPlan(const std::string& user_id, const NewPlan& plan, bool replace) override {
    std::lock_guard lock(mutex_);
    if (race_on_insert) {
      race_on_insert = false;
      throw plan::DaysTaken("plan_days_pkey");
    }
    if (replace) {
      for (auto& p : plans_) {
        if (p.user != user_id) continue;
        std::erase_if(p.days, [&](const StoredDay& d) { return d.date >= plan.start && d.date <= plan.end; });
      }
      std::erase_if(plans_, [&](const Stored& p) { return p.user == user_id && p.days.empty(); });
    }
    Stored s;
    s.user = user_id;
    char id[37];
    std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012x", ++next_id_);
    s.plan.set_plan_id(id);
    SetDate(s.plan.mutable_start_date(), plan.start);
    SetDate(s.plan.mutable_end_date(), plan.end);
    *s.plan.mutable_options() = plan.options;
    *s.plan.mutable_targets() = plan.targets;
    for (const auto& n : plan.notes) s.plan.add_notes(n);
    s.plan.set_summary(plan.summary);
    s.plan.set_summary_by_model(plan.summary_by_model);
    for (const auto& d : nlohmann::json::parse(plan.days_json)) {
      const std::string date = d.at("day").get<std::string>();
      for (const auto& other : plans_) {
        for (const auto& od : other.days) {
          if (other.user == user_id && od.date == date) throw plan::DaysTaken("plan_days_pkey");
        }
      }
      s.days.push_back({date, d.at("meals").dump(), d.at("workout").dump()});
    }
    ++writes;
    plans_.push_back(s);
    return {id, 1700000000000000};
  }

  std::optional<v1::Plan> GetPlan(const std::string& user_id, const std::string& plan_id) override {
    std::lock_guard lock(mutex_);
    for (const auto& p : plans_) {
      if (p.user == user_id && p.plan.plan_id() == plan_id) return WithDays(p);
    }
    return std::nullopt;
  }

  std::vector<v1::Plan> ListPlans(const std::string& user_id, const std::optional<std::string>& after_start,
                                  const std::optional<std::string>& after_id, int limit, bool with_days) override {
    std::lock_guard lock(mutex_);
    std::vector<const Stored*> mine;
    for (const auto& p : plans_) {
      if (p.user == user_id) mine.push_back(&p);
    }
    auto key = [](const Stored* p) { return std::make_pair(*DateParam(p->plan.start_date()), p->plan.plan_id()); };
    std::sort(mine.begin(), mine.end(), [&](const Stored* a, const Stored* b) { return key(a) > key(b); });
    std::vector<v1::Plan> out;
    for (const Stored* p : mine) {
      if (after_start && !(key(p) < std::make_pair(*after_start, *after_id))) continue;
      if (static_cast<int>(out.size()) == limit) break;
      out.push_back(with_days ? WithDays(*p) : p->plan);
    }
    return out;
  }

  bool DeletePlan(const std::string& user_id, const std::string& plan_id) override {
    std::lock_guard lock(mutex_);
    const auto before = plans_.size();
    std::erase_if(plans_, [&](const Stored& p) { return p.user == user_id && p.plan.plan_id() == plan_id; });
    if (plans_.size() == before) return false;
    ++writes;
    return true;
  }

  std::optional<PlannedDay> Day(const std::string& user_id, const std::string& date) override {
    std::lock_guard lock(mutex_);
    for (const auto& p : plans_) {
      if (p.user != user_id) continue;
      for (const auto& d : p.days) {
        if (d.date == date) return PlannedDay{p.plan.plan_id(), d.meals_json, d.workout_json, proto::ToJson(p.plan.targets())};
      }
    }
    return std::nullopt;
  }

  v1::ProgressLog LogProgress(const std::string& user_id, const Progress& progress) override {
    std::lock_guard lock(mutex_);
    ++writes;
    v1::ProgressLog log;
    SetDate(log.mutable_date(), progress.date);
    if (progress.weight_kg) log.set_weight_kg(*progress.weight_kg);
    if (progress.calories_consumed_kcal) log.set_calories_consumed_kcal(*progress.calories_consumed_kcal);
    if (progress.workouts_completed) log.set_workouts_completed(*progress.workouts_completed);
    log.set_notes(progress.notes);
    logs_[user_id][progress.date] = log;
    return log;
  }

  std::vector<v1::ProgressLog> ListProgress(const std::string& user_id, const std::optional<std::string>& start,
                                            const std::optional<std::string>& end,
                                            const std::optional<std::string>& before, int limit) override {
    std::lock_guard lock(mutex_);
    std::vector<v1::ProgressLog> out;
    auto& mine = logs_[user_id];
    for (auto it = mine.rbegin(); it != mine.rend() && static_cast<int>(out.size()) < limit; ++it) {
      if ((start && it->first < *start) || (end && it->first > *end) || (before && it->first >= *before)) continue;
      out.push_back(it->second);
    }
    return out;
  }

  std::vector<SeriesDay> Series(const std::string& user_id, const std::string&, const std::string&) override {
    return series[user_id];
  }

  std::size_t plan_count() {
    std::lock_guard lock(mutex_);
    return plans_.size();
  }

 private:
  struct StoredDay {
    std::string date, meals_json, workout_json;
  };
  struct Stored {
    std::string user;
    v1::Plan plan;  // without its days
    std::vector<StoredDay> days;
  };
  static v1::Plan WithDays(const Stored& s) {
    v1::Plan p = s.plan;
    for (const auto& d : s.days) {
      proto::FromJson(d.meals_json, p.add_meal_days());
      proto::FromJson(d.workout_json, p.add_workout_days());
    }
    return p;
  }

  std::mutex mutex_;
  std::vector<Stored> plans_;
  std::map<std::string, std::map<std::string, v1::ProgressLog>> logs_;
  unsigned next_id_ = 0;
};

}  // namespace stylist::testing
