"""How riskkit says things to a person (the memo, the filing screen): fact labels instead of ids, values with units,
comparisons in words instead of operators, bands as likelihood words on one scale.

Pure functions over the catalogue and a finding's checks; no Jinja, no files.
"""

from __future__ import annotations

import re

# The common scale: a band read as how likely a regulator is to take the concern up.
LIKELIHOOD = {"low": "remote", "moderate": "possible", "high": "likely", "severe": "very likely"}
PLAIN_OPS = {
    "gt": "above",
    "gte": "at or above",
    "lt": "below",
    "lte": "at or below",
    "ne": "not",
    "in": "one of",
    "not_in": "not one of",
    "between": "between",
    "contains": "includes",
    "contains_any": "includes one of",
    "contains_all": "includes all of",
}
_PARAM_SUFFIX = re.compile(r"\s*\([a-z0-9_]+, from \d{4}-\d{2}-\d{2}\)")
_SENTENCE = re.compile(r"(?<!Art)(?<!No)(?<!no)(?<!\b[A-Z])(?<!\bp)(?<!\bs)\. ")
_SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
_CUT = re.compile(r"\s+\(|, | — | – |; |: |(?<!Art)(?<!No)(?<!no)(?<!\b[A-Z])\. ")
# XML 1.0 forbids most control characters; Word and the PDF get them as nothing.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# A local file path (research notes, seed files) never reaches a memo: URLs are left alone.
_PATH = re.compile(r"(?<![\w:/.~-])(?:~|\.{1,2})?/?(?:[\w.-]+/)+[\w.-]+\.(?:txt|md|ya?ml|json|csv|html?)\b")


def clean(text) -> str:
    """Text safe for any output: control characters dropped (never interpreted), local file paths
    replaced by 'internal research file'."""
    return _PATH.sub("internal research file", _CONTROL.sub("", str(text)))


def likelihood(band: str) -> str:
    return LIKELIHOOD.get(band, band)


def likelihood_span(low: str, high: str) -> str:
    """'possible' or 'possible – likely' (facts as given – every open fact against the deal)."""
    a, b = likelihood(low), likelihood(high)
    return a if a == b else f"{a} – {b}"


def fact_label(catalogue, fid: str) -> str:
    """A short human label for a fact: its title if the catalogue has one, else the first
    clause of its description, else the id in words."""
    spec = catalogue.facts.get(fid) if catalogue is not None else None
    if spec is None:
        return words(fid)
    for attr in ("title", "label"):
        value = getattr(spec, attr, "")
        if value:
            return clean(value)
    text = clean(spec.description or "").strip()
    if not text:
        return words(fid)
    cuts = [m.start() for m in _CUT.finditer(text) if m.start() >= 20 and not text[: m.start()].endswith(("'s", "’s"))]
    cuts.append(len(text))
    head = text[: cuts[0]].rstrip(".")
    if len(head) > 80:
        head = head[:78].rsplit(" ", 1)[0] + "…"
    return head[:1].upper() + head[1:]


def fact_question(catalogue, fid: str) -> str:
    spec = catalogue.facts.get(fid) if catalogue is not None else None
    return (
        clean(spec.question)
        if spec is not None and spec.question
        else f"What is the {fact_label(catalogue, fid).lower()}?"
    )


def words(text) -> str:
    """snake_case tokens as words ('voting_securities' → 'voting securities')."""
    return _SNAKE.sub(lambda m: m.group(0).replace("_", " "), clean(text))


def humanise(text, catalogue=None) -> str:
    """Fact ids in running text replaced by their labels, other snake_case tokens by words,
    parameter provenance ('(de_minority_stake_pct, from 2000-01-01)') dropped."""
    text = _PARAM_SUFFIX.sub("", clean(text))
    if catalogue is not None:
        text = _SNAKE.sub(
            lambda m: fact_label(catalogue, m.group(0)) if m.group(0) in catalogue.facts else m.group(0), text
        )
    return words(text)


