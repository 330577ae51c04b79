"""Load the facts catalogue: facts.yaml plus facts.d/*.yaml fragments."""

from __future__ import annotations

from pathlib import Path

from riskkit.errors import InputError, did_you_mean
from riskkit.load import yamlio
from riskkit.load.factvalue import parse_value
from riskkit.load.fields import Node
from riskkit.model.inputs import (
    DERIVED_OPS,
    FACT_TYPES,
    NUMERIC_TYPES,
    Catalogue,
    FactSpec,
    Jurisdiction,
    Presumption,
    Structure,
    digest,
)

FACT_KEYS = ("id", "type", "description", "question")
FACT_OPTIONAL = ("unit", "values", "group", "lever", "derived")


def catalogue_files(folder: Path, extra: Path | None = None) -> list[Path]:
    files = [folder / "facts.yaml"]
    for base in (folder, extra):
        fragments = base / "facts.d" if base is not None else None
        if fragments is not None and fragments.is_dir():
            files += sorted(p for p in fragments.iterdir() if p.suffix in (".yaml", ".yml"))
    return files


def load_catalogue(folder: str | Path, extra: str | Path | None = None) -> Catalogue:
    """Read facts.yaml (required) and facts.d/*.yaml from a rubric folder.

    `extra` is a firm's rubric folder without a facts.yaml of its own: its facts.d/*.yaml
    fragments are added to this catalogue.
    """
    folder = Path(folder)
    extra = Path(extra) if extra is not None and Path(extra).resolve() != folder.resolve() else None
    if not (folder / "facts.yaml").is_file():
        raise InputError("no facts.yaml (the facts catalogue) in this rubric folder", path=str(folder))
    facts: dict[str, FactSpec] = {}
    jurisdictions: dict[str, Jurisdiction] = {}
    canonical = {}
    paths = []
    structure_nodes: list = []
    presumption_nodes: list = []
    for path in catalogue_files(folder, extra):
        data = yamlio.load(path)
        paths.append(str(path))
        canonical[path.name] = data
        root = Node(data, str(path))
        top = root.mapping(
            required=("catalogue", "facts"),
            optional=("jurisdictions", "structures", "presumptions"),
            what="a catalogue mapping",
        )
        if top["catalogue"].value != 1:
            raise top["catalogue"].expected("catalogue format version 1")
        if "jurisdictions" in top:
            for item in top["jurisdictions"].items():
                m = item.mapping(required=("id", "name", "authority"))
                jid = m["id"].str()
                if jid in jurisdictions:
                    raise m["id"].error(f"jurisdiction '{jid}' declared twice")
                jurisdictions[jid] = Jurisdiction(jid, m["name"].str(), m["authority"].str())
        if "structures" in top:
            structure_nodes.extend(top["structures"].items())
        if "presumptions" in top:
            presumption_nodes.extend(top["presumptions"].entries("a mapping of fact id → presumption"))
        for item in top["facts"].items(allow_empty=True):
            spec = _fact_spec(item, str(path))
            if spec.id in facts:
                raise item.error(f"fact '{spec.id}' is declared twice (first in {facts[spec.id].path})")
            facts[spec.id] = spec
    if not jurisdictions:
        raise InputError("facts.yaml declares no jurisdictions", path=str(folder / "facts.yaml"))
    for spec in facts.values():
        for dep in spec.derived_of:
            if dep not in facts:
                raise InputError(
                    f"derived fact '{spec.id}' reads undeclared fact '{dep}'",
                    path=spec.path,
                    line=spec.line,
                    hint=did_you_mean(dep, facts),
                )
    _check_derivation_cycles(facts)
    structures = _structures(structure_nodes, facts)
    presumptions = {}
    for fid, pnode in presumption_nodes:
        if fid in presumptions:
            raise pnode.error(f"presumption for '{fid}' is declared twice")
        presumptions[fid] = presumption(fid, pnode, facts, "catalogue")
    return Catalogue(
        facts=facts,
        jurisdictions=jurisdictions,
        paths=tuple(paths),
        canonical=canonical,
        digest=digest(canonical),
        structures=structures,
        presumptions=presumptions,
    )


def _structures(nodes: list, facts: dict) -> dict:
    """Deal structures (minority equity, compute agreement, acqui-hire…) and the facts that reveal them."""
    from riskkit.load.conditions import condition_context, parse_condition

    ctx = condition_context(Catalogue(facts=facts, jurisdictions={}), {})
    out: dict = {}
    for item in nodes:
        m = item.mapping(required=("id", "title"), optional=("when",), what="a structure")
        sid = m["id"].id("a structure id")
        if sid in out:
            raise m["id"].error(f"structure '{sid}' is declared twice")
        when = parse_condition(m["when"], ctx) if "when" in m else None
        out[sid] = Structure(sid, m["title"].str(), when, item.line)
    return out


