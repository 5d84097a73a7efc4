"""The spam pipeline: each stage catches its case, ordinary comments pass, spam is kept."""

import re

import pytest

from site_pages.conversation.models import (
    ArticleComment,
    Conversation,
    Notification,
    PendingComment,
)
from site_pages.conversation.screening import Refused, Submission, Verdict, run_pipeline
from site_pages.moderation.models import BlockedTerm
from site_pages.moderation.stages import (
    BlocklistStage,
    DuplicateStage,
    HoneypotStage,
    LinkCountStage,
    MinimumTimeStage,
    RateLimitStage,
)
from tests.test_conversation import post

ORDINARY = "Nakubaliana nawe, asante kwa makala nzuri."


@pytest.fixture
def reader(client, django_user_model):
    user = django_user_model.objects.create_user("msomaji", email="msomaji@example.org")
    client.force_login(user)
    return user


def submission(**overrides) -> Submission:
    fields = {
        "conversation_id": 1,
        "text": ORDINARY,
        "name": "Zawadi",
        "email": "zawadi@example.org",
        "ip_address": "192.0.2.7",
        "seconds_since_form": 30.0,
    }
    return Submission(**{**fields, **overrides})


@pytest.mark.parametrize(
    ("stage", "bad"),
    [
        (HoneypotStage(), {"honeypot": "http://spam.example/"}),
        (MinimumTimeStage(), {"seconds_since_form": 0.4}),
        (LinkCountStage(), {"text": "http://a.example http://b.example www.c.example"}),
    ],
    ids=["honeypot", "minimum-time", "link-count"],
)
def test_stage_catches_its_case_and_lets_ordinary_comments_through(stage, bad, settings):
    settings.MAZUNGUMZO_SPAM_MIN_SECONDS = 3
    assert stage.check(submission()) is None
    finding = stage.check(submission(**bad))
    assert finding is not None and finding.stage == stage.name


def test_blocklist_catches_words_and_domains_with_subdomains(db):
    BlockedTerm.objects.create(kind=BlockedTerm.Kind.WORD, value="Wafuasi wa bei nafuu")
    BlockedTerm.objects.create(kind=BlockedTerm.Kind.DOMAIN, value="www.spam.example")
    stage = BlocklistStage()
    assert stage.check(submission()) is None
    assert stage.check(submission(text="Nunua wafuasi wa bei nafuu leo")).verdict == Verdict.SPAM
    linked = stage.check(submission(text="Tazama https://shop.spam.example/ofa"))
    assert linked.reason == "Links to the blocked domain spam.example."
    assert stage.check(submission(text="Tazama https://notspam.example/")) is None


def test_duplicate_and_rate_limit_refuse_outright(demo, settings):
    conversation_id = ArticleComment.objects.get(
        number=1, comment__startswith="Eric"
    ).conversation_id
    with pytest.raises(Refused):
        DuplicateStage().check(
            submission(
                conversation_id=conversation_id,
                text=ArticleComment.objects.get(comment__startswith="Eric").comment,
                email="doug@example.org",
            )
        )
    assert DuplicateStage().check(submission(conversation_id=conversation_id)) is None

    settings.MAZUNGUMZO_RATE_LIMIT_COUNT = 2
    stage = RateLimitStage()
    stage.check(submission())
    stage.check(submission(email="other@example.org"))
    with pytest.raises(Refused) as refused:
        stage.check(submission(email="third@example.org"))  # same IP, third time
    assert refused.value.status == 429 and refused.value.retry_after >= 1


def test_ordinary_comment_is_published(demo, client, reader):
    assert post(client, demo["sw_000"], ORDINARY).status_code == 302
    comment = ArticleComment.objects.get(comment=ORDINARY)
    assert comment.is_public and not comment.is_spam and comment.moderation_notes == []


def test_honeypot_comment_is_kept_as_spam_with_its_reason(demo, client, reader):
    response = post(client, demo["sw_000"], "Nunua sasa", honeypot="ndiyo")
    assert response.status_code == 202
    comment = ArticleComment.objects.get(comment="Nunua sasa")
    assert not comment.is_public and comment.is_spam
    assert comment.moderation_notes == [
        {"stage": "honeypot", "reason": "The hidden honeypot field was filled in."}
    ]
    assert "Nunua sasa" not in client.get(demo["sw_000"].url).content.decode()


