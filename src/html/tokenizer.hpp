// The HTML5 tokenizer (WHATWG HTML §13.2.5), streaming: bytes of UTF-8 go in, in chunks cut
// anywhere, and tokens come out to a TokenSink as soon as they are complete.
//
// It keeps every state of the standard's machine (script data's escaped and double-escaped
// states, the comment states that make <!--> and <!---> whole comments, <? and </1> as bogus
// comments, CDATA sections in foreign content, PLAINTEXT), because which state the bytes are
// read in decides where tags are, and so which <title> is the document's. What it does not
// need it does not build: character references are left as written (the title's text is
// decoded once, at the end), comments and doctype identifiers are not kept beyond what quirks
// mode needs, and text reaches the sink as views into the input, never copied.
//
// Memory is bounded whatever the input: a tag keeps at most max_attributes attributes, names of
// at most max_name bytes and values of at most max_value bytes; the rest is read and dropped.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fetch::html5 {

struct Attribute {
    std::string name;   // lower-case
    std::string value;  // as written (references not decoded), cut at max_value
};

struct Tag {
    std::string name;  // lower-case; "" when longer than max_name (it can match nothing)
    std::vector<Attribute> attributes;
    bool self_closing = false;

    const std::string* attribute(std::string_view name) const;
};

struct Doctype {
    std::string name;  // lower-case
    std::optional<std::string> public_id, system_id;
    bool force_quirks = false;
};

class TokenSink {
public:
    virtual void doctype(const Doctype& doctype) = 0;
    virtual void start_tag(const Tag& tag) = 0;
    virtual void end_tag(const Tag& tag) = 0;
    virtual void comment() = 0;
    // Text as written: references not decoded, U+0000 as it came. Any run may be split.
    virtual void characters(std::string_view text) = 0;
    virtual void end_of_file() = 0;
    // Whether the adjusted current node is outside the HTML namespace: CDATA sections are
    // recognised only there.
    virtual bool in_foreign_content() const = 0;

protected:
    ~TokenSink() = default;
};

class Tokenizer {
public:
    static constexpr std::size_t max_name = 64;
    static constexpr std::size_t max_value = 1024;
    static constexpr std::size_t max_attributes = 64;

    // The states the tree builder switches to after some start tags.
    enum class Content { data, rcdata, rawtext, script_data, plaintext };

    explicit Tokenizer(TokenSink& sink) : sink_(sink) {}

    void feed(std::string_view text);
    void finish();  // the input ended: what is pending is emitted, then end_of_file

    // For the tree builder, from inside start_tag(): read what follows as `content`, until an
    // end tag named as the start tag just emitted.
    void switch_to(Content content);
    // For the tree builder, from inside any callback: no more tokens are wanted.
    void stop() { stopped_ = true; }
    bool stopped() const { return stopped_; }

    enum class State : std::uint8_t;

private:
    void step(char c);
    std::size_t scan_text(std::string_view text);
    void emit_text(std::string_view text);
    void flush_text();
    void emit_tag();
    void reset_tag();
    void emit_temporary_as_text(std::string_view prefix);
    void start_attribute();
    void add_to_name(char c);
    void add_to_value(char c);
    void add_to_tag_name(char c);
    void add_to_temporary(char c);
    bool appropriate_end_tag() const;
    void reconsume(State state, char c);
    void markup_declaration(char c);
    std::string_view current() const;
    void doctype_state(char c);
    void doctype_id_state(char c);
    void emit_doctype(bool force_quirks);
    void comment_state(char c);
    void cdata_state(char c);
    void script_state(char c);
    void script_escaped_state(char c);
    void script_double_escaped_state(char c);
    void raw_state(char c);
    void tag_state(char c);
    void attribute_state(char c);
    void attribute_value_state(char c);
    std::string_view text_left_at_end();

    TokenSink& sink_;
    State state_{};
    State return_state_{};  // for the shared end-tag-name states of RCDATA, RAWTEXT, script data
    bool stopped_ = false;

    std::string_view chunk_;  // the input being fed, for zero-copy text
    std::size_t pos_ = 0;     // of the byte being stepped through
    std::size_t text_start_ = 0, text_end_ = 0;
    std::string pending_text_;  // text that cannot point into the input (temporary buffers)

    Tag tag_;
    bool end_tag_ = false;
    bool name_too_long_ = false;
    bool drop_attribute_ = false;  // a duplicate, or past max_attributes
    std::string last_start_tag_;   // for "appropriate end tag"
    std::string temporary_;        // the standard's temporary buffer
    std::string markup_;           // what follows "<!" while it is being recognised
    Doctype doctype_;
    int doctype_field_ = 0;  // 1: public identifier, 2: system identifier
};

}  // namespace fetch::html5
