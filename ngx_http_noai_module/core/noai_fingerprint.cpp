#include "noai_fingerprint.hpp"

#include <iterator>

#include "noai_text.hpp"

namespace noai {

namespace {

using Test = Condition::Test;

// img2dataset's defaults (its downloader.py): a fixed Firefox 72 User-Agent,
// `Accept-Encoding: identity`, and neither Accept nor Accept-Language, which
// every real Firefox sends. The User-Agent compare comes first: it rejects
// almost every request on its length alone.
constexpr Condition kImg2datasetDefault[] = {
    {Header::user_agent, Test::equals,
     "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:72.0) Gecko/20100101 Firefox/72.0"},
    {Header::accept_encoding, Test::equals_ignore_case, "identity"},
    {Header::accept, Test::absent, {}},
    {Header::accept_language, Test::absent, {}},
};

constexpr Fingerprint kFingerprints[] = {
    {"img2dataset-default", "img2dataset", kImg2datasetDefault, std::size(kImg2datasetDefault)},
};

bool holds(const Condition& c, const RequestView& h) noexcept {
    std::string_view value;
    bool present = false;
    switch (c.header) {
    case Header::user_agent: value = h.user_agent; present = h.has_user_agent; break;
    case Header::accept: value = h.accept; present = h.has_accept; break;
    case Header::accept_encoding: value = h.accept_encoding; present = h.has_accept_encoding; break;
    case Header::accept_language: value = h.accept_language; present = h.has_accept_language; break;
    }
    switch (c.test) {
    case Test::absent: return !present;
    case Test::equals: return present && value == c.value;   // compares lengths first
    case Test::equals_ignore_case: return present && equals_ignore_case(value, c.value);
    }
    return false;
}

}  // namespace

const std::vector<Fingerprint>& builtin_fingerprints() {
    static const std::vector<Fingerprint> list(std::begin(kFingerprints), std::end(kFingerprints));
    return list;
}

bool fingerprint_matches(const Fingerprint& rule, const RequestView& headers) noexcept {
    for (std::size_t i = 0; i < rule.condition_count; ++i)
        if (!holds(rule.conditions[i], headers)) return false;
    return true;
}

// Walks the constexpr table, not builtin_fingerprints(): no first-call
// allocation on the request path.
bool fingerprint_possible(std::string_view user_agent) noexcept {
    for (const Fingerprint& rule : kFingerprints) {
        bool pinned_elsewhere = false;
        for (std::size_t i = 0; i < rule.condition_count && !pinned_elsewhere; ++i) {
            const Condition& c = rule.conditions[i];
            pinned_elsewhere = c.header == Header::user_agent && c.test == Test::equals &&
                               (c.value.size() != user_agent.size() || c.value != user_agent);
        }
        if (!pinned_elsewhere) return true;
    }
    return false;
}

const Fingerprint* match_fingerprint(const RequestView& headers) noexcept {
    for (const Fingerprint& rule : kFingerprints)
        if (fingerprint_matches(rule, headers)) return &rule;
    return nullptr;
}

}  // namespace noai
