// The built-in stylist: what it understands, the colour rules, and outfits
// built only from the user's items, honouring season, formality and the
// colours they avoid; deterministic; and the circuit breaker's states.
#include "chat/builtin_stylist.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "llm/circuit_breaker.h"
#include "chat/responder.h"
#include "styling/gaps.h"

namespace stylist::chat {
namespace {

WardrobeItem Item(std::string id, std::string category, std::string type, std::string color,
                  std::string formality = "casual", std::vector<std::string> seasons = {}) {
  WardrobeItem i;
  i.id = std::move(id);
  i.category = std::move(category);
  i.type = std::move(type);
  i.primary_color = std::move(color);
  i.formality = std::move(formality);
  i.seasons = std::move(seasons);
  i.pattern = "solid";
  return i;
}

ChatContext Wardrobe() {
  ChatContext c;
  c.wardrobe = {
      Item("1", "top", "t-shirt", "white"),
      Item("2", "top", "shirt", "light blue", "business"),
      Item("3", "bottom", "jeans", "denim"),
      Item("4", "bottom", "trousers", "charcoal", "business"),
      Item("5", "shoes", "trainers", "white"),
      Item("6", "shoes", "loafers", "brown", "business"),
      Item("7", "outerwear", "coat", "camel", "business", {"autumn", "winter"}),
      Item("8", "top", "sweater", "orange", "casual", {"autumn", "winter"}),
      Item("9", "top", "tank top", "yellow", "casual", {"summer"}),
  };
  return c;
}

TEST(BuiltinStylistTest, DetectsWhatIsAsked) {
  EXPECT_EQ(DetectIntent("What should I wear to the office tomorrow?"), Intent::kOutfit);
  EXPECT_EQ(DetectIntent("What colours go with my green jacket?"), Intent::kColors);
  EXPECT_EQ(DetectIntent("What should I buy to complete my wardrobe?"), Intent::kShopping);
  EXPECT_EQ(DetectIntent("How do I wash a wool sweater?"), Intent::kCare);
  EXPECT_EQ(DetectIntent("hello"), Intent::kHelp);
  EXPECT_EQ(DetectIntent("Something for a rainy Saturday"), Intent::kOutfit);
}

TEST(BuiltinStylistTest, ColourHarmonyFollowsTheWheel) {
  using styling::ColorsHarmonize;
  EXPECT_TRUE(ColorsHarmonize("navy", "orange")) << "neutrals go with anything";
  EXPECT_TRUE(ColorsHarmonize("blue", "orange")) << "opposites";
  EXPECT_TRUE(ColorsHarmonize("blue", "teal")) << "neighbours";
  EXPECT_TRUE(ColorsHarmonize("red", "red")) << "the same hue";
  EXPECT_FALSE(ColorsHarmonize("red", "blue"));
  EXPECT_FALSE(ColorsHarmonize("yellow", "pink"));
}

// Items uploaded through the legacy app are named by their photo's file
// name; the stylist names them by what they are instead ("your navy
// jeans"), and keeps a name a person gave.
TEST(BuiltinStylistTest, ItemsNamedByTheirFileAreNamedByWhatTheyAre) {
  auto c = Wardrobe();
  for (auto& item : c.wardrobe) item.name = item.id + "2160a577-3c1e-4b8e-9d5e-0f6a1b2c3d4e.JPG";
  c.wardrobe[2].name = "Grandad's jeans";
  c.question = "What should I wear to the office when it's cold?";
  const auto answer = BuiltinAnswer(c);
  EXPECT_EQ(answer.find(".JPG"), std::string::npos) << answer;
  EXPECT_EQ(answer.find("2160a577"), std::string::npos) << answer;
  EXPECT_NE(answer.find("your light blue shirt"), std::string::npos) << answer;
  EXPECT_NE(answer.find("your camel coat"), std::string::npos) << answer;
  c.question = "Something casual for the weekend";
  EXPECT_NE(BuiltinAnswer(c).find("Grandad's jeans"), std::string::npos) << BuiltinAnswer(c);
  // A language model is shown the same names, so it cannot repeat a file's.
  const std::string system = BuildPrompt(c).front().content;
  EXPECT_EQ(system.find("2160a577"), std::string::npos) << system;
  EXPECT_NE(system.find("- light blue shirt ("), std::string::npos) << system;
  EXPECT_NE(system.find("- Grandad's jeans ("), std::string::npos) << system;
}

TEST(BuiltinStylistTest, OfficeOutfitInTheColdUsesBusinessPiecesAndACoat) {
  auto c = Wardrobe();
  c.question = "What should I wear to the office when it's cold?";
  const auto answer = BuiltinAnswer(c);
  EXPECT_NE(answer.find("Built-in stylist"), std::string::npos) << "it says what it is";
  EXPECT_NE(answer.find("shirt"), std::string::npos) << answer;
  EXPECT_NE(answer.find("trousers"), std::string::npos) << answer;
  EXPECT_NE(answer.find("coat"), std::string::npos) << answer;
  EXPECT_EQ(answer.find("tank top"), std::string::npos) << "a summer piece in the cold: " << answer;
  EXPECT_EQ(BuiltinAnswer(c), answer) << "deterministic";
}

TEST(BuiltinStylistTest, AvoidedColoursAndOutOfSeasonPiecesAreLeftOut) {
  auto c = Wardrobe();
  c.avoided_colors = {"white"};
  c.question = "Outfit for a hot summer weekend?";
  const auto answer = BuiltinAnswer(c);
  EXPECT_EQ(answer.find("white"), std::string::npos) << answer;
  EXPECT_EQ(answer.find("sweater"), std::string::npos) << answer;
  EXPECT_EQ(answer.find("coat"), std::string::npos) << answer;
}

TEST(BuiltinStylistTest, ThisMeansTheFocusItemForColoursAndOutfits) {
  auto c = Wardrobe();
  c.focus = {c.wardrobe[7]};  // the orange sweater
  c.question = "What goes with this?";
  const auto colours = BuiltinAnswer(c);
  EXPECT_NE(colours.find("orange"), std::string::npos) << colours;
  EXPECT_NE(colours.find("From your wardrobe"), std::string::npos) << colours;
  c.question = "How should I wear this in autumn?";
  EXPECT_NE(BuiltinAnswer(c).find("sweater"), std::string::npos) << BuiltinAnswer(c);
}

TEST(BuiltinStylistTest, AnEmptyWardrobeGetsAdviceNotInventedItems) {
  ChatContext c;
  c.question = "What should I wear to a wedding?";
  const auto answer = BuiltinAnswer(c);
  EXPECT_NE(answer.find("wardrobe is empty"), std::string::npos) << answer;
  c.question = "What should I buy?";
  EXPECT_NE(BuiltinAnswer(c).find("shoes"), std::string::npos);
}

TEST(BuiltinStylistTest, CareTipsByFabric) {
  ChatContext c;
  c.question = "How do I wash my wool jumper?";
  EXPECT_NE(BuiltinAnswer(c).find("Wool"), std::string::npos);
  c.question = "How do I get a stain out?";
  EXPECT_NE(BuiltinAnswer(c).find("Blot"), std::string::npos);
}

TEST(BuiltinStylistTest, StreamsWordByWordAndStopsOnCancel) {
  std::atomic<bool> cancel{false};
  std::vector<std::string> pieces;
  const auto sent = StreamWords("one two three four", [&](const std::string& p) {
    pieces.push_back(p);
    if (pieces.size() == 2) cancel = true;
  }, cancel);
  EXPECT_EQ(pieces, (std::vector<std::string>{"one ", "two "}));
  EXPECT_EQ(sent, "one two ");
}

TEST(CircuitBreakerTest, OpensAfterFailuresLetsOneTrialThroughAndCloses) {
  using namespace std::chrono_literals;
  llm::CircuitBreaker b(3, 1000ms);
  const auto t0 = llm::CircuitBreaker::Clock::now();
  EXPECT_TRUE(b.Allow(t0));
  b.RecordFailure(t0);
  b.RecordFailure(t0);
  EXPECT_EQ(b.state(t0), llm::CircuitBreaker::State::kClosed);
  b.RecordFailure(t0);
  EXPECT_EQ(b.state(t0), llm::CircuitBreaker::State::kOpen);
  EXPECT_FALSE(b.Allow(t0 + 500ms));
  EXPECT_TRUE(b.Allow(t0 + 1500ms)) << "half-open: one trial";
  EXPECT_FALSE(b.Allow(t0 + 1500ms)) << "only one at a time";
  b.RecordFailure(t0 + 1600ms);
  EXPECT_FALSE(b.Allow(t0 + 2000ms)) << "a failed trial re-opens";
  EXPECT_TRUE(b.Allow(t0 + 2700ms));
  b.RecordSuccess();
  EXPECT_EQ(b.state(t0 + 2700ms), llm::CircuitBreaker::State::kClosed);
  EXPECT_TRUE(b.Allow(t0 + 2700ms));
}

TEST(ResponderTest, WithoutAModelTheBuiltInStylistAnswersAndIsLabelled) {
  Responder r(nullptr, 3, std::chrono::milliseconds(1000));
  auto c = Wardrobe();
  c.question = "hello";
  std::atomic<bool> cancel{false};
  std::string streamed;
  const auto a = r.Respond(c, [&](const std::string& p) { streamed += p; }, cancel);
  EXPECT_FALSE(a.from_llm);
  EXPECT_EQ(a.text, streamed);
  EXPECT_FALSE(a.interrupted);
  EXPECT_GT(a.completion_tokens, 0);
}

TEST(ResponderTest, PromptCarriesProfileWardrobeFocusAndHistory) {
  auto c = Wardrobe();
  c.favorite_colors = {"green"};
  c.focus = {c.wardrobe[0]};
  c.history = {{"user", "earlier question"}, {"assistant", "earlier answer"}};
  c.question = "and now?";
  const auto p = BuildPrompt(c);
  ASSERT_EQ(p.size(), 4u);
  EXPECT_EQ(p[0].role, "system");
  EXPECT_NE(p[0].content.find("Favourite colours: green"), std::string::npos);
  EXPECT_NE(p[0].content.find("loafers"), std::string::npos);
  EXPECT_NE(p[0].content.find("\"this\" means"), std::string::npos);
  EXPECT_EQ(p[1].content, "earlier question");
  EXPECT_EQ(p[3].role, "user");
  EXPECT_EQ(p[3].content, "and now?");
}

}  // namespace
}  // namespace stylist::chat

