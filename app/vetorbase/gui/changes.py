"""What other programs changed, told in one sentence per program for a whole burst.

A command-line `add` of five files is five commits, and the watcher may catch them in
two or three refreshes; one notice that grows ("5 documents added") reads right, three
notices ("1 added", "4 added") read as a miscount. The digest is built from the commit
log's own summaries (documents added, replaced, removed, with names), never from chunk
totals, and says which program made each change: the window, the command line, a worker.
"""

from __future__ import annotations

import socket
import time
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject

#: The window writes as "vetorbase-window@host"; the CLI as "vetorbase@host" (clihelp.cli_origin).
WINDOW_PROGRAM = "vetorbase-window"
CLI_PROGRAM = "vetorbase"
WORKER_PROGRAMS = frozenset({"qcluster", "manage", "django-admin", "celery", "rq", "gunicorn", "uwsgi", "daphne"})
NAMES_SHOWN = 3  # list names up to this many documents; beyond, the count alone
BURST_SECONDS = 8.0  # changes closer together than this are told as one burst


def window_origin() -> str:
    """The author name of the window's own writes, distinct from the CLI's."""
    return f"{WINDOW_PROGRAM}@{socket.gethostname()}"


@dataclass
class _Author:
    added: dict[str, None] = field(default_factory=dict)  # names, insertion-ordered
    replaced: dict[str, None] = field(default_factory=dict)
    removed: dict[str, None] = field(default_factory=dict)
    n_added: int = 0
    n_replaced: int = 0
    n_removed: int = 0
    restored: dict[str, None] = field(default_factory=dict)  # documents brought back from the trash
    n_restored: int = 0
    n_emptied: int = 0  # documents deleted from the trash for good
    moved: list[tuple[str, str]] = field(default_factory=list)  # (old, new) sources, renames
    chunks_added: int = 0  # chunk-level changes to documents that stayed
    chunks_removed: int = 0
    moved_to: str = ""  # a re-embedding: "embedder (dim-d)"


def _name(source: str) -> str:
    return source.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] or source


class ChangeDigest:
    """Commits of one burst, by author; `text()` is the notice."""

    def __init__(self) -> None:
        self.authors: dict[str, _Author] = {}
        self.seqs: set[int] = set()
        self.last_at = time.monotonic()

    def add(self, commits: list[dict[str, Any]]) -> None:
        for commit in sorted(commits, key=lambda c: c["seq"]):
            if commit["seq"] in self.seqs:
                continue
            self.seqs.add(commit["seq"])
            self._add_one(commit)
        self.last_at = time.monotonic()

    def _add_one(self, c: dict[str, Any]) -> None:
        who = self.authors.setdefault(str(c.get("origin") or ""), _Author())
        if c.get("kind") == "empty_trash":
            who.n_emptied += int(c.get("trash_documents") or 0)
            return
        if c.get("kind") == "restore" and c.get("documents_added"):
            who.n_restored += int(c.get("documents_added") or 0)
            who.restored.update(dict.fromkeys(_name(s) for s in c.get("sources_added") or []))
            return
        added = [_name(s) for s in c.get("sources_added") or []]
        removed = [_name(s) for s in c.get("sources_removed") or []]
        n_replaced = int(c.get("documents_replaced") or 0)
        replaced = [_name(s) for s in c.get("sources") or []][:n_replaced] if n_replaced else []
        who.n_added += int(c.get("documents_added") or 0)
        who.n_removed += int(c.get("documents_removed") or 0)
        who.n_replaced += n_replaced
        who.added.update(dict.fromkeys(added))
        who.removed.update(dict.fromkeys(removed))
        who.replaced.update(dict.fromkeys(replaced))
        if c.get("embedder_to"):
            who.moved_to = f"{c['embedder_to']} ({c.get('dim_to', '?')}-d)"
        if c.get("renamed_to"):  # a moved file kept its document (store/renames.py)
            who.moved.append((str(c.get("renamed_from") or ""), str(c["renamed_to"])))
        if not (added or removed or n_replaced or c.get("documents_added") or c.get("documents_removed")):
            who.chunks_added += int(c.get("chunks_added") or 0)
            who.chunks_removed += int(c.get("chunks_removed") or 0)

    def text(self) -> str:
        words = DigestWords()
        lines = []
        for origin, who in self.authors.items():
            parts = []
            if who.n_added:
                parts.append(words.added(who.n_added, list(who.added)))
            if who.n_replaced:
                parts.append(words.replaced(who.n_replaced, list(who.replaced)))
            if who.n_removed:
                parts.append(words.removed(who.n_removed, list(who.removed)))
            if who.n_restored:
                parts.append(words.restored(who.n_restored, list(who.restored)))
            if who.n_emptied:
                parts.append(words.emptied(who.n_emptied))
            if who.moved:
                parts.append(words.moved(who.moved))
            if who.chunks_added:
                parts.append(words.chunks_added(who.chunks_added))
            if who.chunks_removed:
                parts.append(words.chunks_removed(who.chunks_removed))
            if who.moved_to:
                parts.append(words.reembedded(who.moved_to))
            if parts:
                lines.append(f"{words.author(origin)}: {'; '.join(parts)}.")
        return " ".join(lines) or words.changed()


