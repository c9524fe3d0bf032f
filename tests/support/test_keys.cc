#include "support/test_keys.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <stdexcept>

namespace stylist::testing {
namespace {

std::string B64Url(const std::string& bytes) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                       static_cast<unsigned char>(bytes[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out += kAlphabet[(v >> s) & 63];
  }
  if (i + 1 == bytes.size()) {
    const unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
  } else if (i + 2 == bytes.size()) {
    const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
  }
  return out;
}

std::string BnParam(EVP_PKEY* key, const char* name, int pad_to = 0) {
  BIGNUM* bn = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &bn) != 1) throw std::runtime_error(std::string("no key parameter ") + name);
  std::string out(pad_to > 0 ? static_cast<std::size_t>(pad_to) : static_cast<std::size_t>(BN_num_bytes(bn)), '\0');
  BN_bn2binpad(bn, reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(out.size()));
  BN_free(bn);
  return out;
}

}  // namespace

struct TestKey::Impl {
  EVP_PKEY* key = nullptr;
  ~Impl() { EVP_PKEY_free(key); }
};

TestKey::TestKey(TestKey&&) noexcept = default;
TestKey& TestKey::operator=(TestKey&&) noexcept = default;
TestKey::~TestKey() = default;

TestKey TestKey::Generate(const std::string& algorithm, std::string kid) {
  TestKey k;
  k.impl_ = std::make_unique<Impl>();
  k.algorithm_ = algorithm;
  k.kid_ = std::move(kid);
  if (algorithm == "RS256") {
    k.impl_->key = EVP_RSA_gen(2048);
  } else if (algorithm == "ES256") {
    k.impl_->key = EVP_EC_gen("P-256");
  } else {
    throw std::invalid_argument("RS256 or ES256");
  }
  if (!k.impl_->key) throw std::runtime_error("key generation failed");
  return k;
}

nlohmann::json TestKey::Jwk() const {
  nlohmann::json jwk = {{"kid", kid_}, {"use", "sig"}, {"alg", algorithm_}};
  if (algorithm_ == "RS256") {
    jwk["kty"] = "RSA";
    jwk["n"] = B64Url(BnParam(impl_->key, OSSL_PKEY_PARAM_RSA_N));
    jwk["e"] = B64Url(BnParam(impl_->key, OSSL_PKEY_PARAM_RSA_E));
  } else {
    jwk["kty"] = "EC";
    jwk["crv"] = "P-256";
    jwk["x"] = B64Url(BnParam(impl_->key, OSSL_PKEY_PARAM_EC_PUB_X, 32));
    jwk["y"] = B64Url(BnParam(impl_->key, OSSL_PKEY_PARAM_EC_PUB_Y, 32));
  }
  return jwk;
}

std::string TestKey::PublicPem() const {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PUBKEY(bio, impl_->key);
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<std::size_t>(len));
  BIO_free(bio);
  return pem;
}

std::string TestKey::Sign(const nlohmann::json& claims, const nlohmann::json& header) const {
  nlohmann::json h = {{"alg", algorithm_}, {"typ", "JWT"}, {"kid", kid_}};
  for (const auto& [name, value] : header.items()) {
    if (value.is_null()) {
      h.erase(name);
    } else {
      h[name] = value;
    }
  }
  const std::string input = B64Url(h.dump()) + "." + B64Url(claims.dump());
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  std::size_t len = 0;
  std::string sig;
  if (EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, impl_->key) != 1 ||
      EVP_DigestSign(ctx, nullptr, &len, reinterpret_cast<const unsigned char*>(input.data()), input.size()) != 1) {
    EVP_MD_CTX_free(ctx);
    throw std::runtime_error("signing failed");
  }
  sig.resize(len);
  EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(sig.data()), &len,
                 reinterpret_cast<const unsigned char*>(input.data()), input.size());
  sig.resize(len);
  EVP_MD_CTX_free(ctx);
  if (algorithm_ == "ES256") {  // DER to JWS's r || s, 32 bytes each
    const unsigned char* p = reinterpret_cast<const unsigned char*>(sig.data());
    ECDSA_SIG* es = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(sig.size()));
    std::string raw(64, '\0');
    BN_bn2binpad(ECDSA_SIG_get0_r(es), reinterpret_cast<unsigned char*>(raw.data()), 32);
    BN_bn2binpad(ECDSA_SIG_get0_s(es), reinterpret_cast<unsigned char*>(raw.data()) + 32, 32);
    ECDSA_SIG_free(es);
    sig = raw;
  }
  return input + "." + B64Url(sig);
}

std::string JwksOf(std::initializer_list<const TestKey*> keys) {
  nlohmann::json doc = {{"keys", nlohmann::json::array()}};
  for (const TestKey* k : keys) doc["keys"].push_back(k->Jwk());
  return doc.dump();
}

}  // namespace stylist::testing
