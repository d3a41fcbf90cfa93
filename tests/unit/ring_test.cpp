// The denial ring over a plain memory block, as the nginx zone will hold it.
#include "noai_ring.hpp"

#include <gtest/gtest.h>

#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace noai {
namespace {

// An 8-byte aligned block, like nginx's slab gives, with a guard area after it.
class Block {
public:
    static constexpr std::size_t kGuardWords = 16;
    static constexpr std::uint64_t kGuard = 0xabababababababab;

    explicit Block(std::size_t bytes)
        : words_((bytes + 7) / 8 + kGuardWords, kGuard), bytes_(bytes) {}
    void* data() { return words_.data(); }
    std::size_t size() const { return bytes_; }
    bool guard_intact() const {
        for (std::size_t i = words_.size() - kGuardWords; i < words_.size(); ++i) {
            if (words_[i] != kGuard) return false;
        }
        return true;
    }

private:
    std::vector<std::uint64_t> words_;
    std::size_t bytes_;
};

const PseudonymKey kKey = [] {
    PseudonymKey key{};
    for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<std::uint8_t>(0xa0 + i);
    return key;
}();

Record make_record(std::string_view agent, Action action = Action::denied,
                   std::uint64_t time_ms = 1000, std::string_view uri = "/img/a.png") {
    Record record{};
    record.time_ms = time_ms;
    record.status = action == Action::denied ? 403 : 200;
    record.action = action;
    record.agent.assign(agent);
    record.reason.assign("token:" + std::string(agent));
    record.client.assign("0123456789abcdef");
    record.method.assign("GET");
    record.host.assign("art.example");
    record.uri.assign(uri);
    record.user_agent.assign("Mozilla/5.0 (compatible; " + std::string(agent) + "/1.0)");
    return record;
}

void push(DenialRing& ring, const Record& record) {
    ring.push(record, hash_agent_name(record.agent.view()));
}

// Every record unless a selection says otherwise.
constexpr RecordSelection kEveryRecord{{}, SIZE_MAX};

Snapshot snapshot_of(const DenialRing& ring, const RecordSelection& selection = kEveryRecord) {
    Snapshot snapshot;
    ring.reserve_snapshot(snapshot, selection);
    ring.copy_to(snapshot, selection);
    return snapshot;
}

// The counters listed for `name`; zeros and a test failure if it is not listed.
AgentStats agent_stats(const Snapshot& snapshot, std::string_view name) {
    for (const AgentStats& stats : snapshot.agents) {
        if (stats.agent.view() == name) return stats;
    }
    ADD_FAILURE() << "no agent entry for " << name;
    return AgentStats{};
}

// The length field of the BoundedText<N> whose bytes begin with `marker`, found in
// the raw block (the last occurrence: the agent table lies after the records).
template <std::size_t N>
std::uint16_t* stored_length(Block& block, std::string_view marker) {
    char* base = static_cast<char*>(block.data());
    char* end = base + block.size();
    char* found = std::find_end(base, end, marker.begin(), marker.end());
    if (found == end) return nullptr;
    return reinterpret_cast<std::uint16_t*>(found - offsetof(BoundedText<N>, bytes) +
                                            offsetof(BoundedText<N>, length));
}

std::vector<std::string> uris_of(const Snapshot& snapshot) {
    std::vector<std::string> uris;
    for (const Record& record : snapshot.records) uris.emplace_back(record.uri.view());
    return uris;
}

// A ring of exactly `capacity` records and `agents` agent counters.
struct SmallRing {
    SmallRing(std::size_t capacity, std::size_t agents)
        : block(DenialRing::bytes_for(capacity, agents)),
          ring(DenialRing::create(block.data(), block.size(), agents, kKey)) {}
    Block block;
    DenialRing ring;
};

// --- layout and sizes ---------------------------------------------------------

TEST(DenialRingLayout, BytesForAndCapacityForAgree) {
    for (std::size_t agents : {0, 1, 7, 200}) {
        for (std::size_t capacity : {1, 2, 100, 5000}) {
            const std::size_t bytes = DenialRing::bytes_for(capacity, agents);
            EXPECT_EQ(DenialRing::capacity_for(bytes, agents), capacity);
            EXPECT_EQ(DenialRing::capacity_for(bytes + sizeof(Record) - 1, agents), capacity);
            EXPECT_EQ(DenialRing::capacity_for(bytes - 1, agents), capacity - 1);
        }
    }
}

TEST(DenialRingLayout, OneMebibyteZoneHoldsAboutEightHundredRecords) {
    const std::size_t one_mib = DenialRing::capacity_for(std::size_t{1} << 20, 256);
    const std::size_t ten_mib = DenialRing::capacity_for(std::size_t{10} << 20, 256);
    std::printf("sizeof(Record)=%zu, 256 agents: 1 MiB -> %zu records, 10 MiB -> %zu records\n",
                sizeof(Record), one_mib, ten_mib);
    EXPECT_GE(one_mib, 700u);
    EXPECT_LE(one_mib, (std::size_t{1} << 20) / sizeof(Record));
    EXPECT_GE(ten_mib, 10 * one_mib);
}

TEST(DenialRingLayout, BytesForSaturatesInsteadOfOverflowing) {
    EXPECT_EQ(DenialRing::bytes_for(SIZE_MAX / 2, 10), SIZE_MAX);
    EXPECT_EQ(DenialRing::bytes_for(10, SIZE_MAX), SIZE_MAX);
    EXPECT_EQ(DenialRing::capacity_for(SIZE_MAX, SIZE_MAX), 0u);
}

TEST(DenialRingLayout, CreateRejectsBlocksThatCannotHoldOneRecord) {
    Block block(DenialRing::bytes_for(1, 8) - 1);
    EXPECT_FALSE(DenialRing::create(block.data(), block.size(), 8, kKey).valid());
    EXPECT_FALSE(DenialRing::create(nullptr, 1 << 20, 8, kKey).valid());
}

TEST(DenialRingLayout, CreateAndAttachRejectMisalignedMemory) {
    Block block(DenialRing::bytes_for(4, 8) + 8);
    void* odd = static_cast<char*>(block.data()) + 4;
    EXPECT_FALSE(DenialRing::create(odd, DenialRing::bytes_for(4, 8), 8, kKey).valid());
    ASSERT_TRUE(DenialRing::create(block.data(), block.size(), 8, kKey).valid());
    EXPECT_FALSE(DenialRing::attach(odd, block.size() - 4).valid());
}

// --- records ------------------------------------------------------------------

TEST(DenialRing, StartsEmpty) {
    SmallRing small(4, 8);
    ASSERT_TRUE(small.ring.valid());
    EXPECT_EQ(small.ring.capacity(), 4u);
    EXPECT_EQ(small.ring.agent_capacity(), 8u);
    EXPECT_EQ(small.ring.size(), 0u);
    const Snapshot snapshot = snapshot_of(small.ring);
    EXPECT_EQ(snapshot.capacity, 4u);
    EXPECT_EQ(snapshot.agent_capacity, 8u);
    EXPECT_TRUE(snapshot.records.empty());
    EXPECT_TRUE(snapshot.agents.empty());
    EXPECT_EQ(snapshot.totals.headers_added + snapshot.totals.denied + snapshot.totals.reported +
                  snapshot.totals.overwritten,
              0u);
}

TEST(DenialRing, BelowCapacityKeepsEveryRecordNewestFirst) {
    SmallRing small(4, 8);
    for (const char* uri : {"/a", "/b", "/c"}) push(small.ring, make_record("GPTBot", Action::denied, 1, uri));
    EXPECT_EQ(small.ring.size(), 3u);
    EXPECT_EQ(uris_of(snapshot_of(small.ring)), (std::vector<std::string>{"/c", "/b", "/a"}));
}

TEST(DenialRing, KeepsAllFieldsOfARecord) {
    SmallRing small(4, 8);
    push(small.ring, make_record("CCBot", Action::reported, 1234, "/x.jpg"));
    const Record stored = snapshot_of(small.ring).records.at(0);
    EXPECT_EQ(stored.time_ms, 1234u);
    EXPECT_EQ(stored.status, 200);
    EXPECT_EQ(stored.action, Action::reported);
    EXPECT_EQ(stored.agent.view(), "CCBot");
    EXPECT_EQ(stored.reason.view(), "token:CCBot");
    EXPECT_EQ(stored.client.view(), "0123456789abcdef");
    EXPECT_EQ(stored.method.view(), "GET");
    EXPECT_EQ(stored.host.view(), "art.example");
    EXPECT_EQ(stored.uri.view(), "/x.jpg");
    EXPECT_EQ(stored.user_agent.view(), "Mozilla/5.0 (compatible; CCBot/1.0)");
}

TEST(DenialRing, WrapAroundKeepsTheNewestRecords) {
    SmallRing small(4, 8);
    for (int i = 0; i < 4 + 3; ++i) {
        push(small.ring, make_record("GPTBot", Action::denied, 1, "/" + std::to_string(i)));
    }
    EXPECT_EQ(small.ring.size(), 4u);
    EXPECT_EQ(uris_of(snapshot_of(small.ring)), (std::vector<std::string>{"/6", "/5", "/4", "/3"}));
}

TEST(DenialRing, CountsEachOverwrittenRecord) {
    SmallRing small(4, 8);
    for (int i = 0; i < 4; ++i) push(small.ring, make_record("GPTBot"));
    EXPECT_EQ(snapshot_of(small.ring).totals.overwritten, 0u);
    for (int i = 0; i < 5; ++i) push(small.ring, make_record("GPTBot"));
    EXPECT_EQ(snapshot_of(small.ring).totals.overwritten, 5u);
}

TEST(DenialRing, AssignsSequenceNumbersFromOneWhateverTheCallerSet) {
    SmallRing small(4, 8);
    for (int i = 0; i < 6; ++i) {
        Record record = make_record("GPTBot");
        record.sequence = 999;
        push(small.ring, record);
    }
    std::vector<std::uint64_t> sequences;
    const Snapshot snapshot = snapshot_of(small.ring);
    for (const Record& record : snapshot.records) sequences.push_back(record.sequence);
    EXPECT_EQ(sequences, (std::vector<std::uint64_t>{6, 5, 4, 3}));
}

TEST(DenialRing, SnapshotHoldsTheSmallerOfPushedAndCapacity) {
    for (std::size_t pushed : {0, 1, 4, 5, 12, 13}) {
        SmallRing small(5, 8);
        for (std::size_t i = 0; i < pushed; ++i) push(small.ring, make_record("GPTBot"));
        const Snapshot snapshot = snapshot_of(small.ring);
        ASSERT_EQ(snapshot.records.size(), std::min<std::size_t>(pushed, 5)) << pushed;
        EXPECT_EQ(snapshot.records_held, snapshot.records.size());
        for (std::size_t i = 0; i < snapshot.records.size(); ++i) {  // newest first, no gaps
            EXPECT_EQ(snapshot.records[i].sequence, pushed - i);
        }
    }
}

TEST(DenialRing, SnapshotNeverGrowsBeyondWhatWasReserved) {
    SmallRing small(8, 8);
    for (int i = 0; i < 6; ++i) push(small.ring, make_record("GPTBot", Action::denied, 1, "/" + std::to_string(i)));

    Snapshot unreserved;
    small.ring.copy_to(unreserved, kEveryRecord);
    EXPECT_TRUE(unreserved.records.empty());
    EXPECT_TRUE(unreserved.agents.empty());
    EXPECT_EQ(unreserved.totals.denied, 6u);  // counts need no room
    EXPECT_EQ(unreserved.records_held, 6u);

    Snapshot partial;
    small.ring.reserve_snapshot(partial, RecordSelection{{}, 2});
    const Record* room = partial.records.data();
    small.ring.copy_to(partial, kEveryRecord);  // asks for more than was reserved
    EXPECT_EQ(partial.records.data(), room);    // not reallocated
    EXPECT_EQ(uris_of(partial), (std::vector<std::string>{"/5", "/4"}));  // the newest
}

// --- snapshot sizing: only what is shown is copied ------------------------------

TEST(DenialRingSnapshot, ReservesTheLimitButNeverMoreThanTheRingHolds) {
    SmallRing small(8, 4);
    for (std::size_t limit : {0, 1, 5, 8, 9, 1000}) {
        Snapshot snapshot;
        small.ring.reserve_snapshot(snapshot, RecordSelection{{}, limit});
        EXPECT_EQ(snapshot.records.size(), std::min<std::size_t>(limit, 8)) << limit;
        EXPECT_EQ(snapshot.agents.size(), 4u + 1);  // every counter and "(other)"
    }
}

TEST(DenialRingSnapshot, CopiesAtMostTheLimitOfTheNewest) {
    SmallRing small(8, 4);
    for (int i = 0; i < 11; ++i) push(small.ring, make_record("GPTBot", Action::denied, 1, "/" + std::to_string(i)));
    const Snapshot snapshot = snapshot_of(small.ring, RecordSelection{{}, 3});
    EXPECT_EQ(uris_of(snapshot), (std::vector<std::string>{"/10", "/9", "/8"}));
    EXPECT_EQ(snapshot.records_held, 8u);  // what the ring holds, not what was copied
    EXPECT_EQ(snapshot.totals.denied, 11u);
}

TEST(DenialRingSnapshot, CopiesNoMoreThanIsHeld) {
    SmallRing small(8, 4);
    push(small.ring, make_record("GPTBot"));
    push(small.ring, make_record("CCBot"));
    const Snapshot snapshot = snapshot_of(small.ring, RecordSelection{{}, 50});
    EXPECT_EQ(snapshot.records.size(), 2u);
    EXPECT_EQ(snapshot.records_held, 2u);
}

TEST(DenialRingSnapshot, LimitZeroCopiesTheCountersOnly) {
    SmallRing small(8, 4);
    for (int i = 0; i < 5; ++i) push(small.ring, make_record(i % 2 ? "GPTBot" : "CCBot"));
    Snapshot snapshot;
    small.ring.reserve_snapshot(snapshot, RecordSelection{});
    EXPECT_EQ(snapshot.records.capacity(), 0u);  // nothing allocated for records
    small.ring.copy_to(snapshot, RecordSelection{});
    EXPECT_TRUE(snapshot.records.empty());
    EXPECT_EQ(snapshot.records_held, 5u);
    EXPECT_EQ(snapshot.totals.denied, 5u);
    EXPECT_EQ(agent_stats(snapshot, "GPTBot").denied, 2u);
    EXPECT_EQ(agent_stats(snapshot, "CCBot").denied, 3u);
}

TEST(DenialRingSnapshot, AgentFilterIsAppliedWhileScanningNewestFirst) {
    SmallRing small(16, 4);
    const char* agents[] = {"GPTBot", "CCBot", "CCBot", "GPTBot", "ClaudeBot", "CCBot", "GPTBot"};
    for (int i = 0; i < 7; ++i) push(small.ring, make_record(agents[i], Action::denied, 1, "/" + std::to_string(i)));
    // Case-insensitive and exact, like the status page's ?agent=; the limit
    // counts matching records only.
    EXPECT_EQ(uris_of(snapshot_of(small.ring, RecordSelection{"ccbot", 2})),
              (std::vector<std::string>{"/5", "/2"}));
    EXPECT_EQ(uris_of(snapshot_of(small.ring, RecordSelection{"CCBot", 50})),
              (std::vector<std::string>{"/5", "/2", "/1"}));
    EXPECT_TRUE(snapshot_of(small.ring, RecordSelection{"CCBo", 50}).records.empty());
    EXPECT_EQ(snapshot_of(small.ring, RecordSelection{"Nobody", 50}).records_held, 7u);
}

TEST(DenialRingSnapshot, AgentFilterFindsRecordsCountedUnderOther) {
    SmallRing small(8, 1);  // one named counter: later agents count under "(other)"
    for (const char* agent : {"GPTBot", "CCBot", "ClaudeBot", "CCBot"}) push(small.ring, make_record(agent));
    EXPECT_EQ(snapshot_of(small.ring, RecordSelection{"ccbot", 50}).records.size(), 2u);
    EXPECT_EQ(snapshot_of(small.ring, RecordSelection{"GPTBot", 50}).records.size(), 1u);
}

TEST(DenialRingSnapshot, AgentFilterFindsEveryCaseVariantOfAName) {
    // More table entries matching the filter than it keeps track of: it then
    // reads each record's name.
    SmallRing small(32, 32);
    std::vector<std::string> variants;
    for (int bits = 0; bits < 12; ++bits) {
        std::string name = "gptbot";
        for (int i = 0; i < 6; ++i) {
            if (bits & (1 << i)) name[i] = static_cast<char>(name[i] - 'a' + 'A');
        }
        variants.push_back(name);
        push(small.ring, make_record(name));
        push(small.ring, make_record("CCBot"));
    }
    const Snapshot snapshot = snapshot_of(small.ring, RecordSelection{"GPTBot", 50});
    ASSERT_EQ(snapshot.records.size(), variants.size());
    for (std::size_t i = 0; i < variants.size(); ++i)
        EXPECT_EQ(snapshot.records[i].agent.view(), variants[variants.size() - 1 - i]);
}

TEST(DenialRingSnapshot, SkipsASlotAWriterLeftHalfWritten) {
    SmallRing small(4, 4);
    for (const char* uri : {"/a", "/b", "/c"}) push(small.ring, make_record("GPTBot", Action::denied, 1, uri));
    // As a worker killed while copying a record into the slot of "/b" would
    // leave it: another sequence number than the one the slot should hold.
    std::uint16_t* uri_length = stored_length<kUriBytes>(small.block, "/b");
    ASSERT_NE(uri_length, nullptr);
    auto* slot = reinterpret_cast<Record*>(reinterpret_cast<char*>(uri_length) - offsetof(Record, uri) -
                                           offsetof(BoundedText<kUriBytes>, length));
    slot->sequence = 0;
    EXPECT_EQ(uris_of(snapshot_of(small.ring)), (std::vector<std::string>{"/c", "/a"}));
}

TEST(DenialRing, IgnoresRecordsThatAreNeitherDeniedNorReported) {
    SmallRing small(4, 8);
    push(small.ring, make_record("GPTBot", Action::header));
    push(small.ring, make_record("GPTBot", Action::none));
    push(small.ring, make_record("GPTBot", static_cast<Action>(77)));
    const Snapshot snapshot = snapshot_of(small.ring);
    EXPECT_TRUE(snapshot.records.empty());
    EXPECT_TRUE(snapshot.agents.empty());
    EXPECT_EQ(snapshot.totals.denied + snapshot.totals.reported, 0u);
}

// --- counters -----------------------------------------------------------------

TEST(DenialRing, TotalsCountDeniedAndReportedApart) {
    SmallRing small(2, 8);
    for (int i = 0; i < 5; ++i) push(small.ring, make_record("GPTBot", Action::denied));
    for (int i = 0; i < 3; ++i) push(small.ring, make_record("CCBot", Action::reported));
    const Totals totals = snapshot_of(small.ring).totals;
    EXPECT_EQ(totals.denied, 5u);
    EXPECT_EQ(totals.reported, 3u);
    EXPECT_EQ(totals.overwritten, 6u);
}

TEST(DenialRing, CountsHeadersAddedWithoutTheLock) {
    SmallRing small(2, 8);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 250000; ++i) small.ring.count_headers_added();
        });
    }
    for (std::thread& thread : threads) thread.join();
    EXPECT_EQ(snapshot_of(small.ring).totals.headers_added, 1000000u);  // none lost
}

