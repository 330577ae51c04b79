"""Vectorised scoring: every deal of a portfolio against every rubric, one pass per criterion.

The per-deal scorer (riskkit.engine.scoring) walks one deal at a time; this package encodes many
deals as pandas columns and evaluates each condition over whole columns at once. The
results are the same, comparison for comparison:

- three-valued logic is two boolean masks per condition, ``t`` (certainly true) and ``f``
  (certainly false); unknown is neither;
- numeric facts are two float columns ``fact:lo`` / ``fact:hi`` (NaN when unknown), so a
  range fact is compared with the same interval rules as riskkit.engine.conditions;
- parameters are taken per deal, the value in force on that deal's ``as_of``;
- money is converted only through the deal's own fx table (``fx:USD>EUR`` columns);
- derived facts are computed column-wise with the rules of riskkit.engine.derive.

Comparisons with no column-wise form (text, number lists, deal.jurisdictions) fall back to
riskkit.engine.conditions.compare row by row, so they cannot drift from the per-deal scorer.

The modules, in the order a frame passes through them:

- ``encode``: deals → one row per deal, facts as typed columns (``encode_deals``, ``vary``);
- ``derive``: the derived-fact columns (``add_derived``);
- ``columns``: typed numpy views of a frame, shared by ``derive`` and ``conditions``;
- ``conditions``: conditions over columns as (t, f) masks;
- ``likely``: the most-likely facts (presumptions, range midpoints) and points, as riskkit.engine.likely;
- ``scoring``: statuses, points, scores and bands — best, most-likely, worst (``score_frame``, ``heat_map``);
- ``synthetic``: reproducible random deals for the tests and the benchmark.

pandas and numpy are imported by this package and the portfolio/what-if/uncertainty modules
only, never on the `riskkit score` path.
"""

from riskkit.engine.vector.columns import Columns
from riskkit.engine.vector.derive import add_derived
from riskkit.engine.vector.encode import encode_deals, encode_values, vary
from riskkit.engine.vector.scoring import (
    APPLICABILITY,
    BAND_DTYPE,
    NA,
    NT,
    STATUS_NAMES,
    TR,
    UN,
    heat_map,
    score_frame,
    score_rubric_columns,
)
from riskkit.engine.vector.synthetic import rubric_facts, synthetic_deals, synthetic_frame

__all__ = [
    "APPLICABILITY",
    "BAND_DTYPE",
    "Columns",
    "NA",
    "NT",
    "STATUS_NAMES",
    "TR",
    "UN",
    "add_derived",
    "encode_deals",
    "encode_values",
    "heat_map",
    "rubric_facts",
    "score_frame",
    "score_rubric_columns",
    "synthetic_deals",
    "synthetic_frame",
    "vary",
]
