"""Read and write LangChain FAISS folders (`index.faiss` + `index.pkl`) safely.

The seed's users keep their data in LangChain's `FAISS.save_local` format, whose
`index.pkl` is a pickle: loading it the usual way runs whatever it contains. Here the
pickle is read by `safe_pickle` (no code runs, no hash or expansion bomb goes off) and
its metadata copied out under a budget proportional to the file.
"""

from __future__ import annotations

import os
import pickle
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from vetorbase.errors import (
    IngestError,
    InvalidInput,
    LossyIndex,
    VetorbaseError,
)
from vetorbase.integrations.safe_pickle import (
    ALLOWED_GLOBALS,
    Docstore as _Docstore,
    Document as _Document,
    PlainConverter,
    safe_load_pickle,
)
from vetorbase.store.compat import check_compatible

__all__ = ["ALLOWED_GLOBALS", "LC_ID_KEY", "LangChainFolder", "export_langchain_folder",
           "import_langchain_folder", "read_langchain_folder", "safe_load_pickle"]

ProgressFn = Callable[[int, int], None]

#: Metadata key keeping the LangChain docstore id of an imported chunk.
LC_ID_KEY = "lc_id"


def _document_fields(doc: Any, path: Path) -> tuple[str, dict[str, Any]]:
    if not isinstance(doc, _Document):
        raise IngestError(f"{path}: docstore entry is {type(doc).__name__}, not a Document",
                          path=str(path))
    state = doc.__dict__.get("_state")
    if isinstance(state, tuple) and state and isinstance(state[0], dict):
        state = state[0]
    if not isinstance(state, dict):
        raise IngestError(f"{path}: a Document without readable fields", path=str(path))
    fields = state.get("__dict__", state)
    text = fields.get("page_content")
    metadata = fields.get("metadata") or {}
    if not isinstance(text, str) or not isinstance(metadata, dict):
        raise IngestError(f"{path}: a Document without text or with odd metadata",
                          path=str(path))
    return text, metadata


@dataclass
class LangChainFolder:
    """What a LangChain FAISS folder holds, read without running code."""

    folder: Path
    dim: int
    vectors: np.ndarray | None  # (n, dim) float32 in index order; None: to be re-embedded
    ids: list[str]
    texts: list[str]
    metadatas: list[dict[str, Any]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.texts)


def _exact_storage(index: Any) -> bool:
    """True when `index` keeps the vectors themselves, so reading them back is exact."""
    import faiss

    if isinstance(index, faiss.IndexFlat | faiss.IndexIVFFlat):
        return True
    if isinstance(index, faiss.IndexHNSW):
        return _exact_storage(faiss.downcast_index(index.storage))
    if isinstance(index, faiss.IndexRefine):
        return _exact_storage(faiss.downcast_index(index.refine_index))
    return False


def _read_vectors(index_path: Path, want: bool = True
                  ) -> tuple[int, np.ndarray | None, np.ndarray]:
    """(dimension, vectors, label of each vector): labels are what LangChain's id map keys.

    With `want` False (texts to be re-embedded) the vectors are neither read nor judged.

    Only index types known to store the vectors are asked for them: faiss aborts the
    whole process (an exception thrown inside an OpenMP loop) when `reconstruct_n` meets
    an index that cannot reconstruct, such as an `IndexIDMap`, which is unwrapped here.
    """
    import faiss

    if not index_path.is_file():
        raise IngestError(f"{index_path}: no such file (a LangChain FAISS folder holds "
                          "index.faiss and index.pkl)", path=str(index_path))
    try:
        index = faiss.read_index(str(index_path))
    except RuntimeError as e:
        raise IngestError(f"{index_path}: not a FAISS index ({str(e).splitlines()[0]})",
                          path=str(index_path)) from None
    labels, outer = None, index  # `outer` owns the wrapped index: keep it alive
    if isinstance(index, faiss.IndexIDMap):  # IndexIDMap2 too: search answers its labels
        labels = faiss.vector_to_array(index.id_map).astype(np.int64)
        index = faiss.downcast_index(index.index)
    kind = type(index).__name__
    n = index.ntotal
    if labels is None or len(labels) != n:
        labels = np.arange(n, dtype=np.int64)
    if not want:
        return int(index.d), None, labels
    if not _exact_storage(index):
        raise LossyIndex(
            f"{index_path}: a {kind} keeps only compressed codes of its vectors, so they "
            "cannot be recovered exactly (read back they differ from the originals, and "
            "importing them would quietly make every search worse). Import a folder "
            "built with a flat index instead (FAISS.from_documents uses IndexFlatL2), or "
            "re-embed the texts: `vetorbase import-langchain --reembed` embeds them again "
            "with the base's embedder (--embedder).", path=str(index_path))
    try:
        vectors = index.reconstruct_n(0, n) if n else np.zeros((0, index.d), "float32")
    except RuntimeError:
        try:  # IVF indexes keep no direct map until asked to
            faiss.extract_index_ivf(index).make_direct_map()
            vectors = index.reconstruct_n(0, n)
        except RuntimeError as e:
            raise IngestError(f"{index_path}: cannot read vectors back from a {kind} "
                              f"({str(e).splitlines()[0]})", path=str(index_path)) from None
    dim = int(index.d)
    del index, outer  # the copy below is numpy's own; faiss memory is no longer used
    return dim, np.array(vectors, dtype="float32", order="C"), labels


