// Where photo bytes live. One interface; the local-folder store is the
// default, an S3-compatible object store the production option.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "storage/sigv4.h"

namespace stylist::storage {

class BlobStore {
 public:
  virtual ~BlobStore() = default;
  // Stores bytes under key, replacing nothing: keys are fresh random names.
  // Throws on failure (and leaves nothing behind).
  virtual void Put(const std::string& key, const std::string& bytes) = 0;
  // nullopt when there is no such blob.
  virtual std::optional<std::string> Get(const std::string& key) = 0;
  // Removes a blob; a missing one is not an error.
  virtual void Delete(const std::string& key) = 0;
  // A URL from which anyone holding it may GET the blob until `ttl` has
  // passed (an object store's presigned URL); nullopt when this store has
  // no such URLs (a local folder).
  virtual std::optional<std::string> PresignedGetUrl(const std::string& key, std::chrono::seconds ttl) {
    (void)key;
    (void)ttl;
    return std::nullopt;
  }
};

// Blobs as files under a root folder: key "ab/cdef..." is root/ab/cdef...
// Writes go to a temporary file that is fsynced and renamed into place, so
// a crash never leaves a half-written blob under its key.
std::unique_ptr<BlobStore> NewLocalBlobStore(const std::string& root);

struct S3Options {
  // "https://s3.eu-west-1.amazonaws.com", "http://minio.internal:9000".
  std::string endpoint;
  std::string bucket;
  // Put before every key, e.g. "stylist/"; may be empty.
  std::string prefix;
  SigV4Credentials credentials;
  // bucket.host/key instead of host/bucket/key.
  bool virtual_hosted = false;
  // The endpoint clients reach the bucket at, for presigned URLs, when it
  // is not `endpoint` (the server may reach it on a private name); "" for
  // `endpoint`.
  std::string public_endpoint;
  std::chrono::milliseconds timeout{30000};
};

// Blobs as objects of an S3-compatible bucket (AWS S3, MinIO, Ceph, R2),
// signed with SigV4. Checks the bucket first (throws when it is missing,
// the keys are refused or the store does not answer). Failed calls are
// retried (no answer, 429, 5xx) and then throw; PUTs are whole objects, so
// nothing half-written is visible.
std::unique_ptr<BlobStore> NewS3BlobStore(S3Options options);

// A fresh random key, e.g. "photos/3f/3f9a...".
std::string NewBlobKey(const std::string& prefix);

}  // namespace stylist::storage
