"""Reply notifications: one mail per person per comment, in their language, through the queue."""

import re

import pytest
from django.core import mail

from site_pages.conversation.models import ArticleComment, Conversation, Follow, Notification
from site_pages.models import Author
from tests.test_conversation import post


@pytest.fixture
def reader(django_user_model):
    return django_user_model.objects.create_user(
        "msomaji", email="msomaji@example.org", password="x", first_name="Zawadi"
    )


def unfollow_link(message) -> str:
    return re.search(r"http://testserver(/\w\w/comments/unfollow/\S+/)", message.body).group(1)


def test_parent_author_gets_one_mail_in_their_language(demo, client, reader, run_tasks):
    client.force_login(reader)
    post(client, demo["cy_001"], "Diolch Doug, cytuno'n llwyr.", reply_to=1)
    assert mail.outbox == []  # nothing is sent inside the request
    run_tasks()
    run_tasks()  # a second pass finds nothing left to send

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["doug@example.org"]
    # Doug wrote comment 1 in Kiswahili: the mail is in Kiswahili, about the sw article.
    assert (
        message.subject == "Jibu jipya kwa maoni yako kuhusu “Je! Uuzaji wa maingiliano ni nini?”"
    )
    assert "Hii ni kweli sana" in message.body  # the comment answered
    assert "Diolch Doug, cytuno'n llwyr." in message.body  # the reply
    permalink = re.search(r"http://testserver(/sw/comments/\d+/4/)", message.body).group(1)
    assert client.get(permalink)["Location"] == f"{demo['sw_000'].url}#c4"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_stop_following_link_works_in_one_click(demo, client, reader, run_tasks):
    client.force_login(reader)
    post(client, demo["sw_000"], "Jibu la kwanza", reply_to=1)
    run_tasks()
    link = unfollow_link(mail.outbox[0])
    client.logout()

    response = client.get(link)
    assert response.status_code == 200
    assert "Umeacha kufuatilia mazungumzo haya" in response.content.decode()
    follow = Follow.objects.get(email="doug@example.org")
    assert not follow.is_active

    client.force_login(reader)
    post(client, demo["sw_000"], "Jibu la pili", reply_to=1)
    run_tasks()
    assert len(mail.outbox) == 1  # Doug asked not to hear more


def test_one_click_unsubscribe_post_from_a_mail_client(demo, client, reader, run_tasks):
    client.force_login(reader)
    post(client, demo["sw_000"], "Jibu", reply_to=1)
    run_tasks()
    link = unfollow_link(mail.outbox[0])
    client.logout()
    csrf_client = client.__class__(enforce_csrf_checks=True)
    assert csrf_client.post(link, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert not Follow.objects.get(email="doug@example.org").is_active


def test_forged_unfollow_link_is_refused(demo, client):
    assert client.get("/sw/comments/unfollow/forged/").status_code == 404


def test_followers_and_the_article_author_each_get_one_mail(
    demo, client, reader, run_tasks, django_user_model
):
    author = Author.objects.get(name="Doug", locale__language_code="sw")
    author.email = "doug@example.org"  # also the author of comment 1
    author.save()
    client.force_login(reader)
    post(client, demo["cy_001"], "Rwy'n dilyn y sgwrs hon.", followup="on")
    assert Follow.objects.get(email="msomaji@example.org").language == "cy"
    run_tasks()
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["doug@example.org"], "Maoni mapya kuhusu “Je! Uuzaji wa maingiliano ni nini?”")
    ]  # the article's author hears of a new top-level comment
    mail.outbox.clear()

    other = django_user_model.objects.create_user("wa-pili", email="pili@example.org")
    client.force_login(other)
    post(client, demo["sw_000"], "Nakubaliana na Doug.", reply_to=1)
    run_tasks()

    recipients = sorted((m.to[0], m.subject) for m in mail.outbox)
    assert recipients == [
        (
            "doug@example.org",
            "Jibu jipya kwa maoni yako kuhusu “Je! Uuzaji wa maingiliano ni nini?”",
        ),
        ("msomaji@example.org", "Sylw newydd ar “Beth yw marchnata rhyngweithiol?”"),
    ]
    assert Notification.objects.filter(comment__comment="Nakubaliana na Doug.").count() == 2


def test_comment_approved_later_notifies_as_if_published_at_once(demo, client, reader, run_tasks):
    parent = ArticleComment.objects.get(
        conversation=Conversation.for_page(demo["sw_000"]), number=1
    )
    held = ArticleComment(
        conversation=parent.conversation,
        content_object=parent.conversation,
        site_id=1,
        user_name="Zawadi",
        user_email="msomaji@example.org",
        comment="Nimeshikiliwa kwa ukaguzi",
        language="sw",
        parent_id=parent.pk,
        is_public=False,
    )
    held.save()
    run_tasks()
    assert mail.outbox == []

    held.is_public = True
    held.save()
    held.save()  # saving again sends nothing more
    run_tasks()
    assert [m.to for m in mail.outbox] == [["doug@example.org"]]
    assert "Nimeshikiliwa kwa ukaguzi" in mail.outbox[0].body
