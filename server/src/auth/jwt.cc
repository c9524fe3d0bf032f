#include "auth/jwt.h"

#include "common/crypto.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <stdexcept>

namespace stylist::jwt {
namespace {

const char* AlgName(Algorithm a) {
  switch (a) {
    case Algorithm::kHs256: return "HS256";
    case Algorithm::kRs256: return "RS256";
    case Algorithm::kEs256: return "ES256";
  }
  return "";
}

// JWS ES256 signatures are r||s (32 bytes each); OpenSSL wants DER.
std::optional<std::string> Es256RawToDer(const std::string& raw) {
  if (raw.size() != 64) return std::nullopt;
  ECDSA_SIG* sig = ECDSA_SIG_new();
  BIGNUM* r = BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data()), 32, nullptr);
  BIGNUM* s = BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data()) + 32, 32, nullptr);
  ECDSA_SIG_set0(sig, r, s);
  unsigned char* der = nullptr;
  int len = i2d_ECDSA_SIG(sig, &der);
  ECDSA_SIG_free(sig);
  if (len <= 0) return std::nullopt;
  std::string out(reinterpret_cast<char*>(der), static_cast<std::size_t>(len));
  OPENSSL_free(der);
  return out;
}

}  // namespace

struct Verifier::Key {
  EVP_PKEY* pkey = nullptr;
  ~Key() { EVP_PKEY_free(pkey); }
};

