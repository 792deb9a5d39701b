"""The keyword index: accent-insensitive BM25 search, kept in step with the chunks."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from vetorbase import VectorBase
from vetorbase.errors import InvalidInput
from vetorbase.store.hybrid import RRF_K, fuse

DIM = 8
TEXTS = {
    "nr12.txt": "A norma NR-12 trata da segurança no trabalho em máquinas e equipamentos.",
    "cnpj.txt": "Fornecedor inscrito no CNPJ 12.345.678/0001-90, com sede em Campinas.",
    "nota.txt": "Nota fiscal 000123456 emitida em março; informação sobre o pagamento.",
    "art.txt": "Conforme o art. 7º da Constituição, são direitos dos trabalhadores.",
    "castle.txt": "Castles were fortified residences built by kings and lords.",
}


def unit(n: int, seed: int) -> np.ndarray:
    x = np.random.default_rng(seed).normal(size=(n, DIM)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


@pytest.fixture(params=["folder", "postgresql"])
def base(tmp_path, request):
    """A folder base (FTS5) and a PostgreSQL base (tsvector): the same answers."""
    location = tmp_path / "b" if request.param == "folder" else request.getfixturevalue("pg_url")
    b = VectorBase.open(location, create=True, dim=DIM, embedder_id="test:8")
    for i, (source, text) in enumerate(TEXTS.items()):
        b.add_document(source, [text], unit(1, i), metadata={"n": i})
    yield b
    b.close()


def sources(hits) -> list[str]:
    return [h.source for h in hits]


@pytest.mark.parametrize("query, expected", [
    ("NR-12", "nr12.txt"),
    ("nr-12", "nr12.txt"),
    ("12.345.678/0001-90", "cnpj.txt"),
    ("CNPJ 12.345.678/0001-90", "cnpj.txt"),
    ("000123456", "nota.txt"),
    ("informacao", "nota.txt"),        # no accent finds "informação"
    ("SEGURANÇA máquinas", "nr12.txt"),
    ("art. 7", "art.txt"),             # "7º" is the word 7
    ("castles", "castle.txt"),
])
def test_keyword_search_finds_codes_numbers_and_unaccented_words(base, query, expected):
    hits = base.search(text=query, mode="keyword", k=3)
    assert hits and hits[0].source == expected
    assert hits[0].rankers == ("keyword",) and hits[0].ranks == {"keyword": 1}
    assert hits[0].score > 0


def test_a_code_is_matched_as_a_phrase_and_fts_syntax_is_just_text(base):
    # "12" alone is in the CNPJ text too, but the phrase "nr 12" only in one.
    assert sources(base.search(text="NR-12", mode="keyword", k=5)) == ["nr12.txt"]
    for hostile in ['"unbalanced', "NEAR(a b)", "a AND OR NOT", "col:x*", "^start"]:
        base.search(text=hostile, mode="keyword")  # never an FTS5 syntax error
    assert base.search(text="de da do", mode="keyword", k=5)  # only stopwords: still searched
    assert base.search(text="!!! ...", mode="keyword") == []


def test_filters_restrict_keyword_and_hybrid_before_ranking(base):
    where = {"n": {"$gte": 2}}
    assert sources(base.search(text="NR-12 CNPJ nota", mode="keyword", k=5, where=where)) == ["nota.txt"]
    hybrid = base.search(unit(1, 0)[0], text="NR-12", mode="hybrid", k=5, where=where)
    assert hybrid and all(h.metadata["n"] >= 2 for h in hybrid)
    assert base.search(text="NR-12", mode="keyword", where={"n": 99}) == []


def test_hybrid_fuses_both_rankers_and_reports_ranks(base):
    q = unit(1, 4)[0]  # the castle chunk's own vector: semantic rank 1
    hits = base.search(q, text="NR-12", mode="hybrid", k=5)
    top2 = {h.source: h for h in hits[:2]}
    assert set(top2) == {"castle.txt", "nr12.txt"}
    assert top2["castle.txt"].ranks["semantic"] == 1 and "keyword" not in top2["castle.txt"].ranks
    nr = top2["nr12.txt"]
    assert nr.rankers == ("semantic", "keyword") and nr.ranks["keyword"] == 1
    assert nr.score == pytest.approx(1 / (RRF_K + 1) + 1 / (RRF_K + nr.ranks["semantic"]))
    assert len(hits) == 5 and hits[0].to_dict()["ranks"]


def test_fusion_prefers_chunks_both_rankers_found():
    fused = fuse({"semantic": [(1, 0.9), (2, 0.8), (3, 0.7)], "keyword": [(3, 5.0), (4, 4.0)]}, k=4)
    assert [f[0] for f in fused] == [3, 1, 2, 4]  # 2 and 4 tie on rank: 2 has the higher relative score
    assert fused[0][2] == {"semantic": 3, "keyword": 1}


def test_mode_arguments_are_checked(base):
    with pytest.raises(InvalidInput, match="needs the query text"):
        base.search(unit(1, 0)[0], mode="hybrid")
    with pytest.raises(InvalidInput, match="needs a query vector"):
        base.search(text="x", mode="semantic")
    with pytest.raises(InvalidInput, match="unknown search mode"):
        base.search(unit(1, 0)[0], mode="bm25")
    embedded = []
    hits = base.search(text="castles", mode="hybrid", embed=lambda t: embedded.append(t) or unit(1, 4)[0])
    assert embedded == ["castles"] and hits[0].source == "castle.txt"


def test_index_agrees_with_chunks_after_removals_and_replacements(base):
    base.remove_where({"source": "cnpj.txt"})
    base.add_document("nr12.txt", ["Texto novo sem o código."], unit(1, 9))
    base.add_texts(["solto NR-12 de novo"], unit(1, 10), [{"source": "loose.txt"}])
    base.remove_chunks([base.search(text="castles", mode="keyword")[0].id])
    assert base.check() == []
    assert sources(base.search(text="NR-12", mode="keyword", k=5)) == ["loose.txt"]
    assert base.search(text="CNPJ", mode="keyword") == []
    assert base.search(text="sem código", mode="keyword")[0].source == "nr12.txt"


def test_check_catches_an_index_that_disagrees_with_the_chunks(base, request):
    if base.backend == "folder":
        conn = sqlite3.connect(base.path / "vetorbase.sqlite")
        conn.execute("INSERT INTO chunks_fts(chunks_fts, rowid, text) SELECT 'delete', id, text "
                     "FROM chunks WHERE id = (SELECT min(id) FROM chunks)")
        conn.commit()
        conn.close()
    else:
        schema = f"vetorbase_{base.location.rsplit('base=', 1)[1]}"
        request.getfixturevalue("pg_server").psql(
            f'UPDATE "{schema}".chunks_fts SET tsv = to_tsvector(\'simple\', \'other words\') '
            f'WHERE id = (SELECT min(id) FROM "{schema}".chunks)', database="vetorbase")
    assert any("keyword index disagrees" in p for p in base.check())


def test_another_process_add_is_keyword_searchable_at_once(base, request):
    location = base.location if base.backend == "folder" else request.getfixturevalue("pg_url")
    assert base.search(text="Zyxwvut", mode="keyword") == []
    script = textwrap.dedent(f"""
        import numpy as np
        from vetorbase import VectorBase
        b = VectorBase.open({str(location)!r})
        b.add_document("other.txt", ["Relatório Zyxwvut da filial"], np.ones((1, {DIM}), np.float32))
    """)
    subprocess.run([sys.executable, "-c", script], check=True, timeout=120)
    assert sources(base.search(text="zyxwvut relatorio", mode="keyword")) == ["other.txt"]
    assert base.check() == []


def test_fusion_breaks_exact_ties_by_relative_score():
    # 10 is #1 by meaning and #3 by words, 20 the reverse: equal RRF scores. 20 matched
    # the words far better (a whole code) than 10 did (one common word).
    fused = fuse({"semantic": [(10, 0.50), (30, 0.49), (20, 0.48)],
                  "keyword": [(20, 9.0), (30, 1.1), (10, 1.0)]}, k=3)
    assert [f[0] for f in fused] == [20, 10, 30]  # 1/61 + 1/63 > 2/62
    assert fused[0][1] == pytest.approx(fused[1][1])


def test_words_in_most_chunks_are_left_out_of_the_match(tmp_path):
    from vetorbase.store import fulltext

    b = VectorBase.open(tmp_path / "common", create=True, dim=DIM, embedder_id="test:8")
    b.add_texts([f"Nota fiscal {i:06d} de serviços" for i in range(10)], unit(10, 3),
                [{"source": f"nf{i}.txt"} for i in range(10)])
    b.remove_where({"source": "nf9.txt"})
    with b._journal.read() as conn:
        assert fulltext.indexed_rows(conn) == 9  # FTS5's own count, kept up to date by removals
        assert fulltext.match_expression("nota fiscal 000004", conn) == '"000004"'
        assert fulltext.match_expression("nota fiscal", conn) in ('"nota"', '"fiscal"')  # all common: the rarest
        assert fulltext.match_expression("serviços 000004-x", conn) == '"000004 x"'
    assert sources(b.search(text="NOTA FISCAL 000004", mode="keyword", k=3)) == ["nf4.txt"]
    assert len(b.search(text="nota fiscal", mode="keyword", k=20)) == 9
    b.close()


def test_hybrid_keyword_ranker_drops_the_most_common_words_beyond_its_budget(tmp_path, monkeypatch):
    from vetorbase.store import fulltext, hybrid

    b = VectorBase.open(tmp_path / "budget", create=True, dim=DIM, embedder_id="test:8")
    texts = ([f"contrato {i} cláusula" for i in range(4)] + ["contrato raro de locação NR-12"]
             + [f"outro texto {i}" for i in range(5)])
    b.add_texts(texts, unit(10, 5), [{"source": f"d{i}.txt"} for i in range(10)])
    with b._journal.read() as conn:
        full = fulltext.match_expression("contrato locação NR-12", conn)
        assert full == '"contrato" OR "locacao" OR "nr 12"'
        # contrato is in 5 chunks, locação in 1: a budget of 3 keeps the rarer word and the code.
        assert fulltext.match_expression("contrato locação NR-12", conn, 3) == '"locacao" OR "nr 12"'
        assert fulltext.match_expression("contrato cláusula", conn, 1) in ('"clausula"', '"contrato"')
    monkeypatch.setattr(hybrid, "HYBRID_KEYWORD_BUDGET", 3)
    hits = b.search(unit(1, 99)[0], text="contrato locação", mode="hybrid", k=10)
    assert [h.source for h in hits if "keyword" in h.rankers] == ["d4.txt"]
    assert len(b.search(text="contrato locação", mode="keyword", k=10)) == 5  # keyword mode: every match
    b.close()
