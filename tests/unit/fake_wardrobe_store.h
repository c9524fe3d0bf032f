// An in-memory wardrobe::WardrobeStore for the item, outfit and sync
// services' unit tests: rows in vectors, a write that throws leaves them as
// they were (a rolled-back transaction), lists filtered, sorted and paged
// from the rows themselves. What the database does on its own is done here
// too: deleting an item drops it from its outfits and its wear events.
// Kept idempotent answers do not expire (the tests run within the day).
#pragma once

#include <algorithm>
#include <cstdio>
#include <map>
#include <mutex>
#include <set>
#include <tuple>

#include "common/api_error.h"
#include "common/dates.h"
#include "common/etag.h"
#include "common/proto_util.h"
#include "common/text.h"
#include "wardrobe/wardrobe_store.h"

namespace stylist::testing {

class FakeWardrobeStore final : public wardrobe::WardrobeStore {
 public:
  struct ItemRow {
    std::string user;
    v1::ClothingItem item;  // as LoadItem answers it
    std::int64_t change = 0;
    std::int64_t created = 0, updated = 0;  // order of creation and last update
    std::string photo_json;
  };
  struct OutfitRow {
    std::string user;
    v1::Outfit outfit;
    std::int64_t change = 0;
    std::int64_t created = 0, updated = 0;
  };
  struct WearRow {
    std::string user;
    v1::WearEvent event;
  };
  struct Tombstone {
    std::string user, kind, object_id;
    std::int64_t change = 0;
  };
  struct State {
    std::vector<ItemRow> items;
    std::vector<OutfitRow> outfits;
    std::vector<WearRow> wear;
    std::vector<Tombstone> tombstones;
    std::map<std::string, std::int64_t> change_seq;  // by user
    std::map<std::tuple<std::string, std::string, std::string>, wardrobe::WardrobeTx::KeptAnswer> kept;
    std::map<std::string, v1::Profile> profiles;  // by user
    std::map<std::string, v1::StyleDna> style_dna;  // by user
    std::int64_t next_id = 1, clock = 1;
  };

  // Rows as they are now (read them between calls).
  const State& state() const { return state_; }
  int writes = 0;  // committed writes

  // Adds a stored item of `user_id` (as a create would) and returns its id.
  std::string AddItem(const std::string& user_id, const v1::ClothingItem& item, const std::string& photo_json = "") {
    std::lock_guard lock(mutex_);
    Tx tx(*this, user_id);
    const std::string id = tx.InsertItem(item, tx.NextChange());
    state_.items.back().photo_json = photo_json;
    return id;
  }
  // Adds a stored outfit of `user_id` holding `item_ids`; returns its id.
  std::string AddOutfit(const std::string& user_id, const std::string& name, const std::vector<std::string>& item_ids) {
    std::lock_guard lock(mutex_);
    Tx tx(*this, user_id);
    v1::Outfit outfit;
    outfit.set_name(name);
    const std::string id = tx.InsertOutfit(outfit, tx.NextChange());
    for (const auto& item_id : item_ids) state_.outfits.back().outfit.add_item_ids(item_id);
    return id;
  }
  void SetProfile(const std::string& user_id, const v1::Profile& profile) {
    std::lock_guard lock(mutex_);
    state_.profiles[user_id] = profile;
  }

  void Write(const std::string& user_id, const Work& work) override {
    std::lock_guard lock(mutex_);
    const State before = state_;
    try {
      Tx tx(*this, user_id);
      work(tx);
    } catch (...) {
      state_ = before;
      throw;
    }
    ++writes;
  }

  v1::ClothingItem GetItem(const std::string& user_id, const std::string& item_id) override {
    std::lock_guard lock(mutex_);
    const ItemRow* row = Find(state_.items, user_id, item_id);
    if (!row) throw NotFound("no such item");
    return row->item;
  }
  v1::Outfit GetOutfit(const std::string& user_id, const std::string& outfit_id) override {
    std::lock_guard lock(mutex_);
    const OutfitRow* row = Find(state_.outfits, user_id, outfit_id);
    if (!row) throw NotFound("no such outfit");
    return row->outfit;
  }

