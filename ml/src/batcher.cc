#include "batcher.h"

#include <algorithm>

namespace stylist::ml {

Batcher::Batcher(torch::jit::Module& module, InferenceOptions options) : module_(module), options_([&] {
  if (options.threads <= 0) options.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  options.max_batch = std::max(1, options.max_batch);
  options.max_queue = std::max(1, options.max_queue);
  return options;
}()) {
  for (int i = 0; i < options_.threads; ++i) threads_.emplace_back([this] { Loop(); });
}

Batcher::~Batcher() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  ready_.notify_all();
  for (auto& t : threads_) t.join();
}

at::Tensor Batcher::Run(at::Tensor input) {
  std::future<at::Tensor> result;
  {
    std::lock_guard lock(mu_);
    if (static_cast<int>(queue_.size()) >= options_.max_queue) {
      throw BusyError("the inference queue is full (" + std::to_string(options_.max_queue) + " waiting)");
    }
    queue_.push_back({std::move(input), {}});
    result = queue_.back().result.get_future();
  }
  ready_.notify_one();
  return result.get();
}

void Batcher::Loop() {
  for (;;) {
    std::vector<Job> batch;
    {
      std::unique_lock lock(mu_);
      ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, nothing left
      while (!queue_.empty() && static_cast<int>(batch.size()) < options_.max_batch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    try {
      std::vector<at::Tensor> inputs;
      inputs.reserve(batch.size());
      for (auto& job : batch) inputs.push_back(job.input);
      at::Tensor output;
      const auto started = std::chrono::steady_clock::now();
      {
        c10::InferenceMode guard;
        output = module_.forward({at::cat(inputs, 0)}).toTensor();
      }
      if (options_.on_batch) {
        options_.on_batch(static_cast<int>(batch.size()), std::chrono::steady_clock::now() - started);
      }
      for (std::size_t i = 0; i < batch.size(); ++i) {
        batch[i].result.set_value(output[static_cast<long>(i)].clone());
      }
    } catch (const std::exception& e) {
      for (auto& job : batch) {
        job.result.set_exception(std::make_exception_ptr(ModelError(std::string("inference failed: ") + e.what())));
      }
    }
  }
}

}  // namespace stylist::ml
