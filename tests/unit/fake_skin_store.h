// An in-memory analysis::SkinStore for the skin service's unit tests.
#pragma once

#include <algorithm>
#include <map>
#include <mutex>

#include "analysis/skin_store.h"

namespace stylist::testing {

class FakeSkinStore final : public analysis::SkinStore {
 public:
  std::map<std::string, bool> keeps_photos;  // by user

  // Adds a stored analysis of `user_id` made at `micros`, with a kept photo
  // when `photo_key` is not empty.
  void Add(const std::string& user_id, const std::string& analysis_id, std::int64_t micros,
           const std::string& photo_key = "") {
    Add(Owner::User(user_id), analysis_id, micros, photo_key);
  }
  void Add(const Owner& owner, const std::string& analysis_id, std::int64_t micros,
           const std::string& photo_key = "") {
    std::lock_guard lock(mutex_);
    Row r;
    r.owner = owner;
    r.photo_key = photo_key;
    r.analysis.analysis_id = analysis_id;
    r.analysis.skin_type = "normal";
    r.analysis.score = 80;
    r.analysis.chapter = 1;
    r.analysis.photo_kept = !photo_key.empty();
    r.analysis.create_micros = micros;
    rows_.push_back(r);
  }
  std::size_t size() {
    std::lock_guard lock(mutex_);
    return rows_.size();
  }

  bool KeepsPhotos(const std::string& user_id) override { return keeps_photos[user_id]; }

  Stored Insert(const Owner& owner, const NewAnalysis& a) override {
    std::lock_guard lock(mutex_);
    Row r;
    r.owner = owner;
    r.photo_key = a.photo_key.value_or("");
    r.analysis.analysis_id = "00000000-0000-4000-8000-" + std::string(12 - std::to_string(rows_.size() + 1).size(), '0') +
                             std::to_string(rows_.size() + 1);
    r.analysis.skin_type = a.skin_type;
    r.analysis.conditions = a.conditions;
    r.analysis.score = a.score;
    r.analysis.chapter = a.chapter;
    r.analysis.photo_kept = a.photo_key.has_value();
    r.analysis.create_micros = 1700000000000000 + static_cast<std::int64_t>(rows_.size());
    rows_.push_back(r);
    return {r.analysis.analysis_id, r.analysis.create_micros};
  }

  std::optional<Analysis> Get(const Owner& owner, const std::string& analysis_id) override {
    std::lock_guard lock(mutex_);
    for (const auto& r : rows_) {
      if (r.owner == owner && r.analysis.analysis_id == analysis_id) return r.analysis;
    }
    return std::nullopt;
  }

  std::vector<Analysis> List(const Owner& owner, const std::optional<std::int64_t>& after_micros,
                             const std::optional<std::string>& after_id, const std::optional<std::int64_t>& start,
                             const std::optional<std::int64_t>& end, int limit) override {
    std::lock_guard lock(mutex_);
    std::vector<Analysis> mine;
    for (const auto& r : rows_) {
      const auto& a = r.analysis;
      if (r.owner != owner || (start && a.create_micros < *start) || (end && a.create_micros >= *end)) continue;
      if (after_micros && !(std::make_pair(a.create_micros, a.analysis_id) < std::make_pair(*after_micros, *after_id))) {
        continue;
      }
      mine.push_back(a);
    }
    std::sort(mine.begin(), mine.end(), [](const Analysis& x, const Analysis& y) {
      return std::make_pair(x.create_micros, x.analysis_id) > std::make_pair(y.create_micros, y.analysis_id);
    });
    if (static_cast<int>(mine.size()) > limit) mine.resize(static_cast<std::size_t>(limit));
    return mine;
  }

  std::optional<std::string> Delete(const Owner& owner, const std::string& analysis_id) override {
    std::lock_guard lock(mutex_);
    for (auto it = rows_.begin(); it != rows_.end(); ++it) {
      if (it->owner == owner && it->analysis.analysis_id == analysis_id) {
        const std::string key = it->photo_key;
        rows_.erase(it);
        return key;
      }
    }
    return std::nullopt;
  }

 private:
  struct Row {
    Owner owner;
    std::string photo_key;
    Analysis analysis;
  };
  std::mutex mutex_;
  std::vector<Row> rows_;
};

}  // namespace stylist::testing
