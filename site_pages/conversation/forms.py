"""The comment form: django-comments' tamper-proof form, aimed at a conversation."""

import unicodedata

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_comments_xtd.forms import XtdCommentForm

from .models import ArticleComment


def not_storable(text: str) -> bool:
    """Lone UTF-16 surrogates cannot be encoded, and no database keeps NUL in text."""
    return "\x00" in text or any(unicodedata.category(char) == "Cs" for char in text)


def has_control_characters(text: str) -> bool:
    """Line breaks, tabs, escapes and the like (Unicode category Cc)."""
    return any(unicodedata.category(char) == "Cc" for char in text)


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
        # Hidden from screen readers (aria-hidden), so out of the tab order too: keyboard
        # focus must never land on something nobody can perceive.
        self.fields["honeypot"].widget.attrs.update(tabindex="-1", autocomplete="off")
        if user is not None and user.is_authenticated:
            for name in ("name", "email"):
                self.fields[name].required = False
                self.fields[name].widget = forms.HiddenInput()

    def clean_honeypot(self) -> str:
        """Kept, not refused: the spam pipeline marks such comments for moderators."""
        return self.cleaned_data.get("honeypot", "")

    def _text(self, name: str) -> str:
        value = self.cleaned_data.get(name, "")
        if isinstance(value, str) and not_storable(value):
            raise forms.ValidationError(
                _("%(field)s contains characters that are not valid text."),
                code="invalid_characters",
                params={"field": self.fields[name].label},
            )
        return value

    def clean_name(self) -> str:
        name = self._text("name")
        if has_control_characters(name):
            raise forms.ValidationError(
                _("%(field)s: one line only, without line breaks, tabs or control characters."),
                code="control_characters",
                params={"field": self.fields["name"].label},
            )
        return name

    def clean_email(self) -> str:
        return self._text("email")

    def clean_comment(self) -> str:
        self._text("comment")
        return super().clean_comment()

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
