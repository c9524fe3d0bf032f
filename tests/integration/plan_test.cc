// PlanService through a real server and PostgreSQL: plans generated from
// the profile with the shipped food table, stored and read back by plan
// and by day, overlap refused or replaced, refusals with field errors,
// progress logs merged per day, the progress trend, and the next plan's
// targets moved by a weight trend off course.
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <set>
#include <functional>

#include "common/dates.h"
#include "fake_llm.h"
#include "food_oracle.h"
#include "server_process.h"
#include "stylist/v1/plan.grpc.pb.h"

namespace stylist::testing {
namespace {

class PlanTest : public ::testing::Test {
 protected:
  void SetUp() override { plans_ = v1::PlanService::NewStub(Shared().server->NewChannel()); }

  v1::UserService::Stub& users() { return *Shared().users; }
  v1::PlanService::Stub& plans() { return *plans_; }

  // A registered user with a complete fitness profile.
  std::string UserWithProfile(const std::string& hint, const std::function<void(v1::FitnessProfile*)>& edit = {}) {
    const auto reg = RegisterUser(users(), hint);
    v1::UpdateProfileRequest req;
    auto* f = req.mutable_profile()->mutable_fitness();
    f->set_age(34);
    f->set_sex(v1::SEX_FEMALE);
    f->set_height_cm(168);
    f->set_weight_kg(72);
    f->set_activity_level(v1::ACTIVITY_LEVEL_MODERATE);
    f->set_fitness_goal(v1::FITNESS_GOAL_LOSE_WEIGHT);
    if (edit) edit(f);
    req.mutable_update_mask()->add_paths("fitness");
    v1::UpdateProfileResponse resp;
    const auto status = users().UpdateProfile(Ctx(reg.tokens().access_token()).get(), req, &resp);
    EXPECT_TRUE(status.ok()) << Describe(status);
    return reg.tokens().access_token();
  }

  static google::type::Date Day(int offset) { return AddDays(Today(), offset); }

  grpc::Status Generate(const std::string& token, int start, int days, v1::GeneratePlanResponse* resp,
                        const std::function<void(v1::PlanOptions*)>& edit = {}) {
    v1::GeneratePlanRequest req;
    *req.mutable_start_date() = Day(start);
    *req.mutable_end_date() = Day(start + days - 1);
    if (edit) edit(req.mutable_options());
    return plans().GeneratePlan(Ctx(token).get(), req, resp);
  }

