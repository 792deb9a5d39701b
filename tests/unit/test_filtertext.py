"""One filter dialect for `--where` and the window's filter box."""

from __future__ import annotations

import pytest
from vetorbase.clihelp import parse_where
from vetorbase.errors import InvalidInput
from vetorbase.filtertext import parse_clause, parse_filter
from vetorbase.gui.filters import parse_filter as window_parse_filter


@pytest.mark.parametrize("text, expected", [
    ("page>2", ("page", "$gt", 2)),
    ("page >= 2.5", ("page", "$gte", 2.5)),
    ("page<10", ("page", "$lt", 10)),
    ("page<=10", ("page", "$lte", 10)),
    ("added_at>=2026-03-01", ("added_at", "$gte", "2026-03-01")),
    ("lang!=en", ("lang", "$ne", "en")),
    ("lang=en", ("lang", "$eq", "en")),
    ('page="3"', ("page", "$eq", "3")),
    ("flag=true", ("flag", "$eq", True)),
    ("source^=/docs/", ("source", "$prefix", "/docs/")),
    ("lang in pt|en", ("lang", "$in", ["pt", "en"])),
    ("page NOT IN 1|2", ("page", "$nin", [1, 2])),
    ("note=a=b", ("note", "$eq", "a=b")),
])
def test_clauses(text, expected):
    assert parse_clause(text) == expected


def test_cli_and_window_build_the_same_where():
    items = ["page>2", "page<10", "added_at>=2026-03-01", "lang!=en", "type=pdf", "type=docx"]
    where = parse_where(items)
    assert where == {
        "page": {"$gt": 2, "$lt": 10}, "added_at": {"$gte": "2026-03-01"},
        "lang": {"$ne": "en"}, "type": {"$in": ["pdf", "docx"]},
    }
    assert window_parse_filter("; ".join(items)) == where
    assert parse_filter("page>2, lang!=en, source^=/a,b/") == {
        "page": {"$gt": 2}, "lang": {"$ne": "en"}, "source": {"$prefix": "/a,b/"}}
    assert parse_filter("  ") is None and parse_where([]) is None


def test_one_operator_twice_on_a_key_means_both():
    assert parse_where(["n>1", "n>2"]) == {"$and": [{"n": {"$gt": 1}}, {"n": {"$gt": 2}}]}


@pytest.mark.parametrize("bad", ["nokey", "=x", "a^=", "page>", "a in ", "x ~ 3", "page=>3", "page>>3", "a!==b"])
def test_unreadable_clauses_are_clear_errors(bad):
    with pytest.raises(InvalidInput, match="cannot read filter|at least one value"):
        parse_where([bad])