def test_too_fast_comment_is_kept_as_spam(demo, client, reader, settings):
    settings.MAZUNGUMZO_SPAM_MIN_SECONDS = 3
    post(client, demo["sw_000"], "Haraka sana")
    comment = ArticleComment.objects.get(comment="Haraka sana")
    assert comment.is_spam and comment.moderation_notes[0]["stage"] == "minimum_time"


def test_many_links_wait_for_a_moderator(demo, client, reader):
    text = "Angalia https://a.example/ na https://b.example/ na https://c.example/"
    response = post(client, demo["sw_000"], text, HTTP_ACCEPT="application/json")
    assert response.status_code == 202
    assert response.json() == {
        "status": "held",
        "message": "Asante. Maoni yako yanasubiri msimamizi.",
    }
    comment = ArticleComment.objects.get(comment=text)
    assert not comment.is_public and not comment.is_spam


def test_posting_too_quickly_answers_429_with_retry_after(demo, client, reader, settings):
    settings.MAZUNGUMZO_RATE_LIMIT_COUNT = 2
    for index in range(2):
        assert post(client, demo["sw_000"], f"Maoni {index}").status_code == 302
    response = post(client, demo["sw_000"], "Maoni ya tatu", HTTP_ACCEPT="application/json")
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    [message] = response.json()["errors"]["__all__"]
    assert re.fullmatch(r"Unatuma haraka mno\. Tafadhali subiri sekunde \d+\.", message)
    page = post(client, demo["sw_000"], "Maoni ya nne")
    assert page.status_code == 429 and "Unatuma haraka mno" in page.content.decode()
    assert not ArticleComment.objects.filter(
        comment__in=["Maoni ya tatu", "Maoni ya nne"]
    ).exists()


def test_duplicate_post_is_refused_with_a_message(demo, client, reader):
    post(client, demo["sw_000"], ORDINARY)
    response = post(client, demo["sw_000"], ORDINARY)
    assert response.status_code == 400
    assert "Tayari umetuma maoni haya hapa." in response.content.decode()
    assert ArticleComment.objects.filter(comment=ORDINARY).count() == 1


def spam_listed_to_moderators(client, django_user_model) -> str:
    from django.contrib.auth.models import Group

    moderator = django_user_model.objects.create_user("msimamizi", email="mod@example.org")
    moderator.groups.add(Group.objects.get(name="Comment moderators"))
    client.force_login(moderator)
    response = client.get("/admin/snippets/conversation/articlecomment/", {"status": "spam"})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("accept", ["text/html", "application/json"])
@pytest.mark.parametrize(
    ("bot", "min_seconds", "stage"),
    [({"honeypot": "http://spam.example/"}, 0, "honeypot"), ({}, 3, "minimum_time")],
    ids=["honeypot", "too-fast"],
)
def test_anonymous_spam_mails_nobody_and_is_answered_like_a_real_pending_comment(
    demo,
    client,
    run_tasks,
    mailoutbox,
    settings,
    django_user_model,
    bot,
    min_seconds,
    stage,
    accept,
):
    """The site relays no mail for bots, and a bot cannot tell that it was caught."""
    page = demo["sw_000"]
    settings.MAZUNGUMZO_SPAM_MIN_SECONDS = min_seconds  # the test posts at once, as bots do
    bot_data = {"name": "Boti", "email": "lengo@example.org", "HTTP_ACCEPT": accept, **bot}
    caught = post(client, page, "Nunua sasa", **bot_data)
    run_tasks()
    assert mailoutbox == []
    comment = ArticleComment.objects.get(comment="Nunua sasa")
    assert not comment.is_public and comment.is_spam and not comment.followup
    assert [note["stage"] for note in comment.moderation_notes] == [stage]
    assert not PendingComment.objects.exists()
    assert not Notification.objects.filter(comment=comment).exists()

    settings.MAZUNGUMZO_SPAM_MIN_SECONDS = 0
    real = post(
        client, page, "Maoni halisi", name="Boti", email="lengo@example.org", HTTP_ACCEPT=accept
    )
    assert PendingComment.objects.filter(comment="Maoni halisi").exists()
    assert (caught.status_code, caught.content) == (real.status_code, real.content)
    run_tasks()
    assert [message.to for message in mailoutbox] == [["lengo@example.org"]]

    client.logout()
    assert "Nunua sasa" not in client.get(page.url).content.decode()
    assert "Nunua sasa" in spam_listed_to_moderators(client, django_user_model)


