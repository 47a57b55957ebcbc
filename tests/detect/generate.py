#!/usr/bin/env python3
"""Writes tests/detect/pages/ and tests/detect/manifest.tsv: pages that do not say their
encoding, in the legacy encodings browsers detect, to score fetch's detection
(tests/unit/detect_corpus_test.cpp). Deterministic: the same packages give the same pages.

    apt-get install -y hunspell-pl hunspell-cs hunspell-sk hunspell-hu hunspell-sl hunspell-hr \
        hunspell-ro hunspell-lt hunspell-lv myspell-et hunspell-vi hunspell-ru hunspell-uk \
        hunspell-bg hunspell-el hunspell-he hunspell-ar hunspell-tr hunspell-th hunspell-ko \
        hunspell-fr hunspell-de-de hunspell-es hunspell-pt-pt hunspell-it hunspell-nl \
        hunspell-da hunspell-sv hunspell-is
    python3 tests/detect/generate.py

Where the text comes from (the languages, encodings and domains are the table in
src/html/detect_languages.py, which the detector's model is generated from too):
- Words: the hunspell dictionaries under /usr/share/hunspell (the packages above; myspell-et
  for Estonian), read in the encoding each .aff file names (SET: ISO8859-2 for Polish and
  Slovene, ISO8859-13 for Lithuanian, ISO8859-15 for Estonian, ISO8859-7 for Greek, UTF-8 for
  the rest), stems only, proper names left out. A page is a title of 2-5 words and 1-3
  sentences of 4-9 words; half the words are drawn from those with letters outside ASCII, so
  that the letters that tell the encodings apart are there as on real pages, and the title
  always has one (a title windows-1252 would show right needs no detection).
- Japanese and Chinese: no dictionary is packaged, so titles and sentences are translations
  from the gettext catalogs under /usr/share/locale/{ja,zh_CN,zh_TW} (msgstr strings of 4-40
  characters, mostly CJK). The detector's model does not cover these (uchardet decides them).
- Controls: pages of the western languages in windows-1252, which must stay windows-1252, and
  pure-ASCII pages (ASCII words of the same dictionaries), which are UTF-8 by default.
The detector's model is trained on the gettext catalogs of the other languages instead
(src/html/generate_detect_model.py), so no page here is its training text.

Every other page is served, in the test, from its language's country domain (example.pl),
the rest from example.com: the score is reported with and without the domain's hint.
"""
import glob
import os
import random
import re
import struct
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(HERE, '..', '..', 'src', 'html'))
import detect_languages as table  # noqa: E402

HUNSPELL = '/usr/share/hunspell'
LOCALE_ROOT = '/usr/share/locale'
SEED = 29
# Pages per language and encoding, so that each family has at least 20.
PAGES = {'central': 4, 'baltic': 4, 'vietnamese': 24, 'cyrillic': 3, 'greek': 10, 'hebrew': 10,
         'arabic': 10, 'turkish': 20, 'thai': 20, 'japanese': 7, 'chinese': 10, 'korean': 20,
         'western': 3}
ASCII_PAGES = 12
NO_SPACES = {'th'}  # Thai writes no spaces between words; phrases are separated by one


def dictionary_words(name):
    aff = open(os.path.join(HUNSPELL, name + '.aff'), 'rb').read()
    match = re.search(rb'^SET\s+(\S+)', aff, re.M)
    encoding = match.group(1).decode().lower().replace('iso8859', 'iso-8859') if match else 'utf-8'
    lines = open(os.path.join(HUNSPELL, name + '.dic'), 'rb').read().decode(encoding).split('\n')[1:]
    words = set()
    for line in lines:
        word = unicodedata.normalize('NFC', line.split('/')[0].split('\t')[0].strip())
        if 2 <= len(word) <= 14 and all(c.isalpha() or unicodedata.category(c)[0] == 'M' for c in word):
            if not (word[0].isupper() and name != 'de_DE'):  # proper names are not text
                words.add(word)
    return sorted(words)


def read_mo(path):
    data = open(path, 'rb').read()
    order = '<' if struct.unpack('<I', data[:4])[0] == 0x950412DE else '>'
    count, _, translations = struct.unpack(order + '3I', data[8:20])
    for i in range(1, count):
        length, offset = struct.unpack(order + '2I', data[translations + 8 * i:translations + 8 * i + 8])
        yield from data[offset:offset + length].decode('utf-8', 'replace').split('\0')


def is_cjk(char):
    return unicodedata.name(char, '').startswith(('CJK', 'HIRAGANA', 'KATAKANA'))


def catalog_phrases(locale):
    phrases = set()
    for path in sorted(glob.glob(os.path.join(LOCALE_ROOT, locale, 'LC_MESSAGES', '*.mo'))):
        if os.path.basename(path).startswith(('iso_', 'xkeyboard')):
            continue
        for text in read_mo(path):
            text = text.strip()
            if 4 <= len(text) <= 40 and '%' not in text and '\n' not in text and '_' not in text:
                if sum(map(is_cjk, text)) >= 0.7 * len(text):
                    phrases.add(text)
    return sorted(phrases)


