#include "common/trusted_peers.h"

#include <arpa/inet.h>

#include <stdexcept>

namespace stylist {
namespace {

// An address as its bytes (4 or 16), or empty when it is not one.
std::string AddressBytes(const std::string& text) {
  unsigned char buf[16];
  if (inet_pton(AF_INET, text.c_str(), buf) == 1) return std::string(reinterpret_cast<char*>(buf), 4);
  if (inet_pton(AF_INET6, text.c_str(), buf) == 1) return std::string(reinterpret_cast<char*>(buf), 16);
  return "";
}

}  // namespace

TrustedPeers TrustedPeers::Parse(const std::vector<std::string>& entries) {
  TrustedPeers peers;
  for (const auto& entry : entries) {
    if (entry == "unix") {
      peers.unix_ = true;
      continue;
    }
    const auto slash = entry.find('/');
    Prefix prefix{AddressBytes(entry.substr(0, slash)), 0};
    const int max_bits = static_cast<int>(prefix.bytes.size()) * 8;
    prefix.bits = max_bits;
    bool ok = max_bits > 0;
    if (ok && slash != std::string::npos) {
      const std::string bits = entry.substr(slash + 1);
      ok = !bits.empty() && bits.size() <= 3 && bits.find_first_not_of("0123456789") == std::string::npos &&
           std::stoi(bits) <= max_bits;
      if (ok) prefix.bits = std::stoi(bits);
    }
    if (!ok) throw std::invalid_argument("'" + entry + "' is not an IP address, a CIDR prefix or unix");
    peers.prefixes_.push_back(std::move(prefix));
  }
  return peers;
}

bool TrustedPeers::Trusts(const std::string& peer) const {
  if (peer.rfind("unix:", 0) == 0) return unix_;
  const std::string bytes = AddressBytes(peer);
  for (const auto& p : prefixes_) {
    if (p.bytes.size() != bytes.size()) continue;
    bool match = true;
    for (int i = 0; i < p.bits && match; ++i) {
      const auto byte = static_cast<std::size_t>(i / 8);
      const int bit = 7 - i % 8;
      match = ((p.bytes[byte] >> bit) & 1) == ((bytes[byte] >> bit) & 1);
    }
    if (match) return true;
  }
  return false;
}

}  // namespace stylist
