"""No admin page: normative documents and cleanups are business data, managed in the registry pages behind data scope."""
