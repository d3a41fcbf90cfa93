// The configuration-time JSON reader (robots.json, address-range files).
#include "noai_json.hpp"

#include <gtest/gtest.h>

#include <string>

namespace noai::json {
namespace {

TEST(Json, ReadsEveryKindOfValueWithItsLine) {
    const ParseResult r = parse("{\n \"s\": \"a\\u00e9\\ud83d\\ude00\",\n \"n\": -1.5e3,\n \"b\": true,\n"
                                " \"z\": null,\n \"a\": [1, {\"k\": false}]\n}");
    ASSERT_TRUE(r.ok()) << r.error;
    ASSERT_TRUE(r.root.is_object());
    ASSERT_EQ(r.root.fields.size(), 5u);
    EXPECT_EQ(r.root.find("s")->text, "a\xc3\xa9\xf0\x9f\x98\x80");
    EXPECT_EQ(r.root.find("s")->key_line, 2u);
    EXPECT_EQ(r.root.find("n")->type, Value::Type::number);
    EXPECT_EQ(r.root.find("n")->text, "-1.5e3");
    EXPECT_TRUE(r.root.find("b")->boolean);
    EXPECT_EQ(r.root.find("z")->type, Value::Type::null);
    const Value* a = r.root.find("a");
    ASSERT_TRUE(a->is_array());
    ASSERT_EQ(a->items.size(), 2u);
    EXPECT_EQ(a->line, 6u);
    EXPECT_FALSE(a->items[1].find("k")->boolean);
    EXPECT_EQ(r.root.find("missing"), nullptr);
}

TEST(Json, RejectsWhatRfc8259Rejects) {
    struct Case { std::string text; std::size_t line; std::string error; };
    const Case cases[] = {
        {"", 1, "unexpected end of file"},
        {"01", 1, "unexpected text after the JSON value"},
        {"1.", 1, "invalid number"},
        {"-", 1, "unexpected character"},
        {"[1,]", 1, "unexpected character"},
        {"{\"a\" 1}", 1, "expected ':' after a field name"},
        {"\n\n\"a\tb\"", 3, "control character in string"},
        {"\"\\ud800x\"", 1, "unpaired surrogate in \\u escape"},
        {"\"\\u12zz\"", 1, "invalid \\u escape"},
        {"\"abc", 1, "unterminated string"},
        {std::string(65, '[') + std::string(65, ']'), 1, "values nested too deeply"},
        {"nul", 1, "unexpected character"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.text);
        const ParseResult r = parse(c.text);
        EXPECT_FALSE(r.ok());
        EXPECT_EQ(r.error, c.error);
        EXPECT_EQ(r.error_line, c.line);
    }
}

TEST(Json, AcceptsSixtyFourLevelsOfNesting) {
    EXPECT_TRUE(parse(std::string(64, '[') + std::string(64, ']')).ok());
}

TEST(Json, SkipsAByteOrderMarkAndKeepsDuplicateKeysInOrder) {
    const ParseResult r = parse("\xef\xbb\xbf{\"k\": 1, \"k\": 2}");
    ASSERT_TRUE(r.ok()) << r.error;
    ASSERT_EQ(r.root.fields.size(), 2u);
    EXPECT_EQ(r.root.find("k")->text, "1");
    EXPECT_EQ(r.root.fields[1].second.text, "2");
}

}  // namespace
}  // namespace noai::json
