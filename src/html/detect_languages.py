"""The one table of the encodings fetch detects, the families they fall into, and the languages
written in them: read by generate_detect_model.py (the C++ model) and by
tests/detect/generate.py (the corpus that scores it), so neither can drift from the other.
"""
import unicodedata

# Families, as the detector reports and the corpus scores them. Encodings are listed in the
# order of preference: when two of a family decode a page alike, the first is named (the
# windows- code pages were the web's, the ISO ones mail's). tlds: the country domains whose
# pages are most likely in this family (browsers weigh the same hint). Single-byte families
# are the scorer's; the multi-byte ones are decided by their byte structure (uchardet).
FAMILIES = [
    # name         encodings                                           tlds
    ('western',    ['windows-1252'],                                   'at be br ch de dk es fi fr ie is it lu nl no pt se'),
    ('central',    ['windows-1250', 'iso-8859-2'],                     'ba cz hr hu pl ro si sk'),
    ('baltic',     ['windows-1257', 'iso-8859-13', 'iso-8859-4'],      'ee lt lv'),
    ('vietnamese', ['windows-1258'],                                   'vn'),
    ('cyrillic',   ['windows-1251', 'koi8-u', 'iso-8859-5', 'ibm866'], 'bg by kg kz mk ru su ua xn--p1ai'),
    ('greek',      ['windows-1253', 'iso-8859-7'],                     'cy gr'),
    ('hebrew',     ['windows-1255', 'iso-8859-8'],                     'il'),
    ('arabic',     ['windows-1256', 'iso-8859-6'],                     'ae bh dz eg iq ir jo kw lb ly ma om qa sa sd sy tn ye'),
    ('turkish',    ['windows-1254'],                                   'az tr'),
    ('thai',       ['windows-874'],                                    'th'),
    ('japanese',   ['shift_jis', 'euc-jp', 'iso-2022-jp'],             'jp'),
    ('chinese',    ['gbk', 'gb18030', 'big5'],                         'cn hk mo tw'),
    ('korean',     ['euc-kr'],                                         'kr'),
]

MULTI_BYTE = {'japanese', 'chinese', 'korean'}
# Families whose pages mix their letters with ASCII ones: the scorer tells each ASCII letter
# apart for them (ą after 'a' or after 'z'), and lumps them together for the other scripts.
LATIN_SCRIPT = {'western', 'central', 'baltic', 'vietnamese', 'turkish'}

# Python's codec for each single-byte encoding (its tables are the WHATWG ones but for bytes
# the WHATWG maps to C1 controls, which the model treats as impossible anyway).
CODECS = {
    'windows-1250': 'cp1250', 'windows-1251': 'cp1251', 'windows-1252': 'cp1252',
    'windows-1253': 'cp1253', 'windows-1254': 'cp1254', 'windows-1255': 'cp1255',
    'windows-1256': 'cp1256', 'windows-1257': 'cp1257', 'windows-1258': 'cp1258',
    'windows-874': 'cp874', 'iso-8859-2': 'iso8859_2', 'iso-8859-4': 'iso8859_4',
    'iso-8859-5': 'iso8859_5', 'iso-8859-6': 'iso8859_6', 'iso-8859-7': 'iso8859_7',
    'iso-8859-8': 'iso8859_8', 'iso-8859-13': 'iso8859_13', 'koi8-u': 'koi8_u', 'koi8-r': 'koi8_r',
    'ibm866': 'cp866', 'shift_jis': 'cp932', 'euc-jp': 'euc_jp', 'iso-2022-jp': 'iso2022_jp',
    'gbk': 'gbk', 'big5': 'big5', 'euc-kr': 'cp949',
}

