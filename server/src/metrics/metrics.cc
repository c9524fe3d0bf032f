#include "metrics/metrics.h"

#include <prometheus/collectable.h>
#include <prometheus/counter.h>
#include <prometheus/exposer.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/metric_family.h>
#include <prometheus/registry.h>

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <unordered_map>

namespace stylist::metrics {
namespace {

// Gauges computed at scrape time (AddScrapedGauges).
class ScrapedGauges final : public prometheus::Collectable {
 public:
  void Add(std::vector<ScrapedGauge> gauges, std::function<std::vector<GaugeReading>()> read) {
    std::lock_guard lock(mu_);
    groups_.push_back({std::move(gauges), std::move(read)});
  }

  std::vector<prometheus::MetricFamily> Collect() const override {
    std::lock_guard lock(mu_);
    std::vector<prometheus::MetricFamily> out;
    for (const auto& group : groups_) {
      std::vector<GaugeReading> readings;
      try {
        readings = group.read();
      } catch (const std::exception&) {
        continue;  // e.g. the database away: no stale value is shown
      }
      for (std::size_t i = 0; i < group.gauges.size() && i < readings.size(); ++i) {
        const ScrapedGauge& g = group.gauges[i];
        prometheus::MetricFamily family;
        family.name = g.name;
        family.help = g.help;
        family.type = prometheus::MetricType::Gauge;
        for (const auto& [label_value, value] : readings[i]) {
          prometheus::ClientMetric m;
          if (!g.label.empty()) m.label.push_back({g.label, label_value});
          m.gauge.value = value;
          family.metric.push_back(std::move(m));
        }
        out.push_back(std::move(family));
      }
    }
    return out;
  }

 private:
  struct Group {
    std::vector<ScrapedGauge> gauges;
    std::function<std::vector<GaugeReading>()> read;
  };
  mutable std::mutex mu_;
  std::vector<Group> groups_;
};

// The process's own figures, under the names Prometheus' client libraries
// use (process_*), read from /proc at scrape time.
class ProcessCollector final : public prometheus::Collectable {
 public:
  std::vector<prometheus::MetricFamily> Collect() const override {
    std::vector<prometheus::MetricFamily> out;
    auto add = [&out](const char* name, const char* help, prometheus::MetricType type, double value) {
      prometheus::MetricFamily family;
      family.name = name;
      family.help = help;
      family.type = type;
      prometheus::ClientMetric m;
      if (type == prometheus::MetricType::Counter) {
        m.counter.value = value;
      } else {
        m.gauge.value = value;
      }
      family.metric.push_back(std::move(m));
      out.push_back(std::move(family));
    };
    const double page = static_cast<double>(sysconf(_SC_PAGESIZE));
    std::ifstream statm("/proc/self/statm");
    double size_pages = 0, resident_pages = 0;
    if (statm >> size_pages >> resident_pages) {
      add("process_resident_memory_bytes", "Resident memory size in bytes", prometheus::MetricType::Gauge,
          resident_pages * page);
      add("process_virtual_memory_bytes", "Virtual memory size in bytes", prometheus::MetricType::Gauge,
          size_pages * page);
    }
    // /proc/self/stat: utime and stime are fields 14 and 15, after the
    // command name in parentheses (which may hold spaces).
    std::ifstream stat_file("/proc/self/stat");
    std::string stat;
    std::getline(stat_file, stat);
    if (const auto close = stat.rfind(')'); close != std::string::npos) {
      std::istringstream fields(stat.substr(close + 2));
      std::string field;
      double utime = 0, stime = 0;
      for (int i = 3; i <= 15 && fields >> field; ++i) {
        if (i == 14) utime = std::stod(field);
        if (i == 15) stime = std::stod(field);
      }
      add("process_cpu_seconds_total", "User and system CPU time spent in seconds", prometheus::MetricType::Counter,
          (utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK)));
    }
    std::error_code ec;
    double fds = 0;
    for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec);
         !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
      ++fds;
    }
    if (!ec) add("process_open_fds", "Number of open file descriptors", prometheus::MetricType::Gauge, fds);
    return out;
  }
};

// RPC latency buckets, in seconds: sub-millisecond reads to slow model calls.
const prometheus::Histogram::BucketBoundaries kRpcBuckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                          0.1,    0.25,  0.5,    1,     2.5,  5,    10, 30};