TEST(DenialRing, CountsEachAgentDeniedAndReportedApart) {
    SmallRing small(2, 8);
    push(small.ring, make_record("GPTBot", Action::denied));
    push(small.ring, make_record("GPTBot", Action::denied));
    push(small.ring, make_record("GPTBot", Action::reported));
    push(small.ring, make_record("CCBot", Action::reported));
    const Snapshot snapshot = snapshot_of(small.ring);
    ASSERT_EQ(snapshot.agents.size(), 2u);
    const AgentStats gpt = agent_stats(snapshot, "GPTBot");
    const AgentStats cc = agent_stats(snapshot, "CCBot");
    EXPECT_EQ(gpt.denied, 2u);
    EXPECT_EQ(gpt.reported, 1u);
    EXPECT_EQ(cc.denied, 0u);
    EXPECT_EQ(cc.reported, 1u);
}

TEST(DenialRing, AgentFirstAndLastSeenSpanItsRecordsEvenOutOfOrder) {
    SmallRing small(2, 8);
    for (std::uint64_t time_ms : {5000, 3000, 9000, 7000}) {
        push(small.ring, make_record("GPTBot", Action::denied, time_ms));
    }
    const Snapshot snapshot = snapshot_of(small.ring);
    const AgentStats gpt = agent_stats(snapshot, "GPTBot");
    EXPECT_EQ(gpt.first_seen_ms, 3000u);
    EXPECT_EQ(gpt.last_seen_ms, 9000u);
}