# Languages: code, family, the encodings their pages were written in (most common first),
# where the training text comes from (gettext catalogs under /usr/share/locale/<dir>), where
# the corpus's words come from (a Debian dictionary, see tests/detect/generate.py), and the
# country domain of the corpus's pages.
#   code  family        encodings                                      locale   dictionary            tld
LANGUAGES = [
    ('pl', 'central',    ['windows-1250', 'iso-8859-2'],                'pl',    'hunspell:pl_PL',     'pl'),
    ('cs', 'central',    ['windows-1250', 'iso-8859-2'],                'cs',    'hunspell:cs_CZ',     'cz'),
    ('sk', 'central',    ['windows-1250', 'iso-8859-2'],                'sk',    'hunspell:sk_SK',     'sk'),
    ('hu', 'central',    ['windows-1250', 'iso-8859-2'],                'hu',    'hunspell:hu_HU',     'hu'),
    ('sl', 'central',    ['windows-1250', 'iso-8859-2'],                'sl',    'hunspell:sl_SI',     'si'),
    ('hr', 'central',    ['windows-1250', 'iso-8859-2'],                'hr',    'hunspell:hr_HR',     'hr'),
    ('ro', 'central',    ['windows-1250', 'iso-8859-2'],                'ro',    'hunspell:ro_RO',     'ro'),
    ('lt', 'baltic',     ['windows-1257', 'iso-8859-13', 'iso-8859-4'], 'lt',    'hunspell:lt_LT',     'lt'),
    ('lv', 'baltic',     ['windows-1257', 'iso-8859-13', 'iso-8859-4'], 'lv',    'hunspell:lv_LV',     'lv'),
    ('et', 'baltic',     ['windows-1257', 'iso-8859-4'],                'et',    'hunspell:et_EE',     'ee'),
    ('vi', 'vietnamese', ['windows-1258'],                              'vi',    'hunspell:vi_VN',     'vn'),
    ('ru', 'cyrillic',   ['windows-1251', 'koi8-r', 'iso-8859-5', 'ibm866'], 'ru', 'hunspell:ru_RU',    'ru'),
    ('uk', 'cyrillic',   ['windows-1251', 'koi8-u'],                    'uk',    'hunspell:uk_UA',     'ua'),
    ('bg', 'cyrillic',   ['windows-1251', 'iso-8859-5'],                'bg',    'hunspell:bg_BG',     'bg'),
    ('el', 'greek',      ['windows-1253', 'iso-8859-7'],                'el',    'hunspell:el_GR',     'gr'),
    ('he', 'hebrew',     ['windows-1255', 'iso-8859-8'],                'he',    'hunspell:he_IL',     'il'),
    ('ar', 'arabic',     ['windows-1256', 'iso-8859-6'],                'ar',    'hunspell:ar',        'eg'),
    ('tr', 'turkish',    ['windows-1254'],                              'tr',    'hunspell:tr_TR',     'tr'),
    ('th', 'thai',       ['windows-874'],                               'th',    'hunspell:th_TH',     'th'),
    ('ja', 'japanese',   ['shift_jis', 'euc-jp', 'iso-2022-jp'],        'ja',    'gettext:ja',         'jp'),
    ('zh', 'chinese',    ['gbk'],                                       'zh_CN', 'gettext:zh_CN',      'cn'),
    ('zt', 'chinese',    ['big5'],                                      'zh_TW', 'gettext:zh_TW',      'tw'),
    ('ko', 'korean',     ['euc-kr'],                                    'ko',    'hunspell:ko_KR',     'kr'),
    ('fr', 'western',    ['windows-1252'],                              'fr',    'hunspell:fr_FR',     'fr'),
    ('de', 'western',    ['windows-1252'],                              'de',    'hunspell:de_DE',     'de'),
    ('es', 'western',    ['windows-1252'],                              'es',    'hunspell:es_ES',     'es'),
    ('pt', 'western',    ['windows-1252'],                              'pt',    'hunspell:pt_PT',     'pt'),
    ('it', 'western',    ['windows-1252'],                              'it',    'hunspell:it_IT',     'it'),
    ('nl', 'western',    ['windows-1252'],                              'nl',    'hunspell:nl_NL',     'nl'),
    ('da', 'western',    ['windows-1252'],                              'da',    'hunspell:da_DK',     'dk'),
    ('sv', 'western',    ['windows-1252'],                              'sv',    'hunspell:sv_SE',     'se'),
    ('is', 'western',    ['windows-1252'],                              'is',    'hunspell:is_IS',     'is'),
]

# Letters a legacy encoding lacks and its pages wrote with a neighbour: Romanian's comma-below
# s and t were written with the cedilla forms that windows-1250 and ISO-8859-2 have.
LEGACY_SPELLING = str.maketrans('șțȘȚ', 'şţŞŢ')

# windows-1258 has the Vietnamese base letters (â ê ô ă ơ ư đ and a few precomposed vowels)
# and writes the tones as combining marks after them, as its converters do.
def encode_1258(text):
    out = bytearray()
    for char in unicodedata.normalize('NFC', text):
        try:
            out += char.encode('cp1258')
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize('NFD', char)
        base = parts[0]
        marks = parts[1:]
        # Keep a circumflex, breve or horn on the base letter where cp1258 has the pair.
        while marks:
            joined = unicodedata.normalize('NFC', base + marks[0])
            if len(joined) != 1 or not can_encode(joined, 'cp1258'):
                break
            base, marks = joined, marks[1:]
        out += (base + marks).encode('cp1258')
    return bytes(out)


def can_encode(text, codec):
    try:
        text.encode(codec)
        return True
    except UnicodeEncodeError:
        return False


def encode(text, encoding):
    """The bytes of `text` in `encoding`, as pages in it were written; raises when a character
    has no place in it."""
    text = text.translate(LEGACY_SPELLING) if encoding in ('windows-1250', 'iso-8859-2') else text
    if encoding == 'windows-1258':
        return encode_1258(text)
    return text.encode(CODECS[encoding])


def family_of(encoding):
    for name, encodings, _ in FAMILIES:
        if encoding in encodings or (encoding == 'koi8-r' and 'koi8-u' in encodings):
            return name
    raise KeyError(encoding)
