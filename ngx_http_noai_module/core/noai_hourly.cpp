#include "noai_hourly.hpp"

namespace noai {

void HourlyTable::add(std::uint64_t time_ms, Purpose purpose) noexcept {
    const std::uint64_t hour = time_ms / kHourMs;
    const auto index = static_cast<std::size_t>(purpose);
    if (hour == 0 || index >= kPurposeCount) return;
    HourCounts& slot = slots[hour % kChartHours];
    if (slot.hour > hour) return;
    if (slot.hour < hour) slot = HourCounts{hour, {}};
    ++slot.count[index];
}

std::array<HourCounts, kChartHours> HourlyTable::last_hours(std::uint64_t now_ms) const noexcept {
    std::array<HourCounts, kChartHours> out{};
    const std::uint64_t now_hour = now_ms / kHourMs;
    for (std::size_t i = 0; i < kChartHours; ++i) {
        if (now_hour + 1 < kChartHours - i) continue;  // before the epoch's first hours
        const std::uint64_t hour = now_hour + 1 + i - kChartHours;
        const HourCounts& slot = slots[hour % kChartHours];
        out[i] = slot.hour == hour ? slot : HourCounts{hour, {}};
    }
    return out;
}

}  // namespace noai
