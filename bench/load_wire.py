"""Wire participants for the capacity benchmark: the browser's messages without a browser.

Each participant is one :class:`~cocreate_widgets.serve.wire.WireClient` in this process's
asyncio loop: page request, kernel websocket, widget models, then (participant app) join in
two steps, fill in the open form, send it; or (bare Voila) type a name and click the button.
Everyone stays until the benchmark says ``leave`` (so the room is full while it measures),
then closes the websocket and posts the unload beacon, as a closed tab does.
"""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass, field

from cocreate_widgets.serve.wire import (
    WireClient,
    WireError,
    fill_form_async,
    join_async,
    submit_form_async,
)

ROLES = ("patient", "relative", "doctor", "nurse", "municipality", "other_care")
#: generous: under a full room a page may wait for its kernel for a long time, and a
#: participant who waits is still served; only a page that never comes counts as lost
STEP_TIMEOUT_S = 240.0


@dataclass
class Outcome:
    """What happened to one participant (monotonic seconds from the load's start)."""

    index: int
    kind: str  # "wire", "chromium" or "bare"
    begin: float = float("nan")
    page: float = float("nan")  # HTML received
    ready: float = float("nan")  # widget models loaded
    joined: float = float("nan")  # follow screen shown (bare: form answered)
    saved: float = float("nan")  # "saved" shown after sending
    left: float = float("nan")
    kernel_id: str = ""
    beacon: int | None = None
    error: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def served(self) -> bool:
        """Page rendered and joined."""
        return self.joined == self.joined  # not NaN

    @property
    def join_s(self) -> float:
        """Seconds from the page request to joined."""
        return self.joined - self.begin


class Load:
    """Shared clock and the signal to leave."""

    def __init__(self) -> None:
        self.t0 = time.monotonic()
        self.leave = asyncio.Event()
        self.present = 0  # participants connected right now

    def now(self) -> float:
        """Seconds since the load started."""
        return time.monotonic() - self.t0


async def wire_participant(
    load: Load,
    out: Outcome,
    url: str,
    code: str,
    delay: float,
    leave_spread: float,
    *,
    bare: bool = False,
) -> Outcome:
    """One participant's whole visit; never raises (the error is kept in ``out``)."""
    await asyncio.sleep(delay)
    out.begin = load.now()
    client = WireClient(url, request_timeout=STEP_TIMEOUT_S)
    connected = False
    try:
        await client.open()
        connected = True
        load.present += 1
        out.page = client.timings["page"] - load.t0
        out.ready = client.timings["ready"] - load.t0
        out.kernel_id = client.kernel_id
        if bare:
            await _answer_bare(client)
            out.joined = out.saved = load.now()
        else:
            role = ROLES[out.index % len(ROLES)]
            await join_async(client, code, f"Wire {out.index}", role, timeout=STEP_TIMEOUT_S)
            out.joined = load.now()
            await fill_form_async(client, text=f"Beeld {out.index}", timeout=STEP_TIMEOUT_S)
            await asyncio.sleep(0.5)  # the drafts go to the store while the last field settles
            await submit_form_async(client, timeout=STEP_TIMEOUT_S)
            out.saved = load.now()
    except (WireError, LookupError, OSError) as err:
        out.error = f"{type(err).__name__}: {err}"[:300]
    except Exception as err:  # noqa: BLE001 - one participant's failure is a figure
        out.error = f"{type(err).__name__}: {err}"[:300]
    await load.leave.wait()
    await asyncio.sleep(random.uniform(0, leave_spread))
    try:
        out.beacon = await client.close(shutdown=bool(client.kernel_id))
    except Exception as err:  # noqa: BLE001
        out.error = out.error or f"leaving: {err}"[:300]
    if connected:
        load.present -= 1
    out.left = load.now()
    return out


async def _answer_bare(client: WireClient) -> None:
    """The bare form (bench/serving_baseline.py FORM): a name, then the button."""
    name = client.find_one(lambda m: m.model_name == "TextModel")
    await client.set_value(name.model_id, value="Wire")
    await client.click(client.by_description("Verstuur").model_id)
    # the kernel has no answer to wait for: a kernel_info round trip shows it took both
    await client.request("kernel_info_request", {}, timeout=STEP_TIMEOUT_S)