TEST(DenialRing, AgentNamesAreCaseSensitive) {
    EXPECT_NE(hash_agent_name("GPTBot"), hash_agent_name("gptbot"));
    SmallRing small(2, 8);
    push(small.ring, make_record("GPTBot"));
    push(small.ring, make_record("gptbot"));
    EXPECT_EQ(snapshot_of(small.ring).agents.size(), 2u);
}

TEST(DenialRing, HashIsFnv1a64) {
    EXPECT_EQ(hash_agent_name(""), 0xcbf29ce484222325u);
    EXPECT_EQ(hash_agent_name("a"), 0xaf63dc4c8601ec8cu);
}

TEST(DenialRing, AgentsSharingAHashAreStillCountedApart) {
    SmallRing small(2, 8);
    small.ring.push(make_record("GPTBot"), 42);  // a caller-supplied collision
    small.ring.push(make_record("CCBot"), 42);
    small.ring.push(make_record("CCBot"), 42);
    const Snapshot snapshot = snapshot_of(small.ring);
    ASSERT_EQ(snapshot.agents.size(), 2u);
    EXPECT_EQ(agent_stats(snapshot, "GPTBot").denied, 1u);
    EXPECT_EQ(agent_stats(snapshot, "CCBot").denied, 2u);
}

TEST(DenialRing, FullAgentTableCountsNewAgentsUnderOtherAndTotalsStillAddUp) {
    SmallRing small(4, 2);
    for (const char* agent : {"GPTBot", "CCBot", "Bytespider", "ClaudeBot", "GPTBot", "Amazonbot"}) {
        push(small.ring, make_record(agent, Action::denied));
    }
    push(small.ring, make_record("PerplexityBot", Action::reported));
    const Snapshot snapshot = snapshot_of(small.ring);

    ASSERT_EQ(snapshot.agents.size(), 3u);
    EXPECT_EQ(snapshot.agents.back().agent.view(), kOtherAgent);  // listed last
    EXPECT_EQ(agent_stats(snapshot, "GPTBot").denied, 2u);  // table entries keep counting
    EXPECT_EQ(agent_stats(snapshot, "CCBot").denied, 1u);
    const AgentStats other = agent_stats(snapshot, kOtherAgent);
    EXPECT_EQ(other.denied, 3u);
    EXPECT_EQ(other.reported, 1u);

    std::uint64_t denied = 0, reported = 0;
    for (const AgentStats& stats : snapshot.agents) {
        denied += stats.denied;
        reported += stats.reported;
    }
    EXPECT_EQ(denied, snapshot.totals.denied);
    EXPECT_EQ(reported, snapshot.totals.reported);
}

