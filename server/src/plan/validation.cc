#include "plan/validation.h"

#include <cmath>

#include "common/api_error.h"
#include "common/dates.h"
#include "common/ids.h"

namespace stylist::plan {
namespace {

// Generating may start this far back (filling in a week just begun) or ahead.
constexpr long kMaxDaysBack = 31;
constexpr long kMaxDaysAhead = 366;

std::string Iso(const google::type::Date& d) { return *DateParam(d); }

// A date field: unset gives `fallback`; otherwise it must be a real date.
google::type::Date DateOr(const google::type::Date& d, const google::type::Date& fallback, const std::string& field,
                          Violations& v) {
  if (!IsSet(d)) return fallback;
  if (!IsRealDate(d)) v.Add(field, "must be a real calendar date (year, month, day)");
  return d;
}

}  // namespace

GenerateInputs CheckGenerate(const v1::GeneratePlanRequest& req, const v1::Profile& profile) {
  GenerateInputs in;
  Violations v;
  const auto today = Today();
  in.start = DateOr(req.start_date(), today, "start_date", v);
  in.end = DateOr(req.end_date(), IsRealDate(in.start) ? AddDays(in.start, 6) : in.start, "end_date", v);
  if (IsRealDate(in.start) && IsRealDate(in.end)) {
    const long start = DaysFromCivil(in.start), end = DaysFromCivil(in.end), now = DaysFromCivil(today);
    in.days = end - start + 1;
    if (end < start) {
      v.Add("end_date", "must not be before start_date");
    } else if (in.days > kMaxPlanDays) {
      v.Add("end_date", "a plan covers at most " + std::to_string(kMaxPlanDays) + " days; this range has " +
                            std::to_string(in.days));
    }
    if (start < now - kMaxDaysBack) v.Add("start_date", "must be at most 31 days in the past");
    if (start > now + kMaxDaysAhead) v.Add("start_date", "must be at most a year ahead");
  }

  const auto& o = req.options();
  in.options = o;
  if (o.training_days_per_week() < 0 || o.training_days_per_week() > 7) {
    v.Add("options.training_days_per_week", "must be 0..7 (0 means 3)");
  }
  if (o.training_days_per_week() == 0) in.options.set_training_days_per_week(3);
  if (o.minutes_per_session() != 0 && (o.minutes_per_session() < 10 || o.minutes_per_session() > 180)) {
    v.Add("options.minutes_per_session", "must be 10..180 minutes (0 means 45)");
  }
  if (o.minutes_per_session() == 0) in.options.set_minutes_per_session(45);
  for (int i = 0; i < o.available_equipment_size(); ++i) {
    const int e = o.available_equipment(i);
    if (e == v1::EQUIPMENT_UNSPECIFIED || !v1::Equipment_IsValid(e)) {
      v.Add("options.available_equipment[" + std::to_string(i) + "]", "must be a known kind of equipment");
    }
  }
  if (o.has_target_weight_kg() && (!(o.target_weight_kg() >= 30) || !(o.target_weight_kg() <= 300))) {
    v.Add("options.target_weight_kg", "must be 30..300 kg");
  }
  if (o.has_weekly_rate_kg()) {
    if (!(o.weekly_rate_kg() >= -1.0) || !(o.weekly_rate_kg() <= 0.5)) {
      v.Add("options.weekly_rate_kg",
            "must be -1.0..+0.5 kg a week: faster loss or gain is not safe to plan for");
    } else {
      in.requested_rate = o.weekly_rate_kg();
    }
  }
  v.ThrowIfAny();

  // The profile: what the energy estimate needs, and sane values.
  const auto& f = profile.fitness();
  std::vector<FieldViolation> missing;
  if (!f.has_age()) missing.push_back({"profile.fitness.age", "required to estimate energy needs"});
  if (!f.has_height_cm()) missing.push_back({"profile.fitness.height_cm", "required to estimate energy needs"});
  if (!f.has_weight_kg()) missing.push_back({"profile.fitness.weight_kg", "required to estimate energy needs"});
  if (f.has_age() && f.age() < kMinAge) {
    missing.push_back({"profile.fitness.age", "plans are for adults (" + std::to_string(kMinAge) +
                                                  " and over): the energy equations and safety floors assume one"});
  }
  if (f.has_weight_kg() && !(f.weight_kg() >= 30 && f.weight_kg() <= 300)) {
    missing.push_back({"profile.fitness.weight_kg", "must be 30..300 kg to plan for"});
  }
  if (f.has_height_cm() && !(f.height_cm() >= 120 && f.height_cm() <= 250)) {
    missing.push_back({"profile.fitness.height_cm", "must be 120..250 cm to plan for"});
  }
  if (!missing.empty()) {
    throw ApiError(grpc::StatusCode::FAILED_PRECONDITION,
                   "the fitness profile lacks what a plan needs; set it with UpdateProfile", missing);
  }
  in.body = {f.age(), f.sex(), f.height_cm(), f.weight_kg(), f.activity_level()};
  in.goal = f.fitness_goal();
  for (const int d : f.dietary_preferences()) in.diets.push_back(static_cast<v1::DietaryPreference>(d));
  in.allergies.assign(f.allergies().begin(), f.allergies().end());

  // A target weight sets the direction when no rate is given, and a rate
  // must not lead away from it.
  if (o.has_target_weight_kg()) {
    const double gap = o.target_weight_kg() - f.weight_kg();
    if (in.requested_rate && *in.requested_rate * gap < 0) {
      throw InvalidArgument("options.weekly_rate_kg", "moves away from options.target_weight_kg");
    }
    if (!in.requested_rate) {
      double rate = std::abs(gap) < 0.5 ? 0 : (gap < 0 ? -0.5 : 0.25);
      // Do not plan past the target within this plan.
      const double weeks = static_cast<double>(in.days) / 7;
      if (std::abs(rate) * weeks > std::abs(gap)) rate = gap / weeks;
      in.requested_rate = rate;
    }
  }
  return in;
}

void CheckPlanId(const std::string& id) {
  if (!IsUuid(id)) throw InvalidArgument("plan_id", "must be a plan id from GeneratePlan or ListPlans");
}

google::type::Date RequiredDate(const google::type::Date& d) {
  if (!IsSet(d)) throw InvalidArgument("date", "required");
  if (!IsRealDate(d)) throw InvalidArgument("date", "must be a real calendar date (year, month, day)");
  return d;
}

void CheckListPlans(const v1::ListPlansRequest& req) {
  if (req.page_size() < 0) throw InvalidArgument("page_size", "must not be negative");
}

google::type::Date CheckLogProgress(const v1::LogProgressRequest& req, const google::type::Date& today) {
  Violations v;
  const auto date = DateOr(req.date(), today, "date", v);
  if (IsRealDate(date) && DaysFromCivil(date) > DaysFromCivil(today) + 1) v.Add("date", "must not be in the future");
  if (req.has_weight_kg() && !(req.weight_kg() >= 20 && req.weight_kg() <= 500)) {
    v.Add("weight_kg", "must be 20..500 kg");
  }
  if (req.has_calories_consumed_kcal() &&
      !(req.calories_consumed_kcal() >= 0 && req.calories_consumed_kcal() <= 20000)) {
    v.Add("calories_consumed_kcal", "must be 0..20000 kcal");
  }
  if (req.has_workouts_completed() && (req.workouts_completed() < 0 || req.workouts_completed() > 20)) {
    v.Add("workouts_completed", "must be 0..20");
  }
  if (req.notes().size() > 2000) v.Add("notes", "at most 2000 bytes");
  if (!req.has_weight_kg() && !req.has_calories_consumed_kcal() && !req.has_workouts_completed() &&
      req.notes().empty()) {
    v.Add("weight_kg", "nothing to log: set weight_kg, calories_consumed_kcal, workouts_completed or notes");
  }
  v.ThrowIfAny();
  return date;
}

void CheckListProgressLogs(const v1::ListProgressLogsRequest& req) {
  Violations v;
  if (req.page_size() < 0) v.Add("page_size", "must not be negative");
  const auto start = IsSet(req.start_date()) ? std::optional(Iso(DateOr(req.start_date(), {}, "start_date", v)))
                                              : std::nullopt;
  const auto end =
      IsSet(req.end_date()) ? std::optional(Iso(DateOr(req.end_date(), {}, "end_date", v))) : std::nullopt;
  if (start && end && IsRealDate(req.start_date()) && IsRealDate(req.end_date()) && *end < *start) {
    v.Add("end_date", "must not be before start_date");
  }
  v.ThrowIfAny();
}

DateSpan CheckGetProgress(const v1::GetProgressRequest& req, const google::type::Date& today) {
  Violations v;
  const auto end = DateOr(req.end_date(), today, "end_date", v);
  const auto start = DateOr(req.start_date(), IsRealDate(end) ? AddDays(end, -27) : end, "start_date", v);
  if (IsRealDate(start) && IsRealDate(end)) {
    const long days = DaysFromCivil(end) - DaysFromCivil(start) + 1;
    if (days < 1) v.Add("end_date", "must not be before start_date");
    if (days > 366) v.Add("end_date", "the range covers at most 366 days");
  }
  v.ThrowIfAny();
  return {start, end};
}

}  // namespace stylist::plan
