"""The indicator engine: named definitions declared by the registries (their ``indicators.py``),
evaluated per org, period and scope in one conditional-aggregate query per model, with presets for the
rate definitions bureaus differ on (DESIGN.md §4.5, ORACLE.md)."""
