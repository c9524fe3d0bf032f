// Where photo bytes live. One interface; the local-folder store is the
// default. (An S3-compatible store is the planned production option.)
#pragma once

#include <memory>
#include <optional>
#include <string>

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
};

// Blobs as files under a root folder: key "ab/cdef..." is root/ab/cdef...
// Writes go to a temporary file that is fsynced and renamed into place, so
// a crash never leaves a half-written blob under its key.
std::unique_ptr<BlobStore> NewLocalBlobStore(const std::string& root);

// A fresh random key, e.g. "photos/3f/3f9a...".
std::string NewBlobKey(const std::string& prefix);

}  // namespace stylist::storage
