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
_RATIO = re.compile(r"\d+(?:\.\d+)?")
_SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
_CUT = re.compile(r"\s+\(|, | — | – |; |: |(?<!Art)(?<!No)(?<!no)(?<!\b[A-Z])\. ")
_ASIDE = re.compile(r" \((?!or |and )[^()'’]{1,30}\)(?=[ ,])")  # a short aside in a clause, not "(or X)"
_WHETHER_ASIDE = re.compile(r"^Whether, [^,]{1,60}, ")  # "Whether, after the arrangement, the target …"
_DANGLING = re.compile(r"\b(?:of|the|a|an|to|or|and|in|with|for|by|from|on|at|over|hold|holds|is|are|entitled to)$")
# XML 1.0 forbids most control characters; Word and the PDF get them as nothing.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# A local file path (research notes, seed files) never reaches a memo: URLs are left alone.
_PATH = re.compile(r"(?<![\w:/.~-])(?:~|\.{1,2})?/?(?:[\w.-]+/)+[\w.-]+\.(?:txt|md|ya?ml|json|csv|html?)\b")
# The tail every _PATH match ends with: a cheap test that skips _PATH's slow scan on most text.
_PATH_TAIL = re.compile(r"/[\w.-]+\.(?:txt|md|ya?ml|json|csv|html?)\b")


def clean(text) -> str:
    """Text safe for any output: control characters dropped (never interpreted), local file paths
    replaced by 'internal research file'."""
    text = _CONTROL.sub("", str(text))
    return _PATH.sub("internal research file", text) if _PATH_TAIL.search(text) else text


def likelihood(band: str) -> str:
    return LIKELIHOOD.get(band, band)


def likelihood_span(low: str, high: str) -> str:
    """'possible' or 'possible – likely' (facts as given – every open fact against the deal)."""
    a, b = likelihood(low), likelihood(high)
    return a if a == b else f"{a} – {b}"


def whole_span(low: float, high: float) -> str:
    """Scores to whole numbers for a reader ('13–45'): a decimal would claim precision the scale lacks."""
    a, b = round(low), round(high)
    return str(a) if a == b else f"{a}–{b}"


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
    text = _ASIDE.sub("", _WHETHER_ASIDE.sub("Whether ", text))  # "economic (equity) stake" → "economic stake"
    cuts = [
        m.start()
        for m in _CUT.finditer(text)
        if m.start() >= 25
        and not text[: m.start()].endswith(("'s", "’s"))
        # never end a label on 'of', 'the', 'hold' … unless the sentence ends there ('… invests in. HSR …')
        and (m.group(0) == ". " or not _DANGLING.search(text[: m.start()]))
        and not (
            text.startswith("Whether ")
            and (
                (m.group(0) == ", " and not text[m.end() :].startswith("which "))
                or (m.group(0).endswith("(") and m.start() < 60)
            )
        )
    ]
    cuts.append(len(text))
    head = text[: cuts[0]].rstrip(".")
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


# Enum values that are abbreviations, spelled out for a reader (other values go through words()).
ENUM_WORDS = {"rofr": "right of first refusal"}


def value_words(text) -> str:
    """A fact's value for a reader: snake_case as words, known abbreviations spelled out, money from
    1,000m on in billions ('material_competitive_influence' → 'material competitive influence',
    'rofr' → 'right of first refusal', 'USD 130,000m' → 'USD 130bn')."""
    return money_words(re.sub(r"\b[a-z]+\b", lambda m: ENUM_WORDS.get(m.group(0), m.group(0)), words(text)))


def change_words(label: str, before: str, after: str) -> str:
    """A fact the deal changed, in words, never an arrow: 'Share of profits: from 49–75% to 27%';
    'Cloud terms: right of first refusal, now none'; 'Board seats: none before, now 2'."""
    before, after = value_words(before), value_words(after)
    if after in ("none", "no"):
        return f"{label}: {before}, now {after}"
    if before in ("none", "no", "unknown"):
        return f"{label}: {before} before, now {after}"
    return f"{label}: from {before} to {after}"


# An amount in millions as display.show writes it: a currency code or sign, then a number or a range, then 'm'
# ('USD 130,000m', '€17.5m', 'USD 10,000–13,800m'); or a bare amount with a thousands separator ('11,900m').
_MONEY = re.compile(
    r"(?P<cur>\b[A-Z]{3} |[$€£])(?P<low>\d[\d,]*(?:\.\d+)?)(?:–(?P<high>\d[\d,]*(?:\.\d+)?))?m\b"
    r"|(?<![\w.,])(?P<bare>\d{1,3}(?:,\d{3})+(?:\.\d+)?)m\b"
)


def _to_bn(m: re.Match) -> str:
    from riskkit.model.display import billions, money_amount

    if m.group("bare"):
        return money_amount(float(m.group("bare").replace(",", "")))
    low, high = (float(x.replace(",", "")) if x else None for x in (m.group("low"), m.group("high")))
    if max(low, high or 0) < 1000:
        return m.group(0)
    if high is None:
        return m.group("cur") + money_amount(low)
    return f"{m.group('cur')}{billions(low)}–{billions(high)}bn"


