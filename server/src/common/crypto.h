#pragma once
// Small cryptographic building blocks on libsodium and OpenSSL.

#include <optional>
#include <string>
#include <string_view>

namespace stylist::crypto {

// Must be called once before any other function (initialises libsodium).
void Init();

std::string Base64UrlEncode(std::string_view bytes);
// False on any character outside the URL-safe alphabet or bad padding.
bool Base64UrlDecode(std::string_view text, std::string* bytes);

std::string RandomBytes(std::size_t n);
// A random token of `bytes` bytes, base64url without padding.
std::string RandomToken(std::size_t bytes = 32);
// A random (version 4) UUID in canonical text form.
std::string RandomUuid();

// Raw 32-byte SHA-256 digest.
std::string Sha256(std::string_view data);
std::string HmacSha256(std::string_view key, std::string_view data);
std::string ToHex(std::string_view bytes);

// Constant-time comparison.
bool Equal(std::string_view a, std::string_view b);

// Authenticated encryption with a 32-byte key (libsodium's secretbox,
// XSalsa20-Poly1305): a random nonce, then the ciphertext and its tag.
std::string Seal(std::string_view key, std::string_view plaintext);
// The plaintext, or nullopt when sealed was not made with this key or was
// altered.
std::optional<std::string> Open(std::string_view key, std::string_view sealed);

}  // namespace stylist::crypto
