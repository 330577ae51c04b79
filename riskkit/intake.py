"""The intake workbook: the deal team fills in facts in Excel; riskkit reads them like a YAML facts file.

`write_intake(catalogue, deal=None)` makes the workbook (Deal, Parties, Facts, Sources, FX, About;
a hidden Lists sheet feeds the dropdowns). `read_intake(path, catalogue)` turns a filled-in
workbook back into the same plain data a YAML deal file gives, and riskkit.deal.deal_from_data
validates it — the checks are shared, not duplicated; errors are re-pointed at Sheet!Cell.

Also the guarded workbook opening used by riskkit.review (not a zip, not an xlsx, missing
sheets, renamed headers, merged cells, stray content, formulas without a cached value).
"""

from __future__ import annotations

import datetime as _dt
import re
import zipfile
from pathlib import Path

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .errors import InputError, did_you_mean
from .model import CONFIDENCES, NUMERIC_TYPES, PARTY_ROLES, SOURCE_KINDS, STAGES
from .workbook import (
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

NONE_MARK = "(none)"
BLANK_DATE = _dt.date(2000, 1, 1)
MAX_FILE = 50 * 1024 * 1024
MAX_UNZIPPED = 300 * 1024 * 1024
MAX_ROWS = 20000
DEAL_FIELDS = (
    ("id", "Deal id: lowercase letters, digits and '-'"),
    ("title", "Title"),
    ("as_of", "Date the facts describe (YYYY-MM-DD); parameters in force on it are used"),
    ("stage", "One of: " + ", ".join(STAGES)),
    ("hypothetical", "yes for an invented deal (the memo says so on every page)"),
    ("jurisdictions", "Jurisdiction codes separated by ';', e.g. US; EU; UK"),
    ("summary", "One paragraph in plain English"),
)
DEAL_HEADERS = ("Field", "Value", "Help")
PARTY_HEADERS = ("Name", "Role")
FACT_HEADERS = ("Group", "Fact id", "Question", "Type", "Unit", "Allowed values", "Value", "Low", "High",
                "Currency", "Sources", "Confidence", "As of", "Note")  # fmt: skip
FACT_COL = {h: i for i, h in enumerate(FACT_HEADERS, start=1)}
SOURCE_HEADERS = ("Id", "Title", "Publisher", "Date", "Kind", "URL", "Locator")
FX_HEADERS = ("From", "To", "Rate", "As of", "Source")
TYPE_TEXT = {"money": "money (millions)", "percent": "percent (0–100)", "bool": "yes / no",
             "enum_list": "list (separate with ;)", "number_list": "numbers (separate with ;)"}  # fmt: skip


# -- reading: guarded opening ---------------------------------------------------------------


def open_workbook(path: str):
    """(workbook, cached-values workbook or None) with every way a file can fail mapped to InputError."""
    from openpyxl import load_workbook

    p = Path(path)
    if not p.is_file():
        raise InputError("no such file" if not p.exists() else "is not a file", path=path)
    if p.stat().st_size > MAX_FILE:
        raise InputError(f"workbook is too large (limit {MAX_FILE // 2**20} MB)", path=path)
    if not zipfile.is_zipfile(p):
        raise InputError("not an Excel workbook: the file is not a zip archive (expected .xlsx)", path=path)
    try:
        with zipfile.ZipFile(p) as z:
            names = set(z.namelist())
            unzipped = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(f"not a readable zip archive ({exc})", path=path) from None
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        raise InputError("a zip archive but not an Excel workbook (no xl/workbook.xml)", path=path)
    if unzipped > MAX_UNZIPPED:
        raise InputError("workbook expands to more than 300 MB; refusing to open it", path=path)
    try:
        wb = load_workbook(p, data_only=False)
    except Exception as exc:  # noqa: BLE001 - a third-party parser on hostile input: report, never trace
        raise InputError(f"cannot read the workbook ({type(exc).__name__}: {_short(exc)})", path=path) from None
    return wb


def cached_values(path: str):
    """The same workbook with formulas replaced by the values Excel last calculated."""
    from openpyxl import load_workbook

    try:
        return load_workbook(path, data_only=True)
    except Exception as exc:  # noqa: BLE001
        raise InputError(f"cannot read the workbook ({type(exc).__name__}: {_short(exc)})", path=path) from None


def _short(exc) -> str:
    return " ".join(str(exc).split())[:160]


def sheet(wb, name: str, path: str):
    if name not in wb.sheetnames:
        close = did_you_mean(name, wb.sheetnames)
        hint = (
            close.replace("did you mean", "is it").replace("?", f" renamed? name it '{name}' again") if close else None
        )
        raise InputError(f"missing sheet '{name}' (found: {', '.join(wb.sheetnames)})", path=path, hint=hint)
    return wb[name]


def check_table(ws, headers, path: str, *, header: int = 1) -> int:
    """Check the header row, merged cells and stray content; return the last row holding data."""
    for rng in ws.merged_cells.ranges:
        raise InputError(
            f"merged cells are not allowed here; unmerge {rng.coord}", path=path, key=f"{ws.title}!{rng.coord}"
        )
    for col, want in enumerate(headers, start=1):
        got = ws.cell(row=header, column=col).value
        if (str(got).strip() if got is not None else "") != want:
            ref = f"{ws.title}!{get_column_letter(col)}{header}"
            raise InputError(
                f"expected header '{want}', got {_shown(got)}; headers must not be renamed or moved", path=path, key=ref
            )
    last = header
    stored = ws._cells  # only the cells the file holds: a far-away cell must not make us walk a million rows
    for key in sorted(stored):
        cell = stored[key]
        if cell.value is None or cell.value == "":
            continue
        where = f"{ws.title}!{cell.coordinate}"
        if cell.column > len(headers):
            end = get_column_letter(len(headers))
            raise InputError(f"unexpected content {_shown(cell.value)} outside the table (columns A–{end}); remove it",
                             path=path, key=where)  # fmt: skip
        if cell.row < header:
            raise InputError(f"unexpected content {_shown(cell.value)} above the header row", path=path, key=where)
        if cell.row > MAX_ROWS:
            raise InputError(f"the table is too long (more than {MAX_ROWS} rows)", path=path, key=where)
        last = max(last, cell.row)
    return last


def _shown(value) -> str:
    if value is None or value == "":
        return "an empty cell"
    text = str(value)
    return repr(text if len(text) <= 40 else text[:37] + "...")


class Cells:
    """Cell values of a workbook, with formulas resolved to their cached values (or an error)."""

    def __init__(self, wb, path: str):
        self.wb = wb
        self.path = path
        self._cached = None

    def value(self, ws, row: int, col: int):
        cell = ws.cell(row=row, column=col)
        v = cell.value
        if cell.data_type == "f" or (isinstance(v, str) and v.startswith("=") and cell.data_type == "f"):
            if self._cached is None:
                self._cached = cached_values(self.path)
            v = self._cached[ws.title].cell(row=row, column=col).value
            if v is None:
                raise InputError(
                    f"a formula ({_shown(cell.value)}) with no calculated value; open and save the workbook in "
                    "Excel, or type the value instead",
                    path=self.path,
                    key=f"{ws.title}!{cell.coordinate}",
                )
        elif not isinstance(v, (str, int, float, bool, _dt.date, type(None))):
            raise InputError(f"unsupported cell content ({type(v).__name__})", path=self.path,
                             key=f"{ws.title}!{cell.coordinate}")  # fmt: skip
        if isinstance(v, str) and v.strip() == "":
            return None
        return v

    def is_percent_format(self, ws, row: int, col: int) -> bool:
        return "%" in (ws.cell(row=row, column=col).number_format or "")


# -- reading the intake workbook ------------------------------------------------------------


def read_intake(path, catalogue) -> dict:
    """Plain deal data (like a parsed YAML deal file) from an intake workbook; deal_from_data checks it."""
    from .deal import deal_from_data

    path = str(path)
    wb = open_workbook(path)
    if "Deal" not in wb.sheetnames and "Findings" in wb.sheetnames:
        raise InputError(
            "this is a review workbook (from `riskkit workbook`), not an intake workbook; run `riskkit review` on "
            "it, or give the facts file it was made from",
            path=path,
        )
    reader = _IntakeReader(wb, path, catalogue)
    data = reader.read()
    try:
        deal_from_data(data, catalogue, path)  # validate here so errors can name the cell
    except InputError as exc:
        raise reader.relocate(exc) from None
    return data


class _IntakeReader:
    def __init__(self, wb, path, catalogue):
        self.wb, self.path, self.catalogue = wb, path, catalogue
        self.cells = Cells(wb, path)
        self.where: dict = {}  # key path -> "Sheet!A1"

    def ref(self, ws, row, col) -> str:
        return f"{ws.title}!{get_column_letter(col)}{row}"

    def read(self) -> dict:
        deal = self._deal()
        sources = self._sources()
        fx = self._fx()
        facts = self._facts()
        data = {"deal": deal}
        if fx:
            data["fx"] = fx
        if sources:
            data["sources"] = sources
        data["facts"] = facts
        return data

    def _deal(self) -> dict:
        ws = sheet(self.wb, "Deal", self.path)
        last = check_table(ws, DEAL_HEADERS, self.path)
        self.where["deal"] = f"{ws.title}!A1"
        fields = dict(DEAL_FIELDS)
        out, seen = {}, {}
        for row in range(2, last + 1):
            name = self.cells.value(ws, row, 1)
            value = self.cells.value(ws, row, 2)
            if name is None:
                if value is not None:
                    raise InputError("a value with no field name in column A", path=self.path, key=self.ref(ws, row, 2))
                continue
            name = str(name).strip()
            if name not in fields:
                raise InputError(f"unknown field '{name}'; fields: {', '.join(fields)}", path=self.path,
                                 key=self.ref(ws, row, 1), hint=did_you_mean(name, fields))  # fmt: skip
            if name in seen:
                raise InputError(f"field '{name}' is listed twice (first in row {seen[name]})", path=self.path,
                                 key=self.ref(ws, row, 1))  # fmt: skip
            seen[name] = row
            self.where[f"deal.{name}"] = self.ref(ws, row, 2)
            if value is None:
                continue
            if name == "as_of":
                value = _date(value)
            elif name == "hypothetical":
                value = _bool(value)
            elif name == "jurisdictions":
                value = _split(value)
            out[name] = value
        parties = self._parties()
        if parties is not None:
            out["parties"] = parties
        return out

    def _parties(self):
        if "Parties" not in self.wb.sheetnames:
            return None
        ws = self.wb["Parties"]
        last = check_table(ws, PARTY_HEADERS, self.path)
        self.where["deal.parties"] = f"{ws.title}!A2"
        out = []
        for row in range(2, last + 1):
            name, role = self.cells.value(ws, row, 1), self.cells.value(ws, row, 2)
            if name is None and role is None:
                continue
            key = f"deal.parties.{len(out)}"
            self.where[key] = self.ref(ws, row, 1)
            self.where[key + ".name"] = self.ref(ws, row, 1)
            self.where[key + ".role"] = self.ref(ws, row, 2)
            out.append({"name": name, "role": role.strip() if isinstance(role, str) else role})
        return out

    def _sources(self) -> dict:
        ws = sheet(self.wb, "Sources", self.path)
        last = check_table(ws, SOURCE_HEADERS, self.path)
        keys = ("id", "title", "publisher", "date", "kind", "url", "locator")
        out = {}
        for row in range(2, last + 1):
            values = [self.cells.value(ws, row, c) for c in range(1, len(keys) + 1)]
            if all(v is None for v in values):
                continue
            sid = values[0]
            if sid is None:
                raise InputError("a source row with no id in column A", path=self.path, key=self.ref(ws, row, 1))
            sid = str(sid).strip()
            if sid in out:
                raise InputError(f"source '{sid}' is listed twice", path=self.path, key=self.ref(ws, row, 1))
            entry = {}
            self.where[f"sources.{sid}"] = self.ref(ws, row, 1)
            for col, (key, value) in enumerate(zip(keys, values, strict=True), start=1):
                self.where[f"sources.{sid}.{key}"] = self.ref(ws, row, col)
                if key == "id" or value is None:
                    continue
                entry[key] = _date(value) if key == "date" else value
            out[sid] = entry
        return out

    def _fx(self) -> list:
        if "FX" not in self.wb.sheetnames:
            return []
        ws = self.wb["FX"]
        last = check_table(ws, FX_HEADERS, self.path)
        keys = ("from", "to", "rate", "as_of", "source")
        out = []
        for row in range(2, last + 1):
            values = [self.cells.value(ws, row, c) for c in range(1, len(keys) + 1)]
            if all(v is None for v in values):
                continue
            key = f"fx.{len(out)}"
            self.where[key] = self.ref(ws, row, 1)
            entry = {}
            for col, (k, value) in enumerate(zip(keys, values, strict=True), start=1):
                self.where[f"{key}.{k}"] = self.ref(ws, row, col)
                if value is not None:
                    entry[k] = _date(value) if k == "as_of" else _number(value) if k == "rate" else value
            out.append(entry)
        return out

    def _facts(self) -> dict:
        ws = sheet(self.wb, "Facts", self.path)
        last = check_table(ws, FACT_HEADERS, self.path)
        self.where["facts"] = f"{ws.title}!A1"
        specs = self.catalogue.facts
        out, seen = {}, {}
        col = FACT_COL
        for row in range(2, last + 1):
            fid = self.cells.value(ws, row, col["Fact id"])
            given = {h: self.cells.value(ws, row, col[h]) for h in FACT_HEADERS[6:]}
            if fid is None:
                if any(v is not None for v in given.values()):
                    raise InputError("a fact row with no fact id in column B", path=self.path,
                                     key=self.ref(ws, row, col["Fact id"]))  # fmt: skip
                continue
            fid = str(fid).strip()
            ref = self.ref(ws, row, col["Fact id"])
            if fid not in specs:
                raise InputError(f"unknown fact '{fid}'; see `riskkit facts` for the catalogue", path=self.path,
                                 key=ref, hint=did_you_mean(fid, specs))  # fmt: skip
            if fid in seen:
                raise InputError(f"fact '{fid}' is listed twice (first in row {seen[fid]})", path=self.path, key=ref)
            seen[fid] = row
            if specs[fid].derived_op:
                if any(v is not None for v in given.values()):
                    raise InputError(f"'{fid}' is derived; give the facts it is computed from instead",
                                     path=self.path, key=ref)  # fmt: skip
                continue
            entry = self._fact(ws, row, fid, specs[fid], given)
            if entry is not _ABSENT:
                out[fid] = entry
        return out

    def _fact(self, ws, row, fid, spec, given):
        col = FACT_COL
        key = f"facts.{fid}"
        value_ref = self.ref(ws, row, col["Value"])
        self.where[key] = value_ref
        for h, k in (("Currency", "currency"), ("Sources", "sources"), ("Confidence", "confidence"),
                     ("As of", "as_of"), ("Note", "note")):  # fmt: skip
            self.where[f"{key}.{k}"] = self.ref(ws, row, col[h])
        self.where[f"{key}.value"] = value_ref
        low, high = given["Low"], given["High"]
        if low is not None or high is not None:
            where = self.ref(ws, row, col["Low"] if low is not None else col["High"])
            if given["Value"] is not None:
                raise InputError("give either Value or Low and High, not both", path=self.path, key=where)
            if low is None or high is None:
                raise InputError("a range needs both Low and High", path=self.path, key=where)
            value = {"low": _number(low), "high": _number(high)}
            for end, h in (("low", "Low"), ("high", "High")):
                self.where[f"{key}.{end}"] = self.where[f"{key}.value.{end}"] = self.ref(ws, row, col[h])
        elif given["Value"] is not None:
            percent = self.cells.is_percent_format(ws, row, col["Value"])
            value = _typed(spec.type, given["Value"], percent)
        else:
            value = None
        extra = {}
        if given["Currency"] is not None:
            extra["currency"] = str(given["Currency"]).strip()
        if given["Sources"] is not None:
            extra["sources"] = _split(given["Sources"])
        if given["Confidence"] is not None:
            extra["confidence"] = str(given["Confidence"]).strip()
        if given["As of"] is not None:
            extra["as_of"] = _date(given["As of"])
        if given["Note"] is not None:
            extra["note"] = given["Note"] if isinstance(given["Note"], str) else str(given["Note"])
        if value is None and not extra:
            return _ABSENT
        if not extra and spec.type != "money":
            return value  # the bare form, as a YAML file would most often write it
        return {"value": value, **extra}

    def relocate(self, exc: InputError) -> InputError:
        """The same error, pointed at the workbook cell its key path came from."""
        key = exc.key or ""
        m = re.match(r"missing required key '([^']+)'", exc.message)
        candidates = [f"{key}.{m.group(1)}"] if m and key else []
        parts = key.split(".") if key else []
        candidates += [".".join(parts[:n]) for n in range(len(parts), 0, -1)]
        for cand in candidates:
            if cand in self.where:
                return InputError(f"{key}: {exc.message}" if key else exc.message, path=self.path,
                                  key=self.where[cand], hint=exc.hint)  # fmt: skip
        return InputError(exc.message, path=self.path, key=key or None, hint=exc.hint)


_ABSENT = object()


def _split(value) -> list:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return [value]
    text = str(value).strip()
    if text == NONE_MARK or text == "":
        return []
    sep = ";" if ";" in text else ","
    return [part.strip() for part in text.split(sep) if part.strip()]


def _number(value):
    if isinstance(value, str):
        text = value.strip().replace("\u00a0", "").replace(" ", "")
        if re.fullmatch(r"[+-]?\d+", text):
            return int(text)
        try:
            return float(text)
        except ValueError:
            return value  # left for deal_from_data to reject with its usual message
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return value
    return value


def _date(value):
    """An ISO date string (as the YAML loader gives dates) from a date cell, an Excel serial or text."""
    if isinstance(value, (_dt.datetime, _dt.date)):
        return (value.date() if isinstance(value, _dt.datetime) else value).isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        from openpyxl.utils.datetime import from_excel

        try:
            return from_excel(value).date().isoformat()
        except (ValueError, OverflowError, TypeError, AttributeError):
            return value
    return value


def _bool(value):
    if isinstance(value, str):
        word = value.strip().lower()
        if word in ("yes", "true", "y"):
            return True
        if word in ("no", "false", "n"):
            return False
    return value


def _typed(ftype: str, value, percent_format: bool = False):
    if ftype in NUMERIC_TYPES:
        n = _number(value)
        if percent_format and ftype == "percent" and isinstance(n, (int, float)) and not isinstance(n, bool):
            n = round(n * 100, 10)
            n = int(n) if float(n).is_integer() else n
        return n
    if ftype == "bool":
        return _bool(value)
    if ftype == "date":
        return _date(value)
    if ftype == "enum":
        return value.strip() if isinstance(value, str) else value
    if ftype == "enum_list":
        return _split(value)
    if ftype == "number_list":
        return [_number(v) for v in _split(value)]
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    return value if isinstance(value, str) else str(value)


# -- writing the intake workbook ------------------------------------------------------------


def write_intake(catalogue, deal=None) -> bytes:
    """The intake workbook's bytes: blank, or filled in from a loaded Deal (lossless round trip)."""
    from openpyxl import Workbook

    from .errors import InputError as _InputError

    data = (deal.canonical or deal_to_data(deal)) if deal is not None else {"deal": {}, "facts": {}}
    wb = Workbook()
    writer = _IntakeWriter(wb, catalogue, data, getattr(deal, "path", "") or "<new>")
    try:
        writer.write()
    except ValueError as exc:
        raise _InputError(f"{writer.current}: {exc}", path=writer.path) from None
    when = deal.as_of if deal is not None else BLANK_DATE
    return save_deterministic(wb, when)


def deal_to_data(deal) -> dict:
    """Plain deal data from a Deal (for deals built in code rather than loaded from a file)."""
    from .display import plain

    facts = {}
    for f in deal.facts.values():
        entry = {"value": plain(f.value)}
        if f.currency:
            entry["currency"] = f.currency
        if f.sources:
            entry["sources"] = list(f.sources)
        if f.confidence != "unsourced":
            entry["confidence"] = f.confidence
        if f.as_of:
            entry["as_of"] = f.as_of.isoformat()
        if f.note:
            entry["note"] = f.note
        facts[f.id] = entry
    return {
        "deal": {
            "id": deal.id,
            "title": deal.title,
            "as_of": deal.as_of.isoformat(),
            "stage": deal.stage,
            "hypothetical": deal.hypothetical,
            "parties": [{"name": p.name, "role": p.role} for p in deal.parties],
            "jurisdictions": list(deal.jurisdictions),
            "summary": deal.summary,
        },  # fmt: skip
        "fx": [
            {
                "from": r.base,
                "to": r.quote,
                "rate": r.rate,
                **({"as_of": r.as_of.isoformat()} if r.as_of else {}),
                **({"source": r.source} if r.source else {}),
            }
            for r in deal.fx
        ],  # fmt: skip
        "sources": {s.id: {k: v for k, v in s.to_dict().items() if v and k != "id"} for s in deal.sources.values()},
        "facts": facts,
    }


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
        for row, (name, help_text) in enumerate(DEAL_FIELDS, start=2):
            self.current = f"deal.{name}"
            put(ws, row, 1, name).font = BOLD
            value = meta.get(name)
            if name == "as_of":
                value = _iso_date(value)
            elif name == "hypothetical" and value is not None:
                value = "yes" if value is True else "no" if value is False else value
            elif name == "jurisdictions" and isinstance(value, list):
                value = "; ".join(str(v) for v in value) if value else NONE_MARK
            cell = put(ws, row, 2, value, strict=True)
            cell.fill = INPUT_FILL
            cell.alignment = LEFT_WRAP
            put(ws, row, 3, help_text, wrap=True)
        list_validation(ws, "B5", STAGES, "Stage")
        list_validation(ws, "B6", ("yes", "no"), "Hypothetical")
        finish_table(ws, 3, len(DEAL_FIELDS) + 1)
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
        ws.add_data_validation(dv)
        dv.add(f"M2:M{last}")
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
                ws.add_data_validation(dv)
                dv.add(ref)
        elif spec.type == "bool":
            list_validation(ws, ref, ("yes", "no"), spec.id)
        elif spec.type in ("percent", "integer"):
            kind = "whole" if spec.type == "integer" else "decimal"
            dv = DataValidation(type=kind, operator="between", formula1="0" if spec.type == "percent" else "-1E+15",
                                formula2="100" if spec.type == "percent" else "1E+15", allow_blank=True)  # fmt: skip
            dv.error = "A percentage from 0 to 100 (type 27 for 27%)." if spec.type == "percent" else "A whole number."
            ws.add_data_validation(dv)
            dv.add(f"G{row}:I{row}")
        elif spec.type == "money":
            dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
            dv.error = "An amount in millions (0 or more); put the currency in the Currency column."
            ws.add_data_validation(dv)
            dv.add(f"G{row}:I{row}")
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
            for c, key in enumerate(SOURCE_HEADERS[1:], start=2):
                k = key.lower()
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
            for c, k in enumerate(("from", "to", "rate", "as_of", "source"), start=1):
                if k in r:
                    put(ws, row, c, _iso_date(r[k]) if k == "as_of" else r[k], strict=True)
        self._inputs(ws, 2, max(len(rates) + 1, 10), len(FX_HEADERS))
        finish_table(ws, len(FX_HEADERS), len(rates) + 1)

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


__all__ = ["read_intake", "write_intake", "deal_to_data", "open_workbook", "check_table", "sheet", "Cells"]