def money_words(text: str) -> str:
    """Money in prose from 1,000m on in billions, every digit kept ('USD 130,000m' → 'USD 130bn',
    'USD 1,250m' → 'USD 1.25bn', 'USD 500–2,000m' → 'USD 0.5–2bn'); smaller amounts as they are.
    For the memo only: JSON, the workbook and the terminal table keep show()'s millions."""
    return _MONEY.sub(_to_bn, text) if "m" in text else text


def humanise(text, catalogue=None) -> str:
    """Fact ids in running text replaced by their labels, other snake_case tokens by words,
    parameter provenance ('(de_minority_stake_pct, from 2000-01-01)') dropped."""
    text = _PARAM_SUFFIX.sub("", clean(text))
    if catalogue is not None:
        text = _SNAKE.sub(
            lambda m: fact_label(catalogue, m.group(0)) if m.group(0) in catalogue.facts else m.group(0), text
        )
    return words(text)


# The comparison that holds when a check's comparison fails ('not at or above' is 'below').
_NEGATED = {"gt": "at or below", "gte": "below", "lt": "at or above", "lte": "above"}


def _place(check, actual: str) -> str:
    """An enum value naming a place ('delaware') as a name ('Delaware')."""
    return place_value(check.fact, actual)


def place_value(fid: str, actual: str) -> str:
    if any(k in fid for k in ("state", "country")) and re.fullmatch(r"[a-z][a-z ]*", actual):
        return actual.title()
    return actual


def fact_statement(label: str, value) -> str:
    """A yes/no fact as a plain sentence: 'Whether the investor acquires control' with 'no' →
    'The facts do not show that the investor acquires control'; other facts as 'Label: value'."""
    shown = {True: "yes", False: "no"}.get(value, value) if isinstance(value, bool) else str(value)
    if label.startswith("Whether ") and shown in ("yes", "no", "unknown", "not known"):
        clause = label[len("Whether ") :]
        return {
            "yes": f"The facts show that {clause}",
            "no": f"The facts do not show that {clause}",
        }.get(shown, f"It is not known whether {clause}")
    if shown in ("yes", "no"):  # a yes/no fact whose label is not a question: shown or not on the facts
        return f"{label}: {'shown' if shown == 'yes' else 'not shown'} on the facts"
    return f"{label}: {shown}"


def given_fact(catalogue, fid: str, display: str) -> str:
    """A fact taken as given, as a sentence ('The facts show that a lawsuit …')."""
    return fact_statement(fact_label(catalogue, fid), place_value(fid, humanise(display, catalogue)))


def check_sentence(check, catalogue) -> str:
    """One comparison as a plain sentence, no operators or rubric lists: 'Share of the target's
    voting securities is 27%, at or above the 25% threshold'; 'The facts do not show that …'."""
    label = fact_label(catalogue, check.fact) if not check.fact.startswith("deal.") else "Deal date"
    actual = _place(check, humanise(check.actual, catalogue))
    # what it was compared with, from the check's structured fields (a parameter's value in force)
    expected = humanise(check.param_value if check.param_in_force else check.expected, catalogue).strip("[]")
    if check.result is None and check.actual == "unknown":
        return fact_statement(label, "not known") if label.startswith("Whether ") else f"{label}: not known"
    if check.op in ("exists", "is_true", "is_false", "in", "not_in", "contains", "contains_any", "contains_all"):
        return fact_statement(label, actual)
    if check.op == "eq":
        return (
            fact_statement(label, actual)
            if check.result or label.startswith("Whether ")
            else (f"{label}: {actual}, not {_place(check, expected)}")
        )
    if check.op == "ne":
        return fact_statement(label, actual)
    word = PLAIN_OPS.get(check.op, check.op)
    if check.result is None:
        return f"{label}: {actual}, which straddles the {expected} threshold"
    if not check.result:
        word = _NEGATED.get(check.op, f"not {word}")
    return (
        f"{label}: {actual}, {word} the {expected} threshold"
        if check.op != "between"
        else (f"{label}: {actual}, {'' if check.result else 'not '}between {expected}")
    )


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


def plain_why(finding, catalogue) -> str:
    """`Finding.why` for a reader: the comparisons that decided the outcome as plain sentences —
    fact titles instead of ids, values with their units, enum values as words, thresholds as
    'at or above the 25% threshold' — never operator notation (JSON `why`, the table, markdown)."""
    wanted = {"triggered": True, "not_triggered": False}.get(finding.status)
    picked = (
        [c for c in finding.checks if c.result is wanted]
        if wanted is not None
        else [c for c in finding.checks if c.result is None]
    )
    return "; ".join(dict.fromkeys(check_sentence(c, catalogue) for c in (picked or finding.checks)))


