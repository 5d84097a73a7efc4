"""Issue 11's holes: the comment chooser, translators removing articles, sign-in guessing."""

import json
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.utils import translation
from django.utils.translation import gettext, ngettext
from rest_framework.authtoken.models import Token
from wagtail.models import GroupPagePermission, Locale, Page
from wagtail_localize.models import Translation

from site_pages.conversation.models import ArticleComment, Conversation
from site_pages.models import ArticlePage
from tests.helpers import prefer_english

CHOOSER = "/admin/snippets/choose/conversation/articlecomment/"
LOGIN = "/admin/login/"
PASSWORD = "farasi-betri-sahihi"


def visible_text(response) -> str:
    """What the person sees: the page's text, or the chooser modal's HTML inside its JSON."""
    body = response.content.decode()
    if response.get("Content-Type", "").startswith("application/json"):
        data = json.loads(body)
        body = data.get("html") or json.dumps(data, ensure_ascii=False)
    return BeautifulSoup(body, "html.parser").get_text(" ")


# --- 1. The comment chooser -------------------------------------------------------------


@pytest.fixture
def hidden_comments(demo) -> dict[str, ArticleComment]:
    """One held (the demo's comment 5 on 002), one spam and one removed comment."""
    conversation = Conversation.for_page(demo["sw_002"])
    comments = ArticleComment.objects.filter(conversation=conversation)
    comments.filter(number=7).update(is_public=False, is_spam=True)
    comments.filter(number=8).update(is_removed=True)
    return {
        "held": comments.get(number=5),
        "spam": comments.get(number=7),
        "removed": comments.get(number=8),
    }


def make_user(django_user_model, role: str):
    """An admin user of one role, reading the admin in English."""
    if role == "superuser":
        user = django_user_model.objects.create_superuser("mkuu", "root@example.org", PASSWORD)
    else:
        user = django_user_model.objects.create_user(role, f"{role}@example.org", PASSWORD)
    if role == "editor":
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    elif role == "translator":
        user.groups.add(Group.objects.get(name="Translators: Welsh"))
    elif role == "moderator":
        user.groups.add(Group.objects.get(name="Comment moderators"))
    prefer_english(user)
    return user


def snippet(comment: ArticleComment) -> str:
    return comment.comment[:30]


@pytest.mark.parametrize("role", ["editor", "translator"])
def test_the_comment_chooser_refuses_users_who_do_not_moderate(
    hidden_comments, client, django_user_model, role
):
    client.force_login(make_user(django_user_model, role))
    held = hidden_comments["held"]
    requests = {
        "listing": (CHOOSER, {}),
        "search": (f"{CHOOSER}results/", {"q": held.comment.split()[0]}),
        "chosen": (f"{CHOOSER}chosen/{held.pk}/", {}),
        "chosen-multiple": (
            f"{CHOOSER}chosen-multiple/",
            {"id": [c.pk for c in hidden_comments.values()]},
        ),
    }
    for name, (url, params) in requests.items():
        response = client.get(url, params)
        assert response.status_code == 403, name
        text = visible_text(response)
        assert "Only comment moderators can see and moderate comments" in text, name
        for comment in hidden_comments.values():
            assert snippet(comment) not in text, (name, comment.number)
    assert client.post(f"{CHOOSER}create/", {"comment": "x"}).status_code == 403


@pytest.mark.parametrize("role", ["moderator", "superuser"])
def test_moderators_keep_the_comment_chooser(hidden_comments, client, django_user_model, role):
    client.force_login(make_user(django_user_model, role))
    listing = client.get(CHOOSER)
    assert listing.status_code == 200
    listed = visible_text(listing) + visible_text(client.get(f"{CHOOSER}results/", {"p": 2}))
    assert snippet(hidden_comments["held"]) in listed
    found = client.get(f"{CHOOSER}results/", {"q": hidden_comments["spam"].comment.split()[0]})
    assert snippet(hidden_comments["spam"]) in visible_text(found)
    chosen = client.get(f"{CHOOSER}chosen/{hidden_comments['removed'].pk}/")
    assert chosen.status_code == 200
    assert chosen.json()["result"]["id"] == str(hidden_comments["removed"].pk)
    assert snippet(hidden_comments["removed"]) in chosen.json()["result"]["string"]


def test_the_blocklist_chooser_is_for_moderators_too(db, client, django_user_model):
    from site_pages.moderation.models import BlockedTerm

    BlockedTerm.objects.create(value="mafuta-ya-nyoka.example", kind="domain")
    url = "/admin/snippets/choose/moderation/blockedterm/"
    client.force_login(make_user(django_user_model, "editor"))
    refused = client.get(url)
    assert refused.status_code == 403
    assert "mafuta-ya-nyoka" not in visible_text(refused)
    client.force_login(make_user(django_user_model, "moderator"))
    assert "mafuta-ya-nyoka" in visible_text(client.get(url))


