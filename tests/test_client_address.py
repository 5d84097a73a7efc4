"""The reader's address behind our proxies: rate limits, stored comments, Akismet, flags."""

import json
import logging

import pytest
from django.contrib.sessions.models import Session
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, RequestFactory

from home.logs import JsonFormatter
from site_pages.client_address import client_ip
from site_pages.conversation.models import ArticleComment, Conversation, PendingComment
from site_pages.moderation.models import Flag
from tests.helpers import local_server
from tests.test_akismet import API_KEY, FakeAkismet
from tests.test_conversation import post

PROXY = "10.0.0.2"  # our load balancer, as the app sees it
READER_A, READER_B = "203.0.113.10", "203.0.113.20"
# One rate-limit window for the whole test (the next boundary is in 2033): a test that
# happens to run across a window's edge must not see its counters reset halfway.
NO_EDGE = 10**9


def request_from(remote: str, forwarded: str | None = None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


@pytest.fixture
def no_proxy(settings):
    settings.MAZUNGUMZO_TRUSTED_PROXY_COUNT = 0
    settings.MAZUNGUMZO_TRUSTED_PROXIES = []
    return settings


@pytest.fixture
def one_proxy(no_proxy):
    no_proxy.MAZUNGUMZO_TRUSTED_PROXY_COUNT = 1
    return no_proxy


# client_ip on its own


def test_without_a_trusted_proxy_x_forwarded_for_is_ignored(no_proxy):
    assert client_ip(request_from("198.51.100.7", "203.0.113.5")) == "198.51.100.7"
    assert client_ip(request_from("198.51.100.7")) == "198.51.100.7"


def test_one_proxy_takes_the_right_most_entry_and_ignores_a_forged_left_part(one_proxy):
    assert client_ip(request_from(PROXY, READER_A)) == READER_A
    # The client sent "X-Forwarded-For: 6.6.6.6, 7.7.7.7"; our proxy appended its peer.
    assert client_ip(request_from(PROXY, f"6.6.6.6, 7.7.7.7,{READER_A}")) == READER_A


def test_two_proxies_take_the_second_entry_from_the_right(no_proxy):
    no_proxy.MAZUNGUMZO_TRUSTED_PROXY_COUNT = 2
    # client -> load balancer (10.0.0.1, appends the client) -> Varnish (appends 10.0.0.1)
    assert client_ip(request_from(PROXY, f"6.6.6.6, {READER_A}, 10.0.0.1")) == READER_A
    assert client_ip(request_from(PROXY, f"{READER_A}, 10.0.0.1")) == READER_A


def test_fewer_entries_than_proxies_falls_back_to_the_peer(no_proxy):
    no_proxy.MAZUNGUMZO_TRUSTED_PROXY_COUNT = 2
    assert client_ip(request_from(PROXY, READER_A)) == PROXY
    assert client_ip(request_from(PROXY)) == PROXY
    assert client_ip(request_from(PROXY, " , ")) == PROXY


def test_trusted_networks_are_walked_from_right_to_left(no_proxy):
    no_proxy.MAZUNGUMZO_TRUSTED_PROXIES = ["10.0.0.0/8", "fd00::/8"]
    chain = f"6.6.6.6, {READER_A}, 10.0.0.1, fd00::7"
    assert client_ip(request_from(PROXY, chain)) == READER_A
    # Any number of our own hops; the first outside address is the client, what the
    # client wrote further left is never read.
    assert client_ip(request_from(PROXY, f"6.6.6.6, {READER_A}")) == READER_A
    # A peer that is not ours: its header is not believed.
    assert client_ip(request_from("198.51.100.7", chain)) == "198.51.100.7"
    # Every hop inside our networks: the request started there.
    assert client_ip(request_from(PROXY, "10.1.2.3, 10.0.0.1")) == "10.1.2.3"
    assert client_ip(request_from(PROXY)) == PROXY


def test_trusted_networks_may_be_one_comma_separated_string(no_proxy):
    no_proxy.MAZUNGUMZO_TRUSTED_PROXIES = "192.0.2.0/24, 10.0.0.0/8"
    assert client_ip(request_from(PROXY, f"{READER_A}, 192.0.2.1")) == READER_A


def test_garbage_entries_never_become_the_address(no_proxy):
    no_proxy.MAZUNGUMZO_TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_from(PROXY, f"unknown, <script>, {READER_A}")) == READER_A
    assert client_ip(request_from(PROXY, "unknown")) == PROXY
    assert client_ip(request_from(PROXY, f"{READER_A}, 999.1.1.1")) == PROXY
    no_proxy.MAZUNGUMZO_TRUSTED_PROXY_COUNT = 0
    no_proxy.MAZUNGUMZO_TRUSTED_PROXIES = ["10.0.0.0/8"]
    # Garbage where our hop 10.0.0.1 should have written the client: 10.0.0.1 is the
    # nearest address we can name, never the forged one further left.
    assert client_ip(request_from(PROXY, f"{READER_A}, garbage, 10.0.0.1")) == "10.0.0.1"
    assert client_ip(request_from(PROXY, "garbage")) == PROXY
    assert client_ip(request_from("not-an-address", READER_A)) is None


