#pragma once
// The rows of items, outfits, the wear log, the change log and kept
// idempotent answers: the only code of the item, outfit and sync services
// that speaks SQL (PgWardrobeStore), behind an interface so their rules
// (limits, retried creates, update masks and etags, outfits of one's own
// items, tombstones) are unit-tested with an in-memory fake
// (tests/unit/fake_wardrobe_store.h).
//
// A write is a unit of work: Write(user, fn) runs fn in one transaction of
// that user's wardrobe and commits when fn returns (nothing is kept when it
// throws); fn composes the row operations of WardrobeTx. Every write takes
// NextChange first: its lock orders the user's writes.

#include <google/protobuf/repeated_ptr_field.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "db/pool.h"
#include "stylist/v1/user.pb.h"
#include "stylist/v1/wardrobe.pb.h"
#include "wardrobe/item_list_query.h"
#include "wardrobe/list_order.h"
#include "wardrobe/outfit_list_query.h"
#include "wardrobe/wear_list_query.h"

namespace stylist::wardrobe {

// The row operations of one write, all on the wardrobe of the user the
// write was opened for.
class WardrobeTx {
 public:
  virtual ~WardrobeTx() = default;

  // Takes the user's next change number, and the lock that orders the
  // user's changes until the write ends.
  virtual std::int64_t NextChange() = 0;

  // The answer kept for an idempotent create (younger than 24 hours), by
  // method and request id; older ones are dropped first.
  struct KeptAnswer {
    std::string request_digest;  // sha256 of the request it answered
    std::string response;        // the serialised response
  };
  virtual std::optional<KeptAnswer> FindKeptAnswer(const std::string& method, const std::string& request_id) = 0;
  // Keeps (or replaces) the answer to a request id.
  virtual void KeepAnswer(const std::string& method, const std::string& request_id, const KeptAnswer& answer) = 0;

  virtual int ItemCount() = 0;
  // Inserts a new item with the editable fields of `item`; returns its id.
  virtual std::string InsertItem(const v1::ClothingItem& item, std::int64_t change) = 0;
  // Locks the item for a read-modify-write: its change number (what its etag
  // names), or nullopt when the user has no such item.
  virtual std::optional<std::int64_t> LockItem(const std::string& item_id) = 0;
  // The item as stored; throws NOT_FOUND ("no such item") when the user has
  // no such item.
  virtual v1::ClothingItem LoadItem(const std::string& item_id) = 0;
  // Overwrites the editable fields of the item.
  virtual void UpdateItem(const std::string& item_id, const v1::ClothingItem& item, std::int64_t change) = 0;
  // Gives the outfits holding the item the change number (they change with it).
  virtual void TouchOutfitsOfItem(const std::string& item_id, std::int64_t change) = 0;
  // Deletes the item; returns its photo as stored (JSON with the storage
  // keys), "" when it had none.
  virtual std::string DeleteItem(const std::string& item_id) = 0;

  // Records one wear of the item (optionally as part of an outfit): its
  // wear count and last worn date move; throws NOT_FOUND ("no such item")
  // when the user has no such item.
  virtual v1::WearEvent RecordWear(const std::string& item_id, const std::string& outfit_id,
                                   const std::string& worn_date, std::int64_t change) = 0;

  virtual int OutfitCount() = 0;
  virtual std::string InsertOutfit(const v1::Outfit& outfit, std::int64_t change) = 0;
  // As LockItem, for an outfit.
  virtual std::optional<std::int64_t> LockOutfit(const std::string& outfit_id) = 0;
  // Throws NOT_FOUND ("no such outfit") when the user has no such outfit.
  virtual v1::Outfit LoadOutfit(const std::string& outfit_id) = 0;
  virtual void UpdateOutfit(const std::string& outfit_id, const v1::Outfit& outfit, std::int64_t change) = 0;
  // Replaces the outfit's items; throws INVALID_ARGUMENT naming each
  // position (outfit.item_ids[i]) that is not one of the user's items.
  virtual void SetOutfitItems(const std::string& outfit_id,
                              const google::protobuf::RepeatedPtrField<std::string>& item_ids) = 0;
  // Counts one wear of the outfit; returns its items in order, or nullopt
  // when the user has no such outfit.
  virtual std::optional<std::vector<std::string>> WearOutfit(const std::string& outfit_id,
                                                             const std::string& worn_date, std::int64_t change) = 0;
  // False when the user has no such outfit.
  virtual bool DeleteOutfit(const std::string& outfit_id) = 0;

  // Records that an object ("item" or "outfit") was deleted at `change`,
  // for ListChanges.
  virtual void AddTombstone(const std::string& kind, const std::string& object_id, std::int64_t change) = 0;
};

class WardrobeStore {
 public:
  virtual ~WardrobeStore() = default;

  using Work = std::function<void(WardrobeTx& tx)>;
  virtual void Write(const std::string& user_id, const Work& work) = 0;