TEST(DenialRing, WithoutAgentCountersEverythingCountsUnderOther) {
    SmallRing small(4, 0);
    push(small.ring, make_record("GPTBot"));
    push(small.ring, make_record("CCBot"));
    const Snapshot snapshot = snapshot_of(small.ring);
    ASSERT_EQ(snapshot.agents.size(), 1u);
    EXPECT_EQ(snapshot.agents[0].agent.view(), kOtherAgent);
    EXPECT_EQ(snapshot.agents[0].denied, 2u);
}

TEST(DenialRing, ConcurrentPushesUnderAMutexGiveExactCounts) {
    SmallRing small(64, 8);
    std::mutex lock;  // stands in for the zone's shpool->mutex
    constexpr int kThreads = 4, kPushes = 2500;
    const char* agents[] = {"GPTBot", "CCBot", "ClaudeBot"};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            const Record record = make_record(agents[t % 3], t == 3 ? Action::reported : Action::denied);
            const std::uint64_t hash = hash_agent_name(record.agent.view());  // outside the lock
            for (int i = 0; i < kPushes; ++i) {
                std::lock_guard<std::mutex> guard(lock);
                small.ring.push(record, hash);
            }
        });
    }
    for (std::thread& thread : threads) thread.join();

    const Snapshot snapshot = snapshot_of(small.ring);
    EXPECT_EQ(snapshot.totals.denied, 3u * kPushes);
    EXPECT_EQ(snapshot.totals.reported, 1u * kPushes);
    EXPECT_EQ(snapshot.totals.overwritten, kThreads * kPushes - 64u);
    EXPECT_EQ(agent_stats(snapshot, "GPTBot").denied, 1u * kPushes);
    EXPECT_EQ(agent_stats(snapshot, "GPTBot").reported, 1u * kPushes);  // thread 3
    EXPECT_EQ(agent_stats(snapshot, "CCBot").denied, 1u * kPushes);
    EXPECT_EQ(agent_stats(snapshot, "ClaudeBot").denied, 1u * kPushes);
    ASSERT_EQ(snapshot.records.size(), 64u);
    EXPECT_EQ(snapshot.records.front().sequence, std::uint64_t{kThreads} * kPushes);
}

