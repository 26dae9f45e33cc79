"""Domain rules: participation, low-turnout flags, coverage and priorities."""
