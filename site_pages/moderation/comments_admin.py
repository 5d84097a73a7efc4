"""The comments area of the Wagtail admin: every comment, filterable, with moderation actions."""

import django_filters
from django.conf import settings
from django.db.models import Count, Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
    SnippetCreateView,
)
from wagtail.snippets.views.snippets import CreateView, IndexView, SnippetViewSet

from site_pages.conversation.models import ArticleComment, Conversation

from .akismet_stage import akismet_enabled
from .permissions import ModeratorsOnlyMixin, forbidden

STATUSES = {
    "pending": Q(is_public=False, is_spam=False, is_removed=False),
    "published": Q(is_public=True, is_removed=False),
    "spam": Q(is_spam=True, is_removed=False),
    "removed": Q(is_removed=True),
    "flagged": Q(flag_count__gt=0),
}


class CommentFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        method="filter_status",
        choices=[
            ("pending", _("Pending")),
            ("published", _("Published")),
            ("spam", _("Spam")),
            ("removed", _("Removed")),
            ("flagged", _("Flagged")),
        ],
        empty_label=_("Any"),
    )
    language = django_filters.ChoiceFilter(label=_("Language"), empty_label=_("Any"))
    conversation = django_filters.ModelChoiceFilter(
        label=_("Article"), queryset=Conversation.objects.all()
    )
    submit_date = django_filters.DateFromToRangeFilter(
        label=_("Date"), widget=DateRangePickerWidget
    )

    class Meta:
        model = ArticleComment
        fields = ["status", "language", "conversation", "submit_date"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["language"].extra["choices"] = settings.LANGUAGES

    def filter_status(self, queryset, name, value):
        return queryset.filter(STATUSES[value]) if value in STATUSES else queryset


class CommentIndexView(ModeratorsOnlyMixin, IndexView):
    def get_context_data(self, **kwargs):
        # Moderators should know whether anything but the site's own stages screens comments.
        return super().get_context_data(**kwargs, akismet_enabled=akismet_enabled())

    @cached_property
    def add_url(self):
        return None  # readers write comments; the admin only moderates them

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("conversation", "user")
            .annotate(flag_count=Count("reader_flags"))
        )


class NoCreateView(CreateView):
    """Comments come from readers, never from the admin."""

    def dispatch(self, request, *args, **kwargs):
        return forbidden(request)


class ModeratorsOnlyChooseView(ModeratorsOnlyMixin, ChooseView):
    pass


class ModeratorsOnlyChooseResultsView(ModeratorsOnlyMixin, ChooseResultsView):
    pass


class ModeratorsOnlyChosenView(ModeratorsOnlyMixin, SnippetChosenView):
    pass


class ModeratorsOnlyChosenMultipleView(ModeratorsOnlyMixin, SnippetChosenMultipleView):
    pass


class NoChooserCreateView(SnippetCreateView):
    """Nothing moderated is created from a chooser either."""

    def dispatch(self, request, *args, **kwargs):
        return forbidden(request)


class ModeratorsOnlyChooserViewSet(SnippetChooserViewSet):
    """The chooser modal Wagtail gives every snippet, for moderators only.

    Wagtail's chooser views ask for nothing beyond admin access, so without this any
    editor or translator could list and search held, spam and removed comments (and the
    blocklist), or read one by id through the "chosen" view. Nothing is created from it.
    """

    choose_view_class = ModeratorsOnlyChooseView
    choose_results_view_class = ModeratorsOnlyChooseResultsView
    chosen_view_class = ModeratorsOnlyChosenView
    chosen_multiple_view_class = ModeratorsOnlyChosenMultipleView
    create_view_class = NoChooserCreateView


class CommentViewSet(SnippetViewSet):
    model = ArticleComment
    icon = "comment"
    menu_label = _("Comments")
    menu_name = "comments"
    menu_order = 300
    add_to_admin_menu = True
    index_view_class = CommentIndexView
    index_template_name = "moderation/comment_index.html"
    add_view_class = NoCreateView
    chooser_viewset_class = ModeratorsOnlyChooserViewSet
    panels = [FieldPanel("comment")]
    filterset_class = CommentFilterSet
    search_fields = ["comment", "user_name", "user_email"]
    ordering = ["-submit_date"]
    list_per_page = 50
    inspect_view_enabled = True
    inspect_view_fields = [
        "number",
        "conversation",
        "user_name",
        "user_email",
        "ip_address",
        "language",
        "comment",
        "is_public",
        "is_spam",
        "is_removed",
        "moderation_notes",
        "submit_date",
        "edited_at",
    ]
    list_display = [
        Column("number", label=_("No.")),
        Column("comment", label=_("Comment"), accessor=lambda c: c.comment[:120]),
        Column("name", label=_("Author")),
        Column("conversation", label=_("Article")),
        Column("language", label=_("Language")),
        Column("status", label=_("Status")),
        Column("flag_count", label=_("Flags")),
        DateColumn("submit_date", label=_("Date")),
    ]
