"""The retrieval test bench: query-set files, per-document metrics, `vetorbase eval` errors."""

from __future__ import annotations

import math

import numpy as np
import pytest
from vetorbase import VectorBase, cli
from vetorbase.errors import InvalidInput
from vetorbase.evaluation import LabelledQuery, evaluate, parse_query_set, score_query


def test_query_set_lines_and_errors_name_the_line(tmp_path):
    qs = parse_query_set('{"query": "a", "relevant": ["x.pdf"]}\n\n# note\n{"query": "b", "relevant": "y.txt"}\n')
    assert qs == [LabelledQuery("a", ("x.pdf",)), LabelledQuery("b", ("y.txt",))]
    with pytest.raises(InvalidInput, match="line 2: not JSON"):
        parse_query_set('{"query": "a", "relevant": ["x"]}\n{oops}\n', "q.jsonl")
    with pytest.raises(InvalidInput, match="line 1: needs"):
        parse_query_set('{"query": "a", "relevant": []}')
    with pytest.raises(InvalidInput, match="holds no queries"):
        parse_query_set("\n\n")


def test_metrics_are_per_document_in_rank_order():
    q = LabelledQuery("q", ("/d/a.txt", "b.txt"))
    # chunks: c.txt, a.txt, a.txt (same document), b.txt ...
    r = score_query(q, ["/d/c.txt", "/d/a.txt", "/d/a.txt", "/x/b.txt", "/d/e.txt"], k=3)
    assert r.retrieved == ["/d/c.txt", "/d/a.txt", "/x/b.txt", "/d/e.txt"]
    assert r.first_relevant == 2 and r.recall == 0.5  # b.txt is the 4th chunk: outside k=3
    ideal = 1 + 1 / math.log2(3)
    assert r.ndcg == pytest.approx((1 / math.log2(3) + 1 / math.log2(4)) / ideal)
    miss = score_query(LabelledQuery("q", ("z.txt",)), ["/d/a.txt"], k=3)
    assert miss.missed and miss.first_relevant is None and miss.ndcg == 0
    # A file name matches only a whole path part, not the end of another name.
    assert score_query(LabelledQuery("q", ("a.txt",)), ["/d/xa.txt"], k=3).missed


def test_evaluate_keyword_mode_on_a_real_base(tmp_path):
    base = VectorBase.open(tmp_path / "b", create=True, dim=4, embedder_id="test:4")
    texts = {"nf.txt": "Nota fiscal 004471 da limpeza", "nr.txt": "Treinamento NR-12 de máquinas"}
    for i, (source, text) in enumerate(texts.items()):
        base.add_document(f"/docs/{source}", [text], np.eye(4, dtype=np.float32)[i:i + 1])
    qs = [LabelledQuery("004471", ("nf.txt",)), LabelledQuery("NR-12", ("nr.txt",)),
          LabelledQuery("castelos", ("nr.txt",))]
    ticks = []
    (report,) = evaluate(base, qs, modes=["keyword"], k=5, progress=lambda d, t: ticks.append(d))
    assert ticks == [1, 2, 3]
    assert report.recall == pytest.approx(2 / 3) and report.mrr == pytest.approx(2 / 3)
    assert [r.query for r in report.missed] == ["castelos"]
    assert report.to_dict()["missed"] == ["castelos"]
    with pytest.raises(InvalidInput, match="need the base's embedder"):
        evaluate(base, qs, modes=["hybrid"])
    with pytest.raises(InvalidInput, match="unknown search mode"):
        evaluate(base, qs, modes=["bm25"])
    base.close()


def test_eval_command_reports_a_bad_file_clearly(tmp_path, capsys):
    base = VectorBase.open(tmp_path / "b", create=True, dim=4, embedder_id="test:4")
    base.close()
    bad = tmp_path / "q.jsonl"
    bad.write_text('{"query": "x"}\n', encoding="utf-8")
    assert cli.main(["eval", str(bad), "--base", str(tmp_path / "b")]) == 3
    assert f"{bad}, line 1" in capsys.readouterr().err
    assert cli.main(["eval", str(tmp_path / "missing.jsonl"), "--base", str(tmp_path / "b")]) == 3
    assert "cannot read the query set" in capsys.readouterr().err


def test_keyword_search_on_the_command_line_needs_no_embedder(tmp_path, capsys):
    base = VectorBase.open(tmp_path / "b", create=True, dim=4, embedder_id="test:4")  # no such embedder
    base.add_document("/docs/nr12.txt", ["Treinamento NR-12, página 3"], np.eye(4, dtype=np.float32)[:1],
                      metadata={"page": 3})
    base.close()
    args = ["search", "nr-12", "--mode", "keyword", "--base", str(tmp_path / "b")]
    assert cli.main([*args, "--json"]) == 0
    (hit,) = __import__("json").loads(capsys.readouterr().out)
    assert hit["source"] == "/docs/nr12.txt" and hit["rankers"] == ["keyword"] and hit["ranks"] == {"keyword": 1}
    assert cli.main([*args, "--where", "page>3"]) == 0 and "no matches" in capsys.readouterr().out
    assert cli.main([*args, "--where", "page>=3"]) == 0 and "nr12.txt" in capsys.readouterr().out
    assert cli.main([*args, "--where", "page>>3"]) == 3
    assert "cannot read filter 'page>>3'" in capsys.readouterr().err
