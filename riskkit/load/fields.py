"""Typed access to loaded YAML with errors that say file:line: key.path: expected …, got ….

Loaders for deals, rubrics, catalogues, cases and waivers all read through `Node`, so every
one of them rejects unknown keys, wrong types and missing fields the same way.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Iterable

from riskkit.errors import InputError, did_you_mean
from riskkit.textsafe import refusal, unsafe_char

ID_RE = re.compile(r"^[a-z0-9][a-z0-9_.\-]*$")
# Sane bounds for every value read from a file: beyond them a value is a typo or an attack
# (a year 3000 scored with today's thresholds, a 401-digit integer that overflows a float).
MIN_YEAR, MAX_YEAR = 1900, 2100
MAX_MAGNITUDE = 10**15


def describe(value) -> str:
    """A short, safe rendering of a found value for error messages."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, float)):
        return f"number {value}" if abs(value) <= MAX_MAGNITUDE else _size(value)
    if isinstance(value, _dt.date):
        return f"date {value.isoformat()}"
    text = str(value)
    if len(text) > 40:
        text = text[:37] + "..."
    return repr(text)


def _size(v) -> str:
    """How big an out-of-bounds number is, without printing (or converting) all its digits."""
    if isinstance(v, int):
        return f"a number of about {int(abs(v).bit_length() * 0.30103) + 1} digits"
    return f"{v:.3g}"


