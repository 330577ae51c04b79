"""The input model's vocabulary: fact types, confidences, source kinds, stages, party roles,
bands and derived-fact operators. Plain constants; re-exported by riskkit.model.inputs."""

FACT_TYPES = (
    "bool",
    "integer",
    "number",
    "percent",
    "money",
    "date",
    "enum",
    "enum_list",
    "number_list",
    "text",
)
NUMERIC_TYPES = ("integer", "number", "percent", "money")
CONFIDENCES = ("confirmed", "reported", "estimated")
# What a source is, strongest first. Primary kinds can found a legal statement on their own;
# a secondary summary may stand beside one, never alone.
SOURCE_KINDS = (
    "statute_or_regulation",
    "agency_guidance",
    "decision",
    "official_statement",
    "established_press",
    "secondary_summary",
)
PRIMARY_KINDS = ("statute_or_regulation", "agency_guidance", "decision", "official_statement")
PRESS_KINDS = ("established_press", "secondary_summary")
WEAKEST_KIND = "secondary_summary"
# Kinds of riskkit <= 1.x deal files, still read: mapped to the kind they meant.
LEGACY_SOURCE_KINDS = {
    "press": "established_press",
    "primary": "statute_or_regulation",
    "regulator": "official_statement",
    "company": "official_statement",
    "court": "decision",
    "analysis": "secondary_summary",
}
STAGES = ("proposed", "mou", "signed", "closed")

# Pseudo-facts read from the deal's metadata, readable by rubric conditions like catalogue facts.
DEAL_ATTRIBUTES = {
    "deal.as_of": ("date", ()),
    "deal.stage": ("enum", STAGES),
    "deal.jurisdictions": ("enum_list", ()),
    "deal.hypothetical": ("bool", ()),
}
PARTY_ROLES = ("investor", "target", "acquirer", "seller", "nonprofit_parent", "other")
BANDS = ("low", "moderate", "high", "severe")
# The common scale of every risk rubric: how likely a regulator is to take the concern up.
CONCERN = {"low": "remote", "moderate": "possible", "high": "likely", "severe": "very likely"}

DERIVED_OPS = ("ratio", "sum", "difference", "product", "min", "max", "hhi", "delta_hhi", "partial_delta_hhi")
