"""Load rubric files: criteria whose conditions are structured data, checked against the catalogue."""

from __future__ import annotations

from pathlib import Path

from msgspec import Struct, field

from riskkit.errors import InputError, UsageError, did_you_mean, one_of
from riskkit.load import yamlio
from riskkit.load.conditions import SHARED_FILE, ConditionContext, implies, parse_condition
from riskkit.load.fields import Node
from riskkit.model.inputs import (
    BANDS,
    COMMON_SCALE,
    SOURCE_KINDS,
    STAGES,
    Band,
    Catalogue,
    Criterion,
    Level,
    Parameter,
    ParamValue,
    Reference,
    Rubric,
    StagedText,
    digest,
)

RUBRIC_KEYS = ("rubric", "id", "title", "version", "effective", "jurisdictions", "summary", "criteria")
RUBRIC_OPTIONAL = ("kind", "applies_when", "parameters", "regimes", "bands", "settled_by_review")
CRITERION_KEYS = ("id", "title", "jurisdictions", "rationale", "mitigation", "references")
CRITERION_OPTIONAL = ("when", "points", "levels", "floor", "waivable", "unverified", "theory", "applies_to", "context")
KINDS = ("risk", "notifiability")
# What a comparison with a parameter gives on a date before its first recorded value:
# not_in_force = the test did not exist yet (false); unknown = earlier values are not recorded.
BEFORE_FIRST = ("not_in_force", "unknown")
NOT_RUBRIC_FILES = ("facts.yaml", "parameters.yaml")


class RubricSet(Struct, frozen=True):
    """The rubrics to score with and the catalogue they read."""

    catalogue: Catalogue
    rubrics: tuple
    folder: str = ""
    folder_criteria: frozenset = frozenset()  # every criterion id in the folder, --rubric or not

    def criterion_ids(self) -> frozenset:
        """The criterion ids a waiver may name: the whole folder's, rubrics left out of this run too."""
        return self.folder_criteria or frozenset(c.id for r in self.rubrics for c in r.criteria)

    def get(self, rubric_id: str) -> Rubric:
        for r in self.rubrics:
            if r.id == rubric_id:
                return r
        raise UsageError(f"unknown rubric '{rubric_id}'", hint=one_of(rubric_id, [r.id for r in self.rubrics]))


def rubric_files(folder: Path) -> list[Path]:
    return sorted(
        p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.name not in NOT_RUBRIC_FILES and p.is_file()
    )


def load_rubrics(folder: str | Path | None = None, ids=None) -> RubricSet:
    """Load every rubric in a folder (the bundled set by default), optionally only some ids."""
    from riskkit.resources import bundled_rubrics_dir

    folder = Path(folder) if folder else bundled_rubrics_dir()
    if not folder.is_dir():
        hint = None
        bundled = {p.stem for p in rubric_files(bundled_rubrics_dir())}
        if str(folder) in bundled or "/" not in str(folder) and did_you_mean(str(folder), bundled):
            hint = f"--rubrics takes a folder of rubric files; to score one rubric use --rubric {folder}"
        raise UsageError(f"rubric folder not found: {folder}", hint=hint)
    from riskkit.load import builtcache

    # The bundled set (files inside the package, never a user's folder) is served built from a cache.
    rs = builtcache.cached_build(folder, _build_set) if builtcache.is_bundled(folder) else _build_set(folder)
    if ids:
        rs = RubricSet(rs.catalogue, tuple(rs.get(i) for i in dict.fromkeys(ids)), rs.folder, rs.folder_criteria)
    return rs


def _build_set(folder: Path) -> RubricSet:
    """Every rubric in `folder` with its catalogue and shared parameters, checked together."""
    from riskkit.load.catalogue import catalogue_for

    catalogue = catalogue_for(folder)
    shared = shared_for(folder, catalogue)
    rubrics = [load_rubric(p, catalogue, shared) for p in rubric_files(folder)]
    if not rubrics:
        raise UsageError(f"no rubric files (*.yaml) in {folder}")
    seen: dict[str, str] = {}
    for r in rubrics:
        if r.id in seen:
            raise InputError(f"rubric id '{r.id}' is also used by {seen[r.id]}", path=r.path)
        seen[r.id] = r.path
    crit_seen: dict[str, str] = {}
    for r in rubrics:
        for c in r.criteria:
            if c.id in crit_seen and crit_seen[c.id] != r.id:
                raise InputError(
                    f"criterion id '{c.id}' is also used in rubric '{crit_seen[c.id]}'", path=r.path, line=c.line
                )
            crit_seen[c.id] = r.id
    _check_one_scale(rubrics)
    return RubricSet(catalogue, tuple(rubrics), str(folder), frozenset(crit_seen))


