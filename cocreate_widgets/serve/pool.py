"""The participants' kernel pool stops refilling once the room is served.

Voila refills its pool of pre-started kernels after every page that takes one. During a wave
of joins that means a new kernel start (about a core-second each) for every participant
while the room is still arriving, competing with the joins for the CPU (docs/capacity.md,
item 3). A workshop knows its room: once the kernels in use plus those waiting reach it, no
more are started ahead. A pool as large as the room, started before the workshop, then
serves a whole wave without starting a single kernel during it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def refill_target(pool_size: int, room: int, in_use: int, waiting: int) -> int:
    """How many kernels the pool should hold after a refill: its configured size, but never
    more than the room still needs (``room - in_use``), and never fewer than it has."""
    if room <= 0:
        return pool_size
    return max(waiting, min(pool_size, room - in_use))


def cap_refills_to_room(kernel_manager: Any, room: int) -> None:
    """Wrap Voila's ``fill_if_needed`` so that refills respect :func:`refill_target`."""
    original: Callable[..., None] = kernel_manager.fill_if_needed

    def fill_if_needed(delay=None, notebook_name=None, **kwargs: Any) -> None:
        configs = kernel_manager.kernel_pools_config
        default = configs.get("default", {})
        config = configs.get(notebook_name, default)
        pool_size = int(config.get("pool_size", default.get("pool_size", 1)))
        waiting = len(kernel_manager._pools.get(notebook_name, []))
        in_use = max(0, len(kernel_manager.list_kernel_ids()) - waiting)
        target = refill_target(pool_size, room, in_use, waiting)
        if target == pool_size:
            original(delay=delay, notebook_name=notebook_name, **kwargs)
            return
        kernel_manager.kernel_pools_config = {
            **configs,
            notebook_name: {**config, "pool_size": target},
        }
        try:
            original(delay=delay, notebook_name=notebook_name, **kwargs)
        finally:
            kernel_manager.kernel_pools_config = configs

    kernel_manager.fill_if_needed = fill_if_needed
