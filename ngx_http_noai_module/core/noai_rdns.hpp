// Forward-confirmed reverse DNS (noai_verify_rdns TOKEN SUFFIX...): a
// crawler claiming TOKEN is genuine when the PTR name of its address ends in
// one of the suffixes (at a label boundary) and that name resolves back to
// the address. The DNS lookups are nginx's resolver's (the glue); the rules
// about names are here.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace noai {

struct RdnsCrawler {
    std::string token;
    std::vector<std::string> suffixes;   // lower case, no leading or trailing dot
};

// What the lookups found for one request.
enum class RdnsResult : unsigned char {
    unknown,     // not looked up yet
    confirmed,   // PTR name under a suffix, and it resolves back to the address
    mismatch,    // no PTR name (NXDOMAIN), a name under no suffix, or one that does not resolve back
    failed,      // the resolver timed out or failed: noai_verify_rdns_failure decides
};

// noai_verify_rdns_failure serve|impostor.
enum class RdnsFailure : unsigned char { serve, impostor };

// `name` (a DNS name, a trailing dot allowed, any case) equals `suffix` or
// ends in "." + suffix: "crawl-66-249-66-1.googlebot.com" is under
// "googlebot.com", "evilgooglebot.com" is not.
bool name_under(std::string_view name, std::string_view suffix) noexcept;
bool name_under_any(std::string_view name, const std::vector<std::string>& suffixes) noexcept;

// Why a suffix cannot be used ("empty suffix", "invalid character in suffix",
// "a suffix needs at least two labels"), or "". A leading or trailing dot is
// accepted by normalize_suffix.
std::string_view rdns_suffix_error(std::string_view suffix) noexcept;
std::string normalize_suffix(std::string_view suffix);   // lower case, outer dots removed

}  // namespace noai
