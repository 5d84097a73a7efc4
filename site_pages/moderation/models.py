"""What moderators maintain: words and domains that mark a comment as spam."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BlockedTerm(models.Model):
    class Kind(models.TextChoices):
        WORD = "word", _("word or phrase")
        DOMAIN = "domain", _("link domain")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.WORD)
    value = models.CharField(
        _("value"),
        max_length=200,
        help_text=_("Matched without regard to case; a domain also matches its subdomains."),
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("blocked word or domain")
        verbose_name_plural = _("blocked words and domains")
        constraints = [
            models.UniqueConstraint(fields=["kind", "value"], name="unique_blocked_term")
        ]
        ordering = ["kind", "value"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"

    def save(self, *args, **kwargs) -> None:
        self.value = self.value.strip().lower()
        if self.kind == self.Kind.DOMAIN:
            self.value = self.value.removeprefix("www.")
        super().save(*args, **kwargs)