def test_ipv6_ports_and_mapped_addresses_are_normalised(no_proxy):
    no_proxy.MAZUNGUMZO_TRUSTED_PROXIES = ["10.0.0.0/8", "fd00::/8"]
    assert client_ip(request_from("fd00::2", "2001:DB8:0:0::1")) == "2001:db8::1"
    assert client_ip(request_from("fd00::2", "[2001:db8::5]:443, fd00::9")) == "2001:db8::5"
    assert client_ip(request_from("fd00::2", "2001:db8::5%eth0")) == "2001:db8::5"
    assert client_ip(request_from("fd00::2", f"{READER_A}:51234")) == READER_A
    # A dual-stack socket reports an IPv4 peer as ::ffff:10.0.0.2: still our proxy.
    assert client_ip(request_from(f"::ffff:{PROXY}", READER_A)) == READER_A
    assert client_ip(request_from(f"::ffff:{PROXY}", f"::ffff:{READER_A}")) == READER_A
    no_proxy.MAZUNGUMZO_TRUSTED_PROXIES = []
    no_proxy.MAZUNGUMZO_TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_from("::1", "2001:db8::1")) == "2001:db8::1"


def test_a_wrong_setting_is_a_configuration_error(no_proxy):
    no_proxy.MAZUNGUMZO_TRUSTED_PROXIES = ["10.0.0.0/33"]
    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXIES"):
        client_ip(request_from(PROXY, READER_A))
    no_proxy.MAZUNGUMZO_TRUSTED_PROXIES = []
    no_proxy.MAZUNGUMZO_TRUSTED_PROXY_COUNT = -1
    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXY_COUNT"):
        client_ip(request_from(PROXY, READER_A))


def test_request_log_lines_name_the_reader_not_the_proxy(one_proxy):
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found", (), None
    )
    record.request = RequestFactory().get("/sw/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=READER_A)
    assert json.loads(JsonFormatter().format(record))["client"] == READER_A


# Comments through the real form


def reader_behind_proxy(address: str, forged: str = "") -> Client:
    """A browser whose requests reach the app through our proxy, which appends `address`."""
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"{forged}{address}")


def post_as(client: Client, page, index: int, who: str):
    return post(
        client,
        page,
        f"Maoni ya {who} namba {index}.",
        name=who,
        email=f"{who}{index}@example.org",  # a new address each time: only the IP can limit
        HTTP_ACCEPT="application/json",
    )


@pytest.fixture
def rate_limit(settings):
    settings.MAZUNGUMZO_RATE_LIMIT_COUNT = 5
    settings.MAZUNGUMZO_RATE_LIMIT_SECONDS = NO_EDGE


def test_readers_behind_a_trusted_proxy_each_have_their_own_budget(demo, one_proxy, rate_limit):
    page = demo["sw_000"]
    reader_a = reader_behind_proxy(READER_A)
    for index in range(5):
        # Forging a different left part each time does not make a new reader.
        reader_a.defaults["HTTP_X_FORWARDED_FOR"] = f"198.51.100.{index}, {READER_A}"
        assert post_as(reader_a, page, index, "amani").status_code == 202
    refused = post_as(reader_a, page, 5, "amani")
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    assert post_as(reader_behind_proxy(READER_B), page, 0, "baraka").status_code == 202

    stored = PendingComment.objects.values_list("user_name", "ip_address")
    assert sorted(set(stored)) == [("amani", READER_A), ("baraka", READER_B)]
    assert stored.count() == 6


def test_a_forged_header_from_an_untrusted_client_is_neither_believed_nor_stored(
    demo, no_proxy, rate_limit
):
    page = demo["sw_000"]
    client = Client(REMOTE_ADDR="198.51.100.7")
    for index in range(5):
        client.defaults["HTTP_X_FORWARDED_FOR"] = f"203.0.113.{index}"
        assert post_as(client, page, index, "amani").status_code == 202
    client.defaults["HTTP_X_FORWARDED_FOR"] = "203.0.113.99"
    assert post_as(client, page, 5, "amani").status_code == 429
    assert set(PendingComment.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}


