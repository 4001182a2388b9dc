"""The REST API at ``/api/v1/``: every registry's records, child rows and workflow transitions, generated from each
registry's declaration (its ``RegistryViews``), with the pages' scope, permissions, validation and masking; personal
access tokens for systems; the OpenAPI 3 schema and its browsable docs (docs/api.md)."""