def read_langchain_folder(folder: str | os.PathLike[str], index_name: str = "index", *,
                          reembed: bool = False) -> LangChainFolder:
    """Vectors from `<index_name>.faiss`, texts/metadata from `<index_name>.pkl`.

    `reembed` skips the vectors (a lossy index, or another embedder): the importer then
    embeds the texts again.
    """
    root = Path(folder)
    pkl = root / f"{index_name}.pkl"
    if not pkl.is_file():
        raise IngestError(f"{pkl}: no such file (a LangChain FAISS folder holds index.faiss "
                          "and index.pkl)", path=str(pkl))
    loaded = safe_load_pickle(pkl)  # refuse hostile pickles before touching the index
    if not (isinstance(loaded, tuple) and len(loaded) == 2
            and isinstance(loaded[0], _Docstore) and isinstance(loaded[1], dict)):
        raise IngestError(f"{pkl}: not a LangChain FAISS docstore "
                          "(expected (InMemoryDocstore, index_to_docstore_id))", path=str(pkl))
    docstore, id_map = loaded
    state = docstore.__dict__.get("_state")
    if isinstance(state, tuple) and state:
        state = state[0]
    docs = state.get("_dict") if isinstance(state, dict) else None
    if docs is None and docstore.__dict__.get("_args"):
        docs = docstore.__dict__["_args"][0]
    if not isinstance(docs, dict):
        raise IngestError(f"{pkl}: the docstore holds no documents dict", path=str(pkl))
    dim, vectors, labels = _read_vectors(root / f"{index_name}.faiss", not reembed)
    if len(id_map) != len(labels):
        raise IngestError(f"{root}: index.faiss holds {len(labels)} vectors but index.pkl "
                          f"maps {len(id_map)} positions", path=str(root))
    out = LangChainFolder(root, dim, vectors, [], [])
    plain = PlainConverter(pkl, pkl.stat().st_size)
    for pos, label in enumerate(labels.tolist()):
        key = id_map.get(label)
        if type(key) not in (str, int) or key not in docs:  # no str() of a hostile object
            raise IngestError(f"{pkl}: vector {pos} (id {label}) has no document in the "
                              "docstore",
                              path=str(pkl))
        text, metadata = _document_fields(docs[key], pkl)
        where = f"{pkl}: document {key!r:.80}"
        plain.charge_text(text, f"{where}, text")
        out.ids.append(str(key))
        out.texts.append(text)
        out.metadatas.append(plain.convert(metadata, f"{where}, metadata"))
    return out


def import_langchain_folder(folder: str | os.PathLike[str] | LangChainFolder, base: Any, *,
                            index_name: str = "index", origin: str | None = None,
                            progress: ProgressFn | None = None,
                            embedder: Any = None) -> dict[str, Any]:
    """Copy a LangChain FAISS folder into `base`, one document per metadata "source".

    Re-importing replaces the same documents (add_document replaces by source), so it
    is safe to repeat. Chunks without a "source" are grouped under the folder's path.
    With `embedder` (the base's), the texts are embedded again instead of reading the
    index's vectors: the way to import a lossy (PQ, LSH...) index.
    """
    data = folder if isinstance(folder, LangChainFolder) else \
        read_langchain_folder(folder, index_name, reembed=embedder is not None)
    if embedder is not None:
        from vetorbase.ingest.embedding import check_ingest_target

        check_ingest_target(base, embedder)
    elif data.vectors is None:
        raise InvalidInput(f"{data.folder}: read for re-embedding, so importing it needs "
                           "the base's embedder")
    else:
        check_compatible(f"the base at {base.location}", base.embedder_id, base.dim, dim=data.dim,
                         offered=str(data.folder), hint="Import into a new base created with "
                         "the embedder that built the LangChain index.")
    groups: dict[str, list[int]] = {}
    skipped = 0
    for pos, (text, meta) in enumerate(zip(data.texts, data.metadatas)):
        if not text.strip():
            skipped += 1
            continue
        source = meta.get("source")
        groups.setdefault(str(source) if source else str(data.folder.resolve()), []).append(pos)
    done = 0
    for source, positions in groups.items():
        metas = [{**data.metadatas[p], LC_ID_KEY: data.ids[p], "source": source}
                 for p in positions]
        texts = [data.texts[p] for p in positions]
        if data.vectors is not None and embedder is None:
            vectors = data.vectors[positions]
        else:
            from vetorbase.ingest.embedding import embed_texts

            vectors = embed_texts(embedder, texts)
        base.add_document(source, texts, vectors, metas, origin=origin)
        done += len(positions)
        if progress:
            progress(done, len(data))
    return {"folder": str(data.folder), "dimension": base.dim, "chunks": done,
            "documents": len(groups), "skipped_empty": skipped}


