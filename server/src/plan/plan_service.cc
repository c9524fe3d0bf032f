#include "plan/plan_service.h"

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <functional>
#include <map>

#include <nlohmann/json.hpp>

#include "auth/require_user.h"
#include "common/api_error.h"
#include "common/dates.h"
#include "common/ids.h"
#include "common/page_token.h"
#include "common/proto_util.h"
#include "plan/meal_composer.h"
#include "plan/nutrition.h"
#include "plan/plan_summary.h"
#include "plan/trend.h"
#include "plan/validation.h"
#include "plan/workout_planner.h"

namespace stylist::plan {
namespace {

// How far back the weigh-ins that adjust a new plan's targets reach.
constexpr long kTrendWindowDays = 28;

std::string Iso(const google::type::Date& d) { return *DateParam(d); }

google::type::Date DateOf(const std::string& iso) {
  google::type::Date d;
  SetDate(&d, iso);
  return d;
}

std::vector<google::type::Date> DaysBetween(const google::type::Date& start, long count) {
  std::vector<google::type::Date> out;
  for (long i = 0; i < count; ++i) out.push_back(AddDays(start, i));
  return out;
}

// A stable per-user number, so that two users with the same profile get
// different (but reproducible) menus and exercise choices.
std::uint64_t Seed(const std::string& user_id, long start_day) {
  std::uint64_t h = 1469598103934665603ull;
  for (const char c : user_id) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  return h + static_cast<std::uint64_t>(start_day / 7);
}

// printf into a string, the format checked by the compiler.
__attribute__((format(printf, 1, 2))) std::string Format(const char* fmt, ...) {
  char buf[400];
  va_list args;
  va_start(args, fmt);
  std::vsnprintf(buf, sizeof buf, fmt, args);
  va_end(args);
  return buf;
}

// Everything a generated plan stores besides its days.
struct Targets {
  v1::NutritionTargets targets;
  MacroTargets macros;
  std::vector<std::string> notes;
};

const char* GoalWords(v1::FitnessGoal goal) {
  switch (goal) {
    case v1::FITNESS_GOAL_LOSE_WEIGHT: return "lose weight";
    case v1::FITNESS_GOAL_GAIN_MUSCLE: return "gain muscle";
    case v1::FITNESS_GOAL_IMPROVE_ENDURANCE: return "improve endurance";
    case v1::FITNESS_GOAL_MAINTAIN: return "maintain weight";
    case v1::FITNESS_GOAL_GENERAL_HEALTH: return "general health";
    default: return "no goal set (maintenance)";
  }
}

Targets ComputeTargets(const GenerateInputs& in, const std::optional<TrendCorrection>& correction) {
  Targets t;
  const auto energy =
      TargetEnergy(in.body, in.goal, in.requested_rate, correction ? correction->tdee_correction_kcal : 0);
  if (!energy.bounded_by.empty() && in.requested_rate) {
    // Asked for explicitly: refuse rather than quietly plan something else.
    const double safe = energy.weekly_rate_kg;
    throw ApiError(grpc::StatusCode::INVALID_ARGUMENT,
                   "the requested rate needs an energy intake outside the safe bounds",
                   {{"options.weekly_rate_kg",
                     Format("%+.2f kg a week is not safe for this profile (%s); the most it can plan for is %+.2f kg "
                            "a week",
                            *in.requested_rate, energy.bounded_by.c_str(), safe)}});
  }
  t.macros = TargetMacros(energy.target_kcal, in.body.weight_kg, in.goal, in.diets);
  auto* daily = t.targets.mutable_daily();
  daily->set_energy_kcal(std::round(t.macros.energy_kcal));
  daily->set_protein_g(std::round(t.macros.protein_g));
  daily->set_fat_g(std::round(t.macros.fat_g));
  daily->set_carbs_g(std::round(t.macros.carbs_g));
  t.targets.set_bmr_kcal(std::round(energy.bmr_kcal));
  t.targets.set_tdee_kcal(std::round(energy.tdee_kcal));
  t.targets.set_weekly_rate_kg(std::round(energy.weekly_rate_kg * 100) / 100);

  t.notes.push_back(Format("Goal: %s. Energy: %.0f kcal a day (expenditure %.0f kcal, basal %.0f kcal), aiming at "
                           "%+.2f kg a week.",
                           GoalWords(in.goal), energy.target_kcal, energy.tdee_kcal, energy.bmr_kcal,
                           energy.weekly_rate_kg));
  if (!energy.bounded_by.empty()) t.notes.push_back("Safety bound: " + energy.bounded_by + ".");
  if (correction) t.notes.push_back(correction->note);
  return t;
}

}  // namespace

std::shared_ptr<const std::vector<Food>> PlanService::Foods() {
  std::lock_guard lock(foods_mu_);
  if (!foods_) foods_ = std::make_shared<const std::vector<Food>>(d_.store.Foods());
  return foods_;
}

void PlanService::GeneratePlan(const CallContext& call, const v1::GeneratePlanRequest& req,
                               v1::GeneratePlanResponse* resp) {
  RequireUser(call, "plans and progress");
  const std::string& user = call.principal.user_id;
  auto reads = d_.profiles.ReadProfiles({&user});
  if (reads.size() == 1 && reads[0].error) std::rethrow_exception(reads[0].error);
  if (reads.size() != 1 || !reads[0].profile) throw NotFound("the account no longer exists");
  const v1::Profile profile = std::move(*reads[0].profile);
  const GenerateInputs in = CheckGenerate(req, profile);
  d_.quota.Take(call.principal, user, AiWork::kPlan);
  const long start_day = DaysFromCivil(in.start);

  // The logged weight trend before this plan, against what earlier plans
  // aimed at (or, with none, what this one would).
  const auto window_start = AddDays(in.start, -kTrendWindowDays), window_end = AddDays(in.start, -1);
  const PlanStore::History history = d_.store.HistoryBefore(user, Iso(in.start), Iso(window_start), Iso(window_end));
  const double intended = history.earlier_rate ? *history.earlier_rate
                                               : TargetEnergy(in.body, in.goal, in.requested_rate).weekly_rate_kg;
  const auto correction = CorrectForTrend(history.weigh_ins, intended);
  const Targets targets = ComputeTargets(in, correction);

  // The days themselves.
  const auto dates = DaysBetween(in.start, in.days);
  MealRequest meals;
  meals.dates = dates;
  meals.daily = targets.macros;
  for (const auto d : in.diets) {
    const auto tag = DietTag(d);
    if (!tag.empty()) meals.diet_tags.push_back(tag);
  }
  AllergenTags(in.allergies, &meals.allergen_tags, &meals.unmatched_words);
  meals.seed = Seed(user, start_day);
  std::vector<v1::MealPlanDay> meal_days;
  try {
    meal_days = ComposeMeals(*Foods(), meals);
  } catch (const NothingToEat& e) {
    throw ApiError(grpc::StatusCode::FAILED_PRECONDITION,
                   std::string("the dietary preferences and allergies leave nothing to eat: ") + e.what(),
                   {{"profile.fitness.dietary_preferences", e.what()}, {"profile.fitness.allergies", e.what()}});
  }
  WorkoutRequest workouts;
  workouts.dates = dates;
  workouts.goal = in.goal;
  workouts.training_days_per_week = in.options.training_days_per_week();
  workouts.minutes_per_session = in.options.minutes_per_session();
  for (const int e : in.options.available_equipment()) workouts.equipment.push_back(static_cast<v1::Equipment>(e));
  workouts.level = TrainingLevel(in.body.activity);
  workouts.weight_kg = in.body.weight_kg;
  // Training runs in cycles of six weeks: within one the exercises stay and
  // the load carries on from the previous plan; a new cycle starts over
  // with other exercises.
  constexpr int kCycleWeeks = 6;
  workouts.first_week = history.trained_weeks % kCycleWeeks;
  workouts.seed = Seed(user, 0) + static_cast<std::uint64_t>((start_day / 7 - workouts.first_week) / kCycleWeeks);
  const auto workout_days = PlanWorkouts(workouts);

  v1::Plan& plan = *resp->mutable_plan();
  *plan.mutable_start_date() = in.start;
  *plan.mutable_end_date() = in.end;
  *plan.mutable_options() = in.options;
  *plan.mutable_targets() = targets.targets;
  for (const auto& n : targets.notes) plan.add_notes(n);
  // The days as one JSON array for plan/insert_days, spliced from the
  // protobuf JSON rather than parsed and re-encoded (it is most of the
  // work for a long plan).
  std::string rows = "[";
  for (std::size_t i = 0; i < dates.size(); ++i) {
    if (i > 0) rows += ',';
    rows += R"({"day":")" + Iso(dates[i]) + R"(","meals":)" + proto::ToJson(meal_days[i]) +
            R"(,"workout":)" + proto::ToJson(workout_days[i]) +
            R"(,"kcal":)" + std::to_string(targets.targets.daily().energy_kcal()) +
            R"(,"workouts":)" + std::to_string(workout_days[i].sessions_size()) + "}";
  }
  rows += "]";
  for (auto& d : meal_days) *plan.add_meal_days() = std::move(d);
  for (auto& d : workout_days) *plan.add_workout_days() = std::move(d);
  // Days already planned refuse the request before the summary, which may
  // wait for the model; a plan stored meanwhile is caught by the days'
  // primary key below.
  if (!in.options.replace_existing()) {
    if (const auto taken = d_.store.FirstPlannedDay(user, Iso(in.start), Iso(in.end))) {
      throw FailedPrecondition("another plan already covers " + *taken +
                               "; set options.replace_existing to replace those days");
    }
  }
  const Summary summary = Summarize(plan, d_.summary_llm);
  plan.set_summary(summary.text);
  plan.set_summary_by_model(summary.by_model);
  PlanStore::NewPlan stored{Iso(in.start), Iso(in.end), in.options, targets.targets, targets.notes,
                            summary.text, summary.by_model, std::move(rows)};
  try {
    const auto saved = d_.store.InsertPlan(user, stored, in.options.replace_existing());
    plan.set_plan_id(saved.plan_id);
    proto::SetMicros(plan.mutable_create_time(), saved.create_micros);
  } catch (const DaysTaken&) {
    // Another request planned one of these days at the same moment.
    throw FailedPrecondition("another plan was just generated for some of these days; set "
                             "options.replace_existing to replace them");
  }
}

void PlanService::GetPlan(const CallContext& call, const v1::GetPlanRequest& req, v1::GetPlanResponse* resp) {
  RequireUser(call, "plans and progress");
  CheckPlanId(req.plan_id());
  auto plan = d_.store.GetPlan(call.principal.user_id, req.plan_id());
  if (!plan) throw NotFound("no such plan");
  *resp->mutable_plan() = std::move(*plan);
}

void PlanService::ListPlans(const CallContext& call, const v1::ListPlansRequest& req, v1::ListPlansResponse* resp) {
  RequireUser(call, "plans and progress");
  CheckListPlans(req);
  const int size = PageSize(req.page_size(), 10, 50);
  const std::string list = std::string("plans:") + (req.include_days() ? "days" : "");
  std::optional<std::string> after_date, after_id;
  if (!req.page_token().empty()) {
    const auto position = DecodePageToken(list, req.page_token());
    try {
      after_date = position.at("d").get<std::string>();
      after_id = position.at("id").get<std::string>();
    } catch (const nlohmann::json::exception&) {
      throw InvalidArgument("page_token", "malformed page token");
    }
    if (!IsUuid(*after_id) || !IsRealDate(DateOf(*after_date))) {
      throw InvalidArgument("page_token", "malformed page token");
    }
  }
  auto plans = d_.store.ListPlans(call.principal.user_id, after_date, after_id, size + 1, req.include_days());
  const bool more = static_cast<int>(plans.size()) > size;
  if (more) plans.resize(static_cast<std::size_t>(size));
  for (auto& p : plans) *resp->add_plans() = std::move(p);
  if (more) {
    const v1::Plan& last = resp->plans(size - 1);
    resp->set_next_page_token(EncodePageToken(list, {{"d", Iso(last.start_date())}, {"id", last.plan_id()}}));
  }
}

void PlanService::DeletePlan(const CallContext& call, const v1::DeletePlanRequest& req, v1::DeletePlanResponse*) {
  RequireUser(call, "plans and progress");
  CheckPlanId(req.plan_id());
  if (!d_.store.DeletePlan(call.principal.user_id, req.plan_id())) throw NotFound("no such plan");
}

PlanStore::PlannedDay PlanService::ReadDay(const CallContext& call, const google::type::Date& requested) {
  RequireUser(call, "plans and progress");
  const auto date = RequiredDate(requested);
  auto day = d_.store.Day(call.principal.user_id, Iso(date));
  if (!day) throw NotFound("no plan covers " + Iso(date) + "; generate one with GeneratePlan");
  return std::move(*day);
}

void PlanService::GetMealPlan(const CallContext& call, const v1::GetMealPlanRequest& req,
                              v1::GetMealPlanResponse* resp) {
  const auto day = ReadDay(call, req.date());
  resp->set_plan_id(day.plan_id);
  proto::FromJson(day.meals_json, resp->mutable_day());
  proto::FromJson(day.targets_json, resp->mutable_targets());
}

void PlanService::GetWorkoutPlan(const CallContext& call, const v1::GetWorkoutPlanRequest& req,
                                 v1::GetWorkoutPlanResponse* resp) {
  const auto day = ReadDay(call, req.date());
  resp->set_plan_id(day.plan_id);
  proto::FromJson(day.workout_json, resp->mutable_day());
}

void PlanService::LogProgress(const CallContext& call, const v1::LogProgressRequest& req,
                              v1::LogProgressResponse* resp) {
  RequireUser(call, "plans and progress");
  const auto date = CheckLogProgress(req, Today());
  auto opt_double = [](bool has, double value) { return has ? std::optional(value) : std::nullopt; };
  *resp->mutable_progress_log() = d_.store.LogProgress(
      call.principal.user_id,
      {Iso(date), opt_double(req.has_weight_kg(), req.weight_kg()),
       opt_double(req.has_calories_consumed_kcal(), req.calories_consumed_kcal()),
       req.has_workouts_completed() ? std::optional(req.workouts_completed()) : std::nullopt, req.notes()});
}

void PlanService::ListProgressLogs(const CallContext& call, const v1::ListProgressLogsRequest& req,
                                   v1::ListProgressLogsResponse* resp) {
  RequireUser(call, "plans and progress");
  CheckListProgressLogs(req);
  const auto start = IsSet(req.start_date()) ? std::optional(Iso(req.start_date())) : std::nullopt;
  const auto end = IsSet(req.end_date()) ? std::optional(Iso(req.end_date())) : std::nullopt;
  const int size = PageSize(req.page_size(), 31, 366);
  const std::string list = "progress:" + start.value_or("") + ":" + end.value_or("");
  std::optional<std::string> before;
  if (!req.page_token().empty()) {
    try {
      before = DecodePageToken(list, req.page_token()).at("d").get<std::string>();
    } catch (const nlohmann::json::exception&) {
      throw InvalidArgument("page_token", "malformed page token");
    }
    if (!IsRealDate(DateOf(*before))) throw InvalidArgument("page_token", "malformed page token");
  }
  auto logs = d_.store.ListProgress(call.principal.user_id, start, end, before, size + 1);
  const bool more = static_cast<int>(logs.size()) > size;
  if (more) logs.resize(static_cast<std::size_t>(size));
  for (auto& log : logs) *resp->add_progress_logs() = std::move(log);
  if (more) resp->set_next_page_token(EncodePageToken(list, {{"d", Iso(resp->progress_logs(size - 1).date())}}));
}

void PlanService::GetProgress(const CallContext& call, const v1::GetProgressRequest& req,
                              v1::GetProgressResponse* resp) {
  RequireUser(call, "plans and progress");
  const auto today = Today();
  const auto [start, end] = CheckGetProgress(req, today);
  const long now = DaysFromCivil(today);
  std::vector<WeighIn> weigh_ins;
  double done = 0, planned = 0;
  int calorie_days = 0, calorie_hits = 0, logged = 0;
  for (const PlanStore::SeriesDay& row : d_.store.Series(call.principal.user_id, Iso(start), Iso(end))) {
    auto* p = resp->add_series();
    SetDate(p->mutable_date(), row.date);
    const long day = DaysFromCivil(p->date());
    const auto& weight = row.weight_kg;
    const auto& kcal = row.calories_consumed_kcal;
    const auto& completed = row.workouts_completed;
    const auto& plan_workouts = row.workouts_planned;
    const auto& target = row.calorie_target_kcal;
    if (weight) {
      p->set_weight_kg(*weight);
      weigh_ins.push_back({day, *weight});
    }
    if (kcal) p->set_calories_consumed_kcal(*kcal);
    p->set_workouts_completed(completed.value_or(0));
    p->set_workouts_planned(plan_workouts.value_or(0));
    if (target) p->set_calorie_target_kcal(*target);
    if (weight || kcal || completed) ++logged;
    // Adherence counts days that have happened, not planned days ahead.
    if (day <= now && plan_workouts) {
      planned += *plan_workouts;
      done += std::min(completed.value_or(0), *plan_workouts);
    }
    if (kcal && target) {
      ++calorie_days;
      calorie_hits += std::abs(*kcal - *target) <= 0.1 * *target;
    }
  }
  // Figures to the precision they are read at (weights to 10 g, shares to
  // a tenth of a percent): a difference of doubles prints with float noise
  // (83.2 - 81.1 = 2.1000000000000085) otherwise.
  // (Divided by a whole number, the result is the double nearest the
  // decimal, which prints as that decimal.)
  const auto to = [](double v, double per_unit) { return std::round(v * per_unit) / per_unit; };
  auto* t = resp->mutable_trend();
  t->set_days_logged(logged);
  if (const auto slope = WeeklyTrend(weigh_ins)) t->set_weekly_weight_change_kg(to(*slope, 1000));
  if (weigh_ins.size() >= 2) t->set_total_weight_change_kg(to(weigh_ins.back().kg - weigh_ins.front().kg, 100));
  if (planned > 0) t->set_workout_adherence(to(done / planned, 1000));
  if (calorie_days > 0) t->set_calorie_adherence(to(static_cast<double>(calorie_hits) / calorie_days, 1000));
}

}  // namespace stylist::plan
