#include "field_habits.hpp"

namespace fetch {

namespace {

// Names fetch already shares with them (url, title, scheme, port, location, content_type,
// content_length, final_url, error, http_version) need no row.
constexpr ForeignField foreign_table[] = {
    {"status_code", "httpx", "status", true},
    {"webserver", "httpx", "server", true},
    {"input", "httpx", "url", true},
    {"host", "httpx", "ip", true},
    {"a", "httpx", "ip", false},
    {"chain", "httpx", "redirect_chain", false},
    {"time", "httpx", "elapsed_ms", false},
    {"tls", "httpx", "tls_version,cert_expiry,cert_subject,cert_issuer", false},
    {"failed", "httpx", "error_kind", false},
    {"hash", "httpx", "body_sha256", false},
    {"http2", "httpx", "http_version", false},
    {"stored_response_path", "httpx", "stored", false},
    {"favicon", "httpx", "favicon_mmh3", false},
    {"http_code", "curl -w", "status", true},
    {"response_code", "curl -w", "status", true},
    {"url_effective", "curl -w", "final_url", true},
    {"num_redirects", "curl -w", "redirects", true},
    {"remote_ip", "curl -w", "ip", true},
    {"remote_port", "curl -w", "port", true},
    {"size_download", "curl -w", "bytes", true},
    {"errormsg", "curl -w", "error", true},
    {"redirect_url", "curl -w", "location", false},
    {"exitcode", "curl -w", "error_kind", false},
    {"ssl_verify_result", "curl -w", "error_kind", false},
    {"time_namelookup", "curl -w", "time_dns", false},
    {"time_appconnect", "curl -w", "time_tls", false},
    {"time_starttransfer", "curl -w", "time_ttfb", false},
    {"time_total", "curl -w", "elapsed_ms", false},
};

}  // namespace

Span<ForeignField> foreign_fields() {
    return foreign_table;
}

const ForeignField* find_foreign_field(std::string_view name) {
    for (const ForeignField& field : foreign_table)
        if (field.name == name) return &field;
    return nullptr;
}

}  // namespace fetch
