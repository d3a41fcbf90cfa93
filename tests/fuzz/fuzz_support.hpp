// Shared by the fuzz targets: printing a failing input.
#pragma once

#include <string>
#include <string_view>

namespace noai_fuzz {

// Bytes as lower-case hex, for reports of a failing input.
inline std::string hex(std::string_view s) {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : s) {
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

}  // namespace noai_fuzz