// What the ring holds as seen by a reader: records the totals count and
// records that have a sequence number (the newest one's).
struct Counted {
    std::uint64_t counted;
    std::uint64_t sequenced;
};
Counted counted_of(const DenialRing& ring) {
    const Snapshot snapshot = snapshot_of(ring, RecordSelection{{}, 1});
    return {snapshot.totals.denied + snapshot.totals.reported,
            snapshot.records.empty() ? 0 : snapshot.records[0].sequence};
}

TEST(DenialRing, AWriterKilledAtAnyInstructionOfAPushLosesAtMostThatRecord) {
    // A child process pushes into a shared block one instruction at a time
    // (ptrace single-step); after every instruction the block is what a worker
    // killed there would leave (nginx's master frees the lock it held). The
    // totals must then count every record given a sequence number, plus at
    // most the one in flight: never one short.
    const std::size_t bytes = DenialRing::bytes_for(2, 4);
    void* memory = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    ASSERT_NE(memory, MAP_FAILED);
    DenialRing ring = DenialRing::create(memory, bytes, 4, kKey);
    ASSERT_TRUE(ring.valid());
    push(ring, make_record("GPTBot"));
    push(ring, make_record("CCBot"));  // full: the next pushes overwrite

    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        if (ptrace(PTRACE_TRACEME, 0, nullptr, nullptr) != 0) _exit(2);
        raise(SIGSTOP);
        push(ring, make_record("GPTBot", Action::denied));
        push(ring, make_record("ClaudeBot", Action::reported));
        _exit(0);
    }
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    if (WIFEXITED(status)) GTEST_SKIP() << "ptrace not permitted here";
    ASSERT_TRUE(WIFSTOPPED(status));

    std::size_t steps = 0;
    const Counted before = counted_of(ring);
    bool ok = true;
    while (ok) {
        if (ptrace(PTRACE_SINGLESTEP, child, nullptr, nullptr) != 0) break;
        if (waitpid(child, &status, 0) != child || !WIFSTOPPED(status)) break;
        ++steps;
        const Counted now = counted_of(ring);
        const std::uint64_t counted = now.counted - before.counted;
        const std::uint64_t sequenced = now.sequenced - before.sequenced;
        EXPECT_GE(counted, sequenced) << "after instruction " << steps << ": a stored record is not counted";
        EXPECT_LE(counted, sequenced + 1) << "after instruction " << steps;
        ok = counted >= sequenced && counted <= sequenced + 1;
    }
    if (!ok) kill(child, SIGKILL);
    waitpid(child, &status, 0);
    std::printf("single-stepped %zu instructions\n", steps);
    EXPECT_GT(steps, 100u);
    const Counted after = counted_of(ring);
    if (ok) {
        EXPECT_EQ(after.counted - before.counted, 2u);
    }
    munmap(memory, bytes);
}

