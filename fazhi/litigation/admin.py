"""No admin page: lawsuits and their hearings are business data, managed in the registry pages behind data scope."""
