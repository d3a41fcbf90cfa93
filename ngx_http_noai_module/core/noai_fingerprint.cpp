#include "noai_fingerprint.hpp"

#include <array>
#include <iterator>
#include <utility>

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

namespace {

// The User-Agent a rule pins exactly, if it does; worked out at compile time
// so the per-request look is a length compare.
struct Pin {
    bool pinned;
    std::string_view user_agent;
};

constexpr Pin pin_of(const Fingerprint& rule) {
    for (std::size_t i = 0; i < rule.condition_count; ++i) {
        const Condition& c = rule.conditions[i];
        if (c.header == Header::user_agent && c.test == Test::equals) return {true, c.value};
    }
    return {false, {}};
}

template <std::size_t... I>
constexpr std::array<Pin, sizeof...(I)> pins_of(std::index_sequence<I...>) {
    return {pin_of(kFingerprints[I])...};
}

constexpr auto kPins = pins_of(std::make_index_sequence<std::size(kFingerprints)>());

}  // namespace

bool fingerprint_possible(std::string_view user_agent) noexcept {
    for (const Pin& pin : kPins)
        if (!pin.pinned || (pin.user_agent.size() == user_agent.size() && pin.user_agent == user_agent)) return true;
    return false;
}

const Fingerprint* match_fingerprint(const RequestView& headers) noexcept {
    for (const Fingerprint& rule : kFingerprints)
        if (fingerprint_matches(rule, headers)) return &rule;
    return nullptr;
}

}  // namespace noai
