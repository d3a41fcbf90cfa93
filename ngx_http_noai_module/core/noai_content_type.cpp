#include "noai_content_type.hpp"

#include <cstring>

#include "noai_text.hpp"

namespace noai {

std::string_view media_type_of(std::string_view content_type) noexcept {
    const auto semicolon = content_type.find(';');
    return trim(content_type.substr(0, semicolon));
}

namespace {

bool is_token_char(char c) noexcept {
    // RFC 9110 tchar
    if (is_ascii_alnum(c)) return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_token(std::string_view s) noexcept {
    if (s.empty()) return false;
    for (char c : s)
        if (!is_token_char(c)) return false;
    return true;
}

// `lower` is already lower-case (patterns are stored so): fold one side
// only. Types are usually sent in lower case: one memcmp decides those.
inline bool equals_lower(const char* text, std::string_view lower) noexcept {
    if (std::memcmp(text, lower.data(), lower.size()) == 0) return true;
    for (std::size_t i = 0; i < lower.size(); ++i)
        if (to_lower_ascii(text[i]) != lower[i]) return false;
    return true;
}

}  // namespace

std::string ContentTypeSet::add(std::string_view pattern) {
    const std::string_view type = trim(pattern);
    if (type == "*") {
        match_all_ = true;
        return {};
    }
    const auto slash = type.find('/');
    if (slash == std::string_view::npos || type.find(';') != std::string_view::npos)
        return "expected a media type such as image/png, image/* or *";
    const std::string_view major = type.substr(0, slash);
    const std::string_view minor = type.substr(slash + 1);
    if (!is_token(major) || major == "*" || (minor != "*" && !is_token(minor)))
        return "expected a media type such as image/png, image/* or *";
    patterns_.push_back({to_lower(major), minor == "*" ? std::string() : to_lower(minor)});
    return {};
}

// Runs for every response: compares in place, without splitting or copying.
bool ContentTypeSet::matches(std::string_view content_type) const noexcept {
    if (match_all_) return true;
    std::size_t start = 0;
    while (start < content_type.size() && (content_type[start] == ' ' || content_type[start] == '\t')) ++start;
    const char* type = content_type.data() + start;
    const std::size_t length = content_type.size() - start;
    for (const Pattern& p : patterns_) {
        const std::size_t major = p.major.size();
        if (length <= major || type[major] != '/' || !equals_lower(type, p.major)) continue;
        if (p.minor.empty()) return true;
        const char* minor = type + major + 1;
        const std::size_t rest = length - major - 1;
        std::size_t end = 0;
        while (end < rest && minor[end] != ';' && minor[end] != ' ' && minor[end] != '\t') ++end;
        if (end == p.minor.size() && equals_lower(minor, p.minor)) return true;
    }
    return false;
}

}  // namespace noai
