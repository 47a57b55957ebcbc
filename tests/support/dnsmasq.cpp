#include "dnsmasq.hpp"

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "run_fetch.hpp"
#include "test_server.hpp"

namespace fetch::test {

namespace {

constexpr const char* dnsmasq_binary = "/usr/sbin/dnsmasq";

}  // namespace

std::string Dnsmasq::unavailable_reason() {
    if (access(dnsmasq_binary, X_OK) != 0) return std::string(dnsmasq_binary) + " is not installed (apt-get install dnsmasq-base)";
    return {};
}

Dnsmasq::Dnsmasq(const std::vector<std::string>& records, std::string address, std::uint16_t port)
    : address_(std::move(address)), port_(port) {
    std::string pattern = temp_directory() + "/fetch-dnsmasq-XXXXXX";
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    directory_ = pattern;
    const std::string pid_file = directory_ + "/pid";
    const auto start = [&] {
        if (port == 0) port_ = closed_port();
        std::vector<std::string> argv = {dnsmasq_binary, "--conf-file=/dev/null", "--no-resolv", "--no-hosts",
                                         "--bind-interfaces", "--listen-address=" + address_,
                                         "--port=" + std::to_string(port_), "--pid-file=" + pid_file};
        if (getuid() == 0) argv.push_back("--user=root");  // as root it would switch to nobody
        argv.insert(argv.end(), records.begin(), records.end());
        // dnsmasq forks into the background once its socket is bound: it answers from then on.
        const RunResult started = run_fetch_command(argv);
        return started.exit_code == 0 ? std::string() : started.err + " ";
    };
    const std::string error = port == 0 ? start_on_free_ports(start) : start();
    if (!error.empty()) throw std::runtime_error("dnsmasq did not start: " + error);
    pid_ = std::atoi(read_file(pid_file).c_str());
    if (pid_ <= 0) throw std::runtime_error("dnsmasq wrote no pid file");
}

Dnsmasq::~Dnsmasq() {
    if (pid_ > 0) ::kill(pid_, SIGTERM);
    std::error_code ignored;
    std::filesystem::remove_all(directory_, ignored);
}

std::string Dnsmasq::server() const {
    return address_ + ":" + std::to_string(port_);
}

}  // namespace fetch::test
