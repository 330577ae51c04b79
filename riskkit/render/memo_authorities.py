"""The appendix's table of authorities: one entry per source, however the rubrics name it.

Rubrics written at different times cite the same document under different titles ("EVP Vestager
statement on Microsoft/OpenAI", "Statement closing the merger-control look at Microsoft/OpenAI …"),
with or without a country prefix on the issuer, or with the article cited folded into the title
("… (EUMR), Art. 3(1)"). An entry is one source: two citations are the same source when they
share an address, or name the same instrument once the article cited is set aside, or come from
the same issuer on the same day under titles that mostly agree. The pinpoints of every citation
are gathered under the entry, each point once. Entries are grouped by the kind of source — legal
authorities, then official statements, then press and secondary sources — and numbered in that
order, each group in the order the appendix first cites them. Pure: no I/O.
"""

from __future__ import annotations

import re

from riskkit.model.inputs import authority_key
from riskkit.model.vocab import SOURCE_KINDS
from riskkit.model.words import clean

KIND_WORDS = {
    "statute_or_regulation": "statute or regulation",
    "agency_guidance": "agency guidance",
    "decision": "decision",
    "official_statement": "official statement",
    "established_press": "press",
    "secondary_summary": "secondary summary",
}
GROUPS = (
    ("Legal authorities", ("statute_or_regulation", "agency_guidance", "decision")),
    ("Official statements", ("official_statement",)),
    ("Press and secondary sources", ("established_press", "secondary_summary", "")),
)
_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)
# "Council Regulation (EC) No 139/2004 (EUMR), Art. 3(1)": the instrument, then the part of it cited.
_TAIL = re.compile(r"^(?P<base>.+?)(?:,\s*|\s+)(?P<tail>(?:§|Arts?\.?\s|ss?\.\s?\d|paras?\.?\s).*)$")
_ABBR = re.compile(r"\(([A-Z]{3,})\)\s*$")
_SECTION_START = re.compile(r"^(?:§|Arts?\.?\s?\d|ss?\.\s?\d|paras?\.?\s?\d|\([a-z0-9]+\)|Guideline\s\d)")
# Words whose absence does not change a point ("is a concentration" = "a concentration"); never "not".
_FILLER = frozenset("the a an of is are be to and by its".split())
_NEGATIONS = frozenset("not no never without nor none".split())
_STOP = frozenset(
    "the of on and a an in to for by at with from that its as or is are not under after before "
    "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july "
    "august september october november december".split()
)


def kind_words(kind: str) -> str:
    return KIND_WORDS.get(kind, clean(kind).replace("_", " "))


