// Runs a fuzz target over files and directories of inputs, without libFuzzer: the seed
// corpora are replayed as an ordinary test in every build.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

int replay(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // Each file is tried with every first byte, so each page meets every content type.
    std::vector<std::uint8_t> input(bytes.size() + 2);
    std::copy(bytes.begin(), bytes.end(), input.begin() + 2);
    for (int selector = 0; selector < 24; ++selector) {
        input[0] = static_cast<std::uint8_t>(selector);
        input[1] = static_cast<std::uint8_t>(selector * 37);
        LLVMFuzzerTestOneInput(input.data(), input.size());
    }
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    return 1;
}

}  // namespace

int main(int argc, char** argv) {
    int inputs = 0;
    for (int i = 1; i < argc; ++i) {
        const std::filesystem::path path(argv[i]);
        if (std::filesystem::is_directory(path)) {
            for (const auto& entry : std::filesystem::directory_iterator(path))
                inputs += replay(entry.path());
        } else {
            inputs += replay(path);
        }
    }
    std::printf("replayed %d inputs\n", inputs);
    return inputs > 0 ? 0 : 1;
}
