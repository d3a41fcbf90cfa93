// A parser for RFC 9651 Structured Field dictionaries (the syntax of
// Content-Usage, draft-ietf-aipref-attach), following the parsing algorithm
// of RFC 9651 section 4.2: every bare item type, parameters, inner lists,
// duplicate keys (the last value wins, at the first key's place).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace noai::sf {

struct BareItem {
    enum class Type { integer, decimal, string, token, binary, boolean, date, display_string };
    Type type = Type::boolean;
    std::int64_t integer = 0;   // integer and date; decimal: value times 1000
    bool boolean = false;
    std::string text;           // string (unescaped), token, binary (base64 as sent), display string (UTF-8)
};

using Parameters = std::vector<std::pair<std::string, BareItem>>;

struct Item {
    BareItem value;
    Parameters parameters;
};

struct Member {
    std::string key;
    bool is_inner_list = false;
    Item item;                  // when !is_inner_list
    std::vector<Item> inner;    // when is_inner_list
    Parameters parameters;      // of the inner list
};

struct DictionaryResult {
    std::vector<Member> members;   // in order
    std::string error;             // "" when the whole input parsed
    std::size_t error_offset = 0;  // byte where parsing failed
    bool ok() const noexcept { return error.empty(); }
};

// Parses a whole field value as a dictionary. An empty value is an empty
// dictionary.
DictionaryResult parse_dictionary(std::string_view input);

}  // namespace noai::sf
