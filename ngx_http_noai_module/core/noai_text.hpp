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
// C0 controls and DEL.
constexpr bool is_ascii_control(char c) noexcept {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
}
// 0-15 for a hex digit of either case, else -1.
constexpr int hex_digit_value(char c) noexcept {
    if (is_ascii_digit(c)) return c - '0';
    const char l = to_lower_ascii(c);
    return (l >= 'a' && l <= 'f') ? l - 'a' + 10 : -1;
}
inline constexpr char kLowerHexDigits[] = "0123456789abcdef";

std::string_view trim(std::string_view s) noexcept;   // spaces and tabs
bool equals_ignore_case(std::string_view a, std::string_view b) noexcept;
std::string to_lower(std::string_view s);
// Line-oriented configuration files (agent lists, address lists): takes the
// next line off `content` and returns it without its CR/LF, its `#` comment
// and surrounding spaces/tabs (possibly empty).
std::string_view take_config_line(std::string_view& content) noexcept;
// A file whose first non-space byte is `{` or `[` is read as JSON. `content`
// loses a leading UTF-8 byte order mark.
bool looks_like_json(std::string_view& content) noexcept;
// Appends one code point (up to U+10FFFF) as UTF-8.
void append_utf8(std::string& out, char32_t code_point);

}  // namespace noai
