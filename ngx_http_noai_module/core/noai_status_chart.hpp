// The status page's chart: requests turned away per hour over the last 48
// hours, stacked by purpose, as inline SVG inside a <figure> with an HTML
// legend. No script and no style attributes: colours come from the page's
// one <style> block through the classes `p-training`, `p-ai-input` and `p-search`,
// so the page's Content-Security-Policy allows it as it is.
#pragma once

#include <array>
#include <string>

#include "noai_hourly.hpp"

namespace noai {

// `hours`: HourlyTable::last_hours(now), oldest first. Each bar carries a
// <title> (the hour in UTC and its counts) that browsers show on hover; the
// <svg> has a text description for screen readers.
std::string render_hourly_chart(const std::array<HourCounts, kChartHours>& hours);

}  // namespace noai
