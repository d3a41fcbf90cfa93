// Which response Content-Types get the opt-out headers (directive noai_types).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace noai {

// A set of media-type patterns: exact types ("image/png"), major wildcards
// ("image/*") and "*" (everything). Matching ignores parameters ("; charset=")
// and surrounding whitespace, and is ASCII-case-insensitive.
class ContentTypeSet {
public:
    // Adds a pattern; returns an error message for a malformed one, "" on success.
    std::string add(std::string_view pattern);
    bool matches(std::string_view content_type) const noexcept;
    bool empty() const noexcept { return !match_all_ && patterns_.empty(); }

private:
    struct Pattern {
        std::string major;   // lower-case
        std::string minor;   // lower-case, empty for "major/*"
    };
    bool match_all_ = false;
    std::vector<Pattern> patterns_;
};

// The media type of a Content-Type value, without parameters or surrounding
// whitespace ("Image/PNG ; q=1" -> "Image/PNG").
std::string_view media_type_of(std::string_view content_type) noexcept;

}  // namespace noai
