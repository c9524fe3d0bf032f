#include "swap/word_filter.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace stylist::swap {
namespace {

// A word's letters as they are read: lower case, and the digits and
// symbols people put for letters ('1' is an i here; Find also tries it as
// an l). Other bytes (UTF-8 of other alphabets) are kept.
char Letter(char c) {
  switch (c) {
    case '0': return 'o';
    case '1': return 'i';
    case '3': return 'e';
    case '4': return 'a';
    case '5': return 's';
    case '7': return 't';
    case '8': return 'b';
    case '@': return 'a';
    case '$': return 's';
    default: return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
}

bool WordByte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) || u >= 0x80 || c == '@' || c == '$';
}

// The text's words as written (lower case comes with Letter).
std::vector<std::string> RawWords(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (const char c : text) {
    if (WordByte(c)) {
      word.push_back(c);
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

std::string Normalized(const std::string& raw, char one) {
  std::string out;
  out.reserve(raw.size());
  for (const char c : raw) out.push_back(c == '1' ? one : Letter(c));
  return out;
}

// The text's words, normalised.
std::vector<std::string> Words(std::string_view text, char one = 'i') {
  std::vector<std::string> words;
  for (const auto& raw : RawWords(text)) words.push_back(Normalized(raw, one));
  return words;
}

std::string Collapsed(const std::string& word) {
  std::string out;
  for (const char c : word) {
    if (out.empty() || out.back() != c) out.push_back(c);
  }
  return out;
}

}  // namespace

WordFilter::WordFilter(const std::vector<std::string>& entries) {
  for (const auto& entry : entries) {
    const auto words = Words(entry);
    if (words.empty()) continue;
    if (words.size() == 1) {
      words_.insert(words[0]);
      collapsed_.insert(Collapsed(words[0]));
      continue;
    }
    std::string phrase;
    for (const auto& w : words) phrase += (phrase.empty() ? "" : " ") + w;
    phrases_.push_back(std::move(phrase));
  }
}

WordFilter WordFilter::FromFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read the word list " + path);
  std::stringstream text;
  text << in.rdbuf();
  std::vector<std::string> entries;
  const auto json = nlohmann::json::parse(text.str(), nullptr, false);
  if (json.is_array()) {
    for (const auto& e : json) {
      if (e.is_string()) entries.push_back(e.get<std::string>());
    }
  } else {
    std::string line;
    std::istringstream lines(text.str());
    while (std::getline(lines, line)) entries.push_back(line);
  }
  WordFilter filter(entries);
  if (filter.size() == 0) throw std::runtime_error("the word list " + path + " is empty");
  return filter;
}

std::optional<std::string> WordFilter::Find(std::string_view text) const {
  const auto words = Words(text);
  for (const auto& raw : RawWords(text)) {
    for (const char one : {'i', 'l'}) {
      if (one == 'l' && raw.find('1') == std::string::npos) continue;
      const std::string word = Normalized(raw, one);
      if (words_.count(word)) return word;
      // A repeated letter collapsed only when the word has one: "as" is no
      // disguise of "ass", but "asss" is.
      const std::string collapsed = Collapsed(word);
      if (collapsed != word && collapsed_.count(collapsed)) return collapsed;
    }
  }
  if (!phrases_.empty() && words.size() > 1) {
    std::string joined = " ";
    for (const auto& w : words) joined += w + " ";
    for (const auto& phrase : phrases_) {
      if (joined.find(" " + phrase + " ") != std::string::npos) return phrase;
    }
  }
  return std::nullopt;
}

}  // namespace stylist::swap
