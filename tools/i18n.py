"""Keeps the message catalogs in step with the code.

    python tools/i18n.py [FRAGMENT.po ...]

Extracts every message from planner/, updates the Indonesian and English
catalogs, fills untranslated Indonesian entries from the given fragments,
compiles both catalogs, and lists what is still untranslated.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "planner" / "locale"
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}


def extract() -> Catalog:
    template = Catalog(project="planner", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
        str(ROOT / "planner"), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        template.add(message, None, [(f"planner/{filename}", lineno)],
                     auto_comments=comments, context=context)
    return template


def load(path: Path, locale: str) -> Catalog:
    if not path.exists():
        return Catalog(locale=locale, project="planner", charset="utf-8")
    with path.open("rb") as fh:
        return read_po(fh, locale=locale)


# Plural messages, whose single Indonesian form is kept here rather than in a fragment.
PLURALS = {"{n} time": "{n} kali"}


def _translated(message: object) -> bool:
    string = getattr(message, "string", "")
    if isinstance(string, tuple):
        return all(string)
    return bool(string)


def main(fragments: list[str]) -> int:
    template = extract()
    memory: dict[str, str] = dict(PLURALS)
    for fragment in fragments:
        for message in load(Path(fragment), "id"):
            if not message.id or not _translated(message):
                continue
            if isinstance(message.id, tuple):
                memory[message.id[0]] = str(message.string[0])
            else:
                memory[message.id] = str(message.string)
    untranslated: list[str] = []
    for lang in ("id", "en"):
        po_path = LOCALE / lang / "LC_MESSAGES" / "planner.po"
        po_path.parent.mkdir(parents=True, exist_ok=True)
        catalog = load(po_path, lang)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        if lang == "en":
            # The message ids are the English text: an English entry never differs.
            for message in catalog:
                if message.id:
                    message.string = ("",) * len(message.id) if isinstance(message.id, tuple) else ""
        if lang == "id":
            for message in catalog:
                key = message.id[0] if isinstance(message.id, tuple) else message.id
                if key and not _translated(message) and key in memory:
                    # Indonesian has one plural form: the same text for every count.
                    text = memory[key]
                    message.string = (text,) if isinstance(message.id, tuple) else text
                if key and not _translated(message):
                    untranslated.append(str(key))
        with po_path.open("wb") as fh:
            write_po(fh, catalog, width=100, omit_header=False, sort_output=True)
        with po_path.with_suffix(".mo").open("wb") as fh:
            write_mo(fh, catalog)
    for message in untranslated:
        print(f"untranslated: {message!r}")
    print(f"{len(template)} messages, {len(untranslated)} without Indonesian text")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
