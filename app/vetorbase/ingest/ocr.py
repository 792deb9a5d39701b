"""Reading text from pixels with Tesseract: scanned PDF pages and image files.

Tesseract is a program from the system's packages (Debian: tesseract-ocr plus one
tesseract-ocr-<lang> package per language), called through pytesseract. It is looked
for on every file, not once per process, so installing it while the window is open
works without a restart. When it or a language is missing the file is refused with a
message saying what to install: storing a scanned document without its text would
leave it unfindable, and it would be skipped as unchanged later.
"""

from __future__ import annotations

import functools
import io
import os
import shutil
import subprocess
from typing import Any

from vetorbase.errors import IngestError, OcrUnavailable, UnsafeFile
from vetorbase.ingest.units import LoadOptions, TextUnit

#: Portuguese first (the team's documents), English second.
DEFAULT_OCR_LANGUAGES = "por+eng"
#: Environment overrides: languages ("por+eng+spa") and the tesseract program's path.
LANG_ENV = "VETORBASE_OCR_LANG"
TESSERACT_ENV = "VETORBASE_TESSERACT"
#: Rendering resolution for scanned PDF pages: Tesseract's documented sweet spot.
DPI = 300
#: Below this resolution OCR reads garbage; a page that cannot be rendered at least this
#: sharp within MAX_PIXELS is refused rather than misread.
MIN_DPI = 100
#: Largest bitmap rendered or decoded (an A4 page at 600 dpi is 35 Mpx; 60 Mpx of 8-bit
#: grey is 60 MB, and Tesseract holds a few copies).
MAX_PIXELS = 60_000_000
#: Seconds Tesseract may spend on one page before the page is given up.
PAGE_TIMEOUT = 180
#: Image file types read by OCR.
IMAGE_MIME_TYPES = {
    ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
    ".tif": "image/tiff", ".tiff": "image/tiff", ".webp": "image/webp",
}
INSTALL_HINT = ("install Tesseract: on Debian/Ubuntu `sudo apt-get install tesseract-ocr "
                "tesseract-ocr-por tesseract-ocr-eng`; on Windows or macOS install "
                "Tesseract and put it on PATH (or set VETORBASE_TESSERACT to its path)")


def ocr_languages(requested: str | None = None) -> str:
    """The language string to use: the caller's, else the environment's, else por+eng."""
    langs = (requested or os.environ.get(LANG_ENV) or DEFAULT_OCR_LANGUAGES).strip()
    if not langs or not all(part.isidentifier() for part in langs.split("+")):
        raise IngestError(f"invalid OCR languages {langs!r}: use Tesseract codes joined "
                          "by '+', such as 'por+eng'")
    return langs


def tesseract_program() -> str:
    """Full path of the tesseract program, or OcrUnavailable saying how to get it."""
    wanted = os.environ.get(TESSERACT_ENV) or "tesseract"
    found = shutil.which(wanted)
    if found is None:
        raise OcrUnavailable(f"this file needs OCR but Tesseract was not found "
                             f"({wanted!r}): {INSTALL_HINT}")
    return found


@functools.lru_cache(maxsize=8)
def _installed_languages(program: str, mtime: float) -> frozenset[str]:
    try:
        out = subprocess.run([program, "--list-langs"], capture_output=True, text=True,
                             timeout=30, check=False)
    except (OSError, subprocess.SubprocessError) as e:
        raise OcrUnavailable(f"this file needs OCR but Tesseract ({program}) does not "
                             f"run: {e}; {INSTALL_HINT}") from e
    lines = (out.stdout + out.stderr).splitlines()
    return frozenset(line.strip() for line in lines[1:] if line.strip())


def check_tesseract(langs: str) -> str:
    """The program path, after checking every language of `langs` is installed."""
    program = tesseract_program()
    have = _installed_languages(program, os.path.getmtime(program))
    missing = [lang for lang in langs.split("+") if lang not in have]
    if missing:
        packages = " ".join(f"tesseract-ocr-{lang}" for lang in missing)
        raise OcrUnavailable(
            f"this file needs OCR in {'+'.join(missing)} but Tesseract lacks that "
            f"language: install {packages} (Debian/Ubuntu), or choose other OCR "
            f"languages (installed: {', '.join(sorted(have)) or 'none'})")
    return program


def read_image(image: Any, langs: str, program: str, what: str) -> str:
    """Text Tesseract reads in one PIL image (converted to grey first)."""
    import pytesseract

    pytesseract.pytesseract.tesseract_cmd = program
    try:
        text = pytesseract.image_to_string(image.convert("L"), lang=langs,
                                           timeout=PAGE_TIMEOUT)
    except RuntimeError as e:  # pytesseract's timeout
        raise IngestError(f"OCR of {what} took longer than {PAGE_TIMEOUT} s: {e}") from e
    except pytesseract.TesseractError as e:
        raise IngestError(f"OCR of {what} failed: {e.message or e}") from e
    return text.replace("\x0c", "").strip()


def check_pixels(width: int, height: int, what: str) -> None:
    if width * height > MAX_PIXELS:
        raise UnsafeFile(f"refused: {what} is {width:,} x {height:,} pixels "
                         f"({width * height / 1e6:,.0f} Mpx; limit {MAX_PIXELS / 1e6:.0f} Mpx)"
                         " - too large to decode safely")


def load_image(data: bytes, ext: str, options: LoadOptions) -> list[TextUnit]:
    """One unit per frame (a TIFF may hold many pages), each read by OCR."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    langs = ocr_languages(options.ocr_languages)
    kind = ext.lstrip(".").upper()
    try:
        image = Image.open(io.BytesIO(data))  # reads the header only
        check_pixels(*image.size, what=f"the {kind} image")
        frames = getattr(image, "n_frames", 1)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as e:
        raise IngestError(f"broken {kind} image: cannot decode it ({e})") from e
    except Image.DecompressionBombError as e:
        raise UnsafeFile(f"refused {kind} image: too large to decode safely ({e})") from e
    program = check_tesseract(langs)
    units: list[TextUnit] = []
    chars = 0
    for index in range(frames):
        options.check_cancel()
        options.report(index, frames)
        try:
            image.seek(index)
            check_pixels(*image.size, what=f"page {index + 1} of the {kind} image")
            image.load()
        except UnsafeFile:
            raise
        except (OSError, SyntaxError, ValueError, EOFError) as e:
            raise IngestError(f"broken {kind} image: page {index + 1} cannot be decoded "
                              f"(truncated or damaged: {e})") from e
        # Phone photos of documents are stored sideways with an EXIF "rotate" note.
        upright = ImageOps.exif_transpose(image) or image
        text = read_image(upright, langs, program, f"page {index + 1}")
        chars += len(text)
        if chars > options.max_chars:
            raise options.too_large(chars)
        if text:
            units.append(TextUnit(text, index + 1, ocr=True))
    options.report(frames, frames)
    return units
