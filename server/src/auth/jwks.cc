#include "auth/jwks.h"

#include "common/api_error.h"
#include "common/crypto.h"
#include "common/http_get.h"
#include "common/logging.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>

namespace stylist::auth {
namespace {

constexpr std::size_t kMaxDocumentBytes = 1 << 20;

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using Bignum = std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>>;
using ParamBuild = std::unique_ptr<OSSL_PARAM_BLD, Deleter<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>>;
using Params = std::unique_ptr<OSSL_PARAM, Deleter<OSSL_PARAM, OSSL_PARAM_free>>;
using KeyContext = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX, EVP_PKEY_CTX_free>>;
using Key = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using Bio = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;

std::optional<std::string> Member(const nlohmann::json& jwk, const char* name) {
  if (!jwk.contains(name) || !jwk[name].is_string()) return std::nullopt;
  return jwk[name].get<std::string>();
}

std::optional<std::string> Base64UrlMember(const nlohmann::json& jwk, const char* name) {
  const auto text = Member(jwk, name);
  std::string bytes;
  if (!text || !crypto::Base64UrlDecode(*text, &bytes) || bytes.empty()) return std::nullopt;
  return bytes;
}

Bignum ToBignum(const std::string& bytes) {
  return Bignum(BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()), nullptr));
}

// The public key the parameters describe, checked by OpenSSL (a point on the
// curve, a sane modulus), as PEM; nullopt when OpenSSL refuses it.
std::optional<std::string> PemFromParams(const char* type, OSSL_PARAM_BLD* build) {
  Params params(OSSL_PARAM_BLD_to_param(build));
  KeyContext ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* raw = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
    return std::nullopt;
  }
  Key key(raw);
  KeyContext check(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr));
  if (!check || EVP_PKEY_public_check(check.get()) != 1) return std::nullopt;
  Bio bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), key.get()) != 1) return std::nullopt;
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(len));
}

std::optional<std::string> RsaPem(const nlohmann::json& jwk) {
  const auto n = Base64UrlMember(jwk, "n");
  const auto e = Base64UrlMember(jwk, "e");
  if (!n || !e || n->size() < 256 || e->size() > 8) return std::nullopt;  // at least 2048 bits
  Bignum bn_n = ToBignum(*n), bn_e = ToBignum(*e);
  ParamBuild build(OSSL_PARAM_BLD_new());
  if (!bn_n || !bn_e || !build || OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get()) != 1) {
    return std::nullopt;
  }
  return PemFromParams("RSA", build.get());
}

std::optional<std::string> P256Pem(const nlohmann::json& jwk) {
  if (Member(jwk, "crv") != "P-256") return std::nullopt;
  const auto x = Base64UrlMember(jwk, "x");
  const auto y = Base64UrlMember(jwk, "y");
  if (!x || !y || x->size() != 32 || y->size() != 32) return std::nullopt;
  const std::string point = "\x04" + *x + *y;  // uncompressed SEC1 point
  ParamBuild build(OSSL_PARAM_BLD_new());
  if (!build ||
      OSSL_PARAM_BLD_push_utf8_string(build.get(), OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(build.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()) != 1) {
    return std::nullopt;
  }
  return PemFromParams("EC", build.get());
}


}  // namespace

std::unordered_map<std::string, std::string> ParseJwks(const std::string& document, jwt::Algorithm algorithm) {
  const auto json = nlohmann::json::parse(document, nullptr, false);
  if (!json.is_object() || !json.contains("keys") || !json["keys"].is_array()) {
    throw std::invalid_argument("not a JWKS document (an object with a \"keys\" array)");
  }
  std::unordered_map<std::string, std::string> keys;
  for (const auto& jwk : json["keys"]) {
    if (!jwk.is_object()) continue;
    const auto kid = Member(jwk, "kid");
    if (!kid || kid->empty()) continue;
    if (const auto use = Member(jwk, "use"); use && *use != "sig") continue;
    // A key that names its algorithm is used for that one only (no RSA key
    // meant for RS512 or PS256 is taken for RS256).
    if (const auto alg = Member(jwk, "alg"); alg && *alg != jwt::AlgorithmName(algorithm)) continue;
    const auto kty = Member(jwk, "kty");
    std::optional<std::string> pem;
    if (algorithm == jwt::Algorithm::kRs256 && kty == "RSA") pem = RsaPem(jwk);
    if (algorithm == jwt::Algorithm::kEs256 && kty == "EC") pem = P256Pem(jwk);
    if (pem) keys.emplace(*kid, std::move(*pem));
  }
  return keys;
}

JwksFetch JwksFromFile(std::string path) {
  return [path = std::move(path)] {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::ostringstream text;
    text << in.rdbuf();
    if (text.str().size() > kMaxDocumentBytes) throw std::runtime_error(path + " is over 1 MiB");
    return text.str();
  };
}

JwksFetch JwksFromUrl(std::string url) {
  return [url = std::move(url)] { return HttpGet(url, {kMaxDocumentBytes}); };
}

JwksCache::JwksCache(JwksFetch fetch, JwksCacheOptions options)
    : fetch_(std::move(fetch)), options_(options) {}

std::optional<std::unordered_map<std::string, std::string>> JwksCache::Fetch() const {
  try {
    auto keys = ParseJwks(fetch_(), options_.algorithm);
    if (keys.empty()) throw std::invalid_argument("the key set holds no usable key");
    return keys;
  } catch (const std::exception& e) {
    log::Warn("identity provider keys not fetched", {{"error", e.what()}});
    return std::nullopt;
  }
}

std::optional<std::string> JwksCache::PemFor(const std::string& kid, std::string* reason) {
  const auto now = Clock::now();
  std::unique_lock lock(mutex_);
  // Before any key is known, a caller waits for a fetch in flight; after,
  // callers never wait on the provider: the known keys answer meanwhile.
  if (!last_success_) wake_.wait(lock, [this] { return !fetching_; });
  const bool known = keys_.count(kid) > 0;
  const bool stale = !last_success_ || now - *last_success_ >= options_.max_age;
  const bool may_fetch = !fetching_ && (!last_attempt_ || now - *last_attempt_ >= options_.min_refresh);
  if (may_fetch && (stale || !known)) {
    // One fetch at a time, outside the lock.
    fetching_ = true;
    last_attempt_ = now;
    lock.unlock();
    auto fresh = Fetch();
    lock.lock();
    fetching_ = false;
    last_fetch_failed_ = !fresh;
    if (fresh) {
      keys_ = std::move(*fresh);
      last_success_ = now;
    }
    wake_.notify_all();
  }
  if (auto it = keys_.find(kid); it != keys_.end()) return it->second;
  // No keys, or the provider is down now: the token may well be good (a
  // rotation the cache has not seen), so the client should retry, not sign
  // out.
  if (!last_success_ || last_fetch_failed_) {
    throw Unavailable("the identity provider's signing keys cannot be fetched; try again later");
  }
  if (reason) *reason = "unknown signing key";
  return std::nullopt;
}

jwt::KeyForKid JwksCache::AsKeyForKid() {
  return [this](const std::string& kid, std::string* reason) { return PemFor(kid, reason); };
}

}  // namespace stylist::auth
