// Browser impersonation: which User-Agents claim a browser, and the header
// rules measured from real browsers.
#include "noai_impersonation.hpp"

#include <gtest/gtest.h>

#include <string>

#include "noai_request_view.hpp"

namespace noai {
namespace {

// As measured here (see the header of noai_impersonation.hpp).
constexpr std::string_view kChromeUa =
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";
constexpr std::string_view kHeadlessUa =
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36";
constexpr std::string_view kFirefoxUa = "Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0";
constexpr std::string_view kSafariUa =
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15";

// Chromium 156's <img> request over HTTPS, as measured.
struct Measured {
    RequestView request;
    BrowserHeaders headers;
};
Measured chromium_image() {
    Measured m;
    m.request.user_agent = kChromeUa; m.request.has_user_agent = true;
    m.request.accept = "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8"; m.request.has_accept = true;
    m.request.accept_language = "en-US,en;q=0.9"; m.request.has_accept_language = true;
    m.request.accept_encoding = "gzip, deflate, br, zstd"; m.request.has_accept_encoding = true;
    m.headers.sec_fetch_site = "same-origin"; m.headers.has_sec_fetch_site = true;
    m.headers.sec_fetch_mode = "no-cors"; m.headers.has_sec_fetch_mode = true;
    m.headers.sec_fetch_dest = "image"; m.headers.has_sec_fetch_dest = true;
    m.headers.sec_ch_ua = "\"Not:A-Brand\";v=\"8\", \"Chromium\";v=\"156\""; m.headers.has_sec_ch_ua = true;
    return m;
}

std::string rule_of(const BrowserClaim& claim, const Measured& m, bool secure = true) {
    const ImpersonationRule* rule = match_impersonation(claim, m.request, m.headers, secure);
    return rule ? std::string(rule->name) : std::string();
}

TEST(BrowserClaim, RecognisesTheBrowsersAndTheirVersions) {
    BrowserClaim c = browser_claim(kChromeUa);
    EXPECT_EQ(c.browser, Browser::chromium);
    EXPECT_EQ(c.version.major, 156u);
    EXPECT_EQ(browser_claim(kHeadlessUa).browser, Browser::chromium);
    c = browser_claim(kFirefoxUa);
    EXPECT_EQ(c.browser, Browser::firefox);
    EXPECT_EQ(c.version.major, 153u);
    c = browser_claim(kSafariUa);
    EXPECT_EQ(c.browser, Browser::safari);
    EXPECT_EQ(c.version.major, 18u);
    EXPECT_EQ(c.version.minor, 1u);
    EXPECT_EQ(browser_claim("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                            "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0").browser,
              Browser::chromium);
    EXPECT_EQ(browser_name(Browser::chromium), "Chrome");
    EXPECT_EQ(browser_name(Browser::firefox), "Firefox");
    EXPECT_EQ(browser_name(Browser::safari), "Safari");
}

TEST(BrowserClaim, DeclaredCrawlersAndToolsClaimNoBrowser) {
    for (const std::string_view ua :
         {std::string_view("Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; Googlebot/2.1; "
                           "+http://www.google.com/bot.html) Chrome/141.0.7390.122 Safari/537.36"),
          std::string_view("Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; "
                           "+http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36"),
          std::string_view("curl/8.5.0"), std::string_view("python-requests/2.28.1"), std::string_view(""),
          std::string_view("NotChrome/1.0"), std::string_view("MyFirefox/3")})
        EXPECT_EQ(browser_claim(ua).browser, Browser::none) << ua;
}

TEST(Impersonation, WhatChromiumSendsPassesEveryRule) {
    const Measured m = chromium_image();
    EXPECT_EQ(rule_of(browser_claim(kChromeUa), m), "");
    EXPECT_EQ(rule_of(browser_claim(kChromeUa), m, false), "");
}

TEST(Impersonation, EachMissingHeaderIsItsOwnRule) {
    const BrowserClaim chrome = browser_claim(kChromeUa);
    Measured m = chromium_image();
    m.headers.has_sec_ch_ua = false;
    EXPECT_EQ(rule_of(chrome, m), "no-sec-ch-ua");
    m.headers.has_sec_fetch_dest = false;
    EXPECT_EQ(rule_of(chrome, m), "no-sec-fetch-dest");
    m.headers.has_sec_fetch_mode = false;
    EXPECT_EQ(rule_of(chrome, m), "no-sec-fetch-mode");
    m.headers.has_sec_fetch_site = false;
    EXPECT_EQ(rule_of(chrome, m), "no-sec-fetch-site");
    m.request.has_accept_encoding = false;
    EXPECT_EQ(rule_of(chrome, m), "no-accept-encoding");
    m.request.has_accept_language = false;
    EXPECT_EQ(rule_of(chrome, m), "no-accept-language");
    m.request.has_accept = false;
    EXPECT_EQ(rule_of(chrome, m), "no-accept");
}

TEST(Impersonation, AWildcardLanguageIsNoBrowsersLanguage) {
    Measured m = chromium_image();
    m.request.accept_language = "*";   // what node's fetch sends
    EXPECT_EQ(rule_of(browser_claim(kChromeUa), m), "no-accept-language");
}

TEST(Impersonation, SecFetchAndClientHintsCountOnlyOverTls) {
    Measured m = chromium_image();
    m.headers = {};
    EXPECT_EQ(rule_of(browser_claim(kChromeUa), m, false), "");
    EXPECT_EQ(rule_of(browser_claim(kChromeUa), m, true), "no-sec-fetch-site");
}

TEST(Impersonation, FirefoxAndSafariAreNotAskedForClientHints) {
    Measured m = chromium_image();
    m.headers.has_sec_ch_ua = false;
    EXPECT_EQ(rule_of(browser_claim(kFirefoxUa), m), "");
    EXPECT_EQ(rule_of(browser_claim(kSafariUa), m), "");
}

TEST(Impersonation, OlderVersionsAreAskedOnlyForWhatTheySent) {
    Measured m = chromium_image();
    m.headers = {};
    EXPECT_EQ(rule_of(browser_claim("Mozilla/5.0 (X11; Linux x86_64; rv:89.0) Gecko/20100101 Firefox/89.0"), m), "");
    EXPECT_EQ(rule_of(browser_claim("Mozilla/5.0 (Macintosh) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                                    "Version/16.3 Safari/605.1.15"), m), "");
    EXPECT_EQ(rule_of(browser_claim("Mozilla/5.0 (Macintosh) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                                    "Version/16.4 Safari/605.1.15"), m), "no-sec-fetch-site");
    m.headers = chromium_image().headers;
    m.headers.has_sec_ch_ua = false;
    EXPECT_EQ(rule_of(browser_claim("Mozilla/5.0 (X11) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/99.0 Safari/537.36"), m), "");
    // Without a version only the rules every version follows apply.
    m.request.has_accept_language = false;
    EXPECT_EQ(rule_of(browser_claim("Mozilla/5.0 Safari/1"), m), "no-accept-language");
}

TEST(Impersonation, OnlyAMissingHeaderOrTlsMakesARulePossible) {
    Measured m = chromium_image();
    EXPECT_FALSE(impersonation_possible(m.request, false));
    EXPECT_TRUE(impersonation_possible(m.request, true));
    m.request.accept_language = "*";
    EXPECT_TRUE(impersonation_possible(m.request, false));
    m = chromium_image();
    m.request.has_accept_encoding = false;
    EXPECT_TRUE(impersonation_possible(m.request, false));
}

TEST(Impersonation, TheShortcutAgreesWithTheRulesOverPlainHttp) {
    const BrowserClaim chrome = browser_claim(kChromeUa);
    for (int mask = 0; mask < 8; ++mask) {
        for (const std::string_view language : {"en-US,en;q=0.9", "*", " * ", "**"}) {
            Measured m = chromium_image();
            m.request.has_accept = mask & 1;
            m.request.has_accept_encoding = mask & 2;
            m.request.has_accept_language = mask & 4;
            m.request.accept_language = language;
            const bool fails = match_impersonation(chrome, m.request, m.headers, false) != nullptr;
            EXPECT_EQ(impersonation_possible(m.request, false), fails) << mask << " " << language;
        }
    }
}

TEST(BrowserClaim, TokensCountOnlyBeforeASlashAndAtWordEdges) {
    EXPECT_EQ(browser_claim("Mozilla/5.0 Chrome").browser, Browser::none);
    EXPECT_EQ(browser_claim("x-Chrome/1").browser, Browser::chromium);
    EXPECT_EQ(browser_claim("/Firefox/2").browser, Browser::firefox);
    EXPECT_EQ(browser_claim("Firefox/2 Chrome/3").browser, Browser::chromium);
    EXPECT_EQ(browser_claim("Chromium/120.1").version.major, 120u);
    EXPECT_EQ(browser_claim("Mozilla/5.0 (compatible;) Firefox/2").browser, Browser::none);
    EXPECT_EQ(browser_claim("Mozilla/5.0 (incompatible; x) Firefox/2").browser, Browser::firefox);
    EXPECT_EQ(browser_claim("/").browser, Browser::none);
}

TEST(Impersonation, EveryRuleHasANameAndAppliesToSomeBrowser) {
    std::size_t count = 0;
    const ImpersonationRule* rules = impersonation_rules(count);
    ASSERT_GT(count, 0u);
    for (std::size_t i = 0; i < count; ++i) {
        EXPECT_EQ(rules[i].name.substr(0, 3), "no-") << rules[i].name;
        EXPECT_TRUE(rules[i].chromium_since.major != kNever || rules[i].firefox_since.major != kNever ||
                    rules[i].safari_since.major != kNever) << rules[i].name;
    }
}

}  // namespace
}  // namespace noai
