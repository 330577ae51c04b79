"""A live proceeding's particulars as the memo states them: what the deal file gives (with its
sources) is said, what it does not give is asked, and anything due after the facts' date is
marked as not reflected — the memo never fills in a docket from memory."""

from __future__ import annotations

from riskkit.model.display import day_month_year
from riskkit.model.words import clean

# What the memo asks for when a particular is not given, in the order it asks.
ASKED = (
    ("court", "which court"),
    ("docket", "what docket number"),
    ("investor_defendant", "whether the investor is a defendant"),
    ("claims", "on which claims"),
    ("status", "what status"),
    ("next_date", "what trial date"),
)


def particulars(assessment, fact_id: str):
    """The deal file's Proceeding for this fact, or None."""
    return next((p for p in getattr(assessment.deal, "proceedings", ()) if p.fact == fact_id), None)


def question(assessment, name: str, proc) -> str:
    """The information request for a proceeding: its missing particulars, and what happened since."""
    lead = name[:1].upper() + name[1:]
    if proc is None:
        return (
            f"{lead}: which court and docket number, what status, what trial date, and is the investor a "
            "defendant (on which claims, seeking what remedy)?"
        )
    missing = [words for key, words in ASKED if getattr(proc, key) in ("", None)]
    since = day_month_year(assessment.deal.as_of)
    event = f", including the outcome of the {proc.next_event or 'hearing'} set for {day_month_year(proc.next_date)}"
    asks = [
        *missing,
        f"what has happened since {since}" + (event if proc.next_date else ""),
        "whether any appeal is pending",
    ]
    return f"{lead}: {', '.join(asks[:-1])} and {asks[-1]}?"


def _defendant(proc, claims: str) -> str:
    """In role words ('the investor'): memo_names puts in the parties' names, escaped, afterwards."""
    if proc.investor_defendant is True:
        return "The investor is a defendant" + (f": {claims.rstrip('.')}." if claims else ".")
    if proc.investor_defendant is False:
        return "The investor is not a defendant."
    return "Whether the investor is a defendant is not on the record."


def _next(assessment, proc, ask: str) -> str:
    if proc.next_date is None:
        return f"Status since the facts' date: not on the record{ask}." if ask else ""
    what = proc.next_event or "next hearing"
    what = f"{what[:1].upper() + what[1:]} set for {day_month_year(proc.next_date, short=True)}"
    if proc.next_date <= assessment.deal.as_of:
        return f"{what}{ask}."
    if ask:  # after the facts' date: its outcome is asked for, never assumed
        return f"{what} (outcome: {ask.strip()[1:-1]})."
    return f"{what}, after the facts' date: its outcome is not reflected."


def _head(proc, named: bool = True) -> str:
    where = ", ".join(x for x in (proc.court, proc.docket) if x)
    if not named:  # under a title that already names the suit
        return f"{where[:1].upper() + where[1:]}." if where else ""
    return proc.name + (f" ({where})" if where else "") + "."


def why(assessment, proc, rank) -> str:
    """The Top risks 'why': who, where, the investor's main exposure, and what is next (page 1 is short:
    the claims' first clause only; `particulars` gives the rest)."""
    ask = f" (information request {rank})" if rank else ""
    first = clean(proc.claims).split("; ")[0]
    return " ".join(x for x in (_head(proc, False), _defendant(proc, first), _next(assessment, proc, ask)) if x)


def particulars_text(assessment) -> str:
    """Every proceeding's particulars in full, for the body of the memo."""
    out = []
    for proc in getattr(assessment.deal, "proceedings", ()):
        status = f"Status on the facts' date: {clean(proc.status).rstrip('.')}." if proc.status else ""
        parts = (_head(proc), _defendant(proc, clean(proc.claims)), status, _next(assessment, proc, ""))
        out.append(" ".join(x for x in parts if x))
    return " ".join(out)