  wardrobe::PageInfo ListItems(const wardrobe::ItemListQuery& q,
                               google::protobuf::RepeatedPtrField<v1::ClothingItem>* out) override {
    std::lock_guard lock(mutex_);
    std::vector<Keyed<v1::ClothingItem>> rows;
    for (const auto& r : state_.items) {
      const auto& i = r.item;
      if (r.user != q.user_id) continue;
      if (!q.category.empty() && Word(v1::ClothingCategory_descriptor(), i.category()) != q.category) continue;
      if (!q.color.empty() && i.primary_color() != q.color && i.secondary_color() != q.color) continue;
      if (!q.season.empty() && !HasSeason(i.seasons(), q.season)) continue;
      if (!q.occasion.empty() && !Has(i.occasions(), q.occasion)) continue;
      if (q.favorite && i.favorite() != *q.favorite) continue;
      if (!q.tag.empty() && !Has(i.tags(), q.tag)) continue;
      if (!q.text.empty() && !Contains(i.name(), q.text) && !Contains(i.subcategory(), q.text) &&
          !Contains(i.brand(), q.text) && !Contains(i.notes(), q.text) &&
          std::none_of(i.tags().begin(), i.tags().end(), [&](const std::string& t) { return Contains(t, q.text); })) {
        continue;
      }
      rows.push_back({SortKey(q.page, r), i.item_id(), &i});
    }
    return Page(rows, q.page, out);
  }

  wardrobe::PageInfo ListOutfits(const wardrobe::OutfitListQuery& q,
                                 google::protobuf::RepeatedPtrField<v1::Outfit>* out) override {
    std::lock_guard lock(mutex_);
    std::vector<Keyed<v1::Outfit>> rows;
    for (const auto& r : state_.outfits) {
      const auto& o = r.outfit;
      if (r.user != q.user_id) continue;
      if (!q.item_id.empty() && !Has(o.item_ids(), q.item_id)) continue;
      if (!q.season.empty() && !HasSeason(o.seasons(), q.season)) continue;
      if (!q.occasion.empty() && !Has(o.occasions(), q.occasion)) continue;
      if (q.favorite && o.favorite() != *q.favorite) continue;
      rows.push_back({SortKey(q.page, r), o.outfit_id(), &o});
    }
    return Page(rows, q.page, out);
  }

  wardrobe::PageInfo ListWearEvents(const wardrobe::WearListQuery& q,
                                    google::protobuf::RepeatedPtrField<v1::WearEvent>* out) override {
    std::lock_guard lock(mutex_);
    std::vector<Keyed<v1::WearEvent>> rows;
    for (const auto& r : state_.wear) {
      const auto& e = r.event;
      const std::string date = DateParam(e.worn_date()).value_or("");
      if (r.user != q.user_id) continue;
      if (!q.item_id.empty() && e.item_id() != q.item_id) continue;
      if (!q.outfit_id.empty() && e.outfit_id() != q.outfit_id) continue;
      if ((q.start_date && date < *q.start_date) || (q.end_date && date > *q.end_date)) continue;
      rows.push_back({date, e.wear_event_id(), &e});
    }
    wardrobe::PageInfo info = Page(rows, q.page, out);
    info.total_size = 0;  // the wear log is not counted
    return info;
  }

  ChangesPage ListChanges(const std::string& user_id, std::int64_t cursor, int limit,
                          v1::ListChangesResponse* out) override {
    std::lock_guard lock(mutex_);
    std::vector<std::int64_t> changes;
    for (const auto& r : state_.items) {
      if (r.user == user_id && r.change > cursor) changes.push_back(r.change);
    }
    for (const auto& r : state_.outfits) {
      if (r.user == user_id && r.change > cursor) changes.push_back(r.change);
    }
    for (const auto& t : state_.tombstones) {
      if (t.user == user_id && t.change > cursor) changes.push_back(t.change);
    }
    std::sort(changes.begin(), changes.end());
    if (static_cast<int>(changes.size()) > limit) changes.resize(static_cast<std::size_t>(limit));
    ChangesPage page;
    page.upper = changes.empty() ? cursor : changes.back();
    const auto in_page = [&](const std::string& user, std::int64_t change) {
      return user == user_id && change > cursor && change <= page.upper;
    };
    for (const auto& r : ByChange(state_.items)) {
      if (in_page(r->user, r->change)) *out->add_items() = r->item;
    }
    for (const auto& r : ByChange(state_.outfits)) {
      if (in_page(r->user, r->change)) *out->add_outfits() = r->outfit;
    }
    for (const auto& t : ByChange(state_.tombstones)) {
      if (!in_page(t->user, t->change)) continue;
      if (t->kind == "item") out->add_deleted_item_ids(t->object_id);
      else out->add_deleted_outfit_ids(t->object_id);
    }
    auto seq = state_.change_seq.find(user_id);
    page.latest = seq == state_.change_seq.end() ? 0 : seq->second;
    return page;
  }

