// The open internet, on loopback: scheme-less lines and their http fallback, international
// names, IPv6, name resolution through real DNS servers (dnsmasq, and a scripted one for
// answers dnsmasq will not give), address rules on every hop, and the fields probers read.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <memory>
#include <mutex>
#include <regex>
#include <set>

#include "dns_server.hpp"
#include "dnsmasq.hpp"
#include "json.hpp"
#include "nginx.hpp"
#include "parsers.hpp"
#include "run_fetch.hpp"
#include "test_server.hpp"

namespace fetch::test {
namespace {

// Every stdout line as a JSON object; a line that is not one fails the test there.
std::vector<Json> records(const RunResult& run) {
    std::vector<Json> parsed;
    for (const std::string& line : run.lines()) {
        if (!line.empty()) parsed.push_back(parse_json(line));
    }
    return parsed;
}

// The one record of a run that fetched one URL.
Json only_record(const RunResult& run) {
    const std::vector<Json> all = records(run);
    EXPECT_EQ(all.size(), 1u) << run.out << run.err;
    return all.empty() ? parse_json("{}") : all.front();
}

std::string without_scheme(const std::string& url) {
    return url.substr(url.find("://") + 3);
}

const std::string all_fields =
    "url,fallback_reason,status,title,scheme,port,final_url,attempts,error_kind,error,ip,redirects,"
    "redirect_chain,location,"
    "server,time_dns,time_connect,time_tls,time_ttfb,tls_version,cert_expiry,cert_subject,cert_issuer";

RunResult fetch_jsonl(std::vector<std::string> args, const std::vector<std::string>& environment = {}) {
    args.insert(args.begin(), {"-q", "--format", "jsonl", "--fields", all_fields});
    return run_fetch(args, std::nullopt, 60, environment);
}

// ---- scheme-less lines: https, then http

class Fallback : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        if (Nginx::unavailable_reason().empty()) nginx_ = std::make_unique<Nginx>();
    }
    static void TearDownTestSuite() { nginx_.reset(); }
    void SetUp() override {
        if (!nginx_) GTEST_SKIP() << Nginx::unavailable_reason();
    }
    static std::unique_ptr<Nginx> nginx_;
    TestServer server;
};
std::unique_ptr<Nginx> Fallback::nginx_;

TEST_F(Fallback, AnHttpsOnlyHostAnswersOverHttps) {
    const std::string line = without_scheme(nginx_->https_url("/page1.html"));
    const Json record = only_record(fetch_jsonl({"--cacert", nginx_->ca_file(), "-u", line}));
    EXPECT_EQ(record["status"].number(), 200);
    EXPECT_EQ(record["scheme"].text(), "https");
    EXPECT_EQ(record["url"].text(), "https://" + line);
    EXPECT_TRUE(record["fallback_reason"].is_null());
    EXPECT_EQ(record["attempts"].number(), 1);
}

TEST_F(Fallback, AnHttpOnlyHostAnswersOverHttpOnceTlsFails) {
    // nginx's plain port answers a TLS hello with a plain 400: "wrong version number".
    const std::string line = without_scheme(nginx_->http_url("/page1.html"));
    const Json record = only_record(fetch_jsonl({"-u", line}));
    EXPECT_EQ(record["status"].number(), 200);
    EXPECT_EQ(record["scheme"].text(), "http");
    EXPECT_EQ(record["final_url"].text(), "http://" + line);
    EXPECT_EQ(record["port"].number(), std::stoi(line.substr(line.find(':') + 1)));
    EXPECT_EQ(record["attempts"].number(), 2);
    EXPECT_TRUE(record["tls_version"].is_null());
    // What was fetched, and why not over https: the finding, for a recon list.
    EXPECT_EQ(record["url"].text(), "http://" + line);
    const std::string reason = record["fallback_reason"].text();
    EXPECT_TRUE(contains(reason, "wrong version number")) << reason;
    EXPECT_TRUE(contains(run_fetch({"-q", "-u", line}).out, "200\thttp://" + line + "\t"));
    const RunResult csv = run_fetch({"-q", "--format", "csv", "--fields", "url,fallback_reason", "-u", line});
    EXPECT_TRUE(contains(csv.out, "\r\nhttp://" + line + ",")) << csv.out;
}