def _all_chunks(base: Any) -> list[Any]:
    chunks: list[Any] = []
    offset = 0
    while True:
        page = base.documents(offset=offset, limit=500, sort="source", descending=False)
        for doc in page:
            chunks.extend(base.chunks(doc.id))
        if len(page) < 500:
            return chunks
        offset += len(page)


def vectors_of(base: Any, ids: list[int]) -> np.ndarray:
    """The stored (normalized) vectors of `ids`, in that order."""
    if not ids:
        return np.zeros((0, base.dim), dtype="float32")
    return np.ascontiguousarray(base.vectors(ids), dtype="float32")


def export_langchain_folder(base: Any, folder: str | os.PathLike[str], *,
                            index_name: str = "index", overwrite: bool = False,
                            progress: ProgressFn | None = None) -> dict[str, Any]:
    """Write `base` as a LangChain FAISS folder that `FAISS.load_local` reads.

    Uses an `IndexFlatL2` over the base's normalized vectors, LangChain's default
    strategy, whose ranking equals the base's cosine ranking. Files are written under
    temporary names and renamed, so a reader never sees half an export.
    """
    import faiss

    try:
        with warnings.catch_warnings():  # its "being sunset" notice is not our users' concern
            warnings.simplefilter("ignore", DeprecationWarning)
            from langchain_community.docstore.in_memory import InMemoryDocstore
        from langchain_core.documents import Document
    except ImportError as e:
        raise VetorbaseError("exporting to LangChain's FAISS format needs the "
                             f"langchain-community package ({e}); pip install "
                             "langchain-community") from None
    root = Path(folder)
    targets = [root / f"{index_name}.faiss", root / f"{index_name}.pkl"]
    if not overwrite and any(t.exists() for t in targets):
        raise VetorbaseError(f"{root} already holds a LangChain index; choose an empty "
                             "folder or allow overwriting (--force)")
    root.mkdir(parents=True, exist_ok=True)
    chunks = _all_chunks(base)
    vectors = vectors_of(base, [c.id for c in chunks])
    index = faiss.IndexFlatL2(base.dim)
    if len(chunks):
        index.add(vectors)
    seen: set[str] = set()
    docs: dict[str, Any] = {}
    id_map: dict[int, str] = {}
    for pos, chunk in enumerate(chunks):
        lc_id = chunk.metadata.get(LC_ID_KEY)
        doc_id = str(lc_id) if lc_id is not None and str(lc_id) not in seen else str(chunk.id)
        if doc_id in seen:  # an lc_id equal to another chunk's numeric id
            doc_id = f"vetorbase:{chunk.id}"
        seen.add(doc_id)
        docs[doc_id] = Document(page_content=chunk.text, metadata=dict(chunk.metadata),
                                id=doc_id)
        id_map[pos] = doc_id
        if progress and (pos % 1000 == 999 or pos == len(chunks) - 1):
            progress(pos + 1, len(chunks))
    tmp = [t.with_name(f".{t.name}.tmp-{os.getpid()}") for t in targets]
    try:
        faiss.write_index(index, str(tmp[0]))
        with open(tmp[1], "wb") as f:
            pickle.dump((InMemoryDocstore(docs), id_map), f)
            f.flush()
            os.fsync(f.fileno())
        for t, final in zip(tmp, targets):
            os.replace(t, final)
    finally:
        for t in tmp:
            t.unlink(missing_ok=True)
    return {"folder": str(root), "chunks": len(chunks), "dimension": base.dim,
            "documents": len({c.doc_id for c in chunks})}
