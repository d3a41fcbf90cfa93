// Plain data shared by the denial ring (shared memory), its snapshots and the
// status renderers. Everything here is trivially copyable: the ring lives in an
// nginx shared zone mapped by every worker, so no pointers and no std:: containers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "noai_hourly.hpp"
#include "noai_purpose.hpp"

namespace noai {

// decoyed: denied, and answered with the noai_decoy file instead of an error.
enum class Action : std::uint8_t { none = 0, header = 1, reported = 2, denied = 3, decoyed = 4 };

// "denied", "decoyed", "reported", "header", ""
std::string_view action_name(Action action) noexcept;

// Denied or decoyed: what the status page counts as turned away.
constexpr bool turned_away(Action action) noexcept { return action == Action::denied || action == Action::decoyed; }

// A bounded, NUL-free copy of a request string. Longer input is cut at
// capacity bytes and `truncated` is set; bytes are stored as received (the
// renderers escape them).
template <std::size_t Capacity>
struct BoundedText {
    static constexpr std::size_t capacity = Capacity;
    std::uint16_t length;
    bool truncated;
    char bytes[Capacity];

    void assign(std::string_view text) noexcept {
        length = static_cast<std::uint16_t>(text.size() < Capacity ? text.size() : Capacity);
        truncated = text.size() > Capacity;
        for (std::size_t i = 0; i < length; ++i) bytes[i] = text[i];
    }
    std::string_view view() const noexcept { return {bytes, length}; }
};

// Documented bounds (README "The denial ring"): what a record keeps of each field.
inline constexpr std::size_t kAgentBytes = 64;
inline constexpr std::size_t kReasonBytes = 64;
inline constexpr std::size_t kClientBytes = 48;   // pseudonym or a full IPv6 text address
inline constexpr std::size_t kMethodBytes = 16;
inline constexpr std::size_t kHostBytes = 128;
inline constexpr std::size_t kUriBytes = 512;
inline constexpr std::size_t kUserAgentBytes = 384;

struct Record {
    std::uint64_t sequence;   // 1-based, increases by one per record ever written to the ring
    std::uint64_t time_ms;    // Unix epoch, milliseconds
    std::uint16_t status;     // HTTP status sent (or to be sent), 444 for a closed connection
    Action action;            // denied, decoyed or reported
    Purpose purpose;          // the agent's
    BoundedText<kAgentBytes> agent;       // canonical agent name, e.g. "GPTBot"
    BoundedText<kReasonBytes> reason;     // "token:GPTBot" or "fingerprint:img2dataset-default"
    BoundedText<kClientBytes> client;     // per noai_log_address: pseudonym, address, or empty
    BoundedText<kMethodBytes> method;
    BoundedText<kHostBytes> host;
    BoundedText<kUriBytes> uri;
    BoundedText<kUserAgentBytes> user_agent;
};

struct AgentStats {
    BoundedText<kAgentBytes> agent;
    std::uint64_t denied;
    std::uint64_t reported;
    std::uint64_t decoyed;
    // Of those (denied or reported), claims that did not hold: reason
    // "impostor:..." (a verified crawler's name from outside its ranges) and
    // "impersonation:..." (a browser's User-Agent without its headers).
    std::uint64_t impostors;
    std::uint64_t impersonations;
    // Requests from a verified crawler (noai_verify, noai_verify_rdns): served
    // and counted, not recorded.
    std::uint64_t verified;
    Purpose purpose;              // of the agent's latest record
    std::uint64_t first_seen_ms;
    std::uint64_t last_seen_ms;
};

struct Totals {
    std::uint64_t headers_added;
    std::uint64_t denied;
    std::uint64_t reported;
    std::uint64_t overwritten;   // records lost to wrap-around
    std::uint64_t decoyed;
    std::uint64_t turned_away_by_purpose[kPurposeCount];  // denied + decoyed, by Purpose
};

static_assert(std::is_trivially_copyable_v<Record>);
static_assert(std::is_trivially_copyable_v<AgentStats>);
static_assert(std::is_trivially_copyable_v<Totals>);

// Which records are wanted: the newest `limit` of those whose agent is `agent`
// (exact, ASCII case-insensitive), or of every agent if `agent` is empty.
// The status page's ?agent= and ?limit=; a snapshot copies only these.
struct RecordSelection {
    std::string_view agent;
    std::size_t limit = 0;

    bool selects(std::string_view record_agent) const noexcept;
};

// A consistent copy of a zone, taken under the zone lock and rendered after it.
struct Snapshot {
    std::string zone;                 // zone name
    std::size_t capacity = 0;         // records the ring can hold
    std::size_t agent_capacity = 0;   // distinct agents the counter table can hold
    Totals totals{};
    HourlyTable hourly{};             // turned away per hour and purpose (HourlyTable::last_hours)
    std::size_t records_held = 0;     // records in the ring, copied or not
    std::vector<AgentStats> agents;   // in table order (renderers sort)
    std::vector<Record> records;      // newest first: the ones a RecordSelection picked
};

}  // namespace noai
