#include "routes.hpp"

#include <utility>

namespace fetch {

namespace {

std::string key_of(const std::string& host, long port) {
    return host + ":" + std::to_string(port);
}

}  // namespace

const std::string& Routes::use(const std::string& host, long port) {
    const auto [it, created] = routes_.try_emplace(key_of(host, port));
    Route& route = it->second;
    if (created) {
        route.name = "r" + std::to_string(next_id_++) + ".fetch.invalid";
        route.port = port;
    } else if (route.is_idle) {
        idle_.erase(route.idle);
        route.is_idle = false;
    }
    ++route.transfers;
    return route.name;
}

void Routes::release(const std::string& host, long port, bool connection_kept) {
    const auto it = routes_.find(key_of(host, port));
    if (it == routes_.end() || it->second.transfers == 0) return;
    if (--it->second.transfers > 0) return;
    if (!connection_kept) return forget(it);
    it->second.is_idle = true;
    it->second.idle = idle_.insert(idle_.end(), it->first);
    if (idle_.size() > idle_cap_) forget(routes_.find(idle_.front()));
}

void Routes::forget(std::unordered_map<std::string, Route>::iterator route) {
    if (route->second.is_idle) idle_.erase(route->second.idle);
    removals_.push_back("-" + route->second.name + ":" + std::to_string(route->second.port));
    routes_.erase(route);
}

std::size_t Routes::transfers(const std::string& host, long port) const {
    const auto it = routes_.find(key_of(host, port));
    return it == routes_.end() ? 0 : it->second.transfers;
}

std::vector<std::string> Routes::take_removals() {
    return std::exchange(removals_, {});
}

}  // namespace fetch