# --- 2. Translators translate; they do not remove articles ------------------------------


@pytest.fixture
def welsh_translator(demo, django_user_model):
    return make_user(django_user_model, "translator")


def page_editors_group() -> Group:
    """Editors who may add, change and publish anywhere (and so delete and unpublish)."""
    group = Group.objects.create(name="Article editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    root = Page.objects.get(depth=1)
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group, page=root, permission=Permission.objects.get(codename=codename)
        )
    return group


def removal_links(html: str, page: Page) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    return [
        a["href"]
        for a in soup.select("a[href]")
        if a["href"].startswith(
            (f"/admin/pages/{page.pk}/delete/", f"/admin/pages/{page.pk}/unpublish/")
        )
    ]


def test_a_translator_can_neither_delete_nor_unpublish_a_live_welsh_article(
    demo, client, welsh_translator
):
    article = demo["cy_001"]
    client.force_login(welsh_translator)

    editor = client.get(f"/admin/pages/{article.pk}/edit/")
    assert editor.status_code == 200  # still theirs to edit
    assert removal_links(editor.content.decode(), article) == []
    explorer = client.get(f"/admin/pages/{article.get_parent().pk}/")
    assert explorer.status_code == 200 and article.title in explorer.content.decode()
    assert removal_links(explorer.content.decode(), article) == []

    for action in ("delete", "unpublish"):
        assert client.get(f"/admin/pages/{article.pk}/{action}/").status_code == 403
        refused = client.post(f"/admin/pages/{article.pk}/{action}/")
        assert refused.status_code == 403, action
        # In the admin's language: Kiswahili, the site's first, for a user with no choice.
        with translation.override("sw"):
            told = gettext("Translators cannot delete or unpublish pages. Ask an editor to do it.")
        assert told != "Translators cannot delete or unpublish pages. Ask an editor to do it."
        assert told in " ".join(visible_text(refused).split())
        bulk = client.post(
            f"/admin/bulk/wagtailcore/page/{action}/?next=/admin/&id={article.pk}", {}
        )
        assert bulk.status_code == 403, action

    article = ArticlePage.objects.get(pk=article.pk)
    assert article.live
    client.logout()
    assert client.get(article.url).status_code == 200  # readers still find it


def test_a_translator_still_publishes_a_welsh_translation(
    demo, client, admin, welsh_translator, run_tasks, django_capture_on_commit_callbacks
):
    source = demo["sw_002"]
    welsh = Locale.objects.get(language_code="cy")
    client.force_login(admin)
    assert (
        client.post(f"/admin/localize/submit/page/{source.pk}/", {"locales": [welsh.pk]})
    ).status_code == 302
    job = Translation.objects.get(source__object_id=source.translation_key, target_locale=welsh)
    client.post(f"/admin/localize/translate/{job.pk}/machine_translate/")
    run_tasks()
    draft = source.get_translation(welsh)
    assert not draft.live

    client.force_login(welsh_translator)
    # wagtail-localize publishes when the request's transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/pages/{draft.pk}/edit/", {"action": "publish"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.live
    client.logout()
    assert client.get(draft.url).status_code == 200


@pytest.mark.parametrize("also_translates", [False, True], ids=["editor", "editor-translator"])
def test_an_editor_still_deletes_and_unpublishes(demo, client, django_user_model, also_translates):
    user = make_user(django_user_model, "mhariri")
    user.groups.add(page_editors_group())
    if also_translates:  # a translator's group takes nothing away from their other groups
        user.groups.add(Group.objects.get(name="Translators: Welsh"))
    client.force_login(user)
    welsh, kiswahili = demo["cy_001"], demo["sw_002"]

    assert removal_links(client.get(f"/admin/pages/{welsh.pk}/edit/").content.decode(), welsh)
    assert client.post(f"/admin/pages/{kiswahili.pk}/unpublish/").status_code == 302
    assert not ArticlePage.objects.get(pk=kiswahili.pk).live
    assert client.post(f"/admin/pages/{welsh.pk}/delete/").status_code == 302
    assert not Page.objects.filter(pk=welsh.pk).exists()


# --- 3. Throttled admin sign-in ---------------------------------------------------------

ATTACKER, OTHER, PROXY = "203.0.113.5", "198.51.100.7", "10.0.0.2"


@pytest.fixture
def throttled(settings):
    """Low limits (settings/test.py keeps them out of other tests' reach)."""
    settings.AXES_FAILURE_LIMIT = 3
    settings.MAZUNGUMZO_LOGIN_IP_FAILURE_LIMIT = 6
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    settings.MAZUNGUMZO_TRUSTED_PROXY_COUNT = 0
    settings.MAZUNGUMZO_TRUSTED_PROXIES = []
    return settings


