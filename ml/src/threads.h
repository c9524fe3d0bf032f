// Thread settings of LibTorch and OpenCV, chosen once for the process.
#pragma once

namespace stylist::ml {

// LibTorch's intra-op and inter-op pools and OpenCV's pool get one thread
// each. Parallelism comes from running requests side by side (the callers'
// threads decode and measure; the Batcher's threads run the network), and
// one image of our sizes gains little from being split: pools nested in
// pools only fight over the cores. Idempotent; every model load calls it.
void UseOneThreadPerCall();

}  // namespace stylist::ml