namespace stylist::styling {
namespace {

Item Piece(std::string id, std::string category, std::string color, std::string formality = "casual") {
  Item i;
  i.id = std::move(id);
  i.category = std::move(category);
  i.primary_color = std::move(color);
  i.formality = std::move(formality);
  i.pattern = "solid";
  return i;
}

std::vector<Item> Closet() {
  return {Piece("t1", "top", "white"),       Piece("t2", "top", "red"),          Piece("t3", "top", "light blue"),
          Piece("b1", "bottom", "denim"),    Piece("b2", "bottom", "blue"),      Piece("s1", "shoes", "white"),
          Piece("o1", "outerwear", "camel"), Piece("d1", "dress", "green"),      Piece("a1", "accessory", "gold")};
}

TEST(OutfitRulesTest, OutfitsAreWholeHarmoniousVariedAndBestFirst) {
  const auto closet = Closet();
  OutfitQuery q;
  q.max = 20;
  const auto outfits = BuildOutfits(closet, q);
  ASSERT_FALSE(outfits.empty());
  std::map<std::string, int> uses;
  for (std::size_t k = 0; k < outfits.size(); ++k) {
    const auto& o = outfits[k];
    if (k > 0) {
      EXPECT_LE(o.score, outfits[k - 1].score) << "best first";
    }
    EXPECT_GE(o.score, 0);
    EXPECT_LE(o.score, 1);
    EXPECT_FALSE(o.name.empty());
    EXPECT_FALSE(o.reasons.empty());
    std::set<std::string> categories;
    for (const auto* p : o.pieces) {
      categories.insert(p->category);
      ++uses[p->id];
    }
    EXPECT_TRUE(categories.count("dress") || (categories.count("top") && categories.count("bottom")));
    for (const auto* a : o.pieces) {
      for (const auto* b : o.pieces) EXPECT_TRUE(ColorsHarmonize(a->primary_color, b->primary_color));
    }
    EXPECT_FALSE(categories.count("outerwear")) << "no outer layer asked for";
  }
  for (const char* base : {"t1", "t2", "t3", "b1", "b2", "d1"}) EXPECT_LE(uses[base], 2) << base;
  // Red and blue clash: never together.
  for (const auto& o : outfits) {
    std::set<std::string> ids;
    for (const auto* p : o.pieces) ids.insert(p->id);
    EXPECT_FALSE(ids.count("t2") && ids.count("b2"));
  }
}

TEST(OutfitRulesTest, IncludedExcludedAndWeatherAreHonoured) {
  const auto closet = Closet();
  OutfitQuery q;
  q.include_ids = {"t3", "a1"};
  q.exclude_ids = {"b1"};
  q.outer_layer = true;
  const auto outfits = BuildOutfits(closet, q);
  ASSERT_FALSE(outfits.empty());
  for (const auto& o : outfits) {
    std::set<std::string> ids;
    for (const auto* p : o.pieces) ids.insert(p->id);
    EXPECT_TRUE(ids.count("t3") && ids.count("a1")) << "included pieces are in every outfit";
    EXPECT_FALSE(ids.count("b1"));
    EXPECT_TRUE(ids.count("o1")) << "an outer layer when it is cold or wet";
  }
  q.include_ids = {"d1"};
  for (const auto& o : BuildOutfits(closet, q)) EXPECT_EQ(o.pieces.front()->id, "d1");
}

TEST(OutfitRulesTest, PiecesWornLatelyArePassedOverGivenToday) {
  // Two equal white tops: without dates the first comes first; t1 worn
  // yesterday moves t2 ahead; t1 worn three weeks ago counts as rested.
  auto closet = std::vector<Item>{Piece("t1", "top", "white"), Piece("t2", "top", "white"),
                                  Piece("b1", "bottom", "denim"), Piece("s1", "shoes", "white")};
  OutfitQuery q;
  q.max = 1;
  ASSERT_EQ(BuildOutfits(closet, q).front().pieces.front()->id, "t1");
  constexpr long kToday = 20000;
  q.today = kToday;
  closet[0].last_worn_day = kToday - 1;
  const auto rested = BuildOutfits(closet, q);
  ASSERT_EQ(rested.size(), 1u);
  EXPECT_EQ(rested.front().pieces.front()->id, "t2");
  EXPECT_TRUE(std::count(rested.front().reasons.begin(), rested.front().reasons.end(),
                         "None of these pieces has been worn in the last two weeks."));
  closet[0].last_worn_day = kToday - 21;
  EXPECT_EQ(BuildOutfits(closet, q).front().pieces.front()->id, "t1");
  closet[2].last_worn_day = kToday;  // the only bottom, worn today: still used, but not "rested"
  const auto worn = BuildOutfits(closet, q);
  ASSERT_EQ(worn.size(), 1u);
  EXPECT_FALSE(std::count(worn.front().reasons.begin(), worn.front().reasons.end(),
                          "None of these pieces has been worn in the last two weeks."));
}

std::vector<std::string> GapNames(const std::vector<Gap>& gaps) {
  std::vector<std::string> names;
  for (const auto& g : gaps) names.push_back(g.name);
  return names;
}

TEST(WardrobeGapsTest, AnEmptyWardrobeNeedsTheBasicsFirst) {
  const auto gaps = WardrobeGaps({}, {});
  EXPECT_EQ(GapNames(gaps),
            (std::vector<std::string>{"Versatile shoes", "A light jacket", "Dark neutral trousers", "Plain tops"}));
  for (const auto& g : gaps) {
    EXPECT_FALSE(g.description.empty());
    EXPECT_FALSE(g.color.empty());
    EXPECT_EQ(g.reason.back(), '.') << g.name;
  }
  EXPECT_EQ(gaps[0].category, "shoes");
  EXPECT_EQ(gaps[2].reason, "Your wardrobe has no trousers, skirts or shorts.");
}

TEST(WardrobeGapsTest, StrongColoursWithoutDressyOrWarmPiecesAskForThem) {
  std::vector<Item> loud = {Piece("t1", "top", "red"),      Piece("t2", "top", "orange"), Piece("t3", "top", "pink"),
                            Piece("b1", "bottom", "green"), Piece("b2", "bottom", "purple"), Piece("s1", "shoes", "yellow"),
                            Piece("o1", "outerwear", "teal")};
  EXPECT_EQ(GapNames(WardrobeGaps(loud, {})),
            (std::vector<std::string>{"A neutral knit", "A tailored blazer", "A warm layer"}));
  loud[6].formality = "business";
  loud[6].material = "Wool blend";
  EXPECT_EQ(GapNames(WardrobeGaps(loud, {})), (std::vector<std::string>{"A neutral knit"}));
}

TEST(WardrobeGapsTest, ACompleteWardrobeGetsAStatementPieceInAFavouriteColour) {
  std::vector<Item> full = Closet();
  full.push_back(Piece("b3", "bottom", "black", "business"));
  full.back().seasons = {"winter"};
  const auto gaps = WardrobeGaps(full, {"Teal", "red"});
  ASSERT_EQ(gaps.size(), 1u);
  EXPECT_EQ(gaps[0].name, "A statement piece");
  EXPECT_EQ(gaps[0].color, "teal");
  EXPECT_EQ(WardrobeGaps(full, {})[0].color, "burgundy");
}

}  // namespace
}  // namespace stylist::styling
