#include "noai_header_value.hpp"

#include <cstdio>

#include "noai_structured_field.hpp"
#include "noai_text.hpp"

namespace noai {

std::string validate_header_value(std::string_view value) {
    for (unsigned char c : value) {
        if (c == '\r' || c == '\n') return "contains a CR or LF character";
        if ((c < 0x20 && c != '\t') || c == 0x7f) {
            char message[48];
            std::snprintf(message, sizeof message, "contains control character 0x%02x", c);
            return message;
        }
    }
    if (trim(value) != value) return "has leading or trailing white space";
    return {};
}

ContentUsageCheck check_content_usage(std::string_view value) {
    ContentUsageCheck check;
    const sf::DictionaryResult parsed = sf::parse_dictionary(value);
    if (!parsed.ok()) {
        check.error = "is not a Structured Field dictionary (RFC 9651): " + parsed.error + " at byte " +
                      std::to_string(parsed.error_offset + 1);
        return check;
    }
    if (parsed.members.empty()) check.error = "has no preference";
    for (const sf::Member& member : parsed.members) {
        if (member.key != "train-ai" && member.key != "search") {
            check.warnings.push_back("unknown key \"" + member.key +
                                     "\": draft-ietf-aipref-vocab defines only train-ai and search, "
                                     "readers ignore it");
            continue;
        }
        const sf::BareItem& v = member.item.value;
        if (member.is_inner_list || v.type != sf::BareItem::Type::token || (v.text != "y" && v.text != "n")) {
            check.error = "\"" + member.key + "\" must be the token y or n";
            return check;
        }
    }
    return check;
}

std::string check_absolute_http_url(std::string_view value) {
    std::string_view rest;
    for (std::string_view scheme : {"http://", "https://"}) {
        if (value.size() >= scheme.size() && equals_ignore_case(value.substr(0, scheme.size()), scheme))
            rest = value.substr(scheme.size());
    }
    if (rest.data() == nullptr) return "must be an absolute http:// or https:// URL";
    for (std::size_t i = 0; i < value.size(); ++i) {
        const char c = value[i];
        if (c == '%') {
            if (i + 2 >= value.size() || hex_digit_value(value[i + 1]) < 0 || hex_digit_value(value[i + 2]) < 0)
                return "has a '%' not followed by two hex digits";
        } else if (!is_ascii_alnum(c) && std::string_view("-._~:/?#[]@!$&'()*+,;=").find(c) == std::string_view::npos) {
            return "contains a character not allowed in a URL; percent-encode it";
        }
    }
    std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
    const auto at = authority.rfind('@');
    if (at != std::string_view::npos) authority.remove_prefix(at + 1);
    const auto colon = authority.rfind(':');
    const bool ipv6 = !authority.empty() && authority.front() == '[';
    if (colon != std::string_view::npos && (!ipv6 || colon > authority.rfind(']'))) {
        for (char c : authority.substr(colon + 1))
            if (!is_ascii_digit(c)) return "has a port that is not a number";
        authority = authority.substr(0, colon);
    }
    if (authority.empty()) return "has no host";
    return {};
}

std::vector<std::string_view> split_directives(std::string_view value) {
    std::vector<std::string_view> out;
    while (true) {
        const auto comma = value.find(',');
        const std::string_view part = trim(value.substr(0, comma));
        if (!part.empty()) out.push_back(part);
        if (comma == std::string_view::npos) break;
        value.remove_prefix(comma + 1);
    }
    return out;
}

std::vector<std::string> parse_robots_tag_directives(std::string_view value, std::string& error) {
    error = validate_header_value(value);
    if (!error.empty()) return {};
    if (value.find(':') != std::string_view::npos) {
        error = "must not contain ':' (consumers would read the line as addressed to one bot; "
                "add such directives with add_header on a line of their own)";
        return {};
    }
    std::vector<std::string> directives;
    for (std::string_view d : split_directives(value)) {
        if (d.find_first_of(" \t") != std::string_view::npos) {
            error = "directive \"" + std::string(d) + "\" contains white space; separate directives with ','";
            return {};
        }
        bool seen = false;
        for (const std::string& known : directives) seen = seen || equals_ignore_case(known, d);
        if (!seen) directives.push_back(to_lower(d));
    }
    if (directives.empty()) error = "has no directive";
    return directives;
}

bool is_unscoped_robots_line(std::string_view line) noexcept {
    return line.find(':') == std::string_view::npos;
}

namespace {

// `line` with each of our directives that it holds in another letter case
// lower-cased in place; the rest of the line is kept as it is.
std::string lower_case_ours(std::string_view line, const std::vector<std::string>& our_directives) {
    std::string out(line);
    for (std::string_view d : split_directives(line)) {
        for (const std::string& ours : our_directives) {
            if (d == ours || !equals_ignore_case(d, ours)) continue;
            out.replace(static_cast<std::size_t>(d.data() - line.data()), d.size(), ours);
        }
    }
    return out;
}

}  // namespace

std::optional<std::vector<std::string>> merge_robots_tag(
    const std::vector<std::string_view>& existing_lines,
    const std::vector<std::string>& our_directives) {
    std::size_t first_unscoped = existing_lines.size();
    for (std::size_t i = 0; i < existing_lines.size() && first_unscoped == existing_lines.size(); ++i)
        if (is_unscoped_robots_line(existing_lines[i])) first_unscoped = i;
    // Readers compare with case (datadiligence): ours count only in lower case.
    const std::string first_line = first_unscoped == existing_lines.size()
                                       ? std::string()
                                       : lower_case_ours(existing_lines[first_unscoped], our_directives);

    std::vector<std::string_view> present = split_directives(first_line);
    for (std::size_t i = first_unscoped + 1; i < existing_lines.size(); ++i) {
        if (!is_unscoped_robots_line(existing_lines[i])) continue;
        for (std::string_view d : split_directives(existing_lines[i])) present.push_back(d);
    }

    std::string missing;
    for (const std::string& ours : our_directives) {
        bool found = false;
        for (std::string_view d : present) found = found || d == ours;
        if (found) continue;
        if (!missing.empty()) missing += ", ";
        missing += ours;
    }
    if (missing.empty() && (first_unscoped == existing_lines.size() ||
                            (first_unscoped == 0 && first_line == existing_lines[0])))
        return std::nullopt;

    std::vector<std::string> lines;
    lines.reserve(existing_lines.size() + 1);
    const std::string_view base = trim(first_line);
    if (missing.empty()) lines.push_back(first_line);   // only moved first, or lower-cased
    else lines.push_back(base.empty() ? missing : std::string(base) + ", " + missing);
    for (std::size_t i = 0; i < existing_lines.size(); ++i)
        if (i != first_unscoped) lines.emplace_back(existing_lines[i]);
    return lines;
}

}  // namespace noai
