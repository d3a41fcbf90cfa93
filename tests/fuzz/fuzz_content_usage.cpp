// libFuzzer target: noai::sf::parse_dictionary (RFC 9651 dictionaries) and
// noai::check_content_usage, which reads noai_content_usage values with it.
// Checks:
//  - parse: an error leaves no member, has a message and an offset inside
//    the input; a success gives distinct keys that follow the key grammar,
//    tokens that start with a letter or '*', strings of visible ASCII and
//    spaces, display strings of valid UTF-8;
//  - check_content_usage: no error exactly when the value parses, has a
//    member, and each train-ai/search member is the token y or n; a warning
//    for each other key.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "noai_escape.hpp"
#include "noai_header_value.hpp"
#include "noai_structured_field.hpp"
#include "fuzz_support.hpp"

namespace {

using noai::sf::BareItem;
std::string_view g_input;

[[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "fuzz_content_usage: %s\n  input (hex): %s\n", what, noai_fuzz::hex(g_input).c_str());
    std::abort();
}

bool is_key(const std::string& key) {
    if (key.empty() || !((key[0] >= 'a' && key[0] <= 'z') || key[0] == '*')) return false;
    for (char c : key)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' || c == '*'))
            return false;
    return true;
}

void check_item(const BareItem& item) {
    switch (item.type) {
    case BareItem::Type::token:
        if (item.text.empty() ||
            !((item.text[0] >= 'a' && item.text[0] <= 'z') || (item.text[0] >= 'A' && item.text[0] <= 'Z') ||
              item.text[0] == '*'))
            fail("token with a bad first character");
        break;
    case BareItem::Type::string:
        for (char c : item.text)
            if (c < 0x20 || c > 0x7e) fail("string with a byte outside visible ASCII and space");
        break;
    case BareItem::Type::display_string:
        if (!noai::is_valid_utf8(item.text)) fail("display string that is not UTF-8");
        break;
    default:
        break;
    }
}

void check_parameters(const noai::sf::Parameters& parameters) {
    for (std::size_t i = 0; i < parameters.size(); ++i) {
        if (!is_key(parameters[i].first)) fail("parameter key outside the grammar");
        for (std::size_t j = 0; j < i; ++j)
            if (parameters[j].first == parameters[i].first) fail("duplicate parameter key");
        check_item(parameters[i].second);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    g_input = std::string_view(reinterpret_cast<const char*>(data), size);
    const noai::sf::DictionaryResult parsed = noai::sf::parse_dictionary(g_input);
    if (!parsed.ok()) {
        if (!parsed.members.empty()) fail("members returned with an error");
        if (parsed.error_offset > size) fail("error offset past the input");
    }
    bool usable = parsed.ok() && !parsed.members.empty();
    std::size_t unknown = 0;
    for (std::size_t i = 0; i < parsed.members.size(); ++i) {
        const noai::sf::Member& m = parsed.members[i];
        if (!is_key(m.key)) fail("member key outside the grammar");
        for (std::size_t j = 0; j < i; ++j)
            if (parsed.members[j].key == m.key) fail("duplicate member key");
        check_parameters(m.parameters);
        check_parameters(m.item.parameters);
        check_item(m.item.value);
        for (const noai::sf::Item& inner : m.inner) {
            check_item(inner.value);
            check_parameters(inner.parameters);
        }
        if (m.key == "train-ai" || m.key == "search") {
            const bool yn = !m.is_inner_list && m.item.value.type == BareItem::Type::token &&
                            (m.item.value.text == "y" || m.item.value.text == "n");
            usable = usable && yn;
        } else {
            ++unknown;
        }
    }

    const noai::ContentUsageCheck check = noai::check_content_usage(g_input);
    if (check.error.empty() != usable) fail("check_content_usage disagrees with the parse");
    if (usable && check.warnings.size() != unknown) fail("not one warning per unknown key");
    return 0;
}
