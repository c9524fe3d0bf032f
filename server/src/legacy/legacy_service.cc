#include "legacy/legacy_service.h"

#include <algorithm>
#include <deque>
#include <map>
#include <stdexcept>
#include <string_view>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "common/api_error.h"
#include "common/ids.h"
#include "common/proto_util.h"
#include "db/queries.h"

namespace stylist::legacy {
namespace {

bool HasControlChars(const std::string& s) {
  return std::any_of(s.begin(), s.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; });
}

// A file name safe to show back as part of image_path.
std::string CleanFileName(const std::string& name) {
  std::string base = name.substr(name.find_last_of("/\\") == std::string::npos ? 0 : name.find_last_of("/\\") + 1);
  std::string out;
  for (unsigned char c : base) {
    out += (std::isalnum(c) || c == '.' || c == '-' || c == '_') ? static_cast<char>(c) : '_';
  }
  if (out.empty() || out == "." || out == "..") out = "image";
  if (out.size() > 100) out = out.substr(out.size() - 100);
  return out;
}

std::string ImagePath(std::int64_t legacy_id, const std::string& name) {
  return "images/" + std::to_string(legacy_id) + "_" + name;
}

// Fills an image record (in place: the image list's response lives on an
// arena, see rpc/arena_messages.h); tags are added by the callers.
void FillImage(v1::LegacyImage* image, std::int64_t id, std::int64_t user_id, const std::string& name) {
  image->set_id(id);
  image->set_user_id(user_id);
  image->set_image_path(ImagePath(id, name));
}

// The tags the legacy clients show, from the analysis: unset when unknown.
void SetTag(v1::LegacyImageTags* tags, void (v1::LegacyImageTags::*setter)(const std::string&),
            const std::string& value) {
  if (!value.empty()) (tags->*setter)(value);
}

void SetTags(v1::LegacyImageTags* t, const v1::ClothingAnalysis& a) {
  SetTag(t, &v1::LegacyImageTags::set_type, a.type().label());
  SetTag(t, &v1::LegacyImageTags::set_primary_color, a.primary_color().name());
  SetTag(t, &v1::LegacyImageTags::set_secondary_color, a.secondary_color().name());
  SetTag(t, &v1::LegacyImageTags::set_style, a.style().label());
}

// A row of legacy/images_of_legacy_user, whose last four columns are the
// tags as the query extracted them (NULL: not known).
void ImageFromRow(const pqxx::row& row, std::int64_t user_id, v1::LegacyImage* image) {
  FillImage(image, row[1].as<std::int64_t>(), user_id, row[2].as<std::string>());
  auto* t = image->mutable_tags();
  auto text = [&](int column) { return row[column].is_null() ? std::string() : row[column].as<std::string>(); };
  SetTag(t, &v1::LegacyImageTags::set_type, text(3));
  SetTag(t, &v1::LegacyImageTags::set_primary_color, text(4));
  SetTag(t, &v1::LegacyImageTags::set_secondary_color, text(5));
  SetTag(t, &v1::LegacyImageTags::set_style, text(6));
}

// What part of an outfit a garment fills: an outfit has at most one of each.
enum class Function { kNone, kTop, kBottom, kFullBody, kOuter, kShoes, kHead, kAccessory };

Function FunctionOf(v1::ClothingCategory c) {
  switch (c) {
    case v1::CLOTHING_CATEGORY_TOP: return Function::kTop;
    case v1::CLOTHING_CATEGORY_BOTTOM: return Function::kBottom;
    case v1::CLOTHING_CATEGORY_DRESS: return Function::kFullBody;
    case v1::CLOTHING_CATEGORY_OUTERWEAR: return Function::kOuter;
    case v1::CLOTHING_CATEGORY_SHOES: return Function::kShoes;
    case v1::CLOTHING_CATEGORY_HEADWEAR: return Function::kHead;
    case v1::CLOTHING_CATEGORY_ACCESSORY:
    case v1::CLOTHING_CATEGORY_BAG: return Function::kAccessory;
    default: return Function::kNone;
  }
}

}  // namespace

// Up to 64 creations per statement: large enough for every request a
// 32-connection load has in flight, small enough to keep one statement short.
// At most 4,096 wait for a statement (a few dozen commits' worth); more are
// told to retry rather than queue without bound.
constexpr std::size_t kMaxUserBatch = 64;
constexpr std::size_t kMaxUsersQueued = 4096;

LegacyService::LegacyService(wardrobe::Deps deps, wardrobe::PhotoService& photos, chat::ChatService& chat)
    : d_(deps), photos_(photos), chat_(chat),
      user_writer_(kMaxUserBatch, kMaxUsersQueued,
                   [this](const std::vector<const NewUser*>& users) { return InsertUsers(users); }) {}

