"""Bytes to text: every encoding our users' files come in, and binaries refused."""

from __future__ import annotations

import codecs
import random

import pytest
from vetorbase.errors import IngestError
from vetorbase.ingest.encoding import decode_bytes

PT = "Ação, coração e feijão: não há café às três horas sem pão de queijo."


@pytest.mark.parametrize("data, encoding", [
    (PT.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + PT.encode("utf-8"), "utf-8-sig"),
    (PT.encode("cp1252"), "cp1252"),
    ("Café – “aspas” e ação".encode("cp1252"), "cp1252"),
    (PT.encode("utf-16"), "utf-16"),
])
def test_portuguese_text_decodes_exactly(data: bytes, encoding: str) -> None:
    text, found = decode_bytes(data)
    assert found == encoding
    assert text == (PT if "aspas" not in text else "Café – “aspas” e ação")
    assert not text.startswith("\ufeff")


def test_latin1_only_bytes_decode_as_western() -> None:
    text, _ = decode_bytes("Olá, São Paulo! Informação útil.".encode("latin-1"))
    assert text == "Olá, São Paulo! Informação útil."


def test_non_western_legacy_text_is_not_forced_into_cp1252() -> None:
    russian = "Привет, как дела? Это тест кодировки windows-1251 для проверки текста."
    text, encoding = decode_bytes(russian.encode("cp1251"))
    assert text == russian, encoding


def test_binary_with_nul_bytes_is_refused() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    with pytest.raises(IngestError, match="binary"):
        decode_bytes(png)


def test_random_bytes_without_nul_are_refused_not_crashing() -> None:
    rng = random.Random(7)
    data = bytes(rng.randrange(1, 256) for _ in range(20000))
    with pytest.raises(IngestError, match="binary|undecodable"):
        decode_bytes(data)
