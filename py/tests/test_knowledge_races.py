"""Concurrent applications of one knowledge entry lose no count."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import psycopg
from conftest import race


def test_concurrent_apply_knowledge_counts_every_application(
    dsn: str, conn: psycopg.Connection
) -> None:
    (kid,) = conn.execute("SELECT claude.record_knowledge(title => %s, description => 'd',"
                          " knowledge_type => 'pattern')", (f"race-{uuid.uuid4().hex[:8]}",)).fetchone()
    per_thread = 15

    def run(index: int, go: Callable[[], object]) -> None:
        with psycopg.connect(dsn, autocommit=True) as c:
            go()
            for _ in range(per_thread):
                c.execute(
                    "SELECT claude.apply_knowledge(knowledge_id => %s, was_successful => %s)",
                    (kid, index == 0),
                )

    race(2, run)
    counts = conn.execute(
        "SELECT times_applied, times_failed, confidence_level BETWEEN 1 AND 10"
        " FROM claude.knowledge WHERE knowledge_id = %s",
        (kid,),
    ).fetchone()
    assert counts == (2 * per_thread, per_thread, True)
