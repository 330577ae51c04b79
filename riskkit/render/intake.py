"""Writing the intake workbook: one row per catalogue fact, blank or filled in from a deal.

Sheets: Deal, Parties, Facts, Sources, FX and About; a hidden Lists sheet feeds dropdowns too
long to give inline. The round trip through riskkit.load.intake is lossless.
"""

from __future__ import annotations

import datetime as _dt

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from riskkit.errors import InputError
from riskkit.load.deal import deal_to_data
from riskkit.load.intake_layout import (
    CONDITION_HEADERS,
    CONDITION_KEYS,
    DEAL_HEADERS,
    DEAL_ROWS,
    FACT_COL,
    FACT_HEADERS,
    FX_HEADERS,
    FX_KEYS,
    NONE_MARK,
    PARTY_HEADERS,
    PRESUMPTION_HEADERS,
    PRESUMPTION_KEYS,
    PRIOR_HEADERS,
    PRIOR_KEYS,
    PROCEEDING_HEADERS,
    PROCEEDING_KEYS,
    REVIEW_HEADERS,
    REVIEW_KEYS,
    SOURCE_HEADERS,
    SOURCE_KEYS,
    deal_row,
)
from riskkit.model.inputs import CONFIDENCES, PARTY_ROLES, SOURCE_KINDS, STAGES
from riskkit.render.workbook import (
    BOLD,
    INPUT_FILL,
    LEFT_WRAP,
    finish_table,
    header_row,
    list_validation,
    print_setup,
    put,
    save_deterministic,
)
from riskkit.render.xlsx.cells import add_validation

BLANK_DATE = _dt.date(2000, 1, 1)
TYPE_TEXT = {"money": "money (millions)", "percent": "percent (0–100)", "bool": "yes / no",
             "enum_list": "list (separate with ;)", "number_list": "numbers (separate with ;)"}  # fmt: skip


def write_intake(catalogue, deal=None) -> bytes:
    """The intake workbook's bytes: blank, or filled in from a loaded Deal (lossless round trip)."""
    from openpyxl import Workbook

    data = (deal.canonical or deal_to_data(deal)) if deal is not None else {"deal": {}, "facts": {}}
    wb = Workbook()
    writer = _IntakeWriter(wb, catalogue, data, getattr(deal, "path", "") or "<new>")
    try:
        writer.write()
    except ValueError as exc:
        raise InputError(f"{writer.current}: {exc}", path=writer.path) from None
    when = deal.as_of if deal is not None else BLANK_DATE
    return save_deterministic(wb, when)


def _iso_date(value):
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


