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

    // Inline: the common case (no token anywhere) is one fast pass and a compare.
    MatchResult find(std::string_view user_agent) const noexcept {
        const auto* ua = reinterpret_cast<const unsigned char*>(user_agent.data());
        const unsigned char* end = ua + user_agent.size();
        const Skip skip = narrow_ ? skip_to_output(table16_.data(), byte_class_.data(), output_base_, ua, end, 0)
                                  : skip_to_output(table32_.data(), byte_class_.data(), output_base_, ua, end, 0);
        if (skip.at == end) return {};
        return find_from(ua, user_agent.size(), skip);
    }

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

    // Where the fast scan entered an output state, and the state before that round.
    struct Skip {
        const unsigned char* at;   // the end when it never did
        std::size_t state;
    };
    template <typename Cell>
    static Skip skip_to_output(const Cell* table, const std::uint8_t* byte_class, std::size_t output_base,
                               const unsigned char* p, const unsigned char* end, std::size_t state) noexcept;
    // The exact scan from where the fast one entered an output state.
    MatchResult find_from(const unsigned char* ua, std::size_t n, Skip skip) const noexcept;
    template <typename Cell>
    MatchResult scan_from(const Cell* table, const Cell* output, const unsigned char* ua, std::size_t n,
                          std::size_t i, std::size_t state) const noexcept;
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
    // one cell later, so its offset is odd: bit 0 flags "a token ends here".
    // 16-bit cells while offsets fit.
    //
    // The table serves the common case, a User-Agent that holds no token: in
    // it, every step out of an output state goes to one absorbing row past
    // the last state, hit_. So a round of 16 steps needs one test at its end
    // (is the state an output state or hit_, an offset >= output_base_?) and
    // nothing per byte. A round that entered an output state is replayed
    // exactly, taking the real rows of the output states (numbered last, so
    // few and together) from `output`, indexed by offset - output_base_.
    std::array<std::uint8_t, 256> byte_class_{};
    std::vector<std::uint16_t> table16_, output16_;
    std::vector<std::uint32_t> table32_, output32_;
    std::uint32_t output_base_ = 0;    // first_output_ * stride_
    std::uint32_t hit_ = 0;            // states_ * stride_
    bool narrow_ = true;               // 16-bit cells
    std::uint32_t classes_ = 1;
    std::uint32_t stride_ = 2;
    std::uint32_t states_ = 1;
    std::uint32_t first_output_ = 1;   // output states are numbered last
    std::uint32_t max_agent_length_ = 0;
    bool has_allow_ = false;
};

}  // namespace noai
