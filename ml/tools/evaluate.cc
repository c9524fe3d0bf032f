// stylist-ml-evaluate MODEL_DIR FOLDER
// Classifies every image of a labelled folder (one subfolder per class, as
// ../shared/data/clothing/validation/) and prints accuracy, per-class
// accuracy, the confusion matrix and the latency per image.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include "stylist_ml/clothing_model.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s MODEL_DIR LABELLED_FOLDER\n", argv[0]);
    return 2;
  }
  namespace fs = std::filesystem;
  try {
    const auto model = stylist::ml::ClothingModel::Load(argv[1]);
    const auto& labels = model->labels();
    std::vector<std::vector<int>> confusion(labels.size(), std::vector<int>(labels.size(), 0));
    std::vector<double> millis;
    for (std::size_t t = 0; t < labels.size(); ++t) {
      const fs::path dir = fs::path(argv[2]) / labels[t];
      if (!fs::is_directory(dir)) continue;
      std::vector<fs::path> files;
      for (const auto& e : fs::directory_iterator(dir)) files.push_back(e.path());
      std::sort(files.begin(), files.end());
      for (const auto& f : files) {
        std::ifstream in(f, std::ios::binary);
        std::ostringstream bytes;
        bytes << in.rdbuf();
        const auto start = std::chrono::steady_clock::now();
        const auto result = model->Analyze(bytes.str());
        millis.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
        const auto p = std::find(labels.begin(), labels.end(), result.type.label) - labels.begin();
        ++confusion[t][static_cast<std::size_t>(p)];
      }
    }
    int correct = 0, total = 0;
    std::printf("model %s\n\n%-12s %8s %6s\n", model->version().c_str(), "class", "accuracy", "n");
    for (std::size_t t = 0; t < labels.size(); ++t) {
      int n = 0;
      for (int c : confusion[t]) n += c;
      correct += confusion[t][t];
      total += n;
      std::printf("%-12s %8.3f %6d\n", labels[t].c_str(), n ? static_cast<double>(confusion[t][t]) / n : 0.0, n);
    }
    std::printf("\naccuracy %.4f (%d of %d)\n\nconfusion (rows: true, columns: predicted)\n%12s", total ? 1.0 * correct / total : 0.0,
                correct, total, "");
    for (const auto& l : labels) std::printf(" %5.5s", l.c_str());
    std::printf("\n");
    for (std::size_t t = 0; t < labels.size(); ++t) {
      std::printf("%-12s", labels[t].c_str());
      for (int c : confusion[t]) std::printf(" %5d", c);
      std::printf("\n");
    }
    std::sort(millis.begin(), millis.end());
    if (!millis.empty()) {
      std::printf("\nlatency per image (decode, classify, colours; 1 thread): p50 %.1f ms, p99 %.1f ms\n",
                  millis[millis.size() / 2], millis[std::min(millis.size() - 1, millis.size() * 99 / 100)]);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return 0;
}
