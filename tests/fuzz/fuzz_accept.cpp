// libFuzzer target: noai::choose_status_format(format_arg, accept).
//
// The input is split in two with FuzzedDataProvider: the ?format= value first
// (ended by a backslash and any other byte; "\\\\" is a literal backslash),
// the Accept header is the rest. Checks:
//  - no crash;
//  - a known format value (html, json, prometheus, any case) always wins,
//    whatever the Accept header; an unknown non-empty one gives nullopt;
//    an empty one always gives a format, html when Accept is empty;
//  - the Accept result does not depend on the order of its media ranges,
//    and appending ",*/*;q=0" (refuse nothing new) changes nothing.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "noai_status_render.hpp"
#include "noai_text.hpp"
#include "fuzz_support.hpp"

namespace {

using noai::StatusFormat;

using noai_fuzz::hex;

[[noreturn]] void fail(const char* what, std::string_view format_arg, std::string_view accept) {
    std::fprintf(stderr, "fuzz_accept: %s\n  format (hex): %s\n  accept (hex): %s\n", what,
                 hex(format_arg).c_str(), hex(accept).c_str());
    std::abort();
}

std::string reversed_ranges(std::string_view accept) {
    std::vector<std::string_view> items;
    for (;;) {
        const std::size_t comma = accept.find(',');
        items.push_back(accept.substr(0, comma));
        if (comma == std::string_view::npos) break;
        accept.remove_prefix(comma + 1);
    }
    std::string out;
    for (auto it = items.rbegin(); it != items.rend(); ++it) {
        if (it != items.rbegin()) out += ',';
        out += *it;
    }
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider in(data, size);
    const std::string format_arg = in.ConsumeRandomLengthString(64);
    const std::string accept = in.ConsumeRemainingBytesAsString();

    const std::optional<StatusFormat> got = noai::choose_status_format(format_arg, accept);
    const std::optional<StatusFormat> from_accept = noai::choose_status_format("", accept);
    if (!from_accept) fail("no format for an empty ?format=", "", accept);
    if (accept.empty() && *from_accept != StatusFormat::html) fail("empty Accept is not html", "", accept);

    if (format_arg.empty()) {
        if (got != from_accept) fail("same call, different answers", format_arg, accept);
    } else if (noai::equals_ignore_case(format_arg, "html")) {
        if (got != StatusFormat::html) fail("?format=html lost", format_arg, accept);
    } else if (noai::equals_ignore_case(format_arg, "json")) {
        if (got != StatusFormat::json) fail("?format=json lost", format_arg, accept);
    } else if (noai::equals_ignore_case(format_arg, "prometheus")) {
        if (got != StatusFormat::prometheus) fail("?format=prometheus lost", format_arg, accept);
    } else if (got) {
        fail("unknown ?format= accepted", format_arg, accept);
    }

    static const std::pair<const char*, StatusFormat> kKnown[] = {
        {"json", StatusFormat::json},       {"JSON", StatusFormat::json},
        {"html", StatusFormat::html},       {"Html", StatusFormat::html},
        {"prometheus", StatusFormat::prometheus}, {"PROMETHEUS", StatusFormat::prometheus}};
    for (const auto& [name, format] : kKnown)
        if (noai::choose_status_format(name, accept) != format) fail("a known ?format= lost", name, accept);

    const std::string reversed = reversed_ranges(accept);
    if (noai::choose_status_format("", reversed) != from_accept)
        fail("the answer depends on the order of the media ranges", "", accept);
    if (noai::choose_status_format("", accept + ",*/*;q=0") != from_accept)
        fail("appending */*;q=0 changed the answer", "", accept);
    return 0;
}
