"""No admin page: ledger entries, their figures and attachments are business data of each unit. They are
managed in the registry pages behind data scope (a department sees only its own entries); the admin site
knows nothing of scopes, and would serve attachments by their storage path."""
