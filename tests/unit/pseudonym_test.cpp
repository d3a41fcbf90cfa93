// Client pseudonyms: keyed HMAC-SHA256, first 8 bytes in hex.
#include "noai_pseudonym.hpp"

#include <gtest/gtest.h>

#include <string>

namespace noai {
namespace {

PseudonymKey counting_key() {  // 00 01 02 ... 1f
    PseudonymKey key{};
    for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<std::uint8_t>(i);
    return key;
}

std::string text_of(const std::optional<PseudonymText>& text) {
    return text ? std::string(view(*text)) : std::string("<failed>");
}

TEST(Pseudonym, MatchesOpensslHmacSha256KnownAnswers) {
    // Expected values produced on the command line, first 16 hex digits kept:
    //   printf '%s' 192.0.2.1 | openssl dgst -sha256 -mac HMAC
    //       -macopt hexkey:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
    //   (one line)
    //   -> 631880dc2584b7d223b00351ff53df160f5a96f513fb37dd79c89742d7834cfa
    // (likewise for 2001:db8::1 and the empty string, OpenSSL 3.0).
    struct Case {
        const char* address;
        const char* expected;
    };
    const Case cases[] = {
        {"192.0.2.1", "631880dc2584b7d2"},
        {"2001:db8::1", "c1b0edb4c1ffb477"},
        {"", "d38b42096d80f45f"},
    };
    for (const Case& c : cases) {
        EXPECT_EQ(text_of(pseudonym(counting_key(), c.address)), c.expected) << c.address;
    }
}

TEST(Pseudonym, IsSixteenLowercaseHexDigits) {
    const std::string text = text_of(pseudonym(random_key(), "198.51.100.7"));
    ASSERT_EQ(text.size(), 16u);
    EXPECT_EQ(text.find_first_not_of("0123456789abcdef"), std::string::npos) << text;
}

TEST(Pseudonym, SameKeyAndAddressGiveTheSamePseudonym) {
    const PseudonymKey key = random_key();
    EXPECT_EQ(text_of(pseudonym(key, "203.0.113.5")), text_of(pseudonym(key, "203.0.113.5")));
}

TEST(Pseudonym, DifferentAddressesGiveDifferentPseudonyms) {
    const PseudonymKey key = counting_key();
    EXPECT_NE(text_of(pseudonym(key, "203.0.113.5")), text_of(pseudonym(key, "203.0.113.6")));
}

TEST(Pseudonym, DifferentKeysGiveUnrelatedPseudonyms) {
    PseudonymKey other = counting_key();
    other[31] ^= 0x01;  // one bit apart
    const std::string a = text_of(pseudonym(counting_key(), "192.0.2.1"));
    const std::string b = text_of(pseudonym(other, "192.0.2.1"));
    EXPECT_NE(a, b);
    int same = 0;  // unrelated: about 1 in 16 positions agree by chance, not most of them
    for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) same += a[i] == b[i];
    EXPECT_LT(same, 8) << a << " vs " << b;
}

TEST(Pseudonym, RandomKeysAreFreshEachTime) {
    const PseudonymKey a = random_key();
    const PseudonymKey b = random_key();
    EXPECT_NE(a, b);
    EXPECT_NE(a, PseudonymKey{});
}

}  // namespace
}  // namespace noai
