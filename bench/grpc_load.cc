// stylist-grpc-load: a closed-loop load generator for one unary gRPC method.
//
// The benchmarks run on the same 2-core machine as the server, so the load
// generator's own CPU is taken from the system under test. ghz spent about as
// much CPU per call as the server did (a third of the machine during the
// ListItems run); this tool keeps `concurrency` calls in flight from one
// completion-queue thread with a request serialised once and replies left
// unparsed, so nearly all the CPU goes to the server and its database.
//
//   stylist-grpc-load --target 127.0.0.1:50051
//     --call stylist.v1.WardrobeService.ListItems --data '{"page_size":20}'
//     --metadata 'authorization=Bearer ...' --concurrency 32 --duration 15
//
// With --rate R it is an open loop instead: a call is due every 1/R seconds
// (at most `concurrency` in flight), and latency is measured from when the
// call was due, so a slow answer that delays later calls counts against them
// too (no coordinated omission). That compares the latency two targets add
// at one offered load, below either's saturation.
//
// Prints one JSON object: calls, rps, p50_ms, p90_ms, p99_ms, max_ms and the
// count of every status code seen. Latency is measured from the start of a
// call (or, with --rate, from when it was due) to its completion as seen by
// this client.

#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/util/json_util.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string target;
  std::string call;  // package.Service.Method
  std::string data = "{}";
  std::vector<std::pair<std::string, std::string>> metadata;
  // Per-call metadata taken in turn (one "key=value" a line), e.g. the
  // tokens of many users, so the server sees many callers, not one.
  std::vector<std::pair<std::string, std::string>> rotating;
  int concurrency = 32;
  int connections = 1;
  double duration_s = 10;
  double warmup_s = 1;
  double rate = 0;  // calls a second (open loop); 0: closed loop
};

[[noreturn]] void Usage(const std::string& why) {
  std::cerr << "stylist-grpc-load: " << why << "\n"
            << "usage: stylist-grpc-load --target HOST:PORT --call pkg.Service.Method [--data JSON]\n"
            << "         [--metadata key=value]... [--metadata-file FILE] [--concurrency N] [--connections N]\n"
            << "         [--duration SECONDS] [--warmup SECONDS] [--rate CALLS_PER_SECOND]\n";
  std::exit(2);
}

Options Parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) Usage("missing value for " + flag);
    const std::string value = argv[++i];
    if (flag == "--target") o.target = value;
    else if (flag == "--call") o.call = value;
    else if (flag == "--data") o.data = value;
    else if (flag == "--metadata") {
      const auto eq = value.find('=');
      if (eq == std::string::npos) Usage("--metadata takes key=value");
      o.metadata.emplace_back(value.substr(0, eq), value.substr(eq + 1));
    } else if (flag == "--metadata-file") {
      std::ifstream in(value);
      if (!in) Usage("cannot read " + value);
      for (std::string line; std::getline(in, line);) {
        if (line.empty()) continue;
        const auto eq = line.find('=');
        if (eq == std::string::npos) Usage(value + ": every line is key=value");
        o.rotating.emplace_back(line.substr(0, eq), line.substr(eq + 1));
      }
      if (o.rotating.empty()) Usage(value + " is empty");
    } else if (flag == "--concurrency") o.concurrency = std::atoi(value.c_str());
    else if (flag == "--connections") o.connections = std::atoi(value.c_str());
    else if (flag == "--duration") o.duration_s = std::atof(value.c_str());
    else if (flag == "--warmup") o.warmup_s = std::atof(value.c_str());
    else if (flag == "--rate") o.rate = std::atof(value.c_str());
    else Usage("unknown flag " + flag);
  }
  if (o.target.empty() || o.call.empty()) Usage("--target and --call are required");
  if (o.concurrency < 1 || o.connections < 1 || o.duration_s <= 0 || o.warmup_s < 0 || o.rate < 0) {
    Usage("concurrency and connections must be positive, duration above zero, rate not negative");
  }
  return o;
}

// The request message, from JSON, serialised once for every call.
grpc::ByteBuffer RequestBytes(const Options& o, std::string* method_path) {
  const auto* pool = google::protobuf::DescriptorPool::generated_pool();
  const auto* method = pool->FindMethodByName(o.call);
  if (method == nullptr) Usage("no method " + o.call + " in the linked contracts");
  if (method->client_streaming() || method->server_streaming()) Usage(o.call + " is not unary");
  *method_path = "/" + method->service()->full_name() + "/" + method->name();
  google::protobuf::DynamicMessageFactory factory(pool);
  std::unique_ptr<google::protobuf::Message> request(factory.GetPrototype(method->input_type())->New());
  const auto status = google::protobuf::util::JsonStringToMessage(o.data, request.get());
  if (!status.ok()) Usage("--data is not a " + method->input_type()->full_name() + ": " + status.ToString());
  const std::string bytes = request->SerializeAsString();
  grpc::Slice slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

struct Call {
  grpc::ClientContext context;
  grpc::ByteBuffer reply;
  grpc::Status status;
  std::unique_ptr<grpc::GenericClientAsyncResponseReader> reader;
  Clock::time_point start;  // when the call was due (closed loop: started)
  int slot = 0;
};

}  // namespace

