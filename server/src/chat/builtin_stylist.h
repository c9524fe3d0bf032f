// The built-in stylist: answers from the server's own knowledge when no
// language model is configured or it fails. It reads what the user asks
// for (an outfit for an occasion, season or weather; what goes with a
// colour or an item; what to add to the wardrobe; how to care for a
// fabric) and answers from the user's actual items with stated rules:
// colour harmony on a colour wheel with neutrals, formality by occasion,
// seasons by weather, rotation towards less-worn pieces, the user's
// favourite and avoided colours. Deterministic: the same question and
// wardrobe give the same answer. It says that it is the built-in stylist.
#pragma once

#include <string>

#include "chat/context.h"

namespace stylist::chat {

enum class Intent { kOutfit, kColors, kShopping, kCare, kHelp };

// What the question asks for; an outfit when nothing more specific fits.
Intent DetectIntent(const std::string& question);

// Whether two colour names go together: neutrals with anything, the same
// hue, neighbours on the wheel (within 45°) and opposites (150-210°).
bool ColorsHarmonize(const std::string& a, const std::string& b);

// The whole answer, in Markdown-free plain text.
std::string BuiltinAnswer(const ChatContext& context);

}  // namespace stylist::chat
