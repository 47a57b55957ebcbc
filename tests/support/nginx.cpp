#include "nginx.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "run_fetch.hpp"
#include "test_server.hpp"

namespace fetch::test {

namespace {

constexpr const char* nginx_binary = "/usr/sbin/nginx";
constexpr const char* openssl_binary = "/usr/bin/openssl";

void write_file(const std::string& path, const std::string& content) {
    std::ofstream(path, std::ios::binary) << content;
}

void make_certificates(const std::string& dir) {
    const auto openssl = [](std::vector<std::string> args) {
        args.insert(args.begin(), openssl_binary);
        const RunResult result = run_fetch_command(args);
        if (result.exit_code != 0) throw std::runtime_error("openssl failed: " + result.err);
    };
    // The server's certificate, signed by the CA, valid for `days` (-1: it ended a day before
    // it began, i.e. expired).
    const auto sign = [&](const std::string& days, const std::string& out) {
        openssl({"x509", "-req", "-in", dir + "/server.csr", "-CA", dir + "/ca.pem", "-CAkey",
                 dir + "/ca.key", "-CAcreateserial", "-days", days, "-extfile", dir + "/san.ext", "-out",
                 out});
    };
    openssl({"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=fetch test CA",
             "-keyout", dir + "/ca.key", "-out", dir + "/ca.pem"});
    openssl({"req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", dir + "/server.key",
             "-out", dir + "/server.csr"});
    write_file(dir + "/san.ext", "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
    sign("2", dir + "/server.pem");
    sign("-1", dir + "/expired.pem");
}

// One server block on 127.0.0.1 serving dir/html: `listens` are its listen directives'
// parameters ("8080", "8443 ssl http2"), `certificate` names its certificate file in dir.
std::string server_block(const std::string& dir, const std::vector<std::string>& listens,
                         const std::string& certificate) {
    std::string block = "  server {\n";
    for (const std::string& listen : listens)
        block += "    listen 127.0.0.1:" + listen + ";\n";
    block += "    ssl_certificate " + dir + "/" + certificate + ";\n";
    block += "    ssl_certificate_key " + dir + "/server.key;\n";
    block += "    root " + dir + "/html;\n";
    return block + "  }\n";
}

std::string config(const std::string& dir, std::uint16_t http_port, std::uint16_t https_port,
                   std::uint16_t expired_port) {
    std::string temp_paths;
    for (const char* kind : {"client_body", "proxy", "fastcgi", "uwsgi", "scgi"})
        temp_paths += std::string("  ") + kind + "_temp_path " + dir + "/tmp;\n";
    return "worker_processes 1;\n"
           "user root;\n"
           "pid " +
           dir +
           "/nginx.pid;\n"
           "error_log " +
           dir +
           "/error.log;\n"
           "events { worker_connections 1024; }\n"
           "http {\n"
           "  log_format requests '$connection $server_protocol $request_uri';\n"
           "  access_log " +
           dir +
           "/access.log requests;\n"
           "  default_type text/html;\n" +
           temp_paths +
           server_block(dir, {std::to_string(http_port), std::to_string(https_port) + " ssl http2"},
                        "server.pem") +
           server_block(dir, {std::to_string(expired_port) + " ssl"}, "expired.pem") + "}\n";
}

}  // namespace

const std::map<std::string, std::string>& Nginx::pages() {
    static const std::map<std::string, std::string> pages = [] {
        std::map<std::string, std::string> result;
        for (int i = 0; i < 24; ++i)
            result["/page" + std::to_string(i) + ".html"] = "Nginx page " + std::to_string(i);
        result["/caf\xC3\xA9.html"] = "Caf\xC3\xA9 \xE2\x80\x94 UTF-8";
        return result;
    }();
    return pages;
}

std::string Nginx::unavailable_reason() {
    if (access(nginx_binary, X_OK) != 0)
        return std::string(nginx_binary) + " is not installed (apt-get install nginx)";
    if (access(openssl_binary, X_OK) != 0) return std::string(openssl_binary) + " is not installed";
    return {};
}

Nginx::Nginx() {
    std::string pattern = temp_directory() + "/fetch-nginx-XXXXXX";
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    directory_ = pattern;
    std::filesystem::create_directories(directory_ + "/html");
    std::filesystem::create_directories(directory_ + "/tmp");
    for (const auto& [path, title] : pages()) {
        write_file(directory_ + "/html" + path, "<!DOCTYPE html><html><head><meta charset=utf-8><title>" +
                                                    title + "</title></head><body>" + std::string(4000, 'x') +
                                                    "</body></html>");
    }
    make_certificates(directory_);
    ca_file_ = directory_ + "/ca.pem";
    const std::string error = start_on_free_ports([this] {
        http_port_ = closed_port();
        https_port_ = closed_port();
        expired_port_ = closed_port();
        write_file(directory_ + "/nginx.conf", config(directory_, http_port_, https_port_, expired_port_));
        // Daemon mode: the command returns once the master listens, so the server is ready then.
        const RunResult started =
            run_fetch_command({nginx_binary, "-p", directory_, "-c", directory_ + "/nginx.conf"});
        return started.exit_code == 0 ? std::string() : started.err + read_file(directory_ + "/error.log") + " ";
    });
    if (!error.empty()) throw std::runtime_error("nginx did not start: " + error);
}

Nginx::~Nginx() {
    const std::string pid_text = read_file(directory_ + "/nginx.pid");
    if (!pid_text.empty()) {
        const pid_t pid = static_cast<pid_t>(std::stol(pid_text));
        // The master is not our child: wait for its exit through a pidfd, not with sleeps.
        const int pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
        kill(pid, SIGTERM);
        if (pidfd >= 0) {
            pollfd entry{pidfd, POLLIN, 0};
            poll(&entry, 1, 10'000);
            close(pidfd);
        }
    }
    std::error_code ignored;
    std::filesystem::remove_all(directory_, ignored);
}

std::string Nginx::http_url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(http_port_) + path;
}

std::string Nginx::expired_url(const std::string& path) const {
    return "https://localhost:" + std::to_string(expired_port_) + path;
}

std::string Nginx::https_url(const std::string& path) const {
    return "https://localhost:" + std::to_string(https_port_) + path;
}

void Nginx::put(const std::string& path, const std::string& content) const {
    write_file(directory_ + "/html" + path, content);
}

std::vector<Nginx::LoggedRequest> Nginx::log() const {
    std::vector<LoggedRequest> entries;
    std::istringstream in(read_file(directory_ + "/access.log"));
    for (LoggedRequest entry; in >> entry.connection >> entry.protocol >> entry.uri;)
        entries.push_back(entry);
    return entries;
}

}  // namespace fetch::test
