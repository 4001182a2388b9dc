"""行政复议: reconsideration cases, from the application to the archive (行政复议法, 2023)."""
