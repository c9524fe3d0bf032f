// The legacy AI-stylist API (stylist.v1.LegacyService) on the real
// services: legacy users are users, legacy images are wardrobe items with
// photos.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "auth/principal.h"
#include "db/group_writer.h"
#include "legacy/deps.h"
#include "stylist/v1/legacy.pb.h"

namespace stylist::legacy {

class LegacyService {
 public:
  explicit LegacyService(Deps deps);

  // How a creation ends, called once from the thread that writes its batch
  // (db::GroupWriter): with the new user, with nullopt when the username was
  // taken, with an error, or with nullptr when the caller stopped waiting
  // (`wanted` said false) and nothing was written.
  using CreatedUser = std::function<void(std::optional<v1::LegacyUser>* created, std::exception_ptr error)>;
  // Queues the creation and returns (throws when the request is refused);
  // `done` is called once the user is committed.
  void CreateLegacyUser(const CallContext& call, const v1::CreateLegacyUserRequest& req, CreatedUser done,
                        std::function<bool()> wanted);
  // How an image list ends, called once from the thread that read its
  // batch: with the user's images, with the error (NOT_FOUND for a user
  // that does not exist or is not the caller's to act for), or with neither
  // when the caller stopped waiting (`wanted` said false) and nothing was
  // read.
  using ListedImages = std::function<void(const ImageList* images, std::exception_ptr error)>;
  // Queues the read and returns (throws when the request is refused). The
  // image list is the legacy API's hot route: concurrent lists share one
  // statement (see db/group_writer.h), and no worker waits on the database.
  void ListLegacyImages(const CallContext& call, std::int64_t legacy_user_id, ListedImages done,
                        std::function<bool()> wanted);
  void MatchLegacyStyles(const CallContext& call, const v1::MatchLegacyStylesRequest& req,
                         v1::MatchLegacyStylesResponse* resp);
  void AskLegacyQuestion(const CallContext& call, const v1::AskLegacyQuestionRequest& req,
                         v1::AskLegacyQuestionResponse* resp);
  void ListLegacyConversations(const CallContext& call, const v1::ListLegacyConversationsRequest& req,
                               v1::ListLegacyConversationsResponse* resp);
  // A legacy image's bytes (its photo, or the thumbnail) and description.
  std::string ReadImage(const CallContext& call, const v1::DownloadLegacyImageRequest& req, v1::PhotoInfo* info);

  // The two halves of UploadLegacyImage (see rpc/chunked_upload.h).
  void CheckUpload(CallContext& call, const v1::UploadLegacyImageMetadata& metadata);
  void StoreUpload(const CallContext& call, const v1::UploadLegacyImageMetadata& metadata, const std::string& bytes,
                   const std::function<bool()>& cancelled, v1::UploadLegacyImageResponse* resp);

 private:
  // The user a legacy user_id names, if the caller may act for them: a
  // service key (or open access) for anyone, a user only for themself.
  std::string ActingFor(const CallContext& call, std::int64_t legacy_user_id);
  // Whom a caller may act for: a user token for its own user only; a
  // service key (legacy scope) for the legacy apps' users only, not for
  // Stylist accounts, and a key bound to its own users (own_legacy_users_only)
  // for those it created; an admin key for anyone. Anyone else's id is
  // NOT_FOUND, as an id that does not exist: ids cannot be probed.
  static void CheckActingFor(const Principal& caller, const LegacyOwner& owner);

  // The users created, or nullopt where the username was taken.
  std::vector<std::optional<v1::LegacyUser>> InsertUsers(const std::vector<const NewLegacyUser*>& users);

  Deps d_;
  // Account creation is the legacy API's write hot path: concurrent
  // creations share one INSERT and one commit (see db/group_writer.h).
  db::GroupWriter<NewLegacyUser, std::optional<v1::LegacyUser>> user_writer_;
  db::GroupWriter<std::int64_t, ImageList> image_reads_;
};

}  // namespace stylist::legacy
