// RSL 1.0 (Really Simple Licensing): where a site's machine-readable licence
// terms are. noai_license URL puts them in two places: a robots.txt
// `License: URL` line (see noai_site_files.hpp) and, on every response that
// gets the opt-out, the HTTP link
//   Link: <URL>; rel="license"; type="application/rsl+xml"
// merged into the Link header the response may already carry (RFC 8288: a
// comma-separated list of link-values, which may also come as several lines).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace noai {

// Why `url` cannot be a licence URL, or "" if it can. RSL wants an absolute
// URL with protocol and host; it must also fit unescaped in a robots.txt line
// (no '#': a comment starts there) and inside the <> of a Link header (no
// white space, control bytes, '<', '>', '"' or non-ASCII: percent-encode those).
std::string license_url_error(std::string_view url);

// `<URL>; rel="license"; type="application/rsl+xml"`.
std::string license_link_value(std::string_view url);

// What to do with the response's Link header lines (in order) to add ours.
struct LinkMerge {
    enum class Kind {
        none,           // a link-value already points at `url` with rel "license": leave all as is
        add_line,       // no Link line fit to merge into: add `value` as a line of its own
        replace_line,   // rewrite existing line number `line` to `value` (it ends with ours)
    };
    Kind kind = Kind::none;
    std::string value;
    std::size_t line = 0;
};

// The first existing line that parses as a Link list gets ", <ours>"
// appended, so readers that look at one Link line still see it; a line that
// does not parse is never touched (ours then goes on its own line).
LinkMerge merge_license_link(const std::vector<std::string_view>& existing_lines, std::string_view url);

// One parsed link-value of a Link header (for the merge and its tests).
struct LinkValue {
    std::string target;             // between < and >
    std::vector<std::string> rels;  // rel's relation types, lower-cased
};

// Parses a Link header value (RFC 8288 section 3: link-values separated by
// commas; parameters after ';', values bare or quoted with \ escapes).
// std::nullopt when it does not parse.
std::optional<std::vector<LinkValue>> parse_link_header(std::string_view value);

}  // namespace noai
