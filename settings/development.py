"""Local development and the SQLite demo: safe defaults, nothing to configure."""

from .base import *  # noqa: F403
from .base import env, machine_translator_setting

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="development-only-not-secret-" + "x" * 32)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
# Machine translation without network: text is marked "[sw→cy] …" instead of translated.
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = machine_translator_setting(default="local")
