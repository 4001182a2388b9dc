"""The work ledger declares no indicators. Its figures are facts a unit states with their own source (the
entry), cited by the report as they are; counts and rates that can be computed from records come from the
registries' own indicators, never from the ledger."""
