"""What the planner does with its data; the CLI and the TUI both call these."""
