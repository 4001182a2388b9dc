"""Major decisions, their catalogues and procedures, and administrative contracts are business data behind
data scope: no admin pages."""
