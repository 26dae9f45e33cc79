"""The terminal UI. Only this package (and the CLI's launcher) imports Textual."""
