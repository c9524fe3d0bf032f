#pragma once
// Stored skin analyses: the only code of the skin service that speaks SQL
// (PgSkinStore), behind an interface so the service's rules (who sees and
// deletes an analysis, when a face photo is kept and removed, the history's
// pages) are unit-tested with an in-memory fake (tests/unit/fake_skin_store.h).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/skin_rules.h"
#include "db/pool.h"

namespace stylist::analysis {

class SkinStore {
 public:
  virtual ~SkinStore() = default;

  // Whose analyses: a Stylist user's (user_id), or those a service API key
  // stored for a person of its app (api_key_id and app_user_id, seed 002).
  // Exactly one of the two is set.
  struct Owner {
    std::string user_id;
    std::string api_key_id, app_user_id;

    static Owner User(std::string id) { return {std::move(id), {}, {}}; }
    static Owner AppUser(std::string key, std::string app_user) { return {{}, std::move(key), std::move(app_user)}; }
    bool operator==(const Owner&) const = default;
  };

  // The account's keep_skin_photos privacy setting (false when unset).
  virtual bool KeepsPhotos(const std::string& user_id) = 0;

  struct NewAnalysis {
    std::string skin_type;
    float skin_type_confidence = 0;
    ConditionProbabilities conditions{};
    int score = 0, chapter = 0;
    std::string measurements_json, warnings_json;
    std::optional<std::string> photo_key;
    std::string model_version;
  };
  struct Stored {
    std::string analysis_id;
    std::int64_t create_micros = 0;
  };
  virtual Stored Insert(const Owner& owner, const NewAnalysis& analysis) = 0;

  // What the history shows of a stored analysis.
  struct Analysis {
    std::string analysis_id, skin_type;
    float skin_type_confidence = 0;
    ConditionProbabilities conditions{};
    int score = 0, chapter = 0;
    bool photo_kept = false;
    std::string model_version;
    std::int64_t create_micros = 0;
  };
  // nullopt for an unknown analysis or another owner's (they look the same).
  virtual std::optional<Analysis> Get(const Owner& owner, const std::string& analysis_id) = 0;
  // Newest first, after the (time, id) position, within [start, end).
  virtual std::vector<Analysis> List(const Owner& owner, const std::optional<std::int64_t>& after_micros,
                                     const std::optional<std::string>& after_id,
                                     const std::optional<std::int64_t>& start_micros,
                                     const std::optional<std::int64_t>& end_micros, int limit) = 0;
  // Deletes the owner's analysis: its photo's key ("" when none was kept),
  // or nullopt when there is no such analysis of theirs.
  virtual std::optional<std::string> Delete(const Owner& owner, const std::string& analysis_id) = 0;
};

class PgSkinStore final : public SkinStore {
 public:
  explicit PgSkinStore(db::Pool& pool) : pool_(pool) {}

  bool KeepsPhotos(const std::string& user_id) override;
  Stored Insert(const Owner& owner, const NewAnalysis& analysis) override;
  std::optional<Analysis> Get(const Owner& owner, const std::string& analysis_id) override;
  std::vector<Analysis> List(const Owner& owner, const std::optional<std::int64_t>& after_micros,
                             const std::optional<std::string>& after_id, const std::optional<std::int64_t>& start_micros,
                             const std::optional<std::int64_t>& end_micros, int limit) override;
  std::optional<std::string> Delete(const Owner& owner, const std::string& analysis_id) override;

 private:
  db::Pool& pool_;
};

}  // namespace stylist::analysis
