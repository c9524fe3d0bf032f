#include "db/group_writer.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

namespace stylist::db {
namespace {

using namespace std::chrono_literals;

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
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        const int v = t * 1000 + i;
        if (writer.Write(v) != v * 10) ++wrong;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_LE(largest.load(), 8);
  EXPECT_GT(largest.load(), 1) << "16 writers never shared a batch";
  EXPECT_LT(batches.load(), kThreads * kEach);
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
