"""Wagtail's API v2 for pages, images and documents, with language-aware `find`."""

from django.conf import settings
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Locale, Site

from site_pages.i18n import language_name


def wagtail_schema(name: str, extra_parameters: list[OpenApiParameter] = ()):
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
    common = [
        OpenApiParameter("fields", str, description="Comma-separated fields, `*` for all."),
    ]
    listing_schema = extend_schema(
        operation_id=f"{name.lower()}_list",
        parameters=[
            *common,
            *extra_parameters,
            OpenApiParameter("limit", int),
            OpenApiParameter("offset", int),
            OpenApiParameter("search", str),
        ],
        responses={200: listing, 400: OpenApiTypes.OBJECT, 404: OpenApiTypes.OBJECT},
    )
    detail_schema = extend_schema(
        operation_id=f"{name.lower()}_retrieve",
        parameters=common,
        responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT, 404: OpenApiTypes.OBJECT},
    )
    find_schema = extend_schema(
        operation_id=f"{name.lower()}_find",
        parameters=[OpenApiParameter("html_path", str), OpenApiParameter("id", int)],
        responses={302: None, 400: OpenApiTypes.OBJECT, 404: OpenApiTypes.OBJECT},
    )

    def decorate(viewset: type) -> type:
        # Wagtail's action names are not DRF's, so the schema goes on explicit overrides.
        class Documented(viewset):
            @listing_schema
            def listing_view(self, request):
                return super().listing_view(request)

            @detail_schema
            def detail_view(self, request, pk):
                return super().detail_view(request, pk)

            @find_schema
            def find_view(self, request):
                # Wagtail answers 500 to a non-numeric id; it is the client's mistake.
                raw = request.GET.get("id")
                if raw is not None and not raw.isdigit():
                    raise BadRequestError("id must be a whole number")
                return super().find_view(request)

        Documented.__name__ = Documented.__qualname__ = viewset.__name__
        Documented.__doc__ = viewset.__doc__
        return Documented

    return decorate


PAGE_FILTERS = [
    OpenApiParameter("type", str, description="Page type, e.g. `site_pages.ArticlePage`."),
    OpenApiParameter("locale", str, description="Language code: pages in that language."),
    OpenApiParameter("translation_of", int, description="Pages that translate this page id."),
    OpenApiParameter("child_of", int),
    OpenApiParameter("descendant_of", int),
]


@wagtail_schema("Pages", PAGE_FILTERS)
class LocalizedPagesAPIViewSet(PagesAPIViewSet):
    """`find?html_path=/cy/…` finds the Welsh page; Wagtail's own looks in the default tree."""

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
