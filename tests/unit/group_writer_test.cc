#include "db/group_writer.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace stylist::db {
namespace {

using namespace std::chrono_literals;

// Holds the writer inside write_all (Pass) until the test has queued more
// requests behind its batch (WaitForWriter, then Open).
class Gate {
 public:
  void Pass() {
    entered_ = true;
    while (held_.load()) std::this_thread::sleep_for(1ms);
  }
  void WaitForWriter() const {
    while (!entered_.load()) std::this_thread::sleep_for(1ms);
  }
  void Open() { held_ = false; }

 private:
  std::atomic<bool> held_{true};
  std::atomic<bool> entered_{false};
};

// Submits v and waits for its outcome: its result, or what writing it threw.
int WriteAndWait(GroupWriter<int, int>& writer, int v) {
  std::promise<int> outcome;
  auto result = outcome.get_future();
  writer.Submit(v, [&outcome](int* r, std::exception_ptr error) {
    if (error) {
      outcome.set_exception(error);
    } else {
      outcome.set_value(*r);
    }
  });
  return result.get();
}

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
        if (WriteAndWait(writer, v) != expect(v)) ++wrong;
      }
    });
  }
  for (auto& th : crowd) th.join();
  return wrong.load();
}

TEST(GroupWriterTest, ALoneRequestIsWrittenAtOnceOnTheCallersThread) {
  int calls = 0;
  GroupWriter<int, int> writer(8, 1000, [&](const std::vector<const int*>& batch) {
    ++calls;
    std::vector<int> out;
    for (const int* v : batch) out.push_back(*v * 10);
    return out;
  });
  int got = 0;
  writer.Submit(4, [&](int* r, std::exception_ptr) { got = *r; });
  EXPECT_EQ(got, 40) << "delivered before Submit returned";
  EXPECT_EQ(WriteAndWait(writer, 5), 50);
  EXPECT_EQ(calls, 2);
}

// A request that arrives while a batch is written is queued and Submit
// returns at once; the writer delivers its result with the next batch.
TEST(GroupWriterTest, ACallerArrivingDuringAWriteDoesNotWait) {
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<void> first_batch_started;
  std::atomic<int> batches{0};
  GroupWriter<int, int> writer(8, 1000, [&](const std::vector<const int*>& batch) {
    if (batches.fetch_add(1) == 0) {
      first_batch_started.set_value();
      released.wait();
    }
    std::vector<int> out;
    for (const int* v : batch) out.push_back(*v + 100);
    return out;
  });
  std::thread::id writer_thread;
  std::thread first([&] {
    writer_thread = std::this_thread::get_id();
    EXPECT_EQ(WriteAndWait(writer, 1), 101);
  });
  first_batch_started.get_future().wait();
  std::vector<int> results;
  std::vector<std::thread::id> delivered_on;
  std::mutex m;
  for (int v = 2; v <= 4; ++v) {
    writer.Submit(v, [&](int* r, std::exception_ptr) {
      std::lock_guard lock(m);
      results.push_back(*r);
      delivered_on.push_back(std::this_thread::get_id());
    });
  }
  {
    std::lock_guard lock(m);
    EXPECT_TRUE(results.empty()) << "three Submits returned while the first batch was still being written";
  }
  release.set_value();
  first.join();
  EXPECT_EQ(results, (std::vector<int>{102, 103, 104}));
  for (const auto& id : delivered_on) EXPECT_EQ(id, writer_thread);
  EXPECT_EQ(batches.load(), 2) << "the three queued requests shared one batch";
}

