// Blobs encrypted at rest: a BlobStore in front of another that seals every
// blob with libsodium's secretstream (XChaCha20-Poly1305, in 64 KiB chunks,
// the last one tagged final so a cut-off blob is refused) and names the
// key it used in the blob's header, so keys can rotate: the first key seals
// new blobs, any listed key opens old ones. For face photos, which must not
// lie on disk or in a bucket as plain JPEG files.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "storage/blob_store.h"

namespace stylist::storage {

struct BlobKey {
  std::string id;   // 1-32 of [A-Za-z0-9_-], written beside each blob
  std::string key;  // 32 bytes
};

// Parses a keys file: one key a line, "<id> <key, 32 bytes in base64>",
// the first line the one that seals; blank lines and "#" comments skipped.
// Throws std::invalid_argument naming the line on anything else (a short
// key, a repeated id, no key at all).
std::vector<BlobKey> ParseBlobKeys(const std::string& text);

// `inner` must outlive the store; keys non-empty (keys[0] seals). Get
// throws std::runtime_error for a blob that is not sealed, sealed with a
// key not listed, altered or cut short: never returns bytes it cannot vouch
// for.
std::unique_ptr<BlobStore> NewSealedBlobStore(BlobStore& inner, std::vector<BlobKey> keys);

}  // namespace stylist::storage
