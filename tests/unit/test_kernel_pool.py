"""The kernel pool refills only as far as the room still needs (serve/pool.py)."""

from __future__ import annotations

from cocreate_widgets.serve.config import ServeOptions, voila_config
from cocreate_widgets.serve.pool import cap_refills_to_room, refill_target


def test_refill_target_stops_at_the_room():
    assert refill_target(pool_size=10, room=30, in_use=5, waiting=9) == 10
    assert refill_target(pool_size=10, room=30, in_use=25, waiting=3) == 5
    assert refill_target(pool_size=10, room=30, in_use=30, waiting=0) == 0
    assert refill_target(pool_size=10, room=30, in_use=40, waiting=2) == 2  # never shrinks
    assert refill_target(pool_size=10, room=0, in_use=40, waiting=0) == 10  # no room: no cap


class FakeKernelManager:
    """Voila's pool in miniature: ``fill_if_needed`` starts kernels up to the pool size."""

    def __init__(self, pool_size: int, in_use: int) -> None:
        self.kernel_pools_config = {"default": {"pool_size": pool_size}}
        self._pools: dict[str | None, list[str]] = {"app.ipynb": []}
        self.in_use = [f"used-{i}" for i in range(in_use)]

    def list_kernel_ids(self) -> list[str]:
        return self.in_use + self._pools["app.ipynb"]

    def fill_if_needed(self, delay=None, notebook_name=None, **kwargs) -> None:
        config = self.kernel_pools_config.get(notebook_name, self.kernel_pools_config["default"])
        pool = self._pools[notebook_name]
        pool.extend(f"new-{i}" for i in range(config["pool_size"] - len(pool)))


def test_refills_during_a_wave_stop_when_the_room_is_served():
    manager = FakeKernelManager(pool_size=10, in_use=27)
    cap_refills_to_room(manager, room=30)
    manager.fill_if_needed(notebook_name="app.ipynb")
    assert len(manager._pools["app.ipynb"]) == 3
    assert manager.kernel_pools_config == {"default": {"pool_size": 10}}  # config restored
    early = FakeKernelManager(pool_size=10, in_use=2)
    cap_refills_to_room(early, room=30)
    early.fill_if_needed(notebook_name="app.ipynb")
    assert len(early._pools["app.ipynb"]) == 10


def test_the_room_reaches_only_the_participants_server():
    options = ServeOptions(room=80)
    assert voila_config(options, "participant")["CocreateVoila"]["room"] == 80
    assert voila_config(options, "facilitator", token="t")["CocreateVoila"]["room"] == 0
