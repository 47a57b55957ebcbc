// Waiting for something another process or thread does, in tests: never a sleep that hopes
// it happened, but the condition itself, checked as often as this thread gets to run, with a
// bound that only a broken build reaches.
#pragma once

#include <chrono>
#include <thread>

namespace fetch::test {

template <typename Condition>
bool eventually(Condition condition, std::chrono::seconds bound = std::chrono::seconds(20)) {
    const auto deadline = std::chrono::steady_clock::now() + bound;
    while (!condition()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::yield();
    }
    return true;
}

}  // namespace fetch::test
