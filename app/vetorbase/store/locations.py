"""Where a base lives: a folder, or a PostgreSQL server named by a libpq URL.

Every entry point (CLI `--base`, `VETORBASE["BASE"]`, the window, the LangChain
store) takes either, so the decision is made once, here. A URL may carry a password;
`redact()` is what anything shown, logged or stored must go through.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

from vetorbase.errors import InvalidInput

SCHEMES = ("postgresql", "postgres")
DEFAULT_BASE_NAME = "default"
#: Base names become part of a schema name: letters, digits, "_" and "-" only, so a
#: name never needs quoting tricks (it is still quoted as an identifier everywhere).
BASE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]{0,47}")


def is_url(location: str | os.PathLike[str]) -> bool:
    """True for `postgresql://...` / `postgres://...` (anything else is a folder)."""
    if not isinstance(location, str):
        return False
    return location.split("://", 1)[0].lower() in SCHEMES and "://" in location


@dataclass(frozen=True)
class ServerLocation:
    """A base on a PostgreSQL server: the libpq URL without `base=`, and the base's name."""

    conninfo: str
    base: str

    @property
    def display(self) -> str:
        """The URL with any password removed, `base=` included: safe to show and store."""
        return redact(with_base(self.conninfo, self.base))

    @property
    def key(self) -> str:
        """Identifies the base in this process (no password: two spellings, one base)."""
        return self.display


def parse(url: str) -> ServerLocation:
    """Split `base=` off a libpq URL and check the name; the rest goes to libpq as is."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    names = [v for k, v in query if k == "base"]
    base = names[-1] if names else DEFAULT_BASE_NAME
    if not BASE_NAME.fullmatch(base):
        raise InvalidInput(
            f"base name {base!r} in {redact(url)}: use 1-48 letters, digits, '_' or '-' "
            "(the name becomes part of a PostgreSQL schema name)."
        )
    rest = urlencode([(k, v) for k, v in query if k != "base"])
    return ServerLocation(urlunsplit((parts.scheme, parts.netloc, parts.path, rest, "")), base)


def with_base(conninfo: str, base: str) -> str:
    parts = urlsplit(conninfo)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "base"]
    query.append(("base", base))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


def redact(location: str | os.PathLike[str]) -> str:
    """`location` fit to show: a URL loses its password (and `password=` parameter)."""
    text = os.fspath(location)
    if not is_url(text):
        return text
    parts = urlsplit(text)
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, host = netloc.rsplit("@", 1)
        user = userinfo.split(":", 1)[0]
        netloc = f"{user}@{host}" if user else host
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "password"]
    return urlunsplit((parts.scheme, netloc, parts.path, urlencode(query), ""))


def password_of(url: str) -> str | None:
    """The password written in a URL, if any (so a caller can move it out of the URL)."""
    parts = urlsplit(url)
    if "@" in parts.netloc and ":" in parts.netloc.rsplit("@", 1)[0]:
        return unquote(parts.netloc.rsplit("@", 1)[0].split(":", 1)[1])
    for k, v in parse_qsl(parts.query):
        if k == "password":
            return v
    return None


def server_url(*, host: str, port: int | str | None, dbname: str, user: str | None,
               base: str = DEFAULT_BASE_NAME, **params: str) -> str:
    """A URL without a password from parts (Django's settings, the window's form)."""
    auth = f"{quote(user, safe='')}@" if user else ""
    if host.startswith("/"):  # a Unix socket folder goes in the query
        params = {"host": host, **params}
        hostport = ""
    else:
        hostport = f"{host}:{port}" if port else host
    query = urlencode({**{k: str(v) for k, v in params.items() if v not in (None, "")}, "base": base})
    return f"postgresql://{auth}{hostport}/{quote(dbname, safe='')}?{query}"


def describe(location: str | os.PathLike[str]) -> str:
    """How to name a base in a message: its folder, or its redacted URL."""
    return redact(location) if is_url(os.fspath(location)) else str(Path(location))
