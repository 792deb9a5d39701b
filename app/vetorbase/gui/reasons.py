"""Why a file was not added, in the window's words and language.

The ingestion library explains itself in English for the CLI and logs, naming its own
parameters (`max_file_mb`). The window shows the common reasons translated and points at
what a person can change here (Settings › Largest file); anything unrecognised is shown
as the library wrote it, never hidden.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QObject


class Reasons(QObject):
    """Pattern -> translated text; groups of the pattern fill %1, %2..."""

    def rules(self) -> list[tuple[re.Pattern[str], Callable[[], str]]]:
        return [
            (re.compile(r"^too large: ([\d.,]+) MB \(limit ([\d.,]+) MB for this file type; raise max_file_mb to ingest it\)$"),
             lambda: self.tr("too large: %1 MB (the limit is %2 MB for this type); raise “Largest file” in "
                             "Settings to add it")),
            (re.compile(r"^too large: grew past ([\d.,]+) MB while being read$"),
             lambda: self.tr("too large: grew past %1 MB while being read; raise “Largest file” in Settings")),
            (re.compile(r"^too large: (?:more than )?([\d,]+) characters of text.*$"),
             lambda: self.tr("too large: more than %1 characters of text; raise “Largest file” in Settings")),
            (re.compile(r"^unsupported file type (\.\w+).*$"), lambda: self.tr("unsupported file type %1")),
            (re.compile(r"^unchanged \(same sha256\)$|^unchanged since it was last added$"),
             lambda: self.tr("unchanged since it was last added")),
            (re.compile(r"^duplicate of (.*) \(same sha256\)$"),
             lambda: self.tr("not added: the base holds the same content as %1")),
            (re.compile(r"^same content as (.*)$"), lambda: self.tr("the base also holds the same content as %1")),
            (re.compile(r"^empty file \(0 bytes\)$"), lambda: self.tr("empty file")),
            (re.compile(r"^file vanished before it could be read$"), lambda: self.tr("the file disappeared before it could be read")),
            (re.compile(r"^cannot read: permission denied$"), lambda: self.tr("cannot read it: permission denied")),
            (re.compile(r"^not a regular file$"), lambda: self.tr("not a regular file")),
            (re.compile(r"^encrypted PDF: a password is needed to read it$"),
             lambda: self.tr("encrypted PDF: a password is needed to read it")),
            (re.compile(r"^broken PDF: (.*)$"), lambda: self.tr("damaged PDF: %1")),
            (re.compile(r"^broken DOCX: (.*)$"), lambda: self.tr("damaged Word file: %1")),
            (re.compile(r"^no text found(.*)$"), lambda: self.tr("no text found%1")),
            (re.compile(r"^embedding failed: (.*)$"), lambda: self.tr("the embedder failed: %1")),
            (re.compile(r"^cancelled; nothing of it was stored$"), lambda: self.tr("cancelled; nothing of it was stored")),
            (re.compile(r"^cancelled before it started$"), lambda: self.tr("cancelled before it started")),
            (re.compile(r"^no supported content found in this file$"),
             lambda: self.tr("no supported content found in this file")),
            (re.compile(r"^waiting for the next start$"), lambda: self.tr("kept in the queue for the next start")),
        ]

    def translate(self, reason: str) -> str:
        for pattern, text in self.rules():
            match = pattern.match(reason)
            if match:
                out = text()
                for i, group in enumerate(match.groups(), start=1):
                    out = out.replace(f"%{i}", group or "")
                return out
        return reason


_reasons: Reasons | None = None


def explain(reason: str) -> str:
    """`reason` from the ingestion library, as the window shows it."""
    global _reasons
    if _reasons is None:
        _reasons = Reasons()
    return _reasons.translate(reason)
