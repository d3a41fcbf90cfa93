// Browser impersonation: a request whose User-Agent claims a current
// Chromium/Chrome, Firefox or Safari but lacks headers that browser sends on
// every page and image request. The rules are rows of data (kRules in the
// .cpp), built from what real Chromium 156 and Firefox ESR 153 sent here for a
// page and an <img> subresource over HTTPS (tests/integration/
// impersonation_browser_test.cpp measures it again), and for Safari from
// MDN's compatibility data (no Safari runs on Linux). Evaluated per request:
// noexcept, no allocation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace noai {

struct RequestView;

enum class Browser : std::uint8_t { none, chromium, firefox, safari };

struct BrowserVersion {
    unsigned major = 0, minor = 0;
};

struct BrowserClaim {
    Browser browser = Browser::none;
    BrowserVersion version;   // {0, 0} when the User-Agent gives none
};

// What the User-Agent claims to be. `Chrome/`, `HeadlessChrome/` or
// `Chromium/` claim Chromium (Edge, Opera and other Chromium browsers carry
// `Chrome/` too); else `Firefox/` claims Firefox; else `Safari/` claims Safari
// (its version from `Version/`). A User-Agent holding `compatible;` declares a
// crawler or tool and claims no browser (Googlebot and bingbot carry
// `Chrome/`). Tokens are case-sensitive, as browsers send them, and must start
// at a word edge.
BrowserClaim browser_claim(std::string_view user_agent) noexcept;

// "Chrome", "Firefox", "Safari": the agent name recorded for an impersonation.
std::string_view browser_name(Browser browser) noexcept;

// Headers only impersonation rules read; the glue gathers them in one pass
// over the request headers, and only for a request that claims a browser.
struct BrowserHeaders {
    std::string_view sec_fetch_site; bool has_sec_fetch_site = false;
    std::string_view sec_fetch_mode; bool has_sec_fetch_mode = false;
    std::string_view sec_fetch_dest; bool has_sec_fetch_dest = false;
    std::string_view sec_ch_ua;      bool has_sec_ch_ua = false;
};

enum class BrowserHeader : std::uint8_t {
    accept, accept_language, accept_encoding, sec_fetch_site, sec_fetch_mode, sec_fetch_dest, sec_ch_ua,
};

// One expectation: a browser of this kind, from this version on, sends this
// header (and not the value `not_value`, when set). A request that claims
// such a browser and fails the expectation is reason impersonation:<name>.
struct ImpersonationRule {
    std::string_view name;
    BrowserHeader header;
    std::string_view not_value;     // "" : any value passes
    bool secure_only;               // browsers send it only to secure origins (HTTPS, loopback)
    BrowserVersion chromium_since;  // {kNever}: the rule does not apply to that browser
    BrowserVersion firefox_since;
    BrowserVersion safari_since;
};
inline constexpr unsigned kNever = 0xffffffffu;

// The rules, in the order they are checked.
const ImpersonationRule* impersonation_rules(std::size_t& count) noexcept;

// A cheap first look, before the User-Agent is read: false when no rule can
// fail whatever the claim (over plain HTTP, a request that sends every header
// the non-TLS rules ask for), so ordinary browser requests skip the rest.
bool impersonation_possible(const RequestView& request, bool secure) noexcept;

// The first rule the request fails, or nullptr. `secure`: the request came
// over TLS (to nginx, or to a proxy in front, per noai_impersonation_tls).
const ImpersonationRule* match_impersonation(const BrowserClaim& claim, const RequestView& request,
                                             const BrowserHeaders& headers, bool secure) noexcept;

}  // namespace noai
