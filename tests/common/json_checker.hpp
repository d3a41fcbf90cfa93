// A strict JSON (RFC 8259) checker for the tests: rejects anything a
// conforming parser would, including raw control characters and ill-formed
// UTF-8 in strings, and gives the parsed value to inspect.
#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace noai_test {

// A small, strict RFC 8259 parser: rejects anything a conforming parser would,
// including raw control characters and ill-formed UTF-8 inside strings.
struct Json {
    enum class Kind { null, boolean, number, string, array, object } kind = Kind::null;
    std::string text;  // a string's decoded value, or a number's literal
    std::vector<Json> items;
    std::vector<std::pair<std::string, Json>> members;

    const Json& operator[](std::string_view key) const {
        for (const auto& [name, value] : members)
            if (name == key) return value;
        static const Json missing;
        ADD_FAILURE() << "no member " << key;
        return missing;
    }
    const Json& operator[](std::size_t i) const { return items.at(i); }
    std::size_t size() const { return kind == Kind::array ? items.size() : members.size(); }
};

class JsonParser {
public:
    explicit JsonParser(std::string_view text) : s_(text) {}

    bool parse(Json& out) {
        return value(out, 0) && (space(), i_ == s_.size());
    }

private:
    bool value(Json& out, int depth) {
        space();
        if (i_ >= s_.size() || depth > 64) return false;
        switch (s_[i_]) {
        case '{': return object(out, depth);
        case '[': return array(out, depth);
        case '"': out.kind = Json::Kind::string; return string(out.text);
        case 't': out.kind = Json::Kind::boolean; return literal("true");
        case 'f': out.kind = Json::Kind::boolean; return literal("false");
        case 'n': out.kind = Json::Kind::null; return literal("null");
        default: out.kind = Json::Kind::number; return number(out.text);
        }
    }
    bool object(Json& out, int depth) {
        out.kind = Json::Kind::object;
        ++i_;
        space();
        if (eat('}')) return true;
        do {
            space();
            std::string key;
            Json member;
            if (!string(key) || (space(), !eat(':')) || !value(member, depth + 1)) return false;
            out.members.emplace_back(std::move(key), std::move(member));
            space();
        } while (eat(','));
        return eat('}');
    }
    bool array(Json& out, int depth) {
        out.kind = Json::Kind::array;
        ++i_;
        space();
        if (eat(']')) return true;
        do {
            Json item;
            if (!value(item, depth + 1)) return false;
            out.items.push_back(std::move(item));
            space();
        } while (eat(','));
        return eat(']');
    }
    bool string(std::string& out) {
        if (!eat('"')) return false;
        while (i_ < s_.size()) {
            const auto c = static_cast<unsigned char>(s_[i_]);
            if (c == '"') return ++i_, true;
            if (c < 0x20) return false;
            if (c == '\\') {
                if (!escape(out)) return false;
            } else if (c < 0x80) {
                out += s_[i_++];
            } else {
                const std::size_t n = utf8_length(s_.substr(i_));
                if (n == 0) return false;
                out += s_.substr(i_, n);
                i_ += n;
            }
        }
        return false;
    }
    bool escape(std::string& out) {
        if (++i_ >= s_.size()) return false;
        const char c = s_[i_++];
        switch (c) {
        case '"': case '\\': case '/': out += c; return true;
        case 'b': out += '\b'; return true;
        case 'f': out += '\f'; return true;
        case 'n': out += '\n'; return true;
        case 'r': out += '\r'; return true;
        case 't': out += '\t'; return true;
        case 'u': break;
        default: return false;
        }
        unsigned cp;
        if (!hex4(cp)) return false;
        if (cp >= 0xD800 && cp <= 0xDBFF) {  // a high surrogate needs its low half
            unsigned low;
            if (!eat('\\') || !eat('u') || !hex4(low) || low < 0xDC00 || low > 0xDFFF)
                return false;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return false;
        }
        if (cp < 0x80) {
            out += static_cast<char>(cp);
        } else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (cp >> 18));
            out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
        return true;
    }
    bool hex4(unsigned& out) {
        if (i_ + 4 > s_.size()) return false;
        out = 0;
        for (int k = 0; k < 4; ++k) {
            const char c = s_[i_++];
            const int v = (c >= '0' && c <= '9')   ? c - '0'
                          : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                          : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                                   : -1;
            if (v < 0) return false;
            out = out * 16 + static_cast<unsigned>(v);
        }
        return true;
    }
    bool number(std::string& out) {
        const std::size_t start = i_;
        eat('-');
        if (eat('0')) {
        } else if (!digits()) {
            return false;
        }
        if (eat('.') && !digits()) return false;
        if ((eat('e') || eat('E')) && ((eat('+') || eat('-')), !digits())) return false;
        out = std::string(s_.substr(start, i_ - start));
        return true;
    }
    bool digits() {
        const std::size_t start = i_;
        while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
        return i_ > start;
    }
    bool literal(std::string_view word) {
        if (s_.substr(i_, word.size()) != word) return false;
        i_ += word.size();
        return true;
    }
    bool eat(char c) {
        if (i_ < s_.size() && s_[i_] == c) return ++i_, true;
        return false;
    }
    void space() {
        while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r'))
            ++i_;
    }

public:
    // Length of the well-formed UTF-8 sequence starting s, 0 if ill-formed.
    static std::size_t utf8_length(std::string_view s) {
        const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
        const auto cont = [&](std::size_t k, unsigned lo = 0x80, unsigned hi = 0xBF) {
            return k < s.size() && b(k) >= lo && b(k) <= hi;
        };
        if (s.empty()) return 0;
        const unsigned lead = b(0);
        if (lead < 0x80) return 1;
        if (lead >= 0xC2 && lead <= 0xDF) return cont(1) ? 2 : 0;
        if (lead == 0xE0) return cont(1, 0xA0) && cont(2) ? 3 : 0;
        if (lead == 0xED) return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0;
        if (lead >= 0xE1 && lead <= 0xEF) return cont(1) && cont(2) ? 3 : 0;
        if (lead == 0xF0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
        if (lead == 0xF4) return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0;
        if (lead >= 0xF1 && lead <= 0xF3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
        return 0;
    }

private:
    std::string_view s_;
    std::size_t i_ = 0;
};

inline Json parse_json(std::string_view text) {
    Json out;
    EXPECT_TRUE(JsonParser(text).parse(out)) << "not valid JSON:\n" << text;
    return out;
}

inline bool is_valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t n = JsonParser::utf8_length(s.substr(i));
        if (n == 0) return false;
        i += n;
    }
    return true;
}

}  // namespace noai_test
