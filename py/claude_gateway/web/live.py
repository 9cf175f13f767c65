"""What the live pages receive: rows newer than the last ones sent, found by polling.

Activity and messages are read by polling `claude.activity_history` and
`claude.message_history` about every second, by their (created_at, key):
activity rows do not notify (a NOTIFY in nearly every writing transaction
serialised every commit on PostgreSQL's notification lock); a message's
notification only wakes the poll early.
A row's created_at is taken while its transaction runs, so a row may commit
after a newer one was already sent: each poll looks back `OVERLAP` before the
newest key sent and skips what it already sent (a set that forgets keys older
than the window, so it stays bounded).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from datetime import UTC, datetime, timedelta
from typing import Any

POLL_SECONDS = 1.0
# How long a transaction may take between writing a row and committing it
# for the row still to be shown live (a later one appears after a reload).
OVERLAP = timedelta(seconds=10)
EPOCH = datetime.min.replace(tzinfo=UTC)


class Tail:
    """The rows of a view not yet sent, by a time column and a key.

    `since()` is the lower bound of the next poll (the newest time sent, minus
    OVERLAP); `take(rows)` keeps the rows not sent before, newest first, and
    remembers them.
    """

    def __init__(
        self, newest: datetime | None, *, at: str, key: Callable[[dict[str, Any]], Hashable]
    ) -> None:
        self.newest = newest or EPOCH
        self.at, self.key = at, key
        self.sent: dict[Hashable, datetime] = {}

    def since(self) -> datetime:
        return self.newest - OVERLAP if self.newest > EPOCH + OVERLAP else EPOCH

    def take(self, rows: list[dict[str, Any]], limit: int) -> list[dict[str, Any]]:
        fresh = [r for r in rows if self.key(r) not in self.sent][:limit]
        for r in fresh:
            self.sent[self.key(r)] = r[self.at]
            self.newest = max(self.newest, r[self.at])
        floor = self.since()
        self.sent = {k: at for k, at in self.sent.items() if at >= floor}
        return fresh
