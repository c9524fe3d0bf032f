#pragma once
// The server's Prometheus metrics (prometheus-cpp), served as /metrics on
// an admin listener that is never the public port (STYLIST_METRICS_ADDRESS,
// default 127.0.0.1:9091; the edge does not forward it). Like logging, the
// recording functions work on one process-wide registry, so any layer may
// record without carrying it; they cost one atomic load until Serve() is
// called. prometheus-cpp's headers stay in metrics.cc.

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace stylist::metrics {

// Starts serving /metrics at address ("host:port"; port 0 picks a free
// one) and returns the port. Throws std::runtime_error when it cannot
// listen there.
int Serve(const std::string& address);

// Stops serving (at shutdown, before what the scraped gauges read goes).
void Stop();

// One finished RPC: its full method name, status code name ("OK",
// "NOT_FOUND", ...) and how long it took.
void ObserveRpc(std::string_view method, std::string_view code, std::chrono::steady_clock::duration duration);

// Time a caller waited for a database connection (the pool's Acquire),
// whether it got one or not.
void ObserveDbWait(std::chrono::steady_clock::duration wait);

// One forward pass of a model (e.g. "clothing"): how many inputs it ran
// together and how long it took.
void ObserveInferenceBatch(std::string_view model, int batch_size, std::chrono::steady_clock::duration duration);

// A chat stream (method "Converse", "StreamReply", ...) opened or ended;
// the gauge counts those open now. Recorded whether or not /metrics is
// served, so it stays right when serving starts after the first calls.
void ChatStreamOpened(std::string_view method);
void ChatStreamClosed(std::string_view method);

// From the start of a chat turn to the first piece of its answer.
void ObserveFirstToken(std::chrono::steady_clock::duration duration);

// A call refused with RESOURCE_EXHAUSTED, by its reason: RATE_LIMITED (a
// per-address, per-account or per-user limit), SERVER_BUSY,
// INFERENCE_BUSY, ... (a full queue).
void CountRefused(std::string_view method, std::string_view reason);

// (label value, value) pairs of a gauge read at scrape time.
using GaugeReading = std::vector<std::pair<std::string, double>>;

// A gauge read at scrape time: one series per value of `label` (e.g. the
// outbox's messages by state); an empty label: one series, the reading's
// only value.
struct ScrapedGauge {
  std::string name, help, label;
};

// Gauges whose values are read together when /metrics is scraped: `read`
// (one query for several figures) returns one reading per gauge, in order.
// A read that throws leaves its gauges out of that scrape.
void AddScrapedGauges(std::vector<ScrapedGauge> gauges, std::function<std::vector<GaugeReading>()> read);

}  // namespace stylist::metrics