def encodable(text, encoding):
    try:
        table.encode(text, encoding)
        return True
    except UnicodeEncodeError:
        return False


def misread(text, encoding):
    """True when windows-1252 would show `text`, written in `encoding`, otherwise."""
    raw = table.encode(text, encoding)
    return raw.decode('cp1252', 'replace') != raw.decode(table.CODECS[encoding], 'replace')


class Words:
    def __init__(self, words, encoding):
        self.all = [w for w in words if encodable(w, encoding)]
        self.marked = [w for w in self.all if any(c >= '\x80' for c in w)]
        self.telling = [w for w in self.marked if misread(w, encoding)] or self.marked

    def pick(self, rng, count):
        return [rng.choice(self.marked if rng.random() < 0.5 and self.marked else self.all) for _ in range(count)]


def sentence(words, rng, code, low, high):
    chosen = words.pick(rng, rng.randint(low, high))
    if code in NO_SPACES:
        text = ' '.join(''.join(chosen[i:i + 3]) for i in range(0, len(chosen), 3))
    else:
        text = ' '.join(chosen)
    return text[:1].upper() + text[1:]


def word_title(words, rng):
    title = words.pick(rng, rng.randint(1, 4))
    title.insert(rng.randint(0, len(title)), rng.choice(words.telling))
    text = ' '.join(title)
    return text[:1].upper() + text[1:]


def word_page(words, rng, code):
    title = word_title(words, rng)
    stop = '' if code in NO_SPACES else '.'
    body = ' '.join(sentence(words, rng, code, 4, 9) + stop for _ in range(rng.randint(1, 3)))
    return title, body


def phrase_page(phrases, rng):
    titles = [p for p in phrases if len(p) <= 16]
    body = ''.join(rng.choice(phrases) + ('。' if rng.random() < 0.5 else '') for _ in range(rng.randint(2, 4)))
    return rng.choice(titles), body


HEADS = [
    '<!DOCTYPE html>\n<html><head><title>{title}</title></head>\n<body><h1>{title}</h1>\n<p>{body}</p>\n</body></html>\n',
    '<html lang="{lang}">\n<head>\n<meta name="viewport" content="width=device-width">\n<title>{title}</title>\n'
    '<link rel="stylesheet" href="/style.css">\n</head>\n<body>\n<div class="main"><p>{body}</p></div>\n</body>\n</html>\n',
    '<!doctype html><title>{title}</title><body><nav><a href="/">Home</a></nav><article>{body}</article>\n',
]


def html(title, body, lang, rng):
    return rng.choice(HEADS).format(title=title, body=body, lang=lang)


def language_pages(code, family, encodings, source, tld, rows):
    kind, name = source.split(':')
    rng = random.Random('%s-%d' % (code, SEED))
    pool = dictionary_words(name) if kind == 'hunspell' else catalog_phrases(name)
    for encoding in encodings:
        if kind == 'hunspell':
            words = Words(pool, encoding)
        else:
            phrases = [p for p in pool if encodable(p, encoding)]
        for i in range(PAGES[family]):
            title, body = word_page(words, rng, code) if kind == 'hunspell' else phrase_page(phrases, rng)
            host = 'example.' + (tld if len(rows) % 2 == 0 else 'com')
            page = html(title, body, code, rng)
            rows.append((encoding, code, family, host, title, table.encode(page, encoding)))


def ascii_pages(rows):
    rng = random.Random('ascii-%d' % SEED)
    words = [w for w in dictionary_words('fr_FR') + dictionary_words('it_IT') if w.isascii()]
    for _ in range(ASCII_PAGES):
        title = ' '.join(rng.choice(words) for _ in range(rng.randint(2, 5))).capitalize()
        body = ' '.join(' '.join(rng.choice(words) for _ in range(8)).capitalize() + '.' for _ in range(2))
        rows.append(('utf-8', 'ascii', 'ascii', 'example.com', title, html(title, body, 'en', rng).encode()))


def write(rows):
    pages = os.path.join(HERE, 'pages')
    os.makedirs(pages, exist_ok=True)
    for old in glob.glob(os.path.join(pages, '*.html')):
        os.remove(old)
    with open(os.path.join(HERE, 'manifest.tsv'), 'w', encoding='utf-8') as manifest:
        manifest.write('# file\tencoding\tlanguage\tfamily\thost\ttitle (as written, UTF-8)\n')
        for i, (encoding, code, family, host, title, data) in enumerate(rows):
            name = '%03d-%s-%s.html' % (i, code, encoding)
            with open(os.path.join(pages, name), 'wb') as f:
                f.write(data)
            manifest.write('\t'.join([name, encoding, code, family, host, title]) + '\n')


def main():
    rows = []
    for code, family, encodings, _, source, tld in table.LANGUAGES:
        language_pages(code, family, encodings, source, tld, rows)
    ascii_pages(rows)
    write(rows)
    print('%d pages, %d bytes' % (len(rows), sum(len(r[5]) for r in rows)), file=sys.stderr)


if __name__ == '__main__':
    main()
