"""JSON: the whole assessment, stable key order, for CI and other programs."""

from __future__ import annotations

import json


def write_json(assessment, stream, options) -> None:
    data = assessment.to_dict()
    if options.get("extra"):
        data.update(options["extra"])
    text = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False, default=str)
    stream.write((text + "\n").encode("utf-8"))
