#include "auth/password.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include "common/crypto.h"

namespace stylist::password {
namespace {

class PasswordTest : public ::testing::Test {
 protected:
  void SetUp() override { crypto::Init(); }
};

TEST_F(PasswordTest, HashIsArgon2idAtTheConfiguredCost) {
  const std::string hash = Hash("Correct-Horse-42");
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u) << hash;
  // OWASP: m=19 MiB (19456 KiB), t=2, p=1.
  EXPECT_NE(hash.find("m=19456,t=2,p=1"), std::string::npos) << hash;
  EXPECT_FALSE(NeedsRehash(hash));
}

TEST_F(PasswordTest, VerifyAcceptsOnlyTheRightPassword) {
  const std::string hash = Hash("Correct-Horse-42");
  EXPECT_TRUE(Verify(hash, "Correct-Horse-42"));
  EXPECT_FALSE(Verify(hash, "correct-horse-42"));
  EXPECT_FALSE(Verify(hash, ""));
  EXPECT_FALSE(Verify("not a hash", "Correct-Horse-42"));
}

TEST_F(PasswordTest, SamePasswordHashesDifferently) {
  EXPECT_NE(Hash("Correct-Horse-42"), Hash("Correct-Horse-42"));
}

TEST_F(PasswordTest, WeakerHashNeedsRehash) {
  char weak[crypto_pwhash_STRBYTES];
  ASSERT_EQ(crypto_pwhash_str_alg(weak, "Correct-Horse-42", 16, 1, 8 * 1024 * 1024,
                                  crypto_pwhash_ALG_ARGON2ID13), 0);
  EXPECT_TRUE(NeedsRehash(weak));
  EXPECT_TRUE(Verify(weak, "Correct-Horse-42"));
}

TEST_F(PasswordTest, StrengthPolicy) {
  EXPECT_EQ(CheckStrength("Correct-Horse-42", "ann@example.com", "ann"), std::nullopt);
  EXPECT_EQ(CheckStrength("Winter coat 2026", "ann@example.com", "ann"), std::nullopt);
  // Two character classes only.
  EXPECT_NE(CheckStrength("correct horse battery staple", "ann@example.com", "ann"), std::nullopt);
  EXPECT_NE(CheckStrength("Sh0rt!", "a@example.com", "ann"), std::nullopt);
  EXPECT_NE(CheckStrength(std::string(129, 'a') + "A1", "a@example.com", "ann"), std::nullopt);
  EXPECT_NE(CheckStrength("alllowercaseletters", "a@example.com", "ann"), std::nullopt);
  EXPECT_NE(CheckStrength("Password123", "a@example.com", "ann"), std::nullopt);
  EXPECT_NE(CheckStrength("Xx-jonathan-2024", "jonathan@example.com", "ann"), std::nullopt);
  EXPECT_NE(CheckStrength("Xx-stylequeen-2024", "a@example.com", "stylequeen"), std::nullopt);
  EXPECT_NE(CheckStrength("Aaaaaaaaaaaaaaaa1", "a@example.com", "ann"), std::nullopt);
  EXPECT_NE(CheckStrength("Abcdefghijklmn1", "a@example.com", "ann"), std::nullopt);
}

}  // namespace
}  // namespace stylist::password
