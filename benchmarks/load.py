"""Load on the production stack: the article page and its API, cached and not, against a file.

Run from the repository root:  .venv/bin/python benchmarks/load.py

Needs wrk (Debian package `wrk`), and the machine's own PostgreSQL and Redis (trust auth;
see --postgres and --redis). It makes a fresh PostgreSQL database, migrates it, loads the
demo, grows the Kiswahili article's conversation to 1,000 comments, and starts gunicorn
with production settings on 127.0.0.1, one server at a time:

1. page cache off (PAGE_CACHE_SECONDS=0): the article page and the conversation API are
   rendered on every request, from warm per-comment fragments; the page's HTML is saved
   under STATIC_ROOT;
2. page cache on: the same page and API answered from the cache, and the saved HTML served
   by WhiteNoise in the same gunicorn: the ceiling every rate is divided by; then 16
   signed-in writers post comments through the API for as long as each wrk run lasts.

Every rate is a ratio against the static file measured in the same run, so rows compare
across machines better than the raw numbers do. Everything is bounded in time; the servers
are killed, the database dropped and the Redis database flushed at the end, whatever happened.
"""

import argparse
import contextlib
import json
import os
import platform
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import psycopg
import redis
from psycopg import sql

REPO_ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = REPO_ROOT / ".venv" / "bin"
ARTICLE_SLUG = "je-uuzaji-wa-maingiliano-ni-nini"  # the Kiswahili demo article
COMMENTS = 1000
WRITERS = 16
STATIC_NAME = "load-benchmark/article.html"  # under STATIC_ROOT, served at STATIC_URL
COMMAND_TIMEOUT = 600  # seconds for any one manage.py command
START_TIMEOUT = 60  # seconds for gunicorn to answer
REQUEST_TIMEOUT = 30  # seconds for any one request of ours (and wrk's --timeout)
TARGET = 1 / 3  # the cached page should reach this share of the static file's rate
INHERITED = ("PATH", "HOME", "USER", "LANG", "LC_ALL", "TMPDIR")  # from the caller's environment

# Run by `manage.py shell -c` once the demo is loaded: the thread grows through the real
# ArticleComment.save() (benchmarks/thread_render.py), then the writers get their tokens.
SETUP = """
import json, random
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token
from benchmarks.thread_render import grow
from site_pages.conversation.models import ArticleComment, Conversation
from site_pages.conversation.tree import visible_count
from site_pages.models import ArticlePage
article = ArticlePage.objects.get(slug=%(slug)r)
conversation = Conversation.for_page(article)
grow(conversation, %(comments)d, random.Random(1))
users = get_user_model().objects
tokens = [
    Token.objects.create(
        user=users.create_user(f"writer{n}", f"writer{n}@example.org", first_name=f"Writer {n}")
    ).key
    for n in range(%(writers)d)
]
conversation.refresh_from_db()
replyable = ArticleComment.objects.filter(
    conversation=conversation, is_public=True, is_removed=False
).values_list("number", flat=True)
print("LOAD " + json.dumps({
    "article": article.pk,
    "path": article.get_url_parts()[2],
    "conversation": conversation.pk,
    "last_number": conversation.last_number,
    "visible": visible_count(conversation),
    "replyable": sorted(replyable),
    "tokens": tokens,
}))
"""


class BenchmarkError(Exception):
    """Something is wrong with the setup or an answer: the figures would mean nothing."""


# Processes ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Processes:
    """Commands and servers of this run, each in its own process group, logged to files."""

    def __init__(self, work: Path, env: dict[str, str]) -> None:
        self.work, self.env = work, env
        self.running: dict[str, subprocess.Popen] = {}

    def log(self, name: str) -> str:
        path = self.work / f"{name}.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def start(self, name: str, argv: list[str], **env: str) -> subprocess.Popen:
        with (self.work / f"{name}.log").open("ab") as log:
            process = subprocess.Popen(  # noqa: S603 - our own argv, no shell
                argv,
                cwd=REPO_ROOT,
                env={**self.env, **env},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: gunicorn's workers go with it
            )
        self.running[name] = process
        return process

    def manage(self, name: str, *argv: str, **env: str) -> str:
        """Run a manage.py command to the end; its output, or BenchmarkError with the log."""
        process = self.start(name, [sys.executable, "manage.py", *argv], **env)
        try:
            returncode = process.wait(timeout=COMMAND_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.stop(name)
            raise BenchmarkError(
                f"manage.py {argv[0]} ran longer than {COMMAND_TIMEOUT}s\n{self.log(name)}"
            ) from None
        self.running.pop(name, None)
        if returncode != 0:
            raise BenchmarkError(f"manage.py {argv[0]} failed\n{self.log(name)}")
        return (self.work / f"{name}.log").read_text(errors="replace")

    def stop(self, name: str) -> None:
        """SIGTERM to its process group, SIGKILL if it is not gone within 10 seconds."""
        process = self.running.pop(name, None)
        if process is None:
            return
        for sig in (signal.SIGTERM, signal.SIGKILL):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, sig)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=10)
                return

    def stop_all(self) -> None:
        for name in list(self.running):
            self.stop(name)


