"""No admin page: legal advisers are business data, managed in the registry pages behind data scope."""
