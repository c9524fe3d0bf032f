// An in-memory legacy::LegacyStore for the legacy service's unit tests:
// users by legacy id, their images, and the sequence numbers of chat
// messages.
#pragma once

#include <algorithm>
#include <functional>
#include <map>
#include <mutex>

#include "common/text.h"
#include "legacy/codec.h"
#include "legacy/legacy_store.h"

namespace stylist::testing {

class FakeLegacyStore final : public legacy::LegacyStore {
 public:
  struct User {
    legacy::LegacyOwner owner;
    std::string username;
    std::optional<std::string> style_preferences;
  };
  struct Image {
    std::int64_t legacy_id;
    std::string name;  // the test's label for it
    std::string category;  // "" until analysed
    legacy::TagWords tags;
  };

  // Adds a user (a Stylist account when `legacy_user` is false); returns
  // its legacy id.
  std::int64_t AddUser(const std::string& user_id, const std::string& username, bool legacy_user,
                       std::optional<std::string> created_by_key = std::nullopt) {
    std::lock_guard lock(mutex_);
    const std::int64_t id = ++next_user_;
    users_[id] = User{{user_id, std::move(created_by_key), legacy_user}, username, std::nullopt};
    return id;
  }
  void AddImage(const std::string& user_id, const std::string& name, const std::string& category,
                legacy::TagWords tags = {}) {
    std::lock_guard lock(mutex_);
    images_[user_id].push_back({++next_image_, name, category, std::move(tags)});
  }
  // The label an image was added with ("" for no such image).
  std::string NameOf(std::int64_t legacy_id) {
    std::lock_guard lock(mutex_);
    for (const auto& [user, images] : images_) {
      for (const auto& i : images) {
        if (i.legacy_id == legacy_id) return i.name;
      }
    }
    return "";
  }
  std::map<std::string, std::int64_t> item_legacy_ids;  // by item id
  std::map<std::string, std::int64_t> message_seq;  // by message id
  std::map<std::string, std::vector<legacy::LegacyExchange>> exchanges;  // by user
  // The batches CreateUsers was given, by username; `before_create` runs
  // first (outside the store's lock), e.g. to hold a batch while more queue.
  std::vector<std::vector<std::string>> create_batches;
  std::function<void()> before_create;
  // The batches ListImages was given; `before_list` runs first (outside the
  // store's lock).
  std::vector<std::vector<std::int64_t>> list_batches;
  std::function<void()> before_list;

  std::optional<legacy::LegacyOwner> FindUser(std::int64_t legacy_user_id) override {
    std::lock_guard lock(mutex_);
    auto it = users_.find(legacy_user_id);
    if (it == users_.end()) return std::nullopt;
    return it->second.owner;
  }

  std::vector<legacy::CreatedLegacyUser> CreateUsers(const std::vector<const legacy::NewLegacyUser*>& users) override {
    if (before_create) before_create();
    std::lock_guard lock(mutex_);
    auto& batch = create_batches.emplace_back();
    for (const auto* u : users) batch.push_back(u->username);
    std::vector<legacy::CreatedLegacyUser> created;
    for (const auto* u : users) {
      const bool taken = std::any_of(users_.begin(), users_.end(), [&](const auto& entry) {
        return text::Lower(entry.second.username) == text::Lower(u->username);
      });
      if (taken) continue;
      const std::int64_t id = ++next_user_;
      const std::optional<std::string> key = u->api_key_id.empty() ? std::nullopt : std::optional(u->api_key_id);
      users_[id] = User{{"legacy-" + std::to_string(id), key, true}, u->username, u->style_preferences};
      created.push_back({id, u->username, u->style_preferences});
    }
    return created;
  }

  std::vector<legacy::ImageList> ListImages(const std::vector<const std::int64_t*>& legacy_user_ids) override {
    if (before_list) before_list();
    std::lock_guard lock(mutex_);
    auto& batch = list_batches.emplace_back();
    for (const std::int64_t* id : legacy_user_ids) batch.push_back(*id);
    std::vector<legacy::ImageList> lists;
    for (const std::int64_t* id : legacy_user_ids) {
      auto& list = lists.emplace_back();
      auto it = users_.find(*id);
      if (it == users_.end()) continue;
      list.owner = it->second.owner;
      for (const auto& i : images_[it->second.owner.user_id]) list.images.push_back({i.legacy_id, i.tags});
    }
    return lists;
  }

  std::vector<legacy::CategorisedImage> Images(const std::string& user_id) override {
    std::lock_guard lock(mutex_);
    std::vector<legacy::CategorisedImage> out;
    for (const auto& i : images_[user_id]) out.push_back({i.legacy_id, i.category});
    return out;
  }
  std::int64_t ItemLegacyId(const std::string& item_id) override {
    std::lock_guard lock(mutex_);
    return item_legacy_ids.at(item_id);
  }
  // An image's item is "item-<legacy id>".
  std::optional<std::string> ImageItem(const std::string& user_id, std::int64_t legacy_image_id) override {
    std::lock_guard lock(mutex_);
    for (const auto& i : images_[user_id]) {
      if (i.legacy_id == legacy_image_id) return "item-" + std::to_string(i.legacy_id);
    }
    return std::nullopt;
  }
  std::int64_t MessageSeq(const std::string& message_id) override {
    std::lock_guard lock(mutex_);
    return message_seq.at(message_id);
  }
  std::vector<legacy::LegacyExchange> Exchanges(const std::string& user_id) override {
    std::lock_guard lock(mutex_);
    return exchanges[user_id];
  }

 private:
  std::mutex mutex_;
  std::int64_t next_user_ = 0;
  std::int64_t next_image_ = 0;
  std::map<std::int64_t, User> users_;
  std::map<std::string, std::vector<Image>> images_;  // by user id
};

}  // namespace stylist::testing
