// Verified crawlers' address ranges: prefix parsing, the operators' JSON and
// plain-list files, and the interval lookup.
#include "noai_address_ranges.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace noai {
namespace {

IpAddress address(const std::string& text) {
    IpAddress a;
    const std::string error = parse_address(text, a);
    EXPECT_EQ(error, "") << text;
    return a;
}

AddressRanges ranges_of(const std::string& file) {
    const RangeFileResult r = parse_range_file(file);
    EXPECT_TRUE(r.ok()) << r.error;
    return AddressRanges(r.prefixes);
}

TEST(AddressPrefix, ParsesIpv4AndIpv6WithAndWithoutLength) {
    struct Case { std::string text; bool v6; unsigned length; };
    const Case cases[] = {
        {"66.249.64.0/27", false, 27}, {"0.0.0.0/0", false, 0}, {"192.0.2.7", false, 32},
        {"2001:4860:4801:10::/64", true, 64}, {"::/0", true, 0}, {"::1", true, 128},
        {"2001:db8:0:0:0:0:0:1/128", true, 128}, {"64:ff9b::192.0.2.1/128", true, 128},
        {"2001:DB8::/32", true, 32},
    };
    for (const Case& c : cases) {
        AddressPrefix p;
        EXPECT_EQ(parse_prefix(c.text, p), "") << c.text;
        EXPECT_EQ(p.address.is_v6, c.v6) << c.text;
        EXPECT_EQ(p.length, c.length) << c.text;
    }
}

TEST(AddressPrefix, RejectsMalformedText) {
    for (const std::string text :
         {"", "/24", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.4/33", "1.2.3.4/", "1.2.3.4/08",
          "1.2.3.4/2a", " 1.2.3.4", "1.2.3.4 ", "2001:db8::/129", "2001:db8:::1", "1::2::3", "12345::",
          "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7::8", "2001:db8::g", ":1:2:3:4:5:6:7",
          "::1.2.3.4:5", "fe80::1%eth0", "1.2.3.4/-1"}) {
        AddressPrefix p;
        EXPECT_NE(parse_prefix(text, p), "") << '"' << text << '"';
    }
}

TEST(AddressPrefix, NamesTheFamilyAndTheTextInItsError) {
    AddressPrefix p;
    EXPECT_EQ(parse_prefix("10.0.0.0/33", p), "invalid IPv4 prefix \"10.0.0.0/33\"");
    EXPECT_EQ(parse_prefix("2001:db8::/200", p), "invalid IPv6 prefix \"2001:db8::/200\"");
}

TEST(AddressPrefix, ClearsHostBitsBelowTheLength) {
    AddressRanges r = ranges_of("192.0.2.77/24\n2001:db8::ffff/120\n");
    EXPECT_TRUE(r.contains(address("192.0.2.0")));
    EXPECT_TRUE(r.contains(address("192.0.2.255")));
    EXPECT_FALSE(r.contains(address("192.0.3.0")));
    EXPECT_TRUE(r.contains(address("2001:db8::ff00")));
    EXPECT_FALSE(r.contains(address("2001:db8::1:0")));
}

TEST(AddressRanges, FindsAddressesOnlyInsideTheirPrefixes) {
    const AddressRanges r = ranges_of("66.249.64.0/27\n66.249.66.0/24\n2001:4860:4801:10::/64\n");
    EXPECT_TRUE(r.contains(address("66.249.64.0")));
    EXPECT_TRUE(r.contains(address("66.249.64.31")));
    EXPECT_FALSE(r.contains(address("66.249.64.32")));
    EXPECT_FALSE(r.contains(address("66.249.63.255")));
    EXPECT_TRUE(r.contains(address("66.249.66.1")));
    EXPECT_FALSE(r.contains(address("66.249.65.1")));
    EXPECT_FALSE(r.contains(address("1.2.3.4")));
    EXPECT_TRUE(r.contains(address("2001:4860:4801:10::1")));
    EXPECT_TRUE(r.contains(address("2001:4860:4801:10:ffff:ffff:ffff:ffff")));
    EXPECT_FALSE(r.contains(address("2001:4860:4801:11::")));
    EXPECT_FALSE(r.contains(address("2001:4860:4801:f:ffff:ffff:ffff:ffff")));
}

TEST(AddressRanges, KeepsTheFamiliesApart) {
    // ::4247:4000 holds the same 32 bits as 66.71.64.0, but is another address.
    const AddressRanges v4_only = ranges_of("66.71.64.0/24\n");
    EXPECT_FALSE(v4_only.contains(address("::4247:4001")));
    const AddressRanges v6_only = ranges_of("::/0\n");
    EXPECT_FALSE(v6_only.contains(address("66.71.64.1")));
    EXPECT_TRUE(v6_only.contains(address("2001:db8::1")));
}

TEST(AddressRanges, TreatsIpv4MappedClientsAsIpv4) {
    const AddressRanges r = ranges_of("192.0.2.0/24\n");
    EXPECT_TRUE(r.contains(address("::ffff:192.0.2.9")));
    EXPECT_FALSE(r.contains(address("::ffff:192.0.3.9")));
    EXPECT_FALSE(address("::ffff:192.0.2.9").is_v6);
}

TEST(AddressRanges, MergesOverlappingAndTouchingPrefixes) {
    const AddressRanges r = ranges_of("10.0.0.0/8\n10.1.0.0/16\n11.0.0.0/8\n13.0.0.0/8\n0.0.0.0/32\n"
                                      "2001:db8::/33\n2001:db8:8000::/33\n2001:db8:1::/48\n");
    EXPECT_EQ(r.ipv4_intervals(), 3u);   // 0.0.0.0, 10-11.x, 13.x
    EXPECT_EQ(r.ipv6_intervals(), 1u);
    EXPECT_TRUE(r.contains(address("11.255.255.255")));
    EXPECT_FALSE(r.contains(address("12.0.0.0")));
    EXPECT_TRUE(r.contains(address("0.0.0.0")));
    EXPECT_FALSE(r.contains(address("0.0.0.1")));
    EXPECT_TRUE(r.contains(address("2001:db8:ffff::1")));
}

TEST(AddressRanges, HandlesTheEdgesOfTheAddressSpace) {
    const AddressRanges all = ranges_of("0.0.0.0/0\n::/0\n");
    EXPECT_TRUE(all.contains(address("255.255.255.255")));
    EXPECT_TRUE(all.contains(address("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")));
    EXPECT_TRUE(all.contains(address("::")));
    const AddressRanges top = ranges_of("255.255.255.255/32\nffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128\n"
                                        "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe/128\n");
    EXPECT_TRUE(top.contains(address("255.255.255.255")));
    EXPECT_FALSE(top.contains(address("255.255.255.254")));
    EXPECT_EQ(top.ipv6_intervals(), 1u);
    EXPECT_FALSE(top.contains(address("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffd")));
    const AddressRanges empty;
    EXPECT_FALSE(empty.contains(address("1.2.3.4")));
    EXPECT_FALSE(empty.contains(address("::1")));
}

TEST(AddressRanges, AgreesWithALinearScanOverManyPrefixes) {
    // Deterministic pseudo-random prefixes against a brute-force check.
    std::vector<AddressPrefix> prefixes;
    std::uint32_t seed = 12345;
    const auto next = [&seed] { return seed = seed * 1664525u + 1013904223u; };
    for (int i = 0; i < 500; ++i) {
        AddressPrefix p;
        const std::uint32_t v = next();
        p.length = 8 + next() % 25;
        const std::uint32_t mask = p.length == 32 ? ~0u : ~(~0u >> p.length);
        const std::uint32_t base = v & mask;
        p.address.bytes = {static_cast<std::uint8_t>(base >> 24), static_cast<std::uint8_t>(base >> 16),
                           static_cast<std::uint8_t>(base >> 8), static_cast<std::uint8_t>(base)};
        prefixes.push_back(p);
    }
    const AddressRanges r(prefixes);
    for (int i = 0; i < 20000; ++i) {
        const std::uint32_t v = i % 2 ? next() : [&] {   // half the probes near a prefix start
            const AddressPrefix& p = prefixes[next() % prefixes.size()];
            return (std::uint32_t{p.address.bytes[0]} << 24 | std::uint32_t{p.address.bytes[1]} << 16 |
                    std::uint32_t{p.address.bytes[2]} << 8 | p.address.bytes[3]) + (next() % 3) - 1;
        }();
        bool expected = false;
        for (const AddressPrefix& p : prefixes) {
            const std::uint32_t mask = p.length == 32 ? ~0u : ~(~0u >> p.length);
            const std::uint32_t base = std::uint32_t{p.address.bytes[0]} << 24 | std::uint32_t{p.address.bytes[1]} << 16 |
                                       std::uint32_t{p.address.bytes[2]} << 8 | p.address.bytes[3];
            expected = expected || (v & mask) == base;
        }
        const std::uint8_t octets[4] = {static_cast<std::uint8_t>(v >> 24), static_cast<std::uint8_t>(v >> 16),
                                        static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)};
        ASSERT_EQ(r.contains(IpAddress::from_ipv4(octets)), expected) << v;
    }
}

