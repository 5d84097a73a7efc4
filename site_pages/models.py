"""Django finds the plugin's models here; each concern keeps them in its own module."""

from .pages.models import ArticleIndexPage, ArticlePage, ArticlePageTag
from .pages.snippets import Author, Sponsor

__all__ = ["ArticleIndexPage", "ArticlePage", "ArticlePageTag", "Author", "Sponsor"]