TEST_F(Fallback, AnHttpsAttemptThatTimesOutFallsBackWithATimeoutOfItsOwn) {
    // The test server never answers a TLS hello (it waits for an HTTP head that never comes).
    const std::string line = without_scheme(server.url("/page?title=plain"));
    const Json record = only_record(fetch_jsonl({"--timeout", "1", "-u", line}));
    EXPECT_EQ(record["status"].number(), 200) << record["error"].text();
    EXPECT_EQ(record["title"].text(), "plain");
    EXPECT_EQ(record["scheme"].text(), "http");
}

TEST_F(Fallback, AHostWithNeitherSaysWhatBothAttemptsMet) {
    const std::string line = "127.0.0.1:" + std::to_string(closed_port()) + "/";
    const Json record = only_record(fetch_jsonl({"-u", line}));
    EXPECT_EQ(record["error_kind"].text(), "connect");
    EXPECT_TRUE(contains(record["error"].text(), "https: ")) << record["error"].text();
    EXPECT_TRUE(contains(record["error"].text(), "; http: ")) << record["error"].text();
    EXPECT_EQ(record["attempts"].number(), 2);
    EXPECT_EQ(record["url"].text(), "http://" + line);  // the last URL tried
    EXPECT_TRUE(contains(record["fallback_reason"].text(), "Failed to connect to 127.0.0.1 port"))
        << record["fallback_reason"].text();
}

TEST_F(Fallback, NoFallbackAndExplicitSchemesStayOnTheirScheme) {
    const std::string line = without_scheme(nginx_->http_url("/page1.html"));
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"--no-fallback", "-u", line}, {"-u", "https://" + line}}) {
        const Json record = only_record(fetch_jsonl(args));
        EXPECT_EQ(record["error_kind"].text(), "tls") << args.front();
        EXPECT_EQ(record["attempts"].number(), 1);
    }
    const Json http = only_record(fetch_jsonl({"-u", "http://127.0.0.1:" + std::to_string(closed_port()) + "/"}));
    EXPECT_EQ(http["error_kind"].text(), "connect");
    EXPECT_FALSE(contains(http["error"].text(), "https:"));
}

// ---- resolution

class Names : public ::testing::Test {
protected:
    void SetUp() override {
        if (!Dnsmasq::unavailable_reason().empty()) GTEST_SKIP() << Dnsmasq::unavailable_reason();
    }
    TestServer server;
};

TEST_F(Names, DnsmasqAnswersThroughDnsServers) {
    Dnsmasq dns({"--address=/test/127.0.0.1", "--address=/nosuch.test/"});
    const std::string url = server.url_on("www.site.test", "/page?title=named");
    const RunResult run = fetch_jsonl({"--dns-servers", dns.server(), "-u", url, "-u", "http://nosuch.test/"});
    EXPECT_EQ(run.exit_code, 1) << run.err;
    for (const Json& record : records(run)) {
        if (record["url"].text() == url) {
            EXPECT_EQ(record["title"].text(), "named");
            EXPECT_EQ(record["ip"].text(), "127.0.0.1");
            EXPECT_GE(record["time_dns"].number(), 0);
            EXPECT_GE(record["time_connect"].number(), record["time_dns"].number());
            EXPECT_GE(record["time_ttfb"].number(), record["time_connect"].number());
        } else {
            EXPECT_EQ(record["error_kind"].text(), "dns");
            EXPECT_TRUE(contains(record["error"].text(), "Could not resolve host: nosuch.test"))
                << record["error"].text();
        }
    }
    EXPECT_EQ(server.requests(), 1u);
}

