// libFuzzer target: bearer tokens as a client sends them. Verification of
// any string with each algorithm answers nullopt and a reason, or a
// verified token; it never throws or crashes. The input's first byte picks
// how the rest is used: as the whole token, or as a payload signed with
// the right key (so the claim checks, not only the signature check, are
// explored). Bit 1 sends the token to an RS256 verifier and bit 2 to an
// ES256 one (Firebase-style OIDC issuers), whose keys come by kid (as from
// a key set), so the header's kid and the signature bytes reach cpp-jwt's
// decoding and OpenSSL. Every token also goes through UnverifiedIssuer,
// which picks the verifier before anything is checked.
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "common/crypto.h"
#include "auth/jwt.h"

namespace {

const std::string kSecret(32, 's');

std::string B64(const std::string& s) { return stylist::crypto::Base64UrlEncode(s); }

// The public half of a new key, as PEM: RSA 2048 or EC P-256.
std::string PublicPem(bool ec) {
  EVP_PKEY* key = ec ? EVP_EC_gen("P-256") : EVP_RSA_gen(2048);
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PUBKEY(bio, key);
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<std::size_t>(len));
  BIO_free(bio);
  EVP_PKEY_free(key);
  return pem;
}

// A verifier of `algorithm` whose key, for kid "k1", is `pem`.
stylist::jwt::Verifier ByKid(stylist::jwt::Algorithm algorithm, std::string pem) {
  stylist::jwt::VerifyOptions o;
  o.algorithm = algorithm;
  o.key_for_kid = [pem = std::move(pem)](const std::string& kid, std::string* reason) -> std::optional<std::string> {
    if (kid == "k1") return pem;
    *reason = "unknown signing key";
    return std::nullopt;
  };
  o.issuer = "https://issuer.test";
  o.audience = "stylist";
  o.require_jti = false;
  return stylist::jwt::Verifier(std::move(o));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace stylist::jwt;
  static const Verifier hs256([] {
    VerifyOptions o;
    o.algorithm = Algorithm::kHs256;
    o.hmac_secret = kSecret;
    o.issuer = "https://issuer.test";
    o.audience = "stylist";
    return o;
  }());
  static const Verifier rs256 = ByKid(Algorithm::kRs256, PublicPem(false));
  static const Verifier es256 = ByKid(Algorithm::kEs256, PublicPem(true));
  if (size == 0) return 0;
  const std::string rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::string token = rest;
  if (data[0] & 1) {
    // A header and payload from the input, signed with the right key.
    const auto dot = rest.find('\n');
    const std::string header = dot == std::string::npos ? R"({"alg":"HS256","typ":"JWT"})" : rest.substr(0, dot);
    const std::string payload = dot == std::string::npos ? rest : rest.substr(dot + 1);
    const std::string signing_input = B64(header) + "." + B64(payload);
    token = signing_input + "." + B64(stylist::crypto::HmacSha256(kSecret, signing_input));
  }
  std::string reason;
  try {
    const std::string issuer = UnverifiedIssuer(token);
    if (issuer.size() > token.size()) __builtin_trap();  // read from the token, never more
    const Verifier& verifier = data[0] & 4 ? es256 : data[0] & 2 ? rs256 : hs256;
    const auto verified = verifier.Verify(token, &reason);
    if (!verified && reason.empty()) __builtin_trap();
  } catch (...) {
    __builtin_trap();  // Verify answers; it does not throw
  }
  return 0;
}
