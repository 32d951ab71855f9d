"""What a running process costs, read from /proc: CPU time, wakeups, resident memory.

CPU time is ``utime + stime`` of ``/proc/PID/stat``, which covers every thread of the
process, in clock ticks. Wakeups are voluntary context switches: each time a thread went
to sleep waiting (for a timer, an event, a lock) and was woken again. Linux counts them
per thread (``/proc/PID/task/TID/status``), so a sample keeps each thread's count and a
difference adds up the threads seen in both samples plus the threads born in between
(a thread that ended in between takes its last switches with it: at most a handful).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

MB = 1_000_000


def _status_field(text: str, field: str) -> int | None:
    for line in text.splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    return None


@dataclass(frozen=True, slots=True)
class ProcessSample:
    """One reading of a process: CPU seconds so far and each thread's voluntary switches."""

    cpu_seconds: float
    switches_by_thread: dict[int, int]

    def since(self, earlier: ProcessSample) -> tuple[float, int]:
        """(CPU seconds, voluntary context switches) between ``earlier`` and this sample."""
        switches = sum(
            count - earlier.switches_by_thread.get(thread, 0)
            for thread, count in self.switches_by_thread.items()
        )
        return self.cpu_seconds - earlier.cpu_seconds, switches


def cpu_seconds(pid: int, proc: Path = Path("/proc")) -> float:
    """User plus system CPU time of every thread of ``pid``, in seconds."""
    text = (proc / str(pid) / "stat").read_text(encoding="ascii")
    # The command name, field 2, is in parentheses and may hold spaces: split after it.
    fields = text.rsplit(")", 1)[1].split()
    utime, stime = int(fields[11]), int(fields[12])
    return (utime + stime) / os.sysconf("SC_CLK_TCK")


def thread_switches(pid: int, proc: Path = Path("/proc")) -> dict[int, int]:
    """Voluntary context switches of each live thread of ``pid``."""
    switches: dict[int, int] = {}
    for status in (proc / str(pid) / "task").glob("*/status"):
        try:
            text = status.read_text(encoding="ascii")
        except OSError:  # the thread ended between the listing and the read
            continue
        count = _status_field(text, "voluntary_ctxt_switches")
        if count is not None:
            switches[int(status.parent.name)] = count
    return switches


def sample(pid: int, proc: Path = Path("/proc")) -> ProcessSample:
    return ProcessSample(cpu_seconds(pid, proc), thread_switches(pid, proc))


def resident_mb(pid: int, proc: Path = Path("/proc")) -> float:
    """The resident set (``VmRSS``) of ``pid`` in MB."""
    text = (proc / str(pid) / "status").read_text(encoding="ascii")
    kibibytes = _status_field(text, "VmRSS")
    if kibibytes is None:
        raise RuntimeError(f"process {pid} has no VmRSS line in its status")
    return kibibytes * 1024 / MB
