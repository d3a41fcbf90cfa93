// Small ASCII text helpers shared by the core. Locale-independent on purpose:
// HTTP tokens are ASCII and bytes >= 0x80 are never letters here.
#pragma once

#include <string>
#include <string_view>

namespace noai {

constexpr bool is_ascii_alpha(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
constexpr bool is_ascii_digit(char c) noexcept { return c >= '0' && c <= '9'; }
constexpr bool is_ascii_alnum(char c) noexcept { return is_ascii_alpha(c) || is_ascii_digit(c); }
constexpr char to_lower_ascii(char c) noexcept {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string_view trim(std::string_view s) noexcept;   // spaces and tabs
bool equals_ignore_case(std::string_view a, std::string_view b) noexcept;
std::string to_lower(std::string_view s);

}  // namespace noai
