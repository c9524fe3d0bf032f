// The clothing type classifier: a TorchScript model run with LibTorch, plus
// the OpenCV measurements of the garment (colours, pattern) and the style
// rules, all from one decode.
// Threads: see threads.h; the network runs on the Batcher's threads.
#include <openssl/evp.h>
#include <torch/script.h>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "batcher.h"
#include "decode.h"
#include "garment.h"
#include "threads.h"
#include "stylist_ml/clothing_model.h"

namespace stylist::ml {
namespace {

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ModelError("cannot read " + path.string());
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string Sha256Hex(const std::string& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha256(), nullptr);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 0xF];
  }
  return out;
}

class TorchClothingModel final : public ClothingModel {
 public:
  TorchClothingModel(const std::string& dir, const InferenceOptions& options) {
    const std::filesystem::path root(dir);
    nlohmann::json manifest;
    try {
      manifest = nlohmann::json::parse(ReadFile(root / "manifest.json"));
      for (const auto& l : manifest.at("labels")) labels_.push_back(l.get<std::string>());
      input_size_ = manifest.at("input_size").get<int>();
      resize_to_ = manifest.at("resize_shorter_side").get<int>();
      version_ = manifest.at("name").get<std::string>() + "/" + manifest.at("version").get<std::string>();
      low_confidence_ = manifest.value("low_confidence_threshold", 0.5f);
    } catch (const nlohmann::json::exception& e) {
      throw ModelError("bad manifest " + (root / "manifest.json").string() + ": " + e.what());
    }
    if (!(low_confidence_ > 0.0f && low_confidence_ <= 1.0f)) {
      throw ModelError("manifest " + (root / "manifest.json").string() + ": low_confidence_threshold must be in (0, 1]");
    }
    if (labels_.empty() || input_size_ < 16 || input_size_ > 1024 || resize_to_ < input_size_) {
      throw ModelError("manifest " + (root / "manifest.json").string() + " has no labels or a bad input size");
    }
    const auto model_path = root / "clothing.pt";
    const std::string bytes = ReadFile(model_path);
    if (Sha256Hex(bytes) != manifest.value("sha256", "")) {
      throw ModelError(model_path.string() + " does not match the sha256 in its manifest");
    }
    UseOneThreadPerCall();
    try {
      std::istringstream stream(bytes);
      module_ = torch::jit::load(stream);
      module_.eval();
      // Folds batch norms into convolutions and prepares the graph for
      // inference only: about a third less time per image on our CPUs.
      module_ = torch::jit::optimize_for_inference(module_);
      // One trial run: a model that loads but cannot run fails at start.
      torch::NoGradGuard no_grad;
      auto out = module_.forward({torch::zeros({1, 3, input_size_, input_size_})}).toTensor();
      if (out.dim() != 2 || out.size(1) != static_cast<long>(labels_.size())) {
        throw ModelError(model_path.string() + " answers " + std::to_string(out.size(-1)) + " classes, the manifest " +
                         std::to_string(labels_.size()));
      }
    } catch (const c10::Error& e) {
      throw ModelError("LibTorch cannot load " + model_path.string() + ": " + e.what_without_backtrace());
    }
    batcher_ = std::make_unique<Batcher>(module_, options);
  }

  ClothingResult Analyze(const std::string& encoded, const ImageLimits& limits) const override {
    const DecodedImage decoded = DecodeForAnalysis(encoded, limits);
    const cv::Mat& image = decoded.bgr;
    ClothingResult result;
    const at::Tensor probabilities = at::softmax(batcher_->Run(Preprocess(image)), 0).contiguous();
    const float* p = probabilities.data_ptr<float>();
    for (std::size_t i = 0; i < labels_.size(); ++i) result.ranked.push_back({labels_[i], p[i]});
    std::sort(result.ranked.begin(), result.ranked.end(),
              [](const Prediction& a, const Prediction& b) { return a.confidence > b.confidence; });
    result.type = result.ranked.front();
    const Garment garment = IsolateGarment(image);
    result.colors = ColorsOf(garment);
    result.pattern = PatternOf(garment);
    result.style = StyleOf(result.type.label, result.colors, result.pattern.label);
    return result;
  }

  const std::string& version() const override { return version_; }
  float low_confidence_threshold() const override { return low_confidence_; }
  const std::vector<std::string>& labels() const override { return labels_; }

 private:
  // As in training: shorter side to resize_to_, centre crop, RGB in 0..1,
  // 1 x 3 x S x S (the normalisation is inside the model).
  at::Tensor Preprocess(const cv::Mat& image) const {
    cv::Mat scaled;
    const double scale = static_cast<double>(resize_to_) / std::min(image.cols, image.rows);
    cv::resize(image, scaled, cv::Size(), scale, scale, scale < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
    const cv::Rect crop((scaled.cols - input_size_) / 2, (scaled.rows - input_size_) / 2, input_size_, input_size_);
    cv::Mat rgb;
    cv::cvtColor(scaled(crop), rgb, cv::COLOR_BGR2RGB);
    rgb.convertTo(rgb, CV_32FC3, 1.0 / 255.0);
    return torch::from_blob(rgb.data, {1, input_size_, input_size_, 3}, torch::kFloat32).permute({0, 3, 1, 2}).clone();
  }

  // forward() is safe to call from several threads for inference.
  mutable torch::jit::Module module_;
  std::unique_ptr<Batcher> batcher_;
  std::vector<std::string> labels_;
  int input_size_ = 0;
  int resize_to_ = 0;
  std::string version_;
  float low_confidence_ = 0.5f;
};

}  // namespace

std::unique_ptr<ClothingModel> ClothingModel::Load(const std::string& dir, const InferenceOptions& options) {
  return std::make_unique<TorchClothingModel>(dir, options);
}

std::vector<ColorShare> GarmentColors(const std::string& encoded, const ImageLimits& limits) {
  return ColorsOf(IsolateGarment(DecodeForAnalysis(encoded, limits).bgr));
}

Prediction GarmentPattern(const std::string& encoded, const ImageLimits& limits) {
  return PatternOf(IsolateGarment(DecodeForAnalysis(encoded, limits).bgr));
}

}  // namespace stylist::ml
