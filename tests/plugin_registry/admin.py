"""No admin page: publicity events are business data, managed in the registry pages behind data scope."""
