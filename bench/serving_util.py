"""Helpers shared by the serving benchmark: ports, HTTP waits, kernel processes in /proc.

Everything about a process is read from ``/proc`` (Linux): RSS, CPU ticks, mapped shared
objects. A Voila page's kernel is found by its id (``pgrep -f kernel-<id>``).
"""

from __future__ import annotations

import json
import math
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

CLK_TCK = os.sysconf("SC_CLK_TCK")
#: shared objects of these packages in a participant kernel mean a heavy import happened
HEAVY = ("pandas", "matplotlib", "numpy", "PIL", "scipy", "pyarrow", "kiwisolver")


def say(message: str) -> None:
    """Progress on stderr (the table goes to stdout)."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_http(url: str, timeout: float = 60) -> None:
    """Wait until a URL answers at all."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(url)


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (``pct`` in 0..100); NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


# --- processes -------------------------------------------------------------------------------


def _stat_fields(pid: int) -> list[str]:
    """Fields of /proc/PID/stat after the command name (field 3 onwards)."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(") ", 1)[1].split()


def alive(pid: int) -> bool:
    """Whether the process exists and is not a zombie."""
    try:
        return _stat_fields(pid)[0] != "Z"
    except (OSError, IndexError):
        return False


def rss_mb(pid: int) -> float:
    """Resident set size in MB (VmRSS)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of the process so far, in seconds."""
    fields = _stat_fields(pid)
    return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime, stime (fields 14, 15)


def cpu_percent(pids: list[int], seconds: float) -> dict[int, float]:
    """Per process, the percentage of one core used over the next ``seconds``."""
    before = {pid: cpu_seconds(pid) for pid in pids}
    start = time.monotonic()
    time.sleep(seconds)
    wall = time.monotonic() - start
    return {pid: 100 * (cpu_seconds(pid) - before[pid]) / wall for pid in pids}


def mapped_packages(pid: int) -> set[str]:
    """Top-level packages of site-packages whose shared objects the process has mapped."""
    found: set[str] = set()
    try:
        maps = Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return found
    for match in re.finditer(r"site-packages/([A-Za-z0-9_.\-]+)/", maps):
        name = match.group(1)
        if not name.endswith((".libs", ".dist-info")):
            found.add(name)
        else:  # numpy.libs, pandas.libs, ...: the wheel's bundled libraries
            found.add(name.split(".")[0])
    return found


def server_kernels(server_pid: int) -> list[int]:
    """PIDs of the ipykernel processes a server started."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(") ", 1)[1].split()
            cmd = (stat.parent / "cmdline").read_bytes().decode(errors="replace")
        except (OSError, IndexError):
            continue
        if int(fields[1]) == server_pid and "ipykernel" in cmd and fields[0] != "Z":
            out.append(int(stat.parent.name))
    return out


def kernel_pid(kernel_id: str) -> int | None:
    """The process of a kernel, by the id in its connection file name."""
    found = subprocess.run(
        ["pgrep", "-f", f"kernel-{kernel_id}"], capture_output=True, text=True, check=False
    ).stdout.split()
    for pid in found:
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if "ipykernel" in cmd and alive(int(pid)):
            return int(pid)
    return None


def page_kernel_id(page) -> str:
    """The kernel id a Voila page is connected to (from its page config)."""
    raw = page.locator("#jupyter-config-data").first.text_content()
    return json.loads(raw)["kernelId"]


def wait_kernels(server_pid: int, count: int, timeout: float = 120, settle: float = 3) -> None:
    """Wait until a server has ``count`` kernels (its pool is full), then let them settle."""
    deadline = time.monotonic() + timeout
    while len(server_kernels(server_pid)) < count and time.monotonic() < deadline:
        time.sleep(0.5)
    time.sleep(settle)


def start_bare_voila(notebook: Path, port: int) -> subprocess.Popen:
    """Stock Voila (no cocreate settings) serving ``notebook`` on 127.0.0.1: the baseline."""
    return subprocess.Popen(
        [sys.executable, "-m", "voila", str(notebook), "--no-browser", f"--port={port}",
         "--Voila.ip=127.0.0.1", "--Voila.port_retries=0"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
