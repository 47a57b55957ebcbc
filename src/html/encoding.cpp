// Encoding detection follows the WHATWG Encoding Standard and the HTML "prescan" algorithm.
// Decoding uses glibc's iconv for the legacy multi-byte encodings and hand-written code for
// the three that matter most and that iconv gets wrong for the web: UTF-8 (maximal-subpart
// replacement), windows-1252 (iconv rejects 0x81/0x8D/0x8F/0x90/0x9D, browsers map them to
// C1 controls) and the "auto" guess built from the two.
#include "encoding.hpp"

#include <iconv.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <utility>

#include "fetch/base/ascii.hpp"
#include "fetch/base/handle.hpp"
#include "fetch/base/utf8.hpp"

namespace fetch::encoding {

namespace {

struct Label {
    std::string_view label;
    std::string_view name;
};

// The WHATWG label table (encoding.spec.whatwg.org, "Names and labels"), sorted by label.
constexpr Label labels[] = {
    {"866", "ibm866"},
    {"ansi_x3.4-1968", "windows-1252"},
    {"arabic", "iso-8859-6"},
    {"ascii", "windows-1252"},
    {"asmo-708", "iso-8859-6"},
    {"big5", "big5"},
    {"big5-hkscs", "big5"},
    {"chinese", "gbk"},
    {"cn-big5", "big5"},
    {"cp1250", "windows-1250"},
    {"cp1251", "windows-1251"},
    {"cp1252", "windows-1252"},
    {"cp1253", "windows-1253"},
    {"cp1254", "windows-1254"},
    {"cp1255", "windows-1255"},
    {"cp1256", "windows-1256"},
    {"cp1257", "windows-1257"},
    {"cp1258", "windows-1258"},
    {"cp819", "windows-1252"},
    {"cp866", "ibm866"},
    {"csbig5", "big5"},
    {"cseuckr", "euc-kr"},
    {"cseucpkdfmtjapanese", "euc-jp"},
    {"csgb2312", "gbk"},
    {"csibm866", "ibm866"},
    {"csiso2022jp", "iso-2022-jp"},
    {"csiso2022kr", "replacement"},
    {"csiso58gb231280", "gbk"},
    {"csiso88596e", "iso-8859-6"},
    {"csiso88596i", "iso-8859-6"},
    {"csiso88598e", "iso-8859-8"},
    {"csiso88598i", "iso-8859-8-i"},
    {"csisolatin1", "windows-1252"},
    {"csisolatin2", "iso-8859-2"},
    {"csisolatin3", "iso-8859-3"},
    {"csisolatin4", "iso-8859-4"},
    {"csisolatin5", "windows-1254"},
    {"csisolatin6", "iso-8859-10"},
    {"csisolatin9", "iso-8859-15"},
    {"csisolatinarabic", "iso-8859-6"},
    {"csisolatincyrillic", "iso-8859-5"},
    {"csisolatingreek", "iso-8859-7"},
    {"csisolatinhebrew", "iso-8859-8"},
    {"cskoi8r", "koi8-r"},
    {"csksc56011987", "euc-kr"},
    {"csmacintosh", "macintosh"},
    {"csshiftjis", "shift_jis"},
    {"csunicode", "utf-16le"},
    {"cyrillic", "iso-8859-5"},
    {"dos-874", "windows-874"},
    {"ecma-114", "iso-8859-6"},
    {"ecma-118", "iso-8859-7"},
    {"elot_928", "iso-8859-7"},
    {"euc-jp", "euc-jp"},
    {"euc-kr", "euc-kr"},
    {"gb18030", "gb18030"},
    {"gb2312", "gbk"},
    {"gb_2312", "gbk"},
    {"gb_2312-80", "gbk"},
    {"gbk", "gbk"},
    {"greek", "iso-8859-7"},
    {"greek8", "iso-8859-7"},
    {"hebrew", "iso-8859-8"},
    {"hz-gb-2312", "replacement"},
    {"ibm819", "windows-1252"},
    {"ibm866", "ibm866"},
    {"iso-10646-ucs-2", "utf-16le"},
    {"iso-2022-cn", "replacement"},
    {"iso-2022-cn-ext", "replacement"},
    {"iso-2022-jp", "iso-2022-jp"},
    {"iso-2022-kr", "replacement"},
    {"iso-8859-1", "windows-1252"},
    {"iso-8859-10", "iso-8859-10"},
    {"iso-8859-11", "windows-874"},
    {"iso-8859-13", "iso-8859-13"},
    {"iso-8859-14", "iso-8859-14"},
    {"iso-8859-15", "iso-8859-15"},
    {"iso-8859-16", "iso-8859-16"},
    {"iso-8859-2", "iso-8859-2"},
    {"iso-8859-3", "iso-8859-3"},
    {"iso-8859-4", "iso-8859-4"},
    {"iso-8859-5", "iso-8859-5"},
    {"iso-8859-6", "iso-8859-6"},
    {"iso-8859-6-e", "iso-8859-6"},
    {"iso-8859-6-i", "iso-8859-6"},
    {"iso-8859-7", "iso-8859-7"},
    {"iso-8859-8", "iso-8859-8"},
    {"iso-8859-8-e", "iso-8859-8"},
    {"iso-8859-8-i", "iso-8859-8-i"},
    {"iso-8859-9", "windows-1254"},
    {"iso-ir-100", "windows-1252"},
    {"iso-ir-101", "iso-8859-2"},
    {"iso-ir-109", "iso-8859-3"},
    {"iso-ir-110", "iso-8859-4"},
    {"iso-ir-126", "iso-8859-7"},
    {"iso-ir-127", "iso-8859-6"},
    {"iso-ir-138", "iso-8859-8"},
    {"iso-ir-144", "iso-8859-5"},
    {"iso-ir-148", "windows-1254"},
    {"iso-ir-149", "euc-kr"},
    {"iso-ir-157", "iso-8859-10"},
    {"iso-ir-58", "gbk"},
    {"iso8859-1", "windows-1252"},
    {"iso8859-10", "iso-8859-10"},
    {"iso8859-11", "windows-874"},
    {"iso8859-13", "iso-8859-13"},
    {"iso8859-14", "iso-8859-14"},
    {"iso8859-15", "iso-8859-15"},
    {"iso8859-2", "iso-8859-2"},
    {"iso8859-3", "iso-8859-3"},
    {"iso8859-4", "iso-8859-4"},
    {"iso8859-5", "iso-8859-5"},
    {"iso8859-6", "iso-8859-6"},
    {"iso8859-7", "iso-8859-7"},
    {"iso8859-8", "iso-8859-8"},
    {"iso8859-9", "windows-1254"},
    {"iso88591", "windows-1252"},
    {"iso885910", "iso-8859-10"},
    {"iso885911", "windows-874"},
    {"iso885913", "iso-8859-13"},
    {"iso885914", "iso-8859-14"},
    {"iso885915", "iso-8859-15"},
    {"iso88592", "iso-8859-2"},
    {"iso88593", "iso-8859-3"},
    {"iso88594", "iso-8859-4"},
    {"iso88595", "iso-8859-5"},
    {"iso88596", "iso-8859-6"},
    {"iso88597", "iso-8859-7"},
    {"iso88598", "iso-8859-8"},
    {"iso88599", "windows-1254"},
    {"iso_8859-1", "windows-1252"},
    {"iso_8859-15", "iso-8859-15"},
    {"iso_8859-1:1987", "windows-1252"},
    {"iso_8859-2", "iso-8859-2"},
    {"iso_8859-2:1987", "iso-8859-2"},
    {"iso_8859-3", "iso-8859-3"},
    {"iso_8859-3:1988", "iso-8859-3"},
    {"iso_8859-4", "iso-8859-4"},
    {"iso_8859-4:1988", "iso-8859-4"},
    {"iso_8859-5", "iso-8859-5"},
    {"iso_8859-5:1988", "iso-8859-5"},
    {"iso_8859-6", "iso-8859-6"},
    {"iso_8859-6:1987", "iso-8859-6"},
    {"iso_8859-7", "iso-8859-7"},
    {"iso_8859-7:1987", "iso-8859-7"},
    {"iso_8859-8", "iso-8859-8"},
    {"iso_8859-8:1988", "iso-8859-8"},
    {"iso_8859-9", "windows-1254"},
    {"iso_8859-9:1989", "windows-1254"},
    {"koi", "koi8-r"},
    {"koi8", "koi8-r"},
    {"koi8-r", "koi8-r"},
    {"koi8-ru", "koi8-u"},
    {"koi8-u", "koi8-u"},
    {"koi8_r", "koi8-r"},
    {"korean", "euc-kr"},
    {"ks_c_5601-1987", "euc-kr"},
    {"ks_c_5601-1989", "euc-kr"},
    {"ksc5601", "euc-kr"},
    {"ksc_5601", "euc-kr"},
    {"l1", "windows-1252"},
    {"l2", "iso-8859-2"},
    {"l3", "iso-8859-3"},
    {"l4", "iso-8859-4"},
    {"l5", "windows-1254"},
    {"l6", "iso-8859-10"},
    {"l9", "iso-8859-15"},
    {"latin1", "windows-1252"},
    {"latin2", "iso-8859-2"},
    {"latin3", "iso-8859-3"},
    {"latin4", "iso-8859-4"},
    {"latin5", "windows-1254"},
    {"latin6", "iso-8859-10"},
    {"logical", "iso-8859-8-i"},
    {"mac", "macintosh"},
    {"macintosh", "macintosh"},
    {"ms932", "shift_jis"},
    {"ms_kanji", "shift_jis"},
    {"replacement", "replacement"},
    {"shift-jis", "shift_jis"},
    {"shift_jis", "shift_jis"},
    {"sjis", "shift_jis"},
    {"sun_eu_greek", "iso-8859-7"},
    {"tis-620", "windows-874"},
    {"ucs-2", "utf-16le"},
    {"unicode", "utf-16le"},
    {"unicode-1-1-utf-8", "utf-8"},
    {"unicode11utf8", "utf-8"},
    {"unicode20utf8", "utf-8"},
    {"unicodefeff", "utf-16le"},
    {"unicodefffe", "utf-16be"},
    {"us-ascii", "windows-1252"},
    {"utf-16", "utf-16le"},
    {"utf-16be", "utf-16be"},
    {"utf-16le", "utf-16le"},
    {"utf-8", "utf-8"},
    {"utf8", "utf-8"},
    {"visual", "iso-8859-8"},
    {"windows-1250", "windows-1250"},
    {"windows-1251", "windows-1251"},
    {"windows-1252", "windows-1252"},
    {"windows-1253", "windows-1253"},
    {"windows-1254", "windows-1254"},
    {"windows-1255", "windows-1255"},
    {"windows-1256", "windows-1256"},
    {"windows-1257", "windows-1257"},
    {"windows-1258", "windows-1258"},
    {"windows-31j", "shift_jis"},
    {"windows-874", "windows-874"},
    {"windows-949", "euc-kr"},
    {"x-cp1250", "windows-1250"},
    {"x-cp1251", "windows-1251"},
    {"x-cp1252", "windows-1252"},
    {"x-cp1253", "windows-1253"},
    {"x-cp1254", "windows-1254"},
    {"x-cp1255", "windows-1255"},
    {"x-cp1256", "windows-1256"},
    {"x-cp1257", "windows-1257"},
    {"x-cp1258", "windows-1258"},
    {"x-euc-jp", "euc-jp"},
    {"x-gbk", "gbk"},
    {"x-mac-cyrillic", "x-mac-cyrillic"},
    {"x-mac-roman", "macintosh"},
    {"x-mac-ukrainian", "x-mac-cyrillic"},
    {"x-sjis", "shift_jis"},
    {"x-unicode20utf8", "utf-8"},
    {"x-user-defined", "x-user-defined"},
    {"x-x-big5", "big5"},
};

// glibc iconv names for the WHATWG encodings decoded through iconv. Where WHATWG's encoding
// is a superset of the registered one, the superset is named (big5 -> BIG5-HKSCS, ...).
constexpr std::pair<std::string_view, const char*> iconv_names[] = {
    {"big5", "BIG5-HKSCS"},
    {"euc-jp", "EUC-JP"},
    {"euc-kr", "CP949"},
    {"gb18030", "GB18030"},
    {"gbk", "GB18030"},
    {"ibm866", "CP866"},
    {"iso-2022-jp", "ISO-2022-JP"},
    {"iso-8859-8-i", "ISO-8859-8"},
    {"koi8-u", "KOI8-RU"},
    {"macintosh", "MACINTOSH"},
    {"shift_jis", "CP932"},
    {"utf-16be", "UTF-16BE"},
    {"utf-16le", "UTF-16LE"},
    {"windows-874", "CP874"},
    {"x-mac-cyrillic", "MAC-CYRILLIC"},
};

std::string iconv_name(std::string_view encoding) {
    for (const auto& [name, iconv] : iconv_names) {
        if (name == encoding) return iconv;
    }
    std::string upper(encoding);  // iso-8859-N, koi8-r, windows-125N: glibc knows these names
    for (char& c : upper)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return upper;
}

// ---- The HTML prescan (html.spec.whatwg.org, "prescan a byte stream") ----

struct Attribute {
    std::string name, value;
};

class Prescanner {
public:
    explicit Prescanner(std::string_view bytes) : s_(bytes) {}

