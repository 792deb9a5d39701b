"""base.duplicates(): exact copies and near copies as groups, on a real base.

Vectors are built so the cosines are known: near copies are the originals moved by a
small random step (cosine ~0.98-0.99), unrelated documents are independent random
directions in 64-d (cosine ~0 +/- 0.15).
"""

from __future__ import annotations

import threading

import numpy as np
import pytest
from vetorbase.errors import Cancelled, InvalidInput
from vetorbase.store import VectorBase, twins
from vetorbase.store.duplicates import overall

DIM = 64


def unit(x: np.ndarray) -> np.ndarray:
    return (x / np.linalg.norm(x, axis=-1, keepdims=True)).astype(np.float32)


def moved(v: np.ndarray, rng: np.random.Generator, cos: float = 0.985) -> np.ndarray:
    """Each row of `v` turned to exactly cosine `cos` with it, in a random direction."""
    u = rng.standard_normal(v.shape)
    u -= np.sum(u * v, axis=-1, keepdims=True) * v
    u /= np.linalg.norm(u, axis=-1, keepdims=True)
    return unit(cos * v + np.sqrt(1 - cos * cos) * u)


@pytest.fixture(params=["folder", "postgresql"])
def base(request, base_dir):
    """The same scan on both backends: its SQL (documents, chunk texts, vectors by id) runs on both."""
    location = base_dir if request.param == "folder" else request.getfixturevalue("pg_url")
    b = VectorBase.open(location, create=True, dim=DIM, embedder_id="test:random-64")
    yield b
    b.close()


@pytest.fixture
def rng():
    return np.random.default_rng(2026)


def texts(name: str, n: int) -> list[str]:
    return [f"{name} part {i}" for i in range(n)]


def sources(group) -> list[str]:
    return [d.source for d in group.documents]


def plant(base, rng):
    """12 unrelated documents, an exact trio (sha256), an exact pair without sha256 (texts),
    and two near pairs (one with an edited text and hash)."""
    originals = {}
    for i in range(12):
        vec = unit(rng.standard_normal((4, DIM)))
        originals[f"/docs/u{i:02d}.txt"] = vec
        base.add_document(f"/docs/u{i:02d}.txt", texts(f"u{i}", 4), vec, sha256=f"sha-u{i}")
    trio = unit(rng.standard_normal((3, DIM)))
    for name in ("/docs/report.pdf", "/copies/report (1).pdf", "/backup/old-report.pdf"):
        base.add_document(name, texts("report", 3), trio, sha256="sha-report")
    pair = unit(rng.standard_normal((2, DIM)))
    base.add_texts(texts("note", 2), pair, [{"source": "ticket:1"}] * 2)
    base.add_texts(texts("note", 2), pair, [{"source": "ticket:2"}] * 2)
    for name in ("/docs/u03.txt", "/docs/u07.txt"):
        base.add_document(name.replace("/docs/", "/edited/"), texts(name, 4), moved(originals[name], rng),
                          sha256=f"edited-{name}")


def test_planted_copies_come_back_as_their_groups_and_nothing_else(base, rng):
    plant(base, rng)
    report = base.duplicates()
    assert [sources(g) for g in report.exact] == [
        ["/docs/report.pdf", "/copies/report (1).pdf", "/backup/old-report.pdf"], ["ticket:1", "ticket:2"]]
    assert report.exact[0].key == "sha-report" and report.exact[1].key.startswith("text:")
    assert [g.similarity for g in report.exact] == [1.0, 1.0]
    assert sorted(sources(g) for g in report.near_groups) == [
        ["/docs/u03.txt", "/edited/u03.txt"], ["/docs/u07.txt", "/edited/u07.txt"]]
    for g in report.near_groups:
        assert 0.97 <= g.similarity < 1.0 and g.shared == 1.0
    # the exact trio is far from everything, and none of the other 10 documents is grouped
    assert report.documents == 12 + 3 + 2 + 2 and report.chunks == 48 + 9 + 4 + 8
    assert report.redundant == 2 + 1 + 1 + 1
    d = report.to_dict()
    assert (d["exact_groups"], d["near_groups"], d["redundant_documents"]) == (2, 2, 5)
    assert d["groups"][0]["documents"][0]["source"] == "/docs/report.pdf" and d["groups"][0]["chunks"] == 9


def test_a_stricter_threshold_drops_the_near_copies_and_exact_only_skips_them(base, rng):
    plant(base, rng)
    assert len(base.duplicates(near=0.97).near_groups) == 2
    assert base.duplicates(near=0.999).near_groups == []
    exact_only = base.duplicates(None)
    assert exact_only.near is None and len(exact_only.exact) == 2 and exact_only.near_groups == []


def test_one_shared_paragraph_or_a_contained_note_is_not_a_copy(base, rng):
    boiler = unit(rng.standard_normal((1, DIM)))
    for i in range(5):  # the same disclaimer chunk at the end of five different letters
        vec = np.concatenate([unit(rng.standard_normal((3, DIM))), boiler])
        base.add_document(f"/letters/{i}.txt", texts(f"letter{i}", 4), vec, sha256=f"l{i}")
    long = unit(rng.standard_normal((10, DIM)))
    base.add_document("/long.txt", texts("long", 10), long, sha256="long")
    base.add_document("/excerpt.txt", texts("excerpt", 2), long[:2], sha256="excerpt")
    report = base.duplicates()
    assert report.groups == ()
    # the twins are there: a share rule of 0.2 groups them (1/4 of each letter, 2/10 of the long text)
    loose = base.duplicates(min_share=0.2)
    assert sorted(len(g.documents) for g in loose.groups) == [2, 5]


