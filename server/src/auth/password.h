#pragma once
// Password hashing (Argon2id, libsodium) and the strength policy.

#include <optional>
#include <string>
#include <string_view>

namespace stylist::password {

// OWASP's Argon2id recommendation: m=19 MiB, t=2, p=1 (libsodium is p=1).
inline constexpr unsigned long long kOpsLimit = 2;
inline constexpr std::size_t kMemLimitBytes = 19 * 1024 * 1024;

inline constexpr std::size_t kMinLength = 10;
inline constexpr std::size_t kMaxLength = 128;

// A PHC string ($argon2id$v=19$m=19456,t=2,p=1$...).
std::string Hash(std::string_view password);
bool Verify(std::string_view hash, std::string_view password);
// True when the hash was made with weaker parameters than today's.
bool NeedsRehash(std::string_view hash);

// Why a password is refused, or nullopt when it is acceptable. Checks
// length, character variety, that it does not contain the email's local part
// or the username, and a list of very common passwords.
std::optional<std::string> CheckStrength(std::string_view password, std::string_view email,
                                         std::string_view username);

}  // namespace stylist::password
