#include "fetch/input/resume.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace fetch {

ResumeState::ResumeState(const std::string& path) {
    std::ifstream in(path);
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line.find_first_not_of("0123456789") != std::string::npos || line.size() > 18)
            continue;
        const std::uint64_t index = std::stoull(line);
        if (index >= done_.size()) done_.resize(index + 1);
        if (!done_[index]) ++count_;
        done_[index] = true;
    }
    file_.reset(std::fopen(path.c_str(), "a"));
    if (!file_) throw std::runtime_error(path + ": " + std::strerror(errno));
}

void ResumeState::mark(std::uint64_t index) {
    pending_ += std::to_string(index) + "\n";
}

bool ResumeState::flush() {
    if (pending_.empty()) return true;
    const bool ok = std::fwrite(pending_.data(), 1, pending_.size(), file_.get()) == pending_.size() &&
                    std::fflush(file_.get()) == 0;
    pending_.clear();
    return ok;
}

}  // namespace fetch
