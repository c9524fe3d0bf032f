// An in-memory wardrobe::PhotoStore for the photo service's unit tests: the
// items and their analysis jobs in maps (FakePhotoRows, which
// fake_analysis_job_store.h shares), each change made on a copy that
// replaces them only when nothing threw, as a transaction commits.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "common/api_error.h"
#include "wardrobe/photo_store.h"

namespace stylist::testing {

// The rows both photo fakes read and write.
struct FakePhotoRows {
  struct Item {
    std::string user_id;
    v1::ClothingItem item;  // with its photo, analysis and analysis status as a read shows them
    std::optional<wardrobe::StoredPhoto> photo;
  };
  struct Job {
    std::int64_t id = 0;
    std::string item_id, user_id, sha256;
    bool overwrite = false;
    std::string status = "queued";  // queued, running, done, dead or cancelled
    int attempts = 0, max_attempts = 0;
    std::int64_t run_after_ms = 0;      // queued: due from then
    std::int64_t locked_until_ms = 0;   // running: the lease
    std::string last_error;
    std::string source_url;  // a photo import's (AnalysisQueue::PhotoImporter)
    bool style_dna = false;  // a Style DNA refresh (item_id "")
  };
  std::map<std::string, Item> items;  // by item id
  std::vector<Job> jobs;              // in the order they were queued
  std::int64_t now_ms = 0;            // the clock of run_after and leases; tests move it
  int commits = 0;                    // changes made

  // The item if it is the user's.
  Item* Find(const std::string& user_id, const std::string& item_id) {
    auto it = items.find(item_id);
    return it == items.end() || it->second.user_id != user_id ? nullptr : &it->second;
  }
  void CancelJobs(const std::string& item_id) {
    for (Job& j : jobs) {
      if (j.item_id == item_id && (j.status == "queued" || j.status == "running")) j.status = "cancelled";
    }
  }
  void Enqueue(const std::string& user_id, const std::string& item_id, const std::string& sha256, bool overwrite,
               int max_attempts) {
    Job j;
    j.id = static_cast<std::int64_t>(jobs.size()) + 1;
    j.item_id = item_id;
    j.user_id = user_id;
    j.sha256 = sha256;
    j.overwrite = overwrite;
    j.max_attempts = max_attempts;
    j.run_after_ms = now_ms;
    jobs.push_back(j);
  }
  // StoreAnalysis of store.h, reduced to what the tests look at: only while
  // the item has the photo `sha256`; the confident category fills an empty
  // one (or any, with `overwrite`).
  void StoreAnalysis(const std::string& user_id, const std::string& item_id, const v1::ClothingAnalysis& analysis,
                     const std::string& sha256, bool overwrite) {
    Item* row = Find(user_id, item_id);
    if (!row || !row->photo || row->photo->sha256 != sha256) return;
    *row->item.mutable_analysis() = analysis;
    row->item.set_analysis_status(v1::ITEM_ANALYSIS_STATUS_DONE);
    if (!analysis.category().low_confidence() && (overwrite || row->item.category() == v1::CLOTHING_CATEGORY_UNSPECIFIED)) {
      row->item.set_category(analysis.category().category());
    }
  }
  const Job* JobOf(const std::string& item_id, const std::string& status) const {
    for (const Job& j : jobs) {
      if (j.item_id == item_id && j.status == status) return &j;
    }
    return nullptr;
  }
};

class FakePhotoStore final : public wardrobe::PhotoStore {
 public:
  std::mutex mutex;  // held by every call, and by FakeAnalysisJobStore's
  FakePhotoRows rows;

  // Adds an item of the user, without a photo.
  void AddItem(const std::string& user_id, const std::string& item_id, const std::string& name = "shirt") {
    std::lock_guard lock(mutex);
    FakePhotoRows::Item& row = rows.items[item_id];
    row.user_id = user_id;
    row.item.set_item_id(item_id);
    row.item.set_name(name);
    row.item.set_analysis_status(v1::ITEM_ANALYSIS_STATUS_NO_PHOTO);
  }
  // Gives an item a photo whose files are `key` and `key` + ".thumb".
  void AddPhoto(const std::string& item_id, const std::string& sha256, const std::string& key) {
    std::lock_guard lock(mutex);
    FakePhotoRows::Item& row = rows.items.at(item_id);
    v1::PhotoInfo info;
    info.set_content_type("image/jpeg");
    info.set_sha256(sha256);
    row.photo = wardrobe::StoredPhotoFrom(wardrobe::StoredPhotoJson(info, key, key + ".thumb"));
    *row.item.mutable_photo() = info;
    row.item.set_analysis_status(v1::ITEM_ANALYSIS_STATUS_SKIPPED);
  }
  FakePhotoRows::Item& item(const std::string& item_id) { return rows.items.at(item_id); }

  v1::ClothingItem Item(const std::string& user_id, const std::string& item_id) override {
    std::lock_guard lock(mutex);
    return Existing(rows, user_id, item_id).item;
  }

  ItemPhoto PhotoOf(const std::string& user_id, const std::string& item_id) override {
    std::lock_guard lock(mutex);
    const FakePhotoRows::Item* row = rows.Find(user_id, item_id);
    if (!row) return {};
    return {true, row->photo};
  }

