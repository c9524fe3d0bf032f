// Key sets of external identity providers: which JWKs are taken for a
// pinned algorithm, when the cache fetches again (rotation, unknown kids,
// age) and what a provider outage does; and tokens verified through them.
#include "auth/jwks.h"

#include <gtest/gtest.h>

#include "common/api_error.h"
#include "common/crypto.h"
#include "support/test_keys.h"

#include <cstdio>
#include <fstream>
#include <map>
#include <thread>

namespace stylist::auth {
namespace {

using stylist::testing::JwksOf;
using stylist::testing::TestKey;
using namespace std::chrono_literals;

class JwksTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    crypto::Init();
    rsa1_ = new TestKey(TestKey::Generate("RS256", "rsa-1"));
    rsa2_ = new TestKey(TestKey::Generate("RS256", "rsa-2"));
    ec1_ = new TestKey(TestKey::Generate("ES256", "ec-1"));
  }
  static void TearDownTestSuite() {
    delete rsa1_;
    delete rsa2_;
    delete ec1_;
  }
  // A fetch serving `document_`, counting its calls; fails while `down_`.
  JwksFetch Fetch() {
    return [this] {
      ++fetches_;
      if (down_) throw std::runtime_error("connection refused");
      return document_;
    };
  }
  static nlohmann::json Claims() {
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch()).count();
    return {{"iss", "https://issuer.test"}, {"aud", "app"}, {"sub", "u1"}, {"iat", now}, {"exp", now + 300}};
  }

  // A verifier as the Authenticator makes one for an OIDC issuer.
  static jwt::Verifier VerifierFor(JwksCache& cache, jwt::Algorithm algorithm) {
    jwt::VerifyOptions o;
    o.algorithm = algorithm;
    o.key_for_kid = cache.AsKeyForKid();
    o.issuer = "https://issuer.test";
    o.audience = "app";
    o.require_jti = false;
    return jwt::Verifier(o);
  }

  static TestKey* rsa1_;
  static TestKey* rsa2_;
  static TestKey* ec1_;
  std::string document_;
  bool down_ = false;
  int fetches_ = 0;
};
TestKey* JwksTest::rsa1_ = nullptr;
TestKey* JwksTest::rsa2_ = nullptr;
TestKey* JwksTest::ec1_ = nullptr;

TEST_F(JwksTest, OnlyKeysForThePinnedAlgorithmAndUseAreTaken) {
  auto enc = rsa2_->Jwk();
  enc["use"] = "enc";
  auto rs512 = rsa2_->Jwk();
  rs512["alg"] = "RS512";
  rs512["kid"] = "rs512";
  auto no_kid = rsa2_->Jwk();
  no_kid.erase("kid");
  nlohmann::json doc = {{"keys", {rsa1_->Jwk(), ec1_->Jwk(), enc, rs512, no_kid, "junk", {{"kty", "RSA"}, {"kid", "x"}}}}};
  const auto rsa = ParseJwks(doc.dump(), jwt::Algorithm::kRs256);
  ASSERT_EQ(rsa.size(), 1u);
  EXPECT_EQ(rsa.count("rsa-1"), 1u);
  EXPECT_EQ(jwt::AlgorithmForPublicKey(rsa.at("rsa-1")), jwt::Algorithm::kRs256);
  const auto ec = ParseJwks(doc.dump(), jwt::Algorithm::kEs256);
  ASSERT_EQ(ec.size(), 1u);
  EXPECT_EQ(jwt::AlgorithmForPublicKey(ec.at("ec-1")), jwt::Algorithm::kEs256);
  EXPECT_THROW(ParseJwks("[]", jwt::Algorithm::kRs256), std::invalid_argument);
  EXPECT_THROW(ParseJwks("{\"keys\": 1}", jwt::Algorithm::kRs256), std::invalid_argument);
}

TEST_F(JwksTest, WeakOrMalformedKeysAreRefused) {
  // A 1024-bit RSA modulus, a point off the curve, a short coordinate.
  auto small = rsa1_->Jwk();
  small["n"] = small["n"].get<std::string>().substr(0, 171);
  auto off_curve = ec1_->Jwk();
  std::string x = off_curve["x"].get<std::string>();
  x[5] = x[5] == 'A' ? 'B' : 'A';
  off_curve["x"] = x;
  auto short_y = ec1_->Jwk();
  short_y["y"] = "AAAA";
  auto p384 = ec1_->Jwk();
  p384["crv"] = "P-384";
  const nlohmann::json doc = {{"keys", {small, off_curve, short_y, p384}}};
  EXPECT_TRUE(ParseJwks(doc.dump(), jwt::Algorithm::kRs256).empty());
  EXPECT_TRUE(ParseJwks(doc.dump(), jwt::Algorithm::kEs256).empty());
}

