"""``--help`` and ``--version`` answer only a command line that is right apart from them.

argparse answers both the moment it meets them and ignores the rest of the line, so
``python -m app --version extra`` printed the version and exited 0, and ``python -m app
policy --help junk`` printed the help. Here the two options only note that they were asked
for (`Asked`), and the parser that owns them (`answer_when_the_rest_is_right`) looks at
the rest of the line first:

* ``--version`` stands alone: anything beside it is refused in one line, status 2;
* ``--help`` may come with the command's own options (``simulate --swipes 10 --help``, to
  read what they mean), which are checked as without it, a required one excepted;
  anything the command would refuse (``junk``, a value out of range) is refused in the
  same one line, status 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NoReturn

HELP_TEXT = "show this help message and exit"


class Asked(Exception):
    """``option`` (``--help`` or ``--version``) was met while ``parser`` parsed its line."""

    def __init__(
        self, parser: argparse.ArgumentParser, option: argparse.Action, version: str | None
    ) -> None:
        super().__init__(option.option_strings[-1])
        self.parser, self.option, self.version = parser, option, version


class HelpAction(argparse.Action):
    """``-h/--help``: noted, answered once the rest of the line is known to be right."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        kwargs.update(nargs=0, default=argparse.SUPPRESS)
        super().__init__(option_strings, argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_args: object) -> NoReturn:
        raise Asked(parser, self, None)


class VersionAction(argparse.Action):
    """``--version``: noted, answered only when it is the whole line."""

    def __init__(
        self, option_strings: Sequence[str], dest: str, version: str = "", **kwargs: Any
    ) -> None:
        kwargs.update(nargs=0, default=argparse.SUPPRESS)
        super().__init__(option_strings, argparse.SUPPRESS, **kwargs)
        self.version = version

    def __call__(self, parser: argparse.ArgumentParser, *_args: object) -> NoReturn:
        raise Asked(parser, self, self.version % {"prog": parser.prog})


def answer_when_the_rest_is_right(
    parser: argparse.ArgumentParser,
    asked: Asked,
    args: Sequence[str] | None,
    parse_rest: Callable[[list[str]], tuple[argparse.Namespace, list[str]]],
) -> NoReturn:
    """Print the help or the version ``asked`` for and exit 0; or refuse the line (one
    line, status 2) when the rest of it is wrong. ``parse_rest`` parses the line without
    the asked option, as ``parser`` would."""
    given = list(sys.argv[1:] if args is None else args)
    typed, rest = _without(given, asked.option)
    if asked.version is not None:
        if rest:
            parser.error(
                f"{typed} takes no other arguments, received {' '.join(rest)!r}; run "
                f"'{parser.prog} {typed}' alone"
            )
        parser._print_message(asked.version + "\n", sys.stdout)  # as argparse's own does
        parser.exit(0)
    with _nothing_required(parser):
        try:
            _, extras = parse_rest(rest)
        except Asked as again:  # --help --version, --help -h
            parser.error(
                f"{typed} and {again} cannot be asked for together; ask for one at a time"
            )
    if extras:
        parser.error(f"unrecognized arguments: {' '.join(extras)}")
    parser.print_help()
    parser.exit(0)


def _without(given: list[str], option: argparse.Action) -> tuple[str, list[str]]:
    """The token that asked for ``option`` (as typed: ``--vers`` too), and the line without
    it."""
    for index, token in enumerate(given):
        if token == "--":
            break
        if token in option.option_strings or (
            token.startswith("--")
            and len(token) > 2
            and any(name.startswith(token) for name in option.option_strings)
        ):
            return token, given[:index] + given[index + 1 :]
    return option.option_strings[-1], given


@contextmanager
def _nothing_required(parser: argparse.ArgumentParser) -> Iterator[None]:
    """While the rest of a ``--help`` line is checked, no option is required (``screenshot
    --help`` needs no ``--out``), in this parser and in its commands'."""
    relaxed = [action for action in _every_action(parser) if action.required]
    for action in relaxed:
        action.required = False
    try:
        yield
    finally:
        for action in relaxed:
            action.required = True


def _every_action(parser: argparse.ArgumentParser) -> Iterator[argparse.Action]:
    for action in parser._actions:
        yield action
        if isinstance(action, argparse._SubParsersAction):
            for command in action.choices.values():
                yield from _every_action(command)
