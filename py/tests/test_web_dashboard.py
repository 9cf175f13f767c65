"""Mission Control Web in a real headless Chromium (Debian's chromium + chromedriver,
driven by selenium), served by `claude-gateway web` as a subprocess that connects
as a claude_reader LOGIN role.  Every page renders with data; a message sent
through SQL appears on the open page without a reload; agents' text stays inert.
Screenshots of every page go to $CGW_ARTIFACTS (default build/test-artifacts/web)."""

from __future__ import annotations

import base64
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
import pytest
from _logins import login_factory

import claude_gateway

selenium = pytest.importorskip("selenium", reason="the dev extra brings selenium")
from selenium import webdriver  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")
ARTIFACTS = Path(
    os.environ.get("CGW_ARTIFACTS") or Path(__file__).parents[2] / "build" / "test-artifacts" / "web"
)
XSS_SCRIPT = "<script>window.__pwned = 1</script>"
XSS_IMG = '<img src=x onerror="window.__pwned = 2">'


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(
    dsn: str, host: str = "127.0.0.1", env: dict[str, str] | None = None
) -> tuple[subprocess.Popen[str], str]:
    port = _free_port()
    full = {**os.environ, **(env or {})}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "claude_gateway.cli",
            "web",
            "--host",
            host,
            "--port",
            str(port),
            "--dsn",
            dsn,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=full,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/healthz", timeout=1)  # noqa: S310 - loopback
            return proc, url
        except urllib.error.HTTPError:
            return proc, url  # up, but asks for credentials
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise AssertionError(f"the dashboard did not start: {proc.communicate()[0]}")


@contextmanager
def serving(dsn: str, host: str = "127.0.0.1", env: dict[str, str] | None = None
            ) -> Iterator[tuple[str, list[str]]]:
    """The dashboard served on `dsn` for the block: (its URL, a list that receives what the
    server printed once it has stopped)."""
    proc, url = _serve(dsn, host, env)
    printed: list[str] = []
    try:
        yield url, printed
    finally:
        proc.terminate()
        printed.append(proc.communicate(timeout=10)[0])


@pytest.fixture(scope="module")
def world(dsn: str) -> dict[str, Any]:
    """Data on every page, made through the API (as the owner)."""
    tag = uuid.uuid4().hex[:6]
    project = f"mcw-{tag}"
    with claude_gateway.connect(dsn) as gw:
        alice = gw.register_identity(
            identity_name=f"mcw-alice-{tag}", platform="claude-code", role_description="mcw"
        )
        bob = gw.register_identity(
            identity_name=f"mcw-bob-{tag}", platform="claude-code", role_description="mcw"
        )
        sa = gw.start_session(identity_id=alice, project_name=project)
        sb = gw.start_session(identity_id=bob, project_name=project)
        first = gw.send_message(
            from_session_id=sa,
            to_session_id=sb,
            subject=f"review {tag}",
            body="PR #12, please",
            priority="urgent",
        )
        gw.send_message(
            from_session_id=sb,
            to_session_id=sa,
            subject=f"re: review {tag}",
            body="approved",
            in_reply_to=first,
        )
        gw.send_message(
            from_session_id=sa, to_session_id=sb, subject=f"hostile {tag}", body=XSS_SCRIPT + XSS_IMG
        )
        gw.broadcast_to_project(
            from_session_id=sa, project_name=project, subject=f"freeze {tag}", body="at five"
        )
        job = gw.create_scheduled_job(
            job_name=f"mcw-job-{tag}",
            job_type="maintenance",
            command="true",
            trigger_type="on_demand",
            project_name=project,
        )
        gw.claim_job(job_id=job)
        gw.update_job_result(job_id=job, status="FAILED", error="disk full")
        gw.create_reminder(
            title=f"release notes {tag}", check_after=datetime(2020, 1, 1, tzinfo=UTC), project_name=project
        )
        gw.record_knowledge(
            title=f"vacuum partitions {tag}",
            description="run VACUUM per partition",
            knowledge_type="gotcha",
            learned_by_identity_id=alice,
        )
        gw.log_activity(
            source_type="test",
            source_id=job,
            actor="mcw",
            activity_type="boom",
            title=f"something broke {tag}",
            severity="error",
            project_name=project,
        )
    return {"tag": tag, "project": project, "sa": sa, "sb": sb, "first": first}


@pytest.fixture(scope="module")
def server(dsn: str, world: dict[str, Any]) -> Iterator[str]:
    with contextmanager(login_factory)(dsn) as login, serving(login("claude_reader", "cgw_mcw")) as (url, _):
        yield url


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    yield from chromium(tmp_path_factory)


