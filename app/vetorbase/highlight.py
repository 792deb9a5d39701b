"""Which words of a result to mark for a query: the ones keyword search matched.

Whole words only, accent- and case-insensitive ("pao" marks "Pão"), never stopwords
("de" is not marked inside "Sudeste", nor as a word), and a code typed as one piece
("NR-12") is marked only where its parts stand together, as the full-text index
matched it (textwords.query_terms). Pure functions, no Qt: the window uses them.
"""

from __future__ import annotations

import html

from vetorbase.textwords import STOPWORDS, WORD, fold, query_terms

MARK_OPEN = "<b style='background:#ffe38a;color:#111'>"
MARK_CLOSE = "</b>"


def spans(text: str, query: str) -> list[tuple[int, int]]:
    """(start, end) character ranges of `text` to mark for `query`, sorted, disjoint."""
    terms = [t for t in query_terms(query) if not all(w in STOPWORDS for w in t)]
    if not terms:
        return []
    words = [(m.start(), m.end(), fold(m.group())) for m in WORD.finditer(text)]
    folded = [w[2] for w in words]
    marked: list[tuple[int, int]] = []
    for term in terms:
        n = len(term)
        for i in range(len(words) - n + 1):
            if folded[i:i + n] == term:
                marked.append((words[i][0], words[i + n - 1][1]))
    return _merge(marked)


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def snippet(text: str, query: str, limit: int = 600) -> tuple[str, list[tuple[int, int]]]:
    """`text` with whitespace collapsed, cut to about `limit` characters around the first
    marked word, and the ranges to mark in that cut."""
    flat = " ".join(text.split())
    marks = spans(flat, query)
    if len(flat) <= limit:
        return flat, marks
    first = marks[0][0] if marks else 0
    start = max(0, first - limit // 4)
    cut = flat[start:start + limit]
    shift = 1 if start else 0
    inside = [(a - start + shift, min(b, start + limit) - start + shift) for a, b in marks
              if a >= start and a < start + limit]
    return ("…" if start else "") + cut + "…", inside


def highlight_html(text: str, query: str, limit: int = 600) -> str:
    """HTML of `text` (shortened) with the query's matched words marked."""
    cut, marks = snippet(text, query, limit)
    out, pos = [], 0
    for start, end in marks:
        out += [html.escape(cut[pos:start]), MARK_OPEN, html.escape(cut[start:end]), MARK_CLOSE]
        pos = end
    out.append(html.escape(cut[pos:]))
    return "".join(out)
