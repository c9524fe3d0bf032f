#include "auth/jwt.h"

#include "common/crypto.h"

#include <jwt/jwt.hpp>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <stdexcept>

namespace stylist::jwt {
namespace {

// The public key's type, and for EC whether its curve is P-256; nullopt
// for an unreadable PEM.
std::optional<std::pair<int, bool>> PublicKeyType(const std::string& pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  EVP_PKEY* key = PEM_read_bio_PUBKEY(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  if (!key) return std::nullopt;
  char group[64] = {0};
  std::size_t group_len = 0;
  const bool p256 = EVP_PKEY_get_group_name(key, group, sizeof group, &group_len) == 1 &&
                    std::string_view(group, group_len) == "prime256v1";
  const std::pair<int, bool> type{EVP_PKEY_base_id(key), p256};
  EVP_PKEY_free(key);
  return type;
}

// cpp-jwt checks the signature; the header it is given carries our pinned
// algorithm, never the token's own (which has already been compared).
bool AsymmetricSignatureHolds(Algorithm algorithm, const std::string& pem, std::string_view signing_input,
                              std::string_view signature_b64) {
  ::jwt::jwt_header header{algorithm == Algorithm::kRs256 ? ::jwt::algorithm::RS256 : ::jwt::algorithm::ES256};
  ::jwt::jwt_signature signature{::jwt::string_view(pem.data(), pem.size())};
  try {
    const auto [ok, error] = signature.verify(header, ::jwt::string_view(signing_input.data(), signing_input.size()),
                                              ::jwt::string_view(signature_b64.data(), signature_b64.size()));
    return ok && !error;
  } catch (const std::exception&) {  // cpp-jwt throws on allocation failures only
    return false;
  }
}

}  // namespace

std::string UnverifiedIssuer(const std::string& token) {
  const auto d1 = token.find('.');
  const auto d2 = d1 == std::string::npos ? std::string::npos : token.find('.', d1 + 1);
  if (d2 == std::string::npos) return {};
  std::string payload;
  if (!crypto::Base64UrlDecode(std::string_view(token).substr(d1 + 1, d2 - d1 - 1), &payload)) return {};
  auto claims = nlohmann::json::parse(payload, nullptr, false);
  if (!claims.is_object() || !claims.contains("iss") || !claims["iss"].is_string()) return {};
  return claims["iss"].get<std::string>();
}

const char* AlgorithmName(Algorithm a) {
  switch (a) {
    case Algorithm::kHs256: return "HS256";
    case Algorithm::kRs256: return "RS256";
    case Algorithm::kEs256: return "ES256";
  }
  return "";
}

Algorithm ParseAlgorithm(const std::string& name) {
  for (const Algorithm a : {Algorithm::kHs256, Algorithm::kRs256, Algorithm::kEs256}) {
    if (name == AlgorithmName(a)) return a;
  }
  throw std::invalid_argument("unsupported JWT algorithm '" + name + "' (HS256, RS256 or ES256)");
}

Algorithm AlgorithmForPublicKey(const std::string& pem) {
  const auto type = PublicKeyType(pem);
  if (!type) throw std::invalid_argument("cannot parse the PEM public key");
  if (type->first == EVP_PKEY_RSA) return Algorithm::kRs256;
  if (type->first == EVP_PKEY_EC && type->second) return Algorithm::kEs256;
  throw std::invalid_argument("the public key is neither RSA nor EC P-256");
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
  if (options_.key_for_kid) return;
  if (AlgorithmForPublicKey(options_.public_key_pem) != options_.algorithm) {
    throw std::invalid_argument(std::string(AlgorithmName(options_.algorithm)) +
                                (options_.algorithm == Algorithm::kRs256 ? " needs an RSA public key"
                                                                         : " needs an EC P-256 public key"));
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
  if (header["alg"].get<std::string>() != AlgorithmName(options_.algorithm)) {
    return fail("unexpected token algorithm");
  }
  if (header.contains("crit")) return fail("unsupported critical header");

  const std::string_view signing_input = std::string_view(token).substr(0, dot2);
  if (options_.algorithm == Algorithm::kHs256) {
    if (!crypto::Equal(crypto::HmacSha256(options_.hmac_secret, signing_input), signature)) {
      return fail("bad signature");
    }
  } else {
    std::string pem = options_.public_key_pem;
    if (options_.key_for_kid) {
      if (!header.contains("kid") || !header["kid"].is_string()) return fail("token names no key (kid)");
      const std::string kid = header["kid"].get<std::string>();
      if (kid.empty() || kid.size() > 256) return fail("token names no key (kid)");
      std::string why;
      auto found = options_.key_for_kid(kid, &why);
      if (!found) {
        if (reason) *reason = why.empty() ? "unknown signing key" : why;
        return std::nullopt;
      }
      pem = std::move(*found);
    }
    // The signature went through our strict base64url decoding above; only
    // well-formed text reaches cpp-jwt's decoder.
    if (!AsymmetricSignatureHolds(options_.algorithm, pem, signing_input, std::string_view(token).substr(dot2 + 1))) {
      return fail("bad signature");
    }
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
