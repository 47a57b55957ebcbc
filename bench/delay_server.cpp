// A server that answers after a delay, for the latency-bound scenarios (S2, S6): the test
// server of tests/support, on 127.0.0.1, printing its port. Runs until killed.
#include <unistd.h>

#include <cstdio>

#include "test_server.hpp"

int main() {
    fetch::test::TestServer server;
    std::printf("%u\n", server.port());
    std::fflush(stdout);
    pause();
}
