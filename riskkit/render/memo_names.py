"""The memo speaks of the parties by name, not by rubric role.

Rubric text (criterion titles, rationales, mitigations, fact labels) names the parties by a
fixed role vocabulary — "the investor", "the target" or "the developer", "the nonprofit",
"the acquirer", "the seller" — which works as a placeholder: for one deal's memo body each role
phrase becomes the short name of the party the deal file declares in that role ("the investor's
cloud" → "Microsoft's cloud", "The target's directors" → "OpenAI's directors"), and for a closed
deal the transaction's own acts read in the past tense ("the shares the investor acquires" →
"the shares Microsoft acquired", "the nonprofit gives up or converts" → "… gave up or converted").

The same pass writes money from 1,000m on in billions ("USD 130,000m" → "USD 130bn":
model.words.money_words), so every section of the main memo shows amounts one way.

One regular-expression pass over each piece of text: the names put in are never read again, so a
party name is inserted literally whatever it contains (every writer escapes it: HTML for the
PDF, plain text in Word). A role with no party, or with two, keeps its role words; so does a
role whose short name another role already has. Pure: returns new sections, no I/O.
"""

from __future__ import annotations

import re

from riskkit.model.words import clean, money_words

# Role → the rubric words that stand for it (longest first within a role).
ROLE_WORDS = {
    "investor": ("investor",),
    "acquirer": ("acquirer",),
    "target": ("target", "developer"),
    "nonprofit_parent": ("nonprofit parent", "nonprofit"),
    "seller": ("seller",),
}
# The transaction's own acts, said of a party or of the transaction: past tense once it has closed.
PAST = {
    "acquires": "acquired",
    "gives up or converts": "gave up or converted",
    "obtains": "obtained",
    "brings about": "brought about",
    "makes": "made",
}
PARTY_VERBS = ("acquires", "gives up or converts", "obtains")
DEAL_VERBS = ("brings about", "makes")
# Sections whose text is the deal's own prose or dated history, not rubric wording.
SKIP_SECTIONS = ("background", "chronology", "detail")
# Lists under these headings give a general reason in brackets (a presumption's), where role
# words stay general.
GENERAL_BRACKETS = ("Assumed, not verified",)

_SUFFIX = re.compile(
    r",?\s+(?:Corporation|Corp\.?|Incorporated|Inc\.?|Limited|Ltd\.?|LLC|L\.L\.C\.|LP|L\.P\.|LLP|PBC|plc|PLC|"
    r"GmbH|AG|SE|S\.A\.|SA|N\.V\.|B\.V\.|Co\.|Company|Holdings|Group)$"
)
_ASIDE = re.compile(r"\s*\([^()]*\)")


def short_name(name: str) -> str:
    """A party's name as running text calls it: asides and company-form suffixes dropped
    ('Microsoft Corporation' → 'Microsoft', 'OpenAI Group PBC' → 'OpenAI',
    'Example AI Start-up Ltd (invented)' → 'Example AI Start-up'); never empty."""
    full = " ".join(clean(name).split())
    text = _ASIDE.sub("", full).strip() or full
    while True:
        cut = _SUFFIX.sub("", text).strip().rstrip(" ,&")
        if cut == text or not cut:
            return text
        text = cut


def party_names(deal) -> dict[str, str]:
    """Role → short name, for each role exactly one party holds and no earlier role shares its name."""
    by_role: dict[str, list[str]] = {}
    for p in getattr(deal, "parties", ()) or ():
        by_role.setdefault(p.role, []).append(p.name)
    out: dict[str, str] = {}
    for role in ROLE_WORDS:
        names = by_role.get(role, [])
        if len(names) != 1:
            continue
        short = short_name(names[0])
        if short and short not in out.values():
            out[role] = short
    return out


