// Address ranges of verified crawlers: the files operators publish (JSON
// `{"creationTime": ..., "prefixes": [{"ipv4Prefix": ...} | {"ipv6Prefix": ...}]}`)
// or one CIDR per line, read at configuration time, and a lookup for the
// request path: merged, sorted intervals searched by bisection, so a claim
// costs O(log n) compares and nothing is allocated.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace noai {

// A client address. IPv4 lives in bytes[0..3]; an IPv4-mapped IPv6 address
// (::ffff:a.b.c.d, what a dual-stack socket reports) is converted to IPv4 by
// from_ipv6(), so one IPv4 range covers both spellings.
struct IpAddress {
    bool is_v6 = false;
    std::array<std::uint8_t, 16> bytes{};

    static IpAddress from_ipv4(const std::uint8_t (&octets)[4]) noexcept;
    static IpAddress from_ipv6(const std::uint8_t (&octets)[16]) noexcept;
};

struct AddressPrefix {
    IpAddress address;    // host bits below `length` are cleared
    unsigned length = 0;  // 0-32 for IPv4, 0-128 for IPv6
};

// "192.0.2.0/24", "2001:db8::/32"; a bare address is a /32 or /128. Host
// bits set below the prefix length are cleared (nginx's `allow` does the
// same). Returns "" or what is wrong.
std::string parse_prefix(std::string_view text, AddressPrefix& out);
// A bare address (no '/'), for tests and tools.
std::string parse_address(std::string_view text, IpAddress& out);

struct RangeFileResult {
    std::vector<AddressPrefix> prefixes;
    std::string error;            // "line 4: invalid IPv4 prefix \"10.0.0.0/33\""
    std::size_t error_line = 0;   // 1-based; 0 when the error has no line
    bool ok() const { return error.empty(); }
};

// A file whose first non-space byte is `{` is an operator's JSON file: an
// object with a "prefixes" array of objects, each holding an "ipv4Prefix" or
// an "ipv6Prefix" string (other fields, such as "creationTime", are ignored;
// an entry with neither is an error). Anything else is a list: one prefix per
// line, `#` comments, blank lines ignored, CRLF accepted. A file with no
// prefix is an error, so an empty download never verifies nobody.
RangeFileResult parse_range_file(std::string_view content);

class AddressRanges {
public:
    AddressRanges() = default;
    explicit AddressRanges(const std::vector<AddressPrefix>& prefixes);

    bool contains(const IpAddress& address) const noexcept;
    std::size_t ipv4_intervals() const noexcept { return v4_.size(); }
    std::size_t ipv6_intervals() const noexcept { return v6_.size(); }

    struct U128 {
        std::uint64_t high = 0, low = 0;
    };

private:
    struct V4Interval { std::uint32_t first, last; };
    struct V6Interval { U128 first, last; };
    std::vector<V4Interval> v4_;   // sorted, disjoint, not adjacent
    std::vector<V6Interval> v6_;
};

}  // namespace noai
