"""A workbook cell's value in the form a YAML deal file gives it: lists from "a; b", numbers from
text, ISO dates from date cells or Excel serials, yes/no as booleans, and a fact's value by its type.

What cannot be converted is passed through unchanged, for riskkit.load.deal to reject with its
usual message. The intake reader and the review workbook's Gaps answers share these rules.
"""

from __future__ import annotations

import datetime as _dt
import re

from riskkit.load.intake_layout import NONE_MARK
from riskkit.model.inputs import NUMERIC_TYPES


def cell_list(value) -> list:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return [value]
    text = str(value).strip()
    if text == NONE_MARK or text == "":
        return []
    sep = ";" if ";" in text else ","
    return [part.strip() for part in text.split(sep) if part.strip()]


def cell_number(value):
    if isinstance(value, str):
        text = value.strip().replace("\u00a0", "").replace(" ", "")
        if re.fullmatch(r"[+-]?\d+", text):
            return int(text)
        try:
            return float(text)
        except ValueError:
            return value  # left for deal_from_data to reject with its usual message
    return value


def cell_date(value):
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


def cell_bool(value):
    if isinstance(value, str):
        word = value.strip().lower()
        if word in ("yes", "true", "y"):
            return True
        if word in ("no", "false", "n"):
            return False
    return value


def typed_cell(ftype: str, value, percent_format: bool = False):
    """A cell value in the form a YAML deal file would give for a fact of this type."""
    if ftype in NUMERIC_TYPES:
        n = cell_number(value)
        if percent_format and ftype == "percent" and isinstance(n, (int, float)) and not isinstance(n, bool):
            n = round(n * 100, 10)
            n = int(n) if float(n).is_integer() else n
        return n
    if ftype == "bool":
        return cell_bool(value)
    if ftype == "date":
        return cell_date(value)
    if ftype == "enum":
        return value.strip() if isinstance(value, str) else value
    if ftype == "enum_list":
        return cell_list(value)
    if ftype == "number_list":
        return [cell_number(v) for v in cell_list(value)]
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    return value if isinstance(value, str) else str(value)
