"""The planner's screens, one module per task of the division."""
