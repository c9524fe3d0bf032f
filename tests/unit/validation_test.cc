#include "user/validation.h"

#include <gtest/gtest.h>

#include "common/api_error.h"

namespace stylist::user {
namespace {

TEST(ValidationTest, NormalizeLoginTrimsAndLowers) {
  EXPECT_EQ(NormalizeLogin("  Ann.Lee@Example.COM \n"), "ann.lee@example.com");
}

TEST(ValidationTest, Emails) {
  for (const char* ok : {"ann@example.com", "a.b+tag@sub.example.co.uk", "x_y-z@d-1.io"}) {
    EXPECT_EQ(CheckEmail(ok), std::nullopt) << ok;
  }
  for (const char* bad : {"", "ann", "ann@", "@example.com", "ann@@example.com", "ann@example",
                          ".ann@example.com", "an..n@example.com", "ann@-example.com",
                          "ann@exa_mple.com", "a n@example.com", "ann@example..com"}) {
    EXPECT_NE(CheckEmail(bad), std::nullopt) << bad;
  }
  EXPECT_NE(CheckEmail(std::string(65, 'a') + "@example.com"), std::nullopt);
  EXPECT_NE(CheckEmail("a@" + std::string(250, 'b') + ".com"), std::nullopt);
}

TEST(ValidationTest, Usernames) {
  for (const char* ok : {"ann", "ann_lee", "Ann.Lee-2", "007"}) EXPECT_EQ(CheckUsername(ok), std::nullopt) << ok;
  for (const char* bad : {"", "an", "_ann", "ann lee", "ann@lee", "ext_ann", "ännchen"}) {
    EXPECT_NE(CheckUsername(bad), std::nullopt) << bad;
  }
  EXPECT_NE(CheckUsername(std::string(33, 'a')), std::nullopt);
}

std::vector<FieldViolation> ViolationsOf(const v1::Profile& p) {
  Violations v;
  CheckProfile(p, v);
  try {
    v.ThrowIfAny();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code(), grpc::StatusCode::INVALID_ARGUMENT);
    return e.violations();
  }
  return {};
}

bool HasField(const std::vector<FieldViolation>& vs, const std::string& field) {
  for (const auto& v : vs) {
    if (v.field == field) return true;
  }
  return false;
}

v1::Profile ValidProfile() {
  v1::Profile p;
  p.set_username("ann_lee");
  p.set_display_name("Ann");
  p.mutable_style()->add_styles("minimalist");
  p.mutable_body()->set_waist_cm(70);
  p.mutable_fitness()->set_age(34);
  p.mutable_fitness()->set_height_cm(168);
  p.mutable_fitness()->set_weight_kg(61.5);
  p.mutable_fitness()->set_fitness_goal(v1::FITNESS_GOAL_LOSE_WEIGHT);
  p.mutable_fitness()->add_dietary_preferences(v1::DIETARY_PREFERENCE_VEGETARIAN);
  p.mutable_fitness()->add_allergies("peanuts");
  return p;
}

TEST(ValidationTest, ValidProfilePasses) { EXPECT_TRUE(ViolationsOf(ValidProfile()).empty()); }

TEST(ValidationTest, ProfileReportsEveryBadFieldAtOnce) {
  v1::Profile p = ValidProfile();
  p.mutable_fitness()->set_age(7);
  p.mutable_fitness()->set_height_cm(400);
  p.mutable_body()->set_waist_cm(5);
  p.mutable_style()->add_styles("minimalist");  // duplicate
  p.mutable_fitness()->add_dietary_preferences(v1::DIETARY_PREFERENCE_UNSPECIFIED);
  p.set_display_name(std::string("bad\x01name"));
  const auto vs = ViolationsOf(p);
  EXPECT_TRUE(HasField(vs, "profile.fitness.age"));
  EXPECT_TRUE(HasField(vs, "profile.fitness.height_cm"));
  EXPECT_TRUE(HasField(vs, "profile.body.waist_cm"));
  EXPECT_TRUE(HasField(vs, "profile.style.styles[1]"));
  EXPECT_TRUE(HasField(vs, "profile.fitness.dietary_preferences[1]"));
  EXPECT_TRUE(HasField(vs, "profile.display_name"));
  EXPECT_EQ(vs.size(), 6u);
}

TEST(ValidationTest, ContradictoryDietsAreRefused) {
  v1::Profile p = ValidProfile();
  p.mutable_fitness()->clear_dietary_preferences();
  p.mutable_fitness()->add_dietary_preferences(v1::DIETARY_PREFERENCE_VEGAN);
  p.mutable_fitness()->add_dietary_preferences(v1::DIETARY_PREFERENCE_PESCATARIAN);
  EXPECT_TRUE(HasField(ViolationsOf(p), "profile.fitness.dietary_preferences"));
}

TEST(ValidationTest, UpdateMask) {
  auto check = [](std::vector<std::string> paths) {
    google::protobuf::FieldMask mask;
    for (auto& p : paths) mask.add_paths(p);
    Violations v;
    CheckUpdateMask(mask, v);
    return v.empty();
  };
  EXPECT_TRUE(check({"display_name", "style", "fitness.weight_kg"}));
  EXPECT_FALSE(check({}));
  EXPECT_FALSE(check({"email"}));
  EXPECT_FALSE(check({"role"}));
  EXPECT_FALSE(check({"user_id"}));
  EXPECT_FALSE(check({"no_such_field"}));
  EXPECT_FALSE(check({"fitness.no_such_field"}));
}

}  // namespace
}  // namespace stylist::user
