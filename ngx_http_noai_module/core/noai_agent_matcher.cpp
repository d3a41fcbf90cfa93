#include "noai_agent_matcher.hpp"

#include <limits>
#include <stdexcept>
#include <unordered_map>

#include "noai_text.hpp"

namespace noai {

namespace {

constexpr bool is_word_byte(unsigned char c) noexcept {
    return is_ascii_alnum(static_cast<char>(c));
}

constexpr unsigned char fold(unsigned char c) noexcept {
    return static_cast<unsigned char>(to_lower_ascii(static_cast<char>(c)));
}

}  // namespace

struct AgentMatcher::Best {
    std::size_t start = std::numeric_limits<std::size_t>::max();   // best agent match so far
    std::uint32_t pattern = 0;
    std::size_t allow_start = 0;     // set when an allow token is found
    std::uint32_t allow_pattern = 0;
};

AgentMatcher::AgentMatcher(const std::vector<std::string>& agents,
                           const std::vector<std::string>& allow)
    : agents_(agents), allow_(allow) {
    // 1. Distinct folded tokens. Allow entries are added last and take over an
    //    agent entry with the same spelling: allow wins.
    std::unordered_map<std::string, std::uint32_t> by_folded;
    std::vector<std::string> folded;
    auto add = [&](const std::string& token, std::uint32_t index, bool allowed) {
        if (token.empty()) return;
        std::string key = to_lower(token);
        auto [it, inserted] = by_folded.emplace(key, static_cast<std::uint32_t>(patterns_.size()));
        if (inserted) {
            patterns_.push_back({index, static_cast<std::uint32_t>(key.size()), allowed});
            folded.push_back(std::move(key));
        } else if (allowed && !patterns_[it->second].allowed) {
            patterns_[it->second] = {index, patterns_[it->second].length, true};
        }
    };
    for (std::size_t i = 0; i < agents.size(); ++i) add(agents[i], static_cast<std::uint32_t>(i), false);
    for (std::size_t i = 0; i < allow.size(); ++i) add(allow[i], static_cast<std::uint32_t>(i), true);
    for (const Pattern& p : patterns_) {
        if (p.allowed) has_allow_ = true;
        else if (p.length > max_agent_length_) max_agent_length_ = p.length;
    }

    // 2. Reduced alphabet: every byte occurring in some folded token gets its
    //    own class (upper-case letters share their lower-case class); all other
    //    bytes behave identically in the automaton and share class 0.
    std::array<bool, 256> used{};
    for (const std::string& t : folded)
        for (char c : t) used[static_cast<unsigned char>(c)] = true;
    classes_ = 1;
    for (unsigned b = 0; b < 256; ++b)
        if (used[b]) byte_class_[b] = static_cast<std::uint8_t>(classes_++);
    for (unsigned b = 'A'; b <= 'Z'; ++b) byte_class_[b] = byte_class_[fold(static_cast<unsigned char>(b))];
    const std::uint32_t C = classes_;   // at most 231: upper-case letters never get a class

    // 3. Trie over classes, dense child arrays (-1 = no child); state 0 is the root.
    std::vector<std::int32_t> delta(C, -1);
    std::vector<std::int32_t> terminal(1, -1);   // pattern whose whole string is this state's
    for (std::uint32_t p = 0; p < folded.size(); ++p) {
        std::int32_t s = 0;
        for (char c : folded[p]) {
            const std::size_t cell = static_cast<std::size_t>(s) * C + byte_class_[static_cast<unsigned char>(c)];
            if (delta[cell] < 0) {
                delta[cell] = static_cast<std::int32_t>(terminal.size());
                terminal.push_back(-1);
                delta.resize(delta.size() + C, -1);
            }
            s = delta[cell];
        }
        terminal[static_cast<std::size_t>(s)] = static_cast<std::int32_t>(p);
    }
    const std::size_t n_states = terminal.size();

    // 4. Breadth-first: failure links resolved into a full transition table,
    //    and dictionary links (nearest proper suffix that is a whole token).
    std::vector<std::int32_t> fail(n_states, 0), dict(n_states, -1), order;
    order.reserve(n_states);
    order.push_back(0);
    for (std::size_t head = 0; head < order.size(); ++head) {
        const std::int32_t s = order[head];
        const std::size_t row = static_cast<std::size_t>(s) * C;
        const std::size_t fail_row = static_cast<std::size_t>(fail[static_cast<std::size_t>(s)]) * C;
        for (std::uint32_t c = 0; c < C; ++c) {
            const std::int32_t child = delta[row + c];
            if (child < 0) {
                delta[row + c] = (s == 0) ? 0 : delta[fail_row + c];
                continue;
            }
            const std::int32_t f = (s == 0) ? 0 : delta[fail_row + c];
            fail[static_cast<std::size_t>(child)] = f;
            dict[static_cast<std::size_t>(child)] =
                terminal[static_cast<std::size_t>(f)] >= 0 ? f : dict[static_cast<std::size_t>(f)];
            order.push_back(child);
        }
    }

    // 5. Renumber: states with output go last, so an output slot is
    //    state - first_output_ and hot rows sit together.
    auto has_output = [&](std::size_t s) { return terminal[s] >= 0 || dict[s] >= 0; };
    std::vector<std::uint32_t> new_id(n_states);
    std::uint32_t next = 0;
    for (std::int32_t s : order)
        if (!has_output(static_cast<std::size_t>(s))) new_id[static_cast<std::size_t>(s)] = next++;
    first_output_ = next;
    for (std::int32_t s : order)
        if (has_output(static_cast<std::size_t>(s))) new_id[static_cast<std::size_t>(s)] = next++;
    states_ = static_cast<std::uint32_t>(n_states);

    // Output chains, in slot order.
    outputs_.resize(n_states - first_output_);
    auto slot_of = [&](std::int32_t s) { return new_id[static_cast<std::size_t>(s)] - first_output_; };
    for (std::size_t s = 0; s < n_states; ++s) {
        if (!has_output(s)) continue;
        // The head is this state's own token, else the nearest suffix token;
        // a dict target is always a terminal state.
        const std::int32_t owner = terminal[s] >= 0 ? static_cast<std::int32_t>(s) : dict[s];
        const std::int32_t rest = dict[static_cast<std::size_t>(owner)];
        outputs_[slot_of(static_cast<std::int32_t>(s))] = {
            static_cast<std::uint32_t>(terminal[static_cast<std::size_t>(owner)]),
            rest >= 0 ? slot_of(rest) : kNoSlot};
    }

    // 6. The compiled table (layout in the header).
    stride_ = (C + 2) & ~1u;
    const std::size_t cells = n_states * stride_;
    if (cells > std::numeric_limits<std::uint32_t>::max())
        throw std::length_error("agent list too large for the matcher");
    auto row_of = [&](std::size_t s) -> std::uint32_t {
        const std::uint32_t id = new_id[s];
        return id * stride_ + (id >= first_output_ ? 1 : 0);
    };
    // The table and the output rows (layout in the header).
    output_base_ = first_output_ * stride_;
    hit_ = static_cast<std::uint32_t>(cells);
    const std::size_t output_cells = (n_states - first_output_) * stride_ + 1;
    const bool narrow = cells <= std::numeric_limits<std::uint16_t>::max();
    narrow_ = narrow;
    if (narrow) {
        table16_.resize(cells + stride_);
        output16_.resize(output_cells);
    } else {
        table32_.resize(cells + stride_);
        output32_.resize(output_cells);
    }
    auto set = [&](bool output, std::size_t cell, std::uint32_t target) {
        if (narrow) (output ? output16_ : table16_)[cell] = static_cast<std::uint16_t>(target);
        else (output ? output32_ : table32_)[cell] = target;
    };
    for (std::size_t s = 0; s < n_states; ++s) {
        const std::uint32_t row = row_of(s);
        const bool output_row = new_id[s] >= first_output_;
        for (std::uint32_t c = 0; c < C; ++c) {
            const std::uint32_t target = row_of(static_cast<std::size_t>(delta[s * C + c]));
            set(false, row + c, output_row ? hit_ : target);
            if (output_row) set(true, row - output_base_ + c, target);
        }
    }
    for (std::uint32_t c = 0; c < C; ++c) set(false, hit_ + c, hit_);
}

std::string_view AgentMatcher::agent(std::uint32_t index) const noexcept {
    return index < agents_.size() ? std::string_view(agents_[index]) : std::string_view();
}

std::string_view AgentMatcher::allow(std::uint32_t index) const noexcept {
    return index < allow_.size() ? std::string_view(allow_[index]) : std::string_view();
}

std::size_t AgentMatcher::memory_bytes() const noexcept {
    return sizeof(byte_class_) + (table16_.size() + output16_.size()) * sizeof(std::uint16_t) +
           (table32_.size() + output32_.size()) * sizeof(std::uint32_t) + outputs_.size() * sizeof(Output) +
           patterns_.size() * sizeof(Pattern);
}


// Steps the table over [p, end) from `state` (a non-output row) while no
// output state is entered. Kept apart from the exact scan so the loop has its
// registers to itself; a round of 16 bytes (then 8, then the last 7 or
// fewer) tests only its last state.
template <typename Cell>
AgentMatcher::Skip AgentMatcher::skip_to_output(const Cell* table, const std::uint8_t* byte_class,
                                                std::size_t output_base, const unsigned char* p,
                                                const unsigned char* end, std::size_t state) noexcept {
    auto step8 = [&](std::size_t t, const unsigned char* q) {   // written out: compilers do not unroll it at -O2
        t = table[t + byte_class[q[0]]];
        t = table[t + byte_class[q[1]]];
        t = table[t + byte_class[q[2]]];
        t = table[t + byte_class[q[3]]];
        t = table[t + byte_class[q[4]]];
        t = table[t + byte_class[q[5]]];
        t = table[t + byte_class[q[6]]];
        return static_cast<std::size_t>(table[t + byte_class[q[7]]]);
    };
    for (; end - p >= 16; p += 16) {
        const std::size_t t = step8(step8(state, p), p + 8);
        if (t >= output_base) return {p, state};
        state = t;
    }
    if (end - p >= 8) {
        const std::size_t t = step8(state, p);
        if (t >= output_base) return {p, state};
        state = t;
        p += 8;
    }
    std::size_t t = state;
    const unsigned char* q = p;
    if (end - q >= 4) {
        t = table[t + byte_class[q[0]]];
        t = table[t + byte_class[q[1]]];
        t = table[t + byte_class[q[2]]];
        t = table[t + byte_class[q[3]]];
        q += 4;
    }
    for (; q < end; ++q) t = table[t + byte_class[*q]];
    if (t >= output_base) return {p, state};
    return {end, t};
}

template AgentMatcher::Skip AgentMatcher::skip_to_output(const std::uint16_t*, const std::uint8_t*, std::size_t,
                                                         const unsigned char*, const unsigned char*,
                                                         std::size_t) noexcept;
template AgentMatcher::Skip AgentMatcher::skip_to_output(const std::uint32_t*, const std::uint8_t*, std::size_t,
                                                         const unsigned char*, const unsigned char*,
                                                         std::size_t) noexcept;

MatchResult AgentMatcher::find_from(const unsigned char* ua, std::size_t n, Skip skip) const noexcept {
    const std::size_t i = static_cast<std::size_t>(skip.at - ua);
    return narrow_ ? scan_from(table16_.data(), output16_.data(), ua, n, i, skip.state)
                   : scan_from(table32_.data(), output32_.data(), ua, n, i, skip.state);
}

template <typename Cell>
MatchResult AgentMatcher::scan_from(const Cell* table, const Cell* output, const unsigned char* ua, std::size_t n,
                                    std::size_t i, std::size_t state) const noexcept {
    const std::uint8_t* byte_class = byte_class_.data();
    Best best;
    std::size_t limit = n;
    // Byte by byte on the full table, acting on every output state; false
    // once an allow token is found.
    auto exact = [&](std::size_t end) {
        for (; i < end; ++i) {
            const std::size_t cell = state + byte_class[ua[i]];
            state = (state & 1) ? output[cell - output_base_] : table[cell];
            if (!(state & 1)) continue;
            if (on_output(static_cast<std::uint32_t>(state), ua, n, i, best)) return false;
            // Without allow tokens, stop once no later match can start at or
            // before the best one (the current round still finishes: harmless).
            if (!has_allow_ && best.start < n && best.start + max_agent_length_ < limit)
                limit = best.start + max_agent_length_;
        }
        return true;
    };
    while (i < limit) {
        // Replay the round that entered an output state, then go on exactly
        // until the state is no output state (the table's rows for those lead
        // to hit_), and skip ahead again.
        if (!exact(i + 16 < limit ? i + 16 : limit)) return allowed_result(best);
        while ((state & 1) && i < limit)
            if (!exact(i + 1)) return allowed_result(best);
        if (i < limit) {
            const Skip skip = skip_to_output(table, byte_class, output_base_, ua + i, ua + limit, state);
            i = static_cast<std::size_t>(skip.at - ua);
            state = skip.state;
        }
    }
    if (best.start >= n) return {};
    const Pattern& p = patterns_[best.pattern];
    return {MatchResult::Kind::agent, p.index, best.start, p.length};
}

MatchResult AgentMatcher::allowed_result(const Best& best) const noexcept {
    const Pattern& p = patterns_[best.allow_pattern];
    return {MatchResult::Kind::allowed, p.index, best.allow_start, p.length};
}

// Walks the tokens ending at `end` (longest first) and keeps the best valid
// one; returns true as soon as an allow token is valid.
bool AgentMatcher::on_output(std::uint32_t state, const unsigned char* ua, std::size_t n,
                             std::size_t end, Best& best) const noexcept {
    const bool edge_after = end + 1 == n || !is_word_byte(ua[end + 1]);
    if (!edge_after) return false;   // every token here ends at the same byte
    for (std::uint32_t slot = state / stride_ - first_output_; slot != kNoSlot;) {
        const Output& out = outputs_[slot];
        const Pattern& p = patterns_[out.pattern];
        const std::size_t start = end + 1 - p.length;
        if (start == 0 || !is_word_byte(ua[start - 1])) {
            if (p.allowed) {
                best.allow_start = start;
                best.allow_pattern = out.pattern;
                return true;
            }
            // `<=`: a match ending later with the same start is longer. Within
            // one chain starts only grow, so the first valid one is kept.
            if (start <= best.start) {
                best.start = start;
                best.pattern = out.pattern;
            }
        }
        slot = out.next;
    }
    return false;
}

}  // namespace noai
