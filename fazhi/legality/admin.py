"""No admin page: legality reviews and meeting topics are business data, managed in the registry pages behind data scope."""
