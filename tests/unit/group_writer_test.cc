#include "db/group_writer.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

namespace stylist::db {
namespace {

using namespace std::chrono_literals;

// Writes `each` distinct values from each of `threads` threads at once and
// returns how many results differed from expect(value).
template <typename Expect>
int WrongResultsFromCrowd(GroupWriter<int, int>& writer, int threads, int each, Expect expect) {
  std::atomic<int> wrong{0};
  std::vector<std::thread> crowd;
  for (int t = 0; t < threads; ++t) {
    crowd.emplace_back([&, t] {
      for (int i = 0; i < each; ++i) {
        const int v = t * 100000 + i;
        if (writer.Write(v) != expect(v)) ++wrong;
      }
    });
  }
  for (auto& th : crowd) th.join();
  return wrong.load();
}

TEST(GroupWriterTest, ALoneRequestIsWrittenAtOnce) {
  int calls = 0;
  GroupWriter<int, int> writer(8, [&](const std::vector<const int*>& batch) {
    ++calls;
    std::vector<int> out;
    for (const int* v : batch) out.push_back(*v * 10);
    return out;
  });
  EXPECT_EQ(writer.Write(4), 40);
  EXPECT_EQ(writer.Write(5), 50);
  EXPECT_EQ(calls, 2);
}

TEST(GroupWriterTest, ConcurrentRequestsShareBatchesAndEachGetsItsOwnResult) {
  std::atomic<int> batches{0};
  std::atomic<int> largest{0};
  GroupWriter<int, int> writer(8, [&](const std::vector<const int*>& batch) {
    ++batches;
    int seen = largest.load();
    while (static_cast<int>(batch.size()) > seen && !largest.compare_exchange_weak(seen, static_cast<int>(batch.size()))) {
    }
    std::this_thread::sleep_for(2ms);  // a commit's flush
    std::vector<int> out;
    for (const int* v : batch) out.push_back(*v * 10);
    return out;
  });
  constexpr int kThreads = 16, kEach = 20;
  EXPECT_EQ(WrongResultsFromCrowd(writer, kThreads, kEach, [](int v) { return v * 10; }), 0);
  EXPECT_LE(largest.load(), 8);
  EXPECT_GT(largest.load(), 1) << "16 writers never shared a batch";
  EXPECT_LT(batches.load(), kThreads * kEach);
}

// With batches smaller than the crowd, a writer whose request is not in its
// first batch keeps writing, and a finished writer hands the writing to the
// oldest waiter: nobody is lost, written twice or left waiting, and batches
// never overlap.
TEST(GroupWriterTest, SmallBatchesHandTheWritingOnWithoutLosingAnyone) {
  std::atomic<int> in_flight{0};
  std::atomic<int> overlapped{0};
  std::atomic<int> written{0};
  GroupWriter<int, int> writer(2, [&](const std::vector<const int*>& batch) {
    if (in_flight.fetch_add(1) != 0) ++overlapped;
    std::this_thread::sleep_for(100us);
    std::vector<int> out;
    for (const int* v : batch) out.push_back(*v + 1);
    written += static_cast<int>(batch.size());
    in_flight.fetch_sub(1);
    return out;
  });
  constexpr int kThreads = 24, kEach = 200;
  EXPECT_EQ(WrongResultsFromCrowd(writer, kThreads, kEach, [](int v) { return v + 1; }), 0);
  EXPECT_EQ(overlapped.load(), 0) << "two batches were written at once";
  EXPECT_EQ(written.load(), kThreads * kEach);
  EXPECT_EQ(writer.Write(7), 8) << "the writer is free again once the crowd is gone";
}

// A statement the database refuses is written again request by request: the
// refused request fails alone.
TEST(GroupWriterTest, ARefusedRequestFailsAloneAndOtherErrorsFailTheBatch) {
  std::atomic<bool> hold{true};
  GroupWriter<int, int> writer(16, [&](const std::vector<const int*>& batch) {
    while (hold.load()) std::this_thread::sleep_for(1ms);
    std::vector<int> out;
    for (const int* v : batch) {
      if (*v < 0) throw pqxx::data_exception("ERROR: value out of range", "INSERT ...", "22003");
      if (*v == 0) throw std::runtime_error("connection lost");
      out.push_back(*v);
    }
    return out;
  });
  std::vector<int> values = {1, 2, -3, 4, 5};
  std::vector<std::thread> threads;
  std::vector<int> results(values.size(), 0);
  std::vector<std::string> errors(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    threads.emplace_back([&, i] {
      try {
        results[i] = writer.Write(values[i]);
      } catch (const std::exception& e) {
        errors[i] = e.what();
      }
    });
  }
  std::this_thread::sleep_for(50ms);  // let them queue behind the first
  hold = false;
  for (auto& th : threads) th.join();
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (values[i] < 0) {
      EXPECT_NE(errors[i].find("out of range"), std::string::npos) << i;
    } else {
      EXPECT_EQ(results[i], values[i]) << i << ": " << errors[i];
    }
  }
  EXPECT_THROW(writer.Write(0), std::runtime_error);
}

}  // namespace
}  // namespace stylist::db
