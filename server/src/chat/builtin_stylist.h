// The built-in stylist: answers from the server's own knowledge when no
// language model is configured or it fails. It reads what the user asks
// for (an outfit for an occasion, season or weather; what goes with a
// colour or an item; what to add to the wardrobe; how to care for a
// fabric) and answers from the user's actual items with the outfit rules
// of styling/outfits.h. Deterministic: the same question and wardrobe give
// the same answer. It says that it is the built-in stylist.
#pragma once

#include <string>

#include "chat/context.h"

namespace stylist::chat {

enum class Intent { kOutfit, kColors, kShopping, kCare, kHelp };

// What the question asks for; an outfit when nothing more specific fits.
Intent DetectIntent(const std::string& question);

// The whole answer, in Markdown-free plain text.
std::string BuiltinAnswer(const ChatContext& context);

}  // namespace stylist::chat