def chromium(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Debian's headless Chromium under chromedriver (shared with test_web_voice)."""
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.fail("chromium and chromium-driver are not installed (scripts/setup.sh installs them)")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
        "--window-size=1280,1000",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium')}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def open_live(browser: Any, url: str) -> None:
    """Load a live page, wait until its event stream is on, and mark the page: while
    window.__same_page is true, nothing has reloaded it since."""
    browser.get(url)
    WebDriverWait(browser, 10).until(
        lambda d: "on" in (d.find_element(By.ID, "live").get_attribute("class") or "")
    )
    browser.execute_script("window.__same_page = true")


def _shot(browser: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / f"{name}.png"))


@pytest.mark.parametrize(
    "path, expect",
    [
        ("/activity", "something broke"),
        ("/messages", "review"),
        ("/agents", "mcw-alice"),
        ("/scheduler", "mcw-job"),
        ("/reminders", "release notes"),
        ("/knowledge?q=vacuum+partition", "vacuum partitions"),
    ],
)
def test_every_page_renders_with_data(
    browser: Any, server: str, world: dict[str, Any], path: str, expect: str
) -> None:
    browser.get(server + path)
    text = browser.find_element(By.TAG_NAME, "main").text
    assert f"{expect} {world['tag']}" in text or f"{expect}-{world['tag']}" in text, text[:2000]
    _shot(browser, path.strip("/").split("?")[0])
    assert browser.execute_script("return window.__pwned") is None


def test_errors_stand_out_and_charts_are_drawn(browser: Any, server: str, world: dict[str, Any]) -> None:
    browser.get(server + "/activity")
    row = browser.find_element(By.XPATH, f"//tr[td[contains(., 'something broke {world['tag']}')]]")
    assert "sev-error" in (row.get_attribute("class") or "")
    assert browser.find_elements(By.CSS_SELECTOR, "figure svg rect"), "the activity chart has bars"
    browser.get(server + "/scheduler")
    assert browser.find_elements(By.CSS_SELECTOR, "figure svg rect"), "the job outcomes chart has bars"


def test_a_thread_shows_replies_and_per_recipient_state(
    browser: Any, server: str, world: dict[str, Any]
) -> None:
    browser.get(f"{server}/messages/{world['first']}")
    text = browser.find_element(By.TAG_NAME, "main").text
    assert f"review {world['tag']}" in text and f"re: review {world['tag']}" in text
    assert f"mcw-bob-{world['tag']}" in text and "pending" in text
    _shot(browser, "thread")


def test_injected_markup_stays_text(browser: Any, server: str, world: dict[str, Any]) -> None:
    browser.get(server + "/messages")
    cell = browser.find_element(By.XPATH, f"//tr[td/a[text()='hostile {world['tag']}']]/td[@class='body']")
    assert cell.text == XSS_SCRIPT + XSS_IMG, "shown as the text it is"
    assert browser.execute_script("return window.__pwned") is None, "and never run"
    assert not browser.find_elements(By.CSS_SELECTOR, "main img"), "no element was created from it"


def test_a_message_sent_through_sql_appears_without_a_reload(
    browser: Any, server: str, dsn: str, world: dict[str, Any]
) -> None:
    open_live(browser, server + "/messages")
    subject = f"live {uuid.uuid4().hex[:6]}"
    body = XSS_IMG + " live"
    with psycopg.connect(dsn, autocommit=True) as c:
        c.execute(
            "SELECT claude.send_message(from_session_id => %s, to_session_id => %s,"
            " subject => %s, body => %s)",
            (world["sa"], world["sb"], subject, body),
        )
    started = time.monotonic()
    WebDriverWait(browser, 10).until(lambda d: subject in d.find_element(By.ID, "message-rows").text)
    print(
        f"\n[web] a message sent through SQL appeared on the open page after "
        f"{time.monotonic() - started:.2f} s"
    )
    assert browser.execute_script("return window.__same_page") is True, "no reload happened"
    assert browser.execute_script("return window.__pwned") is None
    _shot(browser, "messages-live")


