// Skin analysis with OpenCV: a Haar-cascade face detector, a quality gate,
// then measurements on the face (normalised to 256 x 256) that score the
// conditions and the skin type. See skin_analyzer.h for what the numbers
// mean and what they do not.
#include "stylist_ml/skin_analyzer.h"

#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>

#include <array>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>

#include "decode.h"
#include "skin_measure.h"
#include "threads.h"

namespace stylist::ml {
namespace {

// Face detection passes. A Haar cascade's cost grows with the image size,
// the number of scales (scale_step) and how small a face it looks for
// (the shorter side / min_face_fraction). The first pass fits selfies and
// takes about 30 ms on one core; the second, for small faces, runs only
// when the first found none.
struct DetectPass {
  int side;
  int min_face_fraction;
  double scale_step;
};
constexpr std::array<DetectPass, 2> kDetectPasses = {{{480, 8, 1.15}, {1024, 32, 1.1}}};
constexpr int kMinFacePixels = 90;    // face box width in the photo's pixels
constexpr double kMinFaceShare = 0.12;  // face width / shorter image side
constexpr double kTooDarkBelow = 28;  // mean L* of the face
constexpr double kTooBrightAbove = 88;
constexpr double kClippedShareAbove = 0.25;  // share of blown-out face pixels
constexpr double kBlurredBelow = 250;  // variance of the Laplacian, face at 256 px (sharp portraits: 1500+)

const char* HintFor(SkinPhotoIssue issue) {
  switch (issue) {
    case SkinPhotoIssue::kNoFace: return "No face was found: face the camera, with your whole face in the frame.";
    case SkinPhotoIssue::kMultipleFaces: return "Several faces were found; the largest one was analysed.";
    case SkinPhotoIssue::kFaceTooSmall: return "Your face is too small in the photo: move closer to the camera.";
    case SkinPhotoIssue::kTooDark: return "The photo is too dark: face a window or a lamp.";
    case SkinPhotoIssue::kTooBright: return "The photo is overexposed: avoid direct sunlight or the flash.";
    case SkinPhotoIssue::kBlurred: return "The photo is blurred: hold the phone still and tap to focus.";
  }
  return "";
}

class CascadeSkinAnalyzer final : public SkinAnalyzer {
 public:
  explicit CascadeSkinAnalyzer(const std::string& path) {
    UseOneThreadPerCall();
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ModelError("cannot read the face detector " + path);
    std::ostringstream xml;
    xml << in.rdbuf();
    xml_ = xml.str();
    // One trial detector: a file that does not load fails at start.
    Release(Acquire());
    version_ = "skin-measure/1+" + std::filesystem::path(path).stem().string();
  }

