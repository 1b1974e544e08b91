#!/usr/bin/env python3
"""Strict check of OFX documents (requests or responses) with ofxtools.

Usage: ofxtools_check.py FILE...
Prints one line per file: "OK <file>" when ofxtools parses the header, builds the element tree and
converts it into its typed models (ofxtools validates element order, required elements, enum values
and lengths while converting), else "FAIL <file>: <stage>: <error>". Exit status 0 when every file is OK.
"""
import sys

from ofxtools.Parser import OFXTree


def check(path):
    tree = OFXTree()
    try:
        tree.parse(path)
    except Exception as e:  # noqa: BLE001 - any failure is the answer
        return f"parse: {type(e).__name__}: {e}"
    try:
        tree.convert()
    except Exception as e:  # noqa: BLE001
        return f"convert: {type(e).__name__}: {e}"
    return None


def main(paths):
    bad = 0
    for p in paths:
        err = check(p)
        if err is None:
            print(f"OK {p}")
        else:
            bad += 1
            print(f"FAIL {p}: {' '.join(str(err).split())[:400]}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