    std::string_view run() {
        while (pos_ < s_.size()) {
            if (at("<!--")) {
                const auto end = s_.find("-->", pos_ + 2);  // "<!-->" closes itself
                pos_ = end == std::string_view::npos ? s_.size() : end + 3;
            } else if (at_ci("<meta") && pos_ + 5 < s_.size() &&
                       (ascii::is_space(s_[pos_ + 5]) || s_[pos_ + 5] == '/')) {
                pos_ += 6;
                if (auto found = meta_charset(); !found.empty()) return found;
            } else if (at("<") && pos_ + 1 < s_.size() &&
                       (std::isalpha(uc(pos_ + 1)) ||
                        (s_[pos_ + 1] == '/' && pos_ + 2 < s_.size() && std::isalpha(uc(pos_ + 2))))) {
                skip_tag();
            } else if (at("<!") || at("</") || at("<?")) {
                const auto end = s_.find('>', pos_);
                pos_ = end == std::string_view::npos ? s_.size() : end + 1;
            } else {
                ++pos_;
            }
        }
        return {};
    }

private:
    int uc(std::size_t i) const { return static_cast<unsigned char>(s_[i]); }
    bool at(std::string_view text) const { return s_.substr(pos_, text.size()) == text; }
    bool at_ci(std::string_view text) const { return ascii::starts_with_ci(s_.substr(pos_), text); }

