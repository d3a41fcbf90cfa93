#include <gtest/gtest.h>

#include "noai_structured_field.hpp"

namespace noai::sf {
namespace {

using Type = BareItem::Type;

DictionaryResult parse(std::string_view input) { return parse_dictionary(input); }

TEST(StructuredFieldDictionary, TokensAndBooleansWithoutValue) {
    const DictionaryResult d = parse("train-ai=n, search=y, flag");
    ASSERT_TRUE(d.ok()) << d.error;
    ASSERT_EQ(d.members.size(), 3u);
    EXPECT_EQ(d.members[0].key, "train-ai");
    EXPECT_EQ(d.members[0].item.value.type, Type::token);
    EXPECT_EQ(d.members[0].item.value.text, "n");
    EXPECT_EQ(d.members[1].item.value.text, "y");
    EXPECT_EQ(d.members[2].item.value.type, Type::boolean);
    EXPECT_TRUE(d.members[2].item.value.boolean);
}

TEST(StructuredFieldDictionary, EveryBareItemType) {
    const DictionaryResult d =
        parse(R"(i=-42, d=3.14, s="a \"q\" \\ b", t=*foo:bar/baz, b=:aGVsbG8=:, f=?0, at=@1700000000, ds=%"caf%c3%a9")");
    ASSERT_TRUE(d.ok()) << d.error;
    ASSERT_EQ(d.members.size(), 8u);
    EXPECT_EQ(d.members[0].item.value.type, Type::integer);
    EXPECT_EQ(d.members[0].item.value.integer, -42);
    EXPECT_EQ(d.members[1].item.value.type, Type::decimal);
    EXPECT_EQ(d.members[1].item.value.integer, 3140);
    EXPECT_EQ(d.members[2].item.value.type, Type::string);
    EXPECT_EQ(d.members[2].item.value.text, "a \"q\" \\ b");
    EXPECT_EQ(d.members[3].item.value.type, Type::token);
    EXPECT_EQ(d.members[3].item.value.text, "*foo:bar/baz");
    EXPECT_EQ(d.members[4].item.value.type, Type::binary);
    EXPECT_EQ(d.members[4].item.value.text, "aGVsbG8=");
    EXPECT_EQ(d.members[5].item.value.type, Type::boolean);
    EXPECT_FALSE(d.members[5].item.value.boolean);
    EXPECT_EQ(d.members[6].item.value.type, Type::date);
    EXPECT_EQ(d.members[6].item.value.integer, 1700000000);
    EXPECT_EQ(d.members[7].item.value.type, Type::display_string);
    EXPECT_EQ(d.members[7].item.value.text, "caf\xc3\xa9");
}

TEST(StructuredFieldDictionary, ParametersAndInnerLists) {
    const DictionaryResult d = parse("a=(1 2;x=y);q=1, b;k=\"v\", c=tok; p; r=2");
    ASSERT_TRUE(d.ok()) << d.error;
    ASSERT_EQ(d.members.size(), 3u);
    EXPECT_TRUE(d.members[0].is_inner_list);
    ASSERT_EQ(d.members[0].inner.size(), 2u);
    EXPECT_EQ(d.members[0].inner[1].parameters.at(0).first, "x");
    EXPECT_EQ(d.members[0].parameters.at(0).first, "q");
    EXPECT_EQ(d.members[1].item.parameters.at(0).second.text, "v");
    EXPECT_EQ(d.members[2].item.parameters.size(), 2u);
    EXPECT_TRUE(d.members[2].item.parameters.at(0).second.boolean);
}

TEST(StructuredFieldDictionary, ADuplicateKeyKeepsTheLastValueAtTheFirstPlace) {
    const DictionaryResult d = parse("a=1, b=2, a=3");
    ASSERT_TRUE(d.ok());
    ASSERT_EQ(d.members.size(), 2u);
    EXPECT_EQ(d.members[0].key, "a");
    EXPECT_EQ(d.members[0].item.value.integer, 3);
}

TEST(StructuredFieldDictionary, WhiteSpaceRules) {
    EXPECT_TRUE(parse("  a=1,\tb=2  ").ok());   // leading/trailing SP, OWS around commas
    EXPECT_TRUE(parse("").ok());
    EXPECT_FALSE(parse("a = 1").ok());          // no space around '='
    EXPECT_FALSE(parse("\ta=1").ok());          // a leading tab is not SP
}

struct Bad {
    const char* input;
    const char* error;
};

class StructuredFieldErrors : public ::testing::TestWithParam<Bad> {};

TEST_P(StructuredFieldErrors, AreReportedWithTheReason) {
    const DictionaryResult d = parse(GetParam().input);
    EXPECT_FALSE(d.ok()) << GetParam().input;
    EXPECT_EQ(d.error, GetParam().error) << GetParam().input;
    EXPECT_TRUE(d.members.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Dictionary, StructuredFieldErrors,
    ::testing::Values(Bad{"Train-AI=n", "a key must start with a lower-case letter or '*'"},
                      Bad{"train-ai=n,", "trailing ','"},
                      Bad{"a=1 b=2", "expected ',' between members"},
                      Bad{"a=", "expected a value"},
                      Bad{"a=\"open", "unterminated string"},
                      Bad{"a=\"x\\n\"", "only \\\" and \\\\ are escapes in a string"},
                      Bad{"a=\"caf\xc3\xa9\"", "a string holds only visible ASCII and spaces"},
                      Bad{"a=1234567890123456", "an integer has at most 15 digits"},
                      Bad{"a=1.2345", "a decimal has at most 3 fractional digits"},
                      Bad{"a=1.", "a decimal ends with a digit"},
                      Bad{"a=?2", "a boolean is ?0 or ?1"},
                      Bad{"a=:not base64!:", "not a base64 character"},
                      Bad{"a=%\"%C3%A9\"", "'%' must be followed by two lower-case hex digits"},
                      Bad{"a=%\"%ff\"", "a display string must decode to UTF-8"},
                      Bad{"a=@1.5", "a date is an integer"},
                      Bad{"a=(1 2", "expected ' ' or ')' in an inner list"},
                      Bad{"a=<b>", "not the start of any item type"}));

}  // namespace
}  // namespace noai::sf
