"""The Django-Q `remove_where` task moves to the trash unless purge=True.

The task functions are plain functions (a qcluster calls them by dotted name); here
they are called directly on a real base. The cluster itself is exercised in
tests/integration/test_django_q_cluster.py.
"""

from __future__ import annotations

import numpy as np
import pytest

from vetorbase import VectorBase
from vetorbase.errors import InvalidInput
from vetorbase.integrations import django_q as vq


@pytest.fixture
def base(base_dir):
    b = VectorBase.open(base_dir, create=True, dim=4, embedder_id="test:4")
    b.add_document("ticket:1", ["one", "uno"], np.eye(4, dtype=np.float32)[:2], metadata={"kind": "ticket"})
    b.add_document("ticket:2", ["two"], np.eye(4, dtype=np.float32)[2:3], metadata={"kind": "ticket"})
    yield b
    b.close()


def test_remove_where_task_goes_to_the_trash_and_can_be_restored(base, base_dir):
    result = vq.remove_where({"source": "ticket:1"}, base_dir=str(base_dir), origin="qcluster@test")
    assert result["removed_chunks"] == 2 and result["purged"] is False
    [entry] = base.trash()
    assert result["trash_entry"] == entry.id and entry.removed_by == "qcluster@test"
    again = vq.remove_where({"source": "ticket:1"}, base_dir=str(base_dir))  # a retried task
    assert again["removed_chunks"] == 0 and again["trash_entry"] is None and len(base.trash()) == 1
    base.restore([entry.id])
    assert base.document_count() == 2 and base.check() == []


def test_remove_where_task_with_purge_deletes_for_good(base, base_dir):
    result = vq.remove_where({"kind": "ticket"}, base_dir=str(base_dir), purge=True)
    assert result["removed_chunks"] == 3 and result["purged"] is True and result["trash_entry"] is None
    assert base.trash() == [] and base.count() == 0
    with pytest.raises(InvalidInput, match="purge"):
        vq.remove_where({"kind": "ticket"}, base_dir=str(base_dir), purge="yes")
