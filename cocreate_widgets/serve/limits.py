"""Rate limits per client at the server: page loads (each costs a kernel) and failed logins.

The kernel behind a page cannot see who is on the other end, so whatever must be bounded
per client is bounded here, in the Voila process, before a handler does any work:

* :class:`TokenBucket` allows a burst of ``capacity`` events per client and then one more
  every ``window_s / capacity`` seconds (the bucket refills completely in ``window_s``).
  Compared with a fixed sliding window it lets a blocked client back in after a short wait
  ("wait a moment") instead of after the whole window.
* :func:`client_address` names the client: the TCP peer, or, only when the peer is a
  trusted proxy (``--trusted-proxy``), the address the proxy reports in ``X-Real-IP`` or as
  the last hop of ``X-Forwarded-For``.
* :func:`client_key` is the bucket a client falls in: its IPv4 address, or the /64 network
  of an IPv6 address (one phone or one home holds a whole /64, so counting single IPv6
  addresses would give one attacker billions of buckets).

Nothing here knows tornado; :mod:`.app` calls it from its handlers.
"""

from __future__ import annotations

import ipaddress
import math
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

#: Every limit refills over this period: the default grace of a participant's kernel
#: without a connection, so ``capacity`` also bounds the kernels one client can leave behind
#: (at most ``2 * capacity`` in any grace period: the burst plus one refill).
LIMIT_WINDOW_S = 600.0
#: Failed facilitator logins per client per window. A facilitator mistypes a few times;
#: the token is 192 random bits, so the limit only matters for a weak password.
DEFAULT_LOGIN_LIMIT = 10
#: Page loads per client per window never go below this, however small the room.
MIN_PAGE_LIMIT = 20
#: Forget a client whose bucket is full again; look for them every this many events.
PRUNE_EVERY = 1000

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def default_page_limit(room: int) -> int:
    """Page loads per client per window: twice the room, at least :data:`MIN_PAGE_LIMIT`.

    On a room's Wi-Fi served with ``--lan`` each phone has its own address and needs a
    handful of loads (the join, a reload after a dropped connection). Behind a public
    proxy or a guest network's NAT the whole room shares one address: everyone joins in the
    same minute and may reload once, which is ``2 * room``. A limit that stops a real room
    is worse than a loose one, so the default fits the shared-address case; with one address
    per phone ``--page-limit 20`` is tighter.
    """
    return max(MIN_PAGE_LIMIT, 2 * room)


@dataclass
class _Bucket:
    tokens: float
    updated: float


@dataclass
class TokenBucket:
    """Per-client token buckets: ``capacity`` events at once, refilled fully in ``window_s``.

    ``capacity`` 0 turns the limit off (every event is allowed).
    """

    capacity: int
    window_s: float = LIMIT_WINDOW_S
    clock: Callable[[], float] = time.monotonic
    _buckets: dict[str, _Bucket] = field(default_factory=dict, repr=False)
    _events: int = field(default=0, repr=False)

    def __post_init__(self) -> None:
        if self.capacity < 0:
            raise ValueError("a limit must not be negative")
        if self.window_s <= 0:
            raise ValueError("the window must be positive")

    @property
    def enabled(self) -> bool:
        """False when the limit is off."""
        return self.capacity > 0

    @property
    def refill_per_s(self) -> float:
        """Events regained per second."""
        return self.capacity / self.window_s

    def _current(self, client: str) -> _Bucket | None:
        bucket = self._buckets.get(client)
        if bucket is None:
            return None
        now = self.clock()
        bucket.tokens = min(
            float(self.capacity), bucket.tokens + (now - bucket.updated) * self.refill_per_s
        )
        bucket.updated = now
        return bucket

    def retry_after(self, client: str) -> float:
        """Seconds until ``client`` may act again; 0 when an event is allowed now."""
        if not self.enabled:
            return 0.0
        bucket = self._current(client)
        if bucket is None or bucket.tokens >= 1.0:
            return 0.0
        return (1.0 - bucket.tokens) / self.refill_per_s

    def record(self, client: str) -> None:
        """Count one event of ``client`` (even past the limit: the bucket stays empty)."""
        if not self.enabled:
            return
        bucket = self._current(client)
        if bucket is None:
            bucket = self._buckets[client] = _Bucket(float(self.capacity), self.clock())
        bucket.tokens = max(0.0, bucket.tokens - 1.0)
        self._events += 1
        if self._events % PRUNE_EVERY == 0:
            self.prune()

    def take(self, client: str) -> float:
        """Allow and count one event (returns 0), or refuse it: seconds to wait (not counted)."""
        wait = self.retry_after(client)
        if wait == 0.0:
            self.record(client)
        return wait

    def prune(self) -> None:
        """Forget clients whose bucket is full again (they are as good as new)."""
        now = self.clock()
        full = [
            client
            for client, bucket in self._buckets.items()
            if bucket.tokens + (now - bucket.updated) * self.refill_per_s >= self.capacity
        ]
        for client in full:
            del self._buckets[client]

    @property
    def tracked(self) -> int:
        """How many clients the limit remembers (full buckets are forgotten by ``prune``)."""
        return len(self._buckets)


def retry_after_header(seconds: float) -> str:
    """The ``Retry-After`` value: whole seconds, rounded up, at least 1."""
    return str(max(1, math.ceil(seconds)))


def parse_trusted_proxies(value: str | Iterable[str] | None) -> tuple[Network, ...]:
    """Addresses or networks (``127.0.0.1``, ``10.0.0.0/8``), comma-separated or a list.

    Raises ``ValueError`` with the offending entry for anything else.
    """
    if value is None:
        return ()
    items = value.split(",") if isinstance(value, str) else list(value)
    networks: list[Network] = []
    for item in items:
        text = str(item).strip()
        if not text:
            continue
        try:
            networks.append(ipaddress.ip_network(text, strict=False))
        except ValueError:
            raise ValueError(f"--trusted-proxy: {text!r} is not an IP address") from None
    return tuple(networks)


def _valid_ip(text: str | None) -> str | None:
    if not text:
        return None
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_address(
    remote_ip: str | None,
    headers: Mapping[str, str],
    trusted_proxies: tuple[Network, ...] = (),
) -> str:
    """The address that names the client of a request.

    The TCP peer, unless the peer is a trusted proxy: then ``X-Real-IP``, else the last hop
    of ``X-Forwarded-For`` (the one the proxy itself added; earlier hops are whatever the
    client wrote). A header that is missing or not an address leaves the peer.
    """
    peer = _valid_ip(remote_ip) or (remote_ip or "unknown")
    if not trusted_proxies or _valid_ip(remote_ip) is None:
        return peer
    address = ipaddress.ip_address(peer)
    if not any(address in network for network in trusted_proxies):
        return peer
    real = _valid_ip(headers.get("X-Real-IP"))
    if real:
        return real
    forwarded = headers.get("X-Forwarded-For", "")
    last_hop = _valid_ip(forwarded.split(",")[-1]) if forwarded else None
    return last_hop or peer


def client_key(address: str) -> str:
    """The bucket of an address: IPv4 as is, IPv6 by its /64 network."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)