TEST_F(Names, InternationalNamesAreLookedUpInPunycodeAndShownAsWritten) {
    std::mutex mutex;
    std::string host_seen;
    TestServer idn([&](const Request& request) {
        std::lock_guard lock(mutex);
        host_seen = request.headers.at("host");
        return Response::html("idn");
    });
    Dnsmasq dns({"--address=/xn--bcher-kva.test/127.0.0.1"});
    const std::string url = idn.url_on("bücher.test", "/");
    const Json record = only_record(fetch_jsonl({"--dns-servers", dns.server(), "-u", url}));
    EXPECT_EQ(record["title"].text(), "idn");
    EXPECT_EQ(record["url"].text(), url);
    std::lock_guard lock(mutex);
    EXPECT_EQ(host_seen, "xn--bcher-kva.test:" + std::to_string(idn.port()));
}

TEST_F(Names, TheSystemResolverConfigurationIsRead) {
    if (geteuid() != 0) GTEST_SKIP() << "port 53 and a private mount namespace need root (CI runs as root)";
    // A loopback address of its own, so no resolver of the machine's is in the way.
    Dnsmasq dns({"--address=/viaresolv.test/127.0.0.1"}, "127.53.0.1", 53);
    TempFile resolv("nameserver 127.53.0.1\n");
    const std::string url = server.url_on("viaresolv.test", "/page?title=resolv");
    const RunResult run = run_fetch_command(
        {"/usr/bin/unshare", "-m", "/bin/sh", "-c",
         "mount --bind '" + resolv.path() + "' /etc/resolv.conf && exec '" + std::string(FETCH_BINARY) + "' -u '" +
             url + "'"});
    EXPECT_EQ(run.out, "200\t" + url + "\tresolv\n") << run.err;
}

TEST_F(Names, BadDnsServersAreAUsageError) {
    const RunResult run = run_fetch({"--dns-servers", "127.0.0.1,nonsense", "-u", server.url("/")});
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_TRUE(contains(run.err, "--dns-servers: \"nonsense\" is not IP or IP:port")) << run.err;
    EXPECT_EQ(server.requests(), 0u);
}

TEST(Ipv6, LiteralsAndNamesWithOnlyAaaaRecords) {
    TestServer v6(default_routes, "::1");
    DnsServer dns([](const std::string&, DnsType type, int) {
        return DnsAnswer{type == DnsType::aaaa ? std::vector<std::string>{"::1"} : std::vector<std::string>{}};
    });
    const std::string literal = v6.url("/page?title=literal");
    const std::string named = v6.url_on("v6only.test", "/page?title=named");
    const RunResult run = fetch_jsonl({"--dns-servers", dns.address(), "-u", literal, "-u", named});
    EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
    for (const Json& record : records(run)) {
        EXPECT_EQ(record["ip"].text(), "::1");
        EXPECT_EQ(record["title"].text(), record["url"].text() == literal ? "literal" : "named");
    }
    EXPECT_EQ(v6.requests(), 2u);
}

// With -j 300 over 300 names whose answers take 150 ms, libcurl's threaded resolver would run
// a thread per lookup. fetch's lookups run on the workers' event loops.
TEST(Resolution, ThreadsStayBoundedWhateverTheLookupsInFlight) {
    TestServer server;
    DnsServer dns([](const std::string&, DnsType type, int) {
        DnsAnswer answer{type == DnsType::a ? std::vector<std::string>{"127.0.0.1"} : std::vector<std::string>{}};
        answer.delay = std::chrono::milliseconds(150);
        return answer;
    });
    std::string list;
    for (int i = 0; i < 300; ++i)
        list += server.url_on("host" + std::to_string(i) + ".many.test", "/page?title=t") + "\n";
    TempFile file(list);
    LiveFetch fetch({"-q", "-j", "300", "--workers", "2", "--dns-servers", dns.address(), file.path()});
    int peak = 0, lines = 0;
    const auto threads = [&] {
        std::ifstream status("/proc/" + std::to_string(fetch.pid()) + "/status");
        for (std::string line; std::getline(status, line);) {
            if (line.rfind("Threads:", 0) == 0) peak = std::max(peak, std::stoi(line.substr(8)));
        }
    };
    threads();
    while (fetch.read_line()) {  // a sample at every record, while lookups are in flight
        ++lines;
        threads();
    }
    EXPECT_EQ(fetch.wait(), 0) << fetch.err();
    EXPECT_EQ(lines, 300);
    EXPECT_GT(peak, 0);
    EXPECT_LE(peak, 2 + 8);
    EXPECT_EQ(dns.asked("host7.many.test", DnsType::a), 1);
}

