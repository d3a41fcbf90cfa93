// RSL licence: the URL check, the Link value and its merge with Link lines a
// response already carries.
#include "noai_license.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace noai {
namespace {

constexpr const char* kUrl = "https://example.com/license.xml";
const std::string kOurs = "<https://example.com/license.xml>; rel=\"license\"; type=\"application/rsl+xml\"";

TEST(LicenseUrl, AcceptsAbsoluteHttpAndHttpsUrls) {
    for (const char* url : {"https://example.com/license.xml", "http://example.com", "HTTPS://Example.com:8443/l?x=1",
                            "https://[2001:db8::1]/rsl.xml", "https://user@example.com/l", "https://example.com/a%20b"})
        EXPECT_EQ(license_url_error(url), "") << url;
}

TEST(LicenseUrl, RejectsWhatIsNotAnAbsoluteUrlOrWouldBreakAHeaderOrRobotsTxt) {
    struct Case { const char* url; const char* error; };
    for (const Case& c : {
             Case{"", "must be an absolute URL with a scheme, e.g. https://example.com/license.xml"},
             Case{"/license.xml", "must be an absolute URL with a scheme, e.g. https://example.com/license.xml"},
             Case{"example.com/license.xml", "must be an absolute URL with a scheme, e.g. https://example.com/license.xml"},
             Case{"1http://example.com/", "must be an absolute URL with a scheme, e.g. https://example.com/license.xml"},
             Case{"ftp://example.com/l.xml", "must be an http or https URL"},
             Case{"https:example.com/l.xml", "must be an absolute URL with a host, e.g. https://example.com/license.xml"},
             Case{"https:///l.xml", "must name a host, e.g. https://example.com/license.xml"},
             Case{"https://:443/l.xml", "must name a host, e.g. https://example.com/license.xml"},
             Case{"https://example.com/l.xml#terms", "must not contain '#' (robots.txt would read the rest as a comment)"},
             Case{"https://example.com/a b", "must be ASCII without spaces or control characters (percent-encode others)"},
             Case{"https://example.com/\r\nX-Evil: 1", "must be ASCII without spaces or control characters (percent-encode others)"},
             Case{"https://example.com/caf\xc3\xa9", "must be ASCII without spaces or control characters (percent-encode others)"},
             Case{"https://example.com/a>b", "must not contain <, > or \""},
             Case{"https://example.com/\"", "must not contain <, > or \""}})
        EXPECT_EQ(license_url_error(c.url), c.error) << c.url;
}

TEST(LicenseLink, IsTheRslLinkValue) {
    EXPECT_EQ(license_link_value(kUrl), kOurs);
}

TEST(LinkHeader, ParsesTargetsAndRelsOfAList) {
    const auto links = parse_link_header(
        R"(<https://a.example/>; rel="preload alternate"; as=style, </b>;REL=Next;title="x, y; z",, <c>)");
    ASSERT_TRUE(links.has_value());
    ASSERT_EQ(links->size(), 3u);
    EXPECT_EQ((*links)[0].target, "https://a.example/");
    EXPECT_EQ((*links)[0].rels, (std::vector<std::string>{"preload", "alternate"}));
    EXPECT_EQ((*links)[1].target, "/b");
    EXPECT_EQ((*links)[1].rels, std::vector<std::string>{"next"});
    EXPECT_EQ((*links)[2].target, "c");
    EXPECT_TRUE((*links)[2].rels.empty());
    EXPECT_EQ(parse_link_header("")->size(), 0u);
    for (const char* bad : {"https://a/; rel=x", "<a; rel=x", "<a>; rel=\"x", "<a> rel=x", "<a>; =x"})
        EXPECT_FALSE(parse_link_header(bad).has_value()) << bad;
}

TEST(LicenseLinkMerge, AddsALineWhenThereIsNone) {
    const LinkMerge m = merge_license_link({}, kUrl);
    EXPECT_EQ(m.kind, LinkMerge::Kind::add_line);
    EXPECT_EQ(m.value, kOurs);
}

TEST(LicenseLinkMerge, AppendsToTheFirstLinkLineAsAListElement) {
    const LinkMerge m = merge_license_link({"</style.css>; rel=preload; as=style", "</next>; rel=next"}, kUrl);
    EXPECT_EQ(m.kind, LinkMerge::Kind::replace_line);
    EXPECT_EQ(m.value, "</style.css>; rel=preload; as=style, " + kOurs);
    EXPECT_EQ(m.line, 0u);
    const LinkMerge trailing = merge_license_link({"</a>; rel=next , "}, kUrl);
    EXPECT_EQ(trailing.value, "</a>; rel=next, " + kOurs);
}

TEST(LicenseLinkMerge, NeverRepeatsALicenceLinkToTheSameUrl) {
    for (const char* line : {
             R"(<https://example.com/license.xml>; rel="license"; type="application/rsl+xml")",
             R"(</a>; rel=next, <https://example.com/license.xml>; REL="License")",
             R"(<https://example.com/license.xml>; rel="alternate license")"}) {
        EXPECT_EQ(merge_license_link({"</x>; rel=preload", line}, kUrl).kind, LinkMerge::Kind::none) << line;
    }
    // The same URL with another rel, or another licence URL, is not ours.
    EXPECT_EQ(merge_license_link({"<https://example.com/license.xml>; rel=alternate"}, kUrl).kind,
              LinkMerge::Kind::replace_line);
    EXPECT_EQ(merge_license_link({"<https://other.example/l.xml>; rel=license"}, kUrl).kind,
              LinkMerge::Kind::replace_line);
}

TEST(LicenseLinkMerge, LeavesALineThatDoesNotParseAlone) {
    const LinkMerge m = merge_license_link({"garbage; rel=\"", ""}, kUrl);
    EXPECT_EQ(m.kind, LinkMerge::Kind::add_line);
    EXPECT_EQ(m.value, kOurs);
    const LinkMerge second = merge_license_link({"garbage", "</a>; rel=next"}, kUrl);
    EXPECT_EQ(second.kind, LinkMerge::Kind::replace_line);  // the first line that parses
    EXPECT_EQ(second.line, 1u);
    EXPECT_EQ(second.value, "</a>; rel=next, " + kOurs);
}

}  // namespace
}  // namespace noai
