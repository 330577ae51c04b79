"""riskkit: regulatory and antitrust risk scoring for AI partnerships and minority investments.

Library first: load facts and rubrics, score, render.

    import riskkit
    rubrics = riskkit.load_rubrics()                    # the bundled rubric set
    deal = riskkit.load_deal("deal.yaml", rubrics.catalogue)
    assessment = riskkit.score(deal, rubrics)
    print(assessment.summary_line())
"""

__version__ = "0.1.0"

__all__ = ["__version__", "load_deal", "load_rubrics", "score", "RiskkitError", "render"]


def __getattr__(name):  # lazy, so `import riskkit` stays cheap
    if name == "load_deal":
        from riskkit.load.deal import load_deal

        return load_deal
    if name == "load_rubrics":
        from riskkit.load.rubric import load_rubrics

        return load_rubrics
    if name == "score":
        from riskkit.engine.scoring import score

        return score
    if name == "RiskkitError":
        from riskkit.errors import RiskkitError

        return RiskkitError
    if name == "render":
        from riskkit.render import render

        return render
    if name == "score_frame":  # pandas: imported only when asked for
        from riskkit.engine.vector import score_frame

        return score_frame
    raise AttributeError(name)
