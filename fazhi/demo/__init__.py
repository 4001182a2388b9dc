"""The synthetic demo county 示范县: orgs, accounts and records of every registry (``fazhi demo``)."""
