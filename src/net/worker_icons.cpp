// A page's icon (favicon_url, favicon_mmh3). Once a page is done, its record waits here for
// the icon it names (Transfer::take_favicon_url). The first worker whose page names an icon
// URL fetches it as a document job of its own scheduler, so the icon takes the path of any
// request: resolution, --deny-ip/--allow-ip, --resolve, -H and -A, timeouts, --max-body,
// retries, --per-host, -j and --rate. Every page that names the same icon, on any worker,
// gets the one answer (icon_cache.hpp). A record waiting for its icon holds its admission
// place, not a -j slot, and keeps its worker's loop running.
#include "fetch/base/redact.hpp"
#include "fetch/html/title.hpp"
#include "favicon_hash.hpp"
#include "worker.hpp"

namespace fetch {

namespace {

// An icon is the body of a 2xx response (not a 204) that is not an HTML page: a "soft 404"
// answering /favicon.ico with the site's page is no icon. An empty body is an icon of no bytes.
IconAnswer icon_of(const Record& record, const std::string& body) {
    if (record.interrupted) return {std::nullopt, true};
    const long status = record.status.value_or(0);
    if (!record.ok() || status < 200 || status > 299 || status == 204 || is_html_content_type(record.content_type))
        return {};
    return {favicon_hash(body), false};
}

// The page's record, with what its icon gave: the URL is shown only with a hash.
Record with_icon(Record record, const IconAnswer& icon) {
    record.favicon_mmh3 = icon.hash;
    record.favicon_url = icon.hash ? redact_credentials(record.favicon_url) : std::string();
    record.interrupted = record.interrupted || icon.interrupted;  // not whole: a resumed run fetches it
    return record;
}

// "host:port" as the input stage keys a host (--per-host, routing): IPv6 in brackets.
std::string host_key(const UrlParts& url) {
    const bool v6 = url.host.find(':') != std::string::npos;
    return (v6 ? "[" + url.host + "]" : url.host) + ":" + std::to_string(url.port);
}

}  // namespace

void Worker::deliver(Record record) {
    if (record.favicon_url.empty()) return finished_.add(std::move(record), Clock::now());
    const IconKey key = IconCache::key_of(record.favicon_url);
    IconAnswer icon;
    switch (context_.icons.ask(key, *this, icon)) {
        case IconCache::Ask::known:
            return finished_.add(with_icon(std::move(record), icon), Clock::now());
        case IconCache::Ask::fetch:
            fetch_icon(record, key);
            [[fallthrough]];
        case IconCache::Ask::wait:
            icon_waiting_[key].push_back(std::move(record));
    }
}

void Worker::fetch_icon(const Record& page, const IconKey& key) {
    auto body = std::make_shared<std::string>();
    Job job;
    job.index = page.index;
    job.origin = page.origin;
    job.url = page.favicon_url;
    job.display_url = redact_credentials(page.favicon_url);
    job.host = host_key(url_parts(job.url));
    IconCache& icons = context_.icons;
    job.document = std::make_shared<DocumentRequest>(DocumentRequest{
        context_.transfer.limits.max_body_bytes,
        [body](std::string_view bytes) { return body->append(bytes), true; },
        [&icons, key, body](const Record& record) { icons.answer(key, icon_of(record, *body)); }});
    scheduler_.add(std::move(job));
}

void Worker::icon_answered(const IconKey& key, const IconAnswer& answer) {
    {
        std::lock_guard lock(icon_answers_mutex_);
        icon_answers_.emplace_back(key, answer);
    }
    wake();
}

void Worker::take_icon_answers() {
    std::vector<std::pair<IconKey, IconAnswer>> answers;
    {
        std::lock_guard lock(icon_answers_mutex_);
        answers.swap(icon_answers_);
    }
    for (const auto& [key, answer] : answers) {
        auto node = icon_waiting_.extract(key);
        if (node.empty()) continue;
        for (Record& record : node.mapped())
            finished_.add(with_icon(std::move(record), answer), Clock::now());
    }
}

// The run stopped: records waiting for an icon are not whole, and a resumed run fetches them.
void Worker::abandon_icon_waits(std::vector<Record>& left) {
    for (auto& [key, records] : icon_waiting_) {
        for (Record& record : records) {
            record.interrupted = true;
            left.push_back(std::move(record));
        }
    }
    icon_waiting_.clear();
}

}  // namespace fetch
