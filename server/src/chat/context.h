// What an answer is built from: the user's profile and style preferences,
// a compact view of their wardrobe (with the analysis tags), the items the
// message is about, and the recent turns of the conversation within a token
// budget. Plain data, shared by every engine.
#pragma once

#include <string>
#include <vector>

namespace stylist::chat {

struct WardrobeItem {
  std::string id;
  std::string name;
  std::string category;  // "top", "bottom", "dress", "outerwear", "shoes", ...
  std::string type;      // the analysis label or subcategory: "t-shirt", "jeans"
  std::string primary_color, secondary_color;
  std::string pattern;    // "solid", "striped", ...
  std::string formality;  // "casual", "smart_casual", "business", "formal", "black_tie"
  std::string material;
  std::vector<std::string> seasons;    // "spring", "summer", "autumn", "winter"
  std::vector<std::string> occasions;  // free words
  std::string style;                   // the analysis style label
  bool favorite = false;
  int wear_count = 0;
};

struct Turn {
  std::string role;  // "user" or "assistant"
  std::string text;
};

struct ChatContext {
  std::string display_name;
  std::vector<std::string> styles, favorite_colors, avoided_colors, occasions;
  std::string style_notes;
  double monthly_budget = 0;
  // Newest first: the first item is the latest upload, what "this" means.
  std::vector<WardrobeItem> wardrobe;
  // Items attached to the message (or, when it says "this" and has none,
  // the latest upload).
  std::vector<WardrobeItem> focus;
  // Oldest first, before the question.
  std::vector<Turn> history;
  std::string question;
};

// Rough token count (about four characters a token for English), used for
// the context budget and for engines that do not report usage.
int EstimateTokens(const std::string& text);

// One line per item, for prompts: "jeans (bottom), blue, solid, casual".
std::string DescribeItem(const WardrobeItem& item);

}  // namespace stylist::chat