@contextlib.contextmanager
def gunicorn(
    processes: Processes, name: str, workers: int, probe: str, **env: str
) -> Iterator[str]:
    """One app server with production settings; yields its base URL, stops it afterwards."""
    port = free_port()
    argv = [
        str(VENV_BIN / "gunicorn"),
        *("home.wsgi", "-c", "/dev/null"),  # no gunicorn.conf.py from the checkout
        *("--workers", str(workers), "--bind", f"127.0.0.1:{port}"),
        *("--timeout", "60", "--graceful-timeout", "5", "--error-logfile", "-"),
    ]
    process = processes.start(name, argv, **env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if process.poll() is not None:
                raise BenchmarkError(f"gunicorn {name} exited\n{processes.log(name)}")
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(base + probe, timeout=REQUEST_TIMEOUT).status_code < 500:
                    break
            if time.monotonic() > deadline:
                raise BenchmarkError(
                    f"gunicorn {name} did not answer {probe} within {START_TIMEOUT}s\n"
                    + processes.log(name)
                )
            time.sleep(0.2)
        yield base
    finally:
        processes.stop(name)


# Databases -------------------------------------------------------------------------------


@contextlib.contextmanager
def fresh_database(admin_url: str) -> Iterator[str]:
    """A new PostgreSQL database with a unique name; dropped at the end, also on failure."""
    name = f"mazungumzo_load_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield urlsplit(admin_url)._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def count_fragments(client: redis.Redis) -> int:
    return sum(1 for _key in client.scan_iter(match="*mzg:frag:*", count=1000))


# wrk -------------------------------------------------------------------------------------


@dataclass
class Row:
    target: str
    rate: float  # requests per second
    p50: float  # ms
    p99: float  # ms
    requests: int
    socket_errors: int


UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
PERCENTILE = re.compile(r"^\s*(50|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s|m|h)\s*$", re.MULTILINE)
RATE = re.compile(r"^Requests/sec:\s+([\d.]+)", re.MULTILINE)
TOTAL = re.compile(r"^\s*(\d+) requests in ", re.MULTILINE)
NON_2XX = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
SOCKET_ERRORS = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")


def run_wrk(wrk: str, url: str, connections: int, seconds: int) -> str:
    argv = [
        wrk,
        *(f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds}s"),
        *("--timeout", f"{REQUEST_TIMEOUT}s", "--latency", url),
    ]
    try:
        done = subprocess.run(  # noqa: S603 - our own argv, no shell
            argv, capture_output=True, text=True, timeout=seconds + 60, check=False
        )
    except subprocess.TimeoutExpired:
        raise BenchmarkError(f"wrk on {url} did not finish within {seconds + 60}s") from None
    if done.returncode != 0:
        raise BenchmarkError(f"wrk on {url} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def warm(url: str, connections: int) -> None:
    """`connections` GETs at once, every one answered 200, not counted.

    Every worker has served the URL afterwards, and whatever the previous wrk run left
    queued in gunicorn's backlog (its last requests are still served after wrk hung up)
    is done before the next run starts: slow targets would otherwise inherit that queue.
    """

    def fetch(_n: int) -> int:
        return httpx.get(url, timeout=2 * REQUEST_TIMEOUT).status_code

    with ThreadPoolExecutor(connections) as pool:
        statuses = Counter(pool.map(fetch, range(connections)))
    if set(statuses) != {200}:
        raise BenchmarkError(f"warming up {url}: answers {dict(statuses)}")


def measure(target: str, wrk: str, url: str, connections: int, seconds: int) -> Row:
    warm(url, connections)
    out = run_wrk(wrk, url, connections, seconds)
    rate, total = RATE.search(out), TOTAL.search(out)
    percentiles = {p: float(value) * UNIT_MS[unit] for p, value, unit in PERCENTILE.findall(out)}
    if not rate or not total or int(total.group(1)) == 0 or set(percentiles) != {"50", "99"}:
        raise BenchmarkError(
            f"wrk on {url}: no request completed (try more --seconds) or unreadable output:\n{out}"
        )
    non_2xx = NON_2XX.search(out)
    if non_2xx:
        raise BenchmarkError(f"wrk on {url}: {non_2xx.group(1)} answers were not 2xx/3xx\n{out}")
    errors = SOCKET_ERRORS.search(out)
    return Row(
        target=target,
        rate=float(rate.group(1)),
        p50=percentiles["50"],
        p99=percentiles["99"],
        requests=int(total.group(1)),
        socket_errors=sum(int(n) for n in errors.groups()) if errors else 0,
    )


# Checks of single answers ----------------------------------------------------------------


def get(url: str) -> httpx.Response:
    response = httpx.get(url, timeout=REQUEST_TIMEOUT)
    if response.status_code != 200:
        raise BenchmarkError(f"GET {url} answered {response.status_code}: {response.text[:500]}")
    return response


def expect_cache(url: str, state: str | None) -> httpx.Response:
    """GET twice (the first may fill the cache); the second must say X-Page-Cache: state."""
    get(url)
    response = get(url)
    seen = response.headers.get("X-Page-Cache")
    if seen != state:
        raise BenchmarkError(f"GET {url}: X-Page-Cache is {seen!r}, expected {state!r}")
    return response


# Writers ---------------------------------------------------------------------------------


@dataclass
class Posting:
    statuses: Counter
    numbers: list[int]  # of the comments answered with 201
    seconds: float


def post_comments(url: str, tokens: list[str], replyable: list[int], seconds: int) -> Posting:
    """One thread per token posts until the time is up: a third new threads, the rest replies."""
    deadline = time.monotonic() + seconds
    run = uuid.uuid4().hex[:8]

    def writer(index: int) -> tuple[Counter, list[int]]:
        rng = random.Random(index)
        statuses: Counter = Counter()
        numbers: list[int] = []
        headers = {"Authorization": f"Token {tokens[index]}"}
        with httpx.Client(headers=headers, timeout=REQUEST_TIMEOUT) as client:
            n = 0
            while time.monotonic() < deadline:
                n += 1
                body = {
                    "comment": f"Mwandishi {index}, ujumbe {n} ({run}).",
                    "reply_to": 0 if rng.random() < 0.33 else rng.choice(replyable),
                }
                try:
                    response = client.post(url, json=body)
                except httpx.HTTPError as error:
                    statuses[type(error).__name__] += 1
                    continue
                statuses[response.status_code] += 1
                if response.status_code == 201:
                    numbers.append(response.json()["comment"]["number"])
        return statuses, numbers

    start = time.monotonic()
    with ThreadPoolExecutor(len(tokens)) as pool:
        results = list(pool.map(writer, range(len(tokens))))
    elapsed = time.monotonic() - start
    statuses: Counter = Counter()
    numbers: list[int] = []
    for writer_statuses, writer_numbers in results:
        statuses.update(writer_statuses)
        numbers.extend(writer_numbers)
    return Posting(statuses, numbers, elapsed)


def check_posted(database_url: str, conversation: int, before: int, posting: Posting) -> str:
    """Compare the database with the 201s: the result line, or BenchmarkError."""
    with psycopg.connect(database_url, connect_timeout=5) as db:
        stored = [
            number
            for (number,) in db.execute(
                "SELECT number FROM conversation_articlecomment"
                " WHERE conversation_id = %s AND number > %s ORDER BY number",
                (conversation, before),
            )
        ]
        (last_number,) = db.execute(
            "SELECT last_number FROM conversation_conversation WHERE id = %s", (conversation,)
        ).fetchone()
    answered = posting.numbers
    lost = len(set(answered) - set(stored))
    problems = []
    if posting.statuses.get(201, 0) != len(stored):
        problems.append(f"{posting.statuses.get(201, 0)} answered 201, {len(stored)} stored")
    if len(set(answered)) != len(answered):
        problems.append("the same number was answered twice")
    if stored != list(range(before + 1, before + len(stored) + 1)):
        problems.append("stored numbers are not unique and contiguous")
    if last_number != before + len(stored):
        problems.append(f"last_number is {last_number}, expected {before + len(stored)}")
    others = {status: n for status, n in posting.statuses.items() if status != 201}
    if others:
        problems.append(f"other answers: {others}")
    line = (
        f"Posting: {WRITERS} signed-in writers, {len(stored)} comments in "
        f"{posting.seconds:.1f} s: {len(stored) / posting.seconds:.1f} posted/s, lost {lost}"
    )
    if problems or lost:
        raise BenchmarkError(line + "\n" + "; ".join(problems))
    if stored:
        line += f" (numbers {stored[0]}-{stored[-1]}, unique and contiguous)"
    return line


# The machine -----------------------------------------------------------------------------


def machine(admin_url: str, client: redis.Redis) -> str:
    cpuinfo = Path("/proc/cpuinfo").read_text(errors="replace")
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.MULTILINE)
    meminfo = Path("/proc/meminfo").read_text(errors="replace")
    memory = re.search(r"^MemTotal:\s+(\d+) kB", meminfo, re.MULTILINE)
    with psycopg.connect(admin_url, connect_timeout=5) as db:
        (postgres,) = db.execute("SHOW server_version").fetchone()
    cpu = model.group(1).strip() if model else platform.processor() or "unknown CPU"
    ram = f"{int(memory.group(1)) / 2**20:.1f} GiB RAM" if memory else "unknown RAM"
    return (
        f"nproc {len(os.sched_getaffinity(0))}, {cpu}, {ram}, "
        f"PostgreSQL {postgres.split()[0]}, Redis {client.info('server')['redis_version']}, "
        f"Python {platform.python_version()}"
    )


def print_table(rows: list[Row], static_rate: float) -> None:
    header = ("target", "req/s", "p50 ms", "p99 ms", "ratio to static")
    lines = [
        (
            row.target,
            f"{row.rate:.1f}",
            f"{row.p50:.1f}",
            f"{row.p99:.1f}",
            f"{row.rate / static_rate:.2f}",
        )
        for row in rows
    ]
    widths = [max(len(cells[i]) for cells in [header, *lines]) for i in range(len(header))]

    def show(cells: tuple[str, ...]) -> str:
        padded = [
            cell.ljust(width) if i == 0 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ]
        return "| " + " | ".join(padded) + " |"

    print(show(header))
    rule = ["-" * widths[0], *("-" * (width - 1) + ":" for width in widths[1:])]
    print("| " + " | ".join(rule) + " |")  # numbers aligned right
    for cells in lines:
        print(show(cells))


# The run ---------------------------------------------------------------------------------


def arguments() -> argparse.Namespace:
    cores = len(os.sched_getaffinity(0))
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--workers", type=int, default=2 * cores, help="gunicorn workers")
    parser.add_argument("--seconds", type=int, default=10, help="each wrk run and the posting")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections")
    parser.add_argument(
        "--postgres",
        default="postgres://postgres@127.0.0.1:5432/postgres",
        help="a PostgreSQL database to connect to for creating (and dropping) the run's own",
    )
    parser.add_argument(
        "--redis",
        default="redis://127.0.0.1:6379/14",
        help="the Redis database the servers cache in; FLUSHED at the start and the end",
    )
    return parser.parse_args()


def main() -> int:
    args = arguments()
    wrk = shutil.which("wrk")
    if wrk is None:
        print(
            "wrk not found: install the Debian package `wrk` (sudo apt-get install -y wrk).",
            file=sys.stderr,
        )
        return 2
    # A SIGTERM ends the run like Ctrl-C does: through every `finally` below.
    signal.signal(signal.SIGTERM, lambda *_args: sys.exit(143))
    cache = redis.Redis.from_url(args.redis, socket_connect_timeout=3, socket_timeout=10)
    try:
        cache.flushdb()
        description = machine(args.postgres, cache)
    except (redis.RedisError, psycopg.Error) as error:
        print(f"PostgreSQL at {args.postgres} and Redis at {args.redis} needed: {error}")
        return 2
    work = Path(tempfile.mkdtemp(prefix="mazungumzo-load-"))
    static_root = work / "static"
    processes: Processes | None = None
    try:
        with fresh_database(args.postgres) as database_url:
            env = {
                # Only what a process needs from ours: a stray FRONTEND_CACHE_URL, SEARCH_URL
                # or PAGE_CACHE_SECONDS in the caller's shell would change what is measured.
                **{name: os.environ[name] for name in INHERITED if name in os.environ},
                "DJANGO_SETTINGS_MODULE": "settings.production",
                "SECRET_KEY": secrets.token_urlsafe(45)[:60],
                "ALLOWED_HOSTS": "127.0.0.1",
                "DATABASE_URL": database_url,
                "CACHE_URL": args.redis,
                "SECURE_SSL_REDIRECT": "false",
                "DB_CONN_MAX_AGE": "60",
                "STATIC_ROOT": str(static_root),
                "MEDIA_ROOT": str(work / "media"),
                "COMMENTS_PER_PAGE": "2000",  # the whole thread on one page
                "RATE_LIMIT_COUNT": "1000000",  # 16 writers from one address, as fast as can be
                "PYTHONUNBUFFERED": "1",
            }
            processes = Processes(work, env)
            print(f"Setting up {database_url.rsplit('/', 1)[-1]} (a few minutes)...", flush=True)
            processes.manage("collectstatic", "collectstatic", "--no-input")
            processes.manage("migrate", "migrate", "--no-input")
            processes.manage("load_demo", "load_demo", "--no-admin")
            setup_output = processes.manage(
                "setup",
                "shell",
                "-c",
                SETUP % {"slug": ARTICLE_SLUG, "comments": COMMENTS, "writers": WRITERS},
            )
            if "LOAD " not in setup_output:
                raise BenchmarkError(f"the setup printed no result\n{setup_output[-3000:]}")
            demo = json.loads(setup_output.split("LOAD ", 1)[1].splitlines()[0])
            path = demo["path"]
            api_path = f"/api/articles/{demo['article']}/comments/"
            static_path = f"/static/{STATIC_NAME}"
            rows: dict[str, Row] = {}

            def bench(target: str, url: str) -> None:
                print(f"  {target}...", flush=True)
                rows[target] = measure(target, wrk, url, args.connections, args.seconds)

            print(f"Server 1: page cache off, {args.workers} workers", flush=True)
            with gunicorn(
                processes, "uncached", args.workers, path, PAGE_CACHE_SECONDS="0"
            ) as base:
                page = expect_cache(base + path, None)
                shown = page.text.count('<li class="comment')
                if shown != demo["visible"] or shown < COMMENTS * 0.9:
                    raise BenchmarkError(
                        f"the page shows {shown} comments, the thread has {demo['visible']}"
                    )
                fragments = count_fragments(cache)
                if fragments < shown:
                    raise BenchmarkError(f"{fragments} fragments cached for {shown} comments")
                api = expect_cache(base + api_path, None)
                saved = static_root / STATIC_NAME
                saved.parent.mkdir(parents=True, exist_ok=True)
                saved.write_bytes(page.content)
                bench("article page, uncached (fragments warm)", base + path)
                bench("conversation API, uncached", base + api_path)

            print(f"Server 2: page cache on, {args.workers} workers", flush=True)
            with gunicorn(processes, "cached", args.workers, path) as base:
                static = get(base + static_path)
                if static.content != page.content or "X-Page-Cache" in static.headers:
                    raise BenchmarkError(f"{static_path} is not the saved page")
                cached = expect_cache(base + path, "hit")
                expect_cache(base + api_path, "hit")
                bench("static file (WhiteNoise)", base + static_path)
                bench("article page, cached", base + path)
                bench("conversation API, cached", base + api_path)
                print(f"  posting with {WRITERS} writers...", flush=True)
                warm(base + path, args.connections)  # nothing left queued from wrk
                posting = post_comments(
                    base + api_path, demo["tokens"], demo["replyable"], args.seconds
                )
            posted = check_posted(database_url, demo["conversation"], demo["last_number"], posting)
    except BenchmarkError as error:
        print(f"FAILED: {error}", file=sys.stderr)
        return 1
    finally:
        if processes is not None:
            processes.stop_all()
        with contextlib.suppress(redis.RedisError):
            cache.flushdb()
        shutil.rmtree(work, ignore_errors=True)

    static_rate = rows["static file (WhiteNoise)"].rate
    order = [
        "static file (WhiteNoise)",
        "article page, cached",
        "article page, uncached (fragments warm)",
        "conversation API, cached",
        "conversation API, uncached",
    ]
    print()
    print_table([rows[target] for target in order], static_rate)
    print()
    print(f"Machine: {description}")
    print(
        f"Load: gunicorn {args.workers} sync workers, settings.production, PostgreSQL + Redis; "
        f"wrk -t{min(2, args.connections)} -c{args.connections} -d{args.seconds}s "
        f"after {args.connections} warm-up requests; "
        f"article {demo['visible']} comments on one page, "
        f"page {len(page.content) / 1024:.0f} KiB (cached copy "
        f"{len(cached.content) / 1024:.0f} KiB), API {len(api.content) / 1024:.0f} KiB"
    )
    for row in rows.values():
        if row.socket_errors:
            print(f"Note: {row.target}: {row.socket_errors} socket errors in {row.requests}")
    share = rows["article page, cached"].rate / static_rate
    print(
        f"Target: cached page at >= 1/3 of the static file's rate: "
        f"{'met' if share >= TARGET else 'NOT met'} ({share:.2f})"
    )
    print(posted)
    return 0


if __name__ == "__main__":
    sys.exit(main())