// A burst of answers all at once (a fast local resolver) must not overflow the resolver's
// socket: every lookup of -j 1000 is answered the first time it is asked. An answer lost in
// fetch's socket shows as a question that reached the server twice (one the server's own
// socket dropped reaches it once, when it is asked again).
TEST(Resolution, ABurstOfAnswersLosesNone) {
    TestServer server;
    DnsServer dns([](const std::string&, DnsType type, int) {
        return DnsAnswer{type == DnsType::a ? std::vector<std::string>{"127.0.0.1"} : std::vector<std::string>{}};
    });
    const int names = 1000;
    std::string list;
    for (int i = 0; i < names; ++i)
        list += server.url_on("burst" + std::to_string(i) + ".test", "/page?title=t") + "\n";
    TempFile file(list);
    const RunResult run = run_fetch({"-q", "-j", "1000", "--workers", "1", "--connect-timeout", "30",
                                     "--dns-servers", dns.address(), "--format", "tsv", "--fields", "status",
                                     file.path()});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(run.lines(), std::vector<std::string>(names, "200"));
    EXPECT_EQ(dns.questions(), 2 * names) << "fetch lost answers and asked again";  // A and AAAA
}

TEST(Resolution, OneLookupServesEveryUrlOfAName) {
    TestServer server;
    DnsServer dns([](const std::string&, DnsType type, int) {
        DnsAnswer answer{type == DnsType::a ? std::vector<std::string>{"127.0.0.1"} : std::vector<std::string>{}};
        answer.delay = std::chrono::milliseconds(50);  // every URL asks while the first lookup is out
        return answer;
    });
    std::vector<std::string> args = {"-q", "-j", "50", "--dns-servers", dns.address()};
    for (int i = 0; i < 50; ++i) {
        args.push_back("-u");
        args.push_back(server.url_on("shared.test", "/page?title=" + std::to_string(i)));
    }
    const RunResult run = run_fetch(args);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(run.lines().size(), 50u);
    EXPECT_EQ(dns.asked("shared.test", DnsType::a), 1);
}

// ---- address rules

class Rules : public ::testing::Test {
protected:
    TestServer good;                                   // 127.0.0.1
    TestServer evil{default_routes, "127.0.0.2", good.port()};  // same port, refused address
};

TEST_F(Rules, DeniedLiteralsAndNamesAreBlockedBeforeAnyConnection) {
    DnsServer dns([](const std::string&, DnsType type, int) {
        return DnsAnswer{type == DnsType::a ? std::vector<std::string>{"127.0.0.2"} : std::vector<std::string>{}};
    });
    const RunResult run = fetch_jsonl({"--dns-servers", dns.address(), "--deny-ip", "127.0.0.2/32", "-u",
                                       evil.url("/"), "-u", evil.url_on("evil.test", "/")});
    EXPECT_EQ(run.exit_code, 1);
    const std::vector<Json> all = records(run);
    ASSERT_EQ(all.size(), 2u);
    for (const Json& record : all) {
        EXPECT_EQ(record["error_kind"].text(), "blocked");
        EXPECT_TRUE(contains(record["error"].text(), "127.0.0.2: refused by --deny-ip 127.0.0.2/32"))
            << record["error"].text();
    }
    EXPECT_EQ(evil.requests(), 0u);
}

TEST_F(Rules, ARedirectToADeniedAddressIsBlockedAtThatHop) {
    const std::string target = evil.url("/page?title=evil");
    const Json record = only_record(
        fetch_jsonl({"--deny-ip", "127.0.0.2", "-u", good.url("/redirect-to?url=" + percent_encode(target))}));
    EXPECT_EQ(record["error_kind"].text(), "blocked");
    ASSERT_EQ(record["redirect_chain"].array().size(), 1u);
    EXPECT_EQ(record["redirect_chain"].array()[0]["status"].number(), 302);
    EXPECT_EQ(record["final_url"].text(), target);
    EXPECT_EQ(evil.requests(), 0u);
    EXPECT_EQ(good.requests(), 1u);
}

