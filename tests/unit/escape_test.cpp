// Escaping and time formatting for the status renderers (noai_escape).
#include "noai_escape.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace noai {
namespace {

const std::string kFffd = "\xEF\xBF\xBD";  // U+FFFD as UTF-8

std::string html(std::string_view s) {
    std::string out;
    append_html_escaped(out, s);
    return out;
}
std::string json(std::string_view s) {
    std::string out;
    append_json_string(out, s);
    return out;
}
std::string prom(std::string_view s) {
    std::string out;
    append_prometheus_label_value(out, s);
    return out;
}
std::string query(std::string_view s) {
    std::string out;
    append_query_encoded(out, s);
    return out;
}

// Ill-formed input and how many U+FFFD each becomes (one per maximal subpart).
struct IllFormed {
    std::string_view bytes;
    int replacements;
};
constexpr IllFormed kIllFormed[] = {
    {"\xFF", 1},                  // never a UTF-8 byte
    {"\xC3", 1},                  // lead byte cut off at the end
    {"\xC3(", 1},                 // lead byte without its continuation ("(" survives)
    {"\x80\xBF", 2},              // stray continuation bytes
    {"\xE2\x82", 1},              // three-byte sequence cut after two
    {"\xF0\x9F\x98", 1},          // emoji cut after three bytes
    {"\xC0\xAF", 2},              // overlong "/"
    {"\xE0\x80\xAF", 3},          // overlong, three bytes
    {"\xED\xA0\x80", 3},          // UTF-16 surrogate
    {"\xF4\x90\x80\x80", 4},      // past U+10FFFF
    {"\xF8\x88\x80\x80\x80", 5},  // five-byte form
};

std::string repeat(const std::string& s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += s;
    return out;
}

TEST(HtmlEscape, EscapesTheFiveSpecialCharacters) {
    EXPECT_EQ(html("<a href=\"x\" title='y'>&</a>"),
              "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
}

TEST(HtmlEscape, ShowsAScriptTagAsText) {
    EXPECT_EQ(html("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
}

TEST(HtmlEscape, ShowsControlCharactersAsControlPictures) {
    EXPECT_EQ(html(std::string_view("a\0b", 3)), "a\xE2\x90\x80" "b");  // U+2400
    EXPECT_EQ(html("\t\n\r"), "\xE2\x90\x89\xE2\x90\x8A\xE2\x90\x8D");  // U+2409 U+240A U+240D
    EXPECT_EQ(html("\x1B[31m"), "\xE2\x90\x9B[31m");                   // U+241B
    EXPECT_EQ(html("\x1F\x7F"), "\xE2\x90\x9F\xE2\x90\xA1");           // U+241F U+2421
}

TEST(HtmlEscape, ReplacesC1ControlsAndBidiOverrides) {
    EXPECT_EQ(html("\xC2\x85"), kFffd);                       // U+0085 NEXT LINE
    EXPECT_EQ(html("a\xE2\x80\xAE" "b"), "a" + kFffd + "b");  // U+202E RIGHT-TO-LEFT OVERRIDE
    EXPECT_EQ(html("\xE2\x81\xA6"), kFffd);                   // U+2066 LEFT-TO-RIGHT ISOLATE
}

TEST(HtmlEscape, ReplacesEachIllFormedSubpartOnce) {
    for (const IllFormed& c : kIllFormed) {
        const std::string expected =
            repeat(kFffd, c.replacements) + (c.bytes == "\xC3(" ? "(" : "");
        EXPECT_EQ(html(c.bytes), expected) << testing::PrintToString(std::string(c.bytes));
    }
}

TEST(HtmlEscape, KeepsValidMultibyteTextAndEmoji) {
    EXPECT_EQ(html("caf\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x8E\xA8"),
              "caf\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x8E\xA8");
    EXPECT_EQ(html("\xEF\xBF\xBD"), kFffd);  // a real U+FFFD stays one
}

TEST(JsonEscape, QuotesAndEscapesQuoteAndBackslash) {
    EXPECT_EQ(json(R"(say "hi" \o/)"), R"("say \"hi\" \\o/")");
    EXPECT_EQ(json(""), "\"\"");
}

TEST(JsonEscape, EscapesEveryControlCharacterAsUnicodeEscape) {
    EXPECT_EQ(json(std::string_view("\0\x01\n\x1F\x7F", 5)),
              R"("\u0000\u0001\u000a\u001f\u007f")");
}

TEST(JsonEscape, EscapesLineAndParagraphSeparators) {
    EXPECT_EQ(json("a\xE2\x80\xA8" "b\xE2\x80\xA9"), R"("a\u2028b\u2029")");
}

TEST(JsonEscape, ReplacesEachIllFormedSubpartWithEscapedReplacement) {
    for (const IllFormed& c : kIllFormed) {
        const std::string expected = "\"" + repeat("\\ufffd", c.replacements) +
                                     (c.bytes == "\xC3(" ? "(" : "") + "\"";
        EXPECT_EQ(json(c.bytes), expected) << testing::PrintToString(std::string(c.bytes));
    }
}

TEST(JsonEscape, KeepsValidMultibyteTextAndEmoji) {
    EXPECT_EQ(json("\xF0\x9F\x8E\xA8 <b>&"), "\"\xF0\x9F\x8E\xA8 <b>&\"");
}

TEST(PrometheusEscape, EscapesBackslashQuoteAndNewline) {
    EXPECT_EQ(prom("a\\b\"c\nd"), R"(a\\b\"c\nd)");
}

TEST(PrometheusEscape, ReplacesOtherControlsAndIllFormedBytes) {
    EXPECT_EQ(prom(std::string_view("\0\r\t\x7F", 4)), repeat(kFffd, 4));
    EXPECT_EQ(prom("x\xFFy\xC3"), "x" + kFffd + "y" + kFffd);
}

TEST(PrometheusEscape, KeepsValidMultibyteTextAndEmoji) {
    EXPECT_EQ(prom("Bot \xF0\x9F\xA4\x96 {x}"), "Bot \xF0\x9F\xA4\x96 {x}");
}

TEST(QueryEncoding, KeepsOnlyUnreservedCharacters) {
    EXPECT_EQ(query("GPTBot-1.0_~"), "GPTBot-1.0_~");
    EXPECT_EQ(query("a b&c=d\"<>'#%+"), "a%20b%26c%3Dd%22%3C%3E%27%23%25%2B");
    EXPECT_EQ(query("\xFF\xC3\xA9"), "%FF%C3%A9");
}

TEST(QueryDecoding, ReversesEncodingAndReadsPlusAsSpace) {
    EXPECT_EQ(decode_query_value("a%20b+c%26%3d%C3%A9"), "a b c&=\xC3\xA9");
    const std::string hostile = "x\"<\xFF\n&;+%";
    EXPECT_EQ(decode_query_value(query(hostile)), hostile);
}

TEST(QueryDecoding, KeepsAPercentNotFollowedByTwoHexDigits) {
    EXPECT_EQ(decode_query_value("100%"), "100%");
    EXPECT_EQ(decode_query_value("%zz%4"), "%zz%4");
}

TEST(Iso8601, FormatsUnixMillisecondsAsUtc) {
    const std::pair<std::uint64_t, std::string_view> cases[] = {
        {0, "1970-01-01T00:00:00.000Z"},
        {1795606611123, "2026-11-25T11:36:51.123Z"},
        {1709251199999, "2024-02-29T23:59:59.999Z"},  // leap day
        {951868800000, "2000-03-01T00:00:00.000Z"},   // after a 400-year leap day
        {4107542400001, "2100-03-01T00:00:00.001Z"},  // 2100 is not a leap year
        {946684799000, "1999-12-31T23:59:59.000Z"},
        {253402300799999, "9999-12-31T23:59:59.999Z"},
    };
    for (const auto& [ms, expected] : cases) EXPECT_EQ(iso8601_utc(ms), expected) << ms;
}

TEST(Iso8601, AppendsToWhatIsThere) {
    std::string out = "at ";
    append_iso8601_utc(out, 1000);
    EXPECT_EQ(out, "at 1970-01-01T00:00:01.000Z");
}

}  // namespace
}  // namespace noai
