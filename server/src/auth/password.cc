#include "auth/password.h"

#include "common/text.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <stdexcept>
#include <string>

namespace stylist::password {
namespace {

// The most common leaked passwords that pass a length check; a full breach
// corpus check belongs to a later change (k-anonymity lookups need network).
constexpr std::array<std::string_view, 24> kCommon = {
    "password123", "password1234", "password12345", "qwertyuiop", "1234567890", "12345678910",
    "iloveyou123", "qwerty12345", "qwerty123456", "1q2w3e4r5t", "1qaz2wsx3edc", "abcdefghij",
    "abc1234567", "letmein1234", "welcome1234", "administrator", "passw0rd123", "password!1",
    "football123", "princess123", "sunshine123", "monkey12345", "0987654321", "zaq12wsxcde"};

}  // namespace

std::string Hash(std::string_view password) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), kOpsLimit, kMemLimitBytes,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("argon2id hashing ran out of memory");
  }
  return std::string(out);
}

bool Verify(std::string_view hash, std::string_view password) {
  std::string h(hash);  // libsodium needs a NUL-terminated string
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

bool NeedsRehash(std::string_view hash) {
  std::string h(hash);
  return crypto_pwhash_str_needs_rehash(h.c_str(), kOpsLimit, kMemLimitBytes) != 0;
}

std::optional<std::string> CheckStrength(std::string_view password, std::string_view email,
                                         std::string_view username) {
  if (password.size() < kMinLength) {
    return "must be at least " + std::to_string(kMinLength) + " characters";
  }
  if (password.size() > kMaxLength) {
    return "must be at most " + std::to_string(kMaxLength) + " characters";
  }
  int classes = 0;
  bool lower = false, upper = false, digit = false, other = false;
  for (unsigned char c : password) {
    if (std::islower(c)) lower = true;
    else if (std::isupper(c)) upper = true;
    else if (std::isdigit(c)) digit = true;
    else other = true;
  }
  classes = lower + upper + digit + other;
  if (classes < 3) {
    return "must mix at least three of: lower-case letters, upper-case letters, digits, symbols";
  }
  const std::string lowered = text::Lower(std::string(password));
  for (auto common : kCommon) {
    if (lowered == common) return "is too common";
  }
  const auto at = email.find('@');
  const std::string local = text::Lower(std::string(email.substr(0, at)));
  if (local.size() >= 4 && lowered.find(local) != std::string::npos) {
    return "must not contain the email address";
  }
  const std::string user = text::Lower(std::string(username));
  if (user.size() >= 4 && lowered.find(user) != std::string::npos) {
    return "must not contain the username";
  }
  // A run like "aaaaaaa" or "1234567" makes up most of the password.
  std::size_t longest_run = 1, run = 1;
  for (std::size_t i = 1; i < password.size(); ++i) {
    const int d = static_cast<unsigned char>(password[i]) - static_cast<unsigned char>(password[i - 1]);
    run = (d == 0 || d == 1 || d == -1) ? run + 1 : 1;
    longest_run = std::max(longest_run, run);
  }
  if (longest_run * 2 > password.size()) return "is mostly a repeated or sequential run";
  return std::nullopt;
}

}  // namespace stylist::password
