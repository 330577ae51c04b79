"""Pure scoring: conditions, derived facts, scoring (scalar and vectorised)."""