// --- bounds and hostile input -------------------------------------------------

TEST(BoundedText, CutsAtCapacityAndFlagsTruncation) {
    struct Case {
        std::size_t input;
        std::size_t kept;
        bool truncated;
    };
    for (const Case& c : {Case{0, 0, false}, Case{63, 63, false}, Case{64, 64, false},
                          Case{65, 64, true}, Case{100000, 64, true}}) {
        BoundedText<64> text{};
        const std::string input(c.input, 'x');
        text.assign(input);
        EXPECT_EQ(text.view().size(), c.kept) << c.input;
        EXPECT_EQ(text.truncated, c.truncated) << c.input;
    }
}

TEST(DenialRing, KeepsBinaryAndOversizedRequestStringsBounded) {
    SmallRing small(2, 8);
    std::string binary(100000, '\0');
    for (std::size_t i = 0; i < binary.size(); ++i) binary[i] = static_cast<char>(i * 7);
    Record record = make_record("GPTBot");
    record.uri.assign(binary);
    record.user_agent.assign(binary);
    push(small.ring, record);
    const Record stored = snapshot_of(small.ring).records.at(0);
    EXPECT_EQ(stored.uri.view(), std::string_view(binary).substr(0, kUriBytes));
    EXPECT_TRUE(stored.uri.truncated);
    EXPECT_EQ(stored.user_agent.view().size(), kUserAgentBytes);
    EXPECT_TRUE(small.block.guard_intact());
}

TEST(DenialRing, ClampsBogusLengthFieldsOfAPushedRecord) {
    SmallRing small(3, 8);
    Record hostile = make_record("GPTBot");
    for (std::uint16_t* length : {&hostile.agent.length, &hostile.reason.length, &hostile.client.length,
                                  &hostile.method.length, &hostile.host.length, &hostile.uri.length,
                                  &hostile.user_agent.length}) {
        *length = 0xffff;
    }
    // (hostile.agent.view() itself would overrun: the hash comes from the clean name)
    for (int i = 0; i < 10; ++i) small.ring.push(hostile, hash_agent_name("GPTBot"));

    const Snapshot snapshot = snapshot_of(small.ring);
    ASSERT_EQ(snapshot.records.size(), 3u);
    for (const Record& stored : snapshot.records) {
        EXPECT_EQ(stored.agent.view().size(), kAgentBytes);
        EXPECT_EQ(stored.reason.view().size(), kReasonBytes);
        EXPECT_EQ(stored.client.view().size(), kClientBytes);
        EXPECT_EQ(stored.method.view().size(), kMethodBytes);
        EXPECT_EQ(stored.host.view().size(), kHostBytes);
        EXPECT_EQ(stored.uri.view().size(), kUriBytes);
        EXPECT_EQ(stored.user_agent.view().size(), kUserAgentBytes);
        EXPECT_TRUE(stored.uri.truncated);  // it claimed more than was kept
    }
    for (const AgentStats& stats : snapshot.agents) EXPECT_LE(stats.agent.view().size(), kAgentBytes);
    EXPECT_EQ(snapshot.totals.denied, 10u);
    EXPECT_TRUE(small.block.guard_intact());
}

TEST(DenialRing, StoresABogusTruncatedByteAsAPlainBool) {
    SmallRing small(3, 8);
    Record hostile = make_record("GPTBot");
    const unsigned char bogus = 0x5a;
    std::memcpy(&hostile.method.truncated, &bogus, 1);
    push(small.ring, hostile);
    const Record stored = snapshot_of(small.ring).records.at(0);
    unsigned char byte = 0;
    std::memcpy(&byte, &stored.method.truncated, 1);
    EXPECT_EQ(byte, 1);
}

