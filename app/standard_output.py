"""Standard output as the command line's entry guards it: a failed write is said, once.

A command writes its output with ``print`` or ``sys.stdout.write``; where that output goes
is the person's choice, and it can fail in three ways:

* the reader went away (``| head -1``): BrokenPipeError, which is not an error: the entry
  stops quietly with status 0, as a command that finished;
* standard output is closed (``>&-``): Python gives ``sys.stdout = None``; here it becomes
  a stream that refuses its first write with `StdoutFailed` (a command that writes nothing,
  the window, runs as usual), and file descriptor 1 is pointed at the null device so no
  file the command opens can take its number and receive the output;
* the device refuses (``>/dev/full``): the OSError of a write or flush becomes
  `StdoutFailed`, so it is not mistaken for a refused database or backup file.

A closed standard error (``2>&-``) is pointed at the null device the same way: the exit
status still says what happened, and no error line lands in standard output instead.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO, cast


class StdoutFailed(Exception):
    """Standard output refused the command's output; `line` says what and what to do."""

    def __init__(self, line: str) -> None:
        super().__init__(line)
        self.line = line


CLOSED = (
    "cannot write the output: standard output is closed; run the command with standard "
    "output open (a terminal, a file or a pipe)"
)


def describe(error: OSError) -> str:
    """What a refused write to standard output means to the person, and what to do."""
    if error.errno == errno.ENOSPC:
        return (
            "cannot write the output: no space left on the device standard output goes to; "
            "free some space or send the output to another file"
        )
    if error.errno == errno.EBADF:
        return CLOSED
    what = error.strerror or type(error).__name__
    return (
        f"cannot write the output: standard output refused it ({what}); "
        "send the output elsewhere"
    )


class GuardedStdout:
    """``stream`` whose failed writes and flushes, a broken pipe apart, are `StdoutFailed`."""

    def __init__(self, stream: TextIO, closed: bool = False) -> None:
        self._stream = stream
        self._closed = closed

    def write(self, text: str) -> int:
        if self._closed:
            raise StdoutFailed(CLOSED)
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            raise
        except OSError as error:
            raise StdoutFailed(describe(error)) from error

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as error:
            raise StdoutFailed(describe(error)) from error

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _fd_is_open(fd: int) -> bool:
    try:
        os.fstat(fd)
    except OSError:
        return False
    return True


def _null_stream(fd: int) -> TextIO:
    """A text stream on file descriptor ``fd``, pointed at the null device first."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    if devnull != fd:
        os.dup2(devnull, fd)
        os.close(devnull)
    return open(fd, "w", closefd=False)


@contextmanager
def guarded_standard_streams() -> Iterator[None]:
    """``sys.stdout`` guarded (and ``sys.stderr`` present) for the length of the block."""
    stdout, stderr = sys.stdout, sys.stderr
    closed = stdout is None
    if stderr is None:
        sys.stderr = _null_stream(2) if not _fd_is_open(2) else open(2, "w", closefd=False)  # noqa: SIM115
    if closed:
        stream = _null_stream(1) if not _fd_is_open(1) else open(os.devnull, "w")  # noqa: SIM115
    else:
        stream = stdout
    sys.stdout = cast(TextIO, GuardedStdout(stream, closed))
    try:
        yield
    finally:
        sys.stdout, sys.stderr = stdout, stderr