std::string LegacyService::ActingFor(const CallContext& call, std::int64_t legacy_user_id) {
  if (legacy_user_id <= 0) throw NotFound("User not found");
  const auto user = d_.pool.Read([&](db::Pool::ReadTx& tx) {
    auto r = db::Exec(tx, sql::legacy::user_by_legacy_id, legacy_user_id);
    if (r.empty()) throw NotFound("User not found");
    CheckActingFor(call, r[0][0].as<std::string>(), r[0][1], r[0][2].as<bool>());
    return r[0][0].as<std::string>();
  });
  return user;
}

void LegacyService::CheckActingFor(const CallContext& call, const std::string& user_id,
                                   const pqxx::field& created_by_key, bool legacy_user) {
  const Principal& p = call.principal;
  const bool allowed =
      p.kind == Principal::Kind::kUser ? p.user_id == user_id
      : p.admin                        ? true
      : p.own_legacy_users_only        ? legacy_user && !created_by_key.is_null() &&
                                      created_by_key.as<std::string>() == p.api_key_id
                                       : legacy_user;
  if (!allowed) throw NotFound("User not found");
}

void LegacyService::CreateLegacyUser(const CallContext& call, const v1::CreateLegacyUserRequest& req,
                                     CreatedUser done, std::function<bool()> wanted) {
  if (call.principal.kind == Principal::Kind::kUser) {
    throw PermissionDenied("creating legacy users needs a service API key");
  }
  Violations v;
  if (req.username().empty() || req.username().size() > 100 || HasControlChars(req.username())) {
    v.Add("username", "must be 1 to 100 characters without control characters");
  }
  if (req.has_style_preferences() && req.style_preferences().size() > 2000) {
    v.Add("style_preferences", "must be at most 2000 characters");
  }
  if (req.has_style_preferences() && req.style_preferences().find('\0') != std::string::npos) {
    v.Add("style_preferences", "must not contain NUL characters");
  }
  v.ThrowIfAny();
  const std::string& key = call.principal.api_key_id;
  NewUser user{req.username(), req.has_style_preferences() ? std::optional(req.style_preferences()) : std::nullopt,
               IsUuid(key) ? key : std::string()};
  const bool queued = user_writer_.Submit(std::move(user), std::move(done), std::move(wanted));
  if (!queued) throw ResourceExhausted("too many account creations waiting, retry with backoff", "SERVER_BUSY");
}

std::vector<std::optional<v1::LegacyUser>> LegacyService::InsertUsers(const std::vector<const NewUser*>& users) {
  nlohmann::json batch = nlohmann::json::array();
  for (const NewUser* u : users) {
    batch.push_back({{"username", u->username},
                     {"style_preferences", u->style_preferences ? nlohmann::json(*u->style_preferences) : nullptr},
                     {"api_key", u->api_key_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(u->api_key_id)}});
  }
  // A row goes to the first request of that exact username not yet
  // answered: of two requests for one name, the earlier one was inserted.
  std::unordered_map<std::string_view, std::deque<std::size_t>> requests_by_name;
  for (std::size_t i = 0; i < users.size(); ++i) requests_by_name[users[i]->username].push_back(i);
  std::vector<std::optional<v1::LegacyUser>> created(users.size());
  d_.pool.WriteOne([&](db::Pool::ReadTx& tx) {
    for (const auto& row : db::Exec(tx, sql::legacy::create_users, batch.dump())) {
      const std::string username = row[1].as<std::string>();
      auto waiting = requests_by_name.find(username);
      if (waiting == requests_by_name.end() || waiting->second.empty()) {
        throw std::logic_error("legacy/create_users returned a username nobody asked for");
      }
      auto& user = created[waiting->second.front()].emplace();
      waiting->second.pop_front();
      user.set_id(row[0].as<std::int64_t>());
      user.set_username(username);
      if (!row[2].is_null()) user.set_style_preferences(row[2].as<std::string>());
    }
  });
  return created;
}

void LegacyService::ListLegacyImages(const CallContext& call, const v1::ListLegacyImagesRequest& req,
                                     v1::ListLegacyImagesResponse* resp) {
  if (req.user_id() <= 0) throw NotFound("User not found");
  // The hot legacy route: the user check and the list in one query.
  d_.pool.Read([&](db::Pool::ReadTx& tx) {
    const auto rows = db::Exec(tx, sql::legacy::images_of_legacy_user, req.user_id());
    if (rows.empty()) throw NotFound("User not found");
    CheckActingFor(call, rows[0][0].as<std::string>(), rows[0][7], rows[0][8].as<bool>());
    for (const auto& row : rows) {
      if (!row[1].is_null()) ImageFromRow(row, req.user_id(), resp->add_images());
    }
  });
}

void LegacyService::CheckUpload(CallContext& call, const v1::UploadLegacyImageMetadata& metadata) {
  ActingFor(call, metadata.user_id());
  if (metadata.image().declared_size_bytes() > photos_.limits().max_bytes) {
    throw InvalidArgument("file", "the image is larger than the limit of " +
                                      std::to_string(photos_.limits().max_bytes) + " bytes");
  }
}

