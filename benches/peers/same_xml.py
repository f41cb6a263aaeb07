#!/usr/bin/env python3
"""Whether two XML files carry the same document: same elements in the same order, same
attributes and values, text ignored where it is only whitespace (the peers' indentation and
escaping differ; the content must not). Streams both files; exit 0 when equal.

usage: same_xml.py A.xml B.xml"""
import sys
import xml.etree.ElementTree as ET


def events(path):
    for event, element in ET.iterparse(path, events=("start", "end")):
        if event == "start":
            yield ("start", element.tag, tuple(sorted(element.attrib.items())))
        else:
            text = (element.text or "").strip()
            if text:
                yield ("text", text)
            yield ("end", element.tag)
            element.clear()


def main():
    a, b = sys.argv[1], sys.argv[2]
    for n, (x, y) in enumerate(zip(events(a), events(b))):
        if x != y:
            print(f"{a} and {b} differ at event {n}: {x} / {y}")
            return 1
    # zip stops at the shorter: check both ended together.
    ea, eb = sum(1 for _ in events(a)), sum(1 for _ in events(b))
    if ea != eb:
        print(f"{a} has {ea} events, {b} has {eb}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