def test_an_activity_row_written_after_load_appears_without_a_reload(
    browser: Any, server: str, dsn: str, world: dict[str, Any]
) -> None:
    open_live(browser, server + "/activity")
    title = f"live activity {uuid.uuid4().hex[:6]}"
    with claude_gateway.connect(dsn) as gw:
        gw.log_activity(source_type="test", source_id=None, actor="mcw", activity_type="live",
                        title=title, summary=XSS_IMG, severity="warning", project_name=world["project"])
    WebDriverWait(browser, 15).until(lambda d: title in d.find_element(By.ID, "activity-rows").text)
    row = browser.find_element(By.XPATH, f"//tbody[@id='activity-rows']/tr[td[text()='{title}']]")
    assert "sev-warning" in (row.get_attribute("class") or "")
    assert browser.execute_script("return window.__same_page") is True, "no reload happened"
    assert browser.execute_script("return window.__pwned") is None
    # Shown once, though the server looks back over rows it may already have sent.
    rows = browser.find_elements(By.XPATH, f"//tbody[@id='activity-rows']/tr[td[text()='{title}']]")
    assert len(rows) == 1
    _shot(browser, "activity-live")


def _sse_events(url: str, deadline: float) -> Iterator[tuple[str, Any]]:
    """(event name, parsed data) from a Server-Sent Events stream, until `deadline`."""
    parts = urllib.parse.urlsplit(url)
    timeout = max(1.0, deadline - time.monotonic())
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=timeout)
    try:
        conn.request("GET", f"{parts.path}?{parts.query}", headers={"Accept": "text/event-stream"})
        response = conn.getresponse()
        assert response.status == 200 and response.headers["content-type"].startswith("text/event-stream")
        name, data = "", ""
        while time.monotonic() < deadline:
            line = response.fp.readline().decode()
            if not line:
                return
            line = line.rstrip("\n")
            if line.startswith("event: "):
                name = line[7:]
            elif line.startswith("data: "):
                data = line[6:]
            elif line.startswith("retry: "):
                yield "retry", line[7:]
            elif line == "" and name:
                yield name, json.loads(data)
                name, data = "", ""
    finally:
        conn.close()


def test_the_event_stream_delivers_activity_written_after_it_opened_and_stays_bounded(
    server: str, dsn: str, world: dict[str, Any]
) -> None:
    """The stream (read as the reader login the server runs as) polls activity_history:
    rows written after it opened arrive, at most one page (50 rows) per event."""
    tag = uuid.uuid4().hex[:6]
    events = _sse_events(server + "/events?activity=", time.monotonic() + 30)
    assert next(events) == ("retry", "2000"), "the stream is open"
    with psycopg.connect(dsn, autocommit=True) as c:
        c.execute(
            "SELECT claude.log_activity(source_type => 'test', source_id => NULL, actor => 'mcw',"
            " activity_type => 'bulk', title => format('bulk %%s %%s', %s::text, n), project_name => %s)"
            " FROM generate_series(1, 120) n",
            (tag, world["project"]),
        )
    titles: list[str] = []
    for name, data in events:
        if name == "activity":
            assert len(data) <= 50, "one event carries at most a page of rows"
            titles += [r["title"] for r in data if tag in r["title"]]
            if titles:
                break
    assert titles, "the rows written after the stream opened arrived"
    assert f"bulk {tag} 120" in titles, "the newest rows first"
    assert len(titles) == len(set(titles)) <= 50


def test_the_event_stream_catches_up_on_messages_and_on_a_late_commit(
    server: str, dsn: str, world: dict[str, Any]
) -> None:
    """Live messages are read by key with a look-back, not only when a notification comes:
    a message committed between reading the page and the stream opening arrives at once,
    and one whose transaction began before a newer message was sent live (an earlier
    created_at, committed later) still arrives; each once."""
    tag = uuid.uuid4().hex[:6]
    send = ("SELECT claude.send_message(from_session_id => %s, to_session_id => %s, subject => %s,"
            " body => 'b')")
    with psycopg.connect(dsn, autocommit=True) as c:
        c.execute(send, (world["sa"], world["sb"], f"shown {tag}"))
        page = c.execute("SELECT created_at, message_id FROM claude.messages WHERE subject = %s",
                         (f"shown {tag}",)).fetchone()
        assert page is not None
        c.execute(send, (world["sa"], world["sb"], f"gap {tag}"))  # after the page was read
    cursor = urllib.parse.quote(f"{page[0].isoformat()},{page[1]}")
    events = _sse_events(server + f"/events?message={cursor}", time.monotonic() + 30)
    assert next(events) == ("retry", "2000"), "the stream is open"
    seen: list[str] = []

    def until(subject: str) -> None:
        for name, data in events:
            if name == "message":
                seen.extend(r["subject"] for r in data if tag in r["subject"])
                if subject in seen:
                    return
        raise AssertionError(f"{subject!r} never arrived; got {seen}")

    until(f"gap {tag}")
    with psycopg.connect(dsn) as late, psycopg.connect(dsn, autocommit=True) as c:
        late.execute(send, (world["sa"], world["sb"], f"late {tag}"))  # created_at: now, not committed
        c.execute(send, (world["sa"], world["sb"], f"newer {tag}"))
        until(f"newer {tag}")
        late.commit()
        until(f"late {tag}")
    assert len(seen) == len(set(seen)), f"each message once: {seen}"
    # The page's own newest row may come again (the look-back); the page skips it by its key.
    assert set(seen) - {f"shown {tag}"} == {f"gap {tag}", f"newer {tag}", f"late {tag}"}