// The answer that was checked is the address connected to: a name whose next lookup would
// point elsewhere cannot be rebound between the check and the connection.
TEST_F(Rules, TheCheckedAnswerIsTheOneConnectedTo) {
    DnsServer dns([](const std::string&, DnsType type, int nth) {
        DnsAnswer answer;
        if (type == DnsType::a) answer.addresses = {nth == 0 ? "127.0.0.1" : "127.0.0.2"};
        answer.ttl = 0;
        return answer;
    });
    const std::string first = good.url_on("rebind.test", "/page?title=checked");
    const std::string second = good.url_on("rebind.test", "/page?title=again");
    const RunResult run =
        fetch_jsonl({"-j", "1", "--dns-servers", dns.address(), "--deny-ip", "127.0.0.2", "-u", first, "-u", second});
    const std::vector<Json> all = records(run);
    ASSERT_EQ(all.size(), 2u) << run.out;
    EXPECT_EQ(all[0]["title"].text(), "checked");
    EXPECT_EQ(all[0]["ip"].text(), "127.0.0.1");
    EXPECT_EQ(all[1]["error_kind"].text(), "blocked");  // its own lookup, checked in turn
    EXPECT_EQ(dns.asked("rebind.test", DnsType::a), 2);
    EXPECT_EQ(evil.requests(), 0u);
}

TEST_F(Rules, AllowListsAndTheMostSpecificRule) {
    RunResult run = fetch_jsonl({"--allow-ip", "127.0.0.1", "-u", good.url("/"), "-u", evil.url("/")});
    for (const Json& record : records(run)) {
        const bool is_good = record["url"].text() == good.url("/");
        EXPECT_EQ(record["error_kind"].is_null(), is_good) << record["url"].text();
    }
    run = fetch_jsonl({"--deny-ip", "loopback", "--allow-ip", "127.0.0.1/32,all", "-u", good.url("/"), "-u",
                       evil.url("/")});
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_EQ(good.requests(), 2u);
    EXPECT_EQ(evil.requests(), 0u);
}

TEST_F(Rules, NeedDirectConnections) {
    RunResult run = run_fetch({"--deny-ip", "private", "-x", good.url(""), "-u", "http://example.test/"});
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_TRUE(contains(run.err, "--proxy")) << run.err;
    // A proxy from the environment is ignored under rules: the request goes straight to the host.
    run = run_fetch({"--deny-ip", "private", "-u", good.url("/page?title=direct")}, std::nullopt, 60,
                    {"http_proxy=http://127.0.0.1:" + std::to_string(closed_port())});
    EXPECT_EQ(run.out, "200\t" + good.url("/page?title=direct") + "\tdirect\n") << run.err;
    run = run_fetch({"--deny-ip", "10.0.0.0/33", "-u", good.url("/")});
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_TRUE(contains(run.err, "--deny-ip: \"10.0.0.0/33\" is not an address, a CIDR range")) << run.err;
}

// ---- fields

TEST(ProberFields, RedirectChainLocationAndHeaders) {
    TestServer server([](const Request& request) {
        if (request.path == "/multi") {
            Response response = Response::html("multi");
            response.headers = {{"Server", "unit/1"}, {"X-Multi", "a"}, {"X-Multi", "b"}};
            return response;
        }
        return default_routes(request);
    });
    RunResult run = fetch_jsonl({"-u", server.url("/redirect/2")});
    Json record = only_record(run);
    const Json::Array& chain = record["redirect_chain"].array();
    ASSERT_EQ(chain.size(), 3u);
    EXPECT_EQ(chain[0]["url"].text(), server.url("/redirect/2"));
    EXPECT_EQ(chain[0]["status"].number(), 302);
    EXPECT_EQ(chain[2]["status"].number(), 200);
    EXPECT_EQ(chain[2]["url"].text(), record["final_url"].text());
    EXPECT_EQ(record["redirects"].number(), 2);
    EXPECT_TRUE(record["location"].is_null());

    record = only_record(fetch_jsonl({"--no-follow", "-u", server.url("/redirect-to?url=/page%3Ftitle%3Dx")}));
    EXPECT_EQ(record["status"].number(), 302);
    EXPECT_EQ(record["location"].text(), "/page?title=x");

    run = run_fetch({"--format", "tsv", "--fields", "server,header:x-multi,header:X-Absent,redirect_chain", "-u",
                     server.url("/multi")});
    EXPECT_EQ(run.out, "unit/1\ta, b\t\t200 " + server.url("/multi") + "\n") << run.err;
}

