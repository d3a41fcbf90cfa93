#include "noai_ring.hpp"

#include <cstring>
#include <limits>
#include <new>
#include <type_traits>

namespace noai {

namespace {

constexpr std::uint64_t kMagic = 0x474e4952'49414f4eULL;  // "NOAIRING" read little-endian
// 2: the per-record agent index after the agent table.
constexpr std::uint32_t kLayoutVersion = 4;  // 3: purposes, decoyed, the hourly table; 4: impostors, impersonations, verified
// A record's entry in the agent index before it names a table slot.
constexpr std::uint32_t kNoAgentSlot = 0xffffffff;
// An ?agent= filter matches this many table entries at most (names differing
// only in case) before the scan falls back to reading every record's name.
constexpr std::size_t kMaxFilterSlots = 8;
// Bounds the agent table so bytes_for() arithmetic cannot overflow.
constexpr std::size_t kMaxAgentCapacity = std::size_t{1} << 20;

// Open addressing stays fast at load <= 1/2: a power of two >= 2 * agents.
std::size_t table_size_for(std::size_t agent_capacity) noexcept {
    if (agent_capacity == 0) return 0;
    std::size_t size = 1;
    while (size < 2 * agent_capacity) size <<= 1;
    return size;
}

template <std::size_t N>
std::string_view safe_view(const BoundedText<N>& text) noexcept {
    return {text.bytes, text.length < N ? text.length : N};
}

// Makes a BoundedText that came from outside (or from a scribbled block) safe to
// view(): length within capacity, `truncated` a real bool.
template <std::size_t N>
void sanitize(BoundedText<N>& text) noexcept {
    unsigned char raw;
    std::memcpy(&raw, &text.truncated, 1);  // a bogus bool byte must not be read as bool
    text.truncated = raw != 0;
    if (text.length > N) {
        text.length = static_cast<std::uint16_t>(N);
        text.truncated = true;
    }
}

void sanitize(Record& record) noexcept {
    sanitize(record.agent);
    sanitize(record.reason);
    sanitize(record.client);
    sanitize(record.method);
    sanitize(record.host);
    sanitize(record.uri);
    sanitize(record.user_agent);
    if (static_cast<std::size_t>(record.purpose) >= kPurposeCount) record.purpose = Purpose::training;
}

// The counter of `action` in a totals or agent record.
std::uint64_t& action_counter(std::uint64_t& denied, std::uint64_t& reported, std::uint64_t& decoyed,
                              Action action) noexcept {
    return action == Action::denied ? denied : action == Action::decoyed ? decoyed : reported;
}

}  // namespace

struct DenialRing::Header {
    std::uint64_t magic;
    std::uint32_t version;
    std::uint32_t header_bytes;   // sizeof(Header), sizeof(Record), sizeof(AgentSlot):
    std::uint32_t record_bytes;   // a module built with other bounds must not attach
    std::uint32_t slot_bytes;
    std::uint64_t block_bytes;    // the `bytes` given to create()
    std::uint64_t capacity;
    std::uint64_t agent_capacity;
    std::uint64_t table_size;
    std::uint64_t records_offset;  // from the block start
    std::uint64_t slots_offset;
    std::uint64_t agent_index_offset;  // capacity uint32_t: each record's agent table slot
    std::uint64_t next_sequence;   // 1 + records ever pushed
    std::uint64_t agents_used;     // hashed slots taken, <= agent_capacity
    Totals totals;                 // headers_added only through __atomic builtins
    HourlyTable hourly;            // turned away per hour and purpose
    std::uint8_t key[kPseudonymKeyBytes];
};

struct DenialRing::AgentSlot {
    std::uint64_t hash;
    std::uint64_t used;  // 0 or 1; uint64_t keeps the layout free of padding
    AgentStats stats;
};

std::uint64_t hash_agent_name(std::string_view name) noexcept {
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    for (unsigned char c : name) {
        hash ^= c;
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

// Layout: Header | capacity Records | table_size hashed AgentSlots | "(other)" slot
// | capacity agent index entries (so an ?agent= filter scans 4 bytes a record).
namespace {
constexpr std::size_t kBytesPerRecord = sizeof(Record) + sizeof(std::uint32_t);
}

std::size_t DenialRing::bytes_for(std::size_t capacity, std::size_t agent_capacity) noexcept {
    constexpr std::size_t kMax = std::numeric_limits<std::size_t>::max();
    if (agent_capacity > kMaxAgentCapacity) return kMax;
    const std::size_t fixed = sizeof(Header) + (table_size_for(agent_capacity) + 1) * sizeof(AgentSlot);
    if (capacity > (kMax - fixed) / kBytesPerRecord) return kMax;
    return fixed + capacity * kBytesPerRecord;
}

std::size_t DenialRing::capacity_for(std::size_t bytes, std::size_t agent_capacity) noexcept {
    const std::size_t fixed = bytes_for(0, agent_capacity);
    return bytes < fixed ? 0 : (bytes - fixed) / kBytesPerRecord;
}

DenialRing::DenialRing(Header* header, std::size_t capacity, std::size_t agent_capacity) noexcept
    : header_(header),
      records_(reinterpret_cast<Record*>(reinterpret_cast<char*>(header) + header->records_offset)),
      slots_(reinterpret_cast<AgentSlot*>(reinterpret_cast<char*>(header) + header->slots_offset)),
      agent_index_(reinterpret_cast<std::uint32_t*>(reinterpret_cast<char*>(header) +
                                                    header->agent_index_offset)),
      capacity_(capacity),
      agent_capacity_(agent_capacity),
      table_size_(table_size_for(agent_capacity)) {
    // Here rather than at namespace scope: Header and AgentSlot are private.
    static_assert(std::is_trivially_copyable_v<Header>);
    static_assert(std::is_trivially_copyable_v<AgentSlot>);
    static_assert(alignof(Header) <= kAlignment && alignof(AgentSlot) <= kAlignment &&
                  alignof(Record) <= kAlignment);
    // Sections are packed back to back, so each size keeps the next one aligned.
    static_assert(sizeof(Header) % kAlignment == 0 && sizeof(Record) % kAlignment == 0);
}

DenialRing DenialRing::create(void* memory, std::size_t bytes, std::size_t agent_capacity,
                              const PseudonymKey& key) noexcept {
    if (memory == nullptr || reinterpret_cast<std::uintptr_t>(memory) % kAlignment != 0) return {};
    const std::size_t capacity = capacity_for(bytes, agent_capacity);
    if (capacity == 0) return {};
    const std::size_t table_size = table_size_for(agent_capacity);

    auto* base = static_cast<char*>(memory);
    auto* header = new (base) Header{};
    header->magic = kMagic;
    header->version = kLayoutVersion;
    header->header_bytes = sizeof(Header);
    header->record_bytes = sizeof(Record);
    header->slot_bytes = sizeof(AgentSlot);
    header->block_bytes = bytes;
    header->capacity = capacity;
    header->agent_capacity = agent_capacity;
    header->table_size = table_size;
    header->records_offset = sizeof(Header);
    header->slots_offset = sizeof(Header) + capacity * sizeof(Record);
    header->agent_index_offset = header->slots_offset + (table_size + 1) * sizeof(AgentSlot);
    header->next_sequence = 1;
    std::memcpy(header->key, key.data(), key.size());

    for (std::size_t i = 0; i < capacity; ++i) {
        new (base + header->records_offset + i * sizeof(Record)) Record{};
    }
    for (std::size_t i = 0; i <= table_size; ++i) {
        new (base + header->slots_offset + i * sizeof(AgentSlot)) AgentSlot{};
    }
    for (std::size_t i = 0; i < capacity; ++i) {
        new (base + header->agent_index_offset + i * sizeof(std::uint32_t)) std::uint32_t{kNoAgentSlot};
    }
    DenialRing ring(header, capacity, agent_capacity);
    ring.slots_[table_size].stats.agent.assign(kOtherAgent);
    return ring;
}

DenialRing DenialRing::attach(void* memory, std::size_t bytes) noexcept {
    if (memory == nullptr || reinterpret_cast<std::uintptr_t>(memory) % kAlignment != 0 ||
        bytes < sizeof(Header)) {
        return {};
    }
    auto* header = static_cast<Header*>(memory);
    if (header->magic != kMagic || header->version != kLayoutVersion ||
        header->header_bytes != sizeof(Header) || header->record_bytes != sizeof(Record) ||
        header->slot_bytes != sizeof(AgentSlot) || header->block_bytes != bytes ||
        header->agent_capacity > kMaxAgentCapacity) {
        return {};
    }
    // Everything below is derived again rather than trusted.
    const auto agent_capacity = static_cast<std::size_t>(header->agent_capacity);
    const std::size_t capacity = capacity_for(bytes, agent_capacity);
    if (capacity == 0 || header->capacity != capacity ||
        header->table_size != table_size_for(agent_capacity) ||
        header->records_offset != sizeof(Header) ||
        header->slots_offset != sizeof(Header) + capacity * sizeof(Record) ||
        header->agent_index_offset !=
            header->slots_offset + (table_size_for(agent_capacity) + 1) * sizeof(AgentSlot)) {
        return {};
    }
    return DenialRing(header, capacity, agent_capacity);
}

PseudonymKey DenialRing::key() const noexcept {
    PseudonymKey key{};
    if (valid()) std::memcpy(key.data(), header_->key, key.size());
    return key;
}

DenialRing::AgentSlot& DenialRing::agent_slot_for(const BoundedText<kAgentBytes>& agent,
                                                  std::uint64_t hash) noexcept {
    AgentSlot& other = slots_[table_size_];
    if (table_size_ == 0) return other;
    const std::string_view name = safe_view(agent);
    const std::size_t mask = table_size_ - 1;
    for (std::size_t probe = 0; probe < table_size_; ++probe) {
        AgentSlot& slot = slots_[(static_cast<std::size_t>(hash) + probe) & mask];
        if (slot.used == 0) {
            if (header_->agents_used >= agent_capacity_) return other;
            slot.used = 1;
            slot.hash = hash;
            slot.stats = AgentStats{};
            slot.stats.agent = agent;
            ++header_->agents_used;
            return slot;
        }
        if (slot.hash == hash && safe_view(slot.stats.agent) == name) return slot;
    }
    return other;
}

void DenialRing::push(const Record& record, std::uint64_t agent_hash) noexcept {
    if (!valid() || (!turned_away(record.action) && record.action != Action::reported)) return;
    Header& header = *header_;
    // Written in this order so that a worker killed part way (nginx frees the
    // lock it held) loses at most this record: the counters first, then the
    // record, and last the sequence number that makes readers see it.
    Totals& totals = header.totals;
    ++action_counter(totals.denied, totals.reported, totals.decoyed, record.action);
    const auto purpose = static_cast<std::size_t>(record.purpose);
    if (turned_away(record.action) && purpose < kPurposeCount) {
        ++totals.turned_away_by_purpose[purpose];
        header.hourly.add(record.time_ms, record.purpose);
    }
    const std::uint32_t agent_slot = count_under_agent(record, agent_hash);

    const std::uint64_t sequence = header.next_sequence == 0 ? 1 : header.next_sequence;
    if (size() == capacity_) ++header.totals.overwritten;
    Record& stored = records_[(sequence - 1) % capacity_];
    stored = record;
    stored.sequence = sequence;
    sanitize(stored);
    agent_index_[(sequence - 1) % capacity_] = agent_slot;
    // A release store: the compiler may not move the writes above past it.
    __atomic_store_n(&header.next_sequence, sequence + 1, __ATOMIC_RELEASE);
}

namespace {

void note_seen(AgentStats& stats, std::uint64_t time_ms) noexcept {
    if (stats.denied == 0 && stats.reported == 0 && stats.decoyed == 0 && stats.verified == 0) {
        stats.first_seen_ms = stats.last_seen_ms = time_ms;
        return;
    }
    // Workers' clocks are read independently, so records can arrive out of order.
    if (time_ms < stats.first_seen_ms) stats.first_seen_ms = time_ms;
    if (time_ms > stats.last_seen_ms) stats.last_seen_ms = time_ms;
}

}  // namespace

std::uint32_t DenialRing::count_under_agent(const Record& record, std::uint64_t agent_hash) noexcept {
    BoundedText<kAgentBytes> agent = record.agent;
    sanitize(agent);
    AgentSlot& slot = agent_slot_for(agent, agent_hash);
    slot.used = 1;
    AgentStats& stats = slot.stats;
    note_seen(stats, record.time_ms);
    ++action_counter(stats.denied, stats.reported, stats.decoyed, record.action);
    stats.purpose = record.purpose;
    const std::string_view reason = record.reason.view();
    if (reason.substr(0, 9) == "impostor:") ++stats.impostors;
    else if (reason.substr(0, 14) == "impersonation:") ++stats.impersonations;
    return static_cast<std::uint32_t>(&slot - slots_);
}

void DenialRing::count_verified(std::string_view agent, std::uint64_t agent_hash, std::uint64_t time_ms) noexcept {
    if (!valid()) return;
    BoundedText<kAgentBytes> name;
    name.assign(agent);
    sanitize(name);
    AgentSlot& slot = agent_slot_for(name, agent_hash);
    slot.used = 1;
    note_seen(slot.stats, time_ms);
    ++slot.stats.verified;
}

void DenialRing::count_headers_added() noexcept {
    if (valid()) __atomic_fetch_add(&header_->totals.headers_added, 1, __ATOMIC_RELAXED);
}

std::size_t DenialRing::size() const noexcept {
    if (!valid()) return 0;
    const std::uint64_t written = header_->next_sequence == 0 ? 0 : header_->next_sequence - 1;
    return written < capacity_ ? static_cast<std::size_t>(written) : capacity_;
}

// Decides which records an ?agent= filter picks from the agent index (4 bytes a
// record), so that a filter scanning the whole ring never reads the records it
// passes over: the filter is matched once against the agent table's names, and
// a record's name is read only when its index entry names no table entry (the
// "(other)" slot, or a name matching more table entries than are kept).
class DenialRing::AgentFilter {
public:
    AgentFilter(const DenialRing& ring, const RecordSelection& selection) noexcept
        : ring_(ring), selection_(selection) {
        if (selection.agent.empty()) return;
        for (std::size_t i = 0; i < ring.table_size_; ++i) {
            const AgentSlot& slot = ring.slots_[i];
            if (slot.used == 0 || !selection.selects(safe_view(slot.stats.agent))) continue;
            if (matches_ == kMaxFilterSlots) {
                by_name_only_ = true;
                break;
            }
            matching_[matches_++] = static_cast<std::uint32_t>(i);
        }
    }

    bool selects(std::size_t index) const noexcept {
        if (selection_.agent.empty()) return true;
        const std::uint32_t slot = ring_.agent_index_[index];
        if (by_name_only_ || slot >= ring_.table_size_)  // "(other)", not yet named, or scribbled
            return selection_.selects(safe_view(ring_.records_[index].agent));
        for (std::size_t i = 0; i < matches_; ++i) {
            if (matching_[i] == slot) return true;
        }
        return false;
    }

private:
    const DenialRing& ring_;
    const RecordSelection& selection_;
    std::uint32_t matching_[kMaxFilterSlots] = {};  // table slots whose name the filter matches
    std::size_t matches_ = 0;
    bool by_name_only_ = false;
};

void DenialRing::reserve_snapshot(Snapshot& out, const RecordSelection& selection) const {
    // resize() rather than reserve(): value-initialising writes every page now.
    out.agents.resize(agent_capacity_ + 1);  // + "(other)"
    out.records.resize(selection.limit < capacity_ ? selection.limit : capacity_);
}

void DenialRing::copy_to(Snapshot& out, const RecordSelection& selection) const noexcept {
    out.capacity = capacity_;
    out.agent_capacity = agent_capacity_;
    out.totals = Totals{};
    out.records_held = 0;
    std::size_t agents = 0, records = 0;
    if (valid()) {
        const Totals& totals = header_->totals;
        out.totals.headers_added = __atomic_load_n(&totals.headers_added, __ATOMIC_RELAXED);
        out.totals.denied = totals.denied;
        out.totals.reported = totals.reported;
        out.totals.overwritten = totals.overwritten;
        out.totals.decoyed = totals.decoyed;
        for (std::size_t p = 0; p < kPurposeCount; ++p)
            out.totals.turned_away_by_purpose[p] = totals.turned_away_by_purpose[p];
        out.hourly = header_->hourly;

        for (std::size_t i = 0; i <= table_size_ && agents < out.agents.size(); ++i) {
            if (slots_[i].used == 0) continue;
            out.agents[agents] = slots_[i].stats;
            sanitize(out.agents[agents++].agent);
        }

        const std::size_t held = size();
        out.records_held = held;
        const std::size_t wanted = selection.limit < out.records.size() ? selection.limit : out.records.size();
        const AgentFilter filter(*this, selection);
        // Newest first. A slot whose sequence is not the one expected there is
        // skipped: a writer killed while storing it left it half written.
        std::uint64_t sequence = header_->next_sequence - 1;
        std::size_t index = static_cast<std::size_t>((sequence - 1) % capacity_);
        for (std::size_t back = 0; back < held && records < wanted;
             ++back, --sequence, index = index == 0 ? capacity_ - 1 : index - 1) {
            if (!filter.selects(index)) continue;
            const Record& stored = records_[index];
            if (stored.sequence != sequence) continue;
            out.records[records] = stored;
            sanitize(out.records[records++]);
        }
    }
    // Shrinking: no allocation.
    out.agents.resize(agents);
    out.records.resize(records);
}

}  // namespace noai