def load_rubric(path: str | Path, catalogue: Catalogue, shared: SharedTests | None = None) -> Rubric:
    data = yamlio.load(path)
    return rubric_from_data(data, catalogue, str(path), shared)


class SharedTests(Struct, frozen=True):
    """parameters.yaml: thresholds and named legal tests every rubric of a folder reads (one source of truth)."""

    parameters: dict  # id -> Parameter
    tests: dict  # id -> (title, jurisdiction, condition)
    canonical: dict = field(default_factory=dict)
    path: str = ""


def shared_for(folder: str | Path, catalogue: Catalogue) -> SharedTests:
    """The folder's parameters.yaml; a firm folder extending our catalogue (no facts.yaml) reads ours."""
    from riskkit.resources import bundled_rubrics_dir

    folder = Path(folder)
    path = folder / SHARED_FILE
    if not path.is_file() and not (folder / "facts.yaml").is_file():
        path = bundled_rubrics_dir() / SHARED_FILE
    if not path.is_file():
        return SharedTests({}, {})
    data = yamlio.load(path)
    root = Node(data, str(path))
    m = root.mapping(required=("shared", "parameters"), optional=("tests",), what="a shared parameters mapping")
    if m["shared"].value != 1:
        raise m["shared"].expected("shared parameters format version 1")
    params = {}
    for pid, pnode in m["parameters"].entries():
        Node(pid, str(path), pnode.keypath, pnode.line).id("a parameter id")
        params[pid] = _parameter(pid, pnode)
    ctx = ConditionContext(catalogue, params)
    tests = {}
    for tid, tnode in m["tests"].entries() if "tests" in m else ():
        Node(tid, str(path), tnode.keypath, tnode.line).id("a test id")
        tm = tnode.mapping(required=("title", "when"), optional=("jurisdiction",), what="a named test")
        juris = tm["jurisdiction"].str() if "jurisdiction" in tm else ""
        if juris and juris not in catalogue.jurisdictions:
            raise tm["jurisdiction"].error(f"unknown jurisdiction tag '{juris}'")
        tests[tid] = (tm["title"].str(), juris, parse_condition(tm["when"], ctx))
    return SharedTests(params, tests, data, str(path))


def rubric_from_data(data, catalogue: Catalogue, path: str, shared: SharedTests | None = None) -> Rubric:
    root = Node(data, path)
    m = root.mapping(required=RUBRIC_KEYS, optional=RUBRIC_OPTIONAL, what="a rubric mapping")
    if m["rubric"].value != 1:
        raise m["rubric"].expected("rubric format version 1")
    rid = m["id"].id("a rubric id")
    jurisdictions = _jurisdictions(m["jurisdictions"], catalogue)
    bands = _bands(m["bands"]) if "bands" in m else COMMON_SCALE
    band_names = [b.name for b in bands]
    shared = shared or SharedTests({}, {})
    params = dict(shared.parameters)
    if "parameters" in m:
        for pid, pnode in m["parameters"].entries():
            Node(pid, path, pnode.keypath, pnode.line).id("a parameter id")
            if pid in shared.parameters:
                raise pnode.error(
                    f"parameter '{pid}' is defined in {SHARED_FILE}, the one source of truth for tests "
                    "several rubrics use; remove it here"
                )
            params[pid] = _parameter(pid, pnode)
    ctx = ConditionContext(catalogue, params, shared.tests)
    criteria = []
    seen = {}
    for cnode in m["criteria"].items(allow_empty=False):
        c = _criterion(cnode, ctx, band_names, catalogue)
        if c.id in seen:
            raise cnode.error(f"duplicate criterion id '{c.id}' (first at line {seen[c.id]})")
        seen[c.id] = cnode.line
        criteria.append(c)
    version = m["version"].str()
    regimes = {}
    if "regimes" in m:
        from riskkit.load.regimes import parse_regimes

        regimes = parse_regimes(m["regimes"], ctx, jurisdictions)
    return Rubric(
        id=rid,
        title=m["title"].str(),
        version=version,
        effective=m["effective"].date(),
        jurisdictions=jurisdictions,
        summary=m["summary"].str(),
        bands=bands,
        parameters=params,
        criteria=tuple(criteria),
        kind=m["kind"].choice(KINDS, "a rubric kind, one of") if "kind" in m else "risk",
        applies_when=parse_condition(m["applies_when"], ctx) if "applies_when" in m else None,
        regimes=regimes,
        settled_by_review=m["settled_by_review"].bool() if "settled_by_review" in m else False,
        path=path,
        canonical=data,
        digest=digest(data) if not shared.parameters else digest({"rubric": data, "shared": shared.canonical}),
        shared_parameters=tuple(shared.parameters),
    )


