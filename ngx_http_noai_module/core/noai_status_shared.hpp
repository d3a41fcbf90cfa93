// Helpers shared by the status renderers (HTML, JSON, Prometheus); not part
// of the core's public interface.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "noai_records.hpp"
#include "noai_status_render.hpp"

namespace noai::status_detail {

// Agents by activity: denied+reported+decoyed desc, then last seen desc, then name;
// "(other)" last.
std::vector<const AgentStats*> agents_by_activity(const Snapshot& snapshot);

// Newest first, the view's agent filter and limit applied. The glue's snapshot
// holds only these already (DenialRing::copy_to took the same selection);
// selecting again keeps the renderers right for any snapshot.
std::vector<const Record*> records_to_show(const Snapshot& snapshot, const StatusView& view);

// A record's text fields with their names, in display order.
struct Field {
    std::string_view name;
    std::string_view text;
    bool truncated;
};
std::array<Field, 7> text_fields(const Record& r);

inline void append_number(std::string& out, std::uint64_t value) { out += std::to_string(value); }

// The chart's 48 hours, ending with the view's now (or, without one, the
// latest hour the table holds).
std::array<HourCounts, kChartHours> chart_hours(const Snapshot& snapshot, const StatusView& view);

// The purposes in the order every rendering lists them.
inline constexpr Purpose kPurposes[] = {Purpose::training, Purpose::ai_input, Purpose::search};

}  // namespace noai::status_detail
