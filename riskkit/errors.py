"""One exception root; every user-facing problem is a RiskkitError the CLI prints as one line."""

from __future__ import annotations

from collections.abc import Iterable


class RiskkitError(Exception):
    """A problem with the user's input or request; the CLI prints it on one line and exits 2."""

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        key: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.path = path
        self.line = line
        self.key = key
        self.hint = hint
        super().__init__(self.render())

    def render(self) -> str:
        where = ""
        if self.path:
            where = str(self.path) + (f":{self.line}" if self.line else "") + ": "
        key = f"{self.key}: " if self.key else ""
        hint = f" ({self.hint})" if self.hint else ""
        text = f"{where}{key}{self.message}{hint}"
        return " ".join(text.split())  # always one line


class InputError(RiskkitError):
    """A facts, rubric, catalogue, case or waiver file is malformed or inconsistent."""


class UsageError(RiskkitError):
    """The request itself is wrong: an unknown rubric id, an unsupported format."""


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """A 'did you mean' hint for near-miss ids and keys, or None."""
    import difflib  # only on the error path

    choices = [str(c) for c in choices]
    close = difflib.get_close_matches(str(word), choices, n=1, cutoff=0.6)
    if not close and len(str(word)) >= 3:  # a prefix: 'de-facto' for 'de-facto-acquisition'
        close = [c for c in choices if c.startswith(str(word))][:1]
    return f"did you mean '{close[0]}'?" if close else None


def one_of(word: str, choices: Iterable[str]) -> str:
    """'did you mean …?' when one is close, else the list of what is accepted."""
    choices = list(choices)
    return did_you_mean(word, choices) or f"one of: {', '.join(choices)}"