TEST(DenialRing, StoresBogusLengthFieldsClampedInTheBlock) {
    SmallRing small(2, 8);
    Record hostile = make_record("GPTBot", Action::denied, 1, "/stored-marker");
    hostile.uri.length = 0xffff;
    small.ring.push(hostile, hash_agent_name("GPTBot"));
    const std::uint16_t* length = stored_length<kUriBytes>(small.block, "/stored-marker");
    ASSERT_NE(length, nullptr);
    EXPECT_EQ(*length, kUriBytes);  // other readers of the zone see a safe length too
}

TEST(DenialRing, ClampsLengthFieldsScribbledInTheBlockWhenCopyingOut) {
    SmallRing small(2, 8);
    const std::string marker = "/scribble-marker";
    push(small.ring, make_record("GPTBot", Action::denied, 1, marker));
    push(small.ring, make_record("MarkerBot"));

    // As if another process had scribbled over the zone: a record's URI length
    // and an agent table entry's name length.
    std::uint16_t* uri_length = stored_length<kUriBytes>(small.block, marker);
    std::uint16_t* agent_length = stored_length<kAgentBytes>(small.block, "MarkerBot");
    ASSERT_TRUE(uri_length && agent_length);
    *uri_length = 0xffff;
    *agent_length = 0xffff;

    const Snapshot snapshot = snapshot_of(small.ring);
    ASSERT_EQ(snapshot.records.size(), 2u);
    EXPECT_EQ(snapshot.records[1].uri.view().size(), kUriBytes);  // the older one
    EXPECT_EQ(snapshot.records[1].uri.view().substr(0, marker.size()), marker);
    ASSERT_EQ(snapshot.agents.size(), 2u);
    for (const AgentStats& stats : snapshot.agents) EXPECT_LE(stats.agent.view().size(), kAgentBytes);
}

TEST(DenialRing, InvalidRingIsHarmless) {
    DenialRing ring;
    EXPECT_FALSE(ring.valid());
    ring.push(make_record("GPTBot"), hash_agent_name("GPTBot"));
    ring.count_headers_added();
    EXPECT_EQ(ring.size(), 0u);
    Snapshot snapshot = snapshot_of(ring);
    EXPECT_TRUE(snapshot.records.empty());
    EXPECT_EQ(snapshot.totals.denied, 0u);
}

// --- attach: other workers, reloads -------------------------------------------

TEST(DenialRingAttach, FindsTheSameDataAtAnotherAddress) {
    SmallRing small(4, 8);
    for (int i = 0; i < 6; ++i) push(small.ring, make_record(i % 2 ? "GPTBot" : "CCBot", Action::denied, 1, "/" + std::to_string(i)));
    small.ring.count_headers_added();

    Block copy(small.block.size());  // as another process would map it
    std::memcpy(copy.data(), small.block.data(), small.block.size());
    DenialRing attached = DenialRing::attach(copy.data(), copy.size());
    ASSERT_TRUE(attached.valid());
    EXPECT_EQ(attached.capacity(), 4u);
    EXPECT_EQ(attached.agent_capacity(), 8u);
    EXPECT_EQ(attached.key(), kKey);

    const Snapshot original = snapshot_of(small.ring);
    const Snapshot seen = snapshot_of(attached);
    EXPECT_EQ(uris_of(seen), uris_of(original));
    EXPECT_EQ(seen.totals.denied, 6u);
    EXPECT_EQ(seen.totals.headers_added, 1u);
    EXPECT_EQ(agent_stats(seen, "GPTBot").denied, 3u);

    push(attached, make_record("GPTBot", Action::denied, 1, "/next"));  // carries on where it was
    const Snapshot after = snapshot_of(attached);
    EXPECT_EQ(after.records.front().sequence, 7u);
    EXPECT_EQ(agent_stats(after, "GPTBot").denied, 4u);
}

TEST(DenialRingAttach, KeepsThePseudonymKeyGivenToCreate) {
    SmallRing small(4, 8);
    EXPECT_EQ(small.ring.key(), kKey);
    EXPECT_EQ(DenialRing::attach(small.block.data(), small.block.size()).key(), kKey);
}

TEST(DenialRingAttach, RejectsWrongMagic) {
    SmallRing small(4, 8);
    static_cast<unsigned char*>(small.block.data())[0] ^= 0xff;
    EXPECT_FALSE(DenialRing::attach(small.block.data(), small.block.size()).valid());
}

TEST(DenialRingAttach, RejectsUninitialisedMemory) {
    Block block(DenialRing::bytes_for(4, 8));
    std::memset(block.data(), 0, block.size());
    EXPECT_FALSE(DenialRing::attach(block.data(), block.size()).valid());
}

TEST(DenialRingAttach, RejectsAnotherSize) {
    Block block(DenialRing::bytes_for(8, 8) + 2 * sizeof(Record));
    ASSERT_TRUE(DenialRing::create(block.data(), block.size(), 8, kKey).valid());
    EXPECT_TRUE(DenialRing::attach(block.data(), block.size()).valid());
    EXPECT_FALSE(DenialRing::attach(block.data(), block.size() - sizeof(Record)).valid());
    EXPECT_FALSE(DenialRing::attach(block.data(), block.size() + 8).valid());
    EXPECT_FALSE(DenialRing::attach(block.data(), 16).valid());
}

// --- purposes, decoys and the hourly counters ---------------------------------------

