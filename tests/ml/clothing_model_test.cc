// The ml library on the committed model and on images whose answer is known.
#include <gtest/gtest.h>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <latch>
#include <map>
#include <thread>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <fstream>
#include <sstream>

#include "stylist_ml/clothing_model.h"
#include "support/crafted_images.h"

namespace stylist::ml {
namespace {

namespace fs = std::filesystem;
const std::string kModelDir = STYLIST_SOURCE_DIR "/ml/models/clothing";

std::string Read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

fs::path DataDir() {
  const char* env = std::getenv("STYLIST_TEST_DATA_DIR");
  return fs::path(env && *env ? env : STYLIST_SOURCE_DIR "/../shared/data") / "clothing";
}

// A garment-shaped block of one colour on a plain background, as PNG.
std::string Synthetic(cv::Scalar garment_bgr, cv::Scalar background_bgr) {
  cv::Mat image(260, 200, CV_8UC3, background_bgr);
  cv::rectangle(image, cv::Rect(40, 40, 120, 180), garment_bgr, cv::FILLED);
  cv::rectangle(image, cv::Rect(20, 40, 30, 70), garment_bgr, cv::FILLED);   // sleeves
  cv::rectangle(image, cv::Rect(150, 40, 30, 70), garment_bgr, cv::FILLED);
  std::vector<uchar> png;
  cv::imencode(".png", image, png);
  return std::string(png.begin(), png.end());
}

TEST(ClothingModelTest, LoadsTheCommittedModel) {
  const auto model = ClothingModel::Load(kModelDir);
  EXPECT_EQ(model->labels().size(), 10u);
  EXPECT_FALSE(model->version().empty());
  // Calibrated: the threshold chosen on validation photos, not the default.
  const auto manifest = nlohmann::json::parse(Read(fs::path(kModelDir) / "manifest.json"));
  ASSERT_TRUE(manifest.contains("low_confidence_threshold"));
  EXPECT_FLOAT_EQ(model->low_confidence_threshold(), manifest["low_confidence_threshold"].get<float>());
}

TEST(ClothingModelTest, RefusesBrokenModelFolders) {
  EXPECT_THROW(ClothingModel::Load("/nonexistent/model"), ModelError);
  const fs::path copy = fs::temp_directory_path() / ("stylist-model-" + std::to_string(::getpid()));
  fs::create_directories(copy);
  fs::copy_file(fs::path(kModelDir) / "clothing.pt", copy / "clothing.pt", fs::copy_options::overwrite_existing);
  std::string manifest = Read(fs::path(kModelDir) / "manifest.json");
  const auto at = manifest.find("\"sha256\": \"") + 11;
  manifest[at] = manifest[at] == '0' ? '1' : '0';  // a checksum that no longer matches
  std::ofstream(copy / "manifest.json") << manifest;
  try {
    ClothingModel::Load(copy.string());
    ADD_FAILURE() << "a model whose checksum does not match was loaded";
  } catch (const ModelError& e) {
    EXPECT_NE(std::string(e.what()).find("sha256"), std::string::npos) << e.what();
  }
  // A threshold no confidence can meet, or none ever fails.
  for (const double threshold : {0.0, 1.5, -0.2}) {
    auto bad = nlohmann::json::parse(Read(fs::path(kModelDir) / "manifest.json"));
    bad["low_confidence_threshold"] = threshold;
    std::ofstream(copy / "manifest.json", std::ios::trunc) << bad.dump();
    EXPECT_THROW(ClothingModel::Load(copy.string()), ModelError) << threshold;
  }
  std::ofstream(copy / "manifest.json") << "{not json";
  EXPECT_THROW(ClothingModel::Load(copy.string()), ModelError);
  fs::remove_all(copy);
}

TEST(ClothingModelTest, ClassifiesValidationPhotos) {
  const auto model = ClothingModel::Load(kModelDir);
  const fs::path validation = DataDir() / "validation";
  if (!fs::is_directory(validation)) {
    GTEST_SKIP() << "needs the shared clothing data set beside the repository (or STYLIST_TEST_DATA_DIR): "
                 << validation;
  }
  int correct = 0, total = 0;
  for (const auto& label : model->labels()) {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(validation / label)) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (std::size_t i = 0; i < files.size() && i < 6; ++i) {
      const auto result = model->Analyze(Read(files[i]));
      ++total;
      if (result.type.label == label) ++correct;
      EXPECT_GT(result.type.confidence, 0.0f);
      EXPECT_EQ(result.ranked.size(), model->labels().size());
      EXPECT_FALSE(result.colors.empty());
    }
  }
  const double accuracy = static_cast<double>(correct) / total;
  std::printf("accuracy on %d validation photos: %.3f\n", total, accuracy);
  // The full validation accuracy is in the model card; a model that lost
  // its way (wrong preprocessing, wrong file) falls far below this.
  EXPECT_GE(accuracy, 0.6);
}

std::string Encode(const cv::Mat& image, const char* ext) {
  std::vector<uchar> out;
  cv::imencode(ext, image, out);
  return std::string(out.begin(), out.end());
}

// Why an input was refused, or "" when it was accepted.
std::string Refusal(const ClothingModel& model, const std::string& bytes, const ImageLimits& limits = {}) {
  try {
    model.Analyze(bytes, limits);
    return "";
  } catch (const ImageError& e) {
    return e.what();
  }
}

TEST(ClothingModelTest, RefusesBadInputsCleanly) {
  const auto model = ClothingModel::Load(kModelDir);
  const std::string jpeg = Synthetic({68, 42, 31}, {235, 235, 235});
  EXPECT_NE(Refusal(*model, "").find("empty"), std::string::npos);
  EXPECT_NE(Refusal(*model, "not an image at all").find("not a JPEG, PNG or WebP"), std::string::npos);
  EXPECT_NE(Refusal(*model, std::string(100, '\xff')), "");
  // Truncated: the decoder would have filled the rest with grey.
  EXPECT_NE(Refusal(*model, jpeg.substr(0, jpeg.size() / 2)).find("truncated"), std::string::npos);
  // Larger than the byte limit, and more pixels than allowed (checked from
  // the header, before decoding).
  EXPECT_NE(Refusal(*model, jpeg, {100, 40'000'000}).find("bytes"), std::string::npos);
  EXPECT_NE(Refusal(*model, jpeg, {15 << 20, 1000}).find("pixels"), std::string::npos);
  // A header claiming 60000 x 60000 pixels: refused without decoding.
  const std::string bomb = crafted::WithPngSize(Encode(cv::Mat(8, 8, CV_8UC3, cv::Scalar(1, 2, 3)), ".png"), 60000, 60000);
  EXPECT_NE(Refusal(*model, bomb).find("pixels"), std::string::npos);
  // Too small to analyse, or a strip whose shorter side the classifier
  // would scale up to gigabytes.
  EXPECT_NE(Refusal(*model, Encode(cv::Mat(16, 16, CV_8UC3, cv::Scalar(9, 9, 9)), ".jpg")).find("at least 32"),
            std::string::npos);
  EXPECT_NE(Refusal(*model, Encode(cv::Mat(1, 65500, CV_8UC3, cv::Scalar(9, 9, 9)), ".jpg")).find("at most 20 times"),
            std::string::npos);
  EXPECT_EQ(Refusal(*model, jpeg), "");
}

TEST(ClothingModelTest, ConcurrentCallsGetTheirOwnAnswers) {
  // Batching must not mix results: each caller gets what a lone call gets.
  // The batch hook (the server's metrics) sees every input exactly once.
  std::atomic<int> inputs{0}, largest_batch{0};
  InferenceOptions options;
  options.threads = 2;
  options.max_batch = 8;
  options.max_queue = 64;
  options.on_batch = [&](int batch_size, std::chrono::steady_clock::duration took) {
    inputs += batch_size;
    int seen = largest_batch.load();
    while (batch_size > seen && !largest_batch.compare_exchange_weak(seen, batch_size)) {
    }
    EXPECT_GE(took.count(), 0);
  };
  const auto model = ClothingModel::Load(kModelDir, options);
  const std::vector<std::string> images = {Synthetic({68, 42, 31}, {235, 235, 235}),
                                           Synthetic({43, 57, 192}, {128, 128, 128}),
                                           Synthetic({20, 20, 20}, {245, 245, 245})};
  std::vector<ClothingResult> alone;
  for (const auto& image : images) alone.push_back(model->Analyze(image));
  const int inputs_per_call = inputs.load() / 3;
  ASSERT_GE(inputs_per_call, 1);
  ASSERT_EQ(inputs.load(), 3 * inputs_per_call);
  std::vector<std::thread> threads;
  std::atomic<int> mismatches{0};
  for (int t = 0; t < 12; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 5; ++i) {
        const auto k = static_cast<std::size_t>((t + i) % 3);
        const auto r = model->Analyze(images[k]);
        if (r.type.label != alone[k].type.label || std::abs(r.type.confidence - alone[k].type.confidence) > 1e-4f) {
          ++mismatches;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(mismatches.load(), 0);
  EXPECT_EQ(inputs.load(), (3 + 12 * 5) * inputs_per_call);
  EXPECT_LE(largest_batch.load(), 8);
}

TEST(ClothingModelTest, AFullQueueAnswersBusy) {
  // One inference thread, no batching, one place in the queue; 16 callers
  // released at once: while one call runs and one waits, the others must
  // be told the model is busy (and some are answered).
  InferenceOptions options;
  options.threads = 1;
  options.max_batch = 1;
  options.max_queue = 1;
  const auto model = ClothingModel::Load(kModelDir, options);
  const std::string image = Synthetic({68, 42, 31}, {235, 235, 235});
  std::atomic<int> busy{0}, done{0};
  constexpr int kThreads = 16;
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      start.arrive_and_wait();
      for (int i = 0; i < 4; ++i) {
        try {
          model->Analyze(image);
          ++done;
        } catch (const BusyError&) {
          ++busy;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(busy + done, kThreads * 4);
  EXPECT_GT(done.load(), 0);
  EXPECT_GT(busy.load(), 0) << "no caller was refused although the queue holds one";
}

// A garment-shaped block filled with stripes or checks of two colours.
std::string Patterned(const std::string& kind) {
  cv::Mat image(320, 240, CV_8UC3, cv::Scalar(225, 225, 225));
  cv::Mat garment(220, 160, CV_8UC3, cv::Scalar(150, 60, 20));
  for (int y = 0; y < garment.rows; ++y) {
    for (int x = 0; x < garment.cols; ++x) {
      const bool band_y = (y / 10) % 2 == 0, band_x = (x / 10) % 2 == 0;
      const bool dark = kind == "striped" ? band_y : kind == "checked" ? band_x != band_y : false;
      if (dark) garment.at<cv::Vec3b>(y, x) = cv::Vec3b(30, 30, 140);
    }
  }
  garment.copyTo(image(cv::Rect(40, 50, 160, 220)));
  return Encode(image, ".png");
}

TEST(GarmentPatternTest, TellsSolidStripedAndChecked) {
  for (const std::string kind : {"solid", "striped", "checked"}) {
    const auto p = GarmentPattern(Patterned(kind));
    EXPECT_EQ(p.label, kind);
    EXPECT_GT(p.confidence, 0.4f) << kind;
  }
}

TEST(StyleTest, FollowsTheRules) {
  const std::vector<ColorShare> black = {{"black", "#141414", 20, 20, 20, 0.9f, "black"}};
  const std::vector<ColorShare> red = {{"red", "#c0392b", 192, 57, 43, 0.9f, "red"}};
  EXPECT_EQ(StyleOf("dress", black, "solid").label, "evening");
  EXPECT_EQ(StyleOf("shirt", black, "solid").label, "formal");
  EXPECT_EQ(StyleOf("shorts", red, "solid").label, "sporty");
  EXPECT_EQ(StyleOf("t-shirt", red, "printed").label, "casual");
  // Rules, not a model: never sure.
  for (const auto* type : {"dress", "shirt", "shorts", "t-shirt", "hat"}) {
    EXPECT_LE(StyleOf(type, black, "solid").confidence, 0.65f);
  }
}

TEST(GarmentColorsTest, NamesTheGarmentNotTheBackground) {
  struct Case {
    cv::Scalar garment, background;
    const char* name;
  };
  const Case cases[] = {
      {{68, 42, 31}, {235, 235, 235}, "navy"},     // navy shirt on a white bed
      {{43, 57, 192}, {128, 128, 128}, "red"},     // red on a grey floor
      {{56, 130, 112}, {190, 220, 240}, "olive"},  // olive on beige
      {{20, 20, 20}, {245, 245, 245}, "black"},
  };
  for (const auto& c : cases) {
    const auto colors = GarmentColors(Synthetic(c.garment, c.background));
    ASSERT_FALSE(colors.empty());
    EXPECT_EQ(colors[0].name, c.name);
    EXPECT_GT(colors[0].share, 0.6f) << c.name;
  }
}

// A garment of one palette colour is named by it, in its family: the rules
// that give a family and the palette agree (camel is a brown, not "gold";
// turquoise a green; hot pink not "burgundy").
TEST(GarmentColorsTest, APaletteColourIsNamedByItselfInItsFamily) {
  struct Case {
    int r, g, b;
    const char* name;
    const char* family;
  };
  const Case cases[] = {
      {193, 154, 107, "camel", "brown"}, {210, 180, 140, "tan", "beige"},    {64, 200, 200, "turquoise", "green"},
      {230, 60, 140, "hot pink", "pink"}, {128, 0, 32, "burgundy", "red"},   {31, 42, 68, "navy", "blue"},
      {212, 160, 23, "mustard", "yellow"}, {185, 166, 217, "lavender", "purple"}, {255, 127, 80, "coral", "orange"},
      {112, 130, 56, "olive", "green"},  {111, 78, 55, "brown", "brown"},
  };
  for (const auto& c : cases) {
    const auto colors = GarmentColors(Synthetic(cv::Scalar(c.b, c.g, c.r), cv::Scalar(235, 235, 235)));
    ASSERT_FALSE(colors.empty()) << c.name;
    EXPECT_EQ(colors[0].name, c.name);
    EXPECT_EQ(colors[0].family, c.family) << c.name;
  }
}

// The primary colour's family against a person's labels of 171 validation
// photos (tests/ml/fixtures/colour_families.tsv): right when it is one of the
// families the person listed. Prints the accuracy, the first-listed-only
// accuracy and the confusion of first-listed family against the answer.
TEST(GarmentColorsTest, PrimaryFamilyOfHandLabelledPhotos) {
  const fs::path folder = DataDir() / "validation";
  if (!fs::is_directory(folder)) GTEST_SKIP() << "no " << folder;
  std::ifstream fixture(STYLIST_SOURCE_DIR "/tests/ml/fixtures/colour_families.tsv");
  ASSERT_TRUE(fixture) << "the fixture is missing";
  const std::vector<std::string> families = {"black", "white", "grey",  "beige", "brown", "red",
                                             "pink",  "orange", "yellow", "green", "blue",  "purple"};
  std::map<std::string, std::map<std::string, int>> confusion;  // first listed -> answered
  int total = 0, right = 0, right_first = 0;
  int right_by_half[2] = {0, 0}, by_half[2] = {0, 0};  // [0]: the rows the thresholds were chosen on
  for (std::string line; std::getline(fixture, line);) {
    if (line.empty() || line[0] == '#') continue;
    const auto tab = line.find('\t');
    ASSERT_NE(tab, std::string::npos) << line;
    std::istringstream listed(line.substr(tab + 1));
    std::vector<std::string> labels;
    for (std::string f; listed >> f;) {
      if (f != "multi") labels.push_back(f);
    }
    ASSERT_FALSE(labels.empty()) << line;
    const auto colors = GarmentColors(Read(folder / line.substr(0, tab)));
    const std::string answer = colors.empty() ? "none" : colors[0].family;
    const bool is_right = std::find(labels.begin(), labels.end(), answer) != labels.end();
    ++by_half[total % 2];
    right_by_half[total % 2] += is_right;
    ++total;
    right += is_right;
    right_first += answer == labels[0];
    ++confusion[labels[0]][answer];
    if (std::getenv("STYLIST_COLOUR_DEBUG")) {
      std::fprintf(stderr, "%s %-40s want %-20s got", is_right ? "ok " : "BAD",
                  line.substr(0, 40).c_str(), line.substr(tab + 1).c_str());
      for (const auto& c : colors) std::fprintf(stderr, " %s/%s(%d,%d,%d)%.2f", c.name.c_str(), c.family.c_str(), c.r, c.g, c.b, c.share);
      std::fprintf(stderr, "\n");
    }
  }
  ASSERT_EQ(total, 171);
  const double accuracy = 1.0 * right / total;
  std::string table = "first listed \\ answered\n        ";
  for (const auto& f : families) table += " " + f.substr(0, 5) + std::string(6 - std::min<std::size_t>(5, f.size()), ' ');
  for (const auto& f : families) {
    char row[16];
    std::snprintf(row, sizeof row, "\n%-8s", f.c_str());
    table += row;
    for (const auto& g : families) {
      char cell[16];
      std::snprintf(cell, sizeof cell, " %5d ", confusion[f][g]);
      table += cell;
    }
  }
  std::printf(
      "primary colour family: %.3f (%d of %d; on the rows the thresholds were chosen on %.3f, on the others %.3f; "
      "the first-listed family %.3f)\n%s\n",
      accuracy, right, total, 1.0 * right_by_half[0] / by_half[0], 1.0 * right_by_half[1] / by_half[1],
      1.0 * right_first / total, table.c_str());
  // Issue 22 asks for 0.90; this pins what is reached (0.842; 0.637 with
  // the nearest palette name alone) less two photos (another JPEG decoder
  // may shade one differently), so a change that makes it worse fails.
  EXPECT_GE(accuracy, 0.83);
}

}  // namespace
}  // namespace stylist::ml
