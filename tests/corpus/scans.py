"""Scanned documents made on the spot: text drawn into pixels with Pillow.

An image-only PDF made this way has no text layer at all, like a page out of a scanner,
so the only way to its words is OCR; the text drawn is known, so the OCR's character
error rate can be measured against it.
"""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
DPI = 300

CONTRACT = ("Contrato de locação comercial. O locatário pagará o aluguel mensal até o "
            "quinto dia útil de cada mês. Cláusula de reajuste anual pelo índice IPCA. "
            "São Paulo, março de 2024.")
NOTICE = ("Aviso de manutenção: a água será interrompida na quinta-feira, das oito às "
          "catorze horas, no prédio administrativo. Pedimos a compreensão de todos.")
RECEIPT = ("Recibo de pagamento. Recebemos a importância de mil e duzentos reais referente "
           "à compra de cadeiras ergonômicas para o escritório de Belo Horizonte.")


def _font(size: int):  # noqa: ANN202 - a PIL font
    from PIL import ImageFont

    if DEJAVU.exists():
        return ImageFont.truetype(str(DEJAVU), size)
    return ImageFont.load_default(size=size)


def page_image(text: str, width: int = 2480, height: int = 3508, size: int = 44):  # noqa: ANN201
    """An A4 page at 300 dpi with `text` wrapped in black on white."""
    from PIL import Image, ImageDraw

    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    font = _font(size)
    y = 250
    for line in textwrap.wrap(text, width=int(width / (size * 0.62))):
        draw.text((220, y), line, fill=0, font=font)
        y += int(size * 1.6)
    return image


def scanned_pdf(path: Path, pages: list[str]) -> Path:
    """An image-only PDF: one scanned page per text, no text layer."""
    images = [page_image(t).convert("RGB") for t in pages]
    images[0].save(path, "PDF", resolution=DPI, save_all=True, append_images=images[1:])
    return path


def scanned_png(path: Path, text: str) -> Path:
    page_image(text, height=1200).save(path, "PNG", dpi=(DPI, DPI))
    return path


def png_bytes(text: str) -> bytes:
    out = io.BytesIO()
    page_image(text, height=1200).save(out, "PNG")
    return out.getvalue()


def char_error_rate(read: str, truth: str) -> float:
    """Levenshtein distance over the truth's length, whitespace runs counted as one."""
    a, b = " ".join(read.split()), " ".join(truth.split())
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1] / max(len(b), 1)
