// Runs a TorchScript module on a bounded number of inference threads,
// batching concurrent requests: a thread that finds several inputs queued
// runs them as one forward pass (up to max_batch), so under load the
// per-image cost falls, and a lone request never waits for company.
#pragma once

#include <torch/script.h>

#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include "stylist_ml/common.h"

namespace stylist::ml {

class Batcher {
 public:
  // `module` must outlive the batcher. Resolves options.threads == 0 to the
  // number of cores.
  Batcher(torch::jit::Module& module, InferenceOptions options);
  ~Batcher();
  Batcher(const Batcher&) = delete;
  Batcher& operator=(const Batcher&) = delete;

  // One input, 1 x C x H x W; returns its output row (C). Blocks until
  // done. Throws BusyError when max_queue inputs already wait, ModelError
  // when the forward pass fails.
  at::Tensor Run(at::Tensor input);

 private:
  struct Job {
    at::Tensor input;
    std::promise<at::Tensor> result;
  };
  void Loop();

  torch::jit::Module& module_;
  const InferenceOptions options_;
  std::mutex mu_;
  std::condition_variable ready_;
  std::deque<Job> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace stylist::ml