TEST(GroupWriterTest, ConcurrentRequestsShareBatchesAndEachGetsItsOwnResult) {
  std::atomic<int> batches{0};
  std::atomic<int> largest{0};
  GroupWriter<int, int> writer(8, 1000, [&](const std::vector<const int*>& batch) {
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

// With batches smaller than the crowd, the writer goes on until the queue is
// empty: nobody is lost, written twice or left waiting, and batches never
// overlap.
TEST(GroupWriterTest, SmallBatchesLoseNobodyAndNeverOverlap) {
  std::atomic<int> in_flight{0};
  std::atomic<int> overlapped{0};
  std::atomic<int> written{0};
  GroupWriter<int, int> writer(2, 1000, [&](const std::vector<const int*>& batch) {
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
  EXPECT_EQ(WriteAndWait(writer, 7), 8) << "the writer is free again once the crowd is gone";
}

// A statement the database refuses is written again request by request: the
// refused request fails alone.
TEST(GroupWriterTest, ARefusedRequestFailsAlone) {
  Gate gate;
  GroupWriter<int, int> writer(16, 1000, [&](const std::vector<const int*>& batch) {
    gate.Pass();
    std::vector<int> out;
    for (const int* v : batch) {
      if (*v < 0) throw pqxx::data_exception("ERROR: value out of range", "INSERT ...", "22003");
      if (*v == 0) throw std::runtime_error("connection lost");
      out.push_back(*v);
    }
    return out;
  });
  std::vector<int> values = {1, 2, -3, 4, 5};
  std::vector<int> results(values.size(), 0);
  std::vector<std::string> errors(values.size());
  auto submit = [&](std::size_t i) {
    writer.Submit(values[i], [&, i](int* r, std::exception_ptr error) {
      try {
        if (error) std::rethrow_exception(error);
        results[i] = *r;
      } catch (const std::exception& e) {
        errors[i] = e.what();
      }
    });
  };
  std::thread first([&] { submit(0); });  // writes the first batch, held
  gate.WaitForWriter();
  for (std::size_t i = 1; i < values.size(); ++i) submit(i);  // queue behind it
  gate.Open();
  first.join();  // the writer returns once it has written the queue too
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (values[i] < 0) {
      EXPECT_NE(errors[i].find("out of range"), std::string::npos) << i;
    } else {
      EXPECT_EQ(results[i], values[i]) << i << ": " << errors[i];
    }
  }
  EXPECT_THROW(WriteAndWait(writer, 0), std::runtime_error);
}

// Any other error (a lost connection) fails every request of the batch.
TEST(GroupWriterTest, ALostConnectionFailsTheWholeBatch) {
  Gate gate;
  std::atomic<int> calls{0};
  GroupWriter<int, int> writer(16, 1000, [&](const std::vector<const int*>& batch) {
    ++calls;
    gate.Pass();
    if (batch.size() > 1) throw std::runtime_error("connection lost");
    return std::vector<int>{*batch[0]};
  });
  std::thread first([&] { EXPECT_EQ(WriteAndWait(writer, 1), 1); });
  gate.WaitForWriter();
  std::vector<std::string> errors(3);
  for (int i = 0; i < 3; ++i) {
    writer.Submit(10 + i, [&, i](int* r, std::exception_ptr error) {
      try {
        if (error) std::rethrow_exception(error);
        errors[i] = "written: " + std::to_string(*r);
      } catch (const std::exception& e) {
        errors[i] = e.what();
      }
    });
  }
  gate.Open();
  first.join();
  for (const auto& e : errors) EXPECT_EQ(e, "connection lost");
  EXPECT_EQ(calls.load(), 2) << "not retried one by one: only a refused statement is";
}

// A request whose caller gave up by the time its batch forms is not
// written, and its done hears so (no result, no error).
TEST(GroupWriterTest, ARequestNoLongerWantedIsNotWritten) {
  std::vector<int> written;
  GroupWriter<int, int> writer(8, 1000, [&](const std::vector<const int*>& batch) {
    std::vector<int> out;
    for (const int* v : batch) {
      written.push_back(*v);
      out.push_back(*v);
    }
    return out;
  });
  bool dropped = false;
  EXPECT_TRUE(writer.Submit(
      5, [&](int* r, std::exception_ptr error) { dropped = r == nullptr && error == nullptr; }, [] { return false; }));
  EXPECT_TRUE(dropped);
  int got = 0;
  writer.Submit(6, [&](int* r, std::exception_ptr) { got = r ? *r : -1; }, [] { return true; });
  EXPECT_EQ(got, 6);
  EXPECT_EQ(written, std::vector<int>{6});
}

// The queue is bounded: past max_queued waiting requests Submit refuses,
// without calling done, and takes requests again once the writer drains it.
TEST(GroupWriterTest, AFullQueueRefusesMore) {
  Gate gate;
  GroupWriter<int, int> writer(4, 3, [&](const std::vector<const int*>& batch) {
    gate.Pass();
    std::vector<int> out;
    for (const int* v : batch) out.push_back(*v);
    return out;
  });
  std::thread first([&] { EXPECT_EQ(WriteAndWait(writer, 1), 1); });
  gate.WaitForWriter();
  std::atomic<int> delivered{0};
  auto count = [&](int*, std::exception_ptr) { ++delivered; };
  EXPECT_TRUE(writer.Submit(2, count));
  EXPECT_TRUE(writer.Submit(3, count));
  EXPECT_TRUE(writer.Submit(4, count));
  EXPECT_FALSE(writer.Submit(5, count)) << "three were already waiting";
  gate.Open();
  first.join();
  EXPECT_EQ(delivered.load(), 3);
  EXPECT_EQ(WriteAndWait(writer, 6), 6);
}

}  // namespace
}  // namespace stylist::db
