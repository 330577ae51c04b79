"""The review workbook's reference sheets, all protected: Facts (answers go on Gaps), Sources (outlet, title,
date, kind, a flag on those dated after the deal's as-of date, link) and About (what `riskkit review` reads
back: the printed part shows the deal file by name and the fingerprint; the path and the operator's
commands sit below the print area)."""

from __future__ import annotations

from pathlib import Path

from openpyxl.styles import Font

from riskkit.load.review_layout import ABOUT_LABELS, BUNDLED, WORKBOOK_FORMAT
from riskkit.model.display import show
from riskkit.model.words import clean, fact_label, words
from riskkit.render.xlsx.cells import BOLD, FONT, finish_table, fit_rows, header_row, print_setup, protect, put

ITALIC = Font(name=FONT, italic=True)


def _number(value):
    """A fact's value as a number when it is one (a point range too), else None: Facts can sort and filter."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return value
    low, high = getattr(value, "low", None), getattr(value, "high", None)
    if isinstance(low, (int, float)) and low == high:
        return low
    return None


def facts_sheet(ws, a) -> None:
    """The facts scored, protected: review re-reads the facts file, so edits here would be lost."""
    note = ("These are the facts riskkit scored. Edits here are not read back: answer open questions in the "
            "Answer column on the Gaps sheet (riskkit review adds them to the facts), or change the facts file.")  # fmt: skip
    headers = ("Fact", "Value", "Number", "Unit", "Confidence", "Sources", "As of", "Note", "Fact id")
    put(ws, 1, 1, note, wrap=True).font = ITALIC
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=8)
    ws.row_dimensions[1].height = 30
    header_row(ws, headers, (32, 22, 9, 9, 11, 20, 11, 30, 28), row=2)
    catalogue = a.catalogue.facts
    given = a.deal.facts
    derived = a.derived_facts_used()
    row = 2
    for fid, spec in catalogue.items():
        fact = given.get(fid)
        use = derived.get(fid)
        if fact is None and use is None:
            continue
        row += 1
        unit = spec.unit if spec.type != "money" else f"{fact.currency if fact else ''} million".strip()
        label = fact_label(a.catalogue, fid)
        if fact is not None:
            shown = words(show(fact.value, spec.type, fact.currency, spec.unit))
            values = (label, shown, _number(fact.value), unit, fact.confidence, ", ".join(fact.sources),
                      fact.as_of, clean(fact.note or ""), fid)  # fmt: skip
        else:
            values = (label, words(use.display), None, unit, "derived", ", ".join(use.sources), None,
                      f"computed ({words(spec.derived_op)}) from " + ", ".join(fact_label(a.catalogue, f)
                                                                          for f in use.derived_from), fid)  # fmt: skip
        for col, value in enumerate(values, start=1):
            put(ws, row, col, value, wrap=col in (1, 2, 4, 6, 8, 9))
    finish_table(ws, len(headers), row, header=2, print_cols=8)
    protect(ws)


def looks_local(locator: str) -> bool:
    """A locator that names a file on someone's disk (never shown: it means nothing to a reader)."""
    text = locator.strip()
    return "/" in text or "\\" in text or bool(Path(text.split()[0]).suffix) if text else True


USED_SHOWN = 4  # facts named per source (a cell holds 409 pt)
SOURCES_HEADERS = ("Id", "Outlet", "Title", "Date", "Kind", "After as-of?", "Link", "Used by facts")


def unattributed(s) -> bool:
    """A source with neither an outlet nor a date: nothing a reader can check it against."""
    return (not s.publisher or s.publisher.lower().startswith("unattributed")) and s.date is None


def source_quality(s) -> str:
    """The kind in words, 'primary' where it is, and a warning for an unattributed source."""
    text = words(s.kind) + (" (primary)" if s.primary else "")
    return text + ("; UNATTRIBUTED: no outlet or date" if unattributed(s) else "")


