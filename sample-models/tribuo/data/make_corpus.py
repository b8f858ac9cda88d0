#!/usr/bin/env python3
"""Makes the text sample's corpus: one-line descriptions of Debian packages, labelled with the package's section.

Reads `apt-cache dumpavail` (Debian's package lists, after `apt-get update`) and writes, next to this script,
packages-train.jsonl and packages-validation.jsonl: one {"label": SECTION, "text": SYNOPSIS} per line, the same
number of packages from each section. Packages are chosen by a hash of their name, so the choice does not depend on
the order of the lists; run on the same lists, the script writes the same bytes.
"""
import hashlib
import json
import os
import re
import subprocess

SECTIONS = ["games", "sound", "graphics", "science", "mail", "database"]
TRAIN, VALIDATION = 160, 40
# Packaging by-products whose descriptions say little about the program: documentation, data, debug symbols, headers.
SKIP = re.compile(r"(-doc|-data|-dbg|-dbgsym|-dev|-common|-tests?)$|^lib")


def records(text):
    for block in text.split("\n\n"):
        fields, key = {}, None
        for line in block.splitlines():
            if line.startswith((" ", "\t")) and key:
                fields[key] += "\n" + line
            elif ":" in line:
                key, _, value = line.partition(":")
                fields[key] = value.strip()
        if "Package" in fields:
            yield fields


def synopsis(fields):
    """The Description field's first line (the lists carry no long descriptions without Translation files)."""
    return re.sub(r"\s+", " ", fields.get("Description", "").split("\n")[0]).strip()


def main():
    dump = subprocess.run(["apt-cache", "dumpavail"], check=True, capture_output=True, text=True).stdout
    chosen = {s: {} for s in SECTIONS}
    for fields in records(dump):
        section, name = fields.get("Section", ""), fields["Package"]
        if section in chosen and not SKIP.search(name):
            text = synopsis(fields)
            if len(text) >= 12 and text not in chosen[section].values():
                chosen[section][name] = text
    here = os.path.dirname(os.path.abspath(__file__))
    train, validation = [], []
    for section in SECTIONS:
        names = sorted(chosen[section], key=lambda n: hashlib.sha256(n.encode()).hexdigest())
        if len(names) < TRAIN + VALIDATION:
            raise SystemExit(f"section {section} has only {len(names)} usable packages")
        rows = [{"label": section, "text": chosen[section][n]} for n in names[:TRAIN + VALIDATION]]
        train += rows[:TRAIN]
        validation += rows[TRAIN:]
    order = lambda row: hashlib.sha256(row["text"].encode()).hexdigest()
    for name, rows in (("packages-train.jsonl", train), ("packages-validation.jsonl", validation)):
        with open(os.path.join(here, name), "w", encoding="utf-8") as out:
            for row in sorted(rows, key=order):
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"{name}: {len(rows)} packages")


if __name__ == "__main__":
    main()
