"""Where Vetorbase keeps things by default (per-user folders, overridable)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "vetorbase"

#: Environment variable that overrides the default base folder (scripts, tests, services).
BASE_ENV = "VETORBASE_BASE"


def default_base_dir() -> Path | str:
    """The base the window and the CLI use when none is named.

    `$VETORBASE_BASE` wins so a service account or a test can point every tool at one
    folder, or one server (`postgresql://...`, returned as text), without repeating `--base`.
    """
    env = os.environ.get(BASE_ENV)
    if env:
        from vetorbase.store.locations import is_url

        return env if is_url(env) else Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME)) / "default"