def check_sentence(check, catalogue) -> str:
    """One comparison in words: 'Share of the target's voting securities: 27% (at or above 25%)'."""
    label = fact_label(catalogue, check.fact) if not check.fact.startswith("deal.") else "Deal date"
    actual = humanise(check.actual, catalogue)
    # what it was compared with, from the check's structured fields (a parameter's value in force)
    expected = humanise(check.param_value if check.param_in_force else check.expected, catalogue).strip("[]")
    if check.op in ("exists", "is_true", "is_false"):
        return f"{label}: {actual}"
    if check.result is None and check.actual == "unknown":
        return f"{label}: not known"
    if check.op == "eq":
        return f"{label}: {actual}" if check.result else f"{label}: {actual} (not {expected})"
    word = PLAIN_OPS.get(check.op, check.op)
    if check.result is None:
        return f"{label}: {actual} (straddles {word} {expected})"
    if check.result:
        return f"{label}: {actual} ({word} {expected})"
    return f"{label}: {actual} (not {word} {expected})"


def deciding_checks(finding) -> list:
    """The checks that decided a finding, once each (the known ones first)."""
    wanted = {"triggered": True, "not_triggered": False}.get(finding.status)
    picked = [c for c in finding.checks if c.result is wanted] or list(finding.checks)
    seen, out = set(), []
    for c in picked:
        key = (c.fact, c.actual)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def why_text(finding, catalogue, limit: int = 2) -> str:
    """Why a finding came out as it did, in plain words: its level label and the deciding values
    (yes/no facts are already said by the criterion's title), else the first point of its rationale."""
    parts = []
    level = clean(finding.level) if finding.level else ""
    if level:
        parts.append(level.rstrip(".") + ".")
    facts = [
        check_sentence(c, catalogue)
        for c in deciding_checks(finding)
        if c.actual not in ("unknown", "yes", "no")
        and c.op not in ("is_true", "is_false", "exists")
        and not c.fact.startswith("deal.")
    ]
    if facts:
        parts.append("; ".join(facts[:limit]) + ".")
    if not parts and finding.criterion.rationale:
        sentences = clean(finding.criterion.rationale).split(". ")
        parts.append(sentences[0].rstrip(".") + ".")
    return " ".join(parts)


def key_value(finding, catalogue) -> str:
    """The one known non-yes/no value that decided a finding ('27%'), or ''."""
    for c in deciding_checks(finding):
        if (
            c.actual not in ("unknown", "yes", "no")
            and c.op not in ("is_true", "is_false", "exists", "eq")
            and not c.fact.startswith("deal.")
        ):
            return humanise(c.actual, catalogue)
    return ""


def mitigation_for(criterion, stage: str) -> str:
    """A criterion's mitigation suited to the deal's stage, when the rubric gives one per stage."""
    if hasattr(criterion, "mitigation_for"):
        return clean(criterion.mitigation_for(stage) or "")
    m = criterion.mitigation
    if isinstance(m, dict):
        return clean(m.get(stage) or m.get("default") or next(iter(m.values()), ""))
    return clean(m or "")


def first_sentences(text: str, limit: int = 230) -> str:
    """Whole sentences up to about `limit` characters (never cut mid-sentence unless one is longer)."""
    text = " ".join(clean(text).split())
    if len(text) <= limit:
        return text
    out = ""
    for sentence in _SENTENCE.split(text.replace("; ", ". ")):
        candidate = (out + " " + sentence.rstrip(".") + ".").strip()
        if len(candidate) > limit and out:
            break
        out = candidate
    return out if len(out) <= limit + 80 else out[: limit - 1].rsplit(" ", 1)[0] + "…"


def verdict_words(rng) -> str:
    """A concern's verdict in words on the common scale, with its range when it has one."""
    likely = getattr(rng, "band_likely", None)
    span = likelihood_span(rng.band, rng.band_worst)
    if likely:
        return likelihood(likely) + (f" (range {span})" if rng.band != rng.band_worst else "")
    return span


def regime_code(j) -> str:
    """'US', 'EU', 'UK', 'DE', 'US-CA' from a jurisdiction id like 'US-FTC/DOJ' or 'US-CA-AG'."""
    parts = j.id.split("-")
    if len(parts) >= 3 and len(parts[1]) == 2:
        return f"{parts[0]}-{parts[1]}"
    return parts[0]


def not_in_play_line(rr, catalogue=None) -> str:
    why = "; ".join(check_sentence(c, catalogue) for c in rr.applicability_checks[:1])
    return f"{rr.rubric.title} ({why})" if why else rr.rubric.title


def short_title(rubric) -> str:
    """A rubric's title up to its first dash ('Competitive effects — the theories…' → 'Competitive effects')."""
    return clean(rubric.title).split(" — ", 1)[0]
