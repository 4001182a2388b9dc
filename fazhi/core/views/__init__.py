"""Views of core: sign-in, password, the home page with 我的待办, the org switch, the audit log and role
assignment. The generic registry views are in ``generic``."""