  SkinResult Analyze(const std::string& encoded, const ImageLimits& limits) const override {
    const DecodedImage decoded = DecodeForAnalysis(encoded, limits);
    const cv::Mat& image = decoded.bgr;
    SkinResult result;
    SkinQuality& q = result.quality;
    // Selfies fill the frame: a first pass at a small size finds their face
    // quickly; only when it finds none does a finer pass look for small ones
    // (to say "too small" rather than "no face").
    cv::Mat work;
    std::vector<cv::Rect> faces;
    for (const auto& pass : kDetectPasses) {
      work = FitWithin(image, pass.side);
      faces = DetectFaces(work, pass);
      if (!faces.empty() || std::max(work.cols, work.rows) < pass.side) break;
    }
    const double to_image = static_cast<double>(image.cols) / work.cols;
    q.faces = static_cast<int>(faces.size());
    if (faces.empty()) {
      q.issues.push_back(SkinPhotoIssue::kNoFace);
      q.hint = HintFor(SkinPhotoIssue::kNoFace);
      return result;
    }
    const cv::Rect face = *std::max_element(faces.begin(), faces.end(),
                                            [](const cv::Rect& a, const cv::Rect& b) { return a.area() < b.area(); });
    if (faces.size() > 1) q.issues.push_back(SkinPhotoIssue::kMultipleFaces);
    q.face = {static_cast<int>(face.x * to_image), static_cast<int>(face.y * to_image),
              static_cast<int>(face.width * to_image), static_cast<int>(face.height * to_image)};
    if (q.face.width < kMinFacePixels || q.face.width < kMinFaceShare * std::min(image.cols, image.rows)) {
      q.issues.push_back(SkinPhotoIssue::kFaceTooSmall);
    }

    // Measured on the full-resolution photo, not the detection copy.
    const FaceImage f = NormaliseFace(image, cv::Rect(q.face.x, q.face.y, q.face.width, q.face.height));
    const Exposure exposure = MeasureExposure(f);
    if (exposure.mean_lightness < kTooDarkBelow) q.issues.push_back(SkinPhotoIssue::kTooDark);
    if (exposure.mean_lightness > kTooBrightAbove || exposure.clipped_share > kClippedShareAbove) {
      q.issues.push_back(SkinPhotoIssue::kTooBright);
    }
    const double sharpness = Sharpness(f);
    if (sharpness < kBlurredBelow) q.issues.push_back(SkinPhotoIssue::kBlurred);

    q.passed = std::all_of(q.issues.begin(), q.issues.end(),
                           [](SkinPhotoIssue i) { return i == SkinPhotoIssue::kMultipleFaces; });
    // The hint names the first blocking problem, or the warning.
    for (const auto issue : q.issues) {
      q.hint = HintFor(issue);
      if (issue != SkinPhotoIssue::kMultipleFaces) break;
    }
    if (!q.passed) return result;

    result.measurements = Measure(f);
    result.measurements.sharpness = sharpness;
    const SkinScores scores = ScoreSkin(result.measurements);
    result.conditions = scores.conditions;
    result.skin_type = kSkinTypes[scores.type_index];
    result.skin_type_confidence = scores.type_confidence;
    return result;
  }

  const std::string& version() const override { return version_; }

 private:
  std::vector<cv::Rect> DetectFaces(const cv::Mat& bgr, const DetectPass& pass) const {
    cv::Mat gray;
    cv::cvtColor(bgr, gray, cv::COLOR_BGR2GRAY);
    cv::equalizeHist(gray, gray);
    std::vector<cv::Rect> faces;
    auto detector = Acquire();
    const int min_side = std::max(24, std::min(bgr.cols, bgr.rows) / pass.min_face_fraction);
    detector->detectMultiScale(gray, faces, pass.scale_step, 5, 0, cv::Size(min_side, min_side));
    Release(std::move(detector));
    return faces;
  }

  // CascadeClassifier is not safe to share between threads: a small pool,
  // grown on demand (each one parses the XML once).
  std::unique_ptr<cv::CascadeClassifier> Acquire() const {
    {
      std::lock_guard lock(mu_);
      if (!idle_.empty()) {
        auto c = std::move(idle_.back());
        idle_.pop_back();
        return c;
      }
    }
    auto c = std::make_unique<cv::CascadeClassifier>();
    cv::FileStorage fs(xml_, cv::FileStorage::READ | cv::FileStorage::MEMORY);
    if (!fs.isOpened() || !c->read(fs.getFirstTopLevelNode()) || c->empty()) {
      throw ModelError("the face detector file is not an OpenCV cascade");
    }
    return c;
  }
  void Release(std::unique_ptr<cv::CascadeClassifier> c) const {
    std::lock_guard lock(mu_);
    idle_.push_back(std::move(c));
  }

  std::string xml_;
  std::string version_;
  mutable std::mutex mu_;
  mutable std::vector<std::unique_ptr<cv::CascadeClassifier>> idle_;
};

}  // namespace

std::unique_ptr<SkinAnalyzer> SkinAnalyzer::Load(const std::string& face_cascade_path) {
  try {
    return std::make_unique<CascadeSkinAnalyzer>(face_cascade_path);
  } catch (const cv::Exception& e) {
    throw ModelError("the face detector " + face_cascade_path + " does not load: " + e.what());
  }
}

}  // namespace stylist::ml