def test_an_older_page_takes_no_live_rows(browser: Any, server: str, world: dict[str, Any]) -> None:
    """New rows belong on the newest page: an older page (?before=) asks the stream for no
    feed, so nothing is added above rows older than it."""
    for path, table in (("/messages", "messages"), ("/activity", "activity")):
        browser.get(server + path)
        assert browser.find_element(By.ID, table).get_attribute("data-live") == "on"
        browser.get(server + path + "?before=" + urllib.parse.quote("2000-01-01T00:00:00+00:00,"
                                                                    + str(uuid.UUID(int=0))))
        assert browser.find_element(By.ID, table).get_attribute("data-live") == "off", path


def test_writing_activity_notifies_no_one(
    login_role: Callable[..., str], dsn: str, world: dict[str, Any]
) -> None:
    """A listener on claude_activity hears nothing: the activity of a write arrives at
    the dashboard by polling.  Notifications arrive in commit order, so the message
    sent after the activity was written bounds the wait."""
    reader = login_role("claude_reader")
    with psycopg.connect(reader, autocommit=True) as listener:
        listener.execute("LISTEN claude_activity")
        listener.execute("LISTEN claude_messages")
        with claude_gateway.connect(dsn) as gw:
            gw.log_activity(source_type="test", source_id=None, actor="mcw", activity_type="quiet",
                            title=f"quiet {world['tag']}", project_name=world["project"])
            sent = gw.send_message(from_session_id=world["sa"], to_session_id=world["sb"],
                                   subject=f"after the activity {world['tag']}", body="b")
        heard = []
        for note in listener.notifies(timeout=30):
            heard.append(note.channel)
            if note.channel == "claude_messages" and str(sent) in note.payload:
                break
    assert heard and heard[-1] == "claude_messages", "the message's notification arrived"
    assert "claude_activity" not in heard, heard


def test_it_binds_to_loopback_unless_given_credentials(dsn: str) -> None:
    refused = subprocess.run(
        [
            sys.executable,
            "-m",
            "claude_gateway.cli",
            "web",
            "--host",
            "0.0.0.0",
            "--port",
            str(_free_port()),
            "--dsn",
            dsn,
        ],
        capture_output=True,
        text=True,
        timeout=30,
        env={k: v for k, v in os.environ.items() if k != "CLAUDE_GATEWAY_WEB_PASSWORD"},
    )
    assert refused.returncode != 0 and "CLAUDE_GATEWAY_WEB_PASSWORD" in refused.stderr
    with serving(dsn, host="0.0.0.0", env={"CLAUDE_GATEWAY_WEB_PASSWORD": "s3cret-pw"}) as (url, printed):
        with pytest.raises(urllib.error.HTTPError) as denied:
            urllib.request.urlopen(url + "/activity", timeout=5)  # noqa: S310
        assert denied.value.code == 401
        request = urllib.request.Request(
            url + "/activity",
            headers={"Authorization": "Basic " + base64.b64encode(b"overseer:s3cret-pw").decode()},
        )
        with urllib.request.urlopen(request, timeout=5) as ok:  # noqa: S310
            assert ok.status == 200
            assert "script-src 'self'" in ok.headers["Content-Security-Policy"]
    assert "s3cret-pw" not in printed[0], "the password is never printed"


def test_every_page_reads_views_alone_as_a_reader_login(login_role: Callable[..., str]) -> None:
    """The reader login can read every view the pages use, and no table."""
    reader = login_role("claude_reader")
    with psycopg.connect(reader, autocommit=True) as c:
        for view in (
            "activity_history",
            "message_history",
            "message_recipients",
            "session_history",
            "identities_overview",
            "scheduler",
            "job_runs",
            "reminder_history",
            "knowledge_entries",
            "question_history",
        ):
            c.execute(f"SELECT * FROM claude.{view} LIMIT 1")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            c.execute("SELECT * FROM claude.messages LIMIT 1")
