"""GitHub Actions workflow commands: `::error file=…,line=…::` annotations on the deal's YAML.

failure → ::error, triggered below --fail-on or already in the baseline → ::warning,
unknown and waived → ::notice (waived findings stay visible). Waiver-file problems
(expired, matching nothing) are ::warning annotations on the waiver file.

Escaping follows the workflow-command rules: in the message, % CR LF become %25 %0D %0A;
in property values, also : and , become %3A and %2C (so `::` can never end a property
early). Every line we print that is not a command starts with "riskkit:", so text from a
deal or waiver file can never begin a line with `::` and issue a command of its own.
"""

from __future__ import annotations

from riskkit.render.sarif import deal_uri, primary_line, triggered_text

COMMANDS = {"failure": "error", "warning": "warning", "baseline": "warning", "unknown": "notice", "waived": "notice"}


def escape_data(text: str) -> str:
    return str(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **props) -> str:
    """One workflow command line; properties with None values are left out."""
    shown = ",".join(f"{k}={escape_property(v)}" for k, v in props.items() if v is not None)
    return f"::{name}{' ' + shown if shown else ''}::{escape_data(message)}"


def _file(path: str) -> str:
    uri, relative = deal_uri(path)
    if relative:
        from urllib.parse import unquote

        return unquote(uri)
    return path


def annotation(run, rr, f, v: str) -> str:
    assessment = run.assessment
    c = f.criterion
    line = primary_line(assessment, f)
    gate = _cap(run.gate_text(rr))
    if v == "unknown":
        title = f"riskkit {c.id}: unknown"
        message = f"{c.title} is unknown: {f.unknown_reason}. {gate}."
    else:
        title = f"riskkit {c.id}: " + {"waived": "waived", "baseline": "in baseline"}.get(v, "triggered")
        message = f"{c.title} {triggered_text(f, v, rr.scored)} {gate}."
        if v in ("failure", "warning") and c.mitigation:
            message += f"\nMitigation: {c.mitigation}"
    return command(COMMANDS[v], message, file=_file(assessment.deal.path), line=str(line), title=title)


def github_lines(run) -> list[str]:
    assessment = run.assessment
    lines = []
    for rr in assessment.results:
        for f in rr.findings:
            v = run.verdict(rr, f)
            if v in COMMANDS:
                lines.append(annotation(run, rr, f, v))
    for p in run.waiver_problems:
        lines.append(
            command(
                "warning",
                p.text(),
                file=_file(p.path),
                line=str(p.line) if p.line else None,
                title=f"riskkit waiver {p.kind}",
            )
        )
    for rr in assessment.results:
        lines.append("riskkit: " + " ".join(run.gate_text(rr).split()))
    lines.append("riskkit: " + assessment.summary_line())
    return lines


def write_github(run, stream, options) -> None:
    stream.write(("\n".join(github_lines(run)) + "\n").encode("utf-8"))


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]
