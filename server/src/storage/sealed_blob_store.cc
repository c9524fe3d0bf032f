#include "storage/sealed_blob_store.h"

#include <sodium.h>

#include <algorithm>
#include <cstdint>
#include <sstream>
#include <stdexcept>

namespace stylist::storage {
namespace {

// A sealed blob: magic, key id (length byte, then the id), the stream's
// header, then chunks, each a 4-byte big-endian length and that many bytes
// of ciphertext. The magic and key id are the first chunk's additional
// data, so neither can be swapped without the blob failing to open.
constexpr std::string_view kMagic = "SSB1";
constexpr std::size_t kChunk = 64 * 1024;
constexpr std::size_t kHeaderBytes = crypto_secretstream_xchacha20poly1305_HEADERBYTES;
constexpr std::size_t kTagBytes = crypto_secretstream_xchacha20poly1305_ABYTES;

const unsigned char* Bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }
unsigned char* Bytes(std::string& s) { return reinterpret_cast<unsigned char*>(s.data()); }

bool ValidId(const std::string& id) {
  return !id.empty() && id.size() <= 32 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

void PutLength(std::string& out, std::size_t n) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((n >> shift) & 0xFF));
}

class SealedBlobStore final : public BlobStore {
 public:
  SealedBlobStore(BlobStore& inner, std::vector<BlobKey> keys) : inner_(inner), keys_(std::move(keys)) {
    if (keys_.empty()) throw std::invalid_argument("sealed blobs need at least one key");
  }

  void Put(const std::string& key, const std::string& bytes) override { inner_.Put(key, Seal(bytes)); }

  std::optional<std::string> Get(const std::string& key) override {
    auto sealed = inner_.Get(key);
    if (!sealed) return std::nullopt;
    return Open(*sealed, key);
  }

  void Delete(const std::string& key) override { inner_.Delete(key); }

  // Never a URL: whoever fetched it would get ciphertext.

 private:
  std::string Seal(const std::string& plain) const {
    const BlobKey& k = keys_.front();
    std::string out(kMagic);
    out.push_back(static_cast<char>(k.id.size()));
    out += k.id;
    const std::string aad = out;
    crypto_secretstream_xchacha20poly1305_state state;
    std::string header(kHeaderBytes, '\0');
    crypto_secretstream_xchacha20poly1305_init_push(&state, Bytes(header), Bytes(k.key));
    out += header;
    std::size_t at = 0;
    do {
      const std::size_t n = std::min(kChunk, plain.size() - at);
      const bool last = at + n == plain.size();
      std::string cipher(n + kTagBytes, '\0');
      unsigned long long written = 0;
      crypto_secretstream_xchacha20poly1305_push(
          &state, Bytes(cipher), &written, Bytes(plain) + at, n, at == 0 ? Bytes(aad) : nullptr,
          at == 0 ? aad.size() : 0,
          last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
      cipher.resize(written);
      PutLength(out, cipher.size());
      out += cipher;
      at += n;
    } while (at < plain.size());
    sodium_memzero(&state, sizeof state);
    return out;
  }

  std::string Open(const std::string& sealed, const std::string& name) const {
    auto refuse = [&name](const std::string& why) -> std::runtime_error {
      return std::runtime_error("sealed blob " + name + ": " + why);
    };
    if (sealed.size() < kMagic.size() + 1 || sealed.compare(0, kMagic.size(), kMagic) != 0) {
      throw refuse("not a sealed blob");
    }
    const std::size_t id_size = static_cast<unsigned char>(sealed[kMagic.size()]);
    std::size_t at = kMagic.size() + 1 + id_size;
    if (sealed.size() < at + kHeaderBytes) throw refuse("cut short");
    const std::string id = sealed.substr(kMagic.size() + 1, id_size);
    const auto key = std::find_if(keys_.begin(), keys_.end(), [&id](const BlobKey& k) { return k.id == id; });
    if (key == keys_.end()) throw refuse("sealed with key '" + id + "', which is not in the keys file");
    const std::string aad = sealed.substr(0, at);
    crypto_secretstream_xchacha20poly1305_state state;
    if (crypto_secretstream_xchacha20poly1305_init_pull(&state, Bytes(sealed) + at, Bytes(key->key)) != 0) {
      throw refuse("bad stream header");
    }
    at += kHeaderBytes;
    std::string plain;
    bool first = true, final = false;
    while (!final) {
      if (sealed.size() < at + 4) throw refuse("cut short");
      std::size_t n = 0;
      for (int i = 0; i < 4; ++i) n = (n << 8) | static_cast<unsigned char>(sealed[at + static_cast<std::size_t>(i)]);
      at += 4;
      if (n < kTagBytes || n > kChunk + kTagBytes || sealed.size() < at + n) throw refuse("cut short or altered");
      std::string chunk(n - kTagBytes, '\0');
      unsigned long long got = 0;
      unsigned char tag = 0;
      if (crypto_secretstream_xchacha20poly1305_pull(&state, Bytes(chunk), &got, &tag, Bytes(sealed) + at, n,
                                                     first ? Bytes(aad) : nullptr, first ? aad.size() : 0) != 0) {
        throw refuse("altered, or not sealed with key '" + id + "'");
      }
      chunk.resize(got);
      plain += chunk;
      at += n;
      first = false;
      final = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
    }
    if (at != sealed.size()) throw refuse("bytes after the final chunk");
    return plain;
  }

  BlobStore& inner_;
  const std::vector<BlobKey> keys_;
};

}  // namespace

std::vector<BlobKey> ParseBlobKeys(const std::string& text) {
  std::vector<BlobKey> keys;
  std::istringstream lines(text);
  std::string line;
  int number = 0;
  while (std::getline(lines, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto start = line.find_first_not_of(" \t");
    if (start == std::string::npos || line[start] == '#') continue;
    std::istringstream fields(line.substr(start));
    std::string id, encoded, extra;
    fields >> id >> encoded;
    const std::string where = "line " + std::to_string(number);
    if (encoded.empty() || (fields >> extra)) throw std::invalid_argument(where + ": want '<id> <base64 key>'");
    if (!ValidId(id)) throw std::invalid_argument(where + ": the id must be 1-32 of A-Z a-z 0-9 _ -");
    std::string key(crypto_secretstream_xchacha20poly1305_KEYBYTES, '\0');
    std::size_t len = 0;
    const char* end = nullptr;
    if (sodium_base642bin(Bytes(key), key.size(), encoded.data(), encoded.size(), nullptr, &len, &end,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        end != encoded.data() + encoded.size() || len != key.size()) {
      throw std::invalid_argument(where + ": the key must be 32 bytes in base64 (openssl rand -base64 32)");
    }
    if (std::any_of(keys.begin(), keys.end(), [&id](const BlobKey& k) { return k.id == id; })) {
      throw std::invalid_argument(where + ": key id '" + id + "' appears twice");
    }
    keys.push_back({id, key});
  }
  if (keys.empty()) throw std::invalid_argument("no key in the file");
  return keys;
}

std::unique_ptr<BlobStore> NewSealedBlobStore(BlobStore& inner, std::vector<BlobKey> keys) {
  return std::make_unique<SealedBlobStore>(inner, std::move(keys));
}

}  // namespace stylist::storage