def plain_whys(rr, catalogue) -> dict:
    """A rubric result's dict with each finding's `why` in plain words; the checks keep the exact
    notation for tools."""
    out = rr.to_dict()
    for fd, f in zip(out["findings"], rr.findings, strict=True):
        fd["why"] = plain_why(f, catalogue)
    return out


def fact_list(catalogue, fids) -> str:
    """Fact ids as a reader's list of their titles ('Target's UK turnover, …'); fx pairs and
    missing rubric parameters in words."""
    out = []
    for fid in fids:
        if fid.startswith("fx:"):
            out.append(f"exchange rate {fid[3:]}")
        elif fid.startswith("param:"):
            out.append(f"a threshold value not recorded for the deal's date ({words(fid[6:])})")
        else:
            out.append(fact_label(catalogue, fid))
    return ", ".join(out)


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
    """The one known non-yes/no value that decided a finding, with what it measures
    ('Investor's voting stake: 27%'), or ''."""
    for c in deciding_checks(finding):
        if (
            c.actual not in ("unknown", "yes", "no")
            and c.op not in ("is_true", "is_false", "exists", "eq")
            and not c.fact.startswith("deal.")
        ):
            value = humanise(c.actual, catalogue)
            if "ratio" in c.fact:  # a ratio reads as a multiple, to a whole number ('18–25×')
                value = _RATIO.sub(lambda m: f"{float(m.group(0)):.0f}", value) + "×"
            return f"{fact_label(catalogue, c.fact)}: {value}"
    return ""


def mitigation_for(criterion, stage: str) -> str:
    """A criterion's mitigation suited to the deal's stage, when the rubric gives one per stage."""
    if hasattr(criterion, "mitigation_for"):
        return clean(criterion.mitigation_for(stage) or "")
    m = criterion.mitigation
    if isinstance(m, dict):
        return clean(m.get(stage) or m.get("default") or next(iter(m.values()), ""))
    return clean(m or "")


# A stage label the rubric put before a mitigation ('closed deal: …', 'closed deal — …'): the memo
# states the stage once, so it is dropped rather than printed after another colon.
_STAGE_LEAD = re.compile(
    r"^(?:now \()?(?:closed deal|deal closed|before signing|before closing)\)?\s*(?::|—|–|-)\s*", re.I
)
# Remedies offered to an authority: held in reserve until one opens a case.
_OFFERS = ("offer", "commit", "propose", "agree", "license", "divest", "undertake", "accept")


def contingency(text: str) -> str:
    """A remedy as a position held in reserve, not volunteered: 'If an authority opens a case: offer …'."""
    text = _STAGE_LEAD.sub("", text.strip())
    if not text or text.lower().startswith("if "):
        return text[:1].upper() + text[1:]
    if not text.lower().startswith(_OFFERS):  # monitoring or compliance is done now, not held in reserve
        return text[:1].upper() + text[1:]
    return "If an authority opens a case: " + text[:1].lower() + text[1:]


def first_sentences(text: str, limit: int = 230) -> str:
    """Whole sentences (or clauses up to a '; ') up to about `limit` characters, never cut mid-clause:
    a first clause longer than the limit is kept whole. A cut inside brackets closes them
    ('… (the GWB §41 standstill).'), so the text never leaves a bracket open."""
    text = " ".join(clean(text).split())
    if len(text) <= limit:
        return text
    out = ""
    for m in re.finditer(_SENTENCE.pattern + "|; ", text):
        head = text[: m.start()].rstrip(".")
        head += ")" * max(0, head.count("(") - head.count(")")) + "."
        if len(head) > limit and out:
            break
        out = head
    return out or text


def verdict_words(rng) -> str:
    """A concern's verdict in words on the common scale, with its range when it has one."""
    likely = getattr(rng, "band_likely", None)
    span = likelihood_span(rng.band, rng.band_worst)
    if likely:
        return likelihood(likely) + (f" (range {span})" if rng.band != rng.band_worst else "")
    return span


def regime_code(j) -> str:
    """'US', 'EU', 'UK', 'DE' from a jurisdiction id like 'US-FTC/DOJ'; a US state's regime
    ('US-DE-AG') by the state's name ('Delaware'), so that Delaware is never read as Germany ('DE')."""
    parts = j.id.split("-")
    if len(parts) >= 3 and len(parts[1]) == 2:
        return getattr(j, "name", "") or f"{parts[0]}-{parts[1]}"
    return parts[0]


def not_in_play_line(rr, catalogue=None) -> str:
    why = "; ".join(check_sentence(c, catalogue) for c in rr.applicability_checks[:1])
    return f"{rr.rubric.title} ({why})" if why else rr.rubric.title


def short_title(rubric) -> str:
    """A rubric's title up to its first dash ('Competitive effects — the theories…' → 'Competitive effects')."""
    return clean(rubric.title).split(" — ", 1)[0]
