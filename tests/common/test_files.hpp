// Reading a whole file, for unit and integration tests alike.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

namespace noai_test {

// The file's bytes, or "" when it cannot be read.
inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

}  // namespace noai_test