def _url_key(url: str) -> str:
    if not _URL.match(url or ""):
        return ""  # a citation or 'internal research file' is no address
    return re.sub(r"^[a-z][a-z0-9+.-]*://(www\.)?", "", url.strip().lower()).rstrip("/")


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9][a-z0-9'’.]*[a-z0-9]|[a-z0-9]", text.lower())


def split_title(title: str) -> tuple[str, str]:
    """('Council Regulation (EC) No 139/2004 (EUMR)', 'Art. 3(1)') from the title that folds them together."""
    m = _TAIL.match(title)
    return (m["base"].strip(" ,;—–-"), m["tail"].strip()) if m else (title, "")


def _base_key(base: str) -> str:
    abbr = _ABBR.search(base)
    if abbr:  # "Act against Restraints of Competition (GWB)" and "GWB" are one statute
        return abbr[1].lower()
    return " ".join(_words(re.sub(r"\([^()]*\)", " ", base)))


def _issuer_key(issuer: str) -> str:
    return authority_key(clean(issuer))


class _Citation:
    """One reference as cited by one criterion or regime: the keys it is matched on, and its point."""

    def __init__(self, ref, public_locator):
        self.issuer = clean(ref.issuer)
        self.title = clean(ref.title)
        self.date = ref.date
        self.kind = ref.kind or ""
        self.url = public_locator(ref.url)
        self.pinpoint = clean(ref.pinpoint)
        self.base, self.tail = split_title(self.title)
        self.url_key = _url_key(self.url)
        self.issuer_key = _issuer_key(self.issuer)
        self.base_key = _base_key(self.base)
        issuer_words = set(_words(self.issuer))
        self.content = {w for w in _words(self.title) if w not in _STOP and w not in issuer_words and not w.isdigit()}

    def same_source(self, other: _Citation) -> bool:
        if self.url_key and self.url_key == other.url_key:
            return True
        if self.url_key and other.url_key:
            return False  # two different addresses are two documents
        a, b = self.issuer_key, other.issuer_key
        if a and b and a not in b and b not in a:
            return False
        if self.base_key and self.base_key == other.base_key:
            return True
        small = min(len(self.content), len(other.content))
        shared = len(self.content & other.content) / small if small else 0.0
        if self.date and self.date == other.date:  # same issuer, same day: titles that mostly agree
            return small >= 2 and shared >= 0.5
        if not self.date and not other.date:  # undated: titles that agree almost word for word
            return small >= 3 and shared >= 0.75
        return False


def merge_points(points, split: bool = True) -> list[str]:
    """Each point once: pinpoints split at their top-level semicolons (unless `split` is False),
    and a point whose words another point already says (the same words, or a subset) dropped."""
    clauses = []
    for point in points:
        clauses += [c.strip() for c in (_top_level_split(point) if split else [point]) if c.strip()]
    kept: list[tuple[str, frozenset]] = []
    for c in clauses:
        words = frozenset(w for w in _words(c) + re.findall(r"[<>≤≥→$€£%]", c) if w not in _FILLER)
        if any(_says(k, words) for _, k in kept):
            continue
        kept = [(t, k) for t, k in kept if not _says(words, k)] + [(c, words)]
    order = {c: i for i, c in enumerate(clauses)}  # the survivors in the order first cited
    return [t for t, _ in sorted(kept, key=lambda tk: order[tk[0]])]


def _says(longer: frozenset, shorter: frozenset) -> bool:
    """Whether a point with words `longer` already says one with words `shorter` ('fair value' is
    not said by 'not fair value': a negation only one of them carries keeps both)."""
    return shorter <= longer and not (longer - shorter) & _NEGATIONS


def _top_level_split(text: str) -> list[str]:
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if ch == ";" and depth <= 0:
            out.append(text[start:i])
            start = i + 1
    return out + [text[start:]]


class Authorities:
    """Legal authorities and deal sources for the appendix. `law(ref)` files a citation under its
    source's entry; after `freeze()` it returns the entry's number ('A12'). `source(id)` numbers a
    deal source ('S3') on first citation."""

    def __init__(self, deal, public_locator):
        self.deal = deal
        self._locate = public_locator
        self.entries: list[list[_Citation]] = []
        self.numbers: dict[int, str] = {}
        self.sources: dict[str, dict] = {}

    def law(self, ref) -> str:
        cite = _Citation(ref, self._locate)
        for i, entry in enumerate(self.entries):
            if any(cite.same_source(c) for c in entry):
                if not any(vars(c) == vars(cite) for c in entry):
                    entry.append(cite)
                return self.numbers.get(i, "")
        self.entries.append([cite])
        return self.numbers.get(len(self.entries) - 1, "")

    def freeze(self) -> None:
        """Number the entries: by group (legal authorities first), then in order of first citation."""
        order = sorted(range(len(self.entries)), key=lambda i: (_group(self.entries[i]), i))
        self.numbers = {i: f"A{n}" for n, i in enumerate(order, 1)}

    def table(self) -> list[tuple[str, list[dict]]]:
        """[(group title, [entry dicts in number order])] for the groups that have entries."""
        rows = sorted((int(self.numbers[i][1:]), self._entry(i)) for i in range(len(self.entries)))
        return [(title, [e for _, e in rows if e["group"] == g]) for g, (title, _) in enumerate(GROUPS)
                if any(e["group"] == g for _, e in rows)]  # fmt: skip

    def _entry(self, i: int) -> dict:
        cites = self.entries[i]
        titles = {_base_key(c.title) for c in cites}
        by_part = len(titles) > 1 and len({c.base_key for c in cites}) == 1 and any(c.tail for c in cites)
        if by_part:  # one instrument cited by part: its name, and a line per part cited
            title = max((c.base for c in cites), key=len)
            parts: dict[str, list[str]] = {}
            for c in cites:
                point = c.pinpoint or c.tail
                own = not c.tail or _SECTION_START.match(point)  # the point names its part itself
                parts.setdefault("" if own else c.tail, []).append(point)
            lines = []
            for tail, points in parts.items():
                merged = merge_points(points) if tail else []
                if tail:
                    lines.append(f"{tail}: " + "; ".join(merged))
                else:  # each point that names its own part stays one line, its repeats dropped
                    lines += ["; ".join(merge_points([p])) for p in points]
            lines = merge_points(lines, split=False)
        else:  # one document under several names: the shortest, and its points
            title = min((c.title for c in cites), key=len)
            lines = ["; ".join(merge_points(c.pinpoint for c in cites if c.pinpoint))]
        # one document: its date; one instrument cited by part: a date only if every part shares it
        dates = {c.date for c in cites if c.date or by_part}
        date = dates.pop() if len(dates) == 1 else None
        as_of = self.deal.as_of
        return {
            "number": self.numbers.get(i, ""),
            "issuer": max((c.issuer for c in cites), key=len),
            "title": title,
            "date": date.isoformat() if date else "",
            "url": next((c.url for c in cites if c.url), ""),
            "kind": _strongest(cites),
            "group": _group(cites),
            "pinpoints": [line for line in lines if line],  # one line per part cited
            "later": any(c.date and as_of and c.date > as_of for c in cites),
            "cited_as": len(cites),
        }

    def source(self, sid: str) -> str:
        entry = self.sources.get(sid)
        if entry is None:
            s = self.deal.sources.get(sid)
            entry = self.sources[sid] = {
                "number": f"S{len(self.sources) + 1}",
                "title": clean(s.title) if s else sid,
                "publisher": clean(s.publisher) if s else "",
                "date": s.date.isoformat() if s and s.date else "",
                "kind": kind_words(s.kind) if s else "",
                "url": self._locate((s.url or s.locator) if s else ""),
            }
        return entry["number"]


def _strongest(cites) -> str:
    """The most authoritative kind any citation gives the source (statute before guidance … before press)."""
    kinds = [c.kind for c in cites if c.kind in SOURCE_KINDS]
    return min(kinds, key=SOURCE_KINDS.index) if kinds else ""


def _group(cites) -> int:
    kind = _strongest(cites)
    return next((g for g, (_, kinds) in enumerate(GROUPS) if kind in kinds), len(GROUPS) - 1)
