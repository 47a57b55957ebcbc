#include "json.hpp"

#include <cstdlib>
#include <stdexcept>

namespace fetch::test {

namespace {

class Reader {
public:
    explicit Reader(const std::string& text) : text_(text) {}

    Json document() {
        Json value = next();
        skip_space();
        if (at_ != text_.size()) error("trailing text");
        return value;
    }

private:
    Json next() {
        skip_space();
        if (at_ >= text_.size()) error("unexpected end");
        const char c = text_[at_];
        if (c == '{') return {object()};
        if (c == '[') return {array()};
        if (c == '"') return {string()};
        if (literal("true")) return {true};
        if (literal("false")) return {false};
        if (literal("null")) return {nullptr};
        return {number()};
    }

    Json::Object object() {
        Json::Object object;
        expect('{');
        for (skip_space(); !consume('}');) {
            std::string key = (skip_space(), string());
            skip_space();
            expect(':');
            object[key] = next();
            skip_space();
            if (!consume(',') && (skip_space(), text_[at_] != '}')) error("expected , or }");
            skip_space();
        }
        return object;
    }

    Json::Array array() {
        Json::Array array;
        expect('[');
        for (skip_space(); !consume(']');) {
            array.push_back(next());
            skip_space();
            if (!consume(',') && (skip_space(), text_[at_] != ']')) error("expected , or ]");
            skip_space();
        }
        return array;
    }

    std::string string() {
        expect('"');
        std::string out;
        while (at_ < text_.size() && text_[at_] != '"') {
            char c = text_[at_++];
            if (c == '\\') c = escape(out);
            if (c) out.push_back(c);
        }
        expect('"');
        return out;
    }

    // Appends \uXXXX itself (returns 0); returns the character of any other escape.
    char escape(std::string& out) {
        const char c = text_.at(at_++);
        switch (c) {
            case 'n':
                return '\n';
            case 't':
                return '\t';
            case 'r':
                return '\r';
            case 'b':
                return '\b';
            case 'f':
                return '\f';
            case 'u':
                break;
            default:
                return c;
        }
        const auto code = static_cast<unsigned>(std::strtoul(text_.substr(at_, 4).c_str(), nullptr, 16));
        at_ += 4;
        if (code < 0x80) {
            out.push_back(static_cast<char>(code));
        } else if (code < 0x800) {
            out.push_back(static_cast<char>(0xC0 | (code >> 6)));
            out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
        } else {
            out.push_back(static_cast<char>(0xE0 | (code >> 12)));
            out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
        }
        return 0;
    }

    double number() {
        const char* start = text_.c_str() + at_;
        char* end = nullptr;
        const double value = std::strtod(start, &end);
        if (end == start) error("expected a value");
        at_ += static_cast<std::size_t>(end - start);
        return value;
    }

    bool literal(const char* word) {
        const std::string w(word);
        if (text_.compare(at_, w.size(), w) != 0) return false;
        at_ += w.size();
        return true;
    }
    bool consume(char c) {
        if (at_ < text_.size() && text_[at_] == c) return ++at_, true;
        return false;
    }
    void expect(char c) {
        if (!consume(c)) error(std::string("expected ") + c);
    }
    void skip_space() {
        while (at_ < text_.size() && std::string(" \t\r\n").find(text_[at_]) != std::string::npos)
            ++at_;
    }
    [[noreturn]] void error(const std::string& what) const {
        throw std::runtime_error("JSON: " + what + " at offset " + std::to_string(at_));
    }

    const std::string& text_;
    std::size_t at_ = 0;
};

}  // namespace

bool Json::has(const std::string& key) const {
    const auto* object = std::get_if<Object>(&value);
    return object && object->count(key);
}

const Json& Json::operator[](const std::string& key) const {
    return std::get<Object>(value).at(key);
}

Json parse_json(const std::string& text) {
    return Reader(text).document();
}

}  // namespace fetch::test
