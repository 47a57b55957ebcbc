#include "tags.hpp"

#include <cstdint>

namespace fetch::html5 {

namespace {

using T = TagId;

struct Entry {
    std::string_view name;
    TagId id = TagId::other;
};

// Names to ids through a small open-addressing hash table, built once: a start tag costs one
// hash of its name and, nearly always, one comparison.
class TagTable {
public:
    TagTable() {
#define FETCH_HTML5_TAG_ENTRY(id, name) add(name, TagId::id);
        FETCH_HTML5_TAGS(FETCH_HTML5_TAG_ENTRY)
#undef FETCH_HTML5_TAG_ENTRY
    }

    TagId find(std::string_view name) const {
        for (std::size_t at = hash(name);; at = (at + 1) % size) {
            if (slots_[at].name.empty()) return T::other;
            if (slots_[at].name == name) return slots_[at].id;
        }
    }

private:
    static constexpr std::size_t size = 512;  // four times the names: short probes

    static std::size_t hash(std::string_view name) {
        std::uint32_t h = 2166136261u;
        for (const char c : name)
            h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
        return h % size;
    }

    void add(std::string_view name, TagId id) {
        if (name.empty()) return;
        std::size_t at = hash(name);
        while (!slots_[at].name.empty())
            at = (at + 1) % size;
        slots_[at] = {name, id};
    }

    Entry slots_[size] = {};
};

}  // namespace

TagId tag_id(std::string_view name) {
    static const TagTable table;
    return name.empty() ? T::other : table.find(name);
}

bool is_special_html(TagId tag) {
    static constexpr TagId set[] = {
        T::address, T::applet,     T::area,      T::article,    T::aside,     T::base,     T::basefont,
        T::bgsound, T::blockquote, T::body,      T::br,         T::button,    T::caption,  T::center,
        T::col,     T::colgroup,   T::dd,        T::details,    T::dir,       T::div,      T::dl,
        T::dt,      T::embed,      T::fieldset,  T::figcaption, T::figure,    T::footer,   T::form,
        T::frame,   T::frameset,   T::h1,        T::h2,         T::h3,        T::h4,       T::h5,
        T::h6,      T::head,       T::header,    T::hgroup,     T::hr,        T::html,     T::iframe,
        T::img,     T::input,      T::keygen,    T::li,         T::link,      T::listing,  T::main,
        T::marquee, T::menu,       T::meta,      T::nav,        T::noembed,   T::noframes, T::noscript,
        T::object,  T::ol,         T::p,         T::param,      T::plaintext, T::pre,      T::script,
        T::search,  T::section,    T::select,    T::source,     T::style,     T::summary,  T::table,
        T::tbody,   T::td,         T::template_, T::textarea,   T::tfoot,     T::th,       T::thead,
        T::title,   T::tr,         T::track,     T::ul,         T::wbr,       T::xmp};
    return one_of(tag, set);
}

bool is_special_foreign(TagId tag, Ns ns) {
    if (ns == Ns::math) {
        return tag == T::mi || tag == T::mo || tag == T::mn || tag == T::ms || tag == T::mtext ||
               tag == T::annotation_xml;
    }
    return ns == Ns::svg && (tag == T::foreignobject || tag == T::desc || tag == T::title);
}

bool is_formatting(TagId tag) {
    static constexpr TagId set[] = {T::a,    T::b, T::big,   T::code,   T::em,     T::font, T::i,
                                    T::nobr, T::s, T::small, T::strike, T::strong, T::tt,   T::u};
    return one_of(tag, set);
}

bool ends_scope(TagId tag) {
    static constexpr TagId set[] = {T::applet, T::caption, T::html,   T::table,    T::td,
                                    T::th,     T::marquee, T::object, T::template_};
    return one_of(tag, set);
}

bool has_implied_end_tag(TagId tag) {
    static constexpr TagId set[] = {T::dd, T::dt, T::li, T::optgroup, T::option,
                                    T::p,  T::rb, T::rp, T::rt,       T::rtc};
    return one_of(tag, set);
}

bool breaks_out_of_foreign_content(TagId tag) {
    static constexpr TagId set[] = {
        T::b,      T::big,  T::blockquote, T::body,  T::br,   T::center, T::code,    T::dd,   T::div,
        T::dl,     T::dt,   T::em,         T::embed, T::h1,   T::h2,     T::h3,      T::h4,   T::h5,
        T::h6,     T::head, T::hr,         T::i,     T::img,  T::li,     T::listing, T::menu, T::meta,
        T::nobr,   T::ol,   T::p,          T::pre,   T::ruby, T::s,      T::small,   T::span, T::strong,
        T::strike, T::sub,  T::sup,        T::table, T::tt,   T::u,      T::ul,      T::var};
    return one_of(tag, set);
}

}  // namespace fetch::html5