Algorithm AlgorithmForPublicKey(const std::string& pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  EVP_PKEY* key = PEM_read_bio_PUBKEY(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  if (!key) throw std::invalid_argument("cannot parse the PEM public key");
  const int type = EVP_PKEY_base_id(key);
  EVP_PKEY_free(key);
  if (type == EVP_PKEY_RSA) return Algorithm::kRs256;
  if (type == EVP_PKEY_EC) return Algorithm::kEs256;
  throw std::invalid_argument("the public key is neither RSA nor EC");
}

std::string SignHs256(const nlohmann::json& claims, const std::string& secret) {
  const std::string header = crypto::Base64UrlEncode(R"({"alg":"HS256","typ":"JWT"})");
  const std::string payload = crypto::Base64UrlEncode(claims.dump());
  const std::string signing_input = header + "." + payload;
  return signing_input + "." + crypto::Base64UrlEncode(crypto::HmacSha256(secret, signing_input));
}

Verifier::Verifier(VerifyOptions options) : options_(std::move(options)) {
  if (options_.algorithm == Algorithm::kHs256) {
    if (options_.hmac_secret.empty()) throw std::invalid_argument("HS256 verifier needs a secret");
    return;
  }
  key_ = std::make_unique<Key>();
  BIO* bio = BIO_new_mem_buf(options_.public_key_pem.data(), static_cast<int>(options_.public_key_pem.size()));
  key_->pkey = PEM_read_bio_PUBKEY(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  if (!key_->pkey) throw std::invalid_argument("cannot parse the PEM public key");
  const int type = EVP_PKEY_base_id(key_->pkey);
  if (options_.algorithm == Algorithm::kRs256 && type != EVP_PKEY_RSA) {
    throw std::invalid_argument("RS256 needs an RSA public key");
  }
  if (options_.algorithm == Algorithm::kEs256 && type != EVP_PKEY_EC) {
    throw std::invalid_argument("ES256 needs an EC P-256 public key");
  }
}

Verifier::~Verifier() = default;
Verifier::Verifier(Verifier&&) noexcept = default;
Verifier& Verifier::operator=(Verifier&&) noexcept = default;

std::optional<Verified> Verifier::Verify(const std::string& token, std::string* reason,
                                         std::chrono::system_clock::time_point now) const {
  auto fail = [reason](const char* why) -> std::optional<Verified> {
    if (reason) *reason = why;
    return std::nullopt;
  };
  if (token.size() > 8192) return fail("token too long");
  const auto dot1 = token.find('.');
  const auto dot2 = dot1 == std::string::npos ? std::string::npos : token.find('.', dot1 + 1);
  if (dot2 == std::string::npos || token.find('.', dot2 + 1) != std::string::npos) {
    return fail("malformed token");
  }
  std::string header_json, payload_json, signature;
  if (!crypto::Base64UrlDecode(std::string_view(token).substr(0, dot1), &header_json) ||
      !crypto::Base64UrlDecode(std::string_view(token).substr(dot1 + 1, dot2 - dot1 - 1), &payload_json) ||
      !crypto::Base64UrlDecode(std::string_view(token).substr(dot2 + 1), &signature)) {
    return fail("malformed token encoding");
  }
  auto header = nlohmann::json::parse(header_json, nullptr, false);
  if (!header.is_object() || !header.contains("alg") || !header["alg"].is_string()) {
    return fail("malformed token header");
  }
  // The algorithm is pinned by configuration; the header must agree.
  if (header["alg"].get<std::string>() != AlgName(options_.algorithm)) {
    return fail("unexpected token algorithm");
  }
  if (header.contains("crit")) return fail("unsupported critical header");

  const std::string_view signing_input = std::string_view(token).substr(0, dot2);
  if (options_.algorithm == Algorithm::kHs256) {
    if (!crypto::Equal(crypto::HmacSha256(options_.hmac_secret, signing_input), signature)) {
      return fail("bad signature");
    }
  } else {
    std::string sig = signature;
    if (options_.algorithm == Algorithm::kEs256) {
      auto der = Es256RawToDer(signature);
      if (!der) return fail("bad signature");
      sig = *der;
    }
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    bool ok = EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, key_->pkey) == 1 &&
              EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                               reinterpret_cast<const unsigned char*>(signing_input.data()),
                               signing_input.size()) == 1;
    EVP_MD_CTX_free(ctx);
    if (!ok) return fail("bad signature");
  }

  auto claims = nlohmann::json::parse(payload_json, nullptr, false);
  if (!claims.is_object()) return fail("malformed token claims");
  const long long t = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  const long long leeway = options_.leeway.count();
  // Times as seconds since the epoch. A value past +-1e15 s (or not
  // finite) is no time at all: converting it would be undefined behaviour
  // and adding the leeway could overflow (found by the JWT fuzzer).
  bool out_of_range = false;
  auto number = [&](const char* name) -> std::optional<long long> {
    if (!claims.contains(name) || !claims[name].is_number()) return std::nullopt;
    const double v = claims[name].get<double>();
    if (!(v >= -1e15 && v <= 1e15)) {
      out_of_range = true;
      return std::nullopt;
    }
    return claims[name].is_number_float() ? static_cast<long long>(v) : claims[name].get<long long>();
  };
  const auto exp = number("exp");
  const auto iat = number("iat");
  const auto nbf = number("nbf");
  if (out_of_range) return fail("malformed time claim");
  if (!exp) return fail("missing exp");
  if (t > *exp + leeway) return fail("token expired");
  if (!iat) return fail("missing iat");
  if (*iat > t + leeway) return fail("token issued in the future");
  if (nbf && *nbf > t + leeway) return fail("token not yet valid");
  if (!claims.contains("iss") || !claims["iss"].is_string() || claims["iss"] != options_.issuer) {
    return fail("wrong issuer");
  }
  bool audience_ok = false;
  if (claims.contains("aud")) {
    const auto& aud = claims["aud"];
    if (aud.is_string()) audience_ok = aud == options_.audience;
    if (aud.is_array()) {
      for (const auto& a : aud) audience_ok = audience_ok || (a.is_string() && a == options_.audience);
    }
  }
  if (!audience_ok) return fail("wrong audience");
  if (!claims.contains("sub") || !claims["sub"].is_string() || claims["sub"].get<std::string>().empty()) {
    return fail("missing sub");
  }
  if (options_.require_jti && (!claims.contains("jti") || !claims["jti"].is_string())) {
    return fail("missing jti");
  }
  Verified out;
  out.subject = claims["sub"].get<std::string>();
  out.claims = std::move(claims);
  return out;
}

}  // namespace stylist::jwt