TEST(RangeFile, ReadsTheOperatorsJsonShape) {
    const RangeFileResult r = parse_range_file(
        "{\n  \"creationTime\": \"2026-11-30T14:46:07.000000\",\n  \"prefixes\": [\n"
        "    {\"ipv6Prefix\": \"2001:4860:4801:10::/64\"},\n"
        "    {\"ipv4Prefix\": \"66.249.64.0/27\"}\n  ]\n}\n");
    ASSERT_TRUE(r.ok()) << r.error;
    ASSERT_EQ(r.prefixes.size(), 2u);
    EXPECT_TRUE(r.prefixes[0].address.is_v6);
    EXPECT_EQ(r.prefixes[1].length, 27u);
}

TEST(RangeFile, ReadsOneCidrPerLineWithComments) {
    const RangeFileResult r = parse_range_file("\xef\xbb\xbf# crawler ranges\r\n\r\n  192.0.2.0/24  # lab\r\n2001:db8::/32\n");
    ASSERT_TRUE(r.ok()) << r.error;
    EXPECT_EQ(r.prefixes.size(), 2u);
}

TEST(RangeFile, NamesTheLineOfWhatIsWrong) {
    struct Case { std::string file; std::string error; };
    const Case cases[] = {
        {"192.0.2.0/24\n\n10.0.0.0/33\n", "line 3: invalid IPv4 prefix \"10.0.0.0/33\""},
        {"", "no address prefixes in file"},
        {"# nothing yet\n\n", "no address prefixes in file"},
        {"{\"creationTime\": \"x\", \"prefixes\": []}", "no address prefixes in file"},
        {"{\"creationTime\": \"x\"}", "line 1: expected an object with a \"prefixes\" array"},
        {"[\"192.0.2.0/24\"]", "line 1: expected an object with a \"prefixes\" array"},
        {"{\n\"prefixes\": {}}", "line 2: \"prefixes\" is not an array"},
        {"{\"prefixes\": [\n{\"ipv4Prefix\": \"1.2.3.0/24\"},\n{\"service\": \"x\"}]}",
         "line 3: expected an object with an \"ipv4Prefix\" or an \"ipv6Prefix\""},
        {"{\"prefixes\": [\n\n{\"ipv4Prefix\": 17}]}", "line 3: the prefix is not a string"},
        {"{\"prefixes\": [\n{\"ipv4Prefix\": \"2001:db8::/32\"}]}", "line 2: ipv4Prefix holds an IPv6 prefix \"2001:db8::/32\""},
        {"{\"prefixes\": [\n{\"ipv6Prefix\": \"2001:db8::/32\"},\n{\"ipv6Prefix\": \"2001:db8::/\"}]}",
         "line 3: invalid IPv6 prefix \"2001:db8::/\""},
        {"{\"prefixes\": [\n{\"ipv4Prefix\": \"1.2.3.0/24\"}\n", "line 3: expected ',' or ']'"},
        {"<html>\n<body>502 Bad Gateway</body>\n", "line 1: invalid IPv4 prefix \"<html>\""},
    };
    for (const Case& c : cases) {
        const RangeFileResult r = parse_range_file(c.file);
        EXPECT_FALSE(r.ok()) << c.file;
        EXPECT_EQ(r.error, c.error) << c.file;
    }
}

}  // namespace
}  // namespace noai
