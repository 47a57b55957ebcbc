#!/usr/bin/env python3
"""Writes src/html/detect_model.inc: what detect.cpp's scorer knows of the single-byte
encodings and of the languages written in them.

Run once when the model should change (Debian's python3, no other module):
    python3 src/html/generate_detect_model.py > src/html/detect_model.inc

For each single-byte encoding of detect_languages.FAMILIES: what each byte 0x80-0xFF decodes to
(exactly, and case-folded) and what kind of character that is: l a lower-case or caseless
letter (or combining mark), u an upper-case letter, p punctuation every language writes alike
between words (spaces, dashes, quotation marks, brackets, ellipses), o punctuation that only
opens a word (¿ ¡), s any other character, x none (a C1 control or an unmapped byte).

For each language: its alphabet (the non-ASCII characters its text uses, letters and symbols
such as º, but not the shared punctuation) and how likely each pair of adjacent characters is,
as a table over classes: 0 between words (ASCII spaces, digits, punctuation, markup, and the
shared punctuation), 1 a letter the language does not use, 2 another character it does not
use, 3 no character, then the ASCII letters (each its own class for Latin-script languages,
one class for the others), then the alphabet. Only pairs with a character of the alphabet in
them are counted: the others are the same in every reading. Scores are log2 probabilities in
half bits, written as one base64 digit each (A = 0, most likely; / = 63, least): a pair never
seen scores what half an occurrence would; a letter or character outside the language, and an
ASCII letter right next to a letter of another script, the worst score.

The text: the translations (msgstr) of the gettext catalogs Debian packages install under
/usr/share/locale/<locale>/LC_MESSAGES, real sentences in each language written by its
translators. Catalogs of names (iso-codes: countries, languages, currencies) and of keyboard
layouts (which name other scripts) are left out. Each language's text is written as its
legacy encoding holds it (detect_languages.encode: Romanian's comma-below letters as
cedillas, Vietnamese tones as windows-1258's combining marks) before it is counted. The
corpus that scores the model (tests/detect/) takes its words from dictionaries instead, so the
model is never scored on its own training text.
"""
import glob
import math
import os
import struct
import sys
import unicodedata

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import detect_languages as table  # noqa: E402

LOCALE_ROOT = '/usr/share/locale'
MAX_TEXT = 3_000_000          # characters of training text per language, at most
MIN_SHARE = 0.0005            # of the non-ASCII characters, for a character to be in the alphabet
MIN_COUNT = 10
BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
WORST = 63
SKIPPED_DOMAINS = ('iso_', 'xkeyboard-config')


def read_mo(path):
    """The msgstr texts of a compiled gettext catalog."""
    with open(path, 'rb') as f:
        data = f.read()
    magic = struct.unpack('<I', data[:4])[0]
    order = '<' if magic == 0x950412DE else '>'
    count, _, translations = struct.unpack(order + '3I', data[8:20])
    texts = []
    for i in range(1, count):  # entry 0 is the catalog's header
        length, offset = struct.unpack(order + '2I', data[translations + 8 * i:translations + 8 * i + 8])
        texts.extend(data[offset:offset + length].decode('utf-8', 'replace').split('\0'))
    return texts


def training_text(locale):
    paths = sorted(glob.glob(os.path.join(LOCALE_ROOT, locale, 'LC_MESSAGES', '*.mo')))
    used, parts, size = [], [], 0
    for path in paths:
        domain = os.path.basename(path)[:-3]
        if domain.startswith(SKIPPED_DOMAINS):
            continue
        used.append(domain)
        for text in read_mo(path):
            parts.append(text)
            size += len(text) + 1
        if size >= MAX_TEXT:
            break
    return '\n'.join(parts)[:MAX_TEXT], used


def fold(char):
    if char == '\u0130':  # Turkish dotted capital I: 'i', not 'i' + combining dot
        return 'i'
    lower = char.lower()
    return lower if len(lower) == 1 else char


OPENING = '\u00BF\u00A1'  # ¿ ¡: only ever before a word


def neutral(char):
    """Spaces, dashes, quotation marks, brackets and ellipses, which every language writes
    alike between its words: no part of any model. (Other punctuation, such as the pilcrow,
    is a symbol: text does not put it next to a letter.)"""
    return unicodedata.category(char) in ('Zs', 'Pd', 'Pi', 'Pf', 'Ps', 'Pe') or char in '\u2026\u2022\u00B7'


def kind(char):
    if char is None:
        return 'x'
    category = unicodedata.category(char)
    if category == 'Lu' or category == 'Lt':
        return 'u'
    if category[0] == 'L' or category[0] == 'M':
        return 'l'
    if char in OPENING:
        return 'o'
    return 'p' if neutral(char) else 's'


def decode_byte(encoding, byte):
    try:
        char = bytes([byte]).decode(table.CODECS[encoding])
    except UnicodeDecodeError:
        return None
    return None if 0x80 <= ord(char) < 0xA0 else char


