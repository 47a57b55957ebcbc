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

bool ResumeState::append(const std::vector<std::uint64_t>& indices) {
    std::string lines;
    for (const std::uint64_t index : indices)
        lines.append(std::to_string(index)).push_back('\n');
    return std::fwrite(lines.data(), 1, lines.size(), file_.get()) == lines.size() &&
           std::fflush(file_.get()) == 0;
}

}  // namespace fetch
