"""What the window figures (10, 11, 12 and 14) share: their histories and how a window is run.

Each figure runs the real app (``python -m app --db``) on a history of 1k, 100k and 1M
swipes, beside the bare Qt window (`bare_window`) where that gives a floor. The histories
are `history.build_history`'s, shifted so their last day is yesterday (UTC): the trend's
default range then shows the last week of use, the last day's rollover row is written,
and a start has nothing to catch up, as for someone who opens the app the next morning.
Every run opens its own copy of the history, so swipes typed in one run are not in the
next one's history.

A window that shows no first frame within `usable_within` seconds is recorded as taking
that long and is not started again in this run (`WindowRuns.unusable`): its figures say
"timed out" instead of waiting minutes per round.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from benchmarks.config import count
from benchmarks.context import BenchContext
from benchmarks.history import History, build_history, days_of
from benchmarks.window_process import (
    APP_TITLE,
    BARE_TITLE,
    WindowProcess,
    app_command,
    bare_command,
)
from benchmarks.x_display import Keyboard, missing_x_tools

FULL_TIMEOUT_S = 120.0
QUICK_TIMEOUT_S = 60.0


@dataclass(frozen=True, slots=True)
class Subject:
    """A window to run: the app on a history of ``swipes`` swipes, or the bare window."""

    name: str
    swipes: int | None

    @property
    def title(self) -> str:
        return BARE_TITLE if self.swipes is None else APP_TITLE


BARE = Subject("bare Qt window", None)


@dataclass
class WindowRuns:
    """The run's window histories and the sizes whose window never became usable."""

    context: BenchContext
    unusable: dict[str, float] = field(default_factory=dict)
    """Subject name -> the seconds it was given to show its first frame."""

    @property
    def usable_within(self) -> float:
        return QUICK_TIMEOUT_S if self.context.config.quick else FULL_TIMEOUT_S

    def subjects(self) -> list[Subject]:
        sizes = self.context.sizes
        swipes = (sizes.small_history_swipes, sizes.mid_history_swipes, sizes.history_swipes)
        return [Subject(f"{count(n)} swipes", n) for n in swipes]

    def history(self, swipes: int) -> History:
        def build() -> History:
            first_day = datetime.now(UTC).date() - timedelta(days=days_of(swipes))
            self.context.progress(f"building a window history of {count(swipes)} swipes ...")
            return build_history(
                self.context.new_path("window-history"),
                self.context.catalog,
                swipes,
                first_day=first_day,
                last_day_ended=True,
            )

        return self.context.fixture(f"window-history-{swipes}", build)

    def open(self, subject: Subject) -> WindowProcess:
        """A `WindowProcess` for ``subject`` (enter it to start it), on a fresh copy."""
        workdir = self.context.new_path("window", "")
        workdir.mkdir()
        if subject.swipes is None:
            return WindowProcess(bare_command(), workdir, title=subject.title)
        database = workdir / "profile.sqlite3"
        shutil.copyfile(self.history(subject.swipes).path, database)
        return WindowProcess(app_command(database), workdir, title=subject.title)

    def start(self, window: WindowProcess, subject: Subject) -> float | None:
        """Wait for ``window``'s first frame: its start-up in seconds, None if it timed out
        (then ``subject`` is marked unusable). A window that exits first is an error."""
        shown = window.wait_until_usable(self.usable_within)
        if shown is None:
            if window.exited:
                raise RuntimeError(f"the window exited before its first frame: {window.describe()}")
            self.unusable[subject.name] = self.usable_within
            self.context.progress(
                f"  {subject.name}: no first frame within {self.usable_within:.0f} s"
            )
        return shown


class DeckKeys:
    """The arrow keys of a session typed into a window, with a reshuffle when the deck is out.

    The deck goes through the catalog in rounds and, after the last card, shows that it is
    empty and waits for a reshuffle (Alt+R), which is pressed as a person would, after a
    pause. A deck resumes where the history left it, so the cards left in its round follow
    from the history's swipe count. The last card of a round leaves no frame to time: the
    empty deck's page replaces the stage at once.
    """

    KEYS = ("Right", "Left", "Up")
    PAUSE_S = 0.5

    def __init__(self, keyboard: Keyboard, *, cards: int, swiped: int | None) -> None:
        self._keyboard = keyboard
        self._cards = cards
        self._left = None if swiped is None else cards - swiped % cards
        self._pressed = 0

    @property
    def on_last_card(self) -> bool:
        return self._left == 1

    def reshuffle_if_out(self) -> bool:
        """If the deck has no card left, pause, press Alt+R, pause; whether it did."""
        if self._left != 0:
            return False
        time.sleep(self.PAUSE_S)
        self._keyboard.press("Alt_L", "r")
        time.sleep(self.PAUSE_S)
        self._left = self._cards
        return True

    def swipe(self) -> float:
        """Press the next arrow key; the time it was sent."""
        key = self.KEYS[self._pressed % len(self.KEYS)]
        self._pressed += 1
        if self._left is not None:
            self._left -= 1
        return self._keyboard.press(key)


def deck_keys(runs: WindowRuns, window: WindowProcess, subject: Subject) -> DeckKeys:
    # The window's deck learns from the profile and never runs out: no round, no reshuffle.
    return DeckKeys(window.keyboard(), cards=len(runs.context.catalog.cards), swiped=None)


def window_runs(context: BenchContext) -> WindowRuns:
    return context.fixture("window-runs", lambda: WindowRuns(context))


def cleanup(window: WindowProcess) -> Callable[[], None]:
    """Removes a finished window's folder (its copy of the history)."""
    return lambda: shutil.rmtree(window.workdir, ignore_errors=True)


def needs_x_server() -> str | None:
    """Why the window figures cannot run here, or None when they can."""
    missing = missing_x_tools()
    if not missing:
        return None
    return f"needs Xvfb: {', '.join(missing)} not found (on Debian: apt-get install xvfb xdotool)"
