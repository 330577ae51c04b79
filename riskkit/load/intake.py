"""Reading a filled-in intake workbook back into the plain data a YAML deal file gives.

riskkit.load.deal.deal_from_data then validates it — the checks are shared, not duplicated — and
its errors are re-pointed at the Sheet!Cell the offending key came from.
"""

from __future__ import annotations

from openpyxl.utils import get_column_letter

from riskkit.errors import InputError, did_you_mean
from riskkit.load.cellvalues import cell_bool, cell_date, cell_list, cell_number, typed_cell
from riskkit.load.intake_layout import (
    CONDITION_HEADERS,
    CONDITION_KEYS,
    DEAL_HEADERS,
    DEAL_ROWS,
    FACT_COL,
    FACT_HEADERS,
    FX_HEADERS,
    FX_KEYS,
    PARTY_HEADERS,
    PRESUMPTION_HEADERS,
    PRESUMPTION_KEYS,
    PRIOR_HEADERS,
    PRIOR_KEYS,
    PRIOR_OLD,
    PROCEEDING_HEADERS,
    PROCEEDING_KEYS,
    REVIEW_HEADERS,
    REVIEW_KEYS,
    SOURCE_HEADERS,
    SOURCE_KEYS,
)
from riskkit.load.xlsxread import Cells, check_table, open_workbook, sheet


