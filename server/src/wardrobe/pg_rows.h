// Row operations on wardrobe tables shared by the wardrobe Pg stores
// (PgWardrobeStore, PgPhotoStore, PgAnalysisJobStore). Every function runs
// inside the caller's transaction.
#pragma once

#include <pqxx/pqxx>

#include <cstdint>
#include <string>

#include "stylist/v1/wardrobe.pb.h"

namespace stylist::wardrobe {

// Takes the user's next change number (and the lock that orders changes).
std::int64_t NextChange(pqxx::work& tx, const std::string& user_id);

// Inserts a new item with the editable fields of `item`; returns its id.
std::string InsertItem(pqxx::work& tx, const std::string& user_id, const v1::ClothingItem& item,
                       std::int64_t change);
// Overwrites the editable fields of an existing item of the user.
void UpdateItem(pqxx::work& tx, const std::string& user_id, const std::string& item_id,
                const v1::ClothingItem& item, std::int64_t change);
// The item as stored; throws NOT_FOUND when the user has no such item.
v1::ClothingItem LoadItem(pqxx::transaction_base& tx, const std::string& user_id, const std::string& item_id);

std::string InsertOutfit(pqxx::work& tx, const std::string& user_id, const v1::Outfit& outfit,
                         std::int64_t change);
void UpdateOutfit(pqxx::work& tx, const std::string& user_id, const std::string& outfit_id,
                  const v1::Outfit& outfit, std::int64_t change);
// Replaces the outfit's items; throws INVALID_ARGUMENT naming the positions
// that are not the user's items.
void SetOutfitItems(pqxx::work& tx, const std::string& user_id, const std::string& outfit_id,
                    const google::protobuf::RepeatedPtrField<std::string>& item_ids);
v1::Outfit LoadOutfit(pqxx::transaction_base& tx, const std::string& user_id, const std::string& outfit_id);

// Stores a finished analysis of the item's photo, if the item still has that
// photo (sha256; nothing is stored when it changed or went away meanwhile),
// and copies its confident predictions (category, type as the
// subcategory, colours, pattern) into the item's own fields: the empty ones,
// or all of them when `overwrite`. A low-confidence prediction is never
// applied: it stays a suggestion in the analysis.
void StoreAnalysis(pqxx::work& tx, const std::string& user_id, const std::string& item_id,
                   const v1::ClothingAnalysis& analysis, const std::string& sha256, bool overwrite,
                   std::int64_t change);

// Records one wear of an item (optionally as part of an outfit).
v1::WearEvent RecordWear(pqxx::work& tx, const std::string& user_id, const std::string& item_id,
                         const std::string& outfit_id, const std::string& worn_date, std::int64_t change);

}  // namespace stylist::wardrobe