  PhotoChange AttachPhoto(const std::string& user_id, const Attach& attach) override {
    return Transact([&](FakePhotoRows& t) {
      if (attach.import_job_id != 0 &&
          t.jobs.at(static_cast<std::size_t>(attach.import_job_id - 1)).status != "running") {
        throw Aborted("the photo import was cancelled or taken over");
      }
      std::string item_id = attach.item_id;
      if (attach.new_item) {
        int count = 0;
        for (const auto& [id, row] : t.items) count += row.user_id == user_id ? 1 : 0;
        attach.check_item_count(count);
        item_id = "00000000-0000-4000-8000-" + std::string(12 - std::to_string(t.items.size() + 1).size(), '0') +
                  std::to_string(t.items.size() + 1);
        FakePhotoRows::Item& created = t.items[item_id];
        created.user_id = user_id;
        created.item = *attach.new_item;
        created.item.set_item_id(item_id);
      }
      FakePhotoRows::Item& row = Existing(t, user_id, item_id);
      PhotoChange change;
      change.previous_photo = row.photo ? row.photo->json : "";
      if (attach.import_job_id != 0 && row.photo) throw Aborted("the item got a photo while its import ran");
      row.photo = wardrobe::StoredPhotoFrom(
          wardrobe::StoredPhotoJson(attach.photo.info, attach.photo.storage_key, attach.photo.thumbnail_key));
      *row.item.mutable_photo() = attach.photo.info;
      if (attach.analysis_attempts) {
        row.item.clear_analysis();
        row.item.set_analysis_status(v1::ITEM_ANALYSIS_STATUS_PENDING);
      } else {
        row.item.set_analysis_status(row.item.has_analysis() ? v1::ITEM_ANALYSIS_STATUS_DONE
                                                             : v1::ITEM_ANALYSIS_STATUS_SKIPPED);
      }
      t.CancelJobs(item_id);
      if (attach.analysis_attempts) {
        t.Enqueue(user_id, item_id, attach.photo.info.sha256(), false, *attach.analysis_attempts);
      }
      change.item = row.item;
      attach.before_commit();
      return change;
    });
  }

  PhotoChange ClearPhoto(const std::string& user_id, const std::string& item_id, const PhotoCheck& check) override {
    return Transact([&](FakePhotoRows& t) {
      FakePhotoRows::Item& row = Existing(t, user_id, item_id);
      PhotoChange change;
      change.previous_photo = row.photo ? row.photo->json : "";
      check(row.photo.has_value());
      row.photo.reset();
      row.item.clear_photo();
      row.item.clear_analysis();
      row.item.set_analysis_status(v1::ITEM_ANALYSIS_STATUS_NO_PHOTO);
      t.CancelJobs(item_id);
      change.item = row.item;
      return change;
    });
  }

  v1::ClothingItem RequeueAnalysis(const std::string& user_id, const std::string& item_id, bool overwrite_attributes,
                                   int max_attempts, const PhotoCheck& check) override {
    return Transact([&](FakePhotoRows& t) {
      FakePhotoRows::Item& row = Existing(t, user_id, item_id);
      check(row.photo.has_value());
      return Queue(t, row, item_id, row.photo ? row.photo->sha256 : "", overwrite_attributes, max_attempts);
    });
  }

  v1::ClothingItem QueueAnalysis(const std::string& user_id, const std::string& item_id, const std::string& sha256,
                                 int max_attempts) override {
    return Transact([&](FakePhotoRows& t) {
      return Queue(t, Existing(t, user_id, item_id), item_id, sha256, false, max_attempts);
    });
  }

  v1::ClothingItem StoreAnalysis(const std::string& user_id, const std::string& item_id,
                                 const v1::ClothingAnalysis& analysis, const std::string& sha256,
                                 bool overwrite) override {
    return Transact([&](FakePhotoRows& t) {
      t.StoreAnalysis(user_id, item_id, analysis, sha256, overwrite);
      return Existing(t, user_id, item_id).item;
    });
  }

 private:
  static FakePhotoRows::Item& Existing(FakePhotoRows& t, const std::string& user_id, const std::string& item_id) {
    FakePhotoRows::Item* row = t.Find(user_id, item_id);
    if (!row) throw NotFound("no such item");
    return *row;
  }
  static v1::ClothingItem Queue(FakePhotoRows& t, FakePhotoRows::Item& row, const std::string& item_id,
                                const std::string& sha256, bool overwrite, int max_attempts) {
    t.CancelJobs(item_id);
    t.Enqueue(row.user_id, item_id, sha256, overwrite, max_attempts);
    row.item.set_analysis_status(v1::ITEM_ANALYSIS_STATUS_PENDING);
    return row.item;
  }
  // Runs `change` on a copy of the rows, kept only when it returns.
  template <typename Fn>
  std::invoke_result_t<const Fn&, FakePhotoRows&> Transact(const Fn& change) {
    std::lock_guard lock(mutex);
    FakePhotoRows copy = rows;
    auto result = change(copy);
    rows = std::move(copy);
    ++rows.commits;
    return result;
  }
};

}  // namespace stylist::testing
