#pragma once
// What the user-service logic classes are built from (plain objects, so
// tests can build them without gRPC).

#include "auth/authenticator.h"
#include "auth/login_throttle.h"
#include "auth/rate_limiter.h"
#include "auth/token_issuer.h"
#include "auth/auth_options.h"
#include "storage/blob_store.h"
#include "user/account_store.h"
#include "user/admin_store.h"
#include "user/profile_store.h"

namespace stylist::user {

struct Deps {
  // Accounts, sessions and credentials, for sign-up, sign-in and password
  // changes.
  AccountStore& accounts;
  // Profiles, sessions and account deletion, for the caller's own account.
  ProfileStore& profiles;
  // Users' roles, the audit log and service API keys, for admins.
  AdminStore& admin;
  const TokenIssuer& issuer;
  Authenticator& authenticator;
  RateLimiter& limiter;
  // Failed sign-ins per account and the wait they impose.
  LoginThrottle& login_throttle;
  RateLimitConfig limits;
  // Photo storage, for erasing an account's photos with the account.
  storage::BlobStore& blobs;
};

}  // namespace stylist::user
