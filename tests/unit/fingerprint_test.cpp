// Header-shape rules: default img2dataset is recognised, real browsers are not.
#include "noai_fingerprint.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace noai {
namespace {

constexpr std::string_view kFirefox72 =
    "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:72.0) Gecko/20100101 Firefox/72.0";

// Exactly what img2dataset sends by default.
RequestView img2dataset_default() {
    RequestView h;
    h.user_agent = kFirefox72;
    h.has_user_agent = true;
    h.accept_encoding = "identity";
    h.has_accept_encoding = true;
    return h;
}

TEST(Fingerprint, MatchesDefaultImg2dataset) {
    const Fingerprint* f = match_fingerprint(img2dataset_default());
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->name, "img2dataset-default");
    EXPECT_EQ(f->agent, "img2dataset");
}

TEST(Fingerprint, ComparesAcceptEncodingIgnoringCase) {
    RequestView h = img2dataset_default();
    h.accept_encoding = "IDENTITY";
    EXPECT_NE(match_fingerprint(h), nullptr);
}

TEST(Fingerprint, LeavesOtherHeaderShapesAlone) {
    struct Case { const char* why; void (*change)(RequestView&); };
    const std::vector<Case> cases = {
        {"real Firefox 72 sends Accept",
         [](RequestView& h) { h.accept = "image/avif,image/webp,*/*"; h.has_accept = true; }},
        {"an empty Accept is still sent", [](RequestView& h) { h.has_accept = true; }},
        {"Accept-Language sent",
         [](RequestView& h) { h.accept_language = "en-US,en;q=0.5"; h.has_accept_language = true; }},
        {"gzip encoding", [](RequestView& h) { h.accept_encoding = "gzip, deflate, br"; }},
        {"identity among others", [](RequestView& h) { h.accept_encoding = "identity, gzip"; }},
        {"no Accept-Encoding", [](RequestView& h) { h.has_accept_encoding = false; h.accept_encoding = {}; }},
        {"another Firefox version", [](RequestView& h) {
             h.user_agent = "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:73.0) Gecko/20100101 Firefox/73.0"; }},
        {"User-Agent differs in case", [](RequestView& h) {
             h.user_agent = "mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:72.0) Gecko/20100101 Firefox/72.0"; }},
        {"User-Agent with a trailing space", [](RequestView& h) {
             h.user_agent = "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:72.0) Gecko/20100101 Firefox/72.0 "; }},
        {"no User-Agent", [](RequestView& h) { h.has_user_agent = false; h.user_agent = {}; }},
    };
    for (const Case& c : cases) {
        RequestView h = img2dataset_default();
        c.change(h);
        EXPECT_EQ(match_fingerprint(h), nullptr) << c.why;
    }
}

TEST(Fingerprint, EveryBuiltinRuleChecksAnExactUserAgentFirst) {
    ASSERT_FALSE(builtin_fingerprints().empty());
    for (const Fingerprint& f : builtin_fingerprints()) {
        SCOPED_TRACE(std::string(f.name));
        EXPECT_FALSE(f.agent.empty());
        ASSERT_GT(f.condition_count, 0u);
        EXPECT_EQ(f.conditions[0].header, Header::user_agent);
        EXPECT_EQ(f.conditions[0].test, Condition::Test::equals);
    }
}

TEST(Fingerprint, RuleRowsAreData) {
    // A new rule is one table of conditions: here, "UA is X and no Accept".
    constexpr Condition conditions[] = {
        {Header::user_agent, Condition::Test::equals, "ExampleFetcher"},
        {Header::accept, Condition::Test::absent, {}},
    };
    const Fingerprint rule{"example", "ExampleFetcher", conditions, 2};
    RequestView h;
    h.user_agent = "ExampleFetcher";
    h.has_user_agent = true;
    EXPECT_TRUE(fingerprint_matches(rule, h));
    h.has_accept = true;
    EXPECT_FALSE(fingerprint_matches(rule, h));
}

}  // namespace
}  // namespace noai

namespace noai {
namespace {

TEST(FingerprintPrecheck, OnlyTheUserAgentsARuleNamesCanMatch) {
    EXPECT_TRUE(fingerprint_possible("Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:72.0) Gecko/20100101 Firefox/72.0"));
    EXPECT_FALSE(fingerprint_possible("Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:72.0) Gecko/20100101 Firefox/72.1"));
    EXPECT_FALSE(fingerprint_possible("curl/8.5.0"));
    EXPECT_FALSE(fingerprint_possible(""));
}

TEST(FingerprintPrecheck, NeverRejectsARequestThatMatches) {
    for (const Fingerprint& rule : builtin_fingerprints()) {
        for (std::size_t i = 0; i < rule.condition_count; ++i) {
            const Condition& c = rule.conditions[i];
            if (c.header == Header::user_agent && c.test == Condition::Test::equals) {
                EXPECT_TRUE(fingerprint_possible(c.value)) << rule.name;
            }
        }
    }
}

}  // namespace
}  // namespace noai
