"""Following the database: a poller that runs in the kernel's event loop.

Every participant has a kernel of their own, so everything shared goes through the
database. Each kernel polls one cheap value (the workshop's change counter, or the newest
answer id) and redraws only when it changed. A failed poll (database busy, network drop to
PostgreSQL) is logged and retried on the next tick; it never stops the loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any

log = logging.getLogger("cocreate.live")


class Poller:
    """Calls ``read()`` every ``interval`` seconds and ``on_change(value)`` when it differs.

    ``on_tick()`` (optional) runs on every tick, e.g. a heartbeat or a timer check.
    Outside a running event loop (tests, nbval) ``poll_once()`` does one round by hand.
    """

    def __init__(
        self,
        read: Callable[[], Any],
        on_change: Callable[[Any], None],
        *,
        interval: float = 0.5,
        on_tick: Callable[[], None] | None = None,
    ) -> None:
        self.read = read
        self.on_change = on_change
        self.on_tick = on_tick
        self.interval = interval
        self.last: Any = object()
        self._task: asyncio.Task | None = None

    def poll_once(self) -> bool:
        """One round: read, and call ``on_change`` if the value changed. Returns whether it did."""
        if self.on_tick is not None:
            self.on_tick()
        value = self.read()
        if value == self.last:
            return False
        self.last = value
        self.on_change(value)
        return True

    async def _loop(self) -> None:
        while True:
            try:
                self.poll_once()
            except Exception:
                log.warning("poll failed; trying again", exc_info=True)
            await asyncio.sleep(self.interval)

    def start(self) -> bool:
        """Start polling in the running event loop; returns False when there is none."""
        if self._task is not None and not self._task.done():
            return True
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            try:
                loop = asyncio.get_event_loop()
            except RuntimeError:
                return False
            if not loop.is_running():
                return False
        self._task = loop.create_task(self._loop())
        return True

    def stop(self) -> None:
        """Stop polling."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(Exception):
                self._task = None
