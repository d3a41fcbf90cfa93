// libFuzzer target: noai::AgentMatcher::find() on arbitrary User-Agent bytes.
//
// Several matchers are built once (the built-in list with and without allow
// tokens, a small list of overlapping tokens with non-alphanumeric edges and
// non-ASCII bytes, and a list large enough for 32-bit table cells). Every
// result is checked against the documented invariants and against a naive
// reference that tries every token at every position with the same word-edge
// rule: allow wins, else the earliest start, the longest among those.
// Any mismatch aborts with a description on stderr.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "noai_agent_list.hpp"
#include "noai_agent_matcher.hpp"
#include "fuzz_support.hpp"

namespace {

using noai::AgentMatcher;
using noai::MatchResult;
using Kind = MatchResult::Kind;

unsigned char fold(unsigned char c) { return (c >= 'A' && c <= 'Z') ? static_cast<unsigned char>(c + 32) : c; }

bool is_word(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

std::string folded(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(fold(static_cast<unsigned char>(c)));
    return out;
}

bool equal_folded(std::string_view a, std::string_view b) { return folded(a) == folded(b); }

using noai_fuzz::hex;

[[noreturn]] void fail(const char* what, const std::string& name, std::string_view ua,
                       const MatchResult& got) {
    std::fprintf(stderr,
                 "fuzz_agent_matcher: %s\n  matcher: %s\n  input (hex): %s\n"
                 "  got: kind=%d index=%u position=%zu length=%zu\n",
                 what, name.c_str(), hex(ua).c_str(), static_cast<int>(got.kind), got.index,
                 got.position, got.length);
    std::abort();
}

// The naive reference: distinct folded tokens bucketed by first byte.
struct Reference {
    struct Entry {
        std::string token;   // folded
        bool allowed;
        std::uint32_t index;
    };
    std::vector<Entry> entries;
    std::array<std::vector<std::size_t>, 256> by_first;

    Reference(const std::vector<std::string>& agents, const std::vector<std::string>& allow) {
        std::unordered_map<std::string, std::size_t> seen;
        for (std::size_t i = 0; i < agents.size(); ++i) {
            if (agents[i].empty()) continue;
            const std::string f = folded(agents[i]);
            if (seen.count(f)) continue;   // first spelling keeps its index
            seen.emplace(f, entries.size());
            entries.push_back({f, false, static_cast<std::uint32_t>(i)});
        }
        for (std::size_t i = 0; i < allow.size(); ++i) {
            if (allow[i].empty()) continue;
            const std::string f = folded(allow[i]);
            auto it = seen.find(f);
            if (it == seen.end()) {
                seen.emplace(f, entries.size());
                entries.push_back({f, true, static_cast<std::uint32_t>(i)});
            } else if (!entries[it->second].allowed) {   // in both lists: allowed
                entries[it->second] = {f, true, static_cast<std::uint32_t>(i)};
            }
        }
        for (std::size_t e = 0; e < entries.size(); ++e)
            by_first[static_cast<unsigned char>(entries[e].token[0])].push_back(e);
    }

    struct Result {
        bool any_allowed = false;
        bool agent = false;
        std::size_t start = 0, length = 0;
        std::uint32_t index = 0;
    };

    Result find(std::string_view ua) const {
        const std::string f = folded(ua);
        const std::size_t n = f.size();
        Result r;
        for (std::size_t i = 0; i < n; ++i) {
            if (i > 0 && is_word(static_cast<unsigned char>(ua[i - 1]))) continue;
            for (std::size_t e : by_first[static_cast<unsigned char>(f[i])]) {
                const Entry& entry = entries[e];
                const std::size_t len = entry.token.size();
                if (len > n - i) continue;
                if (std::memcmp(f.data() + i, entry.token.data(), len) != 0) continue;
                if (i + len < n && is_word(static_cast<unsigned char>(ua[i + len]))) continue;
                if (entry.allowed) {
                    r.any_allowed = true;
                } else if (!r.agent || (i == r.start && len > r.length)) {
                    r.agent = true;
                    r.start = i;
                    r.length = len;
                    r.index = entry.index;
                }
            }
        }
        return r;
    }

    // The entry for these (folded) bytes, or nullptr.
    const Entry* lookup(std::string_view bytes) const {
        const std::string f = folded(bytes);
        for (const Entry& e : entries)
            if (e.token == f) return &e;
        return nullptr;
    }
};

struct Case {
    std::string name;
    std::vector<std::string> agents, allow;
    std::unique_ptr<AgentMatcher> matcher;
    std::unique_ptr<Reference> reference;
};

std::vector<Case>& cases() {
    static std::vector<Case> all = [] {
        std::vector<Case> v;
        auto add = [&v](std::string name, std::vector<std::string> agents, std::vector<std::string> allow) {
            Case c;
            c.name = std::move(name);
            c.agents = std::move(agents);
            c.allow = std::move(allow);
            c.matcher = std::make_unique<AgentMatcher>(c.agents, c.allow);
            c.reference = std::make_unique<Reference>(c.agents, c.allow);
            v.push_back(std::move(c));
        };
        const std::vector<std::string> builtin = noai::builtin_ua_tokens();
        add("builtin", builtin, {});
        add("builtin+allow", builtin, {"ChatGPT-User", "MyFriendlyBot", "bot", "Claude", "chatgpt-user"});

        const std::vector<std::string> tricky = {
            "a", "ab", "abc", "b", "bc", "c", "a-b", "-", "--", "a b", "b a", ".x.", "AB",
            "", "\xc3\xa9t\xc3\xa9", "x\xff", "\xff", "gptbot", "GPTBot/1", "bot/1.0", "ab-",
            "-ab", "abcabc", "cab", "Bot", "bot", "a b c", "/", "1", "12", "123"};
        add("tricky", tricky, {});
        add("tricky+allow", tricky, {"ba", "ABC-D", "c", "", "\xc3\xa9", "ab"});

        // Large enough that the table needs 32-bit cells.
        std::vector<std::string> large = builtin;
        std::uint64_t state = 0x9e3779b97f4a7c15ull;
        auto next = [&state] {
            state = state * 6364136223846793005ull + 1442695040888963407ull;
            return static_cast<std::uint32_t>(state >> 33);
        };
        static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789-._ /";
        for (int i = 0; i < 400; ++i) {
            std::string t;
            const std::size_t len = 3 + next() % 12;
            for (std::size_t k = 0; k < len; ++k) t += alphabet[next() % (sizeof alphabet - 1)];
            if (i % 3 == 0) t[0] = static_cast<char>(t[0] & ~0x20);   // some upper case
            large.push_back(t);
        }
        add("large", large, {"trusted-bot", "ok"});
        add("large-noallow", std::move(large), {});
        const Case& big = v.back();
        const std::size_t stride = (big.matcher->class_count() + 2) & ~std::size_t{1};
        if (big.matcher->state_count() * stride <= 0xffff) {
            std::fprintf(stderr, "fuzz_agent_matcher: 'large' list does not reach 32-bit cells\n");
            std::abort();
        }
        return v;
    }();
    return all;
}

void check(const Case& c, std::string_view ua) {
    const MatchResult got = c.matcher->find(ua);
    const Reference::Result want = c.reference->find(ua);

    if (got.kind != Kind::none) {
        if (got.length == 0 || got.position > ua.size() || got.length > ua.size() - got.position)
            fail("match outside the input", c.name, ua, got);
        const std::string_view bytes = ua.substr(got.position, got.length);
        const std::string_view token = got.kind == Kind::agent ? c.matcher->agent(got.index)
                                                                : c.matcher->allow(got.index);
        if (token.empty() || !equal_folded(bytes, token))
            fail("matched bytes differ from the token at index", c.name, ua, got);
        if (got.position > 0 && is_word(static_cast<unsigned char>(ua[got.position - 1])))
            fail("word byte before the match", c.name, ua, got);
        const std::size_t end = got.position + got.length;
        if (end < ua.size() && is_word(static_cast<unsigned char>(ua[end])))
            fail("word byte after the match", c.name, ua, got);
        const Reference::Entry* entry = c.reference->lookup(bytes);
        if (!entry || entry->allowed != (got.kind == Kind::allowed) || entry->index != got.index)
            fail("wrong kind or index for the matched token", c.name, ua, got);
    }

    if (want.any_allowed) {
        if (got.kind != Kind::allowed) fail("reference finds an allow token, matcher does not", c.name, ua, got);
        return;
    }
    if (got.kind == Kind::allowed) fail("matcher reports an allow token the reference does not find", c.name, ua, got);
    if (!want.agent) {
        if (got.kind != Kind::none) fail("matcher reports an agent the reference does not find", c.name, ua, got);
        return;
    }
    if (got.kind != Kind::agent || got.position != want.start || got.length != want.length ||
        got.index != want.index) {
        std::fprintf(stderr, "  want: agent index=%u position=%zu length=%zu\n", want.index,
                     want.start, want.length);
        fail("matcher and reference disagree", c.name, ua, got);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view ua(reinterpret_cast<const char*>(data), size);
    for (const Case& c : cases()) check(c, ua);
    return 0;
}
