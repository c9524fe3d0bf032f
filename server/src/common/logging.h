#pragma once
// Structured JSON logs, one object per line on stderr. Secrets never go in:
// callers log ids and outcomes, not tokens, passwords or keys.

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace stylist::log {

enum class Level { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };

void SetLevel(Level level);
bool ParseLevel(std::string_view text, Level* level);
bool Enabled(Level level);

// Writes {"ts":..., "level":..., "msg":..., ...fields}.
void Write(Level level, std::string_view message, nlohmann::json fields = nlohmann::json::object());

// While one lives, every line this thread writes carries "trace_id" (the
// W3C trace id of the call it works on), unless the line names its own.
// Scopes nest: the outer id comes back when the inner scope ends.
class TraceScope {
 public:
  explicit TraceScope(std::string_view trace_id);
  ~TraceScope();
  TraceScope(const TraceScope&) = delete;
  TraceScope& operator=(const TraceScope&) = delete;

 private:
  std::string previous_;
};

inline void Debug(std::string_view m, nlohmann::json f = nlohmann::json::object()) { Write(Level::kDebug, m, std::move(f)); }
inline void Info(std::string_view m, nlohmann::json f = nlohmann::json::object()) { Write(Level::kInfo, m, std::move(f)); }
inline void Warn(std::string_view m, nlohmann::json f = nlohmann::json::object()) { Write(Level::kWarn, m, std::move(f)); }
inline void Error(std::string_view m, nlohmann::json f = nlohmann::json::object()) { Write(Level::kError, m, std::move(f)); }

}  // namespace stylist::log
