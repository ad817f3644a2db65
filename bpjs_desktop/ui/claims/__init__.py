"""The claims desk: the worklist, the claim form, one claim's page and what it pays over time, and the benefit calculator."""