    void skip_tag() {
        while (pos_ < s_.size() && !ascii::is_space(s_[pos_]) && s_[pos_] != '>')
            ++pos_;
        Attribute ignored;
        while (next_attribute(ignored)) {
        }
    }

    std::string_view meta_charset() {
        bool got_pragma = false, need_pragma_known = false, need_pragma = false;
        std::string_view charset;
        std::string seen;  // attribute names already handled; later duplicates are ignored
        Attribute attr;
        while (next_attribute(attr)) {
            if (seen.find("|" + attr.name + "|") != std::string::npos) continue;
            seen += "|" + attr.name + "|";
            if (attr.name == "http-equiv") {
                got_pragma = got_pragma || ascii::lower(attr.value) == "content-type";
            } else if (attr.name == "content" && charset.empty()) {
                const std::string label = charset_parameter(attr.value);
                if (!label.empty()) {
                    charset = resolve_label(label);
                    need_pragma_known = need_pragma = true;
                }
            } else if (attr.name == "charset") {
                charset = resolve_label(attr.value);
                need_pragma_known = true;
                need_pragma = false;
            }
        }
        if (!need_pragma_known || charset.empty() || (need_pragma && !got_pragma)) return {};
        return meta_encoding(charset);
    }

    // "Get an attribute": false at '>' or the end of input.
    bool next_attribute(Attribute& attr) {
        attr = {};
        while (pos_ < s_.size() && (ascii::is_space(s_[pos_]) || s_[pos_] == '/'))
            ++pos_;
        if (pos_ >= s_.size() || s_[pos_] == '>') {
            if (pos_ < s_.size()) ++pos_;
            return false;
        }
        do {
            attr.name.push_back(static_cast<char>(std::tolower(uc(pos_))));
            ++pos_;
        } while (pos_ < s_.size() && s_[pos_] != '=' && s_[pos_] != '/' && s_[pos_] != '>' &&
                 !ascii::is_space(s_[pos_]));
        skip_spaces();
        if (pos_ >= s_.size() || s_[pos_] != '=') return pos_ < s_.size();
        ++pos_;
        skip_spaces();
        if (pos_ >= s_.size()) return false;
        if (s_[pos_] == '"' || s_[pos_] == '\'') {
            const char quote = s_[pos_++];
            const auto end = s_.find(quote, pos_);
            if (end == std::string_view::npos) return false;
            attr.value = ascii::lower(s_.substr(pos_, end - pos_));
            pos_ = end + 1;
            return true;
        }
        while (pos_ < s_.size() && !ascii::is_space(s_[pos_]) && s_[pos_] != '>') {
            attr.value.push_back(static_cast<char>(std::tolower(uc(pos_))));
            ++pos_;
        }
        return pos_ < s_.size();
    }

