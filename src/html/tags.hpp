// The element names the HTML5 tree construction rules name, as one table, and the categories
// the rules sort them into (special, formatting, the scopes, the implied end tags). Everything
// else is `other`, compared by its name. A foreign element's id is looked up too (svg, math,
// the integration points, and the breakout names that end foreign content).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace fetch::html5 {

// clang-format off (the formatter would fold the rows into a staircase)
#define FETCH_HTML5_TAGS(X)                                                                               \
    X(other, "") X(a, "a") X(address, "address") X(annotation_xml, "annotation-xml") X(applet, "applet")  \
    X(area, "area") X(article, "article") X(aside, "aside") X(b, "b") X(base, "base")                     \
    X(basefont, "basefont") X(bgsound, "bgsound") X(big, "big") X(blockquote, "blockquote")               \
    X(body, "body") X(br, "br") X(button, "button") X(caption, "caption") X(center, "center")             \
    X(code, "code") X(col, "col") X(colgroup, "colgroup") X(dd, "dd") X(desc, "desc")                     \
    X(details, "details") X(dialog, "dialog") X(dir, "dir") X(div, "div") X(dl, "dl") X(dt, "dt")         \
    X(em, "em") X(embed, "embed") X(fieldset, "fieldset") X(figcaption, "figcaption") X(figure, "figure") \
    X(font, "font") X(footer, "footer") X(foreignobject, "foreignobject") X(form, "form")                 \
    X(frame, "frame") X(frameset, "frameset") X(h1, "h1") X(h2, "h2") X(h3, "h3") X(h4, "h4") X(h5, "h5") \
    X(h6, "h6") X(head, "head") X(header, "header") X(hgroup, "hgroup") X(hr, "hr") X(html, "html")       \
    X(i, "i") X(iframe, "iframe") X(image, "image") X(img, "img") X(input, "input") X(keygen, "keygen")   \
    X(li, "li") X(link, "link") X(listing, "listing") X(main, "main") X(malignmark, "malignmark")         \
    X(marquee, "marquee") X(math, "math") X(menu, "menu") X(meta, "meta") X(mglyph, "mglyph") X(mi, "mi") \
    X(mn, "mn") X(mo, "mo") X(ms, "ms") X(mtext, "mtext") X(nav, "nav") X(nobr, "nobr")                   \
    X(noembed, "noembed") X(noframes, "noframes") X(noscript, "noscript") X(object, "object") X(ol, "ol") \
    X(optgroup, "optgroup") X(option, "option") X(p, "p") X(param, "param") X(plaintext, "plaintext")     \
    X(pre, "pre") X(rb, "rb") X(rp, "rp") X(rt, "rt") X(rtc, "rtc") X(ruby, "ruby") X(s, "s")             \
    X(script, "script") X(search, "search") X(section, "section") X(select, "select") X(small, "small")   \
    X(source, "source") X(span, "span") X(strike, "strike") X(strong, "strong") X(style, "style")         \
    X(sub, "sub") X(summary, "summary") X(sup, "sup") X(svg, "svg") X(table, "table") X(tbody, "tbody")   \
    X(td, "td") X(template_, "template") X(textarea, "textarea") X(tfoot, "tfoot") X(th, "th")            \
    X(thead, "thead") X(title, "title") X(tr, "tr") X(track, "track") X(tt, "tt") X(u, "u") X(ul, "ul")   \
    X(var, "var") X(wbr, "wbr") X(xmp, "xmp")
// clang-format on

#define FETCH_HTML5_TAG_ID(id, name) id,
enum class TagId : std::uint8_t { FETCH_HTML5_TAGS(FETCH_HTML5_TAG_ID) };
#undef FETCH_HTML5_TAG_ID

enum class Ns : std::uint8_t { html, svg, math };

// `name` lower-case.
TagId tag_id(std::string_view name);

// Whether `tag` is one of a set written as an array: one_of(tag, headings).
template <std::size_t N>
constexpr bool one_of(TagId tag, const TagId (&set)[N]) {
    for (const TagId member : set) {
        if (member == tag) return true;
    }
    return false;
}

// HTML elements in the standard's "special" category (foreign ones: is_special_foreign).
bool is_special_html(TagId tag);
// mi, mo, mn, ms, mtext, annotation-xml (MathML); foreignObject, desc, title (SVG).
bool is_special_foreign(TagId tag, Ns ns);
// a, b, big, code, em, font, i, nobr, s, small, strike, strong, tt, u.
bool is_formatting(TagId tag);
// The elements a plain "in scope" check stops at, besides the foreign special ones.
bool ends_scope(TagId tag);
// dd dt li optgroup option p rb rp rt rtc ("generate implied end tags").
bool has_implied_end_tag(TagId tag);
// A start tag that ends foreign content (b, big, blockquote, ... var; font with attributes).
bool breaks_out_of_foreign_content(TagId tag);

}  // namespace fetch::html5