int main(int argc, char** argv) {
  const Options o = Parse(argc, argv);
  std::string method_path;
  const grpc::ByteBuffer request = RequestBytes(o, &method_path);

  std::vector<std::unique_ptr<grpc::GenericStub>> stubs;
  for (int i = 0; i < o.connections; ++i) {
    grpc::ChannelArguments args;
    // A channel of its own for each connection, not one shared subchannel.
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    args.SetInt("stylist.load.channel", i);
    stubs.push_back(std::make_unique<grpc::GenericStub>(
        grpc::CreateCustomChannel(o.target, grpc::InsecureChannelCredentials(), args)));
  }

  grpc::CompletionQueue cq;
  const auto begin = Clock::now();
  const auto measure_from = begin + std::chrono::duration_cast<Clock::duration>(
                                        std::chrono::duration<double>(o.warmup_s));
  const auto stop_at = measure_from + std::chrono::duration_cast<Clock::duration>(
                                          std::chrono::duration<double>(o.duration_s));
  std::vector<std::uint32_t> latencies_us;
  latencies_us.reserve(static_cast<std::size_t>(o.duration_s * 20000));
  std::map<int, long> codes;

  std::size_t next_rotating = 0;
  auto start_call = [&](int slot, Clock::time_point due) {
    auto* call = new Call;
    call->slot = slot;
    for (const auto& [k, v] : o.metadata) call->context.AddMetadata(k, v);
    if (!o.rotating.empty()) {
      const auto& [k, v] = o.rotating[next_rotating++ % o.rotating.size()];
      call->context.AddMetadata(k, v);
    }
    call->context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    call->start = due;
    call->reader = stubs[static_cast<std::size_t>(slot % o.connections)]->PrepareUnaryCall(
        &call->context, method_path, request, &cq);
    call->reader->StartCall();
    call->reader->Finish(&call->reply, &call->status, call);
  };
  // A completed call: counted when it was due inside the measured window.
  auto finish = [&](Call* call, Clock::time_point now) {
    if (call->start >= measure_from && now <= stop_at) {
      latencies_us.push_back(static_cast<std::uint32_t>(
          std::chrono::duration_cast<std::chrono::microseconds>(now - call->start).count()));
      ++codes[call->status.error_code()];
    }
  };

  void* tag = nullptr;
  bool ok = false;
  if (o.rate == 0) {
    for (int slot = 0; slot < o.concurrency; ++slot) start_call(slot, Clock::now());
    int in_flight = o.concurrency;
    while (in_flight > 0 && cq.Next(&tag, &ok)) {
      std::unique_ptr<Call> call(static_cast<Call*>(tag));
      const auto now = Clock::now();
      --in_flight;
      finish(call.get(), now);
      if (now < stop_at) {
        start_call(call->slot, now);
        ++in_flight;
      }
    }
  } else {
    const auto interval = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / o.rate));
    auto due = begin;
    int in_flight = 0;
    int next_slot = 0;
    for (;;) {
      auto now = Clock::now();
      // Every call now due goes out, as far as the cap on calls in flight
      // allows; the rest wait, and their wait counts in their latency.
      while (due <= now && due < stop_at && in_flight < o.concurrency) {
        start_call(next_slot++, due);
        ++in_flight;
        due += interval;
      }
      if (in_flight == 0 && due >= stop_at) break;
      const auto wake = (due < stop_at && in_flight < o.concurrency) ? due : stop_at + std::chrono::seconds(60);
      // gRPC takes deadlines on the system clock.
      const auto got = cq.AsyncNext(&tag, &ok, std::chrono::system_clock::now() + (wake - Clock::now()));
      if (got == grpc::CompletionQueue::SHUTDOWN) break;
      if (got == grpc::CompletionQueue::GOT_EVENT) {
        std::unique_ptr<Call> call(static_cast<Call*>(tag));
        --in_flight;
        finish(call.get(), Clock::now());
      }
    }
  }
  cq.Shutdown();
  while (cq.Next(&tag, &ok)) delete static_cast<Call*>(tag);

  if (latencies_us.empty()) {
    std::cerr << "stylist-grpc-load: no call completed within the measured window\n";
    return 1;
  }
  std::sort(latencies_us.begin(), latencies_us.end());
  auto pct = [&](double p) {
    const auto i = static_cast<std::size_t>(p / 100.0 * static_cast<double>(latencies_us.size() - 1));
    return latencies_us[i] / 1000.0;
  };
  // Throughput over the measured window: calls started (due) after the
  // warm-up and completed before the stop.
  const double window = std::chrono::duration<double>(o.duration_s).count();
  std::printf("{\"calls\": %zu, \"rps\": %.1f, \"p50_ms\": %.3f, \"p90_ms\": %.3f, \"p99_ms\": %.3f, "
              "\"max_ms\": %.3f, \"codes\": {",
              latencies_us.size(), static_cast<double>(latencies_us.size()) / window, pct(50), pct(90), pct(99),
              latencies_us.back() / 1000.0);
  static constexpr const char* kCodes[] = {
      "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
      "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
      "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS",
      "UNAUTHENTICATED"};
  bool first = true;
  for (const auto& [code, count] : codes) {
    std::printf("%s\"%s\": %ld", first ? "" : ", ", code >= 0 && code <= 16 ? kCodes[code] : "UNKNOWN", count);
    first = false;
  }
  std::printf("}}\n");
  return 0;
}
