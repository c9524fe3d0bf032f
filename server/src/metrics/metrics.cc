#include "metrics/metrics.h"

#include <prometheus/collectable.h>
#include <prometheus/exposer.h>
#include <prometheus/family.h>
#include <prometheus/histogram.h>
#include <prometheus/metric_family.h>
#include <prometheus/registry.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <stdexcept>
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
  std::shared_ptr<ScrapedGauges> scraped = std::make_shared<ScrapedGauges>();
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

void AddScrapedGauges(std::vector<ScrapedGauge> gauges, std::function<std::vector<GaugeReading>()> read) {
  TheState().scraped->Add(std::move(gauges), std::move(read));
}

}  // namespace stylist::metrics
