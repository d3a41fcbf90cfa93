// Opt-out header values: validation of configured values and the X-Robots-Tag
// merge rules that keep every known consumer reading the opt-out.
//
// Why the merge is careful: img2dataset splits each X-Robots-Tag line on its
// FIRST ':' to find a bot scope, so "noai, max-image-preview:large" is read as
// bot "noai, max-image-preview" and ignored; Spawning's datadiligence compares
// with case and, given urllib's headers, reads only the FIRST X-Robots-Tag line
// (README: "X-Robots-Tag, merged carefully"). So our directives must stand,
// lower-case, in one colon-free line that comes first.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace noai {

// A configured header value must be a single visible line: returns an error
// message ("contains a CR or LF", "contains control character 0x07") or "".
std::string validate_header_value(std::string_view value);

// A noai_content_usage value (draft-ietf-aipref-attach): an RFC 9651
// dictionary whose keys of draft-ietf-aipref-vocab (train-ai, search) hold
// the token y or n. `error` for a value no reader can use; `warnings` for
// keys the vocabulary does not define (readers ignore them).
struct ContentUsageCheck {
    std::string error;
    std::vector<std::string> warnings;
};
ContentUsageCheck check_content_usage(std::string_view value);

// A noai_tdm_policy value: an absolute http or https URL with a host, only
// URI characters (RFC 3986) in it. Returns an error message or "".
std::string check_absolute_http_url(std::string_view value);

// Splits an X-Robots-Tag value on ',' into trimmed, non-empty directives.
std::vector<std::string_view> split_directives(std::string_view value);

// Validates a noai_robots_tag value (header-safe, at least one directive, no ':'
// since a colon would make consumers read the line as bot-scoped, no white
// space inside a directive: a forgotten comma) and returns
// its directives lower-cased, without duplicates. Error message in `error`.
std::vector<std::string> parse_robots_tag_directives(std::string_view value, std::string& error);

// True for a line that consumers read as addressed to every bot (no ':').
bool is_unscoped_robots_line(std::string_view line) noexcept;

// Given the X-Robots-Tag lines a response already carries (in order) and our
// directives (lower case), returns the lines it should carry, or std::nullopt
// when nothing needs to change (every directive of ours is already present
// unscoped and in lower case, and the first line is unscoped). Result: the
// first unscoped line, with our directives it holds in another case
// lower-cased and our missing ones appended (or a new line of our directives
// when there is none), comes first; every other line follows in its original
// order, untouched. Nothing is dropped; a directive of ours is added only
// where no line holds it in lower case.
std::optional<std::vector<std::string>> merge_robots_tag(
    const std::vector<std::string_view>& existing_lines,
    const std::vector<std::string>& our_directives);

}  // namespace noai
