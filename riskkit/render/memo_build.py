"""A deal's memo from a scored run: the computed sections the settings ask for, then HTML or PDF bytes.

Library logic behind `riskkit memo` (the command only turns options into MemoSettings):

    settings = MemoSettings(history="history.yaml", paths_target="low")
    data = memo_bytes(deal, rubric_set, "pdf", settings, run=riskkit.run(deal, rubric_set, waivers=wfile))
"""

from __future__ import annotations

import datetime as _dt

from msgspec import Struct
from msgspec.structs import fields


class MemoSettings(Struct, frozen=True):
    """What `riskkit memo` asks for: the memo's header lines and which computed sections to add."""

    to: str | None = None
    from_: str | None = None
    date: _dt.date | None = None
    privilege_banner: bool = True
    template_dir: str | None = None
    paths_target: str = "moderate"
    no_paths: bool = False
    no_uncertainty: bool = False
    history: str | None = None  # a deal history file: adds the timeline section
    part: str = "main"  # main | appendix | both (paths and uncertainty are appendix detail)
    role: str = "counsel"  # the author role: chooses the privilege legend
    narrative: tuple = ()  # counsel's bottom line as memo blocks (riskkit.render.memo_narrative)
    allow_paths: tuple = ()  # folders the history's base: may lead into besides its own (--allow-path)

    @property
    def detail(self) -> bool:
        """Whether the appendix (and so the paths and uncertainty detail) is written."""
        return self.part != "main"

    @classmethod
    def of(cls, settings) -> MemoSettings:
        """MemoSettings from MemoSettings or a dict of the same keys (unknown keys ignored)."""
        if isinstance(settings, cls):
            return settings
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in dict(settings or {}).items() if k in names})

    def writer_options(self, sections):
        """The memo writers' MemoOptions with these computed sections."""
        from riskkit.render.options import MemoOptions

        keys = ("to", "from_", "date", "privilege_banner", "template_dir", "part", "role", "narrative")
        return MemoOptions(**{k: getattr(self, k) for k in keys}, extra_sections=sections)


def extra_sections(deal, rubric_set, assessment, settings) -> list:
    """The timeline, paths to lower risk and band probabilities the settings ask for.

    `assessment` is the deal scored without waivers: the searches compare it with re-scores
    that carry none.
    """
    s = MemoSettings.of(settings)
    sections = []
    if s.history:
        from riskkit.analysis.timeline import load_history, run_timeline
        from riskkit.render.timeline import timeline_section

        history = load_history(s.history, rubric_set.catalogue, s.allow_paths)
        sections.append(timeline_section(run_timeline(history, rubric_set), as_of=deal.as_of))
    if s.detail and not (s.no_paths and s.no_uncertainty):
        from riskkit.render.whatif import memo_extra_sections

        sections += memo_extra_sections(
            assessment,
            deal,
            rubric_set,
            target=s.paths_target,
            paths=not s.no_paths,
            uncertainty=not s.no_uncertainty,
        )
    return sections


def memo_bytes(deal, rubric_set, fmt: str, settings, *, run=None, status=None) -> bytes:
    """One deal's memo as PDF, Word or HTML bytes.

    `run` is the deal's riskkit.engine.run.Run (with its waivers); without one the deal is
    scored plainly.
    """
    from riskkit.engine.scoring import score as score_plain
    from riskkit.render import render

    s = MemoSettings.of(settings)
    status = status or (lambda doing: None)
    if run is None:
        from riskkit.engine.run import run as score_run

        run = score_run(deal, rubric_set)
    assessment = run.assessment
    # The computed sections search from the deal as scored without waivers (see extra_sections);
    # only the appendix's paths and uncertainty read it, so a main memo never scores the deal twice.
    base = assessment if run.waivers is None or not s.detail else score_plain(deal, rubric_set)
    computed = [
        ("the timeline", s.history),
        ("paths to lower risk", s.detail and not s.no_paths),
        ("band probabilities", s.detail and not s.no_uncertainty),
    ]
    if any(on for _, on in computed):
        status("working out " + ", ".join(what for what, on in computed if on))
    sections = extra_sections(deal, rubric_set, base, s)
    status({"pdf": "laying out the PDF", "docx": "writing the Word file"}.get(fmt, "writing the HTML"))
    return render(assessment, fmt, s.writer_options(sections))