    void skip_spaces() {
        while (pos_ < s_.size() && ascii::is_space(s_[pos_]))
            ++pos_;
    }

    std::string_view s_;
    std::size_t pos_ = 0;
};

// ---- Decoders ----

// windows-1252 bytes 0x80-0x9F; the rest of the range is Latin-1.
constexpr std::array<char16_t, 32> cp1252_high = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

void decode_cp1252(std::string_view bytes, std::string& out) {
    for (const char c : bytes) {
        const auto b = static_cast<unsigned char>(c);
        if (b < 0x80) {
            out.push_back(c);
        } else {
            utf8::append_code_point(out, windows1252_code_point(b));
        }
    }
}

void close_iconv(void* cd) {
    iconv_close(static_cast<iconv_t>(cd));
}

// iconv_open says "no" with (iconv_t)-1; an owned handle says it with null.
void* open_iconv(const std::string& from) {
    const iconv_t cd = iconv_open("UTF-8", from.c_str());
    return cd == reinterpret_cast<iconv_t>(-1) ? nullptr : cd;
}

}  // namespace

class Decoder::Impl {
public:
    virtual ~Impl() = default;
    virtual void decode(std::string_view bytes, std::string& out, bool final) = 0;
    virtual bool fell_back() const { return false; }
};

namespace {

class Utf8Decoder final : public Decoder::Impl {
public:
    void decode(std::string_view bytes, std::string& out, bool final) override {
        std::string_view input = bytes;
        if (!carry_.empty()) {
            carry_.append(bytes);
            input = carry_;
        }
        const std::size_t kept = utf8::append_sanitized(out, input, final);
        carry_ = std::string(input.substr(input.size() - kept));
    }

private:
    std::string carry_;
};

class Cp1252Decoder final : public Decoder::Impl {
public:
    void decode(std::string_view bytes, std::string& out, bool) override { decode_cp1252(bytes, out); }
};

// x-user-defined: ASCII, and 0x80-0xFF to the private-use range U+F780-U+F7FF.
class UserDefinedDecoder final : public Decoder::Impl {
public:
    void decode(std::string_view bytes, std::string& out, bool) override {
        for (const char c : bytes) {
            const auto b = static_cast<unsigned char>(c);
            utf8::append_code_point(out, b < 0x80 ? char32_t{b} : char32_t{0xF700u + b});
        }
    }
};

// "replacement" (ISO-2022-KR, HZ, ...): the whole stream decodes to one U+FFFD.
class ReplacementDecoder final : public Decoder::Impl {
public:
    void decode(std::string_view bytes, std::string& out, bool) override {
        if (!bytes.empty() && !emitted_) out.append(utf8::replacement);
        emitted_ = emitted_ || !bytes.empty();
    }

private:
    bool emitted_ = false;
};

class AutoDecoder final : public Decoder::Impl {
public:
    void decode(std::string_view bytes, std::string& out, bool final) override {
        if (fallen_back_) return decode_cp1252(bytes, out);
        std::string_view input = bytes;
        if (!carry_.empty()) {
            carry_.append(bytes);
            input = carry_;
        }
        std::size_t valid = 0;
        while (valid < input.size()) {
            const utf8::Decoded d = utf8::decode(input.substr(valid));
            if (d.step == utf8::Step::truncated && !final) break;
            if (d.step != utf8::Step::ok) {
                fallen_back_ = true;
                break;
            }
            valid += d.length;
        }
        out.append(input.substr(0, valid));
        const std::string rest(input.substr(valid));
        carry_.clear();
        if (fallen_back_) {
            decode_cp1252(rest, out);
        } else {
            carry_ = rest;
        }
    }