def read_intake(path, catalogue):
    """The Deal in an intake workbook, checked by deal_from_data with errors pointing at cells."""
    from riskkit.load.deal import deal_from_data

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
        return deal_from_data(data, catalogue, path, search=reader.prior_base)
    except InputError as exc:
        raise reader.relocate(exc) from None  # name the cell, not the key path


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
        conditions = self._conditions()
        if conditions:
            data["conditions"] = conditions
        proceedings = self._list_sheet(
            "Proceedings", PROCEEDING_HEADERS, PROCEEDING_KEYS, "proceedings", _proceeding_cell
        )
        if proceedings:
            data["proceedings"] = proceedings
        presumptions = self._presumptions()
        if presumptions:
            data["presumptions"] = presumptions
        prior = self._prior()
        if prior:
            data["prior"] = prior
        reviews = self._list_sheet(
            "Reviews", REVIEW_HEADERS, REVIEW_KEYS, "reviews", lambda k, v: cell_list(v) if k == "sources" else v
        )
        for r in reviews:
            if "date" in r:
                r["date"] = cell_date(r["date"])
        if reviews:
            data["reviews"] = reviews
        return data

    prior_base: tuple = ()

    def _prior(self) -> dict:
        """The Prior sheet: the prior facts file (and the folder it is relative to) and its reviews."""
        width = len(PRIOR_KEYS)
        if "Prior" in self.wb.sheetnames and self.wb["Prior"].cell(1, PRIOR_OLD + 1).value is None:
            width = PRIOR_OLD  # a workbook from before the Scope and Decision columns
        rows = self._list_sheet(
            "Prior",
            PRIOR_HEADERS[:width],
            PRIOR_KEYS[:width],
            "prior",
            lambda k, v: cell_list(v) if k == "sources" else v,
        )
        if not rows:
            return {}
        out = {"facts": rows[0].get("facts")}
        self.prior_base = tuple(str(r["base"]) for r in rows[:1] if r.get("base"))
        reviews = [{k: v for k, v in r.items() if k not in ("facts", "base")} for r in rows]
        reviews = [r for r in reviews if r]
        for r in reviews:
            if "date" in r:
                r["date"] = cell_date(r["date"])
        if reviews:
            out["reviews"] = reviews
        return out

    def _presumptions(self) -> dict:
        rows = self._list_sheet("Presumptions", PRESUMPTION_HEADERS, PRESUMPTION_KEYS, "presumptions", lambda k, v: v)
        out = {}
        for r in rows:
            fid = str(r.pop("fact", ""))
            spec = self.catalogue.facts.get(fid)
            if spec is not None and "value" in r:
                v = r["value"]
                if spec.type == "enum_list":
                    r["value"] = cell_list(v)
                elif spec.type == "bool":
                    r["value"] = cell_bool(v)
                elif spec.type in ("integer", "number", "percent"):
                    r["value"] = cell_number(v)
            if "probability" in r:
                r["probability"] = cell_number(r["probability"])
            out[fid] = r
        return out

    def _conditions(self) -> list:
        return self._list_sheet(
            "Conditions",
            CONDITION_HEADERS,
            CONDITION_KEYS,
            "conditions",
            lambda k, v: cell_list(v) if k == "sources" else v,
        )

    def _list_sheet(self, name: str, headers, keys, prefix: str, convert) -> list:
        """The rows of an optional list sheet (FX, Conditions) as dicts keyed by `keys`, blank rows skipped."""
        if name not in self.wb.sheetnames:
            return []
        ws = self.wb[name]
        last = check_table(ws, headers, self.path)
        out = []
        for row in range(2, last + 1):
            values = [self.cells.value(ws, row, c) for c in range(1, len(keys) + 1)]
            if all(v is None for v in values):
                continue
            key = f"{prefix}.{len(out)}"
            self.where[key] = self.ref(ws, row, 1)
            entry = {}
            for col, (k, value) in enumerate(zip(keys, values, strict=True), start=1):
                self.where[f"{key}.{k}"] = self.ref(ws, row, col)
                if value is not None:
                    entry[k] = convert(k, value)
            out.append(entry)
        return out

    def _deal(self) -> dict:
        ws = sheet(self.wb, "Deal", self.path)
        last = check_table(ws, DEAL_HEADERS, self.path)
        self.where["deal"] = f"{ws.title}!A1"
        fields = dict(DEAL_ROWS)
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
            if name in ("as_of", "closed_on"):
                value = cell_date(value)
            elif name == "hypothetical":
                value = cell_bool(value)
            elif name in ("jurisdictions", "structures"):
                value = cell_list(value)
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
        keys = SOURCE_KEYS
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
                entry[key] = cell_date(value) if key == "date" else value
            out[sid] = entry
        return out

    def _fx(self) -> list:
        return self._list_sheet(
            "FX",
            FX_HEADERS,
            FX_KEYS,
            "fx",
            lambda k, v: cell_date(v) if k == "as_of" else cell_number(v) if k == "rate" else v,
        )

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
            value = {"low": cell_number(low), "high": cell_number(high)}
            for end, h in (("low", "Low"), ("high", "High")):
                self.where[f"{key}.{end}"] = self.where[f"{key}.value.{end}"] = self.ref(ws, row, col[h])
        elif given["Value"] is not None:
            percent = self.cells.is_percent_format(ws, row, col["Value"])
            value = typed_cell(spec.type, given["Value"], percent)
        else:
            value = None
        extra = {}
        if given["Currency"] is not None:
            extra["currency"] = str(given["Currency"]).strip()
        if given["Sources"] is not None:
            extra["sources"] = cell_list(given["Sources"])
        if given["Confidence"] is not None:
            extra["confidence"] = str(given["Confidence"]).strip()
        if given["As of"] is not None:
            extra["as_of"] = cell_date(given["As of"])
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
        missing = getattr(exc, "missing_key", None)
        candidates = [f"{key}.{missing}"] if missing and key else []
        parts = key.split(".") if key else []
        candidates += [".".join(parts[:n]) for n in range(len(parts), 0, -1)]
        for cand in candidates:
            if cand in self.where:
                return InputError(f"{key}: {exc.message}" if key else exc.message, path=self.path,
                                  key=self.where[cand], hint=exc.hint)  # fmt: skip
        return InputError(exc.message, path=self.path, key=key or None, hint=exc.hint)


_ABSENT = object()


__all__ = ["read_intake"]


def _proceeding_cell(key: str, value):
    """A Proceedings-sheet cell as the deal file holds it."""
    if key == "sources":
        return cell_list(value)
    if key == "investor_defendant":
        return cell_bool(value)
    return cell_date(value) if key == "next_date" else value
