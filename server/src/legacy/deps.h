#pragma once
// What the legacy service is built from.

#include "chat/chat_service.h"
#include "legacy/legacy_store.h"
#include "wardrobe/photo_service.h"

namespace stylist::legacy {

struct Deps {
  LegacyStore& store;
  // Legacy images are wardrobe items with photos...
  wardrobe::PhotoService& photos;
  // ...and legacy questions are chat turns.
  chat::ChatService& chat;
};

}  // namespace stylist::legacy
