#include "legacy/legacy_service.h"

#include <algorithm>
#include <deque>
#include <map>
#include <stdexcept>
#include <string_view>
#include <unordered_map>

#include "common/api_error.h"
#include "common/ids.h"
#include "common/proto_util.h"
#include "legacy/codec.h"
#include "legacy/validation.h"

namespace stylist::legacy {
namespace {

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
// Image lists share a statement up to this many at a time (each reads its
// own rows); beyond this many waiting, callers are told to retry.
constexpr std::size_t kMaxImageListBatch = 64;
constexpr std::size_t kMaxImageListsQueued = 4096;

LegacyService::LegacyService(Deps deps)
    : d_(deps),
      user_writer_(kMaxUserBatch, kMaxUsersQueued,
                   [this](const std::vector<const NewLegacyUser*>& users) { return InsertUsers(users); }),
      image_reads_(kMaxImageListBatch, kMaxImageListsQueued,
                   [this](const std::vector<const std::int64_t*>& ids) { return d_.store.ListImages(ids); }) {}

std::string LegacyService::ActingFor(const CallContext& call, std::int64_t legacy_user_id) {
  if (legacy_user_id <= 0) throw NotFound("User not found");
  auto owner = d_.store.FindUser(legacy_user_id);
  if (!owner) throw NotFound("User not found");
  CheckActingFor(call.principal, *owner);
  return std::move(owner->user_id);
}

void LegacyService::CheckActingFor(const Principal& p, const LegacyOwner& owner) {
  const bool allowed = p.kind == Principal::Kind::kUser ? p.user_id == owner.user_id
                       : p.admin                        ? true
                       : p.own_legacy_users_only        ? owner.legacy_user && owner.created_by_key == p.api_key_id
                                                        : owner.legacy_user;
  if (!allowed) throw NotFound("User not found");
}

void LegacyService::CreateLegacyUser(const CallContext& call, const v1::CreateLegacyUserRequest& req,
                                     CreatedUser done, std::function<bool()> wanted) {
  if (call.principal.kind == Principal::Kind::kUser) {
    throw PermissionDenied("creating legacy users needs a service API key");
  }
  CheckCreateLegacyUser(req);
  const std::string& key = call.principal.api_key_id;
  NewLegacyUser user{req.username(), req.has_style_preferences() ? std::optional(req.style_preferences()) : std::nullopt,
               IsUuid(key) ? key : std::string()};
  const bool queued = user_writer_.Submit(std::move(user), std::move(done), std::move(wanted));
  if (!queued) throw ResourceExhausted("too many account creations waiting, retry with backoff", "SERVER_BUSY");
}

std::vector<std::optional<v1::LegacyUser>> LegacyService::InsertUsers(
    const std::vector<const NewLegacyUser*>& users) {
  // A row goes to the first request of that exact username not yet
  // answered: of two requests for one name, the earlier one was inserted.
  std::unordered_map<std::string_view, std::deque<std::size_t>> requests_by_name;
  for (std::size_t i = 0; i < users.size(); ++i) requests_by_name[users[i]->username].push_back(i);
  std::vector<std::optional<v1::LegacyUser>> created(users.size());
  for (const auto& row : d_.store.CreateUsers(users)) {
    auto waiting = requests_by_name.find(row.username);
    if (waiting == requests_by_name.end() || waiting->second.empty()) {
      throw std::logic_error("the store created a username nobody asked for");
    }
    auto& user = created[waiting->second.front()].emplace();
    waiting->second.pop_front();
    user.set_id(row.id);
    user.set_username(row.username);
    if (row.style_preferences) user.set_style_preferences(*row.style_preferences);
  }
  return created;
}

void LegacyService::ListLegacyImages(const CallContext& call, std::int64_t legacy_user_id, ListedImages done,
                                     std::function<bool()> wanted) {
  if (legacy_user_id <= 0) throw NotFound("User not found");
  // The user check and the list come in one read; the check runs on the
  // result, for this caller.
  auto checked = [caller = call.principal, done = std::move(done)](ImageList* list, std::exception_ptr error) {
    if (error || list == nullptr) return done(nullptr, error);
    try {
      if (!list->owner) throw NotFound("User not found");
      CheckActingFor(caller, *list->owner);
    } catch (...) {
      return done(nullptr, std::current_exception());
    }
    done(list, nullptr);
  };
  if (!image_reads_.Submit(legacy_user_id, std::move(checked), std::move(wanted))) {
    throw ResourceExhausted("too many image lists waiting, retry with backoff", "SERVER_BUSY");
  }
}

void LegacyService::CheckUpload(CallContext& call, const v1::UploadLegacyImageMetadata& metadata) {
  const std::string user = ActingFor(call, metadata.user_id());
  if (metadata.image().declared_size_bytes() > d_.photos.limits().max_bytes) {
    throw ImageTooLarge("file", d_.photos.limits().max_bytes);
  }
  // Every upload is analysed at once: it takes from the AI budgets.
  d_.photos.ChargeAnalysis(call.principal, user);
}

void LegacyService::StoreUpload(const CallContext& call, const v1::UploadLegacyImageMetadata& metadata,
                                const std::string& bytes, const std::function<bool()>& cancelled,
                                v1::UploadLegacyImageResponse* resp) {
  const std::string user = ActingFor(call, metadata.user_id());
  v1::ClothingItem item;
  item.set_name(CleanFileName(metadata.image().file_name()));
  const auto stored = d_.photos.CreateItemWithPhoto(user, item, bytes, cancelled);
  const auto legacy_id = d_.store.ItemLegacyId(stored.item_id());
  auto* image = resp->mutable_image();
  FillImage(image, legacy_id, metadata.user_id());
  auto* tags = image->mutable_tags();  // present, if empty, before any analysis
  if (stored.has_analysis()) SetTags(tags, stored.analysis());
}

std::string LegacyService::ReadImage(const CallContext& call, const v1::DownloadLegacyImageRequest& req,
                                     v1::PhotoInfo* info) {
  const std::string user = ActingFor(call, req.user_id());
  const auto item = req.image_id() > 0 ? d_.store.ImageItem(user, req.image_id()) : std::nullopt;
  if (!item) throw NotFound("Image not found");
  return d_.photos.ReadPhotoOf(user, *item, req.thumbnail(), info);
}

void LegacyService::MatchLegacyStyles(const CallContext& call, const v1::MatchLegacyStylesRequest& req,
                                      v1::MatchLegacyStylesResponse* resp) {
  const std::string user = ActingFor(call, req.user_id());
  // Analysed images by what they are worn as.
  std::map<Function, std::vector<std::string>> by_function;
  for (const auto& image : d_.store.Images(user)) {
    v1::ClothingCategory category = v1::CLOTHING_CATEGORY_UNSPECIFIED;
    if (image.category.empty() || !v1::ClothingCategory_Parse(image.category, &category)) continue;
    const Function f = FunctionOf(category);
    if (f == Function::kNone) continue;
    by_function[f].push_back(ImagePath(req.user_id(), image.legacy_id));
  }
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
  // them), in a conversation of its own. The principal keeps the key's id,
  // so the turn counts against the key's AI budget as well as the user's.
  CallContext as_user = call;
  as_user.principal.kind = Principal::Kind::kUser;
  as_user.principal.user_id = user;
  v1::ChatMessage question, answer;
  d_.chat.AskInNewConversation(as_user, req.question(), &question, &answer);
  auto* c = resp->mutable_conversation();
  c->set_id(d_.store.MessageSeq(answer.message_id()));
  c->set_user_id(req.user_id());
  c->set_question(question.text());
  c->set_answer(answer.text());
  *c->mutable_create_time() = question.create_time();
}

void LegacyService::ListLegacyConversations(const CallContext& call, const v1::ListLegacyConversationsRequest& req,
                                            v1::ListLegacyConversationsResponse* resp) {
  const std::string user = ActingFor(call, req.user_id());
  for (auto& exchange : d_.store.Exchanges(user)) {
    auto* c = resp->add_conversations();
    c->set_id(exchange.id);
    c->set_user_id(req.user_id());
    c->set_question(std::move(exchange.question));
    c->set_answer(std::move(exchange.answer));
    proto::SetMicros(c->mutable_create_time(), exchange.create_micros);
  }
}

}  // namespace stylist::legacy
