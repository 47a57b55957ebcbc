// Routes (src/net/routes.hpp): a route lives while a transfer uses it or its kept connection
// may be reused, its name is never given out again, and the routes alive are bounded by the
// work in flight and the idle cap, however many hosts pass through.
#include "net/routes.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace fetch {
namespace {

TEST(Routes, OneNamePerHostAndPortWhileInUse) {
    Routes routes(4);
    const std::string a = routes.use("example.test", 443);
    EXPECT_EQ(routes.use("example.test", 443), a);
    EXPECT_NE(routes.use("example.test", 80), a);
    EXPECT_NE(routes.use("other.test", 443), a);
    EXPECT_EQ(a.substr(a.size() - 14), ".fetch.invalid");
}

TEST(Routes, ARouteWithoutTransfersOrKeptConnectionDiesAndItsPinIsRemoved) {
    Routes routes(4);
    const std::string name = routes.use("example.test", 443);
    routes.use("example.test", 443);
    routes.release("example.test", 443, false);
    EXPECT_TRUE(routes.take_removals().empty());  // one transfer still uses it
    routes.release("example.test", 443, false);
    EXPECT_EQ(routes.take_removals(), std::vector<std::string>{"-" + name + ":443"});
    EXPECT_TRUE(routes.take_removals().empty());
    EXPECT_EQ(routes.live(), 0u);
    EXPECT_NE(routes.use("example.test", 443), name);  // a removal can never reach a later pin
}

TEST(Routes, AKeptConnectionKeepsItsRouteUntilTheIdleCapPushesItOut) {
    Routes routes(2);
    const std::string first = routes.use("a.test", 80);
    routes.release("a.test", 80, true);
    EXPECT_EQ(routes.use("a.test", 80), first);  // reused: same name, same connection
    routes.release("a.test", 80, true);
    routes.use("b.test", 80);
    routes.release("b.test", 80, true);
    routes.use("c.test", 80);
    routes.release("c.test", 80, true);
    EXPECT_EQ(routes.take_removals(), std::vector<std::string>{"-" + first + ":80"});  // least recently used
    EXPECT_EQ(routes.live(), 2u);
}

TEST(Routes, TheRoutesAliveDoNotGrowWithTheHostsSeen) {
    Routes routes(8);
    std::set<std::string> names;
    for (int i = 0; i < 100000; ++i) {
        const std::string host = "h" + std::to_string(i) + ".test";
        names.insert(routes.use(host, 443));
        routes.release(host, 443, i % 3 == 0);
        EXPECT_LE(routes.live(), 8u);
    }
    EXPECT_EQ(names.size(), 100000u);
}

}  // namespace
}  // namespace fetch
