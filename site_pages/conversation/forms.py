"""The comment form: django-comments' tamper-proof form, aimed at a conversation."""

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_comments_xtd.forms import XtdCommentForm

from .models import ArticleComment


class ArticleCommentForm(XtdCommentForm):
    """Posts into an article's conversation; `reply_to` is the parent's number (0: none)."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        del self.fields["url"]
        self.fields["name"].widget = forms.TextInput(attrs={"autocomplete": "name"})
        self.fields["email"].widget = forms.EmailInput(attrs={"autocomplete": "email"})
        self.fields["name"].label = _("Name")
        self.fields["email"].label = _("Email")
        self.fields["email"].help_text = _(
            "Not published. We send a link to confirm your comment, and replies if you ask."
        )
        self.fields["comment"].label = _("Comment")
        self.fields["comment"].widget = forms.Textarea(attrs={"rows": 5})
        self.fields["followup"].label = _("Email me when someone replies")
        self.fields["honeypot"].label = _("Leave this field empty")
        if user is not None and user.is_authenticated:
            for name in ("name", "email"):
                self.fields[name].required = False
                self.fields[name].widget = forms.HiddenInput()

    def clean_honeypot(self) -> str:
        """Kept, not refused: the spam pipeline marks such comments for moderators."""
        return self.cleaned_data.get("honeypot", "")

    def clean_reply_to(self) -> int:
        number = self.cleaned_data.get("reply_to") or 0
        if number and not self.parent_comment(number):
            raise forms.ValidationError(_("The comment you are replying to does not exist."))
        return number

    def parent_comment(self, number: int) -> ArticleComment | None:
        return ArticleComment.objects.filter(
            conversation=self.target_object, number=number, is_public=True, is_removed=False
        ).first()

    def clean(self):
        cleaned = super().clean()
        cleaned["url"] = ""
        if self.user is not None and self.user.is_authenticated:
            cleaned["name"] = self.user.get_full_name() or self.user.get_username()
            cleaned["email"] = self.user.email
        return cleaned

    def get_comment_model(self):
        return ArticleComment

    def get_comment_create_data(self, site_id=None):
        data = super(XtdCommentForm, self).get_comment_create_data(site_id=site_id)
        number = self.cleaned_data["reply_to"]
        parent = self.parent_comment(number) if number else None
        data.update(
            thread_id=0,
            level=0,
            order=1,
            parent_id=parent.pk if parent else 0,
            followup=self.cleaned_data["followup"],
            conversation=self.target_object,
            language=translation.get_language(),
        )
        return data


class CommentEditForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=settings.COMMENT_MAX_LENGTH,
    )