def test_signed_in_and_spam_comments_store_the_readers_address(demo, one_proxy, django_user_model):
    page = demo["sw_000"]
    signed_in = reader_behind_proxy(READER_A)
    signed_in.force_login(django_user_model.objects.create_user("msomaji", email="m@example.org"))
    assert post(signed_in, page, "Makala nzuri sana.").status_code == 302
    assert ArticleComment.objects.get(comment="Makala nzuri sana.").ip_address == READER_A

    bot = reader_behind_proxy(READER_B, forged="192.0.2.66, ")
    post(bot, page, "Nunua sasa", name="Bot", email="bot@example.org", honeypot="ndiyo")
    assert ArticleComment.objects.get(comment="Nunua sasa").ip_address == READER_B


@pytest.fixture
def akismet_server(settings):
    with local_server(FakeAkismet) as server:
        settings.MAZUNGUMZO_AKISMET_API_KEY = API_KEY
        settings.MAZUNGUMZO_AKISMET_API_URL = f"http://127.0.0.1:{server.server_port}"
        yield server


def test_akismet_is_told_the_readers_address(demo, one_proxy, akismet_server):
    reader = reader_behind_proxy(READER_A, forged="192.0.2.66, ")
    post(reader, demo["sw_000"], "Asante kwa makala.", name="Amani", email="amani@example.org")
    [(path, fields)] = akismet_server.calls
    assert path == "/1.1/comment-check"
    assert fields["user_ip"] == READER_A


# Flags


def flaggable(demo, count: int) -> list[str]:
    conversation = Conversation.for_page(demo["sw_002"])
    numbers = ArticleComment.objects.filter(
        conversation=conversation, is_public=True, is_removed=False
    ).values_list("number", flat=True)
    urls = [f"/sw/comments/{conversation.pk}/{n}/flag/" for n in sorted(numbers)[:count]]
    assert len(urls) == count, "the demo thread has too few comments for this test"
    return urls


@pytest.fixture
def flag_limit(settings):
    settings.MAZUNGUMZO_FLAG_LIMIT_COUNT = 3
    settings.MAZUNGUMZO_FLAG_LIMIT_SECONDS = NO_EDGE


def test_a_client_dropping_cookies_cannot_flag_past_the_limit(demo, no_proxy, flag_limit):
    urls = flaggable(demo, 5)
    for url in urls[:3]:
        fresh = Client(REMOTE_ADDR="198.51.100.7")  # no cookies from the last request
        assert fresh.post(url, {"reason": "spam"}).status_code == 302
    refused = Client(REMOTE_ADDR="198.51.100.7").post(urls[3], {"reason": "spam"})
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    assert "Unatuma haraka mno" in refused.content.decode()
    as_json = Client(REMOTE_ADDR="198.51.100.7").post(
        urls[4], {"reason": "spam"}, HTTP_ACCEPT="application/json"
    )
    assert as_json.status_code == 429
    [message] = as_json.json()["errors"]["__all__"]
    assert message.startswith("Unatuma haraka mno.")
    assert Flag.objects.count() == 3
    # Another address still may.
    assert Client(REMOTE_ADDR="198.51.100.8").post(urls[4], {"reason": "spam"}).status_code == 302
    assert Flag.objects.count() == 4


def test_anonymous_flagging_writes_no_session(demo, no_proxy):
    [url] = flaggable(demo, 1)
    before = Session.objects.count()
    for _ in range(3):
        reader = Client(REMOTE_ADDR="198.51.100.7")
        assert reader.get(url).status_code == 200
        response = reader.post(url, {"reason": "abuse"}, follow=True)
        assert "Asante. Msimamizi ataangalia maoni haya." in response.content.decode()
    assert Session.objects.count() == before
    assert Flag.objects.count() == 1  # one address, one reader: once per comment


def test_two_readers_behind_the_proxy_each_flag_and_each_have_a_limit(demo, one_proxy, flag_limit):
    urls = flaggable(demo, 4)
    reader_a = reader_behind_proxy(READER_A)
    for url in urls[:3]:
        assert reader_a.post(url, {"reason": "spam"}).status_code == 302
    assert reader_a.post(urls[3], {"reason": "spam"}).status_code == 429
    reader_b = reader_behind_proxy(READER_B)
    assert reader_b.post(urls[0], {"reason": "off_topic"}).status_code == 302
    flagged = list(Flag.objects.values_list("comment_id", flat=True))
    assert len(flagged) == 4 and max(flagged.count(c) for c in flagged) == 2


def test_signed_in_readers_count_once_each_whatever_their_address(
    demo, no_proxy, django_user_model
):
    [url] = flaggable(demo, 1)
    for name in ("amani", "baraka"):
        reader = Client(REMOTE_ADDR="198.51.100.7")
        reader.force_login(django_user_model.objects.create_user(name))
        assert reader.post(url, {"reason": "spam"}).status_code == 302
        assert reader.post(url, {"reason": "abuse"}).status_code == 302
    assert Flag.objects.count() == 2
    assert Flag.objects.filter(user__isnull=False).count() == 2
