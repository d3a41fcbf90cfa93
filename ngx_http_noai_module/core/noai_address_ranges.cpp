#include "noai_address_ranges.hpp"

#include <algorithm>

#include "noai_json.hpp"
#include "noai_text.hpp"

namespace noai {

namespace {

constexpr std::uint8_t kMappedPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

// Dotted quad, four decimal octets 0-255, no leading zeros (which some
// readers take as octal).
bool parse_ipv4(std::string_view text, std::uint8_t (&out)[4]) noexcept {
    for (int part = 0; part < 4; ++part) {
        if (part > 0) {
            if (text.empty() || text.front() != '.') return false;
            text.remove_prefix(1);
        }
        std::size_t digits = 0;
        unsigned value = 0;
        while (digits < text.size() && digits < 4 && is_ascii_digit(text[digits]))
            value = value * 10 + static_cast<unsigned>(text[digits++] - '0');
        if (digits == 0 || digits > 3 || value > 255 || (digits > 1 && text[0] == '0')) return false;
        out[part] = static_cast<std::uint8_t>(value);
        text.remove_prefix(digits);
    }
    return text.empty();
}

// Colon-separated groups of 1-4 hex digits; the last may be a dotted quad
// when `ipv4_tail` (it counts as two groups). An empty text is no group.
bool parse_groups(std::string_view text, bool ipv4_tail, std::vector<std::uint16_t>& out) {
    if (text.empty()) return true;
    for (;;) {
        const std::size_t colon = text.find(':');
        const std::string_view group = text.substr(0, colon);
        if (colon == std::string_view::npos && ipv4_tail && group.find('.') != std::string_view::npos) {
            std::uint8_t v4[4];
            if (!parse_ipv4(group, v4)) return false;
            out.push_back(static_cast<std::uint16_t>(v4[0] << 8 | v4[1]));
            out.push_back(static_cast<std::uint16_t>(v4[2] << 8 | v4[3]));
            return true;
        }
        if (group.empty() || group.size() > 4) return false;
        unsigned value = 0;
        for (const char c : group) {
            const int digit = hex_digit_value(c);
            if (digit < 0) return false;
            value = value << 4 | static_cast<unsigned>(digit);
        }
        out.push_back(static_cast<std::uint16_t>(value));
        if (colon == std::string_view::npos) return true;
        text.remove_prefix(colon + 1);
    }
}

// RFC 4291 text form: eight groups, or fewer with one "::", optionally
// ending in a dotted quad. No zone index (%eth0): a client address has none.
bool parse_ipv6(std::string_view text, std::uint8_t (&out)[16]) {
    std::vector<std::uint16_t> head, tail;
    const std::size_t gap = text.find("::");
    if (gap == std::string_view::npos) {
        if (!parse_groups(text, true, head) || head.size() != 8) return false;
    } else {
        const std::string_view after = text.substr(gap + 2);
        if (after.find("::") != std::string_view::npos) return false;
        if (!parse_groups(text.substr(0, gap), false, head) || !parse_groups(after, true, tail)) return false;
        if (head.size() + tail.size() > 7) return false;
    }
    std::uint16_t groups[8] = {};
    std::copy(head.begin(), head.end(), groups);
    std::copy(tail.begin(), tail.end(), groups + 8 - tail.size());
    for (int i = 0; i < 8; ++i) {
        out[2 * i] = static_cast<std::uint8_t>(groups[i] >> 8);
        out[2 * i + 1] = static_cast<std::uint8_t>(groups[i] & 0xff);
    }
    return true;
}

std::string quoted(std::string_view s) {
    std::string out = "\"";
    for (const char c : s.substr(0, 64)) out += is_ascii_control(c) ? '?' : c;
    if (s.size() > 64) out += "...";
    return out + "\"";
}

std::uint32_t v4_value(const IpAddress& a) noexcept {
    return static_cast<std::uint32_t>(a.bytes[0]) << 24 | static_cast<std::uint32_t>(a.bytes[1]) << 16 |
           static_cast<std::uint32_t>(a.bytes[2]) << 8 | a.bytes[3];
}

AddressRanges::U128 v6_value(const IpAddress& a) noexcept {
    AddressRanges::U128 v;
    for (int i = 0; i < 8; ++i) v.high = v.high << 8 | a.bytes[i];
    for (int i = 8; i < 16; ++i) v.low = v.low << 8 | a.bytes[i];
    return v;
}

bool operator<(const AddressRanges::U128& a, const AddressRanges::U128& b) noexcept {
    return a.high != b.high ? a.high < b.high : a.low < b.low;
}

// The last address of a prefix: its host bits set.
AddressRanges::U128 v6_last(AddressRanges::U128 first, unsigned length) noexcept {
    if (length <= 64) {
        first.high |= length == 0 ? ~0ull : (length == 64 ? 0 : ~0ull >> length);
        first.low = ~0ull;
    } else {
        first.low |= length == 128 ? 0 : ~0ull >> (length - 64);
    }
    return first;
}

// One past `a`, saturating; whether `next` follows `last` directly.
bool v6_adjacent(const AddressRanges::U128& last, const AddressRanges::U128& next) noexcept {
    AddressRanges::U128 after = last;
    if (++after.low == 0 && ++after.high == 0) return false;   // last was the top address
    return !(after < next) && !(next < after);
}

RangeFileResult failure(std::size_t line, const std::string& message) {
    RangeFileResult result;
    result.error_line = line;
    if (line != 0) result.error = "line " + std::to_string(line) + ": ";
    result.error += message;
    return result;
}

RangeFileResult finish(std::vector<AddressPrefix> prefixes) {
    if (prefixes.empty()) return failure(0, "no address prefixes in file");
    RangeFileResult result;
    result.prefixes = std::move(prefixes);
    return result;
}

RangeFileResult parse_list(std::string_view content) {
    std::vector<AddressPrefix> prefixes;
    std::size_t line_no = 0;
    while (!content.empty()) {
        ++line_no;
        const std::string_view line = take_config_line(content);
        if (line.empty()) continue;
        AddressPrefix prefix;
        if (const std::string error = parse_prefix(line, prefix); !error.empty()) return failure(line_no, error);
        prefixes.push_back(prefix);
    }
    return finish(std::move(prefixes));
}

RangeFileResult parse_operator_json(std::string_view content) {
    const json::ParseResult doc = json::parse(content);
    if (!doc.ok()) return failure(doc.error_line, doc.error);
    const json::Value* list = doc.root.find("prefixes");
    if (list == nullptr) return failure(doc.root.line, "expected an object with a \"prefixes\" array");
    if (!list->is_array()) return failure(list->line, "\"prefixes\" is not an array");
    std::vector<AddressPrefix> prefixes;
    for (const json::Value& entry : list->items) {
        const json::Value* v4 = entry.find("ipv4Prefix");
        const json::Value* v6 = entry.find("ipv6Prefix");
        const json::Value* text = v4 != nullptr ? v4 : v6;
        if (text == nullptr || (v4 != nullptr && v6 != nullptr))
            return failure(entry.line, "expected an object with an \"ipv4Prefix\" or an \"ipv6Prefix\"");
        if (!text->is_string()) return failure(text->line, "the prefix is not a string");
        AddressPrefix prefix;
        if (const std::string error = parse_prefix(text->text, prefix); !error.empty())
            return failure(text->line, error);
        if (prefix.address.is_v6 != (text == v6))
            return failure(text->line, std::string(text == v6 ? "ipv6Prefix" : "ipv4Prefix") + " holds " +
                                           (prefix.address.is_v6 ? "an IPv6" : "an IPv4") + " prefix " +
                                           quoted(text->text));
        prefixes.push_back(prefix);
    }
    return finish(std::move(prefixes));
}

}  // namespace

IpAddress IpAddress::from_ipv4(const std::uint8_t (&octets)[4]) noexcept {
    IpAddress a;
    std::copy(octets, octets + 4, a.bytes.begin());
    return a;
}

IpAddress IpAddress::from_ipv6(const std::uint8_t (&octets)[16]) noexcept {
    IpAddress a;
    if (std::equal(kMappedPrefix, kMappedPrefix + 12, octets)) {
        std::copy(octets + 12, octets + 16, a.bytes.begin());
        return a;
    }
    a.is_v6 = true;
    std::copy(octets, octets + 16, a.bytes.begin());
    return a;
}

std::string parse_address(std::string_view text, IpAddress& out) {
    std::uint8_t v4[4];
    if (text.find(':') == std::string_view::npos) {
        if (!parse_ipv4(text, v4)) return "invalid IPv4 address " + quoted(text);
        out = IpAddress::from_ipv4(v4);
        return {};
    }
    std::uint8_t v6[16];
    if (!parse_ipv6(text, v6)) return "invalid IPv6 address " + quoted(text);
    out = IpAddress::from_ipv6(v6);
    return {};
}

std::string parse_prefix(std::string_view text, AddressPrefix& out) {
    const std::size_t slash = text.find('/');
    const bool v6 = text.find(':') != std::string_view::npos;
    const std::string what = std::string(v6 ? "invalid IPv6 prefix " : "invalid IPv4 prefix ") + quoted(text);
    AddressPrefix prefix;
    std::uint8_t v4[4];
    std::uint8_t v6_bytes[16];
    const std::string_view address = text.substr(0, slash);
    if (v6 ? !parse_ipv6(address, v6_bytes) : !parse_ipv4(address, v4)) return what;
    if (v6) {
        // Kept as IPv6 even when it is ::ffff:0:0/96-shaped: a prefix is what
        // the file says; only client addresses are unmapped.
        prefix.address.is_v6 = true;
        std::copy(v6_bytes, v6_bytes + 16, prefix.address.bytes.begin());
    } else {
        prefix.address = IpAddress::from_ipv4(v4);
    }
    const unsigned max_length = v6 ? 128 : 32;
    prefix.length = max_length;
    if (slash != std::string_view::npos) {
        const std::string_view digits = text.substr(slash + 1);
        if (digits.empty() || digits.size() > 3 || (digits.size() > 1 && digits[0] == '0')) return what;
        unsigned length = 0;
        for (const char c : digits) {
            if (!is_ascii_digit(c)) return what;
            length = length * 10 + static_cast<unsigned>(c - '0');
        }
        if (length > max_length) return what;
        prefix.length = length;
    }
    for (unsigned bit = prefix.length; bit < max_length; ++bit)
        prefix.address.bytes[bit / 8] &= static_cast<std::uint8_t>(~(0x80u >> (bit % 8)));
    out = prefix;
    return {};
}

RangeFileResult parse_range_file(std::string_view content) {
    if (looks_like_json(content))
        return parse_operator_json(content);
    return parse_list(content);
}

AddressRanges::AddressRanges(const std::vector<AddressPrefix>& prefixes) {
    for (const AddressPrefix& p : prefixes) {
        if (p.address.is_v6) {
            const U128 first = v6_value(p.address);
            v6_.push_back({first, v6_last(first, p.length)});
        } else {
            const std::uint32_t first = v4_value(p.address);
            const std::uint32_t host_mask = p.length == 0 ? ~0u : (p.length == 32 ? 0 : ~0u >> p.length);
            v4_.push_back({first, first | host_mask});
        }
    }
    // Sort, then merge overlapping and touching intervals, so a lookup needs
    // only the last interval starting at or below the address.
    std::sort(v4_.begin(), v4_.end(), [](const V4Interval& a, const V4Interval& b) { return a.first < b.first; });
    std::vector<V4Interval> v4;
    for (const V4Interval& i : v4_) {
        if (!v4.empty() && (i.first <= v4.back().last || i.first - 1 == v4.back().last))
            v4.back().last = std::max(v4.back().last, i.last);
        else
            v4.push_back(i);
    }
    v4_ = std::move(v4);

    std::sort(v6_.begin(), v6_.end(), [](const V6Interval& a, const V6Interval& b) { return a.first < b.first; });
    std::vector<V6Interval> v6;
    for (const V6Interval& i : v6_) {
        if (!v6.empty() && (!(v6.back().last < i.first) || v6_adjacent(v6.back().last, i.first))) {
            if (v6.back().last < i.last) v6.back().last = i.last;
        } else {
            v6.push_back(i);
        }
    }
    v6_ = std::move(v6);
}

bool AddressRanges::contains(const IpAddress& address) const noexcept {
    if (!address.is_v6) {
        const std::uint32_t value = v4_value(address);
        auto after = std::upper_bound(v4_.begin(), v4_.end(), value,
                                      [](std::uint32_t v, const V4Interval& i) { return v < i.first; });
        return after != v4_.begin() && value <= std::prev(after)->last;
    }
    const U128 value = v6_value(address);
    auto after = std::upper_bound(v6_.begin(), v6_.end(), value,
                                  [](const U128& v, const V6Interval& i) { return v < i.first; });
    return after != v6_.begin() && !(std::prev(after)->last < value);
}

}  // namespace noai
