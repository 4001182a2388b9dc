"""No admin page: report drafts are business data behind data scope, and frozen reports never change."""