class DigestWords(QObject):
    """The translatable pieces of a change notice."""

    def program(self, program: str) -> str:
        """Which kind of program a commit's origin names, for the History's Program column."""
        if program == WINDOW_PROGRAM:
            return self.tr("Vetorbase window")
        if program == CLI_PROGRAM:
            return self.tr("command line")
        if program in WORKER_PROGRAMS:
            return self.tr("worker (%1)").replace("%1", program)
        return program

    def author(self, origin: str) -> str:
        program, _, host = origin.partition("@")
        if program == WINDOW_PROGRAM:
            kind = self.tr("Another Vetorbase window")
        elif program == CLI_PROGRAM:
            kind = self.tr("The command line")
        elif program in WORKER_PROGRAMS:
            kind = self.tr("A worker (%1)").replace("%1", program)
        else:
            kind = self.tr("The program %1").replace("%1", program or "?")
        return f"{kind} ({origin})" if host else kind

    def _names(self, names: list[str]) -> str:
        return ", ".join(names)

    def added(self, n: int, names: list[str]) -> str:
        if n <= NAMES_SHOWN and len(names) == n:
            return self.tr("added %1").replace("%1", self._names(names))
        return self.tr("added %Ln document(s)", "", n)

    def replaced(self, n: int, names: list[str]) -> str:
        if n <= NAMES_SHOWN and len(names) == n:
            return self.tr("replaced %1 with a new version").replace("%1", self._names(names))
        return self.tr("replaced %Ln document(s) with new versions", "", n)

    def removed(self, n: int, names: list[str]) -> str:
        if n <= NAMES_SHOWN and len(names) == n:
            return self.tr("removed %1").replace("%1", self._names(names))
        return self.tr("removed %Ln document(s)", "", n)

    def restored(self, n: int, names: list[str]) -> str:
        if n <= NAMES_SHOWN and len(names) == n:
            return self.tr("restored %1 from the trash").replace("%1", self._names(names))
        return self.tr("restored %Ln document(s) from the trash", "", n)

    def emptied(self, n: int) -> str:
        return self.tr("deleted %Ln document(s) from the trash for good", "", n)
    def moved(self, moves: list[tuple[str, str]]) -> str:
        if len(moves) == 1:
            old, new = moves[0]
            return self.tr("moved %1 to %2").replace("%1", _name(old)).replace("%2", new)
        return self.tr("moved %Ln document(s)", "", len(moves))

    def chunks_added(self, n: int) -> str:
        return self.tr("added %Ln chunk(s) to existing documents", "", n)

    def chunks_removed(self, n: int) -> str:
        return self.tr("removed %Ln chunk(s) from documents that remain", "", n)

    def reembedded(self, embedder: str) -> str:
        return self.tr("re-embedded the base with %1; searches now use it").replace("%1", embedder)

    def changed(self) -> str:
        return self.tr("The base was changed by another program.")