TEST_F(JwksTest, AnUnknownKidFetchesAgainAtMostOncePerInterval) {
  document_ = JwksOf({rsa1_});
  JwksCache cache(Fetch(), {.algorithm = jwt::Algorithm::kRs256, .min_refresh = 200ms, .max_age = 1h});
  std::string reason;
  EXPECT_TRUE(cache.PemFor("rsa-1", &reason));
  EXPECT_EQ(fetches_, 1);
  EXPECT_TRUE(cache.PemFor("rsa-1", &reason));
  EXPECT_EQ(fetches_, 1) << "a known key is served from the cache";
  // Made-up kids inside the interval fetch nothing.
  for (int i = 0; i < 50; ++i) EXPECT_FALSE(cache.PemFor("made-up-" + std::to_string(i), &reason));
  EXPECT_EQ(fetches_, 1);
  EXPECT_EQ(reason, "unknown signing key");
  // The provider rotates: rsa-2 in, rsa-1 out. After the interval the new
  // kid fetches the set, and the withdrawn key is gone with it.
  document_ = JwksOf({rsa2_});
  std::this_thread::sleep_for(250ms);
  EXPECT_TRUE(cache.PemFor("rsa-2", &reason));
  EXPECT_EQ(fetches_, 2);
  EXPECT_FALSE(cache.PemFor("rsa-1", &reason));
}

TEST_F(JwksTest, KnownKeysOutliveAnOutageAndNoKeysAtAllIsUnavailable) {
  down_ = true;
  JwksCache never(Fetch(), {.algorithm = jwt::Algorithm::kRs256, .min_refresh = 0ms, .max_age = 1h});
  std::string reason;
  try {
    never.PemFor("rsa-1", &reason);
    ADD_FAILURE() << "no key set was ever fetched: UNAVAILABLE expected";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code(), grpc::StatusCode::UNAVAILABLE);
  }
  down_ = false;
  document_ = JwksOf({rsa1_});
  JwksCache cache(Fetch(), {.algorithm = jwt::Algorithm::kRs256, .min_refresh = 0ms, .max_age = 0ms});
  EXPECT_TRUE(cache.PemFor("rsa-1", &reason));
  down_ = true;  // every use is now stale and fetches, and the fetch fails
  const int before = fetches_;
  EXPECT_TRUE(cache.PemFor("rsa-1", &reason)) << "the known key stays in use during an outage";
  EXPECT_GT(fetches_, before);
  // An unknown kid while the provider is down may be a rotation not yet
  // seen: UNAVAILABLE (retry), not a refusal.
  try {
    cache.PemFor("rotated", &reason);
    ADD_FAILURE() << "UNAVAILABLE expected while the last fetch failed";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code(), grpc::StatusCode::UNAVAILABLE);
  }
  // A document with no usable key does not replace the known keys either.
  down_ = false;
  document_ = JwksOf({ec1_});
  EXPECT_TRUE(cache.PemFor("rsa-1", &reason));
}

