"""riskkit: regulatory and antitrust risk scoring for AI partnerships and minority investments.

Library first: load facts and rubrics, score (or run, with waivers, a baseline and a gate), render.

    import riskkit
    rubrics = riskkit.load_rubrics()                    # the bundled rubric set
    deal = riskkit.load_deal("deal.yaml", rubrics.catalogue)
    assessment = riskkit.score(deal, rubrics)
    print(assessment.summary_line())
    result = riskkit.run(deal, rubrics, fail_on="high")  # + waivers=, baseline=, today=
    sys.stdout.buffer.write(riskkit.render(result, "sarif"))
    sys.exit(result.exit_code())
"""

__version__ = "0.1.0"

__all__ = ["__version__", "load_deal", "load_rubrics", "score", "run", "Run", "render", "RiskkitError",
           "score_frame", "findings_frame"]  # fmt: skip

# name -> (module, attribute); attribute None means the module itself.
_LAZY = {
    "load_deal": ("riskkit.load.deal", "load_deal"),
    "load_rubrics": ("riskkit.load.rubric", "load_rubrics"),
    "score": ("riskkit.engine.scoring", "score"),
    "run": ("riskkit.engine.run", "run"),
    "Run": ("riskkit.engine.run", "Run"),
    "RiskkitError": ("riskkit.errors", "RiskkitError"),
    "render": ("riskkit.render", None),  # a callable module: riskkit.render(result, "json")
    "score_frame": ("riskkit.engine.vector", "score_frame"),  # pandas: imported only when asked for
    "findings_frame": ("riskkit.analysis.frames", "findings_frame"),  # pandas too
}


def __dir__():  # tab completion shows the API, not only the submodules imported so far
    return sorted({*globals(), *_LAZY})


def __getattr__(name):  # lazy, so `import riskkit` stays cheap
    if name not in _LAZY:
        raise AttributeError(name)
    import importlib

    module, attr = _LAZY[name]
    mod = importlib.import_module(module)
    return mod if attr is None else getattr(mod, attr)