  std::unique_ptr<v1::PlanService::Stub> plans_;
};

TEST_F(PlanTest, GeneratesAStoredWeekWithinTargetsAndReadsItBackByPlanAndByDay) {
  const auto token = UserWithProfile("plan-week", [](v1::FitnessProfile* f) {
    f->add_dietary_preferences(v1::DIETARY_PREFERENCE_VEGETARIAN);
    f->add_allergies("peanuts");
  });
  v1::GeneratePlanResponse gen;
  const auto status = Generate(token, 0, 7, &gen, [](v1::PlanOptions* o) {
    o->set_training_days_per_week(4);
    o->add_available_equipment(v1::EQUIPMENT_DUMBBELLS);
  });
  ASSERT_TRUE(status.ok()) << Describe(status);
  const auto& plan = gen.plan();
  ASSERT_FALSE(plan.plan_id().empty());
  ASSERT_EQ(plan.meal_days_size(), 7);
  ASSERT_EQ(plan.workout_days_size(), 7);
  // Mifflin-St Jeor for this profile: 10*72 + 6.25*168 - 5*34 - 161 = 1439;
  // x1.55 = 2230.45; minus 550 kcal for 0.5 kg a week = 1680.
  EXPECT_EQ(plan.targets().bmr_kcal(), 1439);
  EXPECT_EQ(plan.targets().tdee_kcal(), 2230);
  EXPECT_NEAR(plan.targets().daily().energy_kcal(), 1680, 1);
  EXPECT_NEAR(plan.targets().weekly_rate_kg(), -0.5, 0.01);
  EXPECT_FALSE(plan.notes().empty());
  int training = 0;
  for (int i = 0; i < 7; ++i) {
    const auto& day = plan.meal_days(i);
    EXPECT_EQ(DaysFromCivil(day.date()), DaysFromCivil(Day(i)));
    EXPECT_NEAR(day.total().energy_kcal(), plan.targets().daily().energy_kcal(),
                0.05 * plan.targets().daily().energy_kcal());
    for (const auto* meal : {&day.breakfast(), &day.lunch(), &day.dinner(), &day.snacks()}) {
      EXPECT_FALSE(meal->items().empty());
      for (const auto& item : meal->items()) {
        for (const char* banned : {"chicken", "turkey", "beef", "salmon", "tuna", "cod", "shrimp", "peanut"}) {
          std::string name = item.name();
          std::transform(name.begin(), name.end(), name.begin(), ::tolower);
          EXPECT_EQ(name.find(banned), std::string::npos) << item.name();
        }
      }
    }
    training += plan.workout_days(i).rest_day() ? 0 : 1;
  }
  EXPECT_EQ(training, 4);

  v1::GetPlanRequest get;
  get.set_plan_id(plan.plan_id());
  v1::GetPlanResponse got;
  ASSERT_TRUE(plans().GetPlan(Ctx(token).get(), get, &got).ok());
  EXPECT_EQ(got.plan().SerializeAsString(), plan.SerializeAsString());

  v1::GetMealPlanRequest meal_req;
  *meal_req.mutable_date() = Day(2);
  v1::GetMealPlanResponse meal;
  ASSERT_TRUE(plans().GetMealPlan(Ctx(token).get(), meal_req, &meal).ok());
  EXPECT_EQ(meal.plan_id(), plan.plan_id());
  EXPECT_EQ(meal.day().SerializeAsString(), plan.meal_days(2).SerializeAsString());
  EXPECT_EQ(meal.targets().daily().energy_kcal(), plan.targets().daily().energy_kcal());

  v1::GetWorkoutPlanRequest workout_req;
  *workout_req.mutable_date() = Day(0);
  v1::GetWorkoutPlanResponse workout;
  ASSERT_TRUE(plans().GetWorkoutPlan(Ctx(token).get(), workout_req, &workout).ok());
  EXPECT_EQ(workout.day().SerializeAsString(), plan.workout_days(0).SerializeAsString());

  *workout_req.mutable_date() = Day(30);
  EXPECT_EQ(plans().GetWorkoutPlan(Ctx(token).get(), workout_req, &workout).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(PlanTest, EveryDietGetsAFourWeekPlanFromTheShippedFoods) {
  for (int diet = 1; diet <= 10; ++diet) {
    const auto token = UserWithProfile("diet" + std::to_string(diet), [&](v1::FitnessProfile* f) {
      f->add_dietary_preferences(static_cast<v1::DietaryPreference>(diet));
      f->set_fitness_goal(v1::FITNESS_GOAL_GAIN_MUSCLE);
      f->set_sex(v1::SEX_MALE);
      f->set_weight_kg(80);
    });
    v1::GeneratePlanResponse gen;
    const auto status = Generate(token, 0, 28, &gen);
    ASSERT_TRUE(status.ok()) << v1::DietaryPreference_Name(diet) << ": " << Describe(status);
    for (const auto& day : gen.plan().meal_days()) {
      EXPECT_NEAR(day.total().energy_kcal(), gen.plan().targets().daily().energy_kcal(),
                  0.05 * gen.plan().targets().daily().energy_kcal())
          << v1::DietaryPreference_Name(diet);
    }
  }
}

// The shipped food table against the independent oracle (food_oracle.h):
// every allergen the oracle knows a food carries is tagged, and no diet is
// tagged on a food the diet forbids.
TEST_F(PlanTest, TheShippedFoodTableAgreesWithAnIndependentAllergenAndDietTable) {
  const auto foods = nlohmann::json::parse(Shared().db.QueryValue(
      "SELECT json_agg(json_build_object('name', name, 'allergens', allergens, 'diets', diets) ORDER BY id) FROM foods"));
  ASSERT_GE(foods.size(), 50u);
  for (const auto& food : foods) {
    const std::string name = food["name"];
    const auto oracle = FoodByName(name);
    ASSERT_TRUE(oracle.has_value()) << "the oracle does not know '" << name << "': teach food_oracle.cc";
    std::set<std::string> tagged;
    for (const auto& a : food["allergens"]) tagged.insert(a.get<std::string>());
    for (const auto& a : oracle->allergens) EXPECT_TRUE(tagged.count(a)) << name << " carries " << a << " untagged";
    for (const auto& d : food["diets"]) {
      EXPECT_FALSE(DietForbids(d.get<std::string>(), *oracle)) << name << " is tagged " << d << ", which forbids it";
    }
  }
}

// Every diet with every allergy, three weeks each: no meal holds a food the
// diet or the allergy forbids by the oracle (nor, kosher, meat with dairy).
// A combination that leaves too little to eat may be refused, never
// answered unsafely.
TEST_F(PlanTest, EveryDietWithEveryAllergyGetsNothingItMustNotEat) {
  const std::vector<std::string> allergies = {"peanuts", "tree nuts", "milk", "eggs", "wheat",
                                              "soy",     "fish",      "shellfish", "sesame"};
  int planned = 0, meals = 0;
  for (int diet = 1; diet <= 10; ++diet) {
    std::string diet_word = v1::DietaryPreference_Name(diet).substr(std::string("DIETARY_PREFERENCE_").size());
    std::transform(diet_word.begin(), diet_word.end(), diet_word.begin(), [](unsigned char c) { return std::tolower(c); });
    for (const auto& allergy : allergies) {
      const std::string what = diet_word + " + " + allergy;
      const auto token = UserWithProfile("safe" + std::to_string(diet), [&](v1::FitnessProfile* f) {
        f->add_dietary_preferences(static_cast<v1::DietaryPreference>(diet));
        f->add_allergies(allergy);
      });
      v1::GeneratePlanResponse gen;
      const auto status = Generate(token, 0, 21, &gen);
      if (!status.ok()) {
        EXPECT_TRUE(status.error_code() == grpc::StatusCode::FAILED_PRECONDITION ||
                    status.error_code() == grpc::StatusCode::INVALID_ARGUMENT)
            << what << ": " << Describe(status);
        continue;
      }
      ++planned;
      const std::string allergen = AllergenOf(allergy);
      for (const auto& day : gen.plan().meal_days()) {
        for (const auto* meal : {&day.breakfast(), &day.lunch(), &day.dinner(), &day.snacks()}) {
          bool meat = false, dairy = false;
          for (const auto& item : meal->items()) {
            const auto food = FoodByName(item.name());
            ASSERT_TRUE(food.has_value()) << what << ": the oracle does not know '" << item.name() << "'";
            EXPECT_FALSE(DietForbids(diet_word, *food)) << what << ": " << meal->name() << " has " << item.name();
            EXPECT_FALSE(food->allergens.count(allergen)) << what << ": " << meal->name() << " has " << item.name();
            meat |= food->origin == Origin::kMeat;
            dairy |= food->origin == Origin::kDairy;
          }
          if (diet_word == "kosher") {
            EXPECT_FALSE(meat && dairy) << what << ": " << meal->name() << " mixes meat and dairy";
          }
          ++meals;
        }
      }
    }
  }
  // Most combinations must be plannable, or the check above proves little.
  EXPECT_GE(planned, 80) << planned << " of 90 combinations planned";
  RecordProperty("meals_checked", meals);
}

TEST_F(PlanTest, OverlappingPlansAreRefusedUnlessReplacingWhichKeepsTheOtherDays) {
  const auto token = UserWithProfile("plan-overlap");
  v1::GeneratePlanResponse first, second, third;
  ASSERT_TRUE(Generate(token, 0, 7, &first).ok());
  auto status = Generate(token, 5, 7, &second);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(status.error_message().find(*DateParam(Day(5))), std::string::npos) << status.error_message();

  status = Generate(token, 5, 7, &second, [](v1::PlanOptions* o) { o->set_replace_existing(true); });
  ASSERT_TRUE(status.ok()) << Describe(status);
  v1::GetPlanRequest get;
  get.set_plan_id(first.plan().plan_id());
  v1::GetPlanResponse got;
  ASSERT_TRUE(plans().GetPlan(Ctx(token).get(), get, &got).ok());
  EXPECT_EQ(got.plan().meal_days_size(), 5) << "the first plan keeps days 0..4";
  EXPECT_EQ(DaysFromCivil(got.plan().end_date()), DaysFromCivil(Day(4)));

  // Replacing every day of the first plan removes it.
  ASSERT_TRUE(Generate(token, 0, 7, &third, [](v1::PlanOptions* o) { o->set_replace_existing(true); }).ok());
  EXPECT_EQ(plans().GetPlan(Ctx(token).get(), get, &got).error_code(), grpc::StatusCode::NOT_FOUND);

  v1::ListPlansRequest list_req;
  list_req.set_page_size(1);
  v1::ListPlansResponse page1, page2;
  ASSERT_TRUE(plans().ListPlans(Ctx(token).get(), list_req, &page1).ok());
  ASSERT_EQ(page1.plans_size(), 1);
  EXPECT_EQ(page1.plans(0).plan_id(), second.plan().plan_id()) << "latest start first";
  EXPECT_EQ(page1.plans(0).meal_days_size(), 0) << "days only on request";
  list_req.set_page_token(page1.next_page_token());
  ASSERT_TRUE(plans().ListPlans(Ctx(token).get(), list_req, &page2).ok());
  ASSERT_EQ(page2.plans_size(), 1);
  EXPECT_EQ(page2.plans(0).plan_id(), third.plan().plan_id());
  EXPECT_TRUE(page2.next_page_token().empty());

  v1::DeletePlanRequest del;
  del.set_plan_id(third.plan().plan_id());
  v1::DeletePlanResponse deleted;
  ASSERT_TRUE(plans().DeletePlan(Ctx(token).get(), del, &deleted).ok());
  EXPECT_EQ(plans().DeletePlan(Ctx(token).get(), del, &deleted).error_code(), grpc::StatusCode::NOT_FOUND);
  v1::GetMealPlanRequest meal_req;
  *meal_req.mutable_date() = Day(0);
  v1::GetMealPlanResponse meal;
  EXPECT_EQ(plans().GetMealPlan(Ctx(token).get(), meal_req, &meal).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(PlanTest, ImpossibleOrUnsafeInputsAreRefusedWithFieldErrors) {
  v1::GeneratePlanResponse gen;
  // A profile without the numbers the estimate needs.
  const auto bare = RegisterUser(users(), "plan-bare").tokens().access_token();
  auto status = Generate(bare, 0, 7, &gen);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ViolatedFields(status), (std::vector<std::string>{"profile.fitness.age", "profile.fitness.height_cm",
                                                               "profile.fitness.weight_kg"}));
  // Under the supported age.
  const auto teen = UserWithProfile("plan-teen", [](v1::FitnessProfile* f) { f->set_age(16); });
  status = Generate(teen, 0, 7, &gen);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"profile.fitness.age"});
  // Diets and allergies that leave nothing to eat.
  const auto starving = UserWithProfile("plan-nothing", [](v1::FitnessProfile* f) {
    f->add_dietary_preferences(v1::DIETARY_PREFERENCE_VEGAN);
    f->add_dietary_preferences(v1::DIETARY_PREFERENCE_KETO);
    f->add_allergies("soy");
  });
  status = Generate(starving, 0, 7, &gen);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << Describe(status);
  EXPECT_NE(status.error_message().find("nothing to eat"), std::string::npos);

  const auto token = UserWithProfile("plan-bad");
  // Too long a range, a range backwards, bad options.
  status = Generate(token, 0, 40, &gen);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"end_date"});
  status = Generate(token, 0, 7, &gen, [](v1::PlanOptions* o) {
    o->set_training_days_per_week(9);
    o->set_minutes_per_session(5);
    o->add_available_equipment(v1::EQUIPMENT_UNSPECIFIED);
    o->set_weekly_rate_kg(-2);
  });
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status),
            (std::vector<std::string>{"options.training_days_per_week", "options.minutes_per_session",
                                      "options.available_equipment[0]", "options.weekly_rate_kg"}));
  // A rate within range whose intake would be below the safe floor for a
  // small, sedentary person.
  const auto small = UserWithProfile("plan-small", [](v1::FitnessProfile* f) {
    f->set_weight_kg(48);
    f->set_height_cm(152);
    f->set_age(60);
    f->set_activity_level(v1::ACTIVITY_LEVEL_SEDENTARY);
  });
  status = Generate(small, 0, 7, &gen, [](v1::PlanOptions* o) { o->set_weekly_rate_kg(-1.0); });
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << Describe(status);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"options.weekly_rate_kg"});
  // A rate away from the target weight.
  status = Generate(token, 0, 7, &gen, [](v1::PlanOptions* o) {
    o->set_target_weight_kg(65);
    o->set_weekly_rate_kg(0.25);
  });
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  // Without a rate, the goal default applies, bounded, and says so.
  status = Generate(small, 0, 7, &gen);
  ASSERT_TRUE(status.ok()) << Describe(status);
  EXPECT_GE(gen.plan().targets().daily().energy_kcal(), 1200);
}