  StylingInputs ReadStylingInputs(const std::string& user_id, int limit) override {
    std::lock_guard lock(mutex_);
    StylingInputs inputs;
    if (auto p = state_.profiles.find(user_id); p != state_.profiles.end()) inputs.profile = p->second;
    std::vector<const ItemRow*> mine;
    for (const auto& r : state_.items) {
      if (r.user == user_id) mine.push_back(&r);
    }
    std::sort(mine.begin(), mine.end(), [](const ItemRow* a, const ItemRow* b) { return a->created > b->created; });
    for (const ItemRow* r : mine) {
      if (static_cast<int>(inputs.items.size()) == limit) break;
      inputs.items.push_back(r->item);
    }
    return inputs;
  }

  StyleDnaInputs ReadStyleDnaInputs(const std::string& user_id, int limit) {
    StyleDnaInputs inputs;
    inputs.items = ReadStylingInputs(user_id, limit).items;
    std::lock_guard lock(mutex_);
    for (const auto& r : state_.outfits) {
      if (r.user == user_id && static_cast<int>(inputs.outfits.size()) < limit) inputs.outfits.push_back(r.outfit);
    }
    return inputs;
  }
  std::optional<v1::StyleDna> GetStyleDna(const std::string& user_id) override {
    std::lock_guard lock(mutex_);
    auto it = state_.style_dna.find(user_id);
    if (it == state_.style_dna.end()) return std::nullopt;
    return it->second;
  }
  v1::StyleDna CalculateStyleDna(const std::string& user_id, int limit, const ComputeStyleDna& compute) override {
    const StyleDnaInputs inputs = ReadStyleDnaInputs(user_id, limit);
    std::lock_guard lock(mutex_);
    v1::StyleDna stored = compute(inputs);
    const auto it = state_.style_dna.find(user_id);
    stored.set_version(it == state_.style_dna.end() ? 1 : it->second.version() + 1);
    stored.mutable_compute_time()->set_seconds(1'800'000'000 + stored.version());
    state_.style_dna[user_id] = stored;
    return stored;
  }
  v1::StyleDna FirstStyleDna(const std::string& user_id, int limit, const ComputeStyleDna& compute) override {
    if (auto stored = GetStyleDna(user_id)) return *stored;
    return CalculateStyleDna(user_id, limit, compute);
  }
  // Stale marking is the database's (triggers); the fake has none to refresh.
  std::optional<std::chrono::milliseconds> RefreshStyleDna(const std::string&, std::chrono::milliseconds, int,
                                                           const ComputeStyleDna&) override {
    return std::nullopt;
  }

 private:
  // One write's view of the rows, on the wardrobe of `user_`.
  class Tx final : public wardrobe::WardrobeTx {
   public:
    Tx(FakeWardrobeStore& store, std::string user) : s_(store.state_), user_(std::move(user)) {}

    std::int64_t NextChange() override { return ++s_.change_seq[user_]; }

    std::optional<KeptAnswer> FindKeptAnswer(const std::string& method, const std::string& request_id) override {
      auto it = s_.kept.find({user_, method, request_id});
      if (it == s_.kept.end()) return std::nullopt;
      return it->second;
    }
    void KeepAnswer(const std::string& method, const std::string& request_id, const KeptAnswer& answer) override {
      s_.kept[{user_, method, request_id}] = answer;
    }

    int ItemCount() override { return Count(s_.items); }
    std::string InsertItem(const v1::ClothingItem& item, std::int64_t change) override {
      ItemRow row;
      row.user = user_;
      row.created = s_.clock++;
      SetEditable(item, &row.item);
      row.item.set_item_id(NewId());
      s_.items.push_back(row);
      Touch(s_.items.back(), change);
      return s_.items.back().item.item_id();
    }
    std::optional<std::int64_t> LockItem(const std::string& item_id) override {
      const ItemRow* row = Find(s_.items, user_, item_id);
      if (!row) return std::nullopt;
      return row->change;
    }
    v1::ClothingItem LoadItem(const std::string& item_id) override { return Item(item_id).item; }
    void UpdateItem(const std::string& item_id, const v1::ClothingItem& item, std::int64_t change) override {
      ItemRow& row = Item(item_id);
      SetEditable(item, &row.item);
      Touch(row, change);
    }
    void TouchOutfitsOfItem(const std::string& item_id, std::int64_t change) override {
      for (auto& o : s_.outfits) {
        if (o.user == user_ && Has(o.outfit.item_ids(), item_id)) Touch(o, change);
      }
    }
    std::string DeleteItem(const std::string& item_id) override {
      const std::string photo = Item(item_id).photo_json;
      std::erase_if(s_.items, [&](const ItemRow& r) { return r.user == user_ && r.item.item_id() == item_id; });
      // What the foreign keys cascade: the item leaves its outfits and its wear log.
      for (auto& o : s_.outfits) {
        auto* ids = o.outfit.mutable_item_ids();
        ids->erase(std::remove(ids->begin(), ids->end(), item_id), ids->end());
      }
      std::erase_if(s_.wear, [&](const WearRow& w) { return w.event.item_id() == item_id; });
      return photo;
    }
    v1::WearEvent RecordWear(const std::string& item_id, const std::string& outfit_id, const std::string& worn_date,
                             std::int64_t change) override {
      ItemRow* row = Find(s_.items, user_, item_id);
      if (!row) throw NotFound("no such item");
      row->item.set_wear_count(row->item.wear_count() + 1);
      WornOn(row->item.mutable_last_worn_date(), worn_date);
      Touch(*row, change);
      WearRow wear;
      wear.user = user_;
      wear.event.set_wear_event_id(NewId());
      wear.event.set_item_id(item_id);
      wear.event.set_outfit_id(outfit_id);
      SetDate(wear.event.mutable_worn_date(), worn_date);
      proto::SetMicros(wear.event.mutable_create_time(), s_.clock++);
      s_.wear.push_back(wear);
      return wear.event;
    }

    int OutfitCount() override { return Count(s_.outfits); }
    std::string InsertOutfit(const v1::Outfit& outfit, std::int64_t change) override {
      OutfitRow row;
      row.user = user_;
      row.created = s_.clock++;
      SetEditable(outfit, &row.outfit);
      row.outfit.set_outfit_id(NewId());
      row.outfit.set_source(outfit.source() == v1::OUTFIT_SOURCE_SUGGESTED ? v1::OUTFIT_SOURCE_SUGGESTED
                                                                            : v1::OUTFIT_SOURCE_USER);
      s_.outfits.push_back(row);
      Touch(s_.outfits.back(), change);
      return s_.outfits.back().outfit.outfit_id();
    }
    std::optional<std::int64_t> LockOutfit(const std::string& outfit_id) override {
      const OutfitRow* row = Find(s_.outfits, user_, outfit_id);
      if (!row) return std::nullopt;
      return row->change;
    }
    v1::Outfit LoadOutfit(const std::string& outfit_id) override { return Outfit(outfit_id).outfit; }
    void UpdateOutfit(const std::string& outfit_id, const v1::Outfit& outfit, std::int64_t change) override {
      OutfitRow& row = Outfit(outfit_id);
      SetEditable(outfit, &row.outfit);
      Touch(row, change);
    }
    void SetOutfitItems(const std::string& outfit_id,
                        const google::protobuf::RepeatedPtrField<std::string>& item_ids) override {
      Violations v;
      for (int i = 0; i < item_ids.size(); ++i) {
        if (!Find(s_.items, user_, item_ids[i])) {
          v.Add("outfit.item_ids[" + std::to_string(i) + "]", "no such item in your wardrobe");
        }
      }
      v.ThrowIfAny();
      *Outfit(outfit_id).outfit.mutable_item_ids() = item_ids;
    }
    std::optional<std::vector<std::string>> WearOutfit(const std::string& outfit_id, const std::string& worn_date,
                                                       std::int64_t change) override {
      OutfitRow* row = Find(s_.outfits, user_, outfit_id);
      if (!row) return std::nullopt;
      row->outfit.set_wear_count(row->outfit.wear_count() + 1);
      WornOn(row->outfit.mutable_last_worn_date(), worn_date);
      Touch(*row, change);
      return std::vector<std::string>(row->outfit.item_ids().begin(), row->outfit.item_ids().end());
    }
    bool DeleteOutfit(const std::string& outfit_id) override {
      if (!Find(s_.outfits, user_, outfit_id)) return false;
      std::erase_if(s_.outfits, [&](const OutfitRow& r) { return r.user == user_ && r.outfit.outfit_id() == outfit_id; });
      for (auto& w : s_.wear) {
        if (w.event.outfit_id() == outfit_id) w.event.clear_outfit_id();
      }
      return true;
    }

    void AddTombstone(const std::string& kind, const std::string& object_id, std::int64_t change) override {
      s_.tombstones.push_back({user_, kind, object_id, change});
    }

   private:
    template <typename Row>
    int Count(const std::vector<Row>& rows) const {
      return static_cast<int>(std::count_if(rows.begin(), rows.end(), [&](const Row& r) { return r.user == user_; }));
    }
    ItemRow& Item(const std::string& id) {
      ItemRow* row = Find(s_.items, user_, id);
      if (!row) throw NotFound("no such item");
      return *row;
    }
    OutfitRow& Outfit(const std::string& id) {
      OutfitRow* row = Find(s_.outfits, user_, id);
      if (!row) throw NotFound("no such outfit");
      return *row;
    }
    template <typename Row>
    void Touch(Row& row, std::int64_t change) {
      row.change = change;
      row.updated = s_.clock++;
      if constexpr (std::is_same_v<Row, ItemRow>) row.item.set_etag(EtagOf(change));
      else row.outfit.set_etag(EtagOf(change));
    }
    // The stored date stays the latest worn (GREATEST in SQL).
    static void WornOn(google::type::Date* last, const std::string& date) {
      if (DateParam(*last).value_or("") < date) SetDate(last, date);
    }
    std::string NewId() {
      char id[37];
      std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012lld", static_cast<long long>(s_.next_id++));
      return id;
    }
    // The fields a write stores (the statements' parameters); the rest
    // (ids, counts, photo, analysis, times, etag, an outfit's items and
    // source) stay as stored.
    static void SetEditable(const v1::ClothingItem& from, v1::ClothingItem* to) {
      v1::ClothingItem next = from;
      next.set_item_id(to->item_id());
      next.set_wear_count(to->wear_count());
      *next.mutable_last_worn_date() = to->last_worn_date();
      if (!to->has_last_worn_date()) next.clear_last_worn_date();
      if (to->has_photo()) *next.mutable_photo() = to->photo();
      else next.clear_photo();
      if (to->has_analysis()) *next.mutable_analysis() = to->analysis();
      else next.clear_analysis();
      next.set_analysis_status(to->analysis_status());
      next.clear_create_time();
      next.clear_update_time();
      next.set_etag(to->etag());
      *to = next;
    }
    static void SetEditable(const v1::Outfit& from, v1::Outfit* to) {
      v1::Outfit next = from;
      next.set_outfit_id(to->outfit_id());
      *next.mutable_item_ids() = to->item_ids();
      next.set_source(to->source());
      next.set_wear_count(to->wear_count());
      if (to->has_last_worn_date()) *next.mutable_last_worn_date() = to->last_worn_date();
      else next.clear_last_worn_date();
      next.clear_create_time();
      next.clear_update_time();
      next.set_etag(to->etag());
      *to = next;
    }

    State& s_;
    std::string user_;
  };

  template <typename Message>
  struct Keyed {
    std::string key, id;
    const Message* row;
  };

  template <typename Row>
  static Row* Find(std::vector<Row>& rows, const std::string& user, const std::string& id) {
    for (auto& r : rows) {
      if (r.user == user && IdOf(r) == id) return &r;
    }
    return nullptr;
  }
  static const std::string& IdOf(const ItemRow& r) { return r.item.item_id(); }
  static const std::string& IdOf(const OutfitRow& r) { return r.outfit.outfit_id(); }

  template <typename Row>
  static std::vector<const Row*> ByChange(const std::vector<Row>& rows) {
    std::vector<const Row*> out;
    for (const auto& r : rows) out.push_back(&r);
    std::stable_sort(out.begin(), out.end(), [](const Row* a, const Row* b) { return a->change < b->change; });
    return out;
  }

  static std::string Word(const google::protobuf::EnumDescriptor* d, int value) { return proto::EnumToWord(d, value); }
  static bool HasSeason(const google::protobuf::RepeatedField<int>& seasons, const std::string& word) {
    return std::any_of(seasons.begin(), seasons.end(),
                       [&](int s) { return Word(v1::Season_descriptor(), s) == word; });
  }
  static bool Has(const google::protobuf::RepeatedPtrField<std::string>& values, const std::string& value) {
    return std::find(values.begin(), values.end(), value) != values.end();
  }
  static bool Contains(const std::string& haystack, const std::string& needle) {
    return text::Lower(haystack).find(text::Lower(needle)) != std::string::npos;
  }
  static std::string Padded(std::int64_t n) {
    char out[24];
    std::snprintf(out, sizeof out, "%020lld", static_cast<long long>(n));
    return out;
  }

  // The row's key in the page's order, as text that sorts as the order does.
  template <typename Row>
  static std::string SortKey(const wardrobe::PageRequest& page, const Row& r) {
    std::string field = page.order->name;
    if (field.size() > 5 && field.compare(field.size() - 5, 5, " desc") == 0) field.resize(field.size() - 5);
    const auto& m = [&]() -> const auto& {
      if constexpr (std::is_same_v<Row, ItemRow>) return r.item;
      else return r.outfit;
    }();
    if (field == "create_time") return Padded(r.created);
    if (field == "update_time") return Padded(r.updated);
    if (field == "name") return text::Lower(m.name());
    if (field == "wear_count") return Padded(m.wear_count());
    if (field == "last_worn_date") return DateParam(m.last_worn_date()).value_or("");
    if constexpr (std::is_same_v<Row, ItemRow>) {
      if (field == "purchase_date") return DateParam(m.purchase_date()).value_or("");
    }
    throw std::logic_error("the fake has no key for order " + page.order->name);
  }

  // Sorts `rows`, skips to the page's position, adds a page of them to `out`.
  template <typename Message>
  static wardrobe::PageInfo Page(std::vector<Keyed<Message>>& rows, const wardrobe::PageRequest& page,
                                 google::protobuf::RepeatedPtrField<Message>* out) {
    const bool desc = page.order->descending;
    const auto before = [desc](const std::pair<std::string, std::string>& a, const std::pair<std::string, std::string>& b) {
      return desc ? a > b : a < b;
    };
    std::sort(rows.begin(), rows.end(), [&](const Keyed<Message>& a, const Keyed<Message>& b) {
      return before({a.key, a.id}, {b.key, b.id});
    });
    wardrobe::PageInfo info;
    info.total_size = static_cast<int>(rows.size());
    std::vector<const Keyed<Message>*> after;
    for (const auto& r : rows) {
      if (!page.after || before({page.after->key, page.after->id}, {r.key, r.id})) after.push_back(&r);
    }
    const int shown = std::min<int>(static_cast<int>(after.size()), page.size);
    for (int i = 0; i < shown; ++i) *out->Add() = *after[static_cast<std::size_t>(i)]->row;
    if (static_cast<int>(after.size()) > page.size) {
      const auto* last = after[static_cast<std::size_t>(page.size - 1)];
      info.next_page_token = wardrobe::NextPageToken(page.list, last->key, last->id);
    }
    return info;
  }

  std::mutex mutex_;
  State state_;
};

}  // namespace stylist::testing