def _check_one_scale(rubrics) -> None:
    """Risk rubrics scored together share one band scale, so a band means the same in each."""
    risk = [r for r in rubrics if r.kind == "risk"]
    for r in risk[1:]:
        if r.bands != risk[0].bands:
            cuts = "/".join(f"{b.min:g}" for b in risk[0].bands)
            raise InputError(
                f"bands differ from rubric '{risk[0].id}' ({cuts}): risk rubrics share one scale "
                "(omit 'bands' to use the common scale)",
                path=r.path,
            )


def _jurisdictions(node: Node, catalogue: Catalogue) -> tuple:
    out = []
    for j in node.items(allow_empty=False):
        jid = j.str()
        if jid not in catalogue.jurisdictions:
            raise j.error(
                f"unknown jurisdiction tag '{jid}'; declared in facts.yaml: {', '.join(catalogue.jurisdictions)}",
                did_you_mean(jid, catalogue.jurisdictions),
            )
        out.append(jid)
    return tuple(out)


def _bands(node: Node) -> tuple:
    bands = []
    for b in node.items(allow_empty=False):
        bm = b.mapping(required=("band", "min"))
        name = bm["band"].choice(BANDS, "a band, one of")
        bands.append((Band(name, bm["min"].number(minimum=0, maximum=100)), b))
    if bands[0][0].min != 0:
        raise bands[0][1].error("the first band must start at min 0")
    for (prev, _), (band, bnode) in zip(bands, bands[1:], strict=False):
        if band.min <= prev.min or BANDS.index(band.name) <= BANDS.index(prev.name):
            raise bnode.error(
                f"bands must increase: '{band.name}' (min {band.min:g}) comes after '{prev.name}' (min {prev.min:g})"
            )
    return tuple(b for b, _ in bands)


def _reference(node: Node) -> Reference:
    m = node.mapping(
        required=("title",), optional=("issuer", "date", "pinpoint", "url", "kind", "via"), what="a reference"
    )
    return Reference(
        title=m["title"].str(),
        issuer=m["issuer"].str() if "issuer" in m else "",
        date=m["date"].date() if "date" in m else None,
        pinpoint=m["pinpoint"].str() if "pinpoint" in m else "",
        url=m["url"].str() if "url" in m else "",
        kind=m["kind"].choice(SOURCE_KINDS, "a source kind, one of") if "kind" in m else "",
        via=m["via"].str() if "via" in m else "",
    )


def _mitigation(node: Node):
    """A mitigation: one text for every stage, or [{stages: [...], text}] picked by the deal's stage."""
    if not node.is_list():
        return node.str(), ()
    staged = []
    for item in node.items(allow_empty=False):
        im = item.mapping(required=("stages", "text"))
        stages = tuple(s.choice(STAGES, "a stage, one of") for s in im["stages"].items(allow_empty=False))
        staged.append(StagedText(stages, im["text"].str()))
    covered = {s for st in staged for s in st.stages}
    missing = [s for s in STAGES if s not in covered]
    if missing:
        raise node.error(f"staged mitigation leaves stage(s) {', '.join(missing)} without a text")
    return staged[0].text, tuple(staged)


