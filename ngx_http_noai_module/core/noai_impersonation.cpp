#include "noai_impersonation.hpp"

#include <cstring>
#include <iterator>

#include "noai_request_view.hpp"
#include "noai_text.hpp"

namespace noai {

namespace {

constexpr BrowserVersion kAll{0, 0};
constexpr BrowserVersion kNo{kNever, 0};

// Measured here (see the header): every page and <img> request of Chromium
// 156 and Firefox ESR 153 carried Accept, Accept-Language (a language list,
// never `*`) and Accept-Encoding; over HTTPS also Sec-Fetch-Site/-Mode/-Dest,
// and Chromium sec-ch-ua. The versions are where each browser started
// sending the header (MDN's compatibility data: Sec-Fetch-Site/-Mode in
// Chrome 76, -Dest in 80, all three in Firefox 90 and Safari 16.4). The
// sec-ch-ua floor, Chrome 100, is lower than any current release and above
// where client hints shipped; Safari sends no sec-ch-ua.
constexpr ImpersonationRule kRules[] = {
    {"no-accept", BrowserHeader::accept, "", false, kAll, kAll, kAll},
    {"no-accept-language", BrowserHeader::accept_language, "*", false, kAll, kAll, kAll},
    {"no-accept-encoding", BrowserHeader::accept_encoding, "", false, kAll, kAll, kAll},
    {"no-sec-fetch-site", BrowserHeader::sec_fetch_site, "", true, {76, 0}, {90, 0}, {16, 4}},
    {"no-sec-fetch-mode", BrowserHeader::sec_fetch_mode, "", true, {76, 0}, {90, 0}, {16, 4}},
    {"no-sec-fetch-dest", BrowserHeader::sec_fetch_dest, "", true, {80, 0}, {90, 0}, {16, 4}},
    {"no-sec-ch-ua", BrowserHeader::sec_ch_ua, "", true, {100, 0}, kNo, kNo},
};

// Whether `token` ends just before `end` and starts at a word edge.
bool token_before(std::string_view text, std::size_t end, std::string_view token) noexcept {
    if (end < token.size()) return false;
    const std::size_t start = end - token.size();
    return text.compare(start, token.size(), token) == 0 && (start == 0 || !is_ascii_alnum(text[start - 1]));
}

// "156.0.8078.114" -> {156, 0}; digits that overflow give kNever-ish values,
// which only make more rules apply.
BrowserVersion version_at(std::string_view text) noexcept {
    BrowserVersion v;
    std::size_t i = 0;
    for (; i < text.size() && is_ascii_digit(text[i]) && v.major < 100000; ++i)
        v.major = v.major * 10 + static_cast<unsigned>(text[i] - '0');
    if (i < text.size() && text[i] == '.')
        for (++i; i < text.size() && is_ascii_digit(text[i]) && v.minor < 100000; ++i)
            v.minor = v.minor * 10 + static_cast<unsigned>(text[i] - '0');
    return v;
}

// Every byte of `text` equal to `c`, by memchr (the request path: a
// User-Agent has a handful of '/' and ';').
template <typename Visit>
void for_each_byte(std::string_view text, char c, Visit visit) noexcept {
    const char* const begin = text.data();
    const char* const end = begin + text.size();
    for (const char* p = begin; p < end;) {
        const void* hit = std::memchr(p, c, static_cast<std::size_t>(end - p));
        if (hit == nullptr) return;
        const char* at = static_cast<const char*>(hit);
        if (!visit(static_cast<std::size_t>(at - begin))) return;
        p = at + 1;
    }
}

bool at_least(const BrowserVersion& v, const BrowserVersion& since) noexcept {
    return v.major != since.major ? v.major > since.major : v.minor >= since.minor;
}

const BrowserVersion& since_for(const ImpersonationRule& rule, Browser browser) noexcept {
    switch (browser) {
    case Browser::chromium: return rule.chromium_since;
    case Browser::firefox: return rule.firefox_since;
    case Browser::safari: case Browser::none: break;
    }
    return rule.safari_since;
}

bool sent(const ImpersonationRule& rule, const RequestView& r, const BrowserHeaders& h) noexcept {
    std::string_view value;
    bool present = false;
    switch (rule.header) {
    case BrowserHeader::accept: value = r.accept; present = r.has_accept; break;
    case BrowserHeader::accept_language: value = r.accept_language; present = r.has_accept_language; break;
    case BrowserHeader::accept_encoding: value = r.accept_encoding; present = r.has_accept_encoding; break;
    case BrowserHeader::sec_fetch_site: value = h.sec_fetch_site; present = h.has_sec_fetch_site; break;
    case BrowserHeader::sec_fetch_mode: value = h.sec_fetch_mode; present = h.has_sec_fetch_mode; break;
    case BrowserHeader::sec_fetch_dest: value = h.sec_fetch_dest; present = h.has_sec_fetch_dest; break;
    case BrowserHeader::sec_ch_ua: value = h.sec_ch_ua; present = h.has_sec_ch_ua; break;
    }
    return present && (rule.not_value.empty() || trim(value) != rule.not_value);
}

}  // namespace

// Product tokens are the words before a '/' ("Chrome/156.0"), and a
// crawler's "compatible" the word before a ';': one memchr walk for each.
BrowserClaim browser_claim(std::string_view ua) noexcept {
    bool declared = false;
    for_each_byte(ua, ';', [&](std::size_t at) { return !(declared = token_before(ua, at, "compatible")); });
    if (declared) return {};
    BrowserClaim claim;
    std::size_t chromium = 0, firefox = 0, safari = 0, version = 0;   // offsets just past the '/'; 0: absent
    for_each_byte(ua, '/', [&](std::size_t at) {
        if (at == 0) return true;
        switch (ua[at - 1]) {   // the last letter picks the candidates
        case 'e':
            if (token_before(ua, at, "Chrome") || token_before(ua, at, "HeadlessChrome")) {
                chromium = at + 1;
                return false;   // Chromium, whatever follows
            }
            break;
        case 'm':
            if (token_before(ua, at, "Chromium")) {
                chromium = at + 1;
                return false;
            }
            break;
        case 'x': if (!firefox && token_before(ua, at, "Firefox")) firefox = at + 1; break;
        case 'i': if (!safari && token_before(ua, at, "Safari")) safari = at + 1; break;
        case 'n': if (!version && token_before(ua, at, "Version")) version = at + 1; break;
        default: break;
        }
        return true;
    });
    if (chromium) {
        claim.browser = Browser::chromium;
        claim.version = version_at(ua.substr(chromium));
    } else if (firefox) {
        claim.browser = Browser::firefox;
        claim.version = version_at(ua.substr(firefox));
    } else if (safari) {
        claim.browser = Browser::safari;
        if (version) claim.version = version_at(ua.substr(version));
    }
    return claim;
}

std::string_view browser_name(Browser browser) noexcept {
    switch (browser) {
    case Browser::chromium: return "Chrome";
    case Browser::firefox: return "Firefox";
    case Browser::safari: return "Safari";
    case Browser::none: break;
    }
    return "";
}

const ImpersonationRule* impersonation_rules(std::size_t& count) noexcept {
    count = std::size(kRules);
    return kRules;
}

// What the rules that apply without TLS ask for, read off kRules when this
// is compiled: the request-path check below is then a few flag tests.
struct PlainHttpNeeds {
    bool accept = false, accept_language = false, accept_encoding = false;
    std::string_view accept_language_not;
    bool other = false;   // a non-TLS rule about another header: always check fully
};

constexpr PlainHttpNeeds plain_http_needs() {
    PlainHttpNeeds needs;
    for (const ImpersonationRule& rule : kRules) {
        if (rule.secure_only) continue;
        switch (rule.header) {
        case BrowserHeader::accept: needs.accept = true; needs.other |= !rule.not_value.empty(); break;
        case BrowserHeader::accept_language:
            needs.accept_language = true;
            needs.other |= !needs.accept_language_not.empty() && needs.accept_language_not != rule.not_value;
            needs.accept_language_not = rule.not_value;
            break;
        case BrowserHeader::accept_encoding: needs.accept_encoding = true; needs.other |= !rule.not_value.empty(); break;
        default: needs.other = true; break;
        }
    }
    return needs;
}

constexpr PlainHttpNeeds kPlainHttp = plain_http_needs();

bool impersonation_possible(const RequestView& request, bool secure) noexcept {
    if (secure || kPlainHttp.other) return true;
    if ((kPlainHttp.accept && !request.has_accept) || (kPlainHttp.accept_encoding && !request.has_accept_encoding) ||
        (kPlainHttp.accept_language && !request.has_accept_language))
        return true;
    // nginx hands values over without surrounding white space; a short one may still be padded.
    const std::string_view language = request.accept_language;
    return !kPlainHttp.accept_language_not.empty() && language.size() <= kPlainHttp.accept_language_not.size() + 8 &&
           trim(language) == kPlainHttp.accept_language_not;
}

const ImpersonationRule* match_impersonation(const BrowserClaim& claim, const RequestView& request,
                                             const BrowserHeaders& headers, bool secure) noexcept {
    if (claim.browser == Browser::none) return nullptr;
    for (const ImpersonationRule& rule : kRules) {
        if (rule.secure_only && !secure) continue;
        const BrowserVersion& since = since_for(rule, claim.browser);
        if (since.major == kNever || !at_least(claim.version, since)) continue;
        if (!sent(rule, request, headers)) return &rule;
    }
    return nullptr;
}

}  // namespace noai
