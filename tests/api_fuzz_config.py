"""Write the schemathesis configuration for `bin/check-api-schema`, with the demo's real ids.

Schemathesis invents path ids, and almost all of them are 404s: the code behind them is
never reached. This asks the running demo for the ids that exist (pages, articles, comment
numbers, images, documents, public paths) and binds them to the matching parameters as
dictionaries, so most examples use a real id and the rest stay invented (404s and bad
input are checked too). The static settings come from `tests/schemathesis.toml`.

Usage: python tests/api_fuzz_config.py BASE_URL > schemathesis.toml
"""

import json
import sys
from pathlib import Path
from urllib.parse import urlencode, urlsplit
from urllib.request import urlopen

STATIC = Path(__file__).with_name("schemathesis.toml")
# How often a bound parameter takes a real value; the rest of the time it is generated.
REAL = 0.8


def get(base_url: str, path: str, **query: str) -> dict | list:
    url = f"{base_url}{path}" + (f"?{urlencode(query)}" if query else "")
    with urlopen(url, timeout=20) as response:  # noqa: S310 - the local demo server
        return json.load(response)


def numbers(comments: list[dict]) -> list[int]:
    """Every comment number in a nested thread."""
    found = []
    for comment in comments:
        found.append(comment["number"])
        found.extend(numbers(comment["replies"]))
    return found


def real_values(base_url: str) -> dict[str, list]:
    """The demo's public ids and paths, by the dictionary name the parameters use."""
    pages = get(base_url, "/api/v2/pages/", limit="20")["items"]
    articles = get(base_url, "/api/v2/pages/", type="site_pages.ArticlePage", limit="20")
    article_ids = [item["id"] for item in articles["items"]]
    comment_numbers: set[int] = set()
    for article_id in article_ids:
        thread = get(base_url, f"/api/articles/{article_id}/comments/")
        comment_numbers.update(numbers(thread["results"]))
    return {
        "page_ids": [item["id"] for item in pages],
        "article_ids": article_ids,
        "comment_numbers": sorted(comment_numbers),
        "html_paths": [urlsplit(item["meta"]["html_url"]).path for item in pages],
        "image_ids": [item["id"] for item in get(base_url, "/api/v2/images/")["items"]],
        "document_ids": [item["id"] for item in get(base_url, "/api/v2/documents/")["items"]],
        "page_fields": ["*", "title", "title,topic,date", "-title", "author,translations"],
        "page_types": ["site_pages.ArticlePage", "wagtailcore.Page"],
        # What a reader writes: anonymous comments need a name and an address that works.
        "reply_to": [0, *sorted(comment_numbers)],
        "names": ["Amina", "Eleri Jones", "Juma"],
        "emails": ["amina@example.org", "eleri@example.cymru", "juma@example.co.tz"],
        "comments": ["Asante kwa makala hii.", "Diolch, mae hyn yn help mawr."],
    }


# Parameters bound in every operation that has them, then per operation.
SHARED = {
    "path.page_id": "article_ids",
    "path.number": "comment_numbers",
    "query.html_path": "html_paths",
    "query.type": "page_types",
    "query.translation_of": "page_ids",
    "query.child_of": "page_ids",
    "query.descendant_of": "page_ids",
}
PER_OPERATION = {
    "pages_list": {"query.fields": "page_fields"},
    "pages_retrieve": {"path.id": "page_ids", "query.fields": "page_fields"},
    "pages_find": {"query.id": "page_ids"},
    "comments_create": {
        "body.name": "names",
        "body.email": "emails",
        "body.comment": "comments",
        "body.reply_to": "reply_to",
    },
    "images_retrieve": {"path.id": "image_ids"},
    "images_find": {"query.id": "image_ids"},
    "documents_retrieve": {"path.id": "document_ids"},
    "documents_find": {"query.id": "document_ids"},
}


def toml_value(value: object) -> str:
    """Strings, integers and lists of them are written the same in JSON and TOML."""
    return json.dumps(value)


def bindings(parameters: dict[str, str], values: dict[str, list]) -> list[str]:
    return [
        f"{toml_value(parameter)} = {{ dictionary = {toml_value(name)}, probability = {REAL} }}"
        for parameter, name in parameters.items()
        if name in values
    ]


def config(base_url: str) -> str:
    """The static settings, then the real values and where they go."""
    values = {name: found for name, found in real_values(base_url).items() if found}
    lines = [STATIC.read_text(), "# Generated from the running demo by tests/api_fuzz_config.py"]
    for name, found in values.items():
        lines += ["", f"[dictionaries.{name}]", f"values = {toml_value(found)}"]
    lines += ["", "[parameters]", *bindings(SHARED, values)]
    for operation, parameters in PER_OPERATION.items():
        if any(name in values for name in parameters.values()):
            lines += [
                "",
                "[[operations]]",
                f"include-operation-id = {toml_value(operation)}",
                f"parameters = {{ {', '.join(bindings(parameters, values))} }}",
            ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(config(sys.argv[1].rstrip("/")))