@pytest.fixture
def staff(db, django_user_model):
    return make_user(django_user_model, "editor")


def sign_in(client, username: str, password: str, address: str, **headers):
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **headers
    )


def signed_in(client) -> bool:
    return client.get("/admin/").status_code == 200


def locked_message(language: str = "sw") -> str:
    """The lockout sentence as a sign-in page in `language` (the site's first) says it."""
    with translation.override(language):
        return ngettext(
            "Too many failed sign-in attempts. Try again in %(minutes)s minute.",
            "Too many failed sign-in attempts. Try again in %(minutes)s minutes.",
            15,
        ) % {"minutes": 15}


def test_a_guessed_password_locks_that_username_from_that_address(throttled, client, staff):
    for attempt in range(2):
        wrong = sign_in(client, "editor", f"guess-{attempt}", ATTACKER)
        assert wrong.status_code == 200 and not signed_in(client)
    locking = sign_in(client, "editor", "guess-3", ATTACKER)
    assert locking.status_code == 429

    right = sign_in(client, "editor", PASSWORD, ATTACKER)
    assert right.status_code == 429
    assert locked_message() in " ".join(visible_text(right).split())
    assert right["Retry-After"] == "900"
    assert not signed_in(client)

    # The editor, elsewhere, is not locked out by the person guessing.
    assert sign_in(client, "editor", PASSWORD, OTHER).status_code == 302
    assert signed_in(client)


def test_an_address_trying_many_usernames_is_locked_at_the_higher_limit(throttled, client, staff):
    for n in range(6):  # two tries each at three made-up names: no pair reaches 3
        response = sign_in(client, f"mtu{n % 3}", "guess", ATTACKER)
        assert response.status_code == (429 if n == 5 else 200), n
    right = sign_in(client, "editor", PASSWORD, ATTACKER)
    assert right.status_code == 429
    assert locked_message() in " ".join(visible_text(right).split())
    assert sign_in(client, "editor", PASSWORD, OTHER).status_code == 302


def test_behind_a_trusted_proxy_the_forwarded_client_is_counted(throttled, client, staff):
    throttled.MAZUNGUMZO_TRUSTED_PROXY_COUNT = 1
    for attempt in range(3):
        sign_in(client, "editor", f"guess-{attempt}", PROXY, HTTP_X_FORWARDED_FOR=ATTACKER)
    locked = sign_in(client, "editor", PASSWORD, PROXY, HTTP_X_FORWARDED_FOR=ATTACKER)
    assert locked.status_code == 429
    # Everyone comes through the same proxy: the next reader is not locked with the guesser.
    assert (
        sign_in(client, "editor", PASSWORD, PROXY, HTTP_X_FORWARDED_FOR=OTHER).status_code == 302
    )


def test_a_forged_forwarded_for_does_not_escape_the_limit(throttled, client, staff):
    for attempt in range(3):
        forged = f"192.0.2.{attempt + 1}"
        sign_in(client, "editor", f"guess-{attempt}", ATTACKER, HTTP_X_FORWARDED_FOR=forged)
    again = sign_in(client, "editor", PASSWORD, ATTACKER, HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert again.status_code == 429
    assert not signed_in(client)


@pytest.mark.parametrize("language", ["sw", "cy"])
def test_the_lockout_page_speaks_the_sign_in_pages_language(throttled, client, staff, language):
    for attempt in range(3):
        sign_in(client, "editor", f"guess-{attempt}", ATTACKER, HTTP_ACCEPT_LANGUAGE=language)
    response = sign_in(client, "editor", PASSWORD, ATTACKER, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 429
    html = BeautifulSoup(response.content, "html.parser")
    assert html.html["lang"] == language
    with translation.override(language):
        expected = ngettext(
            "Too many failed sign-in attempts. Try again in %(minutes)s minute.",
            "Too many failed sign-in attempts. Try again in %(minutes)s minutes.",
            15,
        ) % {"minutes": 15}
    assert expected in " ".join(html.get_text(" ").split())


def test_a_locked_address_still_comments_and_uses_api_tokens(throttled, demo, client, staff):
    for n in range(6):
        sign_in(client, f"mtu{n % 3}", "guess", ATTACKER)
    assert sign_in(client, "editor", PASSWORD, ATTACKER).status_code == 429

    url = f"/api/articles/{demo['sw_000'].pk}/comments/"
    token = Token.objects.create(user=staff)
    signed = client.post(
        url,
        {"comment": "Asante kwa makala hii."},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token.key}",
        REMOTE_ADDR=ATTACKER,
    )
    assert signed.status_code == 201
    anonymous = client.post(
        url,
        {"name": "Juma", "email": "juma@example.org", "comment": "Nakubali kabisa."},
        content_type="application/json",
        REMOTE_ADDR=ATTACKER,
    )
    assert anonymous.status_code == 202
