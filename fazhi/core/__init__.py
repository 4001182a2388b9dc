"""core: orgs, people, roles and data scope, audit, calendar and periods, local rules, and the generic
registry machinery (views, tables, Excel import/export) every business registry is built on."""
