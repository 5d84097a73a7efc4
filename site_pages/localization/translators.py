"""The local machine translator: no network, deterministic, and visibly machine output.

Used by the demo and the tests in place of DeepL, Google or LibreTranslate. It does not
translate; it marks each string with its language pair, so a reader, an editor or a test
can see at once that a text went through the machine-translation path.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale
from wagtail_localize.machine_translators.base import BaseMachineTranslator
from wagtail_localize.strings import StringValue


def _language(locale: Locale) -> str:
    return locale.language_code.split("-")[0]


def machine_mark(source: str, target: str) -> str:
    return f"[{source}→{target}] "


class LocalTranslator(BaseMachineTranslator):
    display_name = _("Local translator (marks text, no network)")

    def translate(
        self, source_locale: Locale, target_locale: Locale, strings: list[StringValue]
    ) -> dict[StringValue, StringValue]:
        mark = machine_mark(_language(source_locale), _language(target_locale))
        # The mark is plain text placed before the markup, so HTML segments stay valid.
        return {string: StringValue(mark + string.data) for string in strings}

    def can_translate(self, source_locale: Locale, target_locale: Locale) -> bool:
        return _language(source_locale) != _language(target_locale)
