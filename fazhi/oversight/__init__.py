"""法治督察与工作台账: the work ledger (工作台账) that the narrative of the annual report is made of."""
