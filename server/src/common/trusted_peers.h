#pragma once
// The peers whose x-forwarded-for names the client (the edge): addresses,
// CIDR prefixes ("10.244.0.0/16", for edge pods whose addresses change) and
// "unix" for every Unix-socket peer. Parsed once, at start; matched on every
// call without parsing again.

#include <string>
#include <string_view>
#include <vector>

namespace stylist {

class TrustedPeers {
 public:
  // Throws std::invalid_argument naming the first entry that is none of
  // the above.
  static TrustedPeers Parse(const std::vector<std::string>& entries);

  // peer: an IP address as text, or "unix:..." for a Unix-socket client.
  bool Trusts(const std::string& peer) const;
  std::size_t size() const { return prefixes_.size() + (unix_ ? 1 : 0); }

 private:
  struct Prefix {
    std::string bytes;  // 4 or 16
    int bits;
  };
  bool unix_ = false;
  std::vector<Prefix> prefixes_;
};

}  // namespace stylist
