// The hourly counters of the last 48 hours and the status page's SVG chart.
#include "noai_hourly.hpp"
#include "noai_status_chart.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <vector>

namespace noai {
namespace {

constexpr std::uint64_t kNow = 1'795'606'611'123;  // 2026-11-25T11:36:51.123Z
constexpr std::uint64_t kNowHour = kNow / kHourMs;

std::size_t count_of(const std::string& text, const std::string& needle) {
    std::size_t n = 0;
    for (std::size_t pos = 0; (pos = text.find(needle, pos)) != std::string::npos; pos += needle.size()) ++n;
    return n;
}

TEST(HourlyTable, CountsPerHourAndPurposeOverTheLastTwoDays) {
    HourlyTable table{};
    table.add(kNow, Purpose::training);
    table.add(kNow - 1000, Purpose::training);
    table.add(kNow, Purpose::ai_input);
    table.add(kNow - 5 * kHourMs, Purpose::search);
    table.add(kNow - 47 * kHourMs, Purpose::training);   // the oldest hour shown
    table.add(kNow - 48 * kHourMs, Purpose::training);   // two days ago: not shown
    const auto hours = table.last_hours(kNow);
    EXPECT_EQ(hours.front().hour, kNowHour - 47);
    EXPECT_EQ(hours.back().hour, kNowHour);
    for (std::size_t i = 1; i < hours.size(); ++i) EXPECT_EQ(hours[i].hour, hours[i - 1].hour + 1);
    EXPECT_EQ(hours[47].count[0], 2u);
    EXPECT_EQ(hours[47].count[1], 1u);
    EXPECT_EQ(hours[42].count[2], 1u);
    EXPECT_EQ(hours[0].count[0], 1u);
    std::uint64_t total = 0;
    for (const HourCounts& h : hours)
        for (std::uint64_t c : h.count) total += c;
    EXPECT_EQ(total, 5u);
}

TEST(HourlyTable, AReusedSlotStartsAtZeroAndOldTimesAreDropped) {
    HourlyTable table{};
    table.add(kNow - 48 * kHourMs, Purpose::training);  // same slot as now's hour
    table.add(kNow, Purpose::ai_input);
    table.add(kNow - 48 * kHourMs, Purpose::training);  // older than the slot now holds: dropped
    const auto hours = table.last_hours(kNow);
    EXPECT_EQ(hours[47].count[0], 0u);
    EXPECT_EQ(hours[47].count[1], 1u);
    // Two days later nothing of it is shown.
    const auto later = table.last_hours(kNow + 48 * kHourMs);
    for (const HourCounts& h : later)
        for (std::uint64_t c : h.count) EXPECT_EQ(c, 0u);
}

TEST(HourlyTable, ScribbledSlotsAreNotShownForOtherHours) {
    HourlyTable table{};
    for (HourCounts& slot : table.slots) slot = HourCounts{kNowHour + 1000, {7, 7, 7}};
    for (const HourCounts& h : table.last_hours(kNow))
        for (std::uint64_t c : h.count) EXPECT_EQ(c, 0u);
    table.add(kNow, static_cast<Purpose>(9));  // not a purpose: ignored, no write out of bounds
}

std::array<HourCounts, kChartHours> sample_hours() {
    HourlyTable table{};
    for (int i = 0; i < 7; ++i) table.add(kNow - 2 * kHourMs, Purpose::training);
    for (int i = 0; i < 3; ++i) table.add(kNow - 2 * kHourMs, Purpose::ai_input);
    table.add(kNow - 30 * kHourMs, Purpose::training);
    table.add(kNow, Purpose::search);
    return table.last_hours(kNow);
}

TEST(HourlyChart, DrawsOneStackedBarPerHourWithRequests) {
    const std::string svg = render_hourly_chart(sample_hours());
    EXPECT_EQ(count_of(svg, "<rect "), 4u);                 // 7+3 stacked, 1, 1
    EXPECT_EQ(count_of(svg, "<rect class=\"p-training\""), 2u);
    EXPECT_EQ(count_of(svg, "<rect class=\"p-ai-input\""), 1u);
    EXPECT_EQ(count_of(svg, "<rect class=\"p-search\""), 1u);
    // The busiest hour (10) sets a scale of 10: its bar fills the plot, 168 units.
    EXPECT_NE(svg.find("<title>2026-11-25 09:00 UTC: 7 training, 3 ai-input</title>"), std::string::npos) << svg;
    EXPECT_NE(svg.find("y=\"12\" width=\"11.9\" height=\"50.4\""), std::string::npos) << svg;   // 3 of 10 on top
    EXPECT_NE(svg.find("y=\"62.4\" width=\"11.9\" height=\"117.6\""), std::string::npos) << svg;  // 7 of 10 below
    EXPECT_NE(svg.find(">10</text>"), std::string::npos);
    EXPECT_NE(svg.find(">5</text>"), std::string::npos);
    EXPECT_NE(svg.find(">now</text>"), std::string::npos);
    EXPECT_NE(svg.find(">25 Nov</text>"), std::string::npos);  // midnight is labelled by its date
    EXPECT_NE(svg.find(">06:00</text>"), std::string::npos);
    EXPECT_NE(svg.find("12 requests turned away in 48 hours: 8 training, 3 ai-input, 1 search; the busiest hour had 10."),
              std::string::npos);
    EXPECT_NE(svg.find("p-training\"></span>training <b>8</b>"), std::string::npos);
}

TEST(HourlyChart, ANearlyEmptyHourStaysVisibleAndTheScaleIsNice) {
    HourlyTable table{};
    for (int i = 0; i < 1234; ++i) table.add(kNow, Purpose::training);
    table.add(kNow - kHourMs, Purpose::training);
    const std::string svg = render_hourly_chart(table.last_hours(kNow));
    EXPECT_NE(svg.find(">2000</text>"), std::string::npos);
    EXPECT_NE(svg.find(">1000</text>"), std::string::npos);
    EXPECT_NE(svg.find("height=\"0.5\""), std::string::npos);  // 1 of 2000
}

TEST(HourlyChart, SaysSoWhenNothingWasTurnedAway) {
    const std::string svg = render_hourly_chart(HourlyTable{}.last_hours(kNow));
    EXPECT_EQ(count_of(svg, "<rect "), 0u);
    EXPECT_NE(svg.find("Nothing turned away in the last 48 hours"), std::string::npos);
    EXPECT_NE(svg.find(">1</text>"), std::string::npos);
}

TEST(HourlyChart, HasNoScriptNoStyleAttributesAndBalancedElements) {
    const std::string svg = render_hourly_chart(sample_hours());
    for (const char* forbidden : {"<script", " style=", " on", "href", "javascript:", "url("})
        EXPECT_EQ(svg.find(forbidden), std::string::npos) << forbidden;
    // Every element opened is closed, in order.
    std::vector<std::string> open;
    const std::regex tag(R"(<(/?)([a-z]+)[^>]*?(/?)>)");
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), tag); it != std::sregex_iterator(); ++it) {
        const std::string name = (*it)[2];
        if ((*it)[3] == "/") continue;  // self-closing
        if ((*it)[1] == "/") {
            ASSERT_FALSE(open.empty()) << name;
            ASSERT_EQ(open.back(), name);
            open.pop_back();
        } else {
            open.push_back(name);
        }
    }
    EXPECT_TRUE(open.empty());
}

}  // namespace
}  // namespace noai
