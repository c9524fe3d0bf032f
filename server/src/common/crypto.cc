#include "common/crypto.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>

#include <stdexcept>

namespace stylist::crypto {

void Init() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
}

std::string Base64UrlEncode(std::string_view bytes) {
  const std::size_t len = sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  std::string out(len, '\0');
  sodium_bin2base64(out.data(), len, reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(len - 1);  // drop the terminating NUL
  return out;
}

bool Base64UrlDecode(std::string_view text, std::string* bytes) {
  // Only the 64 characters of the alphabet. libsodium's decoder reads a
  // byte with the high bit set as one of them (0xE8 as '_'), so a token
  // with such a byte swapped in would pass as the same token: found by the
  // page-token fuzzer.
  for (const char c : text) {
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
      return false;
    }
  }
  std::string out(text.size(), '\0');
  std::size_t len = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &len, &end,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      end != text.data() + text.size()) {
    return false;
  }
  out.resize(len);
  *bytes = std::move(out);
  return true;
}

std::string RandomBytes(std::size_t n) {
  std::string out(n, '\0');
  randombytes_buf(out.data(), n);
  return out;
}

std::string RandomToken(std::size_t bytes) { return Base64UrlEncode(RandomBytes(bytes)); }

std::string RandomUuid() {
  std::string b = RandomBytes(16);
  b[6] = static_cast<char>((b[6] & 0x0F) | 0x40);  // version 4
  b[8] = static_cast<char>((b[8] & 0x3F) | 0x80);  // RFC 4122 variant
  const std::string hex = ToHex(b);
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
         hex.substr(20);
}

std::string Sha256(std::string_view data) {
  std::string out(crypto_hash_sha256_BYTES, '\0');
  crypto_hash_sha256(reinterpret_cast<unsigned char*>(out.data()),
                     reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return out;
}

std::string HmacSha256(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
            reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len)) {
    throw std::runtime_error("HMAC-SHA256 failed");
  }
  return std::string(reinterpret_cast<char*>(out), len);
}

std::string ToHex(std::string_view bytes) {
  std::string out(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                 bytes.size());
  out.pop_back();
  return out;
}

bool Equal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string Seal(std::string_view key, std::string_view plaintext) {
  if (key.size() != crypto_secretbox_KEYBYTES) throw std::invalid_argument("Seal: the key must be 32 bytes");
  std::string out(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plaintext.size(), '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(out.data());
  randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(nonce + crypto_secretbox_NONCEBYTES, reinterpret_cast<const unsigned char*>(plaintext.data()),
                        plaintext.size(), nonce, reinterpret_cast<const unsigned char*>(key.data()));
  return out;
}

std::optional<std::string> Open(std::string_view key, std::string_view sealed) {
  if (key.size() != crypto_secretbox_KEYBYTES) throw std::invalid_argument("Open: the key must be 32 bytes");
  if (sealed.size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) return std::nullopt;
  const auto* nonce = reinterpret_cast<const unsigned char*>(sealed.data());
  const auto* box = nonce + crypto_secretbox_NONCEBYTES;
  const std::size_t box_size = sealed.size() - crypto_secretbox_NONCEBYTES;
  std::string out(box_size - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(out.data()), box, box_size, nonce,
                                 reinterpret_cast<const unsigned char*>(key.data())) != 0) {
    return std::nullopt;
  }
  return out;
}

}  // namespace stylist::crypto
