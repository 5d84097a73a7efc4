"""OpenAPI generation: only the public API, with links from a page to its conversation.

drf-spectacular has no way to declare OpenAPI links, so they are added once the schema is
built. A link says where a response's ids lead (a page → its conversation → a comment →
flagging it); clients and schemathesis's stateful phase follow them. Listings have none:
an empty one (a filter that matches nothing) has no first item to lead anywhere.
"""

from typing import Any

# (operation, status) → {link name: (target operation, parameters)}
LINKS: dict[tuple[str, str], dict[str, tuple[str, dict[str, str]]]] = {
    ("pages_retrieve", "200"): {
        "Conversation": ("comments_list", {"page_id": "$response.body#/id"}),
        "PostComment": ("comments_create", {"page_id": "$response.body#/id"}),
        "Translations": ("pages_list", {"translation_of": "$response.body#/id"}),
        "Find": ("pages_find", {"id": "$response.body#/id"}),
    },
    ("comments_list", "200"): {
        "FirstComment": (
            "comments_retrieve",
            {"page_id": "$request.path.page_id", "number": "$response.body#/results/0/number"},
        ),
        "Reply": ("comments_create", {"page_id": "$request.path.page_id"}),
        "Follow": ("conversation_follow", {"page_id": "$request.path.page_id"}),
    },
    ("comments_retrieve", "200"): {
        "Flag": (
            "comments_flag",
            {"page_id": "$request.path.page_id", "number": "$response.body#/number"},
        ),
    },
    ("comments_create", "201"): {
        "Comment": (
            "comments_retrieve",
            {"page_id": "$request.path.page_id", "number": "$response.body#/comment/number"},
        ),
    },
    ("conversation_follow", "200"): {
        "Unfollow": ("conversation_unfollow", {"page_id": "$request.path.page_id"}),
    },
}


def public_api_only(endpoints: list) -> list:
    """The admin's internal API is not part of the public schema."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/")]


def add_links(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict:
    """Attach LINKS to the responses they start from (a postprocessing hook)."""
    operations = {
        operation["operationId"]: operation
        for path in result.get("paths", {}).values()
        for operation in path.values()
        if isinstance(operation, dict) and "operationId" in operation
    }
    for (source, status), links in LINKS.items():
        response = operations.get(source, {}).get("responses", {}).get(status)
        if response is None:
            continue
        response["links"] = {
            name: {"operationId": target, "parameters": parameters}
            for name, (target, parameters) in links.items()
            if target in operations
        }
    return result
