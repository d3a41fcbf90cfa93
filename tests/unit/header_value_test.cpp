#include <gtest/gtest.h>

#include "noai_header_value.hpp"

namespace noai {
namespace {

using Lines = std::vector<std::string>;
const std::vector<std::string> kOurs = {"noai", "noimageai"};

std::optional<Lines> merge(std::vector<std::string_view> existing) {
    return merge_robots_tag(existing, kOurs);
}

TEST(HeaderValues, VisibleSingleLineValuesAreValid) {
    EXPECT_EQ(validate_header_value("train-ai=n"), "");
    EXPECT_EQ(validate_header_value("https://example.com/policy.json"), "");
    EXPECT_EQ(validate_header_value("a\tb"), "");
}

TEST(HeaderValues, LineBreaksAndControlCharactersAreRejected) {
    EXPECT_EQ(validate_header_value("noai\r\nX-Evil: 1"), "contains a CR or LF character");
    EXPECT_EQ(validate_header_value("noai\n"), "contains a CR or LF character");
    EXPECT_EQ(validate_header_value(std::string("a\0b", 3)), "contains control character 0x00");
    EXPECT_EQ(validate_header_value("a\x07"), "contains control character 0x07");
    EXPECT_EQ(validate_header_value("a\x7f"), "contains control character 0x7f");
}

TEST(HeaderValues, SurroundingWhiteSpaceIsRejected) {
    EXPECT_NE(validate_header_value(" noai"), "");
    EXPECT_NE(validate_header_value("noai "), "");
}

TEST(RobotsTag, DirectivesAreLowerCasedAndDeduplicated) {
    std::string error;
    EXPECT_EQ(parse_robots_tag_directives("NoAI, noimageai,noai ,", error), (Lines{"noai", "noimageai"}));
    EXPECT_EQ(error, "");
}

TEST(RobotsTag, AColonIsRejectedBecauseConsumersReadItAsABotScope) {
    std::string error;
    parse_robots_tag_directives("noai, max-image-preview:large", error);
    EXPECT_NE(error.find("must not contain ':'"), std::string::npos);
}

TEST(RobotsTag, WhiteSpaceInsideADirectiveIsRejected) {
    std::string error;
    parse_robots_tag_directives("noai noimageai", error);
    EXPECT_EQ(error, "directive \"noai noimageai\" contains white space; separate directives with ','");
    parse_robots_tag_directives("noai\tx, noimageai", error);
    EXPECT_NE(error, "");
}

TEST(RobotsTag, AnEmptyValueIsRejected) {
    std::string error;
    parse_robots_tag_directives(",,", error);
    EXPECT_EQ(error, "has no directive");
}

TEST(ContentUsage, KnownKeysTakeTheTokensYAndN) {
    for (const char* good : {"train-ai=n", "train-ai=y, search=n", "search=y;note=1"}) {
        const ContentUsageCheck check = check_content_usage(good);
        EXPECT_EQ(check.error, "") << good;
        EXPECT_TRUE(check.warnings.empty()) << good;
    }
    for (const char* bad : {"train-ai=no", "train-ai=\"n\"", "train-ai=N", "train-ai", "train-ai=(n)", "search=1"})
        EXPECT_NE(check_content_usage(bad).error.find("must be the token y or n"), std::string::npos) << bad;
}

TEST(ContentUsage, AValueThatIsNoDictionaryIsAnError) {
    EXPECT_EQ(check_content_usage("Train-AI=n").error,
              "is not a Structured Field dictionary (RFC 9651): a key must start with a lower-case letter "
              "or '*' at byte 1");
    EXPECT_EQ(check_content_usage(" ").error, "has no preference");
}

TEST(ContentUsage, UnknownKeysAreWarnedAbout) {
    const ContentUsageCheck check = check_content_usage("ai=n, train-genai=n, train-ai=n");
    EXPECT_EQ(check.error, "");
    ASSERT_EQ(check.warnings.size(), 2u);
    EXPECT_NE(check.warnings[0].find("unknown key \"ai\""), std::string::npos);
    EXPECT_NE(check.warnings[1].find("unknown key \"train-genai\""), std::string::npos);
}

TEST(TdmPolicyUrl, OnlyAbsoluteHttpUrlsWithAHost) {
    for (const char* good : {"https://example.com/policy.json", "HTTP://example.com", "http://[::1]:8080/p?q=1#f",
                             "https://user@example.com:443/a%20b"})
        EXPECT_EQ(check_absolute_http_url(good), "") << good;
    EXPECT_EQ(check_absolute_http_url("not a url"), "must be an absolute http:// or https:// URL");
    EXPECT_EQ(check_absolute_http_url("/policy.json"), "must be an absolute http:// or https:// URL");
    EXPECT_EQ(check_absolute_http_url("ftp://example.com/"), "must be an absolute http:// or https:// URL");
    EXPECT_EQ(check_absolute_http_url("https:///policy.json"), "has no host");
    EXPECT_EQ(check_absolute_http_url("https://example.com:x/"), "has a port that is not a number");
    EXPECT_EQ(check_absolute_http_url("https://example.com/a b"),
              "contains a character not allowed in a URL; percent-encode it");
    EXPECT_EQ(check_absolute_http_url("https://example.com/%zz"), "has a '%' not followed by two hex digits");
}

TEST(RobotsTagMerge, NoExistingLineGivesOurLine) {
    EXPECT_EQ(merge({}), (Lines{"noai, noimageai"}));
}

TEST(RobotsTagMerge, ScopedLinesStayOnTheirOwnLineAfterOurs) {
    EXPECT_EQ(merge({"max-image-preview:large"}), (Lines{"noai, noimageai", "max-image-preview:large"}));
    EXPECT_EQ(merge({"googlebot: noindex", "unavailable_after: 2030-01-01"}),
              (Lines{"noai, noimageai", "googlebot: noindex", "unavailable_after: 2030-01-01"}));
}

TEST(RobotsTagMerge, OurDirectivesJoinTheFirstUnscopedLine) {
    EXPECT_EQ(merge({"noindex"}), (Lines{"noindex, noai, noimageai"}));
}

TEST(RobotsTagMerge, TheUnscopedLineMovesFirst) {
    EXPECT_EQ(merge({"max-image-preview:large", "noarchive"}),
              (Lines{"noarchive, noai, noimageai", "max-image-preview:large"}));
}

TEST(RobotsTagMerge, DirectivesAlreadyPresentAreNotRepeated) {
    EXPECT_EQ(merge({"noai"}), (Lines{"noai, noimageai"}));
    EXPECT_EQ(merge({"noimageai, nofollow"}), (Lines{"noimageai, nofollow, noai"}));
}

TEST(RobotsTagMerge, OursInAnotherCaseAreLowerCasedInTheFirstLine) {
    // datadiligence compares with case: "NOAI" is not an opt-out to it.
    EXPECT_EQ(merge({"NOAI, NOIMAGEAI"}), (Lines{"noai, noimageai"}));
    EXPECT_EQ(merge({"NoIndex,NOIMAGEAI"}), (Lines{"NoIndex,noimageai, noai"}));
    EXPECT_EQ(merge({"max-image-preview:large", "NoAI, noimageai"}),
              (Lines{"noai, noimageai", "max-image-preview:large"}));
}

TEST(RobotsTagMerge, OursInAnotherCaseOnALaterLineDoNotCount) {
    EXPECT_EQ(merge({"noindex", "NOAI, NOIMAGEAI"}), (Lines{"noindex, noai, noimageai", "NOAI, NOIMAGEAI"}));
}

TEST(RobotsTagMerge, NothingChangesWhenEveryDirectiveIsPresentUnscoped) {
    EXPECT_EQ(merge({"noai, noimageai"}), std::nullopt);
    EXPECT_EQ(merge({"noimageai", "noai"}), std::nullopt);
}

TEST(RobotsTagMerge, APresentOptOutLineIsMovedFirstUnchanged) {
    // Readers that look only at the first line must see it.
    EXPECT_EQ(merge({"max-image-preview:large", "noai, noimageai"}),
              (Lines{"noai, noimageai", "max-image-preview:large"}));
}

TEST(RobotsTagMerge, ScopedOptOutDoesNotCountAsPresent) {
    // "img2dataset: noai" is ignored by img2dataset's default settings.
    EXPECT_EQ(merge({"img2dataset: noai, noimageai"}),
              (Lines{"noai, noimageai", "img2dataset: noai, noimageai"}));
}

TEST(RobotsTagMerge, NeverProducesALineMixingOursWithAColon) {
    const auto lines = merge({"noindex", "max-image-preview:large", "nofollow"});
    ASSERT_TRUE(lines);
    for (const std::string& line : *lines) {
        const bool has_ours = line.find("noai") != std::string::npos;
        const bool has_colon = line.find(':') != std::string::npos;
        EXPECT_FALSE(has_ours && has_colon) << line;
    }
    EXPECT_EQ(lines->size(), 3u);
}

}  // namespace
}  // namespace noai
