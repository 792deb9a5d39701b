"""Snapshot files: the streamed FAISS header matches FAISS's own serializer, and a
mapped snapshot is shared, read-only and searched exactly."""

from __future__ import annotations

import faiss
import numpy as np
import pytest

from vetorbase.store.snapfile import flat_header, full_hash, map_pair, sampled_hash, write_pair


@pytest.mark.parametrize("n,dim", [(0, 8), (1, 4), (37, 16), (1000, 64)])
def test_streamed_file_is_byte_for_byte_what_faiss_writes(tmp_path, n, dim):
    x = np.random.default_rng(n).normal(size=(n, dim)).astype(np.float32)
    index = faiss.IndexFlatIP(dim)
    if n:
        index.add(x)
    expected = faiss.serialize_index(index).tobytes()
    ids = np.arange(1, n + 1, dtype=np.int64) * 3
    batches = [(ids[i:i + 10], x[i:i + 10]) for i in range(0, n, 10)]
    vec, id_file = write_pair(tmp_path / "s.faiss", tmp_path / "s.ids", dim, n, batches)
    assert (tmp_path / "s.faiss").read_bytes() == expected
    assert flat_header(dim, n) == expected[: len(flat_header(dim, n))]
    assert vec.nbytes == len(expected) and vec.xxh3 == full_hash(vec.path)
    assert id_file.nbytes == 8 * n
    assert not list(tmp_path.glob("*.tmp-*"))


def test_mapped_part_searches_exactly_and_maps_instead_of_copying(tmp_path):
    dim, n = 32, 5000
    x = np.random.default_rng(1).normal(size=(n, dim)).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    ids = np.arange(n, dtype=np.int64) * 2 + 5
    write_pair(tmp_path / "s.faiss", tmp_path / "s.ids", dim, n, [(ids, x)])
    part = map_pair(tmp_path / "s.faiss", tmp_path / "s.ids", dim, n, seq=9)
    q = x[123:124]
    scores, pos = part.index.search(q, 5)
    assert part.ids[pos[0][0]] == ids[123]
    assert np.array_equal(np.asarray(part.vectors()), x)
    with open("/proc/self/maps") as fh:
        assert str(tmp_path / "s.faiss") in fh.read()
    assert part.max_id == ids[-1]
    assert np.array_equal(part.positions(ids[[0, 10, n - 1]]), [0, 10, n - 1])


def test_rows_out_of_order_are_refused_and_leave_nothing_behind(tmp_path):
    x = np.ones((3, 4), np.float32)
    with pytest.raises(ValueError):
        write_pair(tmp_path / "s.faiss", tmp_path / "s.ids", 4, 3, [(np.array([1, 3, 2]), x)])
    with pytest.raises(ValueError):
        write_pair(tmp_path / "s.faiss", tmp_path / "s.ids", 4, 4, [(np.array([1, 2, 3]), x)])
    assert list(tmp_path.iterdir()) == []


def test_sampled_hash_sees_truncation_and_header_damage(tmp_path):
    path = tmp_path / "f"
    data = bytearray(np.random.default_rng(0).bytes(1 << 20))
    path.write_bytes(data)
    before = sampled_hash(path)
    path.write_bytes(data[:-1])
    assert sampled_hash(path) != before
    data[3] ^= 1
    path.write_bytes(data)
    assert sampled_hash(path) != before
