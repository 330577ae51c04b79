"""The records every layer shares: inputs (deal, rubric, catalogue) and results."""