TEST_F(JwksTest, TokensVerifyThroughTheKeySetAndEveryAttackIsRefused) {
  document_ = JwksOf({rsa1_, rsa2_});
  JwksCache cache(Fetch(), {.algorithm = jwt::Algorithm::kRs256, .min_refresh = 0ms, .max_age = 1h});
  const jwt::Verifier v = VerifierFor(cache, jwt::Algorithm::kRs256);
  std::string reason;
  auto verified = v.Verify(rsa1_->Sign(Claims()), &reason);
  ASSERT_TRUE(verified) << reason;
  EXPECT_EQ(verified->subject, "u1");
  EXPECT_TRUE(v.Verify(rsa2_->Sign(Claims()), &reason)) << reason;

  // Refused, and for the reason the case is about (not an earlier one).
  auto refused = [&](const std::string& token, const std::string& why, const std::string& expected) {
    reason.clear();
    EXPECT_FALSE(v.Verify(token, &reason)) << why;
    EXPECT_EQ(reason, expected) << why;
  };
  refused(rsa1_->Sign(Claims(), {{"kid", "rsa-2"}}), "signed by rsa-1, naming rsa-2", "bad signature");
  refused(rsa1_->Sign(Claims(), {{"kid", nullptr}}), "no kid", "token names no key (kid)");
  refused(rsa1_->Sign(Claims(), {{"kid", 7}}), "a kid that is no string", "token names no key (kid)");
  refused(ec1_->Sign(Claims(), {{"kid", "rsa-1"}}), "ES256 where RS256 is pinned", "unexpected token algorithm");
  refused(rsa1_->Sign(Claims(), {{"alg", "RS512"}}), "another algorithm named", "unexpected token algorithm");
  refused(rsa1_->Sign(Claims(), {{"crit", {"exp"}}}), "a critical header", "unsupported critical header");
  // alg none: no signature at all.
  {
    const std::string token = rsa1_->Sign(Claims(), {{"alg", "none"}});
    refused(token.substr(0, token.rfind('.') + 1), "alg none", "unexpected token algorithm");
  }
  // Key confusion: HS256 keyed with the public key's PEM text.
  refused(jwt::SignHs256(Claims(), cache.PemFor("rsa-1", &reason).value()), "HS256 with the public key",
          "unexpected token algorithm");
  for (const char* claim : {"iss", "aud", "sub", "exp", "iat"}) {
    auto c = Claims();
    c.erase(claim);
    const std::map<std::string, std::string> why = {{"iss", "wrong issuer"}, {"aud", "wrong audience"},
                                                    {"sub", "missing sub"},   {"exp", "missing exp"},
                                                    {"iat", "missing iat"}};
    refused(rsa1_->Sign(c), std::string("without ") + claim, why.at(claim));
  }
  auto wrong = Claims();
  wrong["iss"] = "https://issuer.test/";
  refused(rsa1_->Sign(wrong), "another issuer", "wrong issuer");
  wrong = Claims();
  wrong["aud"] = {"other", "apps"};
  refused(rsa1_->Sign(wrong), "another audience", "wrong audience");
  wrong = Claims();
  wrong["exp"] = wrong["iat"].get<long long>() - 600;
  refused(rsa1_->Sign(wrong), "expired", "token expired");
  wrong = Claims();
  wrong["nbf"] = wrong["iat"].get<long long>() + 600;
  refused(rsa1_->Sign(wrong), "not yet valid", "token not yet valid");
  // A tampered payload under a good signature.
  {
    const std::string token = rsa1_->Sign(Claims());
    auto other = Claims();
    other["sub"] = "admin";
    const std::string forged = rsa1_->Sign(other);
    const auto d1 = token.find('.'), d2 = token.rfind('.');
    const auto f1 = forged.find('.'), f2 = forged.rfind('.');
    refused(token.substr(0, d1 + 1) + forged.substr(f1 + 1, f2 - f1 - 1) + token.substr(d2), "tampered payload", "bad signature");
  }
}

TEST_F(JwksTest, Es256TokensVerifyThroughAnEcKeySet) {
  document_ = JwksOf({ec1_});
  JwksCache cache(Fetch(), {.algorithm = jwt::Algorithm::kEs256, .min_refresh = 0ms, .max_age = 1h});
  const jwt::Verifier v = VerifierFor(cache, jwt::Algorithm::kEs256);
  std::string reason;
  const std::string token = ec1_->Sign(Claims());
  EXPECT_TRUE(v.Verify(token, &reason)) << reason;
  // A flipped bit of the signature.
  std::string bad = token;
  bad[bad.size() - 5] = bad[bad.size() - 5] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(v.Verify(bad, &reason));
  EXPECT_FALSE(v.Verify(rsa1_->Sign(Claims(), {{"alg", "ES256"}, {"kid", "ec-1"}}), &reason)) << "an RSA signature";
}

// STYLIST_EXTERNAL_JWT_JWKS_FILE: the key set read from a file, read again
// like the URL (an operator rotates by rewriting it); a missing file is an
// outage, not an empty set.
TEST_F(JwksTest, AKeySetFileIsReadAndReadAgainAfterARotation) {
  const std::string path = ::testing::TempDir() + "jwks-file-test-" + crypto::RandomToken(6) + ".json";
  const auto write = [&](const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
  };
  write(JwksOf({rsa1_}));
  JwksCache cache(JwksFromFile(path), {.algorithm = jwt::Algorithm::kRs256, .min_refresh = 0ms, .max_age = 1h});
  const jwt::Verifier v = VerifierFor(cache, jwt::Algorithm::kRs256);
  std::string reason;
  EXPECT_TRUE(v.Verify(rsa1_->Sign(Claims()), &reason)) << reason;
  EXPECT_FALSE(v.Verify(rsa2_->Sign(Claims()), &reason)) << "a key the file does not hold";

  write(JwksOf({rsa2_}));
  EXPECT_TRUE(v.Verify(rsa2_->Sign(Claims()), &reason)) << "its unknown kid reads the file again: " << reason;
  EXPECT_FALSE(v.Verify(rsa1_->Sign(Claims()), &reason)) << "a key taken out of the file";

  std::remove(path.c_str());
  JwksCache missing(JwksFromFile(path), {.algorithm = jwt::Algorithm::kRs256, .min_refresh = 0ms, .max_age = 1h});
  try {
    missing.PemFor("rsa-1", &reason);
    ADD_FAILURE() << "a missing file: UNAVAILABLE expected, not a refusal";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code(), grpc::StatusCode::UNAVAILABLE);
  }
}

}  // namespace
}  // namespace stylist::auth
