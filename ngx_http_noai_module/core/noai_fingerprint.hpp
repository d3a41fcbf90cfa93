// Header-shape rules for downloaders that send no identifying token, e.g.
// default img2dataset. Each rule is a row of conditions on request headers;
// a rule matches when all its conditions hold. Evaluated per request: cheap,
// noexcept, no allocation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "noai_request_view.hpp"

namespace noai {

enum class Header : std::uint8_t { user_agent, accept, accept_encoding, accept_language };

struct Condition {
    enum class Test : std::uint8_t {
        absent,               // the header was not sent
        equals,               // sent, byte-for-byte equal to value
        equals_ignore_case,   // sent, equal to value ignoring ASCII case
    };
    Header header;
    Test test;
    std::string_view value;
};

struct Fingerprint {
    std::string_view name;        // reported as the match reason, e.g. "img2dataset-default"
    std::string_view agent;       // reported as the agent, e.g. "img2dataset"
    const Condition* conditions;  // all must hold; put the most selective first
    std::size_t condition_count;
};

const std::vector<Fingerprint>& builtin_fingerprints();

bool fingerprint_matches(const Fingerprint& rule, const RequestView& headers) noexcept;

// The first built-in rule that matches, or nullptr.
const Fingerprint* match_fingerprint(const RequestView& headers) noexcept;

// A cheap first look at the User-Agent alone: false when no rule can match it
// (a rule that pins the exact User-Agent, as every built-in one does, cannot),
// so ordinary requests skip gathering the other headers.
bool fingerprint_possible(std::string_view user_agent) noexcept;

}  // namespace noai
