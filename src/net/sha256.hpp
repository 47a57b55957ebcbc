// SHA-256 of a body as it streams in, with OpenSSL's EVP (which libcurl already links): the
// body_sha256 field, httpx's -hash.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace fetch {

class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;

    void update(std::string_view bytes);
    std::string hex();  // lower-case; ends the digest

private:
    struct Context;
    std::unique_ptr<Context> context_;
};

}  // namespace fetch
