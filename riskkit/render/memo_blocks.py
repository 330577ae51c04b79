"""The memo as a list of sections of simple blocks, shared by the HTML/PDF and Word writers.

A section is ``{"id", "title", "blocks", "part"}``; a block is one of

- ``{"type": "p", "runs": [...], "class": ""}``  a paragraph;
- ``{"type": "h3", "text": ...}``                 a sub-heading;
- ``{"type": "list", "ordered": bool, "entries": [runs, ...]}``;
- ``{"type": "table", "columns": [...], "widths": [...], "rows": [[cell, ...]], "class": ""}``;
- ``{"type": "box", "title": ..., "blocks": [...]}`` a framed box (the bottom line);
- ``{"type": "chart", "chart": {...}}``          the scores chart (SVG in HTML, PNG in Word);
- ``{"type": "figure", "svg": ..., "geometry": {...}}`` the timeline chart (SVG built from numbers and
  escaped labels in HTML; PNG drawn from the same geometry in Word);
- ``{"type": "html", "section": {...}}``          an extra section the HTML templates draw (Word: memo_docx_extra).

Runs are ``(text, style)`` pairs, style one of "", "b", "i", "bi", "small"; a cell is a string
or a list of runs. Text is plain: every writer escapes it (HTML) or inserts it literally (Word).
"""

from __future__ import annotations

from riskkit.model.words import clean


def runs(*parts) -> list:
    """Runs from strings and (text, style) pairs."""
    out = []
    for p in parts:
        if p is None or p == "":
            continue
        out.append((clean(p), "") if isinstance(p, str) else (clean(p[0]), p[1]))
    return out


def para(*parts, cls: str = "") -> dict:
    return {"type": "p", "runs": runs(*parts), "class": cls}


def h3(text: str) -> dict:
    return {"type": "h3", "text": clean(text)}


def bullets(items, ordered: bool = False) -> dict:
    return {
        "type": "list",
        "ordered": ordered,
        "entries": [runs(*i) if isinstance(i, tuple) else runs(i) for i in items],
    }


def table(columns, rows, widths=None, cls: str = "") -> dict:
    def cell(c):
        if isinstance(c, list):
            return runs(*c)
        return runs(str(c)) if c not in (None, "") else []

    return {
        "type": "table",
        "columns": [clean(c) for c in columns],
        "widths": list(widths or [1 / len(columns)] * len(columns)),
        "rows": [[cell(c) for c in r] for r in rows],
        "class": cls,
    }


def box(title: str, blocks: list) -> dict:
    return {"type": "box", "title": clean(title), "blocks": blocks}


def section(sid: str, title: str, blocks: list, part: str = "main") -> dict:
    return {"id": sid, "title": clean(title), "blocks": [b for b in blocks if b], "part": part}


def text_of(blocks) -> str:
    """All the words in some blocks (tests and the Word writer's checks)."""
    out = []
    for b in blocks:
        if b["type"] == "p":
            out.append("".join(t for t, _ in b["runs"]))
        elif b["type"] == "h3":
            out.append(b["text"])
        elif b["type"] == "list":
            out += ["".join(t for t, _ in i) for i in b["entries"]]
        elif b["type"] == "table":
            out.append(" ".join(b["columns"]))
            out += [" ".join("".join(t for t, _ in c) for c in r) for r in b["rows"]]
        elif b["type"] == "box":
            out.append(b["title"])
            out.append(text_of(b["blocks"]))
    return "\n".join(out)
