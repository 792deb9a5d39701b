"""``VETORBASE = {"BASE": "django"}``: a base in Django's own default database.

Teams that run Django on PostgreSQL already configure that server once, in
``DATABASES["default"]``; asking for its address and password again in a second
place would be a second copy of a secret to keep in step. The URL is built from
Django's settings without the password, which travels apart (as ``password=``) so it
is never in a URL, a message or a log line.
"""

from __future__ import annotations

from typing import Any

from vetorbase.errors import InvalidInput
from vetorbase.store.locations import server_url

#: Django database engines that talk to PostgreSQL (PostGIS is PostgreSQL too).
POSTGRES_ENGINES = frozenset({
    "django.db.backends.postgresql",
    "django.db.backends.postgresql_psycopg2",
    "django.contrib.gis.db.backends.postgis",
})
#: Keys of Django's OPTIONS that are libpq connection parameters (the rest, such as
#: "pool", "isolation_level" or "server_side_binding", configure Django itself).
LIBPQ_OPTIONS = frozenset({
    "sslmode", "sslrootcert", "sslcert", "sslkey", "sslcrl", "sslcrldir", "sslsni",
    "sslcompression", "sslcertmode", "sslnegotiation", "requiressl", "ssl_min_protocol_version",
    "ssl_max_protocol_version", "gssencmode", "gsslib", "gssdelegation", "krbsrvname",
    "channel_binding", "require_auth", "connect_timeout", "application_name",
    "fallback_application_name", "options", "target_session_attrs", "load_balance_hosts",
    "keepalives", "keepalives_idle", "keepalives_interval", "keepalives_count",
    "tcp_user_timeout", "hostaddr", "client_encoding", "passfile", "service",
})


def django_database_base(base_name: str, alias: str = "default") -> tuple[str, str | None]:
    """(URL of base `base_name` in Django's `alias` database, its password or None).

    Refuses any engine but PostgreSQL: a Vetorbase base cannot live in SQLite or MySQL
    through Django (a folder base is what to use then).
    """
    from django.conf import settings

    databases: dict[str, Any] = getattr(settings, "DATABASES", None) or {}
    db = databases.get(alias)
    if not db:
        raise InvalidInput(f'VETORBASE["BASE"] = "django" uses DATABASES["{alias}"], but '
                           "Django has no such database configured")
    engine = str(db.get("ENGINE") or "")
    if engine not in POSTGRES_ENGINES:
        raise InvalidInput(
            f'VETORBASE["BASE"] = "django" needs PostgreSQL, but DATABASES["{alias}"] uses '
            f"{engine or 'no ENGINE'}. Point Django at PostgreSQL "
            "(django.db.backends.postgresql), or set VETORBASE['BASE'] to a folder or a "
            "postgresql:// URL.")
    options = db.get("OPTIONS") or {}
    params = {str(k): str(v) for k, v in options.items()
              if k in LIBPQ_OPTIONS and v is not None and not isinstance(v, bool)}
    params.update({str(k): ("1" if v else "0") for k, v in options.items()
                   if k in LIBPQ_OPTIONS and isinstance(v, bool)})
    url = server_url(host=str(db.get("HOST") or ""), port=db.get("PORT") or None,
                     dbname=str(db.get("NAME") or ""), user=db.get("USER") or None,
                     base=base_name, **params)
    return url, (str(db["PASSWORD"]) if db.get("PASSWORD") else None)
