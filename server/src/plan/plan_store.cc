#include "plan/plan_store.h"

#include <map>

#include <nlohmann/json.hpp>

#include "common/dates.h"
#include "common/proto_util.h"
#include "db/queries.h"

namespace stylist::plan {
namespace {

template <typename T>
std::optional<T> Opt(const pqxx::field& f) {
  return f.is_null() ? std::nullopt : std::optional<T>(f.as<T>());
}

// plan/get and plan/list rows.
v1::Plan PlanFromRow(const pqxx::row& row) {
  v1::Plan p;
  p.set_plan_id(row[0].as<std::string>());
  SetDate(p.mutable_start_date(), row[1].as<std::string>());
  SetDate(p.mutable_end_date(), row[2].as<std::string>());
  proto::FromJson(row[3].as<std::string>(), p.mutable_options());
  proto::FromJson(row[4].as<std::string>(), p.mutable_targets());
  for (const auto& n : nlohmann::json::parse(row[5].as<std::string>())) p.add_notes(n.get<std::string>());
  proto::SetMicros(p.mutable_create_time(), row[6].as<std::int64_t>());
  p.set_summary(row[7].as<std::string>());
  p.set_summary_by_model(row[8].as<bool>());
  return p;
}

void LoadDays(pqxx::transaction_base& tx, v1::Plan* plan) {
  for (const auto& row : db::Exec(tx, sql::plan::days, plan->plan_id())) {
    proto::FromJson(row[0].as<std::string>(), plan->add_meal_days());
    proto::FromJson(row[1].as<std::string>(), plan->add_workout_days());
  }
}

v1::ProgressLog LogFromRow(const pqxx::row& row) {
  v1::ProgressLog log;
  SetDate(log.mutable_date(), row[0].as<std::string>());
  if (!row[1].is_null()) log.set_weight_kg(row[1].as<double>());
  if (!row[2].is_null()) log.set_calories_consumed_kcal(row[2].as<double>());
  if (!row[3].is_null()) log.set_workouts_completed(row[3].as<int>());
  log.set_notes(row[4].as<std::string>());
  proto::SetMicros(log.mutable_update_time(), row[5].as<std::int64_t>());
  return log;
}

FoodRole RoleOf(const std::string& role) {
  static const std::map<std::string, FoodRole> kRoles = {{"protein", FoodRole::kProtein},
                                                         {"carb", FoodRole::kCarb},
                                                         {"vegetable", FoodRole::kVegetable},
                                                         {"fruit", FoodRole::kFruit},
                                                         {"fat", FoodRole::kFat}};
  return kRoles.at(role);
}

std::vector<std::string> Strings(const std::string& json) {
  return nlohmann::json::parse(json).get<std::vector<std::string>>();
}

google::type::Date DateOf(const std::string& iso) {
  google::type::Date d;
  SetDate(&d, iso);
  return d;
}

}  // namespace

std::vector<Food> PgPlanStore::Foods() {
  return pool_.Read([&](db::Pool::ReadTx& tx) {
    std::vector<Food> foods;
    for (const auto& row : db::Exec(tx, sql::plan::foods)) {
      Food f;
      f.id = row[0].as<std::string>();
      f.name = row[1].as<std::string>();
      f.role = RoleOf(row[2].as<std::string>());
      f.energy_kcal = row[3].as<double>();
      f.protein_g = row[4].as<double>();
      f.fat_g = row[5].as<double>();
      f.carbs_g = row[6].as<double>();
      f.meals = Strings(row[7].as<std::string>());
      f.diets = Strings(row[8].as<std::string>());
      f.allergens = Strings(row[9].as<std::string>());
      foods.push_back(std::move(f));
    }
    return foods;
  });
}

PlanStore::History PgPlanStore::HistoryBefore(const std::string& user_id, const std::string& start,
                                              const std::string& window_start, const std::string& window_end) {
  return pool_.Read([&](db::Pool::ReadTx& tx) {
    History h;
    h.trained_weeks = db::Exec1(tx, sql::plan::training_weeks_before, user_id, start)[0].as<int>();
    for (const auto& row : db::Exec(tx, sql::plan::weigh_ins, user_id, window_start, window_end)) {
      h.weigh_ins.push_back({DaysFromCivil(DateOf(row[0].as<std::string>())), row[1].as<double>()});
    }
    h.earlier_rate = Opt<double>(db::Exec1(tx, sql::plan::rates_before, user_id, window_start, window_end)[0]);
    return h;
  });
}

std::optional<std::string> PgPlanStore::FirstPlannedDay(const std::string& user_id, const std::string& start,
                                                        const std::string& end) {
  return pool_.Read([&](db::Pool::ReadTx& tx) {
    return Opt<std::string>(db::Exec1(tx, sql::plan::first_planned_day, user_id, start, end)[0]);
  });
}

PlanStore::StoredPlan PgPlanStore::InsertPlan(const std::string& user_id, const NewPlan& plan, bool replace) {
  nlohmann::json notes = plan.notes;
  try {
    return pool_.Transact([&](pqxx::work& tx) {
      if (replace) {
        db::Exec0(tx, sql::plan::clear_days, user_id, plan.start, plan.end);
        db::Exec0(tx, sql::plan::tidy_plans, user_id, plan.start, plan.end);
      }
      const auto row = db::Exec1(tx, sql::plan::insert, user_id, plan.start, plan.end, proto::ToJson(plan.options),
                                 proto::ToJson(plan.targets), notes.dump(), plan.summary, plan.summary_by_model);
      StoredPlan stored{row[0].as<std::string>(), row[1].as<std::int64_t>()};
      db::Exec0(tx, sql::plan::insert_days, user_id, stored.plan_id, plan.days_json);
      return stored;
    });
  } catch (const pqxx::unique_violation& e) {
    throw DaysTaken(e.what());
  }
}

std::optional<v1::Plan> PgPlanStore::GetPlan(const std::string& user_id, const std::string& plan_id) {
  return pool_.Read([&](db::Pool::ReadTx& tx) -> std::optional<v1::Plan> {
    auto rows = db::Exec(tx, sql::plan::get, plan_id, user_id);
    if (rows.empty()) return std::nullopt;
    v1::Plan plan = PlanFromRow(rows[0]);
    LoadDays(tx, &plan);
    return plan;
  });
}

std::vector<v1::Plan> PgPlanStore::ListPlans(const std::string& user_id, const std::optional<std::string>& after_start,
                                             const std::optional<std::string>& after_id, int limit, bool with_days) {
  return pool_.Read([&](db::Pool::ReadTx& tx) {
    std::vector<v1::Plan> plans;
    for (const auto& row : db::Exec(tx, sql::plan::list, user_id, after_start, after_id, limit)) {
      plans.push_back(PlanFromRow(row));
      if (with_days) LoadDays(tx, &plans.back());
    }
    return plans;
  });
}

bool PgPlanStore::DeletePlan(const std::string& user_id, const std::string& plan_id) {
  return pool_.WriteOne(
      [&](db::Pool::ReadTx& tx) { return !db::Exec(tx, sql::plan::delete_, plan_id, user_id).empty(); });
}

std::optional<PlanStore::PlannedDay> PgPlanStore::Day(const std::string& user_id, const std::string& date) {
  return pool_.Read([&](db::Pool::ReadTx& tx) -> std::optional<PlannedDay> {
    auto rows = db::Exec(tx, sql::plan::day, user_id, date);
    if (rows.empty()) return std::nullopt;
    return PlannedDay{rows[0][0].as<std::string>(), rows[0][1].as<std::string>(), rows[0][2].as<std::string>(),
                      rows[0][3].as<std::string>()};
  });
}

v1::ProgressLog PgPlanStore::LogProgress(const std::string& user_id, const Progress& p) {
  return pool_.WriteOne([&](db::Pool::ReadTx& tx) {
    return LogFromRow(db::Exec1(tx, sql::plan::log_progress, user_id, p.date, p.weight_kg, p.calories_consumed_kcal,
                                p.workouts_completed, p.notes));
  });
}

std::vector<v1::ProgressLog> PgPlanStore::ListProgress(const std::string& user_id,
                                                       const std::optional<std::string>& start,
                                                       const std::optional<std::string>& end,
                                                       const std::optional<std::string>& before, int limit) {
  return pool_.Read([&](db::Pool::ReadTx& tx) {
    std::vector<v1::ProgressLog> logs;
    for (const auto& row : db::Exec(tx, sql::plan::list_progress, user_id, start, end, before, limit)) {
      logs.push_back(LogFromRow(row));
    }
    return logs;
  });
}

std::vector<PlanStore::SeriesDay> PgPlanStore::Series(const std::string& user_id, const std::string& start,
                                                      const std::string& end) {
  return pool_.Read([&](db::Pool::ReadTx& tx) {
    std::vector<SeriesDay> days;
    for (const auto& row : db::Exec(tx, sql::plan::series, user_id, start, end)) {
      days.push_back({row[0].as<std::string>(), Opt<double>(row[1]), Opt<double>(row[2]), Opt<int>(row[3]),
                      Opt<int>(row[4]), Opt<double>(row[5])});
    }
    return days;
  });
}

}  // namespace stylist::plan
