// Forward-confirmed reverse DNS: which PTR names count as under a suffix.
#include "noai_rdns.hpp"

#include <gtest/gtest.h>

namespace noai {
namespace {

TEST(Rdns, ANameIsUnderASuffixOnlyAtALabelBoundary) {
    EXPECT_TRUE(name_under("crawl-66-249-66-1.googlebot.com", "googlebot.com"));
    EXPECT_TRUE(name_under("crawl-66-249-66-1.googlebot.com.", "googlebot.com"));
    EXPECT_TRUE(name_under("CRAWL.GoogleBot.COM", "googlebot.com"));
    EXPECT_TRUE(name_under("googlebot.com", "googlebot.com"));
    EXPECT_FALSE(name_under("evilgooglebot.com", "googlebot.com"));
    EXPECT_FALSE(name_under("googlebot.com.evil.example", "googlebot.com"));
    EXPECT_FALSE(name_under("ebot.com", "googlebot.com"));
    EXPECT_FALSE(name_under("", "googlebot.com"));
    EXPECT_FALSE(name_under("x.googlebot.com", ""));
}

TEST(Rdns, AnyOfTheSuffixesWill) {
    const std::vector<std::string> google = {"googlebot.com", "google.com"};
    EXPECT_TRUE(name_under_any("rate-limited-proxy-66-249-90-77.google.com", google));
    EXPECT_TRUE(name_under_any("crawl-66-249-66-1.googlebot.com", google));
    EXPECT_FALSE(name_under_any("crawl.search.msn.com", google));
}

TEST(Rdns, SuffixesAreCheckedAndNormalised) {
    EXPECT_EQ(rdns_suffix_error("googlebot.com"), "");
    EXPECT_EQ(rdns_suffix_error(".crawl.commoncrawl.org"), "");
    EXPECT_EQ(rdns_suffix_error("search.msn.com."), "");
    EXPECT_EQ(rdns_suffix_error(""), "empty suffix");
    EXPECT_EQ(rdns_suffix_error("..."), "empty suffix");
    EXPECT_EQ(rdns_suffix_error("com"), "a suffix needs at least two labels");
    EXPECT_EQ(rdns_suffix_error("google..com"), "empty label in suffix");
    EXPECT_EQ(rdns_suffix_error("goo gle.com"), "invalid character in suffix");
    EXPECT_EQ(rdns_suffix_error("*.google.com"), "invalid character in suffix");
    EXPECT_EQ(normalize_suffix(".Crawl.CommonCrawl.org."), "crawl.commoncrawl.org");
}

}  // namespace
}  // namespace noai
