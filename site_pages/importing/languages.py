"""Which of the site's locales a WordPress language code means."""

from wagtail.models import Locale


class LocaleMatcher:
    """`sw`, `sw_KE`, `sw-ke` and `SW` all mean the site's `sw` locale; `fr` may mean none."""

    def __init__(self) -> None:
        self.locales = {locale.language_code.lower(): locale for locale in Locale.objects.all()}

    def __call__(self, code: str) -> Locale | None:
        code = (code or "").strip().lower().replace("_", "-")
        if not code:
            return None
        return self.locales.get(code) or self.locales.get(code.split("-")[0])