class Node:
    """A loaded value with the file, line and key path it came from."""

    __slots__ = ("value", "file", "keypath", "line")

    def __init__(self, value, file: str, keypath: str = "", line: int | None = None):
        self.value = value
        self.file = file
        self.keypath = keypath
        self.line = line if line is not None else getattr(value, "line", None)

    # -- errors -------------------------------------------------------------------------
    def error(self, message: str, hint: str | None = None) -> InputError:
        return InputError(message, path=self.file, line=self.line, key=self.keypath or None, hint=hint)

    def expected(self, what: str, hint: str | None = None) -> InputError:
        return self.error(f"expected {what}, got {describe(self.value)}", hint)

    # -- structure ----------------------------------------------------------------------
    def _child(self, key, value, line) -> Node:
        path = f"{self.keypath}.{key}" if self.keypath else str(key)
        return Node(value, self.file, path, line)

    def is_mapping(self) -> bool:
        return isinstance(self.value, dict)

    def is_list(self) -> bool:
        return isinstance(self.value, list)

    def mapping(self, required: Iterable[str] = (), optional: Iterable[str] = (), what: str = "a mapping"):
        """Child nodes of a mapping with a fixed set of keys."""
        required = list(required)
        allowed = required + list(optional)
        if not self.keypath:  # the whole file
            self._whole_file_is(what, required)
        if not isinstance(self.value, dict):
            raise self.expected(what)
        lines = getattr(self.value, "lines", {})
        out: dict[str, Node] = {}
        for key, value in self.value.items():
            if key not in allowed:
                child = self._child(key, value, lines.get(key))
                raise child.error(f"unknown key '{key}'; allowed: {', '.join(allowed)}", did_you_mean(key, allowed))
            out[key] = self._child(key, value, lines.get(key))
        missing = [key for key in required if key not in out or out[key].value is None]
        if missing:  # all of them at once: fixing one at a time would take a run each
            names = [f"'{k}'" for k in missing]
            listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
            exc = self.error(f"missing required key{'s' if len(names) > 1 else ''} {listed}")
            exc.missing_key = missing[0]  # lets a reader that knows where the key would be point there
            raise exc
        return out

    def _whole_file_is(self, what: str, required: list) -> None:
        """A file that is not the kind expected: name the kind, never quote what the file holds
        (it may be a secret: a .env or /etc/passwd named by mistake or by a hostile file)."""
        if isinstance(self.value, dict) and (not required or any(k in self.value for k in required)):
            return
        found = "a mapping without " + " or ".join(f"'{k}'" for k in required) if isinstance(self.value, dict) \
            else "a list" if isinstance(self.value, list) else "text" if isinstance(self.value, str) \
            else "a single value"  # fmt: skip
        raise InputError(f"not {what} (the file holds {found})", path=self.file)

    def entries(self, what: str = "a mapping") -> list[tuple[str, Node]]:
        """(key, child) pairs of a mapping with free-form keys, in file order."""
        if not isinstance(self.value, dict):
            raise self.expected(what)
        lines = getattr(self.value, "lines", {})
        return [(k, self._child(k, v, lines.get(k))) for k, v in self.value.items()]

    def items(self, what: str = "a list", allow_empty: bool = True) -> list[Node]:
        if not isinstance(self.value, list):
            raise self.expected(what)
        if not allow_empty and not self.value:
            raise self.error("must not be empty")
        lines = getattr(self.value, "lines", [])
        return [self._child(i, v, lines[i] if i < len(lines) else self.line) for i, v in enumerate(self.value)]

    # -- scalars ------------------------------------------------------------------------
    def str(self, allow_empty: bool = False, max_len: int = 20000) -> str:
        v = self.value
        if isinstance(v, bool) or not isinstance(v, (str, int, float)):
            if isinstance(v, _dt.date):
                return v.isoformat()
            raise self.expected("text")
        text = str(v)
        if not allow_empty and not text.strip():
            raise self.error("must not be empty")
        if len(text) > max_len:
            raise self.error(f"text longer than {max_len} characters")
        found = unsafe_char(text)
        if found:
            raise self.error(refusal(found))
        return text

    def id(self, what: str = "an id") -> str:
        if not isinstance(self.value, str) or not ID_RE.match(self.value):
            raise self.expected(f"{what} (lowercase letters, digits, '-', '_' or '.')")
        return self.value

    def bool(self) -> bool:
        if not isinstance(self.value, bool):
            raise self.expected("true or false")
        return self.value

    def int(self, minimum: int | None = None) -> int:
        v = self.value
        if isinstance(v, str):  # "3,000" (riskkit.load.friendly)
            from riskkit.load.friendly import friendly_number, number_hint

            v = friendly_number(v)
            if v is None:
                raise self.expected("a whole number", number_hint(self.value, "a whole number"))
        if isinstance(v, bool) or not isinstance(v, int):
            if isinstance(v, float) and v.is_integer():
                v = int(v)
            else:
                raise self.expected("a whole number")
        if abs(v) > MAX_MAGNITUDE:
            raise self.error(f"expected a whole number of at most 10^15 in size, got {_size(v)}")
        if minimum is not None and v < minimum:
            raise self.error(f"expected a whole number ≥ {minimum}, got {v}")
        return v

    def number(self, minimum: float | None = None, maximum: float | None = None, what: str = "a number"):
        v = self.value
        if isinstance(v, str):  # "3,000", "19%": read by the rule in riskkit.load.friendly, or refused with a hint
            from riskkit.load.friendly import friendly_number, number_hint

            parsed = friendly_number(v, percent=what == "a percentage")
            if parsed is None:
                raise self.expected(what, number_hint(v, what))
            v = parsed
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise self.expected(what)
        if isinstance(v, float) and not math.isfinite(v):
            raise self.expected(f"a finite {what.removeprefix('a ')}")
        if abs(v) > MAX_MAGNITUDE:
            raise self.error(f"expected {what} of at most 10^15 in size, got {_size(v)}")
        if minimum is not None and v < minimum:
            raise self.error(f"expected {what} ≥ {minimum:g}, got {v:g}")
        if maximum is not None and v > maximum:
            raise self.error(f"expected {what} ≤ {maximum:g}, got {v:g}")
        return v

    def date(self) -> _dt.date:
        v = self.value
        day = None
        if isinstance(v, _dt.datetime):
            day = v.date()
        elif isinstance(v, _dt.date):
            day = v
        elif isinstance(v, str):
            try:
                day = _dt.date.fromisoformat(v.strip())
            except ValueError:
                pass
        if day is None:
            raise self.expected("a date YYYY-MM-DD")
        if not MIN_YEAR <= day.year <= MAX_YEAR:
            raise self.error(f"expected a date between {MIN_YEAR} and {MAX_YEAR}, got {day.isoformat()}")
        return day

    def choice(self, options: Iterable[str], what: str = "one of") -> str:
        options = list(options)
        if not isinstance(self.value, str) or self.value not in options:
            raise self.error(
                f"expected {what} {', '.join(options)}; got {describe(self.value)}",
                did_you_mean(self.value, options) if isinstance(self.value, str) else None,
            )
        return self.value


def source_refs(node: Node, sources: dict) -> tuple:
    """A non-empty list of source ids, each one the deal file declares (conditions, proceedings)."""
    items = list(node.items(allow_empty=False))
    refs = tuple(i.str() for i in items)
    for sid, inode in zip(refs, items, strict=True):
        if sid not in sources:
            raise inode.error(f"unknown source id '{sid}'", did_you_mean(sid, sources))
    return refs
