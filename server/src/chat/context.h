// What an answer is built from: the user's profile and style preferences,
// a compact view of their wardrobe (with the analysis tags), the items the
// message is about, and the recent turns of the conversation within a token
// budget. Plain data, shared by every engine.
#pragma once

#include <string>
#include <vector>

#include "styling/outfits.h"

namespace stylist::chat {

// An item as the engines see it (words, not enums).
using WardrobeItem = styling::Item;

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
