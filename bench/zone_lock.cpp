// Times what a status request does with a zone: DenialRing::copy_to, the only
// work under the zone lock, and then the rendering, for each format's record
// selection. The ring is plain C++ over a memory block, so a block laid out
// like a noai_zone's (same records and agent counters) gives the time nginx
// holds the lock, without nginx. bench/run compiles it against the core and
// passes the layouts its real 1m and 64m zones report. For each layout: the
// ring with one record per agent (12), then full; one JSON object per line.
//
//   zone_lock CAPACITY:AGENT_CAPACITY...

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "noai_records.hpp"
#include "noai_ring.hpp"
#include "noai_status_render.hpp"

namespace {

const char* const kAgents[] = {"GPTBot", "ClaudeBot", "CCBot", "Bytespider", "Amazonbot",
                               "PerplexityBot", "img2dataset", "meta-externalagent",
                               "Google-CloudVertexBot", "Diffbot", "Omgilibot", "cohere-ai"};

noai::Record make_record(std::size_t i) {
    noai::Record r{};
    r.time_ms = 1764547200000ull + i * 1000;
    r.status = 403;
    r.action = noai::Action::denied;
    const std::string agent = kAgents[i % (sizeof kAgents / sizeof kAgents[0])];
    r.agent.assign(agent);
    r.reason.assign("token:" + agent);
    r.client.assign("5f0c2a9e81d4b367");
    r.method.assign("GET");
    r.host.assign("portfolio.example");
    r.uri.assign("/gallery/2025/piece-" + std::to_string(i) + ".jpg");
    r.user_agent.assign("Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; " + agent +
                        "/1.2; +https://example.com/bot)");
    return r;
}

// Reads 256 MiB of other memory, so that the next copy finds little of the ring
// in the caches, as a scrape every 15 s would ("cold"; a last-level cache
// larger than that, as some VMs report, keeps part of it).
void evict_caches(std::vector<char>& scratch) {
    volatile char sink = 0;
    for (std::size_t i = 0; i < scratch.size(); i += 64) {
        scratch[i] = static_cast<char>(scratch[i] + 1);
        sink = scratch[i];
    }
    (void)sink;
}

struct Case {
    const char* name;
    noai::StatusFormat format;
    noai::RecordSelection selection;
};

std::string render(noai::StatusFormat format, const noai::Snapshot& snapshot, const noai::RecordSelection& selection) {
    noai::StatusView view;
    view.agent_filter = selection.agent;
    view.limit = selection.limit;
    view.now_ms = 1764547200000ull;
    switch (format) {
    case noai::StatusFormat::html:
        return noai::render_status_html(snapshot, view);
    case noai::StatusFormat::json:
        return noai::render_status_json(snapshot, view);
    case noai::StatusFormat::prometheus:
        break;
    }
    return noai::render_status_prometheus(snapshot);
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

void run(std::size_t capacity, std::size_t agent_capacity, bool fill, std::vector<char>& scratch) {
    const std::size_t bytes = noai::DenialRing::bytes_for(capacity, agent_capacity);
    std::vector<std::uint64_t> block(bytes / 8 + 1);
    noai::DenialRing ring = noai::DenialRing::create(block.data(), bytes, agent_capacity, noai::PseudonymKey{});
    if (!ring.valid()) {
        std::fprintf(stderr, "zone_lock: no ring for %zu:%zu\n", capacity, agent_capacity);
        std::exit(1);
    }
    const std::size_t agents = sizeof kAgents / sizeof kAgents[0];
    const std::size_t pushes = fill ? capacity + capacity / 10 : agents;  // full and wrapped, or one each
    for (std::size_t i = 0; i < pushes; ++i) {
        const noai::Record r = make_record(i);
        ring.push(r, noai::hash_agent_name(r.agent.view()));
    }

    using F = noai::StatusFormat;
    const Case cases[] = {
        {"prometheus", F::prometheus, {{}, 0}},
        {"json", F::json, {{}, noai::kDefaultStatusLimit}},
        {"html", F::html, {{}, noai::kDefaultStatusLimit}},
        {"json ?limit=1000", F::json, {{}, noai::kMaxStatusLimit}},
        {"html ?limit=1000", F::html, {{}, noai::kMaxStatusLimit}},
        {"json ?agent=gptbot", F::json, {"gptbot", noai::kDefaultStatusLimit}},
        {"json ?agent=NoSuchBot&limit=1000 (whole ring scanned)", F::json, {"NoSuchBot", noai::kMaxStatusLimit}},
        {"whole ring (what every format copied before)", F::prometheus, {{}, capacity}},
    };
    for (const Case& c : cases) {
        if (!fill && c.selection.limit == capacity) continue;
        const int rounds = c.selection.limit >= capacity && fill ? 5 : 21;
        std::vector<double> cold_us, warm_us, render_us;
        std::size_t copied = 0, body = 0;
        for (int round = 0; round < rounds; ++round) {
            noai::Snapshot out;
            ring.reserve_snapshot(out, c.selection);  // outside the lock, as the glue does
            evict_caches(scratch);
            for (int pass = 0; pass < 2; ++pass) {
                const auto start = std::chrono::steady_clock::now();
                ring.copy_to(out, c.selection);
                const auto end = std::chrono::steady_clock::now();
                (pass == 0 ? cold_us : warm_us)
                    .push_back(std::chrono::duration<double, std::micro>(end - start).count());
                if (pass == 0) {
                    copied = out.records.size();
                    const auto render_start = std::chrono::steady_clock::now();
                    body = render(c.format, out, c.selection).size();
                    render_us.push_back(std::chrono::duration<double, std::micro>(
                                            std::chrono::steady_clock::now() - render_start).count());
                }
                ring.reserve_snapshot(out, c.selection);
            }
        }
        std::vector<double> sorted = cold_us;
        std::sort(sorted.begin(), sorted.end());
        std::printf("{\"capacity\":%zu,\"agent_capacity\":%zu,\"held\":%zu,\"case\":\"%s\","
                    "\"copied\":%zu,\"lock_cold_median_us\":%.1f,\"lock_cold_p95_us\":%.1f,"
                    "\"lock_warm_median_us\":%.1f,\"render_median_us\":%.1f,\"body_bytes\":%zu}\n",
                    capacity, agent_capacity, ring.size(), c.name, copied, median(cold_us),
                    sorted[sorted.size() * 95 / 100], median(warm_us), median(render_us), body);
        std::fflush(stdout);
    }
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<char> scratch(std::size_t{256} << 20);
    for (int i = 1; i < argc; ++i) {
        std::size_t capacity = 0, agents = 0;
        if (std::sscanf(argv[i], "%zu:%zu", &capacity, &agents) != 2 || capacity == 0) {
            std::fprintf(stderr, "usage: zone_lock CAPACITY:AGENT_CAPACITY...\n");
            return 2;
        }
        run(capacity, agents, false, scratch);
        run(capacity, agents, true, scratch);
    }
    return 0;
}