def sources_sheet(ws, a) -> None:
    """Every source of the deal's facts, in full; those dated after the deal's as-of date are flagged."""
    header_row(ws, SOURCES_HEADERS, (20, 16, 28, 11, 16, 10, 14, 30))
    users: dict = {}
    for fact in a.deal.facts.values():
        for sid in fact.sources:
            users.setdefault(sid, []).append(fact_label(a.catalogue, fact.id))
    as_of = a.deal.as_of
    row = 1
    for sid in sorted(a.deal.sources):
        s = a.deal.sources[sid]
        row += 1
        link = s.url or ("" if looks_local(s.locator) else s.locator)
        later = "AFTER" if s.date is not None and s.date > as_of else ("undated" if s.date is None else "")
        used = users.get(sid, [])
        shown = "; ".join(used[:USED_SHOWN]) + (
            f"; and {len(used) - USED_SHOWN} more (the Facts sheet names each fact's sources)"
            if len(used) > USED_SHOWN
            else ""
        )
        values = (s.id, s.publisher, clean(s.title), s.date, source_quality(s), later, link, shown)
        for col, value in enumerate(values, start=1):
            cell = put(ws, row, col, value, wrap=col in (1, 2, 3, 5, 7, 8))
            if col == 5 and unattributed(s):
                cell.font = BOLD
            if col == 7 and s.url.startswith(("https://", "http://")):
                cell.hyperlink = s.url
                cell.font = Font(name=FONT, color="0563C1", underline="single")
            if col == 6 and later == "AFTER":
                cell.font = BOLD
    finish_table(ws, len(SOURCES_HEADERS), row)
    protect(ws)


REFERENCES_HEADERS = ("Id", "Title", "Issuer", "Date", "After as-of?", "Pinpoint", "Cited by criteria")


def references_sheet(ws, a) -> None:
    """The law, guidance and decisions the criteria rest on, by the ids Findings cites (R1 …): one row per
    reference and pinpoint, with the criteria that cite it there."""
    from riskkit.render.xlsx.findings import ordered, reference_ids, reference_key

    header_row(ws, REFERENCES_HEADERS, (6, 30, 16, 11, 10, 36, 34))
    ids = reference_ids(a)
    cited: dict = {}
    for _, f in ordered(a):
        for ref in f.criterion.references:
            item = cited.setdefault((ids[reference_key(ref)], ref.pinpoint), [ref, []])
            if f.criterion.title not in item[1]:
                item[1].append(f.criterion.title)
    order = {rid: i for i, rid in enumerate(ids.values())}
    as_of = a.deal.as_of
    row = 1
    for (rid, pin), (ref, criteria) in sorted(cited.items(), key=lambda kv: order[kv[0][0]]):  # stable: first cited
        row += 1
        later = "AFTER" if ref.date is not None and ref.date > as_of else ""
        values = (rid, clean(ref.title), ref.issuer, ref.date, later, clean(pin or ""), "; ".join(criteria))
        for col, value in enumerate(values, start=1):
            cell = put(ws, row, col, value, wrap=col in (2, 3, 6, 7))
            if col == 2 and ref.url.startswith(("https://", "http://")):
                cell.hyperlink = ref.url
                cell.font = Font(name=FONT, color="0563C1", underline="single")
            if col == 5 and later:
                cell.font = BOLD
    finish_table(ws, len(REFERENCES_HEADERS), row)
    protect(ws)


def about_values(a, options) -> dict:
    """What About records: review reads these back to re-score and compare fingerprints."""
    from riskkit.resources import bundled_rubrics_dir

    folder = options.rubrics_dir  # riskkit.render.options.WorkbookOptions
    if not folder:
        # The folder the rubric files came from (a firm folder may borrow our facts catalogue,
        # so the catalogue's path would name the wrong folder).
        paths = [rr.rubric.path for rr in a.results if rr.rubric.path]
        folder = str(Path(paths[0]).parent) if paths else ""
        try:
            if folder and Path(folder).resolve() == Path(bundled_rubrics_dir()).resolve():
                folder = BUNDLED
        except OSError:
            pass
    return {
        "format": WORKBOOK_FORMAT,
        "version": a.riskkit_version,
        "deal": a.deal.id,
        "as_of": a.deal.as_of.isoformat(),
        "facts": str(options.facts_path or a.deal.path),
        "rubrics_dir": str(folder),
        "rubrics": ", ".join(f"{rr.id} {rr.rubric.version}" for rr in a.results),
        "fingerprint": a.fingerprint,
    }