TEST(ProberFields, ArgumentsAndRepeatsAreChecked) {
    for (const auto& [fields, message] : std::vector<std::pair<std::string, std::string>>{
             {"header", "needs a name: header:NAME"},
             {"header:", "is not a header name"},
             {"header:a b", "is not a header name"},
             {"status:x", "unknown field \"status:x\""},
             {"status,url,status", "\"status\" is listed twice"}}) {
        const RunResult run = run_fetch({"--fields", fields, "-u", "http://127.0.0.1:1/"});
        EXPECT_EQ(run.exit_code, 2) << fields;
        EXPECT_TRUE(contains(run.err, message)) << fields << ": " << run.err;
    }
}

TEST(ProberFields, CredentialsStayWithTheirOrigin) {
    TestServer a, b;
    const std::string same = a.url("/redirect-to?url=/echo");
    const std::string other = a.url("/redirect-to?url=" + percent_encode(b.url("/echo")));
    for (const auto& [url, kept] : {std::pair{same, true}, std::pair{other, false}}) {
        const RunResult run = run_fetch({"-H", "Authorization: Bearer s3cret", "-H", "Cookie: c=1", "-H",
                                         "X-Test: carried", "-u", url});
        EXPECT_EQ(contains(run.out, "AUTH=Bearer s3cret;COOKIE=c=1"), kept) << run.out;
        EXPECT_TRUE(contains(run.out, "X=carried")) << run.out;  // other headers go everywhere
    }
    // A password in the URL is an origin's credential too.
    const std::string origin = "http://u:pw@127.0.0.1:" + std::to_string(a.port());
    RunResult run = run_fetch({"-u", origin + "/redirect-to?url=" + percent_encode(b.url("/echo"))});
    EXPECT_TRUE(contains(run.out, "AUTH=-;")) << run.out;
    run = run_fetch({"-u", origin + "/redirect-to?url=/echo"});
    EXPECT_TRUE(contains(run.out, "AUTH=Basic dTpwdw==;")) << run.out;
}

class TlsFields : public ::testing::Test {
protected:
    void SetUp() override {
        if (!Nginx::unavailable_reason().empty()) GTEST_SKIP() << Nginx::unavailable_reason();
        nginx_ = std::make_unique<Nginx>();
    }
    std::unique_ptr<Nginx> nginx_;
};

TEST_F(TlsFields, VersionTimesAndCertificateOnNewAndResumedSessions) {
    // -I never reuses a connection: the later ones resume the first one's TLS session, which
    // gives libcurl's CERTINFO no chain; the certificate fields must not depend on it.
    const RunResult run = fetch_jsonl({"-I", "-j", "1", "--cacert", nginx_->ca_file(), "-u",
                                       nginx_->https_url("/page1.html"), "-u", nginx_->https_url("/page1.html"),
                                       "-u", nginx_->https_url("/page1.html")});
    const std::vector<Json> all = records(run);
    ASSERT_EQ(all.size(), 3u) << run.err;
    const std::regex iso(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)");
    for (const Json& record : all) {
        EXPECT_TRUE(std::regex_match(record["tls_version"].text(), std::regex(R"(TLSv1\.[23])")))
            << record["tls_version"].text();
        EXPECT_EQ(record["cert_subject"].text(), "CN=localhost");
        EXPECT_EQ(record["cert_issuer"].text(), "CN=fetch test CA");
        EXPECT_TRUE(std::regex_match(record["cert_expiry"].text(), iso)) << record["cert_expiry"].text();
        EXPECT_TRUE(contains(record["server"].text(), "nginx"));
        EXPECT_GT(record["time_tls"].number(), record["time_connect"].number());
        EXPECT_GE(record["time_ttfb"].number(), record["time_tls"].number());
        EXPECT_EQ(record["scheme"].text(), "https");
    }
}