def _parameter(pid: str, node: Node) -> Parameter:
    from riskkit.load.factvalue import currency_code, parse_value

    m = node.mapping(
        required=("type", "title", "values"), optional=("currency", "checked", "unverified", "before_first")
    )
    ptype = m["type"].choice(("integer", "number", "percent", "money", "date"), "a parameter type, one of")
    currency = None
    if ptype == "money":
        if "currency" not in m:
            raise node.error("a money parameter needs 'currency'")
        currency = currency_code(m["currency"])
    values = []
    for item in m["values"].items(allow_empty=False):
        vm = item.mapping(required=("value", "effective", "reference"))
        values.append(
            ParamValue(
                effective=vm["effective"].date(),
                value=parse_value(ptype, (), vm["value"], allow_range=False),
                reference=_reference(vm["reference"]),
            )
        )
    for a, b in zip(values, values[1:], strict=False):
        if b.effective <= a.effective:
            raise m["values"].error("parameter values must be listed by increasing effective date")
    return Parameter(
        id=pid,
        type=ptype,
        title=m["title"].str(),
        values=tuple(values),
        currency=currency,
        checked=m["checked"].date() if "checked" in m else None,
        unverified=m["unverified"].str() if "unverified" in m else "",
        before_first=m["before_first"].choice(BEFORE_FIRST, "one of") if "before_first" in m else "not_in_force",
    )


def _criterion(node: Node, ctx, band_names, catalogue) -> Criterion:
    m = node.mapping(required=CRITERION_KEYS, optional=CRITERION_OPTIONAL, what="a criterion")
    cid = m["id"].id("a criterion id")
    node.keypath = f"criteria.{cid}"
    refs = tuple(_reference(r) for r in m["references"].items(allow_empty=False))
    ctx.used_tests = set()
    when, points, levels = None, 0, ()
    if "levels" in m:
        if "when" in m or "points" in m:
            raise node.error("give either 'when' + 'points' or 'levels', not both")
        levels = []
        for lnode in m["levels"].items(allow_empty=False):
            lm = lnode.mapping(required=("when", "points"), optional=("label",))
            levels.append(
                Level(
                    when=parse_condition(lm["when"], ctx),
                    points=lm["points"].number(minimum=0, what="points"),
                    label=lm["label"].str() if "label" in lm else "",
                )
            )
            _check_level_reachable(levels, lnode)
        levels = tuple(levels)
    else:
        if "when" not in m or "points" not in m:
            raise node.error("a criterion needs 'when' and 'points' (or 'levels')")
        when = parse_condition(m["when"], ctx)
        points = m["points"].number(minimum=0, what="points")
    applies_to = ()
    if "applies_to" in m:
        items = m["applies_to"].items("a list of structure ids", allow_empty=False)
        for item in items:
            sid = item.str()
            if sid not in catalogue.structures:
                raise item.error(
                    f"unknown structure '{sid}'; declared: {', '.join(catalogue.structures) or 'none'}",
                    did_you_mean(sid, catalogue.structures),
                )
        applies_to = tuple(i.str() for i in items)
    floor = None
    if "floor" in m:
        floor = m["floor"].choice(band_names, "a band this rubric defines, one of")
    mitigation, mitigations = _mitigation(m["mitigation"])
    return Criterion(
        id=cid,
        title=m["title"].str(),
        jurisdictions=_jurisdictions(m["jurisdictions"], catalogue),
        rationale=m["rationale"].str(),
        mitigation=mitigation,
        mitigations=mitigations,
        theory=m["theory"].str() if "theory" in m else "",
        references=refs,
        when=when,
        points=points,
        levels=levels,
        floor=floor,
        waivable=m["waivable"].bool() if "waivable" in m else True,
        unverified=m["unverified"].str() if "unverified" in m else "",
        line=node.line,
        applies_to=applies_to,
        context=m["context"].str(max_len=500) if "context" in m else "",
        tests=tuple(sorted(ctx.used_tests)),
    )


def _check_level_reachable(levels: list, lnode: Node) -> None:
    """A level whose condition implies an earlier level's can never match (first match wins)."""
    new = levels[-1].when
    for i, earlier in enumerate(levels[:-1]):
        if implies(new, earlier.when):
            raise lnode.error(f"this level can never match: level {i + 1} matches every case it would")
