#include "swap/listing_store.h"

#include <nlohmann/json.hpp>

#include "common/proto_util.h"
#include "db/queries.h"

namespace stylist::swap {
namespace {

// The columns of every listing query (db/queries/swap/*.sql), in order.
v1::Listing ListingFromRow(const pqxx::row& r, const std::string& caller) {
  v1::Listing l;
  l.set_listing_id(r[0].as<std::string>());
  l.set_mine(r[1].as<std::string>() == caller);
  l.set_clothing_item_id(r[2].as<std::string>());
  l.set_title(r[3].as<std::string>());
  l.set_description(r[4].as<std::string>());
  l.mutable_price()->set_currency_code(r[5].as<std::string>());
  l.mutable_price()->set_units(r[6].as<std::int64_t>());
  l.mutable_price()->set_nanos(r[7].as<std::int32_t>());
  l.set_size(r[8].as<std::string>());
  l.set_condition(static_cast<v1::ListingCondition>(proto::EnumFromWord(v1::ListingCondition_descriptor(), r[9].as<std::string>())));
  l.set_category(static_cast<v1::ClothingCategory>(proto::EnumFromWord(v1::ClothingCategory_descriptor(), r[10].as<std::string>())));
  for (const auto& tag : nlohmann::json::parse(r[11].as<std::string>())) {
    if (tag.is_string()) l.add_tags(tag.get<std::string>());
  }
  l.set_status(r[12].as<std::string>() == "active" ? v1::LISTING_STATUS_ACTIVE : v1::LISTING_STATUS_WITHDRAWN);
  proto::SetMicros(l.mutable_create_time(), r[13].as<std::int64_t>());
  proto::SetMicros(l.mutable_update_time(), r[14].as<std::int64_t>());
  return l;
}

std::optional<v1::Listing> First(const pqxx::result& rows, const std::string& caller) {
  if (rows.empty()) return std::nullopt;
  return ListingFromRow(rows[0], caller);
}

std::string ConditionWord(const v1::Listing& l) {
  return proto::EnumToWord(v1::ListingCondition_descriptor(), l.condition());
}

}  // namespace

std::optional<v1::Listing> ListingStore::Insert(const std::string& caller, const v1::Listing& l,
                                                const std::string& category, const std::vector<std::string>& tags) {
  try {
    return pool_.Transact([&](pqxx::work& tx) {
      return First(db::Exec(tx, sql::swap::insert, caller, l.clothing_item_id(), l.title(), l.description(),
                            l.price().currency_code(), l.price().units(), l.price().nanos(), l.size(), ConditionWord(l),
                            category, nlohmann::json(tags).dump()),
                   caller);
    });
  } catch (const pqxx::unique_violation&) {
    return std::nullopt;  // swap_listings_one_active_per_item
  }
}

std::optional<v1::Listing> ListingStore::Get(const std::string& caller, const std::string& listing_id) {
  return pool_.Read([&](db::Pool::ReadTx& tx) { return First(db::Exec(tx, sql::swap::get, listing_id, caller), caller); });
}

bool ListingStore::ItemIsListed(const std::string& item_id) {
  return pool_.Read([&](db::Pool::ReadTx& tx) { return !db::Exec(tx, sql::swap::active_for_item, item_id).empty(); });
}

std::vector<v1::Listing> ListingStore::List(const std::string& caller, const ListingFilter& f,
                                            const std::optional<ListingPosition>& after, int limit) {
  return pool_.Read([&](db::Pool::ReadTx& tx) {
    std::vector<v1::Listing> out;
    const auto rows = db::Exec(
        tx, sql::swap::list, caller, f.mine, f.category, f.size, f.currency,
        f.min_price ? std::optional<std::int64_t>(f.min_price->first) : std::nullopt,
        f.min_price ? std::optional<std::int32_t>(f.min_price->second) : std::nullopt,
        f.max_price ? std::optional<std::int64_t>(f.max_price->first) : std::nullopt,
        f.max_price ? std::optional<std::int32_t>(f.max_price->second) : std::nullopt,
        after ? std::optional<std::int64_t>(after->micros) : std::nullopt,
        after ? std::optional<std::string>(after->id) : std::nullopt, limit);
    for (const auto& row : rows) out.push_back(ListingFromRow(row, caller));
    return out;
  });
}

std::optional<v1::Listing> ListingStore::Update(const std::string& caller, const v1::Listing& l) {
  return pool_.Transact([&](pqxx::work& tx) {
    return First(db::Exec(tx, sql::swap::update, l.listing_id(), caller, l.title(), l.description(),
                          l.price().currency_code(), l.price().units(), l.price().nanos(), l.size(), ConditionWord(l),
                          l.update_time().seconds() * 1000000 + l.update_time().nanos() / 1000),
                 caller);
  });
}

std::optional<v1::Listing> ListingStore::Withdraw(const std::string& caller, const std::string& listing_id) {
  return pool_.Transact([&](pqxx::work& tx) {
    return First(db::Exec(tx, sql::swap::withdraw, listing_id, caller), caller);
  });
}

}  // namespace stylist::swap