TEST_F(PlanTest, PlansAndProgressBelongToTheirOwner) {
  const auto owner = UserWithProfile("plan-owner");
  const auto other = UserWithProfile("plan-other");
  v1::GeneratePlanResponse gen;
  ASSERT_TRUE(Generate(owner, 0, 7, &gen).ok());
  v1::GetPlanRequest get;
  get.set_plan_id(gen.plan().plan_id());
  v1::GetPlanResponse got;
  EXPECT_EQ(plans().GetPlan(Ctx(other).get(), get, &got).error_code(), grpc::StatusCode::NOT_FOUND);
  v1::DeletePlanRequest del;
  del.set_plan_id(gen.plan().plan_id());
  v1::DeletePlanResponse deleted;
  EXPECT_EQ(plans().DeletePlan(Ctx(other).get(), del, &deleted).error_code(), grpc::StatusCode::NOT_FOUND);
  v1::GetMealPlanRequest meal_req;
  *meal_req.mutable_date() = Day(0);
  v1::GetMealPlanResponse meal;
  EXPECT_EQ(plans().GetMealPlan(Ctx(other).get(), meal_req, &meal).error_code(), grpc::StatusCode::NOT_FOUND);
  // The other user can plan the same days: plans never collide across users.
  EXPECT_TRUE(Generate(other, 0, 7, &gen).ok());
  EXPECT_EQ(plans().GetPlan(Ctx().get(), get, &got).error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(PlanTest, ProgressLogsMergePerDayAndTheTrendAndAdherenceFollow) {
  const auto token = UserWithProfile("plan-progress");
  v1::GeneratePlanResponse gen;
  ASSERT_TRUE(Generate(token, -13, 14, &gen, [](v1::PlanOptions* o) { o->set_training_days_per_week(3); }).ok());
  // Two weeks of logs: weight down 0.5 kg a week, every workout done in
  // week one, none in week two.
  for (int i = -13; i <= 0; ++i) {
    v1::LogProgressRequest req;
    *req.mutable_date() = Day(i);
    req.set_weight_kg(72 + (i + 13) * (-0.5 / 7));
    const bool trained = !gen.plan().workout_days(i + 13).rest_day();
    if (i < -6) req.set_workouts_completed(trained ? 1 : 0);
    req.set_calories_consumed_kcal(i % 2 == 0 ? gen.plan().targets().daily().energy_kcal() : 3000);
    v1::LogProgressResponse resp;
    ASSERT_TRUE(plans().LogProgress(Ctx(token).get(), req, &resp).ok());
  }
  // Logging a day again replaces what is set and keeps the rest.
  v1::LogProgressRequest again;
  *again.mutable_date() = Day(0);
  again.set_notes("felt strong");
  v1::LogProgressResponse merged;
  ASSERT_TRUE(plans().LogProgress(Ctx(token).get(), again, &merged).ok());
  EXPECT_EQ(merged.progress_log().notes(), "felt strong");
  EXPECT_NEAR(merged.progress_log().weight_kg(), 72 - 13 * 0.5 / 7, 1e-9);

  v1::ListProgressLogsRequest list_req;
  list_req.set_page_size(10);
  v1::ListProgressLogsResponse page1, page2;
  ASSERT_TRUE(plans().ListProgressLogs(Ctx(token).get(), list_req, &page1).ok());
  ASSERT_EQ(page1.progress_logs_size(), 10);
  EXPECT_EQ(DaysFromCivil(page1.progress_logs(0).date()), DaysFromCivil(Day(0))) << "newest first";
  list_req.set_page_token(page1.next_page_token());
  ASSERT_TRUE(plans().ListProgressLogs(Ctx(token).get(), list_req, &page2).ok());
  EXPECT_EQ(page2.progress_logs_size(), 4);
  EXPECT_TRUE(page2.next_page_token().empty());

  v1::GetProgressRequest progress_req;
  *progress_req.mutable_start_date() = Day(-13);
  *progress_req.mutable_end_date() = Day(0);
  v1::GetProgressResponse progress;
  ASSERT_TRUE(plans().GetProgress(Ctx(token).get(), progress_req, &progress).ok());
  ASSERT_EQ(progress.series_size(), 14);
  const auto& t = progress.trend();
  EXPECT_EQ(t.days_logged(), 14);
  EXPECT_NEAR(t.weekly_weight_change_kg(), -0.5, 0.01);
  EXPECT_NEAR(t.total_weight_change_kg(), -13 * 0.5 / 7, 0.005);  // to 10 g
  EXPECT_NEAR(t.workout_adherence(), 0.5, 0.2) << "week one done, week two not";
  EXPECT_NEAR(t.calorie_adherence(), 0.5, 0.01);
  EXPECT_GT(progress.series(0).workouts_planned() + progress.series(1).workouts_planned() +
                progress.series(2).workouts_planned(),
            0);

  // Refusals.
  v1::LogProgressRequest bad;
  bad.set_weight_kg(-3);
  *bad.mutable_date() = Day(10);
  v1::LogProgressResponse out;
  const auto status = plans().LogProgress(Ctx(token).get(), bad, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status), (std::vector<std::string>{"date", "weight_kg"}));
  v1::LogProgressRequest empty;
  EXPECT_EQ(plans().LogProgress(Ctx(token).get(), empty, &out).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(PlanTest, AWeightTrendOffCourseMovesTheNextPlansTargets) {
  // Heavy enough that neither the deficit bound nor the BMR floor hides the
  // correction: BMR 1860, expenditure 2883 kcal.
  const auto token = UserWithProfile("plan-trend", [](v1::FitnessProfile* f) {
    f->set_sex(v1::SEX_MALE);
    f->set_weight_kg(90);
    f->set_height_cm(180);
  });
  v1::GeneratePlanResponse before;
  ASSERT_TRUE(Generate(token, -21, 21, &before).ok());
  ASSERT_NEAR(before.plan().targets().weekly_rate_kg(), -0.5, 0.01);
  // The plan aimed at -0.5 kg a week; the scale says flat.
  for (int i = -21; i < 0; i += 3) {
    v1::LogProgressRequest req;
    *req.mutable_date() = Day(i);
    req.set_weight_kg(90);
    v1::LogProgressResponse resp;
    ASSERT_TRUE(plans().LogProgress(Ctx(token).get(), req, &resp).ok());
  }
  v1::GeneratePlanResponse next;
  ASSERT_TRUE(Generate(token, 0, 7, &next).ok());
  // Expenditure corrected down by min(0.5 kg * 7700 / 7, 300) = 300 kcal.
  EXPECT_NEAR(next.plan().targets().tdee_kcal(), before.plan().targets().tdee_kcal() - 300, 1);
  EXPECT_NEAR(next.plan().targets().daily().energy_kcal(), before.plan().targets().daily().energy_kcal() - 300, 1);
  bool explained = false;
  for (const auto& n : next.plan().notes()) explained |= n.find("logged weight") != std::string::npos;
  EXPECT_TRUE(explained);
}

TEST_F(PlanTest, TheNextWeeksPlanCarriesTheLoadOnWithTheSameExercises) {
  const auto token = UserWithProfile("plan-cycle");
  auto options = [](v1::PlanOptions* o) {
    o->set_training_days_per_week(3);
    o->add_available_equipment(v1::EQUIPMENT_DUMBBELLS);
  };
  v1::GeneratePlanResponse first, second;
  ASSERT_TRUE(Generate(token, 0, 7, &first, options).ok());
  ASSERT_TRUE(Generate(token, 7, 7, &second, options).ok());
  const auto& before = first.plan().workout_days(0).sessions(0);
  const auto& after = second.plan().workout_days(0).sessions(0);
  ASSERT_EQ(before.name(), after.name());
  ASSERT_EQ(before.exercises_size(), after.exercises_size());
  double gained = 0;
  for (int k = 1; k < after.exercises_size(); ++k) {
    ASSERT_EQ(before.exercises(k).name(), after.exercises(k).name()) << "the same lifts, to progress them";
    const auto volume = [](const v1::Exercise& e) {
      return e.sets() * (e.reps() > 0 ? e.reps() : static_cast<double>(e.duration().seconds()));
    };
    EXPECT_GE(volume(after.exercises(k)), volume(before.exercises(k)));
    gained += volume(after.exercises(k)) - volume(before.exercises(k));
  }
  EXPECT_GT(gained, 0) << "week 2 of the cycle adds load";
  EXPECT_NE(after.exercises(1).notes().find("Week 2"), std::string::npos) << after.exercises(1).notes();
}

TEST_F(PlanTest, EveryPlanHasASummaryFromTheTemplateWithoutAModel) {
  const auto token = UserWithProfile("plan-summary");
  v1::GeneratePlanResponse gen;
  ASSERT_TRUE(Generate(token, 0, 7, &gen).ok());
  EXPECT_FALSE(gen.plan().summary_by_model());
  EXPECT_NE(gen.plan().summary().find("7-day plan aims for"), std::string::npos) << gen.plan().summary();
  v1::GetPlanRequest get;
  get.set_plan_id(gen.plan().plan_id());
  v1::GetPlanResponse got;
  ASSERT_TRUE(plans().GetPlan(Ctx(token).get(), get, &got).ok());
  EXPECT_EQ(got.plan().summary(), gen.plan().summary());
}

// The optional model pass: it words the summary from the engine's facts;
// when the model cannot be reached the template stands in and the plan is
// generated all the same.
TEST(PlanModelTest, TheModelWordsTheSummaryAndTheTemplateStandsInWhenItCannot) {
  ScratchDatabase db;
  FakeLlm llm;
  for (const bool reachable : {true, false}) {
    auto env = DefaultServerEnv(db.url());
    // A closed port for the unreachable case: 127.0.0.1:1.
    env["STYLIST_LLM_BASE_URL"] = reachable ? llm.base_url() : "http://127.0.0.1:1/v1";
    env["STYLIST_PLAN_SUMMARY_TIMEOUT"] = "2s";
    ServerProcess server(env);
    auto users = v1::UserService::NewStub(server.NewChannel());
    auto plans = v1::PlanService::NewStub(server.NewChannel());
    const auto reg = RegisterUser(*users, reachable ? "plan-model" : "plan-nomodel");
    v1::UpdateProfileRequest update;
    auto* f = update.mutable_profile()->mutable_fitness();
    f->set_age(40);
    f->set_height_cm(175);
    f->set_weight_kg(80);
    f->set_fitness_goal(v1::FITNESS_GOAL_MAINTAIN);
    update.mutable_update_mask()->add_paths("fitness");
    v1::UpdateProfileResponse updated;
    ASSERT_TRUE(users->UpdateProfile(Ctx(reg.tokens().access_token()).get(), update, &updated).ok());
    v1::GeneratePlanRequest req;
    v1::GeneratePlanResponse gen;
    const auto status = plans->GeneratePlan(Ctx(reg.tokens().access_token()).get(), req, &gen);
    ASSERT_TRUE(status.ok()) << Describe(status);
    EXPECT_EQ(gen.plan().summary_by_model(), reachable);
    if (reachable) {
      EXPECT_EQ(gen.plan().summary(), "Hello from the model.");
      EXPECT_NE(llm.last_body().find("aims for"), std::string::npos) << "the model is given the engine's facts";
    } else {
      EXPECT_NE(gen.plan().summary().find("aims for"), std::string::npos);
    }
    EXPECT_EQ(gen.plan().meal_days_size(), 7) << "the numbers are the engine's either way";
  }
}

}  // namespace
}  // namespace stylist::testing
