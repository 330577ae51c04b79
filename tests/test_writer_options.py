"""Writers read their typed option records (riskkit.render.options) directly; a dict of the same
keys is still accepted and gives the same bytes."""

import io
import json

from openpyxl import load_workbook

from riskkit.engine.scoring import score
from riskkit.render import render
from riskkit.render.memo import memo_kwargs
from riskkit.render.options import JsonOptions, MarkdownOptions, MemoOptions, WorkbookOptions

from .conftest import MINI, MINI_DEAL, ROOT


def test_no_writer_turns_its_options_back_into_a_dict():
    render_dir = ROOT / "riskkit" / "render"
    for path in render_dir.rglob("*.py"):
        if path.name == "options.py":  # where a caller's dict becomes a record
            continue
        text = path.read_text(encoding="utf-8")
        for converted in ("option_dict", "options.get(", "options[", "asdict(", "dict(options"):
            assert converted not in text, f"{path.relative_to(ROOT)}: {converted}"
    assert "def to_dict" not in (render_dir / "options.py").read_text(encoding="utf-8")


def test_markdown_takes_the_author_role_from_its_record(mini_deal, mini_set):
    a = score(mini_deal, mini_set)
    business = render(a, "markdown", MarkdownOptions(role="business")).decode()
    assert business == render(a, "markdown", {"role": "business"}).decode()
    assert business != render(a, "markdown").decode()
    assert render(a, "markdown").decode() == render(a, "markdown", MarkdownOptions()).decode()


def test_json_reads_extra_blocks_and_role_from_its_record(mini_deal, mini_set):
    a = score(mini_deal, mini_set)
    data = json.loads(render(a, "json", JsonOptions(extra={"review": {"by": "x"}}, role="business")))
    assert data["review"] == {"by": "x"} and data["legend"]["role"] == "business"
    assert render(a, "json", {"extra": {"review": {"by": "x"}}, "role": "business"}) == render(
        a, "json", JsonOptions(extra={"review": {"by": "x"}}, role="business")
    )


def test_memo_options_from_a_record_or_a_dict_alike():
    record = MemoOptions(to="GC", from_="A. Associate", date="2026-01-02", part="both")
    assert memo_kwargs(record) == memo_kwargs({"to": "GC", "from": "A. Associate", "date": "2026-01-02",
                                               "part": "both", "unknown": 1})  # fmt: skip
    kwargs = memo_kwargs(None)
    assert kwargs["privilege_banner"] is True and kwargs["part"] == "main" and kwargs["from_"] is None


def test_workbook_records_where_facts_and_rubrics_came_from_through_its_record(mini_deal, mini_set):
    a = score(mini_deal, mini_set)
    options = WorkbookOptions(facts_path="deals/acme.yaml", rubrics_dir="firm-rubrics", role="business")
    data = render(a, "xlsx", options)
    assert data == render(a, "xlsx", {"facts_path": "deals/acme.yaml", "rubrics_dir": "firm-rubrics",
                                      "role": "business"})  # fmt: skip
    about = {r[0]: r[1] for r in load_workbook(io.BytesIO(data))["About"].iter_rows(values_only=True)}
    assert "deals/acme.yaml" in about.values() and "firm-rubrics" in about.values()
    assert str(MINI_DEAL) not in about.values() and str(MINI) not in about.values()