def presumption(fid: str, node: Node, facts: dict, origin: str) -> Presumption:
    """A presumption for one fact: {value, reason, source} or (bool facts) {probability, reason, source}."""
    if fid not in facts:
        raise node.error(f"presumption for unknown fact '{fid}'", did_you_mean(fid, facts))
    spec = facts[fid]
    if spec.derived_op:
        raise node.error(f"'{fid}' is derived; presume its inputs instead")
    m = node.mapping(required=("reason",), optional=("value", "probability", "source"), what="a presumption")
    if ("value" in m) == ("probability" in m):
        raise node.error("a presumption gives exactly one of 'value' or 'probability'")
    value, probability = None, None
    if "value" in m:
        if spec.type == "money":
            raise m["value"].error("money facts cannot be presumed (a currency-less amount would mislead)")
        value = parse_value(spec.type, spec.values, m["value"], allow_range=False)
    else:
        if spec.type != "bool":
            raise m["probability"].error(f"'probability' applies to yes/no facts; '{fid}' is {spec.type}")
        probability = m["probability"].number(minimum=0, maximum=1, what="a probability")
    return Presumption(
        fact=fid,
        reason=m["reason"].str(max_len=1000),
        value=value,
        probability=probability,
        source=m["source"].str(max_len=1000) if "source" in m else "",
        origin=origin,
    )


def catalogue_for(folder: str | Path | None) -> Catalogue:
    """The catalogue a rubric folder reads: its own facts.yaml, else ours plus its facts.d/."""
    from riskkit.resources import bundled_rubrics_dir

    if folder is None:
        return _loaded(bundled_rubrics_dir())
    folder = Path(folder)
    if (folder / "facts.yaml").is_file():
        return _loaded(folder)
    return _loaded(bundled_rubrics_dir(), extra=folder)


def _loaded(folder: Path, extra: Path | None = None) -> Catalogue:
    """load_catalogue, once per process for the same files with the same bytes (a command's
    deal, rubric and case checks each ask for it): an edited catalogue file is read afresh."""
    from riskkit.load import builtcache

    files = catalogue_files(folder, extra)
    return builtcache.memoised(f"catalogue\n{folder}\n{extra}", files, lambda: load_catalogue(folder, extra))


def _fact_spec(node: Node, path: str) -> FactSpec:
    m = node.mapping(required=FACT_KEYS, optional=FACT_OPTIONAL, what="a fact declaration")
    fid = m["id"].id("a fact id")
    node.keypath = f"facts.{fid}"
    ftype = m["type"].choice(FACT_TYPES, "a fact type, one of")
    values: tuple[str, ...] = ()
    if ftype in ("enum", "enum_list"):
        if "values" not in m:
            raise node.error(f"{ftype} fact needs 'values' (the allowed values)")
        values = tuple(v.str() for v in m["values"].items(allow_empty=False))
    elif "values" in m:
        raise m["values"].error(f"'values' only applies to enum facts, this one is {ftype}")
    lever: tuple = ()
    if "lever" in m:
        lm = m["lever"].mapping(required=("alternatives",))
        lever = tuple(
            parse_value(ftype, values, alt, allow_range=False) for alt in lm["alternatives"].items(allow_empty=False)
        )
    derived_op, derived_of = None, ()
    if "derived" in m:
        dm = m["derived"].mapping(required=("op", "of"))
        derived_op = dm["op"].choice(DERIVED_OPS, "a derivation, one of")
        derived_of = tuple(v.id("a fact id") for v in dm["of"].items(allow_empty=False))
        need = {"hhi": 1, "delta_hhi": 2, "partial_delta_hhi": 3, "ratio": 2, "difference": 2}.get(derived_op)
        if need and len(derived_of) != need:
            raise dm["of"].error(f"'{derived_op}' takes {need} fact(s), got {len(derived_of)}")
        if ftype not in NUMERIC_TYPES:
            raise m["type"].error(f"a derived fact must be numeric, not {ftype}")
    return FactSpec(
        id=fid,
        type=ftype,
        description=m["description"].str(),
        question=m["question"].str(),
        unit=m["unit"].str() if "unit" in m else "",
        values=values,
        group=m["group"].id("a group name") if "group" in m else "other",
        lever=lever,
        derived_op=derived_op,
        derived_of=derived_of,
        path=path,
        line=node.line,
    )


def _check_derivation_cycles(facts: dict) -> None:
    state: dict[str, int] = {}

    def visit(fid: str, chain: list[str]) -> None:
        if state.get(fid) == 2:
            return
        if state.get(fid) == 1:
            spec = facts[fid]
            raise InputError("derived facts form a cycle: " + " → ".join(chain + [fid]), path=spec.path, line=spec.line)
        state[fid] = 1
        for dep in facts[fid].derived_of:
            visit(dep, chain + [fid])
        state[fid] = 2

    for fid in facts:
        visit(fid, [])