struct State {
  std::shared_ptr<prometheus::Registry> registry = std::make_shared<prometheus::Registry>();
  prometheus::Family<prometheus::Histogram>& rpc =
      prometheus::BuildHistogram()
          .Name("stylist_rpc_duration_seconds")
          .Help("Time to finish an RPC, by method and status code (its _count is the requests by code)")
          .Register(*registry);
  prometheus::Histogram& db_wait =
      prometheus::BuildHistogram()
          .Name("stylist_db_pool_wait_seconds")
          .Help("Time spent waiting for a database connection from the pool")
          .Register(*registry)
          .Add({}, prometheus::Histogram::BucketBoundaries{0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 2, 5});
  prometheus::Family<prometheus::Histogram>& inference_seconds =
      prometheus::BuildHistogram()
          .Name("stylist_inference_batch_seconds")
          .Help("Time of one model forward pass, by model")
          .Register(*registry);
  prometheus::Family<prometheus::Histogram>& inference_batch =
      prometheus::BuildHistogram()
          .Name("stylist_inference_batch_size")
          .Help("Inputs run together in one model forward pass, by model")
          .Register(*registry);
  prometheus::Family<prometheus::Gauge>& chat_streams = prometheus::BuildGauge()
                                                            .Name("stylist_chat_streams_active")
                                                            .Help("Chat streams open now, by method")
                                                            .Register(*registry);
  prometheus::Histogram& first_token =
      prometheus::BuildHistogram()
          .Name("stylist_chat_first_token_seconds")
          .Help("From the start of a chat turn to the first piece of its answer")
          .Register(*registry)
          .Add({}, prometheus::Histogram::BucketBoundaries{0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30});
  prometheus::Family<prometheus::Counter>& refused =
      prometheus::BuildCounter()
          .Name("stylist_refused_total")
          .Help("Calls refused with RESOURCE_EXHAUSTED, by method and reason (RATE_LIMITED: a rate limit; "
                "SERVER_BUSY, INFERENCE_BUSY, ...: a full queue)")
          .Register(*registry);
  std::shared_ptr<ScrapedGauges> scraped = std::make_shared<ScrapedGauges>();
  std::shared_ptr<ProcessCollector> process = std::make_shared<ProcessCollector>();
  std::mutex mu;
  std::unique_ptr<prometheus::Exposer> exposer;
};

State& TheState() {
  static State state;
  return state;
}

std::atomic<bool> serving{false};

}  // namespace

int Serve(const std::string& address) {
  State& s = TheState();
  std::lock_guard lock(s.mu);
  try {
    s.exposer = std::make_unique<prometheus::Exposer>(address, /*num_threads=*/1);
  } catch (const std::exception& e) {
    throw std::runtime_error("metrics: cannot listen at " + address + ": " + e.what());
  }
  s.exposer->RegisterCollectable(s.registry);
  s.exposer->RegisterCollectable(s.scraped);
  s.exposer->RegisterCollectable(s.process);
  serving = true;
  const auto ports = s.exposer->GetListeningPorts();
  return ports.empty() ? 0 : ports.front();
}

void Stop() {
  State& s = TheState();
  std::lock_guard lock(s.mu);
  serving = false;
  s.exposer.reset();
}

void ObserveRpc(std::string_view method, std::string_view code, std::chrono::steady_clock::duration duration) {
  if (!serving.load(std::memory_order_relaxed)) return;
  // Family::Add takes the family's lock; each thread keeps the series it
  // has used, so the hot path is a lookup in a thread-local map.
  thread_local std::unordered_map<std::string, prometheus::Histogram*> series;
  std::string key;
  key.reserve(method.size() + code.size() + 1);
  key.append(method).push_back('\n');
  key.append(code);
  auto it = series.find(key);
  if (it == series.end()) {
    auto& h = TheState().rpc.Add({{"method", std::string(method)}, {"code", std::string(code)}}, kRpcBuckets);
    it = series.emplace(std::move(key), &h).first;
  }
  it->second->Observe(std::chrono::duration<double>(duration).count());
}

void ObserveDbWait(std::chrono::steady_clock::duration wait) {
  if (!serving.load(std::memory_order_relaxed)) return;
  TheState().db_wait.Observe(std::chrono::duration<double>(wait).count());
}

void ObserveInferenceBatch(std::string_view model, int batch_size, std::chrono::steady_clock::duration duration) {
  if (!serving.load(std::memory_order_relaxed)) return;
  // Family::Add finds the existing series: a lock and a hash per batch,
  // small beside a forward pass.
  State& s = TheState();
  const prometheus::Labels labels{{"model", std::string(model)}};
  s.inference_seconds.Add(labels, prometheus::Histogram::BucketBoundaries{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5})
      .Observe(std::chrono::duration<double>(duration).count());
  s.inference_batch.Add(labels, prometheus::Histogram::BucketBoundaries{1, 2, 4, 8, 16, 32})
      .Observe(static_cast<double>(batch_size));
}

void ChatStreamOpened(std::string_view method) {
  TheState().chat_streams.Add({{"method", std::string(method)}}).Increment();
}

void ChatStreamClosed(std::string_view method) {
  TheState().chat_streams.Add({{"method", std::string(method)}}).Decrement();
}

void ObserveFirstToken(std::chrono::steady_clock::duration duration) {
  if (!serving.load(std::memory_order_relaxed)) return;
  TheState().first_token.Observe(std::chrono::duration<double>(duration).count());
}

void CountRefused(std::string_view method, std::string_view reason) {
  if (!serving.load(std::memory_order_relaxed)) return;
  TheState().refused.Add({{"method", std::string(method)}, {"reason", std::string(reason)}}).Increment();
}

void AddScrapedGauges(std::vector<ScrapedGauge> gauges, std::function<std::vector<GaugeReading>()> read) {
  TheState().scraped->Add(std::move(gauges), std::move(read));
}

}  // namespace stylist::metrics