// ---- names that are not DNS's to answer, and --resolve as curl writes it (issue #24)

DnsServer counting_dns() {
    return DnsServer([](const std::string&, DnsType type, int) {
        return DnsAnswer{type == DnsType::a ? std::vector<std::string>{"127.0.0.1"} : std::vector<std::string>{}};
    });
}

// RFC 6761: localhost and every name under it are loopback, answered without a query, and the
// address rules see loopback.
TEST(SpecialNames, LocalhostIsLoopbackWithoutAQuestion) {
    TestServer server;
    DnsServer dns = counting_dns();
    const std::string url = server.url_on("app.localhost", "/page?title=local");
    Json record = only_record(fetch_jsonl({"--dns-servers", dns.address(), "-u", url}));
    EXPECT_EQ(record["title"].text(), "local");
    record = only_record(fetch_jsonl({"--dns-servers", dns.address(), "--deny-ip", "loopback", "-u",
                                      server.url_on("localhost", "/page?title=local")}));
    EXPECT_EQ(record["error_kind"].text(), "blocked");
    EXPECT_EQ(dns.questions(), 0);
    EXPECT_EQ(server.requests(), 1u);
}

// elapsed_ms is the URL's whole life: a lookup that takes 600 ms is in it.
TEST(SpecialNames, ElapsedTimeIncludesTheNameLookup) {
    TestServer server;
    DnsServer slow([](const std::string&, DnsType type, int) {
        DnsAnswer answer{type == DnsType::a ? std::vector<std::string>{"127.0.0.1"} : std::vector<std::string>{}};
        answer.delay = std::chrono::milliseconds(600);
        return answer;
    });
    const Json record = only_record(fetch_jsonl({"--fields", "url,elapsed_ms,time_dns", "--dns-servers",
                                                 slow.address(), "-u", server.url_on("slow.test", "/")}));
    EXPECT_GE(record["elapsed_ms"].number(), 600) << record["time_dns"].number();
}

TEST(ResolveOption, EveryFormCurlDocuments) {
    TestServer server;
    DnsServer dns = counting_dns();  // never asked: --resolve answers every name here
    const std::string port = std::to_string(server.port());
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"*:" + port + ":127.0.0.1", "any.test"},
        {"+plus.test:" + port + ":127.0.0.1", "plus.test"},
        {"two.test:" + port + ":127.0.0.1,[::1]", "two.test"},
        {"CASE.test:" + port + ":127.0.0.1", "case.test"},
    };
    for (const auto& [entry, host] : cases) {
        const Json record = only_record(fetch_jsonl({"--dns-servers", dns.address(), "--resolve", entry, "-u",
                                                     server.url_on(host, "/page?title=pinned")}));
        EXPECT_EQ(record["title"].text(), "pinned") << entry;
    }
    EXPECT_EQ(dns.questions(), 0);
}

TEST(ResolveOption, FormsThatCannotWorkAreUsageErrors) {
    for (const std::string entry : {"-gone.test:80", "host.test:70000:127.0.0.1", "host.test:80:not-an-ip",
                                    "host.test:80:", "host.test:http:127.0.0.1"}) {
        const RunResult run = run_fetch({"--resolve", entry, "-u", "http://host.test/"});
        EXPECT_EQ(run.exit_code, 2) << entry << ": " << run.err;
        EXPECT_TRUE(contains(run.err, "--resolve")) << run.err;
    }
    const RunResult run = run_fetch({"--dns-servers", "127.0.0.1:70000", "-u", "http://host.test/"});
    EXPECT_EQ(run.exit_code, 2) << run.err;
    EXPECT_TRUE(contains(run.err, "port 1 to 65535")) << run.err;
}

}  // namespace
}  // namespace fetch::test
