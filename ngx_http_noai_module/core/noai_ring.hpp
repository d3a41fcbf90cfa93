// The denial ring: fixed-size Records in a circular buffer plus per-agent
// counters and totals, laid out in one caller-owned memory block (an nginx
// shared zone). Each worker maps the block at its own address, so the block
// holds only trivially copyable structs and offsets from its start; a
// DenialRing is a process-local view over it.
//
// Locking is the caller's: push() and copy_to() need the zone lock;
// count_headers_added() is an atomic add and needs none; key() never changes
// after create() and needs none.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "noai_pseudonym.hpp"
#include "noai_records.hpp"

namespace noai {

// The agent name the ring counts under once its agent table is full.
inline constexpr std::string_view kOtherAgent = "(other)";

// FNV-1a 64 over the exact bytes (case-sensitive). Hash the name as the record
// stores it: hash_agent_name(record.agent.view()).
std::uint64_t hash_agent_name(std::string_view name) noexcept;

class DenialRing {
public:
    // The block must be aligned to this (nginx's slab gives at least 8).
    static constexpr std::size_t kAlignment = 8;

    DenialRing() noexcept = default;  // invalid

    // Bytes needed for `capacity` records and `agent_capacity` distinct agents
    // (SIZE_MAX if that does not fit in size_t).
    static std::size_t bytes_for(std::size_t capacity, std::size_t agent_capacity) noexcept;
    // How many records fit in `bytes` next to `agent_capacity` agents (0 if none).
    static std::size_t capacity_for(std::size_t bytes, std::size_t agent_capacity) noexcept;

    // Lays out a fresh, empty ring over [memory, memory + bytes), as many
    // records as fit. Invalid if memory is null or misaligned, or no record fits.
    static DenialRing create(void* memory, std::size_t bytes, std::size_t agent_capacity,
                             const PseudonymKey& key) noexcept;
    // Re-attaches to a block laid out by create() (another worker, or after a
    // reload). Invalid unless magic, layout version, struct sizes and `bytes`
    // all match what create() wrote.
    static DenialRing attach(void* memory, std::size_t bytes) noexcept;

    bool valid() const noexcept { return header_ != nullptr; }
    std::size_t capacity() const noexcept { return capacity_; }
    std::size_t agent_capacity() const noexcept { return agent_capacity_; }
    PseudonymKey key() const noexcept;

    // Caller holds the lock. Stores a copy of `record` with the next sequence
    // number, overwriting (and counting) the oldest when full, and counts it in
    // the totals and under its agent. Only Action::denied and Action::reported
    // records are stored; anything else is ignored. Length fields beyond their
    // capacity are clamped. `agent_hash` = hash_agent_name(record.agent.view()),
    // computed outside the lock. No allocation, no I/O.
    void push(const Record& record, std::uint64_t agent_hash) noexcept;

    // No lock needed: one relaxed atomic add.
    void count_headers_added() noexcept;
    // A verified crawler's request: counted under its name (and seen-times
    // updated), no record. Caller holds the zone lock, as for push().
    void count_verified(std::string_view agent, std::uint64_t agent_hash, std::uint64_t time_ms) noexcept;

    // Records currently held. Caller holds the lock for an exact answer.
    std::size_t size() const noexcept;

    // Outside the lock: sizes `out` for copy_to(out, selection), room for every
    // agent counter and min(selection.limit, capacity()) records, allocated and
    // written once so that no allocation or page fault happens under the lock.
    void reserve_snapshot(Snapshot& out, const RecordSelection& selection) const;
    // Caller holds the lock. Fills `out` (except out.zone): totals, records_held,
    // agents in table order ("(other)" last, only once used), and the records
    // `selection` picks, newest first: it scans from the newest record and stops
    // at the limit or the oldest held, so its time under the lock grows with
    // what is shown, not with the ring (the whole ring only for an ?agent= that
    // matches fewer than `limit` records, and then it reads a 4-byte agent index
    // entry per record, not the record). Copies at most what `out` was sized
    // for by reserve_snapshot() and trims it to what was copied; never allocates.
    void copy_to(Snapshot& out, const RecordSelection& selection) const noexcept;

private:
    struct Header;
    struct AgentSlot;
    class AgentFilter;

    DenialRing(Header* header, std::size_t capacity, std::size_t agent_capacity) noexcept;
    AgentSlot& agent_slot_for(const BoundedText<kAgentBytes>& agent, std::uint64_t hash) noexcept;
    // Counts `record` under its agent; returns the agent table slot it used.
    std::uint32_t count_under_agent(const Record& record, std::uint64_t agent_hash) noexcept;

    // Process-local: cached at create/attach so a scribbled header cannot move
    // reads or writes outside the block.
    Header* header_ = nullptr;
    Record* records_ = nullptr;
    AgentSlot* slots_ = nullptr;  // table_size_ hashed slots, then the "(other)" slot
    std::uint32_t* agent_index_ = nullptr;  // per record slot: its agent's slot in slots_
    std::size_t capacity_ = 0;
    std::size_t agent_capacity_ = 0;
    std::size_t table_size_ = 0;
};

}  // namespace noai
