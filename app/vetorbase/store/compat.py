"""The one rule for which vectors a base may take: its embedder's, of its dimension.

Every place that pairs a base with an embedder or with vectors (opening a base,
ingesting, importing a LangChain folder, the LangChain store) asks this module, so
the rule and its messages live in one place. A mismatch is refused before anything
is written: vectors of another model or size would make every search meaningless.
"""

from __future__ import annotations

from vetorbase.errors import DimensionMismatch, EmbedderMismatch, InvalidInput


def same_embedder(built_by: str, offered: str) -> bool:
    """True when `offered` makes the same vectors as the embedder that built a base.

    Exact ids match; so does the same Ollama model served from another address (a
    worker on another host reaches the server under another name). Ids this version
    cannot parse (a test's or a future kind) must match exactly.
    """
    if built_by == offered:
        return True
    from vetorbase.embeddings.registry import same_model

    try:
        return same_model(built_by, offered)
    except InvalidInput:
        return False


def check_compatible(where: str, built_by: str | None, base_dim: int, *,
                     embedder_id: str | None = None, dim: int | None = None,
                     offered: str | None = None, hint: str = "") -> None:
    """Raise unless an embedder `embedder_id` making `dim`-d vectors fits the base.

    `where` names the base (folder or redacted URL) or, before a base exists, the
    vectors' origin; `built_by` is the base's embedder (None when unknown, e.g. a
    LangChain folder); `offered` names what offers `dim`-d vectors when it is not an
    embedder id (a folder to import); `hint` ends the message with what to do.
    """
    if embedder_id and built_by and not same_embedder(built_by, embedder_id):
        raise EmbedderMismatch(
            f"{where} was built with embedder '{built_by}' ({base_dim}-d); it cannot take "
            f"vectors from '{embedder_id}'. Open it with '{built_by}', or create a new base "
            f"for the other embedder.{' ' + hint if hint else ''}")
    if dim is not None and int(dim) != int(base_dim):
        source = offered or (f"'{embedder_id}'" if embedder_id else "the vectors offered")
        made = f" (embedder '{built_by}')" if built_by else ""
        raise DimensionMismatch(
            f"{where} holds {base_dim}-d vectors{made}, but {source} gives {int(dim)}-d ones, "
            "so its searches could never match them. "
            + (hint or "Use the base's own embedder, or create a new base for the other one."))
