// A small JSON reader (RFC 8259) for the files the module loads at
// configuration time: ai.robots.txt's robots.json and crawler operators'
// address-range files. It builds a tree; every value remembers the line it
// starts on, so errors can name it. Not for the request path.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace noai::json {

struct Value {
    enum class Type { null, boolean, number, string, array, object };
    Type type = Type::null;
    bool boolean = false;
    std::string text;      // a string's decoded bytes, or a number as written
    std::vector<Value> items;                           // array
    std::vector<std::pair<std::string, Value>> fields;  // object, in file order, duplicates kept
    std::size_t line = 0;  // 1-based line where the value starts
    std::size_t key_line = 0;  // for an object field's value: the line of its key

    bool is_object() const noexcept { return type == Type::object; }
    bool is_array() const noexcept { return type == Type::array; }
    bool is_string() const noexcept { return type == Type::string; }
    // The first field called `key`, or nullptr (also when this is no object).
    const Value* find(std::string_view key) const noexcept;
};

struct ParseResult {
    Value root;
    std::string error;       // "" when the text parsed
    std::size_t error_line = 0;
    bool ok() const noexcept { return error.empty(); }
};

// Parses a whole document (a UTF-8 byte order mark is skipped). Nesting
// deeper than 64 levels is an error, so hostile files cannot exhaust the stack.
ParseResult parse(std::string_view text);

}  // namespace noai::json
