#!/usr/bin/env python3
"""Reads a robots.txt with Python's own parser, urllib.robotparser, as a
crawler built on it would: for each crawler name on stdin (one a line),
prints "<name><TAB>allowed" or "<name><TAB>disallowed" for the URL given.

Usage: robots_txt_check.py ROBOTS_TXT_FILE URL < names
"""
import sys
import urllib.robotparser


def main():
    robots_file, url = sys.argv[1], sys.argv[2]
    parser = urllib.robotparser.RobotFileParser()
    with open(robots_file, encoding="utf-8") as f:
        parser.parse(f.read().splitlines())
    for line in sys.stdin:
        name = line.rstrip("\n")
        if name:
            verdict = "allowed" if parser.can_fetch(name, url) else "disallowed"
            print(f"{name}\t{verdict}")


if __name__ == "__main__":
    main()
