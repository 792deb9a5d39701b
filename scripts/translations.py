#!/usr/bin/env python3
"""Regenerate the window's Qt Linguist catalogues and compile them.

    python scripts/translations.py            # update the .ts from the sources, then compile .qm
    python scripts/translations.py --check    # exit 1 if a .ts is stale or a translation is missing
    python scripts/translations.py --merge resources/i18n/pending_x_pt_BR.tsv
                                              # take pt_BR translations from a TSV, then update

Sources: every module of app/vetorbase/gui/ (`self.tr(...)`, `QT_TRANSLATE_NOOP(...)`).
Outputs, in resources/i18n/ (shipped as package data and collected by the PyInstaller spec):
- vetorbase_pt_BR.ts / .qm: the Brazilian Portuguese translation (edit the .ts, in Qt
  Linguist or a text editor, then run this script);
- vetorbase_en.ts / .qm: English plural forms only ("%Ln document(s)" -> "1 document",
  "2 documents"), filled in here by the "(s)"/"(es)" convention of the sources.
A branch that adds views may carry its pt_BR texts as a TSV (context, source, translation;
plural forms separated by "|") instead of editing the .ts, which conflicts on every merge;
`--merge` moves them into vetorbase_pt_BR.ts (only where a message is still untranslated,
and only for messages the sources really have) and reports the rows it could not place.
Both tools ship in the PySide6-Essentials wheel (pyside6-lupdate, pyside6-lrelease), so
nothing else is needed. Obsolete messages are dropped (-no-obsolete).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SOURCES = REPO / "app" / "vetorbase" / "gui"
OUT = REPO / "resources" / "i18n"
LANGS = ("pt_BR", "en")


def tool(name: str) -> str:
    """pyside6-lupdate / pyside6-lrelease from PATH, else the binary inside the PySide6 wheel."""
    found = shutil.which(f"pyside6-{name}")
    if found:
        return found
    import PySide6

    return str(Path(PySide6.__file__).parent / name)


def sources() -> list[str]:
    return sorted(str(p) for p in SOURCES.glob("*.py"))


def lupdate(ts: Path, lang: str) -> None:
    args = [tool("lupdate"), *sources(), "-no-obsolete", "-locations", "none", "-target-language", lang]
    if lang == "en":
        args.append("-pluralonly")
    subprocess.run([*args, "-ts", str(ts)], check=True, capture_output=True, text=True)


def english_forms(source: str) -> tuple[str, str]:
    """("%Ln file(s)") -> ("%Ln file", "%Ln files"); "(es)" and "y(ies)" work the same way."""
    one = re.sub(r"\((?:s|es|ies)\)", "", source)
    many = re.sub(r"y\(ies\)", "ies", source)
    many = re.sub(r"\((s|es)\)", r"\1", many)
    return one, many


def fill_english(ts: Path) -> None:
    tree = ET.parse(ts)
    for message in tree.iter("message"):
        translation = message.find("translation")
        if translation is None or translation.get("type") != "unfinished":
            continue
        forms = english_forms(message.findtext("source") or "")
        for node in list(translation):
            translation.remove(node)
        for text in forms:
            ET.SubElement(translation, "numerusform").text = text
        del translation.attrib["type"]
    tree.write(ts, encoding="utf-8", xml_declaration=True)


def unfinished(ts: Path) -> list[str]:
    tree = ET.parse(ts)
    out = []
    for context in tree.iter("context"):
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is not None and translation.get("type") == "unfinished":
                out.append(f"{context.findtext('name')}: {message.findtext('source')}")
    return out


def read_tsv(tsv: Path) -> dict[tuple[str, str], str]:
    """(context, source) -> translation from a tab-separated file with a header row."""
    import csv

    with open(tsv, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    if rows and not {"context", "source", "translation"} <= set(rows[0]):
        raise SystemExit(f"{tsv}: the header must be context, source, translation (tab-separated)")
    return {(r["context"], r["source"]): r["translation"] for r in rows}


def merge_tsv(ts: Path, table: dict[tuple[str, str], str]) -> list[str]:
    """Fill the untranslated messages of `ts` from `table`; returns the rows left unused."""
    tree = ET.parse(ts)
    used = set()
    for context in tree.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            key = (name, message.findtext("source") or "")
            translation = message.find("translation")
            if key not in table or translation is None or translation.get("type") != "unfinished":
                continue
            used.add(key)
            text = table[key]
            for node in list(translation):
                translation.remove(node)
            if message.get("numerus") == "yes":
                translation.text = None
                for form in text.split("|"):
                    ET.SubElement(translation, "numerusform").text = form
            else:
                translation.text = text
            del translation.attrib["type"]
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    return [f"{c}: {s}" for c, s in sorted(set(table) - used)]


def lrelease(ts: Path) -> Path:
    qm = ts.with_suffix(".qm")
    subprocess.run([tool("lrelease"), str(ts), "-qm", str(qm)], check=True, capture_output=True, text=True)
    return qm


def update(folder: Path) -> list[str]:
    """Update and compile every catalogue in `folder`; returns the untranslated messages."""
    missing = []
    for lang in LANGS:
        ts = folder / f"vetorbase_{lang}.ts"
        lupdate(ts, lang)
        if lang == "en":
            fill_english(ts)
        missing += [f"{ts.name}: {m}" for m in unfinished(ts)]
        lrelease(ts)
    return missing


def check() -> int:
    """Regenerate in a scratch copy; stale or untranslated catalogues fail (for tests and CI)."""
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        for lang in LANGS:
            shutil.copy(OUT / f"vetorbase_{lang}.ts", scratch)
        missing = update(scratch)
        stale = [f"vetorbase_{lang}.ts" for lang in LANGS
                 if (scratch / f"vetorbase_{lang}.ts").read_bytes() != (OUT / f"vetorbase_{lang}.ts").read_bytes()]
        stale += [f"vetorbase_{lang}.qm" for lang in LANGS
                  if (scratch / f"vetorbase_{lang}.qm").read_bytes() != (OUT / f"vetorbase_{lang}.qm").read_bytes()]
    for line in missing:
        print(f"untranslated: {line}")
    for name in stale:
        print(f"stale: resources/i18n/{name} (run python scripts/translations.py)")
    return 1 if missing or stale else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if a catalogue is stale or incomplete")
    parser.add_argument("--merge", type=Path, metavar="TSV",
                        help="take pt_BR translations from TSV (context, source, translation) first")
    args = parser.parse_args()
    if args.check:
        return check()
    OUT.mkdir(parents=True, exist_ok=True)
    if args.merge is not None:
        table = read_tsv(args.merge)
        update(OUT)  # the .ts must list the sources' new messages before they can be filled
        for line in merge_tsv(OUT / "vetorbase_pt_BR.ts", table):
            print(f"not merged (no such untranslated message): {line}")
        print(f"merged {args.merge} into vetorbase_pt_BR.ts")
    missing = update(OUT)
    for line in missing:
        print(f"untranslated: {line}")
    print(f"updated {', '.join(f'vetorbase_{lang}.ts/.qm' for lang in LANGS)} in {OUT}"
          + (f"; {len(missing)} messages still need a translation" if missing else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
