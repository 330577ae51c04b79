"""The result model is split along findings vs assessment results, with one set of records."""

import riskkit.model.findings as findings
import riskkit.model.results as results

from .conftest import ROOT


def test_findings_are_their_own_module_and_results_re_exports_them():
    for name in ("Finding", "FactUse", "PresumptionUse", "Waiver", "Gap", "STATUSES", "STATUS_WORDS", "CHANGE_WORDS"):
        assert getattr(results, name) is getattr(findings, name), name
        assert name in results.__all__
    assert results.Finding.__module__ == "riskkit.model.findings"
    assert results.Assessment.__module__ == "riskkit.model.results"


def test_result_model_modules_keep_to_the_size_guideline():
    for name in ("results.py", "findings.py"):
        lines = (ROOT / "riskkit" / "model" / name).read_text().count("\n")
        assert lines <= 420, (name, lines)


def test_rubric_records_are_their_own_module_and_inputs_re_exports_them():
    import riskkit.model.inputs as inputs
    import riskkit.model.rubric as rubric

    for name in ("Rubric", "Criterion", "Level", "Parameter", "ParamValue", "Reference", "Regime", "Outlook",
                 "Band", "StagedText", "COMMON_SCALE", "RESPONSES", "band_rank"):  # fmt: skip
        assert getattr(inputs, name) is getattr(rubric, name), name
    assert inputs.Rubric.__module__ == "riskkit.model.rubric"
    assert inputs.Deal.__module__ == "riskkit.model.inputs"
