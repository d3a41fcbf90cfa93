#include "noai_json.hpp"

#include "noai_text.hpp"

namespace noai::json {

namespace {

constexpr int kMaxDepth = 64;

class Parser {
public:
    explicit Parser(std::string_view in) : in_(in) {}

    ParseResult run() {
        ParseResult result;
        skip_space();
        if (!read_value(result.root, 0)) {
            result.error = error_.empty() ? "invalid JSON" : error_;
            result.error_line = line_;
            return result;
        }
        skip_space();
        if (pos_ != in_.size()) {
            result.error = "unexpected text after the JSON value";
            result.error_line = line_;
        }
        return result;
    }

private:
    char peek() const { return pos_ < in_.size() ? in_[pos_] : '\0'; }
    bool consume(char c) {
        if (pos_ >= in_.size() || in_[pos_] != c) return false;
        ++pos_;
        return true;
    }
    void skip_space() {
        for (; pos_ < in_.size(); ++pos_) {
            const char c = in_[pos_];
            if (c == '\n') ++line_;
            else if (c != ' ' && c != '\t' && c != '\r') return;
        }
    }
    bool fail(std::string message) {
        error_ = std::move(message);
        return false;
    }

    bool read_value(Value& out, int depth) {
        if (depth >= kMaxDepth) return fail("values nested too deeply");
        out.line = line_;
        switch (peek()) {
        case '{': return read_object(out, depth);
        case '[': return read_array(out, depth);
        case '"': out.type = Value::Type::string; return read_string(out.text);
        case 't': out.type = Value::Type::boolean; out.boolean = true; return read_literal("true");
        case 'f': out.type = Value::Type::boolean; return read_literal("false");
        case 'n': return read_literal("null");
        default: out.type = Value::Type::number; return read_number(out.text);
        }
    }

    bool read_object(Value& out, int depth) {
        out.type = Value::Type::object;
        ++pos_;
        skip_space();
        if (consume('}')) return true;
        for (;;) {
            skip_space();
            if (peek() != '"') return fail("expected '\"' to start a field name");
            const std::size_t key_line = line_;
            std::string key;
            if (!read_string(key)) return false;
            skip_space();
            if (!consume(':')) return fail("expected ':' after a field name");
            skip_space();
            Value value;
            if (!read_value(value, depth + 1)) return false;
            value.key_line = key_line;
            out.fields.emplace_back(std::move(key), std::move(value));
            skip_space();
            if (consume(',')) continue;
            if (consume('}')) return true;
            return fail("expected ',' or '}'");
        }
    }

    bool read_array(Value& out, int depth) {
        out.type = Value::Type::array;
        ++pos_;
        skip_space();
        if (consume(']')) return true;
        for (;;) {
            skip_space();
            Value item;
            if (!read_value(item, depth + 1)) return false;
            out.items.push_back(std::move(item));
            skip_space();
            if (consume(',')) continue;
            if (consume(']')) return true;
            return fail("expected ',' or ']'");
        }
    }

    bool read_literal(std::string_view word) {
        if (in_.substr(pos_, word.size()) != word) return fail("unexpected character");
        pos_ += word.size();
        return true;
    }

    // RFC 8259 number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
    bool read_number(std::string& out) {
        const std::size_t begin = pos_;
        if (pos_ >= in_.size()) return fail("unexpected end of file");
        consume('-');
        if (consume('0')) {
        } else if (!digits()) {
            return fail("unexpected character");
        }
        if (consume('.') && !digits()) return fail("invalid number");
        if (peek() == 'e' || peek() == 'E') {
            ++pos_;
            if (!consume('+')) consume('-');
            if (!digits()) return fail("invalid number");
        }
        out.assign(in_.substr(begin, pos_ - begin));
        return true;
    }
    bool digits() {
        const std::size_t begin = pos_;
        while (pos_ < in_.size() && is_ascii_digit(in_[pos_])) ++pos_;
        return pos_ != begin;
    }

    bool read_hex4(char32_t& out) {
        if (in_.size() - pos_ < 4) return fail("unterminated \\u escape");
        out = 0;
        for (int i = 0; i < 4; ++i) {
            const int v = hex_digit_value(in_[pos_++]);
            if (v < 0) return fail("invalid \\u escape");
            out = out * 16 + static_cast<char32_t>(v);
        }
        return true;
    }

    // Reads the string at pos_ (which holds '"') and decodes it into out.
    bool read_string(std::string& out) {
        ++pos_;
        for (;;) {
            if (pos_ >= in_.size()) return fail("unterminated string");
            const char c = in_[pos_++];
            if (c == '"') return true;
            if (static_cast<unsigned char>(c) < 0x20) return fail("control character in string");
            if (c != '\\') {
                out += c;
                continue;
            }
            if (pos_ >= in_.size()) return fail("unterminated string");
            switch (const char e = in_[pos_++]) {
            case '"': case '\\': case '/': out += e; break;
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 't': out += '\t'; break;
            case 'u': {
                char32_t cp = 0;
                if (!read_hex4(cp)) return false;
                if (cp >= 0xd800 && cp < 0xdc00) {   // high surrogate: a low one must follow
                    char32_t low = 0;
                    if (in_.substr(pos_, 2) != "\\u") return fail("unpaired surrogate in \\u escape");
                    pos_ += 2;
                    if (!read_hex4(low)) return false;
                    if (low < 0xdc00 || low >= 0xe000) return fail("unpaired surrogate in \\u escape");
                    cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
                } else if (cp >= 0xdc00 && cp < 0xe000) {
                    return fail("unpaired surrogate in \\u escape");
                }
                append_utf8(out, cp);
                break;
            }
            default: return fail("invalid escape in string");
            }
        }
    }

    std::string_view in_;
    std::size_t pos_ = 0;
    std::size_t line_ = 1;
    std::string error_;
};

}  // namespace

const Value* Value::find(std::string_view key) const noexcept {
    for (const auto& field : fields)
        if (field.first == key) return &field.second;
    return nullptr;
}

ParseResult parse(std::string_view text) {
    constexpr std::string_view kBom = "\xef\xbb\xbf";
    if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());
    return Parser(text).run();
}

}  // namespace noai::json
