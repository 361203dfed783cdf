"""The service's memory of the session rows this process wrote last (any database: see `RowCache`)."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from sessions.tables import CoachingSession

ROW_CACHE_SIZE = 10_000


class RowCache:
    """Session rows as this process last wrote them (LRU). Read and written only under the session's lock.

    A stale entry (another process wrote the row) cannot apply anything: the claim's compare-and-set fails, or the
    entry refuses the request; either way the service drops the entry, reads the row and checks the request again.
    """

    def __init__(self, size: int = ROW_CACHE_SIZE) -> None:
        self._size = size
        self._rows: OrderedDict[str, dict[str, Any]] = OrderedDict()

    def __contains__(self, session_id: object) -> bool:
        return session_id in self._rows

    def get(self, session_id: str) -> CoachingSession | None:
        data = self._rows.get(session_id)
        if data is None:
            return None
        self._rows.move_to_end(session_id)
        return CoachingSession.model_validate(data)

    def put(self, row: CoachingSession) -> None:
        self._rows[row.id] = row.model_dump()
        self._rows.move_to_end(row.id)
        while len(self._rows) > self._size:
            self._rows.popitem(last=False)

    def forget(self, session_id: str) -> None:
        self._rows.pop(session_id, None)
