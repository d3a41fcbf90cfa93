// Client pseudonyms: keyed HMAC-SHA256, first 8 bytes in hex.
#include "noai_pseudonym.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

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

std::string pseudonym(const PseudonymKey& key, std::string_view address) {
    return text_of(PseudonymHasher(key).pseudonym(address));
}

// A key of up to 32 bytes; HMAC pads shorter keys with zeros, so RFC 4231's
// 20- and 25-byte keys give their published MACs as these 32-byte keys.
PseudonymKey key_of(std::string_view bytes) {
    PseudonymKey key{};
    for (std::size_t i = 0; i < bytes.size() && i < key.size(); ++i) key[i] = static_cast<std::uint8_t>(bytes[i]);
    return key;
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
        EXPECT_EQ(pseudonym(counting_key(), c.address), c.expected) << c.address;
    }
}

TEST(Pseudonym, MatchesRfc4231TestVectors) {
    // RFC 4231 section 4, HMAC-SHA-256 results, first 8 bytes.
    const std::string key1(20, '\x0b'), key3(20, '\xaa');
    std::string key4;
    for (char c = 0x01; c <= 0x19; ++c) key4 += c;
    EXPECT_EQ(pseudonym(key_of(key1), "Hi There"), "b0344c61d8db3853");                     // test case 1
    EXPECT_EQ(pseudonym(key_of("Jefe"), "what do ya want for nothing?"), "5bdcc146bf60754e");  // 2
    EXPECT_EQ(pseudonym(key_of(key3), std::string(50, '\xdd')), "773ea91e36800e46");          // 3
    EXPECT_EQ(pseudonym(key_of(key4), std::string(50, '\xcd')), "82558a389a443c0e");          // 4
}

TEST(Pseudonym, InputsLongerThanOneBlockMatchHmac) {
    // python3: hmac.new(bytes(range(32)), b'x' * 200, hashlib.sha256).hexdigest()[:16]
    EXPECT_EQ(pseudonym(counting_key(), std::string(200, 'x')), "7b48ae507721b7fe");
}

TEST(Pseudonym, OneHasherGivesTheSameAnswerEveryTime) {
    const PseudonymHasher hasher(counting_key());  // its keyed state is not consumed by a call
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(text_of(hasher.pseudonym("192.0.2.1")), "631880dc2584b7d2");
        EXPECT_EQ(text_of(hasher.pseudonym("unix:")), "e77b6e79b1615dfb");
    }
}

TEST(Pseudonym, WithoutAKeyGivesNothing) {
    EXPECT_FALSE(PseudonymHasher().pseudonym("192.0.2.1").has_value());
}

TEST(CachingPseudonym, GivesTheSameAnswersAsTheHasherWhateverItHolds) {
    // More addresses than slots, each asked for several times in a mixed
    // order: hits, misses and evictions must all give the HMAC.
    const PseudonymHasher hasher(counting_key());
    CachingPseudonymHasher cached(counting_key());
    std::vector<std::string> addresses = {"", "unix:", std::string(46, '7'), std::string(47, '8'),
                                          std::string(300, '9')};
    for (int i = 0; i < 200; ++i) addresses.push_back("198.51.100." + std::to_string(i));
    for (int i = 0; i < 50; ++i) addresses.push_back("2001:db8::" + std::to_string(i));
    for (int round = 0; round < 3; ++round) {
        for (std::size_t i = 0; i < addresses.size(); ++i) {
            const std::string& address = addresses[(i * 7 + round) % addresses.size()];
            EXPECT_EQ(text_of(cached.pseudonym(address)), text_of(hasher.pseudonym(address))) << address;
        }
    }
    EXPECT_EQ(text_of(cached.pseudonym("192.0.2.1")), "631880dc2584b7d2");
}

TEST(CachingPseudonym, WithoutAKeyGivesNothing) {
    CachingPseudonymHasher cached;
    EXPECT_FALSE(cached.pseudonym("192.0.2.1").has_value());
    EXPECT_FALSE(cached.pseudonym("").has_value());
}

TEST(Pseudonym, IsSixteenLowercaseHexDigits) {
    const std::string text = pseudonym(random_key(), "198.51.100.7");
    ASSERT_EQ(text.size(), 16u);
    EXPECT_EQ(text.find_first_not_of("0123456789abcdef"), std::string::npos) << text;
}

TEST(Pseudonym, SameKeyAndAddressGiveTheSamePseudonym) {
    const PseudonymKey key = random_key();
    EXPECT_EQ(pseudonym(key, "203.0.113.5"), pseudonym(key, "203.0.113.5"));
}

TEST(Pseudonym, DifferentAddressesGiveDifferentPseudonyms) {
    const PseudonymKey key = counting_key();
    EXPECT_NE(pseudonym(key, "203.0.113.5"), pseudonym(key, "203.0.113.6"));
}

TEST(Pseudonym, DifferentKeysGiveUnrelatedPseudonyms) {
    PseudonymKey other = counting_key();
    other[31] ^= 0x01;  // one bit apart
    const std::string a = pseudonym(counting_key(), "192.0.2.1");
    const std::string b = pseudonym(other, "192.0.2.1");
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
