#include "threads.h"

#include <ATen/Parallel.h>

#include <opencv2/core.hpp>

#include <mutex>

namespace stylist::ml {

void UseOneThreadPerCall() {
  static std::once_flag once;
  std::call_once(once, [] {
    at::set_num_threads(1);
    at::set_num_interop_threads(1);
    cv::setNumThreads(1);
  });
}

}  // namespace stylist::ml