void LegacyService::StoreUpload(const CallContext& call, const v1::UploadLegacyImageMetadata& metadata,
                                const std::string& bytes, const std::function<bool()>& cancelled,
                                v1::UploadLegacyImageResponse* resp) {
  const std::string user = ActingFor(call, metadata.user_id());
  v1::ClothingItem item;
  item.set_name(CleanFileName(metadata.image().file_name()));
  const auto stored = photos_.CreateItemWithPhoto(user, item, bytes, cancelled);
  const auto legacy_id = d_.pool.Read([&](db::Pool::ReadTx& tx) {
    return db::Exec1(tx, sql::legacy::item_legacy_id, stored.item_id())[0].as<std::int64_t>();
  });
  auto* image = resp->mutable_image();
  FillImage(image, legacy_id, metadata.user_id(), stored.name());
  auto* tags = image->mutable_tags();  // present, if empty, before any analysis
  if (stored.has_analysis()) SetTags(tags, stored.analysis());
}

void LegacyService::MatchLegacyStyles(const CallContext& call, const v1::MatchLegacyStylesRequest& req,
                                      v1::MatchLegacyStylesResponse* resp) {
  const std::string user = ActingFor(call, req.user_id());
  // Analysed images by what they are worn as.
  std::map<Function, std::vector<std::string>> by_function;
  d_.pool.Read([&](db::Pool::ReadTx& tx) {
    for (const auto& row : db::Exec(tx, sql::legacy::images, user)) {
      v1::ClothingCategory category = v1::CLOTHING_CATEGORY_UNSPECIFIED;
      if (row[2].is_null() || !v1::ClothingCategory_Parse(row[2].as<std::string>(), &category)) continue;
      const Function f = FunctionOf(category);
      if (f == Function::kNone) continue;
      by_function[f].push_back(ImagePath(row[0].as<std::int64_t>(), row[1].as<std::string>()));
    }
  });
  // Up to five outfits: a top with a bottom, or a full-body piece, each with
  // shoes, an outer layer, headwear and an accessory when there are some.
  // Pieces rotate so the outfits differ; an outfit never has two pieces of
  // one function.
  auto pick = [&](Function f, int n) -> std::optional<std::string> {
    auto it = by_function.find(f);
    if (it == by_function.end() || it->second.empty()) return std::nullopt;
    return it->second[static_cast<std::size_t>(n) % it->second.size()];
  };
  const std::size_t tops = by_function[Function::kTop].size(), bottoms = by_function[Function::kBottom].size();
  const std::size_t dresses = by_function[Function::kFullBody].size();
  const std::size_t bases = std::min(tops, bottoms) > 0 ? std::max(tops, bottoms) : 0;
  for (int n = 0; resp->groups_size() < 5 && n < static_cast<int>(bases + dresses); ++n) {
    v1::LegacyOutfitGroup group;
    if (n < static_cast<int>(bases)) {
      group.add_image_paths(*pick(Function::kTop, n));
      group.add_image_paths(*pick(Function::kBottom, n));
    } else {
      group.add_image_paths(*pick(Function::kFullBody, n - static_cast<int>(bases)));
    }
    for (Function extra : {Function::kShoes, Function::kOuter, Function::kHead, Function::kAccessory}) {
      if (auto p = pick(extra, n)) group.add_image_paths(*p);
    }
    *resp->add_groups() = group;
  }
}

void LegacyService::AskLegacyQuestion(const CallContext& call, const v1::AskLegacyQuestionRequest& req,
                                      v1::AskLegacyQuestionResponse* resp) {
  const std::string user = ActingFor(call, req.user_id());
  // The turn runs as the user the question is for (a service key acts for
  // them), in a conversation of its own.
  CallContext as_user = call;
  as_user.principal.kind = Principal::Kind::kUser;
  as_user.principal.user_id = user;
  v1::ChatMessage question, answer;
  chat_.AskInNewConversation(as_user, req.question(), &question, &answer);
  auto* c = resp->mutable_conversation();
  c->set_id(d_.pool.Read([&](db::Pool::ReadTx& tx) {
    return db::Exec1(tx, sql::legacy::answer_seq, answer.message_id())[0].as<std::int64_t>();
  }));
  c->set_user_id(req.user_id());
  c->set_question(question.text());
  c->set_answer(answer.text());
  *c->mutable_create_time() = question.create_time();
}

void LegacyService::ListLegacyConversations(const CallContext& call, const v1::ListLegacyConversationsRequest& req,
                                            v1::ListLegacyConversationsResponse* resp) {
  const std::string user = ActingFor(call, req.user_id());
  d_.pool.Read([&](db::Pool::ReadTx& tx) {
    for (const auto& row : db::Exec(tx, sql::legacy::exchanges, user)) {
      auto* c = resp->add_conversations();
      c->set_id(row[0].as<std::int64_t>());
      c->set_user_id(req.user_id());
      c->set_question(row[1].as<std::string>());
      c->set_answer(row[2].as<std::string>());
      proto::SetMicros(c->mutable_create_time(), row[3].as<std::int64_t>());
    }
  });
}

}  // namespace stylist::legacy
