"""One sync pass in its own process, on a base given by folder or URL (the CLI takes
folders only for now): `python sync_pass.py LOCATION FOLDER` prints the pass's JSON."""

from __future__ import annotations

import json
import sys

from vetorbase.embeddings import get_embedder
from vetorbase.ingest.foldersync import sync_folder
from vetorbase.store import VectorBase


def main() -> None:
    location, folder = sys.argv[1], sys.argv[2]
    emb = get_embedder(VectorBase.read_info(location)["embedder_id"])
    base = VectorBase.open(location)
    print(json.dumps(sync_folder(base, emb, folder).to_dict()), flush=True)
    base.close()


if __name__ == "__main__":
    main()