  // Throw NOT_FOUND ("no such item" / "no such outfit") for an unknown id or
  // another user's (they look the same).
  virtual v1::ClothingItem GetItem(const std::string& user_id, const std::string& item_id) = 0;
  virtual v1::Outfit GetOutfit(const std::string& user_id, const std::string& outfit_id) = 0;

  // One page of a list, added to `out` (a response's field, so the rows are
  // built where they are answered from).
  virtual PageInfo ListItems(const ItemListQuery& query, google::protobuf::RepeatedPtrField<v1::ClothingItem>* out) = 0;
  virtual PageInfo ListOutfits(const OutfitListQuery& query, google::protobuf::RepeatedPtrField<v1::Outfit>* out) = 0;
  // The wear log is not counted: total_size stays 0.
  virtual PageInfo ListWearEvents(const WearListQuery& query,
                                  google::protobuf::RepeatedPtrField<v1::WearEvent>* out) = 0;

  // The changes after change number `cursor`, at most about `limit` of them
  // but never splitting one change number: the items and outfits changed
  // and the ids deleted, added to `out`; returns the change number the page
  // ends at (`cursor` when nothing changed) and the user's latest.
  struct ChangesPage {
    std::int64_t upper = 0;
    std::int64_t latest = 0;
  };
  virtual ChangesPage ListChanges(const std::string& user_id, std::int64_t cursor, int limit,
                                  v1::ListChangesResponse* out) = 0;

  // What SuggestOutfits reads: the caller's profile (nullopt without one)
  // and up to `limit` of their items, newest first.
  struct StylingInputs {
    std::optional<v1::Profile> profile;
    std::vector<v1::ClothingItem> items;
  };
  virtual StylingInputs ReadStylingInputs(const std::string& user_id, int limit) = 0;

  // What Style DNA is computed from: up to `limit` of the user's items and
  // of their outfits, newest first (an item's wear log is its wear_count
  // and last_worn_date).
  struct StyleDnaInputs {
    std::vector<v1::ClothingItem> items;
    std::vector<v1::Outfit> outfits;
  };
  // The stored Style DNA, with its version and time; nullopt before the
  // first computation.
  virtual std::optional<v1::StyleDna> GetStyleDna(const std::string& user_id) = 0;
  // Computes the user's Style DNA with `compute` from what is stored now and
  // stores it as their next version, no longer stale, in one transaction
  // that holds their stored row (a change made meanwhile marks it stale
  // again) and the user (two computations run one after the other); returns
  // it with its version and time.
  using ComputeStyleDna = std::function<v1::StyleDna(const StyleDnaInputs&)>;
  virtual v1::StyleDna CalculateStyleDna(const std::string& user_id, int limit, const ComputeStyleDna& compute) = 0;
  // The stored Style DNA, or the first one computed and stored now if there
  // is none (under the same locks: two first reads at once compute once).
  virtual v1::StyleDna FirstStyleDna(const std::string& user_id, int limit, const ComputeStyleDna& compute) = 0;
  // A refresh job's work: recomputes the user's Style DNA if it has been
  // stale (their wardrobe changed after it was computed) for at least
  // `settle`, in one transaction that holds the stored row; nullopt when
  // done (or nothing was stale), else how much longer it must settle.
  virtual std::optional<std::chrono::milliseconds> RefreshStyleDna(const std::string& user_id,
                                                                   std::chrono::milliseconds settle, int limit,
                                                                   const ComputeStyleDna& compute) = 0;
};

class PgWardrobeStore final : public WardrobeStore {
 public:
  explicit PgWardrobeStore(db::Pool& pool) : pool_(pool) {}

  void Write(const std::string& user_id, const Work& work) override;
  v1::ClothingItem GetItem(const std::string& user_id, const std::string& item_id) override;
  v1::Outfit GetOutfit(const std::string& user_id, const std::string& outfit_id) override;
  PageInfo ListItems(const ItemListQuery& query, google::protobuf::RepeatedPtrField<v1::ClothingItem>* out) override;
  PageInfo ListOutfits(const OutfitListQuery& query, google::protobuf::RepeatedPtrField<v1::Outfit>* out) override;
  PageInfo ListWearEvents(const WearListQuery& query, google::protobuf::RepeatedPtrField<v1::WearEvent>* out) override;
  ChangesPage ListChanges(const std::string& user_id, std::int64_t cursor, int limit,
                          v1::ListChangesResponse* out) override;
  StylingInputs ReadStylingInputs(const std::string& user_id, int limit) override;
  std::optional<v1::StyleDna> GetStyleDna(const std::string& user_id) override;
  v1::StyleDna CalculateStyleDna(const std::string& user_id, int limit, const ComputeStyleDna& compute) override;
  v1::StyleDna FirstStyleDna(const std::string& user_id, int limit, const ComputeStyleDna& compute) override;
  std::optional<std::chrono::milliseconds> RefreshStyleDna(const std::string& user_id, std::chrono::milliseconds settle,
                                                           int limit, const ComputeStyleDna& compute) override;

 private:
  db::Pool& pool_;
};

}  // namespace stylist::wardrobe
