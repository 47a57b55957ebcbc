#include "fetch/html/tags.hpp"

#include <algorithm>
#include <vector>

namespace fetch::html5 {

namespace {

using T = TagId;

struct Entry {
    std::string_view name;
    TagId id;
};

// The table sorted by name once, for binary search.
const std::vector<Entry>& sorted_tags() {
    static const std::vector<Entry> table = [] {
#define FETCH_HTML5_TAG_ENTRY(id, name) {name, TagId::id},
        std::vector<Entry> entries = {FETCH_HTML5_TAGS(FETCH_HTML5_TAG_ENTRY)};
#undef FETCH_HTML5_TAG_ENTRY
        std::sort(entries.begin(), entries.end(),
                  [](const Entry& a, const Entry& b) { return a.name < b.name; });
        return entries;
    }();
    return table;
}

}  // namespace

TagId tag_id(std::string_view name) {
    if (name.empty()) return T::other;
    const auto& table = sorted_tags();
    const auto it = std::lower_bound(table.begin(), table.end(), name,
                                     [](const Entry& e, std::string_view n) { return e.name < n; });
    return it != table.end() && it->name == name ? it->id : T::other;
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
