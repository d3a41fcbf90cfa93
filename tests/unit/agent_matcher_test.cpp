// AgentMatcher: word edges, case, earliest-then-longest, allow precedence, and
// agreement with a naive reference on random and binary input.
#include "noai_agent_matcher.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "noai_agent_list.hpp"

namespace noai {
namespace {

using Kind = MatchResult::Kind;

struct Expect {
    std::string user_agent;
    std::string agent;        // spelling as given; "" = no match
    std::size_t position = 0;
};

void expect_cases(const AgentMatcher& m, const std::vector<Expect>& cases) {
    for (const Expect& c : cases) {
        SCOPED_TRACE("User-Agent: \"" + c.user_agent + "\"");
        const MatchResult r = m.find(c.user_agent);
        if (c.agent.empty()) {
            EXPECT_EQ(r.kind, Kind::none);
            continue;
        }
        ASSERT_EQ(r.kind, Kind::agent);
        EXPECT_EQ(m.agent(r.index), c.agent);
        EXPECT_EQ(r.position, c.position);
        EXPECT_EQ(r.length, c.agent.size());
    }
}

// --- the naive reference: every position, every token --------------------

bool is_word(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool occurs_at(std::string_view ua, std::size_t pos, std::string_view token) {
    if (token.empty() || pos + token.size() > ua.size()) return false;
    for (std::size_t i = 0; i < token.size(); ++i) {
        unsigned char a = static_cast<unsigned char>(ua[pos + i]);
        unsigned char b = static_cast<unsigned char>(token[i]);
        if (a >= 'A' && a <= 'Z') a = static_cast<unsigned char>(a + 32);
        if (b >= 'A' && b <= 'Z') b = static_cast<unsigned char>(b + 32);
        if (a != b) return false;
    }
    const std::size_t end = pos + token.size();
    return (pos == 0 || !is_word(static_cast<unsigned char>(ua[pos - 1]))) &&
           (end == ua.size() || !is_word(static_cast<unsigned char>(ua[end])));
}

// Kind and, for agents, the first index of the earliest-then-longest match.
MatchResult reference_find(std::string_view ua, const std::vector<std::string>& agents,
                           const std::vector<std::string>& allow) {
    for (std::size_t pos = 0; pos < ua.size(); ++pos)
        for (std::size_t i = 0; i < allow.size(); ++i)
            if (occurs_at(ua, pos, allow[i])) return {Kind::allowed, static_cast<std::uint32_t>(i), pos, allow[i].size()};
    for (std::size_t pos = 0; pos < ua.size(); ++pos) {
        MatchResult best;
        for (std::size_t i = 0; i < agents.size(); ++i)
            if (occurs_at(ua, pos, agents[i]) && agents[i].size() > best.length)
                best = {Kind::agent, static_cast<std::uint32_t>(i), pos, agents[i].size()};
        if (best.kind == Kind::agent) return best;
    }
    return {};
}

void expect_same_as_reference(const AgentMatcher& m, std::string_view ua,
                              const std::vector<std::string>& agents, const std::vector<std::string>& allow) {
    const MatchResult want = reference_find(ua, agents, allow);
    const MatchResult got = m.find(ua);
    ASSERT_EQ(got.kind, want.kind) << "User-Agent bytes: " << testing::PrintToString(std::string(ua));
    if (got.kind == Kind::agent) {
        EXPECT_EQ(got.index, want.index);
        EXPECT_EQ(got.position, want.position);
        EXPECT_EQ(got.length, want.length);
    } else if (got.kind == Kind::allowed) {
        // Which allow occurrence is reported is not specified; it must be a real one.
        ASSERT_LT(got.index, allow.size());
        EXPECT_TRUE(occurs_at(ua, got.position, allow[got.index]));
        EXPECT_EQ(got.length, allow[got.index].size());
    }
}

// --- rules ------------------------------------------------------------------

TEST(AgentMatcher, MatchesOnlyAtWordEdges) {
    const AgentMatcher m({"Bot", "LCC"}, {});
    expect_cases(m, {
        {"Robot/1.0", ""},
        {"Bot/1.0", "Bot", 0},
        {"(Bot)", "Bot", 1},
        {"x Bot", "Bot", 2},
        {"Bot2", ""},                 // digits are word bytes
        {"2Bot", ""},
        {"_Bot_", "Bot", 1},          // only letters and digits are word bytes
        {"Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1; SLCC1)", ""},
        {"Mozilla/4.0 (compatible; LCC)", "LCC", 25},
        {"LCC", "LCC", 0},
        {"RoBots", ""},
    });
}

TEST(AgentMatcher, MatchesIgnoringAsciiCase) {
    const AgentMatcher m({"ClaudeBot"}, {});
    expect_cases(m, {
        {"ClaudeBot/1.0", "ClaudeBot", 0},
        {"claudebot/1.0", "ClaudeBot", 0},
        {"CLAUDEBOT", "ClaudeBot", 0},
        {"cLaUdEbOt", "ClaudeBot", 0},
        {"Claude Bot", ""},
    });
}

TEST(AgentMatcher, ReportsTheTokenSpellingAsGiven) {
    const AgentMatcher m({"GPTBot", "meta-externalagent"}, {});
    const MatchResult r = m.find("Mozilla/5.0 (compatible; Meta-ExternalAgent/1.1)");
    ASSERT_EQ(r.kind, Kind::agent);
    EXPECT_EQ(r.index, 1u);
    EXPECT_EQ(m.agent(r.index), "meta-externalagent");
    EXPECT_EQ(m.agent(99), "");
}

TEST(AgentMatcher, ReportsEarliestStartThenLongestOfOverlappingTokens) {
    const std::vector<std::string> tokens = {"Claude", "Claude-Web", "Web", "Ai2Bot", "Ai2Bot-Dolma", "Dolma"};
    const AgentMatcher m(tokens, {});
    expect_cases(m, {
        {"Claude-Web/1.0", "Claude-Web", 0},       // same start: the longer one
        {"Ai2Bot-Dolma", "Ai2Bot-Dolma", 0},       // the shorter one is found first
        {"ClaudeBot", ""},                         // Claude inside a word
        {"Web Claude-Web", "Web", 0},              // earliest start wins
        {"x Dolma Ai2Bot", "Dolma", 2},
        {"Claude", "Claude", 0},
    });
    // The longest token is as long as the whole overlap: the scan must not stop early.
    const AgentMatcher kangaroo({"Kangaroo", "Kangaroo Bot"}, {});
    expect_cases(kangaroo, {{"Kangaroo Bot/1.0", "Kangaroo Bot", 0}, {"Kangaroo Bots", "Kangaroo", 0}});
}

TEST(AgentMatcher, PrefersAnEarlierStartEvenIfItEndsLater) {
    const AgentMatcher m({"Bot", "Kangaroo Bot x"}, {});
    expect_cases(m, {{"a Kangaroo Bot x", "Kangaroo Bot x", 2}});
}

TEST(AgentMatcher, CountsALaterValidOccurrenceAfterAnInvalidOne) {
    const AgentMatcher m({"Bot", "LCC"}, {});
    expect_cases(m, {
        {"Robot Bot", "Bot", 6},
        {"SLCC1 LCC", "LCC", 6},
        {"Robot LCC", "LCC", 6},
        {"RobotBot Bot", "Bot", 9},
        {"BotX Bot", "Bot", 5},
    });
}

TEST(AgentMatcher, FindsNothingInAnEmptyUserAgent) {
    const AgentMatcher m({"GPTBot"}, {"Friendly"});
    EXPECT_EQ(m.find("").kind, Kind::none);
    EXPECT_EQ(m.find(std::string_view()).kind, Kind::none);
    const AgentMatcher empty({}, {});
    EXPECT_EQ(empty.find("GPTBot").kind, Kind::none);
    EXPECT_EQ(empty.token_count(), 0u);
}

TEST(AgentMatcher, ScansAn8KilobyteUserAgent) {
    const AgentMatcher m(builtin_ua_tokens(), {});
    std::string filler;
    while (filler.size() < 8192 - 7) filler += "Mozilla/5.0 (X11; Linux x86_64) ";
    filler.resize(8192 - 7);
    EXPECT_EQ(m.find(filler).kind, Kind::none);
    const std::string at_end = filler + " GPTBot";
    ASSERT_EQ(at_end.size(), 8192u);
    expect_cases(m, {{at_end, "GPTBot", 8186}, {"CCBot " + filler, "CCBot", 0}});
}

TEST(AgentMatcher, TreatsNonAsciiAndBinaryBytesAsNonWordBytes) {
    const AgentMatcher m({"GPTBot", "\xc8\xbbrawler"}, {});
    expect_cases(m, {
        {std::string("\0GPTBot\0", 8), "GPTBot", 1},
        {"\xff" "GPTBot" "\xfe", "GPTBot", 1},
        {"caf\xc3\xa9GPTBot", "GPTBot", 5},        // UTF-8 letters are not ASCII letters
        {"GPT\xc3\x9f" "Bot", ""},
        {"x \xc8\xbbrawler", "\xc8\xbbrawler", 2},  // non-ASCII token bytes compare exactly
        {"x \xc8\x9brawler", ""},
    });
    std::string every_byte;
    for (int b = 0; b < 256; ++b) every_byte += static_cast<char>(b);
    EXPECT_EQ(m.find(every_byte).kind, Kind::none);
}

TEST(AgentMatcher, AllowTokensWinOverAgentTokensAnywhere) {
    const std::vector<std::string> agents = {"GPTBot", "facebookexternalhit"};
    const std::vector<std::string> allow = {"facebookexternalhit", "MyPreview"};
    const AgentMatcher m(agents, allow);
    struct Case { std::string ua; Kind kind; std::string token; };
    const std::vector<Case> cases = {
        {"facebookexternalhit/1.1", Kind::allowed, "facebookexternalhit"},   // in both lists
        {"GPTBot MyPreview", Kind::allowed, "MyPreview"},                    // allow after agent
        {"MyPreview GPTBot", Kind::allowed, "MyPreview"},
        {"GPTBot MyPreviews", Kind::agent, "GPTBot"},                        // allow needs word edges too
        {"Firefox", Kind::none, ""},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.ua);
        const MatchResult r = m.find(c.ua);
        ASSERT_EQ(r.kind, c.kind);
        if (c.kind == Kind::allowed) {
            EXPECT_EQ(m.allow(r.index), c.token);
        } else if (c.kind == Kind::agent) {
            EXPECT_EQ(m.agent(r.index), c.token);
        }
    }
}

TEST(AgentMatcher, IgnoresEmptyAndDuplicateTokens) {
    const AgentMatcher m({"", "GPTBot", "gptbot", "GPTBOT", ""}, {""});
    EXPECT_EQ(m.token_count(), 1u);
    EXPECT_EQ(m.agent_count(), 5u);
    const MatchResult r = m.find("gptbot/1.0");
    ASSERT_EQ(r.kind, Kind::agent);
    EXPECT_EQ(r.index, 1u);   // the first spelling is canonical
    EXPECT_EQ(m.agent(r.index), "GPTBot");
    EXPECT_EQ(m.find("").kind, Kind::none);
}

std::vector<std::string> thousand_tokens() {
    std::mt19937 rng(1000);
    const std::string alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";
    std::vector<std::string> tokens;
    while (tokens.size() < 1000) {
        std::string t;
        const std::size_t len = 5 + rng() % 16;
        for (std::size_t i = 0; i < len; ++i) t += alphabet[rng() % alphabet.size()];
        tokens.push_back(t + "Bot");
    }
    return tokens;
}

TEST(AgentMatcher, MatchesEachOfAThousandTokens) {
    const std::vector<std::string> tokens = thousand_tokens();
    const AgentMatcher m(tokens, {});
    EXPECT_LT(m.memory_bytes(), 4u << 20);
    for (const std::string& t : tokens) {
        const std::string ua = "Mozilla/5.0 (compatible; " + t + "/2.1; +https://example.com/bot)";
        expect_same_as_reference(m, ua, tokens, {});
        EXPECT_EQ(m.find(ua).kind, Kind::agent) << ua;
    }
    EXPECT_EQ(m.find("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0").kind,
              Kind::none);
}

TEST(AgentMatcher, KeepsTheBuiltinAutomatonSmall) {
    const AgentMatcher m(builtin_ua_tokens(), {});
    EXPECT_LT(m.memory_bytes(), 64u * 1024);   // 16-bit cells: stays cache-friendly
}

// Random User-Agents made of token fragments, case flips, separators and raw bytes.
std::string random_user_agent(std::mt19937& rng, const std::vector<std::string>& pieces) {
    static const std::string separators[] = {" ", "/", "(", ")", ";", "-", "_", "", "", "x", "9", "\xc3\xa9", std::string(1, '\0')};
    std::string ua;
    const std::size_t parts = rng() % 8;
    for (std::size_t i = 0; i < parts; ++i) {
        switch (rng() % 4) {
        case 0: case 1: {
            std::string p = pieces[rng() % pieces.size()];
            if (rng() % 3 == 0 && p.size() > 2) p = p.substr(rng() % 2, p.size() - 1);  // near misses
            for (char& c : p)
                if (rng() % 4 == 0) c = static_cast<char>(c ^ ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ? 0x20 : 0));
            ua += p;
            break;
        }
        case 2: ua += separators[rng() % std::size(separators)]; break;
        default: ua += static_cast<char>(rng() % 256); break;
        }
    }
    return ua;
}

// The built-in tokens plus `extra`, with and without `allow`, against the
// reference on `count` User-Agents made by make_ua from token pieces.
template <typename MakeUserAgent>
void expect_agrees_with_reference(const std::vector<std::string>& extra, const std::vector<std::string>& allow,
                                  int count, MakeUserAgent make_ua) {
    std::vector<std::string> agents = builtin_ua_tokens();
    agents.insert(agents.end(), extra.begin(), extra.end());
    std::vector<std::string> pieces = agents;
    pieces.insert(pieces.end(), allow.begin(), allow.end());
    const AgentMatcher with_allow(agents, allow);
    const AgentMatcher without_allow(agents, {});
    for (int i = 0; i < count; ++i) {
        const std::string ua = make_ua(pieces);
        expect_same_as_reference(with_allow, ua, agents, allow);
        expect_same_as_reference(without_allow, ua, agents, {});
        if (::testing::Test::HasFailure()) return;
    }
}

TEST(AgentMatcher, AgreesWithANaiveReferenceOnRandomInput) {
    std::mt19937 rng(20240601);
    expect_agrees_with_reference({"Bot", "LCC", "Claude", "a", "a b", "Dolma", "-x-"}, {"Preview", "b x"}, 20000,
                                 [&](const std::vector<std::string>& pieces) { return random_user_agent(rng, pieces); });
}

// Long User-Agents: many 16-byte rounds of the fast pass, tokens ending in
// the middle of a round, at its last byte and in the last bytes, and rounds
// that start right after an output state.
TEST(AgentMatcher, AgreesWithANaiveReferenceOnLongRandomInput) {
    std::mt19937 rng(8);
    expect_agrees_with_reference({"Bot", "a", "Dolma", "x-y"}, {"Preview"}, 5000,
                                 [&](const std::vector<std::string>& pieces) {
                                     std::string ua;
                                     const std::size_t parts = 1 + rng() % 12;
                                     for (std::size_t k = 0; k < parts; ++k) {
                                         ua += random_user_agent(rng, pieces);
                                         if (rng() % 2) ua += std::string(rng() % 24, "abcdefgh ()/;."[rng() % 14]);
                                     }
                                     return ua;
                                 });
}

TEST(AgentMatcher, FindsATokenAtEveryOffsetOfALongUserAgent) {
    const AgentMatcher m({"GPTBot", "a"}, {"Preview"});
    for (std::size_t offset = 0; offset < 40; ++offset) {
        const std::string pad(offset, 'x');
        expect_cases(m, {{pad + " GPTBot", "GPTBot", offset + 1},
                         {pad + " GPTBot/1.0 and more text after it", "GPTBot", offset + 1},
                         {pad + "GPTBot", offset == 0 ? "GPTBot" : ""},
                         {pad + " a", "a", offset + 1}});
        EXPECT_EQ(m.find(pad + " GPTBot Preview").kind, Kind::allowed) << offset;
        EXPECT_EQ(m.find(pad + " Preview " + pad + " GPTBot").kind, Kind::allowed) << offset;
    }
}

}  // namespace
}  // namespace noai