def test_anonymous_comment_caught_by_the_blocklist_mails_nobody(demo, client, run_tasks):
    from django.core import mail

    BlockedTerm.objects.create(kind=BlockedTerm.Kind.WORD, value="kasino")
    post(client, demo["sw_000"], "Cheza kasino leo", name="Mgeni", email="mgeni@example.org")
    run_tasks()
    assert mail.outbox == []
    comment = ArticleComment.objects.get(comment="Cheza kasino leo")
    assert not comment.is_public and comment.is_spam
    assert comment.moderation_notes[0]["stage"] == "blocklist"


def test_a_second_identical_pending_comment_is_refused(demo, client, run_tasks, mailoutbox):
    page = demo["sw_000"]
    first = post(client, page, ORDINARY, name="Zawadi", email="zawadi@example.org")
    assert first.status_code == 200
    again = post(client, page, f"  {ORDINARY} ", name="Zawadi", email="ZAWADI@example.org")
    assert again.status_code == 400
    assert "Tayari umetuma maoni haya hapa." in again.content.decode()
    assert PendingComment.objects.filter(comment=ORDINARY).count() == 1
    run_tasks()
    assert len(mailoutbox) == 1
    # Someone else may say the same; and so may Zawadi on another article.
    assert post(client, page, ORDINARY, name="Juma", email="juma@example.org").status_code == 200
    other = post(client, demo["sw_002"], ORDINARY, name="Zawadi", email="zawadi@example.org")
    assert other.status_code == 200


def test_a_pending_comment_whose_link_expired_is_no_duplicate(demo, settings):
    from datetime import timedelta

    from django.utils import timezone

    conversation = Conversation.for_page(demo["sw_000"])
    pending = PendingComment.objects.create(
        conversation=conversation,
        user_name="Zawadi",
        user_email="zawadi@example.org",
        comment=ORDINARY,
        language="sw",
    )
    copy = submission(conversation_id=conversation.pk)
    with pytest.raises(Refused):
        DuplicateStage().check(copy)
    days = settings.MAZUNGUMZO_COMMENT_CONFIRMATION_DAYS
    pending.created_at = timezone.now() - timedelta(days=days, minutes=1)
    pending.save()
    assert DuplicateStage().check(copy) is None


def test_pipeline_runs_the_configured_stages_in_order(settings):
    settings.MAZUNGUMZO_SPAM_STAGES = [
        "site_pages.moderation.stages.HoneypotStage",
        "site_pages.moderation.stages.LinkCountStage",
    ]
    result = run_pipeline(
        submission(honeypot="x", text="http://a.example http://b.example x.example www.d.example")
    )
    assert [f.stage for f in result.findings] == ["honeypot", "link_count"]
    assert result.verdict == Verdict.SPAM


def test_moderators_edit_the_blocklist_in_the_wagtail_admin(db, client, django_user_model):
    admin = django_user_model.objects.create_superuser("mod", "mod@example.org", "x")
    client.force_login(admin)
    response = client.post(
        "/admin/snippets/moderation/blockedterm/add/",
        {"kind": "domain", "value": "WWW.Spam.Example"},
    )
    assert response.status_code == 302
    assert BlockedTerm.objects.get().value == "spam.example"
    listing = client.get("/admin/snippets/moderation/blockedterm/")
    assert "spam.example" in listing.content.decode()


def test_editors_without_permission_cannot_touch_the_blocklist(db, client, django_user_model):
    from django.contrib.auth.models import Permission

    editor = django_user_model.objects.create_user("editor", password="x")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    response = client.post(
        "/admin/snippets/moderation/blockedterm/add/", {"kind": "word", "value": "x"}
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert not BlockedTerm.objects.exists()
