#include "net/retry.hpp"

#include "net/classify.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace fetch {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

Record with_status(long status) {
    Record record;
    record.status = status;
    return record;
}

Record with_error(ErrorKind kind) {
    Record record;
    record.error_kind = kind;
    return record;
}

TEST(Retry, Http2StreamResetsAndGoawayAreRetried) {
    // nginx reloading sends GOAWAY: the streams it cuts end in one of these.
    for (const CURLcode code : {CURLE_HTTP2, CURLE_HTTP2_STREAM, CURLE_RECV_ERROR, CURLE_SEND_ERROR})
        EXPECT_TRUE(is_retryable(with_error(classify(code, 0)))) << code;
    for (const CURLcode code : {CURLE_COULDNT_RESOLVE_HOST, CURLE_PEER_FAILED_VERIFICATION,
                                CURLE_TOO_MANY_REDIRECTS, CURLE_BAD_CONTENT_ENCODING, CURLE_URL_MALFORMAT})
        EXPECT_FALSE(is_retryable(with_error(classify(code, 0)))) << code;
    EXPECT_EQ(classify(CURLE_URL_MALFORMAT, 0), ErrorKind::redirects);  // only a redirect's target can be
    EXPECT_EQ(classify(CURLE_BAD_CONTENT_ENCODING, 0), ErrorKind::protocol);
}

TEST(Retry, TransientOutcomesOnly) {
    for (long status : {429L, 502L, 503L, 504L})
        EXPECT_TRUE(is_retryable(with_status(status))) << status;
    for (long status : {200L, 301L, 404L, 500L, 501L})
        EXPECT_FALSE(is_retryable(with_status(status))) << status;
    for (ErrorKind kind : {ErrorKind::connect, ErrorKind::timeout, ErrorKind::network}) {
        EXPECT_TRUE(is_retryable(with_error(kind)));
    }
    for (ErrorKind kind : {ErrorKind::dns, ErrorKind::tls, ErrorKind::redirects, ErrorKind::bad_input}) {
        EXPECT_FALSE(is_retryable(with_error(kind)));
    }
}

TEST(Retry, ExponentialWithJitterInTheUpperHalf) {
    const milliseconds base(100), cap(60'000);
    EXPECT_EQ(retry_delay(1, base, cap, std::nullopt, 0.0), milliseconds(50));
    EXPECT_EQ(retry_delay(1, base, cap, std::nullopt, 0.999), milliseconds(99));
    EXPECT_EQ(retry_delay(3, base, cap, std::nullopt, 0.0), milliseconds(200));
    EXPECT_EQ(retry_delay(4, base, cap, std::nullopt, 0.5), milliseconds(600));
}

TEST(Retry, CapBoundsBackoffAndRetryAfter) {
    EXPECT_EQ(retry_delay(30, milliseconds(100), milliseconds(5000), std::nullopt, 0.999),
              milliseconds(4997));
    EXPECT_EQ(retry_delay(1, milliseconds(100), milliseconds(5000), seconds(3600), 0.0), milliseconds(5000));
}

TEST(Retry, RetryAfterWinsWhenLonger) {
    EXPECT_EQ(retry_delay(1, milliseconds(100), milliseconds(60'000), seconds(2), 0.0), milliseconds(2000));
    EXPECT_EQ(retry_delay(8, milliseconds(100), milliseconds(60'000), seconds(1), 0.0), milliseconds(6400));
}

// A Retry-After of any size is capped at --retry-max-wait, never overflowed into nothing.
TEST(RetryDelay, AHugeRetryAfterIsCappedNotOverflowed) {
    using namespace std::chrono;
    for (const long long asked : {std::numeric_limits<long long>::max(), std::numeric_limits<long long>::max() / 1000,
                                  9'300'000'000'000'000LL}) {
        EXPECT_EQ(retry_delay(1, milliseconds(500), seconds(30), seconds(asked), 0.0), milliseconds(30000)) << asked;
    }
}

}  // namespace
}  // namespace fetch
