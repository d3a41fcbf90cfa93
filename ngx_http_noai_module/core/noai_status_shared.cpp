// Helpers shared by the status renderers.
#include "noai_status_shared.hpp"

#include <algorithm>

#include "noai_ring.hpp"
#include "noai_text.hpp"

namespace noai::status_detail {

std::vector<const AgentStats*> agents_by_activity(const Snapshot& snapshot) {
    std::vector<const AgentStats*> agents;
    agents.reserve(snapshot.agents.size());
    for (const AgentStats& a : snapshot.agents) agents.push_back(&a);
    std::sort(agents.begin(), agents.end(), [](const AgentStats* a, const AgentStats* b) {
        const bool a_other = a->agent.view() == kOtherAgent;
        const bool b_other = b->agent.view() == kOtherAgent;
        if (a_other != b_other) return b_other;
        const std::uint64_t a_count = a->denied + a->reported + a->decoyed;
        const std::uint64_t b_count = b->denied + b->reported + b->decoyed;
        if (a_count != b_count) return a_count > b_count;
        if (a->last_seen_ms != b->last_seen_ms) return a->last_seen_ms > b->last_seen_ms;
        return a->agent.view() < b->agent.view();
    });
    return agents;
}

std::vector<const Record*> records_to_show(const Snapshot& snapshot, const StatusView& view) {
    const RecordSelection selection = view.selection();
    std::vector<const Record*> shown;
    for (const Record& record : snapshot.records) {
        if (shown.size() >= selection.limit) break;
        if (selection.selects(record.agent.view())) shown.push_back(&record);
    }
    return shown;
}

namespace {

template <std::size_t N>
Field field(std::string_view name, const BoundedText<N>& text) {
    return {name, text.view(), text.truncated};
}

}  // namespace

std::array<Field, 7> text_fields(const Record& r) {
    return {field("agent", r.agent),   field("reason", r.reason), field("client", r.client),
            field("method", r.method), field("host", r.host),     field("uri", r.uri),
            field("user_agent", r.user_agent)};
}

std::array<HourCounts, kChartHours> chart_hours(const Snapshot& snapshot, const StatusView& view) {
    std::uint64_t now_ms = view.now_ms;
    if (now_ms == 0)
        for (const HourCounts& slot : snapshot.hourly.slots) now_ms = std::max(now_ms, slot.hour * kHourMs);
    return snapshot.hourly.last_hours(now_ms);
}

}  // namespace noai::status_detail