    bool fell_back() const override { return fallen_back_; }

private:
    std::string carry_;
    bool fallen_back_ = false;
};

class IconvDecoder final : public Decoder::Impl {
public:
    explicit IconvDecoder(const std::string& from) : cd_(open_iconv(from)) {}

    bool usable() const { return cd_ != nullptr; }

    void decode(std::string_view bytes, std::string& out, bool final) override {
        carry_.append(bytes);
        std::size_t consumed = 0;
        while (consumed < carry_.size()) {
            const auto step = convert(carry_.data() + consumed, carry_.size() - consumed, out);
            consumed += step.consumed;
            if (step.error == EINVAL && !final) break;  // sequence cut by the chunk boundary
            if (step.error == EILSEQ || step.error == EINVAL) {
                out.append(utf8::replacement);
                ++consumed;
                iconv(handle(), nullptr, nullptr, nullptr, nullptr);  // back to the initial state
            }
        }
        carry_.erase(0, consumed);
    }

private:
    struct Step {
        std::size_t consumed;
        int error;
    };

    iconv_t handle() const { return static_cast<iconv_t>(cd_.get()); }

    Step convert(const char* data, std::size_t size, std::string& out) {
        char* in = const_cast<char*>(data);
        std::size_t in_left = size;
        char buffer[4096];
        int error = 0;
        while (in_left > 0) {
            char* dst = buffer;
            std::size_t dst_left = sizeof buffer;
            const std::size_t rc = iconv(handle(), &in, &in_left, &dst, &dst_left);
            out.append(buffer, sizeof buffer - dst_left);
            if (rc != static_cast<std::size_t>(-1)) continue;
            if (errno != E2BIG) {
                error = errno;
                break;
            }
        }
        return {size - in_left, error};
    }