HOW_TO = (
    "How to use this workbook",
    "1. Summary starts with what to do and counts the decisions made and the requests answered.",
    "2. Findings has one row per criterion per rubric: triggered first, then unknown (heaviest first), then clear, "
    "then the criteria not in play (locked). Decide in the yellow columns; the rules are on Summary.",
    "3. Gaps lists the information requests, Priority 1 first. Write an answer in the Answer column in the form "
    "shown, with its Confidence and Source (the document or person it comes from): riskkit records the answer as "
    "the reviewer's, citing that source, and re-scores with it.",
    "4. Reviewer decisions and answers are shown beside the automatic result; they never replace it.",
    "Do not rename sheets or header cells, merge cells, or add rows to the tables; riskkit checks. Sheets and the "
    "workbook's structure are protected without a password so automatic cells are not overwritten by accident.",
)
OPERATOR = (
    "For the operator (not printed)",
    "Read the decisions back:  riskkit review THIS.xlsx -o reviewed.pdf   (or .json / .html / .xlsx); add "
    "--facts-out deal-answered.yaml to write the deal file with the answers in it.",
    "riskkit re-scores the facts file recorded below and refuses if the facts or rubrics changed since this "
    "workbook was made (the input fingerprint no longer matches); --force carries the decisions over.",
)
PRINTED_KEYS = ("version", "deal", "as_of", "rubrics", "fingerprint")


def about_sheet(ws, a, options) -> None:
    """Printed: versions, the deal file by name, the rubrics, the fingerprint, how to use. Below the print
    area: the facts path and rubric folder `riskkit review` reads back, and the operator's commands."""
    header_row(ws, ("Item", "Value"), (34, 110))
    values = about_values(a, options)
    row = 1
    for key in PRINTED_KEYS:
        row += 1
        put(ws, row, 1, ABOUT_LABELS[key]).font = BOLD
        put(ws, row, 2, values[key], wrap=True)
        if key == "as_of":
            row += 1
            put(ws, row, 1, "Deal file").font = BOLD
            put(ws, row, 2, Path(values["facts"]).name if values["facts"] else "", wrap=True)
    as_of = a.deal.as_of
    for rr in a.results:
        row += 1
        later = (f" (this version took effect after the deal's as-of date, {as_of.isoformat()}; dated thresholds "
                 "are applied as in force on the as-of date)") if str(rr.rubric.effective or '') > as_of.isoformat() else ""  # fmt: skip
        put(ws, row, 1, f"Rubric {rr.id}")
        put(ws, row, 2, f"{rr.rubric.title} — version {rr.rubric.version}, effective {rr.rubric.effective}{later}",
            wrap=True)  # fmt: skip
    row += 1
    for i, text in enumerate(HOW_TO):
        row += 1
        put(ws, row, 1 if i == 0 else 2, text, wrap=True).font = Font(name=FONT, bold=i == 0)
    printed = row
    row += 2
    for i, text in enumerate(OPERATOR):
        put(ws, row, 1 if i == 0 else 2, text, wrap=True).font = Font(name=FONT, bold=i == 0, italic=i > 0)
        row += 1
    for key in ("format", "facts", "rubrics_dir"):
        put(ws, row, 1, ABOUT_LABELS[key]).font = BOLD
        put(ws, row, 2, values[key], wrap=True)
        row += 1
    fit_rows(ws, 1, row)
    ws.freeze_panes = "A2"
    print_setup(ws, "1:1", f"A1:B{printed}")
    protect(ws)
