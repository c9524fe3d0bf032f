#include "auth/jwt.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include "common/crypto.h"

namespace stylist::jwt {
namespace {

using std::chrono::seconds;
using std::chrono::system_clock;

constexpr char kSecret[] = "0123456789abcdef0123456789abcdef";

std::int64_t Epoch(system_clock::time_point t) {
  return std::chrono::duration_cast<seconds>(t.time_since_epoch()).count();
}

nlohmann::json GoodClaims(system_clock::time_point now) {
  return {{"iss", "stylist"}, {"aud", "stylist-api"}, {"sub", "user-1"},
          {"iat", Epoch(now)}, {"exp", Epoch(now + seconds(900))}, {"jti", "abc"}};
}

VerifyOptions Hs256Options() {
  VerifyOptions o;
  o.algorithm = Algorithm::kHs256;
  o.hmac_secret = kSecret;
  o.issuer = "stylist";
  o.audience = "stylist-api";
  return o;
}

// Builds a token from raw JSON header and claims with an HS256 signature, so
// that tests can forge headers the library itself would never write.
std::string Forge(const nlohmann::json& header, const nlohmann::json& claims, const std::string& secret) {
  const std::string input = crypto::Base64UrlEncode(header.dump()) + "." + crypto::Base64UrlEncode(claims.dump());
  return input + "." + crypto::Base64UrlEncode(crypto::HmacSha256(secret, input));
}

class JwtTest : public ::testing::Test {
 protected:
  void SetUp() override { crypto::Init(); }
  system_clock::time_point now_ = system_clock::now();
};

TEST_F(JwtTest, SignedTokenVerifies) {
  const Verifier v(Hs256Options());
  std::string reason;
  auto got = v.Verify(SignHs256(GoodClaims(now_), kSecret), &reason, now_);
  ASSERT_TRUE(got) << reason;
  EXPECT_EQ(got->subject, "user-1");
  EXPECT_EQ(got->claims["jti"], "abc");
}

TEST_F(JwtTest, WrongSecretIsRefused) {
  const Verifier v(Hs256Options());
  std::string reason;
  EXPECT_FALSE(v.Verify(SignHs256(GoodClaims(now_), std::string(32, 'x')), &reason, now_));
  EXPECT_FALSE(reason.empty());
}

TEST_F(JwtTest, TamperedPayloadIsRefused) {
  const Verifier v(Hs256Options());
  std::string token = SignHs256(GoodClaims(now_), kSecret);
  auto claims = GoodClaims(now_);
  claims["sub"] = "admin";
  const auto first = token.find('.');
  const auto second = token.find('.', first + 1);
  token = token.substr(0, first + 1) + crypto::Base64UrlEncode(claims.dump()) + token.substr(second);
  std::string reason;
  EXPECT_FALSE(v.Verify(token, &reason, now_));
}

TEST_F(JwtTest, AlgNoneIsRefused) {
  const Verifier v(Hs256Options());
  const std::string token = crypto::Base64UrlEncode(R"({"alg":"none","typ":"JWT"})") + "." +
                            crypto::Base64UrlEncode(GoodClaims(now_).dump()) + ".";
  std::string reason;
  EXPECT_FALSE(v.Verify(token, &reason, now_));
}

TEST_F(JwtTest, AlgorithmIsPinned) {
  const Verifier v(Hs256Options());
  std::string reason;
  // Correctly signed with the right key, but claiming another algorithm.
  EXPECT_FALSE(v.Verify(Forge({{"alg", "HS512"}, {"typ", "JWT"}}, GoodClaims(now_), kSecret), &reason, now_));
  EXPECT_FALSE(v.Verify(Forge({{"alg", "RS256"}, {"typ", "JWT"}}, GoodClaims(now_), kSecret), &reason, now_));
  EXPECT_TRUE(v.Verify(Forge({{"alg", "HS256"}, {"typ", "JWT"}}, GoodClaims(now_), kSecret), &reason, now_))
      << reason;
}

TEST_F(JwtTest, EachRequiredClaimIsChecked) {
  const Verifier v(Hs256Options());
  std::string reason;
  for (const char* claim : {"iss", "aud", "sub", "exp", "iat", "jti"}) {
    auto claims = GoodClaims(now_);
    claims.erase(claim);
    EXPECT_FALSE(v.Verify(SignHs256(claims, kSecret), &reason, now_)) << "missing " << claim;
  }
  auto wrong_iss = GoodClaims(now_);
  wrong_iss["iss"] = "someone-else";
  EXPECT_FALSE(v.Verify(SignHs256(wrong_iss, kSecret), &reason, now_));
  auto wrong_aud = GoodClaims(now_);
  wrong_aud["aud"] = "other-api";
  EXPECT_FALSE(v.Verify(SignHs256(wrong_aud, kSecret), &reason, now_));
  auto aud_list = GoodClaims(now_);
  aud_list["aud"] = {"other-api", "stylist-api"};
  EXPECT_TRUE(v.Verify(SignHs256(aud_list, kSecret), &reason, now_)) << reason;
}

TEST_F(JwtTest, ExpiryAndIssuedAtHonourLeeway) {
  const Verifier v(Hs256Options());
  std::string reason;
  const std::string token = SignHs256(GoodClaims(now_), kSecret);
  EXPECT_TRUE(v.Verify(token, &reason, now_ + seconds(900 + 29))) << reason;
  EXPECT_FALSE(v.Verify(token, &reason, now_ + seconds(900 + 31)));
  // Issued in the future beyond the leeway: a clock problem or a forgery.
  EXPECT_FALSE(v.Verify(token, &reason, now_ - seconds(120)));
}

TEST_F(JwtTest, TimesOutOfAnyRangeAreRefusedNotConverted) {
  // exp of 4e44 (a double no integer holds) and of the largest integer
  // (plus the leeway it overflowed): found by the JWT fuzzer under UBSan.
  const Verifier v(Hs256Options());
  std::string reason;
  for (const nlohmann::json& bad : {nlohmann::json(4.14e44), nlohmann::json(9223372036854775807LL),
                                    nlohmann::json(-1e300)}) {
    for (const char* claim : {"exp", "iat", "nbf"}) {
      auto claims = GoodClaims(now_);
      claims[claim] = bad;
      EXPECT_FALSE(v.Verify(SignHs256(claims, kSecret), &reason, now_)) << claim << " = " << bad;
      EXPECT_EQ(reason, "malformed time claim") << claim << " = " << bad;
    }
  }
}

TEST_F(JwtTest, GarbageIsRefusedWithoutThrowing) {
  const Verifier v(Hs256Options());
  std::string reason;
  const std::vector<std::string> tokens = {"", ".", "..", "a.b.c", "a.b", "a.b.c.d", std::string(10000, 'a'),
                                          crypto::Base64UrlEncode("[]") + ".e30.sig"};
  for (const std::string& token : tokens) {
    EXPECT_FALSE(v.Verify(token, &reason, now_)) << token.substr(0, 20);
  }
}

// RS256 as an external issuer would use it: signed here with OpenSSL.
TEST_F(JwtTest, Rs256TokenFromExternalIssuerVerifies) {
  EVP_PKEY* key = EVP_RSA_gen(2048);
  ASSERT_NE(key, nullptr);
  BIO* bio = BIO_new(BIO_s_mem());
  ASSERT_EQ(PEM_write_bio_PUBKEY(bio, key), 1);
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  const std::string pem(data, static_cast<std::size_t>(len));
  BIO_free(bio);

  const std::string input = crypto::Base64UrlEncode(R"({"alg":"RS256","typ":"JWT"})") + "." +
                            crypto::Base64UrlEncode(GoodClaims(now_).dump());
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  ASSERT_EQ(EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, key), 1);
  std::size_t sig_len = 0;
  ASSERT_EQ(EVP_DigestSign(ctx, nullptr, &sig_len,
                           reinterpret_cast<const unsigned char*>(input.data()), input.size()), 1);
  std::string sig(sig_len, '\0');
  ASSERT_EQ(EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(sig.data()), &sig_len,
                           reinterpret_cast<const unsigned char*>(input.data()), input.size()), 1);
  sig.resize(sig_len);
  EVP_MD_CTX_free(ctx);
  EVP_PKEY_free(key);

  EXPECT_EQ(AlgorithmForPublicKey(pem), Algorithm::kRs256);
  VerifyOptions o;
  o.algorithm = Algorithm::kRs256;
  o.public_key_pem = pem;
  o.issuer = "stylist";
  o.audience = "stylist-api";
  const Verifier v(o);
  std::string reason;
  const std::string token = input + "." + crypto::Base64UrlEncode(sig);
  EXPECT_TRUE(v.Verify(token, &reason, now_)) << reason;
  // The classic confusion attack: HS256 keyed with the public key text.
  EXPECT_FALSE(v.Verify(Forge({{"alg", "HS256"}}, GoodClaims(now_), pem), &reason, now_));
}

}  // namespace
}  // namespace stylist::jwt
