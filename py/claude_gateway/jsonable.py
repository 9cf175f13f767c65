"""One JSON converter for every door: CLI `--json`, the hooks' output, MCP results.

Rows (dataclasses) become objects, UUIDs and times ISO strings, intervals
PostgreSQL interval text (readable back by SQL), whole Decimals integers and
other finite ones floats, bytes base64, sets and tuples arrays.
"""

from __future__ import annotations

import base64
import dataclasses
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID


def to_json(value: Any) -> Any:
    """A JSON-ready value: UUIDs and times as strings, rows as objects, lists as arrays."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return interval_text(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            return str(value)
        return int(value) if value == value.to_integral_value() else float(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_json(v) for v in value]
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode()
    return str(value)


def interval_text(td: timedelta) -> str:
    """A timedelta as PostgreSQL interval input (`2 days 03:00:00`), readable back by SQL."""
    sign = "-" if td < timedelta(0) else ""
    td = abs(td)
    minutes, seconds = divmod(td.seconds, 60)
    hours, minutes = divmod(minutes, 60)
    clock = f"{sign}{hours:02}:{minutes:02}:{seconds:02}"
    if td.microseconds:
        clock += f".{td.microseconds:06}"
    if not td.days:
        return clock
    return f"{sign}{td.days} day{'s' if td.days != 1 else ''} {clock}"
