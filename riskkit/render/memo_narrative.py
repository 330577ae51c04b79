"""Counsel's own bottom line (`--narrative FILE.md`): a small Markdown subset — paragraphs,
bullet lists, **bold** and *italic* — turned into memo blocks.

Anything else (HTML, links, images, headings, code, tables) is refused with the line number,
so nothing is fetched and nothing is interpreted; the text is inserted literally by every writer.
"""

from __future__ import annotations

import re

from riskkit.errors import UsageError
from riskkit.model.words import clean
from riskkit.render.memo_blocks import bullets, para

MAX_BYTES = 20_000
_BULLET = re.compile(r"^\s*[-*+]\s+(.*)$")
_EMPHASIS = re.compile(r"(\*\*[^*\n]+\*\*|__[^_\n]+__|\*[^*\n]+\*|(?<![A-Za-z0-9])_[^_\n]+_(?![A-Za-z0-9]))")
_REFUSED = (
    (re.compile(r"<\s*[A-Za-z/!?]"), "HTML"),
    (re.compile(r"!?\[[^\]]*\]\s*[(\[]"), "a link or image"),
    (re.compile(r"(^|\s)(https?|ftp|file|data|javascript):", re.I), "a URL"),
    (re.compile(r"^\s{0,3}#"), "a heading"),
    (re.compile(r"^\s*(```|~~~|\t|    \S)"), "a code block"),
    (re.compile(r"^\s*\|"), "a table"),
    (re.compile(r"^\s*>"), "a quotation"),
    (re.compile(r"^\s*\d+[.)]\s"), "a numbered list (use - bullets)"),
    (re.compile(r"`"), "inline code"),
)


def _runs(text: str) -> tuple:
    parts = []
    for piece in _EMPHASIS.split(text):
        if not piece:
            continue
        if piece.startswith(("**", "__")) and piece.endswith(("**", "__")) and len(piece) > 4:
            parts.append((piece[2:-2], "b"))
        elif piece[0] in "*_" and piece[-1] == piece[0] and len(piece) > 2:
            parts.append((piece[1:-1], "i"))
        else:
            parts.append((piece, ""))
    return tuple(parts)


def parse_narrative(text: str, name: str = "narrative") -> list:
    """Blocks from the Markdown subset; UsageError (one line, with the line number) on anything else."""
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise UsageError(f"{name}: longer than {MAX_BYTES // 1000} kB; the narrative is a short bottom line")
    text = clean(text.replace("\r\n", "\n").replace("\r", "\n"))
    for number, line in enumerate(text.split("\n"), start=1):
        for pattern, what in _REFUSED:
            if pattern.search(line):
                raise UsageError(
                    f"{name}:{number}: {what} is not allowed in the narrative",
                    hint="use paragraphs, - bullets, **bold** and *italic* only",
                )
    blocks, paragraph, items = [], [], []

    def flush():
        if paragraph:
            blocks.append(para(*_runs(" ".join(paragraph))))
            paragraph.clear()
        if items:
            blocks.append(bullets([_runs(i) for i in items]))
            items.clear()

    for line in text.split("\n"):
        bullet = _BULLET.match(line)
        if not line.strip():
            flush()
        elif bullet:
            if paragraph:
                flush()
            items.append(bullet.group(1).strip())
        elif items and line.startswith(("  ", "\t")):
            items[-1] += " " + line.strip()
        else:
            if items:
                flush()
            paragraph.append(line.strip())
    flush()
    if not blocks:
        raise UsageError(f"{name}: the narrative is empty")
    return blocks


def read_narrative(path: str) -> list:
    from pathlib import Path

    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"--narrative: no such file: {p.name}")
    except OSError as exc:
        raise UsageError(f"--narrative: cannot read {p.name}: {exc.strerror}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"--narrative: {p.name} is not UTF-8 text")
    return parse_narrative(text, p.name)
