"""Query strings no view can use are refused before any view or database sees them.

A NUL character (`%00`) cannot be stored or searched for: PostgreSQL refuses it in text
with a DataError, which would be a 500 in whichever view passed it on (search, tags,
Wagtail's `find` and `locale` filters…). The answer is a 400 naming the parameter:
`{"errors": {"<parameter>": ["…"]}}` under `/api/`, a short plain-text page elsewhere, in
the reader's language (this runs after the locale middleware).
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _

API_PREFIX = "/api/"


def shown(name: str) -> str:
    """A parameter's name as it may be printed: NUL spelt out, at most 100 characters."""
    return name.replace("\x00", "\\x00")[:100]


class QueryStringMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        bad = [
            shown(name)
            for name, values in request.GET.lists()
            if "\x00" in name or any("\x00" in value for value in values)
        ]
        if bad:
            return self.refuse(request, bad)
        return self.get_response(request)

    def refuse(self, request: HttpRequest, names: list[str]) -> HttpResponse:
        messages = {
            name: [
                _("The parameter %(parameter)s contains a NUL character.") % {"parameter": name}
            ]
            for name in names
        }
        if request.path_info.startswith(API_PREFIX):
            return JsonResponse({"errors": messages}, status=400)
        text = "\n".join(message for [message] in messages.values())
        return HttpResponseBadRequest(text + "\n", content_type="text/plain; charset=utf-8")