TEST(DenialRing, CountsDecoyedRequestsAndWhatIsTurnedAwayByPurpose) {
    SmallRing small(8, 8);
    constexpr std::uint64_t kTime = 1'795'606'611'123;  // 2026-11-25T11:36:51.123Z
    Record assistant = make_record("ChatGPT-User", Action::denied, kTime);
    assistant.purpose = Purpose::ai_input;
    push(small.ring, assistant);
    push(small.ring, make_record("GPTBot", Action::decoyed, kTime + 1));
    push(small.ring, make_record("GPTBot", Action::denied, kTime - kHourMs));
    push(small.ring, make_record("CCBot", Action::reported, kTime));   // served: not turned away
    const Snapshot snapshot = snapshot_of(small.ring);
    EXPECT_EQ(snapshot.totals.denied, 2u);
    EXPECT_EQ(snapshot.totals.decoyed, 1u);
    EXPECT_EQ(snapshot.totals.reported, 1u);
    EXPECT_EQ(snapshot.totals.turned_away_by_purpose[static_cast<std::size_t>(Purpose::training)], 2u);
    EXPECT_EQ(snapshot.totals.turned_away_by_purpose[static_cast<std::size_t>(Purpose::ai_input)], 1u);
    const AgentStats gptbot = agent_stats(snapshot, "GPTBot");
    EXPECT_EQ(gptbot.denied, 1u);
    EXPECT_EQ(gptbot.decoyed, 1u);
    EXPECT_EQ(agent_stats(snapshot, "ChatGPT-User").purpose, Purpose::ai_input);
    EXPECT_EQ(snapshot.records.at(0).action, Action::reported);
    EXPECT_EQ(snapshot.records.at(2).action, Action::decoyed);
    EXPECT_EQ(snapshot.records.at(3).purpose, Purpose::ai_input);

    const auto hours = snapshot.hourly.last_hours(kTime);
    EXPECT_EQ(hours[47].count[static_cast<std::size_t>(Purpose::training)], 1u);
    EXPECT_EQ(hours[47].count[static_cast<std::size_t>(Purpose::ai_input)], 1u);
    EXPECT_EQ(hours[46].count[static_cast<std::size_t>(Purpose::training)], 1u);
}

TEST(DenialRing, HourlyCountersSurviveAReattach) {
    SmallRing small(4, 4);
    push(small.ring, make_record("GPTBot", Action::denied, 5 * kHourMs + 7));
    const DenialRing again = DenialRing::attach(small.block.data(), small.block.size());
    ASSERT_TRUE(again.valid());
    const auto hours = snapshot_of(again).hourly.last_hours(5 * kHourMs);
    EXPECT_EQ(hours[47].hour, 5u);
    EXPECT_EQ(hours[47].count[0], 1u);
}

TEST(DenialRing, AScribbledPurposeIsReadAsTraining) {
    SmallRing small(4, 4);
    Record record = make_record("GPTBot");
    record.purpose = static_cast<Purpose>(200);
    push(small.ring, record);   // not a purpose: counted nowhere by purpose, stored as training
    const Snapshot snapshot = snapshot_of(small.ring);
    EXPECT_EQ(snapshot.records.at(0).purpose, Purpose::training);
    EXPECT_EQ(snapshot.totals.denied, 1u);
}

TEST(DenialRingCounters, CountImpostorsAndImpersonationsByTheNameClaimed) {
    SmallRing r(16, 8);
    Record impostor = make_record("Googlebot");
    impostor.reason.assign("impostor:ip");
    push(r.ring, impostor);
    push(r.ring, impostor);
    Record fake_browser = make_record("Chrome", Action::reported);
    fake_browser.reason.assign("impersonation:no-accept-language");
    push(r.ring, fake_browser);
    push(r.ring, make_record("GPTBot"));
    const Snapshot s = snapshot_of(r.ring);
    EXPECT_EQ(agent_stats(s, "Googlebot").impostors, 2u);
    EXPECT_EQ(agent_stats(s, "Googlebot").impersonations, 0u);
    EXPECT_EQ(agent_stats(s, "Googlebot").denied, 2u);
    EXPECT_EQ(agent_stats(s, "Chrome").impersonations, 1u);
    EXPECT_EQ(agent_stats(s, "Chrome").reported, 1u);
    EXPECT_EQ(agent_stats(s, "GPTBot").impostors, 0u);
    EXPECT_EQ(agent_stats(s, "GPTBot").impersonations, 0u);
}

TEST(DenialRingCounters, CountVerifiedCrawlersWithoutARecord) {
    SmallRing r(16, 8);
    r.ring.count_verified("Googlebot", hash_agent_name("Googlebot"), 5000);
    r.ring.count_verified("Googlebot", hash_agent_name("Googlebot"), 7000);
    Record impostor = make_record("Googlebot", Action::denied, 6000);
    impostor.reason.assign("impostor:ip");
    push(r.ring, impostor);
    const Snapshot s = snapshot_of(r.ring);
    const AgentStats googlebot = agent_stats(s, "Googlebot");
    EXPECT_EQ(googlebot.verified, 2u);
    EXPECT_EQ(googlebot.impostors, 1u);
    EXPECT_EQ(googlebot.first_seen_ms, 5000u);
    EXPECT_EQ(googlebot.last_seen_ms, 7000u);
    EXPECT_EQ(s.records.size(), 1u) << "verified requests are counted, not recorded";
    EXPECT_EQ(s.totals.denied, 1u);
}

}  // namespace
}  // namespace noai
