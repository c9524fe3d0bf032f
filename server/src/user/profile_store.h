#pragma once
// The account rows the profile service reads and writes: the only code of
// that service that speaks SQL (PgProfileStore), behind an interface so the
// service's rules (field masks, etags, the password check before deletion,
// session ownership) are unit-tested with an in-memory fake
// (tests/unit/fake_profile_store.h).

#include <cstdint>
#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "auth/principal.h"
#include "db/pool.h"
#include "stylist/v1/user.pb.h"

namespace stylist::user {

class ProfileStore {
 public:
  virtual ~ProfileStore() = default;

  // One result per id, in order: the profile, nothing for an account that
  // is gone, or the error reading that one row (a row that cannot be read
  // fails its own reader only, not the others of the batch).
  struct ProfileRead {
    std::optional<v1::Profile> profile;
    std::exception_ptr error;
  };
  virtual std::vector<ProfileRead> ReadProfiles(const std::vector<const std::string*>& user_ids) = 0;

  // The stored profile and its version (what its etag names), locked until
  // the update ends: `change` returns the profile to store, or throws and
  // nothing is written. NOT_FOUND when the account is gone; ALREADY_EXISTS
  // on profile.username when another account has the username.
  using ProfileChange = std::function<v1::Profile(const v1::Profile& current, std::int64_t version)>;
  virtual v1::Profile UpdateProfile(const std::string& user_id, const ProfileChange& change) = 0;

  // The account's password hash: "" for accounts without one (external
  // sign-in); nullopt when the account is gone.
  virtual std::optional<std::string> PasswordHash(const std::string& user_id) = 0;

  // Deletes the account and every row that hangs off it, with an audit row
  // that keeps only the id, in one transaction. Returns the keys of the
  // stored photos its rows referenced (to be deleted after the commit).
  virtual std::vector<std::string> DeleteAccount(const std::string& user_id, const CallContext& call) = 0;

  // The account's data as JSON (google.protobuf.Struct), audited.
  virtual std::string ExportAccount(const std::string& user_id, const CallContext& call) = 0;

  // The account's active sessions, newest first.
  virtual std::vector<v1::Session> ListSessions(const std::string& user_id) = 0;
  // Revokes the session if it is the user's and active (audited); false
  // otherwise, whoever's it is.
  virtual bool RevokeSession(const std::string& user_id, const std::string& session_id, const CallContext& call) = 0;
};

class PgProfileStore final : public ProfileStore {
 public:
  explicit PgProfileStore(db::Pool& pool) : pool_(pool) {}

  std::vector<ProfileRead> ReadProfiles(const std::vector<const std::string*>& user_ids) override;
  v1::Profile UpdateProfile(const std::string& user_id, const ProfileChange& change) override;
  std::optional<std::string> PasswordHash(const std::string& user_id) override;
  std::vector<std::string> DeleteAccount(const std::string& user_id, const CallContext& call) override;
  std::string ExportAccount(const std::string& user_id, const CallContext& call) override;
  std::vector<v1::Session> ListSessions(const std::string& user_id) override;
  bool RevokeSession(const std::string& user_id, const std::string& session_id, const CallContext& call) override;

 private:
  db::Pool& pool_;
};

}  // namespace stylist::user
