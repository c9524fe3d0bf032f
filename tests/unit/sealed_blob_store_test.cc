// Face photos at rest (storage::NewSealedBlobStore): what the inner store
// holds is ciphertext naming its key; every key listed opens what it sealed
// (rotation); anything altered, cut short, extended or sealed with an
// unlisted key is refused rather than returned.
#include <gtest/gtest.h>

#include <map>

#include "common/crypto.h"
#include "storage/sealed_blob_store.h"

namespace stylist::storage {
namespace {

class MapBlobStore final : public BlobStore {
 public:
  void Put(const std::string& key, const std::string& bytes) override { blobs[key] = bytes; }
  std::optional<std::string> Get(const std::string& key) override {
    const auto it = blobs.find(key);
    if (it == blobs.end()) return std::nullopt;
    return it->second;
  }
  void Delete(const std::string& key) override { blobs.erase(key); }
  std::map<std::string, std::string> blobs;
};

std::string KeyLine(const std::string& id, char fill) {
  const std::string key(32, fill);
  // Standard base64 of 32 bytes, by hand from the URL-safe form.
  std::string b64 = crypto::Base64UrlEncode(key);
  for (char& c : b64) c = c == '-' ? '+' : c == '_' ? '/' : c;
  return id + " " + b64 + "=\n";
}

class SealedBlobStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { crypto::Init(); }
  MapBlobStore inner_;
};

// A stand-in photo: a JPEG's first bytes, then a pattern.
std::string Photo(std::size_t size) {
  std::string p = "\xFF\xD8\xFF\xE0JFIF";
  while (p.size() < size) p += static_cast<char>('a' + p.size() % 26);
  p.resize(size);
  return p;
}

TEST_F(SealedBlobStoreTest, RoundTripsAnySizeAndStoresNoPlaintext) {
  auto store = NewSealedBlobStore(inner_, ParseBlobKeys(KeyLine("k1", 'a')));
  for (const std::size_t size : {0u, 1u, 100u, 65536u, 65537u, 300000u}) {
    const std::string photo = Photo(size);
    const std::string key = "skin/" + std::to_string(size);
    store->Put(key, photo);
    const std::string& raw = inner_.blobs.at(key);
    EXPECT_EQ(raw.rfind(std::string("SSB1\x02k1"), 0), 0u) << size;
    if (size >= 12) {
      EXPECT_EQ(raw.find(photo.substr(0, 12)), std::string::npos) << size;
    }
    EXPECT_EQ(store->Get(key), photo) << size;
  }
  EXPECT_EQ(store->Get("skin/none"), std::nullopt);
  store->Delete("skin/100");
  EXPECT_EQ(inner_.blobs.count("skin/100"), 0u);
  // The same photo sealed twice is two different ciphertexts.
  store->Put("again", Photo(100));
  store->Put("again2", Photo(100));
  EXPECT_NE(inner_.blobs.at("again"), inner_.blobs.at("again2"));
}

TEST_F(SealedBlobStoreTest, KeysRotate) {
  auto old_store = NewSealedBlobStore(inner_, ParseBlobKeys(KeyLine("old", 'a')));
  old_store->Put("p1", Photo(5000));
  // The new key seals; the old one, still listed, opens what it sealed.
  auto store = NewSealedBlobStore(inner_, ParseBlobKeys(KeyLine("new", 'b') + KeyLine("old", 'a')));
  store->Put("p2", Photo(6000));
  EXPECT_EQ(inner_.blobs.at("p2").rfind(std::string("SSB1\x03new"), 0), 0u);
  EXPECT_EQ(store->Get("p1"), Photo(5000));
  EXPECT_EQ(store->Get("p2"), Photo(6000));
  // Once the old key is dropped, its blobs are refused by name.
  auto new_only = NewSealedBlobStore(inner_, ParseBlobKeys(KeyLine("new", 'b')));
  try {
    new_only->Get("p1");
    FAIL() << "opened with a key not listed";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("'old'"), std::string::npos) << e.what();
  }
  // A key listed under the right id but with other bytes opens nothing.
  auto wrong = NewSealedBlobStore(inner_, ParseBlobKeys(KeyLine("old", 'c')));
  EXPECT_THROW(wrong->Get("p1"), std::runtime_error);
}

TEST_F(SealedBlobStoreTest, RefusesAlteredCutShortOrExtendedBlobs) {
  auto store = NewSealedBlobStore(inner_, ParseBlobKeys(KeyLine("k1", 'a') + KeyLine("k2", 'a')));
  store->Put("p", Photo(140000));  // three chunks
  const std::string good = inner_.blobs.at("p");
  auto expect_refused = [&](const std::string& blob, const std::string& what) {
    inner_.blobs["p"] = blob;
    EXPECT_THROW(store->Get("p"), std::runtime_error) << what;
  };
  // Every byte of the header and the first and last chunk's edges.
  for (std::size_t i = 0; i < 64; ++i) {
    std::string bad = good;
    bad[i] = static_cast<char>(bad[i] ^ 0x01);
    expect_refused(bad, "byte " + std::to_string(i) + " flipped");
  }
  std::string bad = good;
  bad[good.size() - 1] = static_cast<char>(bad[good.size() - 1] ^ 0x80);
  expect_refused(bad, "the last byte flipped");
  // The key id swapped for another listed key with the same bytes: the id
  // is authenticated, so the swap is found.
  bad = good;
  bad[5 + 1] = '2';
  expect_refused(bad, "key id k1 -> k2");
  expect_refused(good.substr(0, good.size() - 1), "one byte short");
  // The last chunk dropped whole: what is left is well-formed but has no
  // final chunk.
  const std::size_t last_chunk = (140000 % 65536) + 17 + 4;
  expect_refused(good.substr(0, good.size() - last_chunk), "the final chunk dropped");
  expect_refused(good + "x", "a byte appended");
  expect_refused(Photo(1000), "a plain JPEG");
  expect_refused("", "empty");
  inner_.blobs["p"] = good;
  EXPECT_EQ(store->Get("p"), Photo(140000));
}

TEST(BlobKeysTest, ParsesTheKeysFileAndNamesTheBadLine) {
  const auto keys = ParseBlobKeys("# rotated 2026-12\n\n" + KeyLine("k2", 'b') + "  " + KeyLine("k1", 'a'));
  ASSERT_EQ(keys.size(), 2u);
  EXPECT_EQ(keys[0].id, "k2");
  EXPECT_EQ(keys[0].key, std::string(32, 'b'));
  EXPECT_EQ(keys[1].id, "k1");
  auto error = [](const std::string& text) {
    try {
      ParseBlobKeys(text);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_NE(error("").find("no key"), std::string::npos);
  EXPECT_NE(error("# only a comment\n").find("no key"), std::string::npos);
  EXPECT_NE(error("k1\n").find("line 1"), std::string::npos);
  EXPECT_NE(error("\nk1 c2hvcnQ=\n").find("line 2: the key must be 32 bytes"), std::string::npos);
  EXPECT_NE(error("k1 !!!notbase64!!!\n").find("32 bytes"), std::string::npos);
  EXPECT_NE(error("bad/id " + KeyLine("x", 'a').substr(2)).find("the id"), std::string::npos);
  EXPECT_NE(error(KeyLine("k1", 'a') + KeyLine("k1", 'b')).find("appears twice"), std::string::npos);
  EXPECT_NE(error(KeyLine("k1", 'a').substr(0, KeyLine("k1", 'a').size() - 1) + " extra\n").find("want"),
            std::string::npos);
}

}  // namespace
}  // namespace stylist::storage