def test_near_groups_join_chains_and_report_the_weakest_link(base, rng):
    a = unit(rng.standard_normal((2, DIM)))
    b = moved(a, rng, 0.975)
    c = moved(b, rng, 0.98)  # ~0.955 to a: a chain, not a clique
    for name, vec in (("/a", a), ("/b", b), ("/c", c)):
        base.add_document(name, texts(name, 2), vec, sha256=name)
    (group,) = base.duplicates(near=0.97).groups
    assert group.kind == "near" and sources(group) == ["/a", "/b", "/c"]
    assert float(np.max(np.sum(a * c, axis=1))) < 0.97
    assert group.similarity == pytest.approx(0.975, abs=1e-5)


def test_a_document_with_exact_copies_joins_a_near_group_once(base, rng):
    vec = unit(rng.standard_normal((3, DIM)))
    base.add_document("/orig.txt", texts("o", 3), vec, sha256="same")
    base.add_document("/copy.txt", texts("o", 3), vec, sha256="same")
    base.add_document("/edit.txt", texts("e", 3), moved(vec, rng), sha256="other")
    report = base.duplicates()
    assert [sources(g) for g in report.exact] == [["/orig.txt", "/copy.txt"]]
    assert [sources(g) for g in report.near_groups] == [["/orig.txt", "/edit.txt"]]


def test_keeping_one_names_the_others_and_removed_documents_leave_the_groups(base, rng):
    plant(base, rng)
    trio = base.duplicates().exact[0]
    keep = trio.documents[1]
    others = trio.others(keep.id)
    assert [d.source for d in others] == ["/docs/report.pdf", "/backup/old-report.pdf"]
    assert sum(d.chunks for d in others) == 6
    with pytest.raises(InvalidInput, match="not in this group"):
        trio.others(999_999)
    assert [d.source for d in trio.without([others[0].id]).documents] == ["/copies/report (1).pdf",
                                                                          "/backup/old-report.pdf"]
    assert trio.without(d.id for d in others) is None  # one document left: no longer a group
    assert base.remove_documents([d.id for d in others]) == 6
    after = base.duplicates()
    assert [sources(g) for g in after.exact] == [["ticket:1", "ticket:2"]]
    assert after.documents == 19 - 2 and len(after.near_groups) == 2


def test_bad_options_are_refused_before_reading(base):
    for bad in (0, -0.5, 1.5, "0.9", float("nan")):
        with pytest.raises(InvalidInput, match="threshold"):
            base.duplicates(near=bad)
    with pytest.raises(InvalidInput, match="share"):
        base.duplicates(min_share=0)


def test_progress_covers_every_stage_and_cancel_stops_the_scan(base, rng):
    plant(base, rng)
    ticks = []
    base.duplicates(progress=lambda s, d, t: ticks.append((s, d, t)))
    stages = [s for s, _d, _t in ticks]
    assert {"hashing", "reading", "comparing", "grouping"} <= set(stages)
    assert stages.index("reading") < stages.index("comparing") < stages.index("grouping")
    assert ticks[-1] == ("grouping", 1, 1) and overall(*ticks[-1]) == 1.0
    fractions = [overall(*t) for t in ticks]
    assert fractions == sorted(fractions)
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        base.duplicates(cancel=cancel)

    stop = threading.Event()

    def cancel_when_comparing(stage, _d, _t):
        if stage == "comparing":
            stop.set()

    with pytest.raises(Cancelled):
        base.duplicates(progress=cancel_when_comparing, cancel=stop)


def test_an_empty_base_has_no_duplicates(base):
    report = base.duplicates()
    assert report.groups == () and report.documents == 0 and report.chunks == 0


def test_the_clustered_scan_finds_the_pairs_the_exact_product_finds(rng, monkeypatch):
    """Above EXACT_LIMIT the scan compares within clusters; on 6,000 clustered vectors with
    300 pairs planted right at the threshold it must find what the full product finds."""
    dim = 128
    centers = unit(rng.standard_normal((12, dim)))
    x = unit(centers[rng.integers(0, 12, 6000)] + rng.standard_normal((6000, dim)).astype(np.float32) * 0.08)
    src = rng.choice(6000, 300, replace=False)
    dst = rng.choice(np.setdiff1d(np.arange(6000), src), 300, replace=False)
    x[dst] = unit(x[src] + rng.standard_normal((300, dim)).astype(np.float32) * np.float32(0.25 / np.sqrt(dim)))
    exact = twins.find_twins(x, 0.97)
    monkeypatch.setattr(twins, "EXACT_LIMIT", 1000)
    clustered = twins.find_twins(x, 0.97)
    want = {(int(a), int(b)) for a, b in zip(*exact[:2])}
    got = {(int(a), int(b)) for a, b in zip(*clustered[:2])}
    planted = {(int(a), int(b)) for a, b in zip(src, dst) if float(x[a] @ x[b]) >= 0.97}
    assert len(planted) > 100 and planted <= want
    assert got <= want  # never a pair below the threshold
    assert len(got & planted) == len(planted)
    assert len(got) >= 0.99 * len(want)
    assert all((b, a) in got for a, b in got)  # symmetric


def test_a_chunk_repeated_everywhere_keeps_at_most_max_twins(rng, monkeypatch):
    monkeypatch.setattr(twins, "MAX_TWINS", 5)
    x = np.repeat(unit(rng.standard_normal((1, 16))), 40, axis=0)
    a, b, s = twins.find_twins(x, 0.97)
    assert np.bincount(a, minlength=40).min() >= 5  # each row keeps its 5 ...
    assert len(a) <= 2 * 40 * 5 and np.all(s >= 0.97)  # ... and no more (both orientations)
