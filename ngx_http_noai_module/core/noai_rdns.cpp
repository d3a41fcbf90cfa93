#include "noai_rdns.hpp"

#include "noai_text.hpp"

namespace noai {

namespace {

std::string_view without_outer_dots(std::string_view s) noexcept {
    while (!s.empty() && s.front() == '.') s.remove_prefix(1);
    while (!s.empty() && s.back() == '.') s.remove_suffix(1);
    return s;
}

}  // namespace

bool name_under(std::string_view name, std::string_view suffix) noexcept {
    if (!name.empty() && name.back() == '.') name.remove_suffix(1);
    if (suffix.empty() || name.size() < suffix.size()) return false;
    const std::size_t start = name.size() - suffix.size();
    return equals_ignore_case(name.substr(start), suffix) && (start == 0 || name[start - 1] == '.');
}

bool name_under_any(std::string_view name, const std::vector<std::string>& suffixes) noexcept {
    for (const std::string& suffix : suffixes)
        if (name_under(name, suffix)) return true;
    return false;
}

std::string_view rdns_suffix_error(std::string_view suffix) noexcept {
    suffix = without_outer_dots(suffix);
    if (suffix.empty()) return "empty suffix";
    bool dot = false;
    char previous = '.';
    for (const char c : suffix) {
        if (c == '.') {
            if (previous == '.') return "empty label in suffix";
            dot = true;
        } else if (!is_ascii_alnum(c) && c != '-' && c != '_') {
            return "invalid character in suffix";
        }
        previous = c;
    }
    // A bare "com" would accept any name a client's own DNS gives it.
    if (!dot) return "a suffix needs at least two labels";
    return {};
}

std::string normalize_suffix(std::string_view suffix) { return to_lower(without_outer_dots(suffix)); }

}  // namespace noai
