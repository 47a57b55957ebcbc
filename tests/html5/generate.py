#!/usr/bin/python3
"""Generates tests/html5/cases.jsonl from html5lib-tests' tree-construction suite.

Each document test of the suite (fragment tests and scripting-off tests are left out: fetch
parses whole documents, with scripting on as browsers do) becomes a case whose expected title
is read from the test's own expected tree, following document.title: the first <title> of
the HTML namespace in tree order, outside template contents, its child text with ASCII white
space stripped and collapsed (null when there is none).

Each test also becomes a second case: the same document with a title appended. No expected
tree exists for that one, so its title comes from html5lib (Debian's python3-html5lib, the
suite's reference implementation), and only for tests where html5lib builds exactly the
suite's expected tree for the original document, and that have no <select>: html5lib 1.1
predates the 2025 customizable-select rules (it still drops a title inside a select, where
the standard now parses it as anywhere in the body), and it keeps template contents inline.
The others are counted and left out; the suite's own trees cover them.

The suite left html5lib-tests' main branch when it moved to WPT; this reads it as it was at
commit 9329e64 (June 2026):

    git -C html5lib-tests show 9329e64:tree-construction/<file>.dat > DIR/<file>.dat  (each file)
    tests/html5/generate.py DIR > tests/html5/cases.jsonl

The output is committed; the tests need no Python.
"""
import glob
import json
import os
import re
import sys

import html5lib

HTML_NS = "{http://www.w3.org/1999/xhtml}"
APPENDED = "<title>fetch appended</title>"
WHITESPACE = re.compile(r"[\t\n\f\r ]+")


def collapse(text):
    return WHITESPACE.sub(" ", text).strip(" ")


def read_tests(path):
    """Yields (line, {section: text}) for each test of a .dat file."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    test, section, start = None, None, 0
    for number, line in enumerate(lines, 1):
        if line == "#data" and (test is None or section in ("document", None)):
            if test is not None:
                yield start, test
            test, section, start = {"data": []}, "data", number
            continue
        if line.startswith("#") and test is not None and (section != "document" or line in ("#data",)):
            section = line[1:]
            test[section] = []
            continue
        if test is not None:
            test[section].append(line)
    if test is not None:
        yield start, test


def expected_title(document_lines):
    """The title document.title gives for the serialised tree of a .dat test."""
    nodes = []  # (depth, kind, text): kind is "element NAME", "text", "content", ...
    text_depth, text = None, None
    for line in document_lines:
        if text is not None:  # a text node spanning lines
            text += "\n" + line
            if line.endswith('"'):
                nodes.append((text_depth, "text", text[1:-1]))
                text = None
            continue
        if not line.startswith("| "):
            continue
        body = line[2:]
        depth = (len(body) - len(body.lstrip(" "))) // 2
        body = body.lstrip(" ")
        if body.startswith('"'):
            if len(body) > 1 and body.endswith('"'):
                nodes.append((depth, "text", body[1:-1]))
            else:
                text_depth, text = depth, body
        elif body.startswith("<") and not body.startswith("<!"):
            nodes.append((depth, "element " + body[1:-1], None))
        elif body == "content":
            nodes.append((depth, "content", None))
        else:
            nodes.append((depth, "other", None))
    skip_below = None
    for i, (depth, kind, _) in enumerate(nodes):
        if skip_below is not None:
            if depth > skip_below:
                continue
            skip_below = None
        if kind == "content":  # template contents are not in the document
            skip_below = depth
            continue
        if kind == "element title":
            parts = []
            for child_depth, child_kind, child_text in nodes[i + 1:]:
                if child_depth <= depth:
                    break
                if child_depth == depth + 1 and child_kind == "text":
                    parts.append(child_text)
            return collapse("".join(parts))
    return None


def html5lib_tree(data):
    """html5lib's tree for `data` in the suite's notation, and the document itself."""
    builder = html5lib.getTreeBuilder("etree")
    parser = html5lib.HTMLParser(tree=builder, namespaceHTMLElements=True)
    document = parser.parse(data, scripting=True)
    lines = []
    # The serialiser starts from the document node: one level deeper than the suite writes it.
    for line in parser.tree.testSerializer(parser.tree.document._element).split("\n")[1:]:
        if line.startswith("<!DOCTYPE"):
            line = "| " + line
        elif line.startswith("|"):  # a node; other lines continue a text node
            line = "| " + re.sub(r"<html ([^>]*)>", r"<\1>", line[3:])
        lines.append(line)
    return lines, document


def html5lib_title(data):
    document = html5lib_tree(data)[1]
    def walk(element, in_template):
        if element.tag == HTML_NS + "title" and not in_template:
            return element
        for child in element:
            found = walk(child, in_template or element.tag == HTML_NS + "template")
            if found is not None:
                return found
        return None
    title = walk(document, False)
    if title is None:
        return None
    return collapse(title.text or "")  # its text before the first child element


def main(directory):
    cases, left_out = [], 0
    for path in sorted(glob.glob(os.path.join(directory, "*.dat"))):
        name = os.path.basename(path)
        for line, test in read_tests(path):
            if "document-fragment" in test or "script-off" in test or "document" not in test:
                continue
            data = "\n".join(test["data"])
            expected = expected_title(test["document"])
            where = f"{name}:{line}"
            cases.append({"where": where, "input": data, "title": expected})
            if "<select" in data.lower() or html5lib_tree(data)[0] != [line for line in test["document"] if line]:
                left_out += 1
                continue
            cases.append({"where": where + "+title", "input": data + APPENDED, "title": html5lib_title(data + APPENDED)})
    for case in cases:
        print(json.dumps(case, ensure_ascii=False))
    print(f"{len(cases)} cases; {left_out} appended variants left out (html5lib disagrees with the suite)",
          file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
