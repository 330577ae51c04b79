"""Guarded opening of a workbook riskkit reads back (intake and review alike).

A filled-in workbook is outside input: every way it can be wrong (not a zip, not an xlsx, too
large, a missing or renamed sheet, renamed headers, merged cells, stray content, a formula
without a cached value) becomes an InputError naming the file and the Sheet!Cell, never a trace.
"""

from __future__ import annotations

import datetime as _dt
import re
import zipfile
from pathlib import Path

from riskkit.errors import InputError, did_you_mean
from riskkit.textsafe import refusal, unsafe_char

MAX_FILE = 50 * 1024 * 1024
MAX_UNZIPPED = 300 * 1024 * 1024
MAX_ROWS = 20000
MAX_CELLS = 1_000_000


def open_workbook(path: str):
    """The workbook (formulas as written), with every way a file can fail mapped to InputError."""
    from openpyxl import load_workbook

    p = preflight(path)
    try:
        wb = load_workbook(p, data_only=False)
    except Exception as exc:  # noqa: BLE001 - a third-party parser on hostile input: report, never trace
        raise InputError(f"cannot read the workbook ({type(exc).__name__}: {_short(exc)})", path=path) from None
    return wb


def preflight(path: str) -> Path:
    """Every check that needs no openpyxl: a file, a zip, an xlsx, within size, no sheet too long.

    Cheap (no sheet is loaded), so callers may run it before anything else (riskkit score does,
    before loading the rubrics): a million-row sheet is refused in a fraction of a second.
    """
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
    check_sheet_sizes(p, path)
    return p


_DIMENSION = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?dimension\s+ref=[\"']([A-Z]{1,3})?(\d+)(?::[A-Z]{1,3}(\d+))?")
_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")
_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s>/]")
_CHUNK = 1 << 20
_TAIL = 64


def check_sheet_sizes(p: Path, path: str) -> None:
    """Refuse a sheet with more than MAX_ROWS rows or MAX_CELLS cells before openpyxl loads it.

    Reads each worksheet's XML as a stream: the declared dimension (<dimension ref=...>) first,
    then the row and cell elements counted chunk by chunk, stopping at the limit. A million-row sheet is refused after
    reading only its first MAX_ROWS rows (openpyxl would build every cell first: seconds and
    hundreds of MB).
    """
    try:
        with zipfile.ZipFile(p) as z:
            sheets = [
                i for i in z.infolist() if i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml")
            ]
            for info in sheets:
                with z.open(info) as fh:
                    _check_sheet_stream(fh, info.filename, path)
    except InputError:
        raise
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise InputError(f"not a readable zip archive ({type(exc).__name__})", path=path) from None


def _check_sheet_stream(fh, name: str, path: str) -> None:
    where = name.removeprefix("xl/worksheets/")
    head = fh.read(4096)
    m = _DIMENSION.search(head)
    if m is not None and int(m.group(3) or m.group(2)) > MAX_ROWS:
        # Only declared: a single far-away cell is cheap to load, and check_table names it.
        where += f" (dimension to row {int(m.group(3) or m.group(2)):,})"
    rows = cells = 0
    buf = head
    while True:
        chunk = fh.read(_CHUNK)
        data = buf + chunk
        end = len(data) if not chunk else max(0, len(data) - _TAIL)
        rows += sum(1 for r in _ROW.finditer(data) if r.start() < end)  # a tag across the cut is counted next
        cells += sum(1 for c in _CELL.finditer(data) if c.start() < end)
        if rows > MAX_ROWS:
            raise InputError(f"sheet {where} has more than {MAX_ROWS:,} rows; refusing to open it", path=path)
        if cells > MAX_CELLS:
            raise InputError(f"sheet {where} has more than {MAX_CELLS:,} cells; refusing to open it", path=path)
        if not chunk:
            return
        buf = data[end:]


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


def refuse_merged_cells(ws, path: str) -> None:
    """Merged cells hide which cell a value belongs to: refuse them, naming the range."""
    for rng in ws.merged_cells.ranges:
        raise InputError(
            f"merged cells are not allowed here; unmerge {rng.coord}", path=path, key=f"{ws.title}!{rng.coord}"
        )


def get_column_letter(n: int) -> str:
    """'A', 'Z', 'AA' for columns 1, 26, 27 (openpyxl's, without importing openpyxl for preflight)."""
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def check_table(ws, headers, path: str, *, header: int = 1) -> int:
    """Check the header row, merged cells and stray content; return the last row holding data."""
    refuse_merged_cells(ws, path)
    for col, want in enumerate(headers, start=1):
        got = ws.cell(row=header, column=col).value
        if (str(got).strip() if got is not None else "") != want:
            ref = f"{ws.title}!{get_column_letter(col)}{header}"
            # A near miss is shown; anything else may be a workbook that is not ours: never quote it.
            shown = _shown(got) if got is None or did_you_mean(str(got), [want]) else "something else"
            raise InputError(
                f"expected header '{want}', got {shown}; headers must not be renamed or moved", path=path, key=ref
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
        if cell.data_type == "f":
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
        if isinstance(v, str):
            found = unsafe_char(v)
            if found:
                raise InputError(refusal(found), path=self.path, key=f"{ws.title}!{cell.coordinate}")
        return v

    def is_percent_format(self, ws, row: int, col: int) -> bool:
        return "%" in (ws.cell(row=row, column=col).number_format or "")


__all__ = ["open_workbook", "preflight", "cached_values", "sheet", "check_table", "Cells"]
