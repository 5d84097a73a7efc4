"""OpenAPI generation limited to the public API (not the admin's internal endpoints)."""


def public_api_only(endpoints: list) -> list:
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/")]
