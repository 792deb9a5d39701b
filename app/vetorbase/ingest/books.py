"""E-books (epub) and e-mail messages (eml).

An epub is a zip of XHTML chapters: one unit per chapter in reading (spine) order,
`page` its position and `section` its title from the table of contents. Chapters go
through the same bounded HTML extractor as .html files, scripts never run.

An .eml is one unit for the message (headers a reader would look at, then the body,
plain text preferred over HTML) and one unit per text attachment; other attachments
are named, not read. Headers give the metadata: subject, sender, date, language.
"""

from __future__ import annotations

import email
import io
import warnings
from email import policy
from email.utils import parsedate_to_datetime
from typing import Any

from vetorbase.errors import IngestError
from vetorbase.ingest.encoding import decode_bytes
from vetorbase.ingest.htmltext import html_to_text
from vetorbase.ingest.metadata import document_fields
from vetorbase.ingest.office import Extracted
from vetorbase.ingest.units import LoadOptions, TextUnit
from vetorbase.ingest.zipguard import check_zip, inflated_limit


class _Units:
    def __init__(self, options: LoadOptions) -> None:
        self.options = options
        self.units: list[TextUnit] = []
        self.chars = 0

    def add(self, text: str, page: int | None, section: str | None) -> None:
        self.options.check_cancel()
        text = text.strip()
        self.chars += len(text)
        if self.chars > self.options.max_chars:
            raise self.options.too_large(self.chars)
        if text:
            self.units.append(TextUnit(text, page, section=section))


def _toc_titles(toc: Any, out: dict[str, str]) -> None:
    stack = [iter(toc)]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
        elif isinstance(entry, (tuple, list)):  # (Section, [children])
            if entry and hasattr(entry[0], "title"):
                _add_title(entry[0], out)
            stack.append(iter(entry[1] if len(entry) > 1 else []))
        else:
            _add_title(entry, out)


def _add_title(link: Any, out: dict[str, str]) -> None:
    href = (getattr(link, "href", "") or "").split("#", 1)[0]
    if href and getattr(link, "title", None):
        out.setdefault(href, str(link.title))


def _dc(book: Any, name: str) -> str | None:
    values = book.get_metadata("DC", name)
    return str(values[0][0]) if values and values[0] and values[0][0] else None


def load_epub(data: bytes, options: LoadOptions) -> Extracted:
    """Chapters in reading order, each through the bounded HTML extractor."""
    import ebooklib
    from ebooklib import epub

    check_zip(data, "EPUB", max_inflated=inflated_limit(options.max_chars))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = epub.read_epub(io.BytesIO(data), options={"ignore_ncx": False})
    except Exception as e:
        raise IngestError(f"broken EPUB: not a readable e-book ({e})") from e
    titles: dict[str, str] = {}
    units = _Units(options)
    try:
        _toc_titles(book.toc, titles)
        chapter = 0
        for idref, *_ in book.spine:
            item = book.get_item_with_id(idref)
            if item is None or item.get_type() != ebooklib.ITEM_DOCUMENT:
                continue
            if not item.is_chapter() or "nav" in getattr(item, "properties", []):
                continue  # the e-book's own table of contents
            chapter += 1
            html, _ = decode_bytes(item.get_content())
            units.add(html_to_text(html, options), chapter, titles.get(item.get_name()))
        meta = document_fields(title=_dc(book, "title"), author=_dc(book, "creator"),
                               created=_dc(book, "date"), language=_dc(book, "language"))
    except IngestError:
        raise
    except Exception as e:
        raise IngestError(f"broken EPUB: {e}") from e
    return units.units, meta


_SHOWN_HEADERS = ("From", "To", "Cc", "Date", "Subject")


def _part_text(part: Any, options: LoadOptions) -> str:
    payload = part.get_payload(decode=True) or b""
    if len(payload) > 20 * options.max_chars:
        raise options.too_large(len(payload))
    charset = part.get_content_charset()
    try:
        text = payload.decode(charset) if charset else decode_bytes(payload)[0]
    except (LookupError, UnicodeDecodeError):
        text = decode_bytes(payload)[0]
    return html_to_text(text, options) if part.get_content_subtype() == "html" else text


def load_eml(data: bytes, options: LoadOptions) -> Extracted:
    """The message (shown headers, then the body) and its text attachments."""
    try:
        message = email.message_from_bytes(data, policy=policy.default)
    except Exception as e:
        raise IngestError(f"broken EML: not a readable e-mail message ({e})") from e
    if not any(message.get(h) for h in ("From", "Subject", "Date", "To", "Message-ID")):
        raise IngestError("broken EML: no e-mail headers (From, To, Subject, Date) found; "
                          "is it really an .eml message?")
    units = _Units(options)
    try:
        header = "\n".join(f"{h}: {message[h]}" for h in _SHOWN_HEADERS if message.get(h))
        body_part = message.get_body(preferencelist=("plain", "html"))
        body = _part_text(body_part, options) if body_part is not None else ""
        others: list[str] = []
        attachments: list[tuple[str, str]] = []
        for part in message.iter_attachments():
            name = part.get_filename() or part.get_content_type()
            if part.get_content_maintype() == "text":
                attachments.append((name, _part_text(part, options)))
            else:
                others.append(name)
        if others:
            body += "\n\nAttachments not read: " + ", ".join(others)
        units.add(f"{header}\n\n{body}", None, None)
        for name, text in attachments:
            units.add(f"Attachment: {name}\n\n{text}", None, name)
        try:
            date = parsedate_to_datetime(str(message["Date"])) if message.get("Date") else None
        except (TypeError, ValueError, IndexError):
            date = None
        meta = document_fields(title=message.get("Subject"), author=message.get("From"),
                               created=date, language=message.get("Content-Language"))
    except IngestError:
        raise
    except Exception as e:
        raise IngestError(f"broken EML: {e}") from e
    return units.units, meta