    CPtr<void, close_iconv> cd_;
    std::string carry_;
};

std::unique_ptr<Decoder::Impl> make_decoder(std::string_view encoding) {
    if (encoding == "utf-8") return std::make_unique<Utf8Decoder>();
    if (encoding == "windows-1252") return std::make_unique<Cp1252Decoder>();
    if (encoding == "auto") return std::make_unique<AutoDecoder>();
    if (encoding == "x-user-defined") return std::make_unique<UserDefinedDecoder>();
    if (encoding == "replacement") return std::make_unique<ReplacementDecoder>();
    auto decoder = std::make_unique<IconvDecoder>(iconv_name(encoding));
    if (decoder->usable()) return decoder;
    return std::make_unique<AutoDecoder>();  // no converter on this system: best effort
}

}  // namespace

char32_t windows1252_code_point(unsigned char b) {
    return b >= 0x80 && b < 0xA0 ? char32_t{cp1252_high[b - 0x80]} : char32_t{b};
}

std::string_view resolve_label(std::string_view label) {
    const std::string key = ascii::lower(ascii::trim(label));
    const std::string_view trimmed = key;
    const auto it = std::lower_bound(std::begin(labels), std::end(labels), trimmed,
                                     [](const Label& l, std::string_view k) { return l.label < k; });
    return it != std::end(labels) && it->label == trimmed ? it->name : std::string_view{};
}

// "Extract a character encoding from a meta element", which also serves Content-Type headers.
std::string charset_parameter(std::string_view content_type) {
    const std::string lowered = ascii::lower(content_type);
    std::size_t pos = 0;
    for (;;) {
        const auto found = lowered.find("charset", pos);
        if (found == std::string::npos) return {};
        pos = found + 7;
        while (pos < content_type.size() && ascii::is_space(content_type[pos]))
            ++pos;
        if (pos < content_type.size() && content_type[pos] == '=') break;
    }
    ++pos;
    while (pos < content_type.size() && ascii::is_space(content_type[pos]))
        ++pos;
    if (pos >= content_type.size()) return {};
    const char quote = content_type[pos];
    if (quote == '"' || quote == '\'') {
        const auto end = content_type.find(quote, pos + 1);
        if (end == std::string_view::npos) return {};
        return std::string(content_type.substr(pos + 1, end - pos - 1));
    }
    auto end = pos;
    while (end < content_type.size() && !ascii::is_space(content_type[end]) && content_type[end] != ';') {
        ++end;
    }
    return std::string(content_type.substr(pos, end - pos));
}

std::string_view prescan(std::string_view head) {
    return Prescanner(head.substr(0, prescan_bytes)).run();
}

Sniffed sniff(std::string_view head, std::string_view header_charset) {
    if (head.substr(0, 3) == "\xEF\xBB\xBF") return {"utf-8", 3, Source::bom};
    if (head.substr(0, 2) == "\xFE\xFF") return {"utf-16be", 2, Source::bom};
    if (head.substr(0, 2) == "\xFF\xFE") return {"utf-16le", 2, Source::bom};
    if (const auto name = resolve_label(header_charset); !name.empty()) {
        return {name, 0, Source::header};
    }
    if (const auto name = prescan(head); !name.empty()) return {name, 0, Source::meta};
    return {"auto", 0, Source::guess};
}

Decoder::Decoder(std::string_view encoding) : encoding_(encoding), impl_(make_decoder(encoding)) {}
Decoder::~Decoder() = default;

void Decoder::decode(std::string_view bytes, std::string& out, bool final) {
    impl_->decode(bytes, out, final);
}

std::string_view Decoder::effective_encoding() const {
    if (encoding_ != "auto") return encoding_;
    return impl_->fell_back() ? "windows-1252" : "utf-8";
}

std::string_view meta_encoding(std::string_view label) {
    const std::string_view name = resolve_label(label);
    if (name == "utf-16le" || name == "utf-16be") return "utf-8";
    if (name == "x-user-defined") return "windows-1252";
    return name;
}

}  // namespace fetch::encoding
