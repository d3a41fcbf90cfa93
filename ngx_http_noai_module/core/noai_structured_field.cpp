#include "noai_structured_field.hpp"

#include "noai_escape.hpp"
#include "noai_text.hpp"

namespace noai::sf {

namespace {

struct ParseError {
    std::string message;
};

constexpr bool is_lcalpha(char c) noexcept { return c >= 'a' && c <= 'z'; }

// RFC 9110 tchar.
bool is_tchar(char c) noexcept {
    if (is_ascii_alnum(c)) return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

class Parser {
public:
    explicit Parser(std::string_view input) : input_(input) {}

    std::size_t offset() const noexcept { return pos_; }

    std::vector<Member> dictionary() {
        std::vector<Member> members;
        skip_sp();
        while (!at_end()) {
            Member member;
            member.key = key();
            if (peek() == '=') {
                ++pos_;
                member_value(member);
            } else {
                member.item.value.type = BareItem::Type::boolean;
                member.item.value.boolean = true;
                member.item.parameters = parameters();
            }
            bool replaced = false;
            for (Member& existing : members) {
                if (existing.key != member.key) continue;
                existing = std::move(member);
                replaced = true;
                break;
            }
            if (!replaced) members.push_back(std::move(member));
            skip_ows();
            if (at_end()) break;
            if (peek() != ',') fail("expected ',' between members");
            ++pos_;
            skip_ows();
            if (at_end()) fail("trailing ','");
        }
        return members;
    }

private:
    [[noreturn]] void fail(const std::string& message) { throw ParseError{message}; }
    bool at_end() const noexcept { return pos_ >= input_.size(); }
    char peek() const noexcept { return at_end() ? '\0' : input_[pos_]; }
    void skip_sp() noexcept {
        while (peek() == ' ') ++pos_;
    }
    void skip_ows() noexcept {
        while (peek() == ' ' || peek() == '\t') ++pos_;
    }

    std::string key() {
        const char first = peek();
        if (!is_lcalpha(first) && first != '*')
            fail(at_end() ? "expected a key" : "a key must start with a lower-case letter or '*'");
        const std::size_t start = pos_;
        while (!at_end()) {
            const char c = peek();
            if (!is_lcalpha(c) && !is_ascii_digit(c) && c != '_' && c != '-' && c != '.' && c != '*') break;
            ++pos_;
        }
        return std::string(input_.substr(start, pos_ - start));
    }

    void member_value(Member& member) {
        if (peek() == '(') {
            member.is_inner_list = true;
            ++pos_;
            while (true) {
                skip_sp();
                if (peek() == ')') {
                    ++pos_;
                    member.parameters = parameters();
                    return;
                }
                member.inner.push_back(item());
                if (peek() != ' ' && peek() != ')') fail("expected ' ' or ')' in an inner list");
            }
        }
        member.item = item();
    }

    Item item() {
        Item result;
        result.value = bare_item();
        result.parameters = parameters();
        return result;
    }

    Parameters parameters() {
        Parameters params;
        while (peek() == ';') {
            ++pos_;
            skip_sp();
            std::string name = key();
            BareItem value;
            value.type = BareItem::Type::boolean;
            value.boolean = true;
            if (peek() == '=') {
                ++pos_;
                value = bare_item();
            }
            bool replaced = false;
            for (auto& existing : params) {
                if (existing.first != name) continue;
                existing.second = std::move(value);
                replaced = true;
                break;
            }
            if (!replaced) params.emplace_back(std::move(name), std::move(value));
        }
        return params;
    }

    BareItem bare_item() {
        const char c = peek();
        if (c == '-' || is_ascii_digit(c)) return number();
        if (c == '"') return string();
        if (is_ascii_alpha(c) || c == '*') return token();
        if (c == ':') return binary();
        if (c == '?') return boolean();
        if (c == '@') return date();
        if (c == '%') return display_string();
        fail(at_end() ? "expected a value" : "not the start of any item type");
    }

    BareItem number() {
        BareItem item;
        item.type = BareItem::Type::integer;
        bool negative = false;
        if (peek() == '-') {
            negative = true;
            ++pos_;
        }
        if (!is_ascii_digit(peek())) fail("expected a digit");
        std::int64_t integer_part = 0, fraction = 0;
        std::size_t digits = 0, fraction_digits = 0;
        bool decimal = false;
        while (!at_end()) {
            const char c = peek();
            if (is_ascii_digit(c)) {
                if (decimal) {
                    if (++fraction_digits > 3) fail("a decimal has at most 3 fractional digits");
                    fraction = fraction * 10 + (c - '0');
                } else {
                    if (++digits > 15) fail("an integer has at most 15 digits");
                    integer_part = integer_part * 10 + (c - '0');
                }
            } else if (c == '.' && !decimal) {
                if (digits > 12) fail("a decimal has at most 12 integer digits");
                decimal = true;
            } else {
                break;
            }
            ++pos_;
        }
        if (decimal) {
            if (fraction_digits == 0) fail("a decimal ends with a digit");
            for (std::size_t i = fraction_digits; i < 3; ++i) fraction *= 10;
            item.type = BareItem::Type::decimal;
            item.integer = integer_part * 1000 + fraction;
        } else {
            item.integer = integer_part;
        }
        if (negative) item.integer = -item.integer;
        return item;
    }

    BareItem string() {
        BareItem item;
        item.type = BareItem::Type::string;
        ++pos_;   // "
        while (true) {
            if (at_end()) fail("unterminated string");
            const char c = input_[pos_++];
            if (c == '"') return item;
            if (c == '\\') {
                const char next = peek();
                if (next != '"' && next != '\\') fail("only \\\" and \\\\ are escapes in a string");
                item.text += next;
                ++pos_;
            } else if (c < 0x20 || c > 0x7e) {
                fail("a string holds only visible ASCII and spaces");
            } else {
                item.text += c;
            }
        }
    }

    BareItem token() {
        BareItem item;
        item.type = BareItem::Type::token;
        const std::size_t start = pos_++;
        while (!at_end() && (is_tchar(peek()) || peek() == ':' || peek() == '/')) ++pos_;
        item.text = std::string(input_.substr(start, pos_ - start));
        return item;
    }

    BareItem binary() {
        BareItem item;
        item.type = BareItem::Type::binary;
        const std::size_t start = ++pos_;
        while (!at_end() && peek() != ':') {
            const char c = peek();
            if (!is_ascii_alnum(c) && c != '+' && c != '/' && c != '=') fail("not a base64 character");
            ++pos_;
        }
        if (at_end()) fail("unterminated byte sequence");
        item.text = std::string(input_.substr(start, pos_ - start));
        ++pos_;
        return item;
    }

    BareItem boolean() {
        BareItem item;
        item.type = BareItem::Type::boolean;
        ++pos_;
        if (peek() != '0' && peek() != '1') fail("a boolean is ?0 or ?1");
        item.boolean = input_[pos_++] == '1';
        return item;
    }

    BareItem date() {
        ++pos_;
        BareItem item = number();
        if (item.type != BareItem::Type::integer) fail("a date is an integer");
        item.type = BareItem::Type::date;
        return item;
    }

    BareItem display_string() {
        BareItem item;
        item.type = BareItem::Type::display_string;
        ++pos_;
        if (peek() != '"') fail("expected '\"' after '%'");
        ++pos_;
        while (true) {
            if (at_end()) fail("unterminated display string");
            const char c = input_[pos_++];
            if (c == '"') break;
            if (c < 0x20 || c > 0x7e) fail("a display string holds only visible ASCII and spaces");
            if (c != '%') {
                item.text += c;
                continue;
            }
            const auto lower_hex = [](char h) {
                return is_ascii_digit(h) ? h - '0' : (h >= 'a' && h <= 'f') ? h - 'a' + 10 : -1;
            };
            const int high = lower_hex(peek());
            const int low = pos_ + 1 < input_.size() ? lower_hex(input_[pos_ + 1]) : -1;
            if (high < 0 || low < 0) fail("'%' must be followed by two lower-case hex digits");
            item.text += static_cast<char>(high * 16 + low);
            pos_ += 2;
        }
        if (!is_valid_utf8(item.text)) fail("a display string must decode to UTF-8");
        return item;
    }

    std::string_view input_;
    std::size_t pos_ = 0;
};

}  // namespace

DictionaryResult parse_dictionary(std::string_view input) {
    DictionaryResult result;
    Parser parser(input);
    try {
        result.members = parser.dictionary();
    } catch (const ParseError& e) {
        result.members.clear();
        result.error = e.message;
        result.error_offset = parser.offset();
    }
    return result;
}

}  // namespace noai::sf