def _brackets(text: str) -> list[tuple[str, bool]]:
    """The text as (segment, inside brackets) pieces, outermost brackets only."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            if depth == 0:
                parts.append((text[start:i], False))
                start = i
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            if depth == 0:
                parts.append((text[start : i + 1], True))
                start = i + 1
    parts.append((text[start:], depth > 0))
    return parts


def _possessive(name: str, mark: str) -> str:
    return name + (mark[0] if name.endswith("s") else mark)


class Namer:
    """Rewrites one deal's memo text: role words to party names, transaction acts to past tense."""

    def __init__(self, deal):
        self.names = party_names(deal)
        self.closed = getattr(deal, "stage", "") == "closed"
        self.word_role = {w: role for role, words in ROLE_WORDS.items() for w in words}
        words = sorted(self.word_role, key=len, reverse=True)
        alt = "|".join(re.escape(w) for w in words)
        bare = "|".join(re.escape(w.capitalize()) for w in words if " " not in w)
        party_verbs = "|".join(re.escape(v) for v in PARTY_VERBS)
        deal_verbs = "|".join(re.escape(v) for v in DEAL_VERBS)
        self.pattern = re.compile(
            rf"(?P<role>(?P<all>\ball )?\b[Tt]he (?P<word>{alt})(?P<poss>['’]s)?(?![\w-]))"
            rf"(?P<appos>(?= [A-Z]))?"
            rf"(?P<verb> (?:{party_verbs})\b)?"
            rf"|(?<![Tt]he )(?P<bare>\b(?P<bword>{bare})(?:(?P<bposs>['’]s)(?![\w-])|(?=\s[a-z])))"
            rf"(?P<bverb> (?:{party_verbs})\b)?"
            rf"|(?P<deal>\b[Tt]h(?:e|is) (?:transaction|deal)) (?P<dverb>{deal_verbs})\b"
            rf"|\b(?P<receive>receive) (?=in the transaction\b)"
        )

    def _verb(self, verb: str | None) -> str:
        if not verb:
            return ""
        v = verb.strip()
        return " " + (PAST[v] if self.closed and v in PAST else v)

    def _sub(self, m: re.Match) -> str:
        if m.group("receive"):
            return "received " if self.closed else "receive "
        if m.group("deal"):
            return m.group("deal") + self._verb(m.group("dverb"))
        lead = ""
        if m.group("role"):
            word, poss, verb = m.group("word"), m.group("poss"), m.group("verb")
            lead, whole = m.group("all") or "", m.group("role")[len(m.group("all") or "") :]
            if m.group("appos") is not None and not poss:  # 'the nonprofit OpenAI Foundation': already named
                return m.group("role") + (verb or "")
        else:
            word, poss, verb, whole = m.group("bword").lower(), m.group("bposs"), m.group("bverb"), m.group("bare")
        name = self.names.get(self.word_role[word])
        if name and lead and poss:  # 'all the nonprofit's assets' → 'all of OpenAI Foundation's assets'
            lead = "all of "
        said = lead + ((_possessive(name, poss) if poss else name) if name else whole)
        return said + (verb or "") if poss else said + self._verb(verb)

    # In these sections a bracket holds a general reason ('(strategic minority investors commonly
    # receive notice of a sale of the target …)'), not this deal: its role words stay general.
    general_brackets = False

    def text(self, text: str) -> str:
        text = money_words(text)  # 'USD 130,000m' → 'USD 130bn' wherever the main memo's prose shows money
        if not self.names and not self.closed:
            return text
        if not self.general_brackets or "(" not in text:
            return self.pattern.sub(self._sub, text)
        return "".join(seg if inside else self.pattern.sub(self._sub, seg) for seg, inside in _brackets(text))

    def runs(self, runs: list) -> list:
        return [(self.text(t), style) for t, style in runs]

    def block(self, b: dict) -> dict:
        kind = b.get("type")
        if kind == "p":
            return {**b, "runs": self.runs(b["runs"])}
        if kind == "h3":
            return {**b, "text": self.text(b["text"])}
        if kind == "list":
            return {**b, "entries": [self.runs(e) for e in b["entries"]]}
        if kind == "table":
            return {**b, "rows": [[self.runs(c) for c in row] for row in b["rows"]]}
        if kind == "box":
            return {**b, "blocks": [self.block(x) for x in b["blocks"]]}
        return b  # charts, figures and extra sections draw their own labels


def name_sections(sections: list, deal) -> list:
    """The main memo's sections with the parties named (see the module notes); the deal's own
    prose (background), the dated chronology and computed extras are left as they are."""
    namer, general = Namer(deal), Namer(deal)
    general.general_brackets = True
    out = []
    for s in sections:
        if s.get("id") in SKIP_SECTIONS:
            out.append(s)
            continue
        blocks, heading = [], ""
        for b in s["blocks"]:
            blocks.append((general if heading.startswith(GENERAL_BRACKETS) else namer).block(b))
            heading = b.get("text", "") if b.get("type") == "h3" else ""
        out.append({**s, "blocks": blocks})
    return out
