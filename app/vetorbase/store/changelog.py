"""Commit summaries: what one write did, and what `refresh()` reports across many."""

from __future__ import annotations

from typing import Any

from vetorbase.store.types import Changes


def summary(added: list[str], removed: list[str], touched: list[str], n_add: int, n_del: int) -> dict[str, Any]:
    return {
        "documents": len(touched), "chunks_added": n_add, "chunks_removed": n_del,
        "documents_added": len(added), "documents_removed": len(removed),
        "sources": touched[:20], "sources_added": added[:20], "sources_removed": removed[:20],
    }


def changes_between(since: int, to_seq: int, commits: list[dict[str, Any]], full: bool) -> Changes:
    added, removed, origins = [], [], []
    n_add = n_del = 0
    for c in reversed(commits):  # oldest first
        n_add += int(c.get("chunks_added", 0))
        n_del += int(c.get("chunks_removed", 0))
        added += c.get("sources_added", [])
        removed += c.get("sources_removed", [])
        if c["origin"] not in origins:
            origins.append(c["origin"])
    return Changes(from_seq=since, to_seq=to_seq, added_chunks=n_add, removed_chunks=n_del,
                   added_documents=added, removed_documents=removed, origins=origins, full_reload=full)
