// Requests turned away per hour and purpose over the last two days: the data
// of the status page's chart. The table is trivially copyable and has no
// pointers, so it lives in the shared zone beside the ring; writers hold the
// zone lock.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "noai_purpose.hpp"

namespace noai {

inline constexpr std::size_t kChartHours = 48;
inline constexpr std::uint64_t kHourMs = 3'600'000;

struct HourCounts {
    std::uint64_t hour;                     // Unix time / 1 h; 0 = never used
    std::uint64_t count[kPurposeCount];     // indexed by Purpose
};

struct HourlyTable {
    HourCounts slots[kChartHours];          // slot = hour % kChartHours

    // Counts one request at time_ms. A slot still holding an older hour is
    // cleared first; a time older than the slot's hour (a worker's clock
    // behind another's by two days) is dropped.
    void add(std::uint64_t time_ms, Purpose purpose) noexcept;

    // The kChartHours hours ending with now_ms's hour, oldest first; hours
    // with nothing counted (or counted more than two days ago) are zero.
    std::array<HourCounts, kChartHours> last_hours(std::uint64_t now_ms) const noexcept;
};

static_assert(std::is_trivially_copyable_v<HourlyTable>);

}  // namespace noai
