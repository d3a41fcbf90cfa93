#include "noai_license.hpp"

#include "noai_text.hpp"

namespace noai {

namespace {

constexpr std::string_view kLinkParams = "; rel=\"license\"; type=\"application/rsl+xml\"";

bool is_scheme_char(char c) noexcept { return is_ascii_alnum(c) || c == '+' || c == '-' || c == '.'; }

// RFC 9110 tchar: what a bare parameter name or value may hold.
bool is_token_char(char c) noexcept {
    return is_ascii_alnum(c) || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

void skip_ows(std::string_view& s) noexcept {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
}

// A quoted-string at the start of `s` (which starts with '"'), unescaped.
std::optional<std::string> take_quoted(std::string_view& s) {
    std::string out;
    s.remove_prefix(1);
    while (!s.empty()) {
        const char c = s.front();
        s.remove_prefix(1);
        if (c == '"') return out;
        if (c == '\\') {
            if (s.empty()) return std::nullopt;
            out += s.front();
            s.remove_prefix(1);
        } else {
            out += c;
        }
    }
    return std::nullopt;  // unterminated
}

std::string_view take_token(std::string_view& s) noexcept {
    std::size_t n = 0;
    while (n < s.size() && is_token_char(s[n])) ++n;
    const std::string_view token = s.substr(0, n);
    s.remove_prefix(n);
    return token;
}

std::vector<std::string> split_rels(std::string_view rels) {
    std::vector<std::string> out;
    while (!rels.empty()) {
        const std::size_t space = rels.find_first_of(" \t");
        const std::string_view rel = rels.substr(0, space);
        if (!rel.empty()) out.push_back(to_lower(rel));
        if (space == std::string_view::npos) break;
        rels.remove_prefix(space + 1);
    }
    return out;
}

}  // namespace

std::string license_url_error(std::string_view url) {
    for (char c : url) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte <= 0x20 || byte >= 0x7f) return "must be ASCII without spaces or control characters (percent-encode others)";
        if (c == '<' || c == '>' || c == '"') return "must not contain <, > or \"";
        if (c == '#') return "must not contain '#' (robots.txt would read the rest as a comment)";
    }
    const std::size_t colon = url.find(':');
    if (colon == std::string_view::npos || colon == 0 || !is_ascii_alpha(url[0]))
        return "must be an absolute URL with a scheme, e.g. https://example.com/license.xml";
    for (char c : url.substr(0, colon))
        if (!is_scheme_char(c)) return "must be an absolute URL with a scheme, e.g. https://example.com/license.xml";
    const std::string scheme = to_lower(url.substr(0, colon));
    if (scheme != "http" && scheme != "https") return "must be an http or https URL";
    const std::string_view rest = url.substr(colon + 1);
    if (rest.substr(0, 2) != "//") return "must be an absolute URL with a host, e.g. https://example.com/license.xml";
    const std::string_view authority = rest.substr(2, rest.find_first_of("/?", 2) - 2);
    const std::string_view host = authority.substr(authority.rfind('@') == std::string_view::npos
                                                       ? 0
                                                       : authority.rfind('@') + 1);
    if (host.empty() || host.front() == ':') return "must name a host, e.g. https://example.com/license.xml";
    return {};
}

std::string license_link_value(std::string_view url) {
    std::string value = "<";
    value += url;
    value += '>';
    value += kLinkParams;
    return value;
}

std::optional<std::vector<LinkValue>> parse_link_header(std::string_view s) {
    std::vector<LinkValue> links;
    while (true) {
        skip_ows(s);
        if (s.empty()) break;
        if (s.front() == ',') {  // empty list elements are allowed (RFC 9110 5.6.1)
            s.remove_prefix(1);
            continue;
        }
        if (s.front() != '<') return std::nullopt;
        const std::size_t close = s.find('>');
        if (close == std::string_view::npos) return std::nullopt;
        LinkValue link;
        link.target = std::string(s.substr(1, close - 1));
        s.remove_prefix(close + 1);
        while (true) {
            skip_ows(s);
            if (s.empty() || s.front() == ',') break;
            if (s.front() != ';') return std::nullopt;
            s.remove_prefix(1);
            skip_ows(s);
            const std::string name = to_lower(take_token(s));
            if (name.empty()) return std::nullopt;
            skip_ows(s);
            std::string value;
            if (!s.empty() && s.front() == '=') {
                s.remove_prefix(1);
                skip_ows(s);
                if (!s.empty() && s.front() == '"') {
                    std::optional<std::string> quoted = take_quoted(s);
                    if (!quoted) return std::nullopt;
                    value = std::move(*quoted);
                } else {
                    value = std::string(take_token(s));
                }
            }
            // RFC 8288 3.3: only the first rel parameter counts.
            if (name == "rel" && link.rels.empty()) link.rels = split_rels(value);
        }
        links.push_back(std::move(link));
        if (s.empty()) break;
        s.remove_prefix(1);  // the ','
    }
    return links;
}

LinkMerge merge_license_link(const std::vector<std::string_view>& existing_lines, std::string_view url) {
    std::optional<std::size_t> first_parsed;
    for (std::size_t i = 0; i < existing_lines.size(); ++i) {
        const std::optional<std::vector<LinkValue>> links = parse_link_header(existing_lines[i]);
        if (!links) continue;
        for (const LinkValue& link : *links) {
            if (link.target != url) continue;
            for (const std::string& rel : link.rels)
                if (rel == "license") return {};
        }
        if (!first_parsed && !links->empty()) first_parsed = i;
    }
    if (!first_parsed) return {LinkMerge::Kind::add_line, license_link_value(url)};
    std::string value(trim(existing_lines[*first_parsed]));
    while (!value.empty() && (value.back() == ',' || value.back() == ' ' || value.back() == '\t')) value.pop_back();
    value += ", ";
    value += license_link_value(url);
    return {LinkMerge::Kind::replace_line, std::move(value), *first_parsed};
}

}  // namespace noai
