// libFuzzer target: noai::parse_robots_tag_directives and noai::merge_robots_tag.
//
// The input is split into lines on '\n'. The first line is a noai_robots_tag
// value (parse_robots_tag_directives); the other lines are the X-Robots-Tag
// lines a response already carries. When the first line is not a valid value,
// "noai, noimageai" is merged instead. Checks:
//  - parse: on success the directives are non-empty, lower-case, trimmed,
//    free of ',' ':' and control characters (a tab inside is a valid header
//    byte, so it is let through), distinct (ignoring case) and
//    each one is a directive of the value; on error there are none;
//  - merge, no change (nullopt): every directive of ours is already present
//    in lower case in some line without ':', the first line is unscoped and
//    holds none of ours in another case;
//  - merge, new lines: the first line has no ':', holds every missing
//    directive and every one of ours in lower case that the first unscoped
//    line held in another case; no output line holds one of our directives
//    together with a ':' unless it is an untouched input line; every input
//    line appears, in order, the first unscoped one possibly lower-cased and
//    extended (first in the output); the output has as many lines as the
//    input, or one more when no input line was unscoped.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "noai_header_value.hpp"
#include "noai_text.hpp"
#include "fuzz_support.hpp"

namespace {

using noai_fuzz::hex;

std::string_view g_input;

[[noreturn]] void fail(const char* what, std::string_view detail = {}) {
    std::fprintf(stderr, "fuzz_robots_tag: %s\n  input (hex): %s\n", what, hex(g_input).c_str());
    if (!detail.empty()) std::fprintf(stderr, "  detail (hex): %s\n", hex(detail).c_str());
    std::abort();
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::vector<std::string_view> directives_of(std::string_view line) {
    std::vector<std::string_view> out;
    for (;;) {
        const std::size_t comma = line.find(',');
        const std::string_view d = trim(line.substr(0, comma));
        if (!d.empty()) out.push_back(d);
        if (comma == std::string_view::npos) return out;
        line.remove_prefix(comma + 1);
    }
}

bool has_colon(std::string_view s) { return s.find(':') != std::string_view::npos; }

bool holds(std::string_view line, std::string_view directive) {
    for (std::string_view d : directives_of(line))
        if (noai::equals_ignore_case(d, directive)) return true;
    return false;
}

// Readers compare with case: ours count only as written (lower case).
bool holds_exactly(std::string_view line, std::string_view directive) {
    for (std::string_view d : directives_of(line))
        if (d == directive) return true;
    return false;
}

bool holds_in_another_case(std::string_view line, std::string_view directive) {
    for (std::string_view d : directives_of(line))
        if (d != directive && noai::equals_ignore_case(d, directive)) return true;
    return false;
}

void check_parse(std::string_view value, const std::vector<std::string>& directives,
                 const std::string& error) {
    if (!error.empty()) {
        if (!directives.empty()) fail("parse: directives returned with an error", value);
        return;
    }
    if (directives.empty()) fail("parse: no directive and no error", value);
    const std::vector<std::string_view> given = directives_of(value);
    for (std::size_t i = 0; i < directives.size(); ++i) {
        const std::string& d = directives[i];
        if (d.empty() || trim(d) != d) fail("parse: empty or untrimmed directive", d);
        for (unsigned char c : d)
            if (c == ',' || c == ':' || (c < 0x20 && c != '\t') || c == 0x7f || (c >= 'A' && c <= 'Z'))
                fail("parse: directive with a forbidden or upper-case byte", d);
        for (std::size_t j = 0; j < i; ++j)
            if (noai::equals_ignore_case(directives[j], d)) fail("parse: duplicate directive", d);
        bool found = false;
        for (std::string_view g : given) found = found || noai::equals_ignore_case(g, d);
        if (!found) fail("parse: directive not in the value", d);
    }
    for (std::string_view g : given) {
        bool found = false;
        for (const std::string& d : directives) found = found || noai::equals_ignore_case(g, d);
        if (!found) fail("parse: a directive of the value was dropped", g);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    g_input = std::string_view(reinterpret_cast<const char*>(data), size);
    std::vector<std::string_view> lines;
    for (std::string_view rest = g_input;;) {
        const std::size_t eol = rest.find('\n');
        lines.push_back(rest.substr(0, eol));
        if (eol == std::string_view::npos) break;
        rest.remove_prefix(eol + 1);
    }
    const std::string_view value = lines.front();
    const std::vector<std::string_view> existing(lines.begin() + 1, lines.end());

    std::string error;
    std::vector<std::string> ours = noai::parse_robots_tag_directives(value, error);
    check_parse(value, ours, error);
    if (!error.empty()) ours = {"noai", "noimageai"};

    const std::optional<std::vector<std::string>> merged = noai::merge_robots_tag(existing, ours);

    std::size_t first_unscoped = existing.size();
    for (std::size_t i = 0; i < existing.size() && first_unscoped == existing.size(); ++i)
        if (!has_colon(existing[i])) first_unscoped = i;
    const bool extended = first_unscoped != existing.size();

    // Ours that the first unscoped line holds in another case: lower-cased there.
    std::vector<std::string> recased;
    for (const std::string& d : ours)
        if (extended && holds_in_another_case(existing[first_unscoped], d)) recased.push_back(d);
    std::vector<std::string> missing;
    for (const std::string& d : ours) {
        bool present = false;
        for (std::string_view line : existing) present = present || (!has_colon(line) && holds_exactly(line, d));
        for (const std::string& r : recased) present = present || r == d;
        if (!present) missing.push_back(d);
    }

    if (!merged) {
        if (!missing.empty()) fail("no change although a directive is missing", missing.front());
        if (first_unscoped != 0) fail("no change although the opt-out line is not first");
        if (!recased.empty()) fail("no change although a directive of ours is in another case", recased.front());
        return 0;
    }
    const std::vector<std::string>& out = *merged;
    if (out.empty()) fail("empty result");
    for (const std::string& d : recased)
        if (!holds_exactly(out[0], d)) fail("a directive of ours was not lower-cased", out[0]);
    if (missing.empty()) {
        // Moved first and/or lower-cased: otherwise the same line.
        if (first_unscoped == 0 && recased.empty()) fail("lines changed although every directive is present, first");
        if (out.size() != existing.size() || out[0].size() != existing[first_unscoped].size() ||
            !noai::equals_ignore_case(out[0], existing[first_unscoped]))
            fail("a present opt-out line was changed, not just moved first or lower-cased");
        return 0;
    }

    if (out.size() != existing.size() + (extended ? 0 : 1)) fail("wrong number of lines");

    if (has_colon(out[0])) fail("the first line holds a ':'", out[0]);
    for (const std::string& d : missing)
        if (!holds_exactly(out[0], d)) fail("the first line lacks a missing directive", out[0]);
    if (extended) {
        const std::string_view base = trim(existing[first_unscoped]);
        if (out[0].size() < base.size() || !noai::equals_ignore_case(std::string_view(out[0]).substr(0, base.size()), base))
            fail("the unscoped line was not kept as the start of the first", out[0]);
        for (std::string_view d : directives_of(base))
            if (!holds(out[0], d)) fail("a directive of the unscoped line was lost", out[0]);
    }

    std::size_t k = 1;
    for (std::size_t i = 0; i < existing.size(); ++i) {
        if (i == first_unscoped) continue;
        if (out[k] != existing[i]) fail("an input line was changed or moved", out[k]);
        ++k;
    }
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (!has_colon(out[i])) continue;
        bool ours_here = false;
        for (const std::string& d : ours) ours_here = ours_here || out[i].find(d) != std::string::npos;
        if (!ours_here) continue;
        bool copied = false;
        for (std::string_view line : existing) copied = copied || line == out[i];
        if (!copied) fail("a line holds one of our directives and a new ':'", out[i]);
    }
    return 0;
}