def as_decoded(text, encoding):
    """`text` as a page in `encoding` shows it: what the encoding cannot hold becomes a space."""
    shown = {}
    for char in set(text):
        try:
            raw = table.encode(char, encoding)
        except UnicodeEncodeError:
            shown[char] = ' '
            continue
        shown[char] = ''.join((decode_byte(encoding, b) or ' ') if b >= 0x80 else chr(b) for b in raw)
    return ''.join(shown[char] for char in text)


class Language:
    def __init__(self, code, family, encodings, locale):
        self.code, self.family, self.encodings = code, family, encodings
        raw, self.domains = training_text(locale)
        self.text = as_decoded(unicodedata.normalize('NFC', raw), encodings[0])
        self.latin = family in table.LATIN_SCRIPT

    def build(self):
        counts = {}
        for char in self.text:
            if char >= '\x80' and not neutral(char):
                folded = fold(char)
                counts[folded] = counts.get(folded, 0) + 1
        total = sum(counts.values())
        self.alphabet = sorted(c for c, n in counts.items() if n >= max(MIN_COUNT, MIN_SHARE * total))
        self.ascii_classes = 26 if self.latin else 1
        self.size = 4 + self.ascii_classes + len(self.alphabet)
        self.count_pairs()

    def class_of(self, char):
        if char < '\x80' or neutral(char):
            if not char.isalpha():
                return 0
            return 4 + (ord(char.lower()) - ord('a') if self.latin else 0)
        folded = fold(char)
        if folded in self.alphabet:
            return 4 + self.ascii_classes + self.alphabet.index(folded)
        return None  # rare in this language's text: not counted

    def count_pairs(self):
        first_own = 4 + self.ascii_classes
        pairs = {}
        previous = 0
        lookup = {}
        for char in self.text:
            if char not in lookup:
                lookup[char] = self.class_of(char)
            current = lookup[char]
            if current is not None and previous is not None and (current >= first_own or previous >= first_own):
                pairs[(previous, current)] = pairs.get((previous, current), 0) + 1
            previous = current
        self.pairs = pairs
        self.pair_total = sum(pairs.values())

    def mixes_scripts(self, a, b):
        """An ASCII letter right next to a letter of another script: a misreading, whatever the
        catalogs' markup and placeholders glued together."""
        if self.latin:
            return False
        first_own = 4 + self.ascii_classes
        return (a == 4 and b >= first_own) or (b == 4 and a >= first_own)

    def scores(self):
        out = []
        for a in range(self.size):
            for b in range(self.size):
                if 1 <= a <= 3 or 1 <= b <= 3 or self.mixes_scripts(a, b):
                    out.append(BASE64[WORST])
                    continue
                count = self.pairs.get((a, b), 0) + 0.5
                half_bits = round(-2 * math.log2(count / self.pair_total))
                out.append(BASE64[min(WORST - 1, half_bits)])
        return ''.join(out)


def u32(text):
    return 'U"' + ''.join('\\u%04X' % ord(c) for c in text) + '"'


def write_encoding(encoding, family):
    chars = [decode_byte(encoding, b) for b in range(0x80, 0x100)]
    exact = ''.join(c if c else '\uFFFD' for c in chars)
    folded = ''.join(fold(c) if c else '\uFFFD' for c in chars)
    kinds = ''.join(kind(c) for c in chars)
    print('{"%s", "%s",' % (encoding, family))
    print(' %s,' % u32(exact))
    print(' %s,' % u32(folded))
    print(' "%s"},' % kinds)


def write_language(language):
    print('// %s: %d characters of text from %s; %d pairs counted' % (
        language.code, len(language.text), ' '.join(language.domains), language.pair_total))
    print('{"%s", "%s", %s, "%s",' % (language.code, language.family, 'true' if language.latin else 'false',
                                      ' '.join(e if e != 'koi8-r' else 'koi8-u' for e in language.encodings)))
    print(' %s,' % u32(''.join(language.alphabet)))
    scores = language.scores()
    print(' ' + '\n '.join('"%s"' % scores[i:i + 100] for i in range(0, len(scores), 100)) + '},')


def main():
    single_byte = [(family, e) for family, encodings, _ in table.FAMILIES
                   if family not in table.MULTI_BYTE for e in encodings]
    print('// Generated by src/html/generate_detect_model.py from detect_languages.py and the gettext')
    print('// catalogs of Debian packages. Do not edit: change the script and run it again.')
    print('#ifdef FETCH_DETECT_FAMILIES')
    for family, encodings, tlds in table.FAMILIES:
        print('{"%s", "%s", "%s", %s},' % (family, ' '.join(encodings), tlds,
                                            'true' if family in table.MULTI_BYTE else 'false'))
    print('#endif')
    print('#ifdef FETCH_DETECT_ENCODINGS')
    for family, encoding in single_byte:
        write_encoding(encoding, family)
    print('#endif')
    print('#ifdef FETCH_DETECT_LANGUAGES')
    for code, family, encodings, locale, _, _ in table.LANGUAGES:
        if family in table.MULTI_BYTE:
            continue
        language = Language(code, family, encodings, locale)
        language.build()
        write_language(language)
        print('%s: %d classes, %d pairs' % (code, language.size, language.pair_total), file=sys.stderr)
    print('#endif')


if __name__ == '__main__':
    main()
