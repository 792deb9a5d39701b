"""Visible text of an HTML page, extracted in one streaming pass.

The first version built a BeautifulSoup tree and walked it several times; its cost grew
with the square of the nesting depth (32,000 nested <div> took a minute; a 9 MB file of
nested tags would take days) and cancelling was only checked between files. Here the
standard library's event parser is fed the page in pieces, the text is collected as
events arrive (no tree, so depth costs nothing), the character limit is enforced while
collecting, and the cancel event is checked between pieces.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from vetorbase.ingest.metadata import document_fields
from vetorbase.ingest.units import LoadOptions

#: Elements whose content is never shown to a reader.
_HIDDEN = frozenset({"script", "style", "noscript", "template", "svg"})
#: Elements that start and end a paragraph.
_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "caption", "dd", "details", "div", "dl",
    "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
    "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
    "summary", "table", "title", "tr", "ul",
})
_CELLS = frozenset({"td", "th"})
#: What may stand in <head>; any other element starts the body even without <body>.
_HEAD_ONLY = frozenset({"title", "meta", "link", "style", "script", "base", "noscript",
                        "template"})
_VERBATIM = frozenset({"pre", "textarea"})
_WHITESPACE = re.compile(r"\s+")
_SPACES = re.compile(r"[ \t\u00a0\u200b]+")
_BLANKS = re.compile(r"\n{3,}")
#: A "<" that cannot open markup is text; escaped up front it joins the text around it
#: instead of costing the parser one event per character ("< < < ..." took 30 s).
_BARE_LT = re.compile(r"<(?![A-Za-z/!?])")
#: Characters fed to the parser between two looks at the cancel event.
PIECE = 256 * 1024
#: A tag or comment still unfinished after this many characters is skipped whole (found
#: with one str.find) instead of being handed to the standard parser, which re-scans an
#: unfinished construct on every piece fed and once per "<" inside it when the page
#: ends: quadratic time ("<a " repeated 3 million times took minutes).
MAX_UNFINISHED = 64 * 1024


def tidy(text: str) -> str:
    """Collapse runs of spaces and blank lines; keep paragraph breaks."""
    lines = [_SPACES.sub(" ", line).strip(" |") for line in text.splitlines()]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


class _TooMuchText(Exception):
    pass


class _TextCollector(HTMLParser):
    """Collects shown text as parse events arrive; keeps only counters, never a tree."""

    def __init__(self, max_chars: int) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.chars = 0
        self.max_chars = max_chars
        self.hidden = 0      # depth inside elements whose text is not shown
        self.verbatim = 0    # depth inside <pre>/<textarea>: keep line breaks
        self.in_head = False
        self.in_title = False
        self.open_cell = False
        self.title: list[str] = []
        self.fields: dict[str, str] = {}  # language, author from <html lang>, <meta>

    def _emit(self, text: str) -> None:
        self.parts.append(text)
        self.chars += len(text)
        # Markup between words (spaces, separators) is a small multiple of the text.
        if self.chars > 2 * self.max_chars + 1024:
            raise _TooMuchText

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("html", "meta") and attrs:
            self._note_fields(tag, dict(attrs))
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag == "head":
            self.in_head = True
        elif tag == "body" or (self.in_head and tag not in _HEAD_ONLY):
            self.in_head = False
        if tag == "title":
            self.in_title = True
        if tag in _VERBATIM:
            self.verbatim += 1
        if tag == "br":
            self._emit("\n")
        elif tag in _CELLS:
            if self.open_cell:
                self._emit(" | ")
            self.open_cell = True
        if tag in _BLOCKS:
            self._emit("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag == "head":
            self.in_head = False
        elif tag == "title":
            self.in_title = False
        if tag in _VERBATIM:
            self.verbatim = max(0, self.verbatim - 1)
        if tag in _CELLS and self.open_cell:
            self._emit(" | ")
            self.open_cell = False
        elif tag == "tr":
            self.open_cell = False
        if tag in _BLOCKS:
            self._emit("\n\n")

    def handle_data(self, data: str) -> None:
        if self.hidden or (self.in_head and not self.in_title):
            return
        if self.in_title and len(self.title) < 100:
            self.title.append(data)
        # Line breaks in the HTML source are just spaces (except in <pre>).
        self._emit(data if self.verbatim else _WHITESPACE.sub(" ", data))

    def _note_fields(self, tag: str, attrs: dict[str, str | None]) -> None:
        if tag == "html" and attrs.get("lang"):
            self.fields.setdefault("language", attrs["lang"] or "")
        elif tag == "meta" and (attrs.get("name") or "").lower() == "author":
            self.fields.setdefault("author", attrs.get("content") or "")


def _skip_unfinished(collector: _TextCollector, html: str, fed: int) -> int:
    """Where to feed from next: past a long unfinished tag or comment, dropped whole."""
    pending = collector.rawdata
    if len(pending) <= MAX_UNFINISHED or not pending.startswith("<") or collector.cdata_elem:
        return fed
    closer = "-->" if pending.startswith("<!--") else ">"
    end = html.find(closer, fed - len(closer) + 1)  # a closer may straddle the cut
    collector.rawdata = ""  # what the parser held of it
    return len(html) if end < 0 else end + len(closer)



def _collect(html: str, options: LoadOptions | None) -> _TextCollector:
    """Feed the page in pieces, looking at the cancel event between them."""
    max_chars = options.max_chars if options is not None else len(html)
    collector = _TextCollector(max_chars)
    html = _BARE_LT.sub("&lt;", html)
    fed = 0
    try:
        while fed < len(html):
            if options is not None:
                options.check_cancel()
            collector.feed(html[fed:fed + PIECE])
            fed = min(fed + PIECE, len(html))
            fed = _skip_unfinished(collector, html, fed)
        collector.close()
    except _TooMuchText:
        assert options is not None
        raise options.too_large(collector.chars) from None
    return collector


def html_to_text(html: str, options: LoadOptions | None = None) -> str:
    """Visible text of a page: scripts/styles dropped, blocks kept as paragraphs.

    Time grows linearly with the size of the page whatever its nesting; the cancel
    event in `options` is honoured between pieces of a long page, and a page with more
    text than `options.max_chars` is refused without collecting the rest.
    """
    return tidy("".join(_collect(html, options).parts))


def html_document(html: str, options: LoadOptions) -> tuple[str, dict[str, str]]:
    """The page's text and what it says about itself (<title>, <html lang>, author)."""
    collector = _collect(html, options)
    fields = document_fields(title="".join(collector.title), **collector.fields)
    return tidy("".join(collector.parts)), fields
