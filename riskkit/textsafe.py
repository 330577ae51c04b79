"""Text from files is untrusted: no control, bidi-override or zero-width characters get in, and
whatever reaches a terminal is escaped so it cannot recolour lines, set titles or reorder text.

`unsafe_char(text)` is the load-time check (loaders refuse the text and name the character,
never the text); `visible(text)` is the output-time escape used by every terminal writer.
"""

from __future__ import annotations

import re

# C0 controls except tab, newline and carriage return; DEL and the C1 controls.
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
# Bidi embeddings/overrides/isolates and marks, zero-width characters, byte-order mark, line/paragraph
# separators (invisible, and they reorder or hide text a reader is shown).
_INVISIBLE = "\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
_UNSAFE = re.compile(f"[{_CONTROL}{_INVISIBLE}]")
_UNSAFE_TERMINAL = re.compile(f"[{_CONTROL}{_INVISIBLE}\r]")

NAMES = {
    "\x00": "NUL",
    "\x07": "BEL",
    "\x08": "BS",
    "\x1b": "ESC",
    "\x7f": "DEL",
    "\u200b": "ZERO WIDTH SPACE",
    "\u200c": "ZERO WIDTH NON-JOINER",
    "\u200d": "ZERO WIDTH JOINER",
    "\u200e": "LEFT-TO-RIGHT MARK",
    "\u200f": "RIGHT-TO-LEFT MARK",
    "\u202a": "LEFT-TO-RIGHT EMBEDDING",
    "\u202b": "RIGHT-TO-LEFT EMBEDDING",
    "\u202c": "POP DIRECTIONAL FORMATTING",
    "\u202d": "LEFT-TO-RIGHT OVERRIDE",
    "\u202e": "RIGHT-TO-LEFT OVERRIDE",
    "\u2066": "LEFT-TO-RIGHT ISOLATE",
    "\u2067": "RIGHT-TO-LEFT ISOLATE",
    "\u2068": "FIRST STRONG ISOLATE",
    "\u2069": "POP DIRECTIONAL ISOLATE",
    "\ufeff": "ZERO WIDTH NO-BREAK SPACE",
}


def unsafe_char(text: str) -> str | None:
    """'U+001B (ESC) at character 5' for the first character text may not hold, or None."""
    m = _UNSAFE.search(text)
    if m is None:
        return None
    return f"{codepoint(m.group())} at character {m.start() + 1}"


def codepoint(ch: str) -> str:
    name = NAMES.get(ch, "control character" if ch < "\u00a0" else "invisible character")
    return f"U+{ord(ch):04X} ({name})"


def refusal(found: str) -> str:
    """The message a loader gives for text holding an unsafe character (the text itself is not shown)."""
    return f"text holds {found}; control, bidi-override and zero-width characters are not allowed"


def visible(text: str) -> str:
    """Text safe to print on a terminal: unsafe characters (and CR) shown as <U+XXXX>."""
    if _UNSAFE_TERMINAL.search(text) is None:
        return text
    return _UNSAFE_TERMINAL.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


__all__ = ["unsafe_char", "refusal", "visible", "codepoint"]
