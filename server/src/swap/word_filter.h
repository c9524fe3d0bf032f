// Inappropriate language in text users write for others to read (swap
// market listings), against a maintained word list shipped with a package
// (the naughty-words npm package's English list, LDNOOBW; installed by
// tools/install-deps.sh). Matched on whole words, never inside one
// ("Scunthorpe", "classic" pass), after undoing the usual disguises:
// letters repeated ("shiiit"), digits and symbols for letters ("sh1t",
// "@ss", "$hit"), any case. Phrases of the list match as whole-word
// sequences.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace stylist::swap {

class WordFilter {
 public:
  // `entries`: words and phrases, any case.
  explicit WordFilter(const std::vector<std::string>& entries);
  // A JSON array of strings (the package's en.json) or one entry a line;
  // throws std::runtime_error when unreadable or empty.
  static WordFilter FromFile(const std::string& path);

  // The first listed word or phrase the text holds, as normalised; nullopt
  // when it holds none.
  std::optional<std::string> Find(std::string_view text) const;

  std::size_t size() const { return words_.size() + phrases_.size(); }

 private:
  std::unordered_set<std::string> words_;      // normalised single words
  std::unordered_set<std::string> collapsed_;  // the same, repeated letters collapsed
  std::vector<std::string> phrases_;           // normalised, one space between words
};

}  // namespace stylist::swap