class _IntakeWriter:
    def __init__(self, wb, catalogue, data, path):
        self.wb, self.catalogue, self.data, self.path = wb, catalogue, data, path
        self.current = "workbook"
        self.lists = None
        self.list_col = 0

    def write(self):
        ws = self.wb.active
        ws.title = "Deal"
        self._deal(ws)
        self._parties(self.wb.create_sheet("Parties"))
        self._facts(self.wb.create_sheet("Facts"))
        self._sources(self.wb.create_sheet("Sources"))
        self._fx(self.wb.create_sheet("FX"))
        self._about(self.wb.create_sheet("About"))
        if self.data.get("conditions"):
            self._conditions(self.wb.create_sheet("Conditions"))
        if self.data.get("proceedings"):
            self._proceedings(self.wb.create_sheet("Proceedings"))
        if self.data.get("prior"):
            self._prior(self.wb.create_sheet("Prior"))
        if self.data.get("reviews"):
            self._reviews(self.wb.create_sheet("Reviews"))
        if self.data.get("presumptions"):
            self._presumptions(self.wb.create_sheet("Presumptions"))
        if self.lists is not None:
            self.wb.move_sheet(self.lists, offset=len(self.wb.sheetnames))

    def _list_range(self, title: str, values) -> str:
        """A column on the hidden Lists sheet, for dropdowns longer than Excel's 255-character inline limit."""
        if self.lists is None:
            self.lists = self.wb.create_sheet("Lists")
            self.lists.sheet_state = "hidden"
        self.list_col += 1
        col = self.list_col
        put(self.lists, 1, col, title)
        for i, v in enumerate(values, start=2):
            put(self.lists, i, col, v)
        letter = get_column_letter(col)
        return f"Lists!${letter}$2:${letter}${len(values) + 1}"

    def _deal(self, ws):
        header_row(ws, DEAL_HEADERS, (16, 70, 60))
        meta = self.data.get("deal", {})
        for row, (name, help_text) in enumerate(DEAL_ROWS, start=2):
            self.current = f"deal.{name}"
            put(ws, row, 1, name).font = BOLD
            value = meta.get(name)
            if name in ("as_of", "closed_on"):
                value = _iso_date(value)
            elif name == "hypothetical" and value is not None:
                value = "yes" if value is True else "no" if value is False else value
            elif name in ("jurisdictions", "structures") and isinstance(value, list):
                value = "; ".join(str(v) for v in value) if value else NONE_MARK
            cell = put(ws, row, 2, value, strict=True)
            cell.fill = INPUT_FILL
            cell.alignment = LEFT_WRAP
            put(ws, row, 3, help_text, wrap=True)
        list_validation(ws, f"B{deal_row('stage')}", STAGES, "Stage")
        list_validation(ws, f"B{deal_row('hypothetical')}", ("yes", "no"), "Hypothetical")
        finish_table(ws, 3, len(DEAL_ROWS) + 1)
        ws.auto_filter.ref = None

    def _parties(self, ws):
        header_row(ws, PARTY_HEADERS, (50, 20))
        parties = self.data.get("deal", {}).get("parties") or []
        for row, p in enumerate(parties, start=2):
            self.current = f"deal.parties.{row - 2}"
            put(ws, row, 1, p.get("name"), strict=True)
            put(ws, row, 2, p.get("role"), strict=True)
        last = max(len(parties) + 1, 20)
        self._inputs(ws, 2, last, 2)
        list_validation(ws, f"B2:B{last}", PARTY_ROLES, "Role")
        finish_table(ws, 2, len(parties) + 1)

    def _facts(self, ws):
        header_row(ws, FACT_HEADERS, (11, 38, 50, 14, 10, 26, 22, 10, 10, 10, 20, 12, 11, 36))
        facts = self.data.get("facts", {})
        groups: dict = {}
        for spec in self.catalogue.facts.values():
            if not spec.derived_op:
                groups.setdefault(spec.group, []).append(spec)
        row = 1
        col = FACT_COL
        for specs in groups.values():
            for spec in specs:
                row += 1
                self.current = f"facts.{spec.id}"
                allowed = ", ".join(spec.values)
                if spec.type == "enum_list":
                    allowed += f"; or {NONE_MARK}"
                info = (spec.group, spec.id, spec.question, TYPE_TEXT.get(spec.type, spec.type), spec.unit, allowed)
                for c, v in enumerate(info, start=1):
                    put(ws, row, c, v, wrap=c in (2, 3, 6))
                self._fact_cells(ws, row, spec, facts.get(spec.id))
                self._fact_validation(ws, row, spec)
        last = max(row, 2)
        self._inputs(ws, 2, last, len(FACT_HEADERS), first_col=col["Value"])
        list_validation(ws, f"L2:L{last}", CONFIDENCES, "Confidence")
        dv = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True)
        dv.error = "Enter a date (YYYY-MM-DD)."
        add_validation(ws, dv, f"M2:M{last}")  # alerts and input messages on
        finish_table(ws, len(FACT_HEADERS), last, freeze="C2")

    def _fact_cells(self, ws, row, spec, entry):
        col = FACT_COL
        if entry is None:
            return
        full = isinstance(entry, dict) and "value" in entry
        value = entry["value"] if full else entry
        extra = entry if full else {}
        if isinstance(value, dict) and set(value) == {"low", "high"}:
            put(ws, row, col["Low"], value["low"])
            put(ws, row, col["High"], value["high"])
        elif value is not None:
            put(ws, row, col["Value"], _cell_value(spec.type, value), wrap=spec.type == "text", strict=True)
        if "currency" in extra:
            put(ws, row, col["Currency"], extra["currency"], strict=True)
        if "sources" in extra:
            s = extra["sources"]
            put(ws, row, col["Sources"], "; ".join(s) if isinstance(s, list) else s, strict=True)
        if "confidence" in extra:
            put(ws, row, col["Confidence"], extra["confidence"], strict=True)
        if "as_of" in extra:
            put(ws, row, col["As of"], _iso_date(extra["as_of"]), strict=True)
        if "note" in extra:
            put(ws, row, col["Note"], extra["note"], wrap=True, strict=True)

    def _fact_validation(self, ws, row, spec):
        ref = f"G{row}"
        if spec.type == "enum" and spec.values:
            inline = ",".join(spec.values)
            if len(inline) < 250:
                list_validation(ws, ref, spec.values, spec.id)
            else:
                dv = DataValidation(type="list", formula1=self._list_range(spec.id, spec.values), allow_blank=True)
                dv.error = "Choose one of the allowed values."
                add_validation(ws, dv, ref)  # alerts and input messages on
        elif spec.type == "bool":
            list_validation(ws, ref, ("yes", "no"), spec.id)
        elif spec.type in ("percent", "integer"):
            kind = "whole" if spec.type == "integer" else "decimal"
            dv = DataValidation(type=kind, operator="between", formula1="0" if spec.type == "percent" else "-1E+15",
                                formula2="100" if spec.type == "percent" else "1E+15", allow_blank=True)  # fmt: skip
            dv.error = "A percentage from 0 to 100 (type 27 for 27%)." if spec.type == "percent" else "A whole number."
            add_validation(ws, dv, f"G{row}:I{row}")  # alerts and input messages on
        elif spec.type == "money":
            dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
            dv.error = "An amount in millions (0 or more); put the currency in the Currency column."
            add_validation(ws, dv, f"G{row}:I{row}")  # alerts and input messages on
        elif spec.type == "date":
            ws.cell(row=row, column=FACT_COL["Value"]).number_format = "yyyy-mm-dd"

    def _inputs(self, ws, first_row, last_row, last_col, first_col=1):
        for r in range(first_row, last_row + 1):
            for c in range(first_col, last_col + 1):
                ws.cell(row=r, column=c).fill = INPUT_FILL

    def _sources(self, ws):
        header_row(ws, SOURCE_HEADERS, (22, 50, 30, 11, 11, 40, 30))
        sources = self.data.get("sources") or {}
        row = 1
        for sid, s in sources.items():
            row += 1
            self.current = f"sources.{sid}"
            put(ws, row, 1, sid, strict=True)
            for c, k in enumerate(SOURCE_KEYS[1:], start=2):
                if k in s:
                    put(ws, row, c, _iso_date(s[k]) if k == "date" else s[k], wrap=c in (2, 6, 7), strict=True)
        last = max(row, 40)
        self._inputs(ws, 2, last, len(SOURCE_HEADERS))
        list_validation(ws, f"E2:E{last}", SOURCE_KINDS, "Kind")
        finish_table(ws, len(SOURCE_HEADERS), row)

    def _fx(self, ws):
        header_row(ws, FX_HEADERS, (8, 8, 12, 12, 22))
        rates = self.data.get("fx") or []
        for row, r in enumerate(rates, start=2):
            self.current = f"fx.{row - 2}"
            for c, k in enumerate(FX_KEYS, start=1):
                if k in r:
                    put(ws, row, c, _iso_date(r[k]) if k == "as_of" else r[k], strict=True)
        self._inputs(ws, 2, max(len(rates) + 1, 10), len(FX_HEADERS))
        finish_table(ws, len(FX_HEADERS), len(rates) + 1)

    def _conditions(self, ws):
        rows = self.data.get("conditions") or []
        widths = (26, 70, 30, 12, 24, 10, 30, 40)
        self._list_rows(ws, "conditions", CONDITION_HEADERS, CONDITION_KEYS, widths, (2, 8), rows)

    def _proceedings(self, ws):
        """The particulars of live proceedings (the deal file's `proceedings`), one a row."""
        widths = (30, 24, 34, 22, 12, 60, 50, 18, 12, 30)
        self._list_rows(
            ws, "proceedings", PROCEEDING_HEADERS, PROCEEDING_KEYS, widths, (6, 7), self.data["proceedings"]
        )

    def _list_rows(self, ws, prefix: str, headers, keys, widths, wrap, rows):
        """A list sheet (Conditions, Proceedings): one entry a row, lists joined by '; ', yes/no for booleans."""
        header_row(ws, headers, widths)
        for row, entry in enumerate(rows, start=2):
            self.current = f"{prefix}.{row - 2}"
            for col, k in enumerate(keys, start=1):
                value = entry.get(k)
                if isinstance(value, list):
                    value = "; ".join(value)
                elif isinstance(value, bool):
                    value = "yes" if value else "no"
                elif k.endswith("date") and value is not None:
                    value = _iso_date(value)
                if value is not None:
                    put(ws, row, col, value, wrap=col in wrap, strict=True)
        self._inputs(ws, 2, max(len(rows) + 1, 10), len(headers))
        finish_table(ws, len(headers), len(rows) + 1)

    def _prior(self, ws):
        header_row(ws, PRIOR_HEADERS, (30, 40, 30, 12, 70, 30, 14, 26))
        prior = dict(self.data["prior"])
        if not prior.get("base") and self.path not in ("", "<new>"):
            from pathlib import Path

            prior["base"] = str(Path(self.path).parent.resolve())  # where the relative path is read from
        reviews = prior.get("reviews") or [{}]
        for row, r in enumerate(reviews, start=2):
            self.current = f"prior.reviews.{row - 2}"
            values = {"facts": prior.get("facts"), "base": prior.get("base"), **r} if row == 2 else dict(r)
            _review_row(ws, row, PRIOR_KEYS, values)
        finish_table(ws, len(PRIOR_HEADERS), len(reviews) + 1)

    def _reviews(self, ws):
        """Reviews of the deal itself (the deal file's top-level `reviews`), one a row."""
        header_row(ws, REVIEW_HEADERS, (30, 12, 26, 14, 70, 30))
        for row, r in enumerate(self.data["reviews"], start=2):
            self.current = f"reviews.{row - 2}"
            _review_row(ws, row, REVIEW_KEYS, r)
        finish_table(ws, len(REVIEW_HEADERS), len(self.data["reviews"]) + 1)

    def _presumptions(self, ws):
        header_row(ws, PRESUMPTION_HEADERS, (30, 30, 12, 70, 40))
        rows = self.data["presumptions"] or {}
        for row, (fid, p) in enumerate(rows.items(), start=2):
            self.current = f"presumptions.{fid}"
            values = {"fact": fid, **p}
            for col, k in enumerate(PRESUMPTION_KEYS, start=1):
                value = values.get(k)
                if isinstance(value, list):
                    value = "; ".join(str(v) for v in value)
                if value is not None:
                    put(ws, row, col, value, wrap=col == 4, strict=True)
        self._inputs(ws, 2, max(len(rows) + 1, 10), len(PRESUMPTION_HEADERS))
        finish_table(ws, len(PRESUMPTION_HEADERS), len(rows) + 1)

    def _about(self, ws):
        header_row(ws, ("riskkit intake workbook",), (120,))
        lines = (
            "Fill in the yellow cells. Deal: the deal's details. Parties: one row per party. Facts: one row per fact "
            "in the catalogue — leave Value empty when you do not know it (unknown is never zero).",
            "A number known only as a range: leave Value empty and fill Low and High. Percentages are numbers from "
            "0 to 100 (27 means 27%). Money is in millions, with the ISO currency code in Currency.",
            f"Lists: separate items with ';'. An empty list (e.g. no vetoes at all) is written {NONE_MARK}.",
            "Sources: one row per source; refer to them by Id in the Facts sheet's Sources column (separate with ;). "
            "Confidence is confirmed, reported or estimated.",
            "FX: exchange rates used to compare amounts in different currencies (money is never converted silently).",
            "Then use this workbook wherever riskkit takes a facts file:  riskkit score facts.xlsx   "
            "riskkit workbook facts.xlsx -o review.xlsx   riskkit intake --from facts.xlsx -o deal.yaml",
            "Do not rename sheets or header cells, merge cells, or write outside the tables; riskkit checks.",
        )
        for row, text in enumerate(lines, start=2):
            put(ws, row, 1, text, wrap=True)
        print_setup(ws, None)


def _cell_value(ftype: str, value):
    if ftype == "bool":
        return "yes" if value is True else "no" if value is False else value
    if ftype == "date":
        return _iso_date(value)
    if ftype in ("enum_list", "number_list") and isinstance(value, list):
        return "; ".join(str(v) for v in value) if value else NONE_MARK
    return value


__all__ = ["write_intake"]


def _review_row(ws, row: int, keys, values: dict) -> None:
    """One review on a Prior or Reviews sheet row: sources joined, dates as ISO text, the fifth column wrapped."""
    for col, k in enumerate(keys, start=1):
        value = values.get(k)
        if k == "sources" and isinstance(value, list):
            value = "; ".join(value)
        if k == "date":
            value = _iso_date(value)
        if value is not None:
            put(ws, row, col, value, wrap=col == 5, strict=True)
