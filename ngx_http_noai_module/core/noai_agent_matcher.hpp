// Finds AI/dataset agent tokens in a User-Agent in one pass, whatever the list
// length: an Aho-Corasick automaton over case-folded bytes, compiled into a
// dense DFA over a reduced alphabet, so the inner loop is one table lookup per
// byte. Built once per distinct list at configuration time; find() runs per
// request and never allocates or throws.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace noai {

struct MatchResult {
    enum class Kind : std::uint8_t { none, agent, allowed };
    Kind kind = Kind::none;
    std::uint32_t index = 0;      // index into the agent (or allow) list given to the constructor
    std::size_t position = 0;     // byte offset of the match in the User-Agent
    std::size_t length = 0;
};

class AgentMatcher {
public:
    // Tokens match ASCII-case-insensitively and only at word edges: the bytes
    // just before and after the occurrence are not ASCII letters or digits (or
    // are the string boundary). If any allow token occurs at word edges
    // anywhere, the result is Kind::allowed (allow beats every agent token).
    // Otherwise the earliest-starting agent match is reported, the longest
    // among those starting at the same byte. Empty tokens are ignored;
    // case-insensitive duplicates keep the first spelling and its index (a
    // token in both lists counts as allowed). Throws std::bad_alloc, or
    // std::length_error for lists too large for 32-bit state offsets.
    AgentMatcher(const std::vector<std::string>& agents, const std::vector<std::string>& allow);

    MatchResult find(std::string_view user_agent) const noexcept;

    // Size of the agent list given, duplicates and empties included, so every
    // MatchResult::index is valid here; agent() returns the token as given.
    std::size_t agent_count() const noexcept { return agents_.size(); }
    std::string_view agent(std::uint32_t index) const noexcept;
    std::size_t allow_count() const noexcept { return allow_.size(); }
    std::string_view allow(std::uint32_t index) const noexcept;

    std::size_t token_count() const noexcept { return patterns_.size(); }  // distinct, non-empty
    std::size_t state_count() const noexcept { return states_; }
    std::size_t class_count() const noexcept { return classes_; }
    std::size_t memory_bytes() const noexcept;  // automaton tables

private:
    struct Pattern {
        std::uint32_t index;    // into agents_ or allow_
        std::uint32_t length;
        bool allowed;
    };
    // Per output state: the longest token ending there and the output slot of
    // the next shorter one (its dictionary-suffix link), kNoSlot at the end.
    struct Output {
        std::uint32_t pattern;
        std::uint32_t next;
    };
    static constexpr std::uint32_t kNoSlot = 0xffffffffu;
    struct Best;

    template <typename Cell>
    MatchResult scan(const Cell* table, const unsigned char* ua, std::size_t n) const noexcept;
    MatchResult allowed_result(const Best& best) const noexcept;
    bool on_output(std::uint32_t state, const unsigned char* ua, std::size_t n, std::size_t end,
                   Best& best) const noexcept;

    std::vector<std::string> agents_;
    std::vector<std::string> allow_;
    std::vector<Pattern> patterns_;
    std::vector<Output> outputs_;

    // Transitions hold row offsets, so a step is table[cell + byte_class_[byte]].
    // Each state owns `stride_` cells (even, > classes_). A non-output state's
    // row starts at its block (an even offset); an output state's row starts
    // one cell later, so its offset is odd: bit 0 flags "a token ends here"
    // at no extra lookup. 16-bit cells while offsets fit.
    std::array<std::uint8_t, 256> byte_class_{};
    std::vector<std::uint16_t> table16_;
    std::vector<std::uint32_t> table32_;
    std::uint32_t classes_ = 1;
    std::uint32_t stride_ = 2;
    std::uint32_t states_ = 1;
    std::uint32_t first_output_ = 1;   // output states are numbered last
    std::uint32_t max_agent_length_ = 0;
    bool has_allow_ = false;
};

}  // namespace noai
