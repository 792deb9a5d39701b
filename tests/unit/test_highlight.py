"""Highlighting marks what keyword search matched: whole words, no accents, no stopwords."""

from __future__ import annotations

import pytest
from vetorbase.highlight import MARK_OPEN, highlight_html, snippet, spans


def marked(text: str, query: str) -> list[str]:
    return [text[a:b] for a, b in spans(text, query)]


def test_accent_and_case_insensitive_whole_words():
    assert marked("Pão de queijo e PÃO francês; paozinho não.", "pao") == ["Pão", "PÃO"]
    assert marked("Informação sobre a informacao", "INFORMAÇÃO") == ["Informação", "informacao"]


@pytest.mark.parametrize("text", ["Região Sudeste", "Cuidados com idosos", "the yearly report",
                                  "Cláusula do contrato", "made by hand"])
def test_stopwords_are_never_marked_inside_words_or_as_words(text):
    assert marked(text, "de do por the by") == []
    assert marked(text, "o que é a report do contrato") == [w for w in ("report", "contrato") if w in text]


def test_codes_are_marked_where_their_parts_stand_together():
    text = "A NR-12 trata de máquinas; o item 12 e a NR 35 não."
    assert marked(text, "NR-12") == ["NR-12"]
    assert marked("CNPJ 12.345.678/0001-90 e 12.345", "12.345.678/0001-90") == ["12.345.678/0001-90"]
    assert marked("Conforme o art. 7º da Constituição", "art. 7") == ["art", "7"]


def test_html_escapes_text_and_marks_matches():
    html = highlight_html("<script> pão & <b>leite</b>", "pao leite")
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp;" in html
    assert html.count(MARK_OPEN) == 2 and f"{MARK_OPEN}pão</b>" in html


def test_long_texts_are_cut_around_the_first_match():
    text = "palavra " * 200 + "Vesúvio soterrou Pompeia " + "fim " * 200
    cut, marks = snippet(text, "vesuvio", limit=100)
    assert cut.startswith("…") and cut.endswith("…") and len(cut) <= 102
    assert [cut[a:b] for a, b in marks] == ["Vesúvio"]
    assert highlight_html(text, "pompeia", limit=100).count(MARK_OPEN) == 1
