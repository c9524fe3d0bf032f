#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "common/crypto.h"
#include "storage/blob_store.h"

namespace stylist::storage {
namespace {

namespace fs = std::filesystem;

bool SafeKey(const std::string& key) {
  if (key.empty() || key.size() > 200 || key.front() == '/') return false;
  for (char c : key) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '-' || c == '_' || c == '.')) return false;
  }
  return key.find("..") == std::string::npos;
}

class LocalBlobStore final : public BlobStore {
 public:
  explicit LocalBlobStore(fs::path root) : root_(std::move(root)) {
    std::error_code ec;
    fs::create_directories(root_, ec);
    if (ec) throw std::runtime_error("storage folder " + root_.string() + ": " + ec.message());
  }

  void Put(const std::string& key, const std::string& bytes) override {
    const fs::path path = PathOf(key);
    fs::create_directories(path.parent_path());
    const fs::path tmp = path.string() + ".tmp-" + crypto::ToHex(crypto::RandomBytes(6));
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) throw std::runtime_error("storage: cannot create " + tmp.string() + ": " + std::strerror(errno));
    std::size_t written = 0;
    bool ok = true;
    while (ok && written < bytes.size()) {
      const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) ok = false;
      else written += static_cast<std::size_t>(n);
    }
    ok = ok && ::fsync(fd) == 0;
    ok = (::close(fd) == 0) && ok;
    if (ok) ok = ::rename(tmp.c_str(), path.c_str()) == 0;
    if (!ok) {
      const std::string why = std::strerror(errno);
      ::unlink(tmp.c_str());
      throw std::runtime_error("storage: cannot write " + path.string() + ": " + why);
    }
  }

  std::optional<std::string> Get(const std::string& key) override {
    std::ifstream in(PathOf(key), std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
  }

  void Delete(const std::string& key) override {
    std::error_code ec;
    fs::remove(PathOf(key), ec);
  }

 private:
  fs::path PathOf(const std::string& key) const {
    if (!SafeKey(key)) throw std::runtime_error("storage: refusing unsafe key");
    return root_ / key;
  }

  fs::path root_;
};

}  // namespace

std::unique_ptr<BlobStore> NewLocalBlobStore(const std::string& root) {
  return std::make_unique<LocalBlobStore>(fs::absolute(root));
}

std::string NewBlobKey(const std::string& prefix) {
  const std::string id = crypto::ToHex(crypto::RandomBytes(16));
  return prefix + "/" + id.substr(0, 2) + "/" + id;
}

}  // namespace stylist::storage
