"""Wagtail's API v2 for pages, images and documents, with language-aware `find`."""

import re
from collections.abc import Callable

from django.conf import settings
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.api.v2.filters import DescendantOfFilter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Locale, Site

from site_pages.i18n import language_name

# Database ids are whole numbers from 1; anything else is a 400 (query) or a 404 (path).
ID = {"type": "integer", "minimum": 1}
MAX_OFFSET = 2**63 - 1  # databases cannot skip more rows (SQLite fails with a 500)
WHOLE_NUMBER = re.compile(r"[0-9]+")


def id_parameter(
    name: str, description: str = "", location: str = OpenApiParameter.QUERY
) -> OpenApiParameter:
    return OpenApiParameter(
        name, ID, location, required=location == "path", description=description
    )


FIELDS = OpenApiParameter(
    "fields",
    str,
    description=(
        "Comma-separated fields to add, `-name` to leave one out, `*` for all, `_` for none. "
        "A page type's own fields (`topic`, `author`…) need `type` in a listing."
    ),
)


def wagtail_schema(
    name: str,
    extra_parameters: list[OpenApiParameter] = (),
    find_parameters: list[OpenApiParameter] = (),
) -> Callable[[type], type]:
    """Wagtail's API views build serializers per request; describe their JSON by hand."""
    listing = inline_serializer(
        f"{name}Listing",
        {
            "meta": inline_serializer(
                f"{name}ListingMeta", {"total_count": serializers.IntegerField()}
            ),
            "items": serializers.ListField(child=serializers.DictField()),
        },
    )
    limit_max = getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20)
    listing_schema = extend_schema(
        operation_id=f"{name.lower()}_list",
        parameters=[
            FIELDS,
            id_parameter("id", "Only the item with this id."),
            *extra_parameters,
            OpenApiParameter("limit", {"type": "integer", "minimum": 0, "maximum": limit_max}),
            OpenApiParameter("offset", {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET}),
            OpenApiParameter("search", str),
        ],
        responses={200: listing, 400: OpenApiTypes.OBJECT, 404: OpenApiTypes.OBJECT},
    )
    detail_schema = extend_schema(
        operation_id=f"{name.lower()}_retrieve",
        parameters=[id_parameter("id", location=OpenApiParameter.PATH), FIELDS],
        responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT, 404: OpenApiTypes.OBJECT},
    )
    find_schema = extend_schema(
        operation_id=f"{name.lower()}_find",
        description=(
            "Redirects (302) to the detail URL of the item found; other query parameters "
            "(`fields`) are kept."
        ),
        parameters=[
            *find_parameters,
            id_parameter("id", "The item with this id."),
            FIELDS,
        ],
        responses={302: None, 400: OpenApiTypes.OBJECT, 404: OpenApiTypes.OBJECT},
    )

    def decorate(viewset: type) -> type:
        # Wagtail's action names are not DRF's, so the schema goes on explicit overrides.
        class Documented(viewset):
            @listing_schema
            def listing_view(self, request):
                offset = request.GET.get("offset", "")
                if WHOLE_NUMBER.fullmatch(offset) and int(offset) > MAX_OFFSET:
                    raise BadRequestError(f"offset cannot be higher than {MAX_OFFSET}")
                return super().listing_view(request)

            @detail_schema
            def detail_view(self, request, pk):
                return super().detail_view(request, pk)

            @find_schema
            def find_view(self, request):
                # Wagtail answers 500 to a non-numeric id; it is the client's mistake.
                raw = request.GET.get("id")
                if raw is not None and not WHOLE_NUMBER.fullmatch(raw):
                    raise BadRequestError("id must be a whole number")
                return super().find_view(request)

        Documented.__name__ = Documented.__qualname__ = viewset.__name__
        Documented.__doc__ = viewset.__doc__
        return Documented

    return decorate


PAGE_FILTERS = [
    OpenApiParameter("type", str, description="Page type, e.g. `site_pages.ArticlePage`."),
    OpenApiParameter(
        "locale",
        str,
        description="Language code: pages in that language.",
        enum=[code for code, _name in settings.LANGUAGES],
    ),
    id_parameter("translation_of", "Pages that translate this page id."),
    id_parameter("child_of", "Pages directly below this page id."),
    id_parameter("descendant_of", "Pages anywhere below this page id."),
]
PAGE_FIND = [
    OpenApiParameter(
        "html_path",
        str,
        description="The page's public path, language prefix included: `/cy/erthyglau/…/`.",
    ),
]


class DescendantOfWithChildOfFilter(DescendantOfFilter):
    """`descendant_of` with `child_of`: the children of one page that lie below the other.

    Wagtail refuses the pair with a 400, though both are plain conditions on the tree and
    the schema cannot say that two parameters exclude each other.
    """

    def filter_queryset(self, request, queryset, view):
        parent = getattr(queryset, "_filtered_by_child_of", None)
        if parent is None:
            return super().filter_queryset(request, queryset, view)
        filtered = super().filter_queryset(request, queryset.all(), view)  # a copy: no mark
        filtered._filtered_by_child_of = parent
        return filtered


@wagtail_schema("Pages", PAGE_FILTERS, PAGE_FIND)
class LocalizedPagesAPIViewSet(PagesAPIViewSet):
    """`find?html_path=/cy/…` finds the Welsh page; Wagtail's own looks in the default tree."""

    filter_backends = [
        DescendantOfWithChildOfFilter if backend is DescendantOfFilter else backend
        for backend in PagesAPIViewSet.filter_backends
    ]

    def find_object(self, queryset, request):
        site = Site.find_for_request(request)
        path = request.GET.get("html_path")
        if path is None or site is None:
            return super().find_object(queryset, request)
        components = [part for part in path.split("/") if part]
        codes = {code for code, _name in settings.LANGUAGES}
        root = site.root_page
        if components and components[0] in codes:
            locale = Locale.objects.filter(language_code=components.pop(0)).first()
            root = root.get_translation_or_none(locale) if locale else None
            if root is None:
                return None
        try:
            page, _args, _kwargs = root.specific.route(request, components)
        except Http404:
            return None
        return page if queryset.filter(pk=page.pk).exists() else None


LocaleSchema = inline_serializer(
    "Locale",
    {
        "code": serializers.CharField(),
        "name": serializers.CharField(),
        "default": serializers.BooleanField(),
    },
    many=True,
)


class LocalesView(APIView):
    """The enabled languages, the site's default one marked."""

    permission_classes = [AllowAny]

    @extend_schema(responses=LocaleSchema, operation_id="locales_list")
    def get(self, request):
        return Response(
            [
                {
                    "code": code,
                    "name": str(language_name(code)),
                    "default": code == settings.LANGUAGE_CODE,
                }
                for code, _name in settings.LANGUAGES
            ]
        )


@wagtail_schema("Images")
class ImagesEndpoint(ImagesAPIViewSet):
    pass


@wagtail_schema("Documents")
class DocumentsEndpoint(DocumentsAPIViewSet):
    pass


router = WagtailAPIRouter("wagtailapi")
router.register_endpoint("pages", LocalizedPagesAPIViewSet)
router.register_endpoint("images", ImagesEndpoint)
router.register_endpoint("documents", DocumentsEndpoint)
