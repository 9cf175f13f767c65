"""The human's voice on Mission Control Web, in a real headless Chromium (as
test_web_dashboard): the page reads as a reader login; an overseer signs in with
their own PostgreSQL login, sends and broadcasts (the database marks the messages
from_overseer) and answers a question (the asking agent's inbox receives it); a
login that is not an overseer is refused; forms need their CSRF token; an injected
<script> in a question stays text.  Screenshots go to build/test-artifacts/web."""

from __future__ import annotations

import base64
import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
import pytest
from _logins import login_factory, role_of
from psycopg import conninfo

pytest.importorskip("selenium", reason="the dev extra brings selenium")
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402
from test_web_dashboard import XSS_IMG, XSS_SCRIPT, _shot, chromium, open_live, serving  # noqa: E402


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The dashboard tests' headless Chromium."""
    yield from chromium(tmp_path_factory)


@pytest.fixture(scope="module")
def voice(dsn: str) -> Iterator[dict[str, Any]]:
    """A reader login serving the page; an overseer login bound to an identity; an agent
    login (bound, with a session) that asks two questions, one of them hostile; a plain
    agent login that may not sign in."""
    tag = uuid.uuid4().hex[:6]
    project = f"voice-{tag}"
    with contextmanager(login_factory)(dsn) as login:
        roles = {who: role_of(login(group, f"cgw_v_{who}"))
                 for who, group in (("reader", "claude_reader"), ("boss", "claude_overseer"),
                                    ("agent", "claude_agent"), ("plain", "claude_agent"))}
        out = _asked(dsn, tag, project, roles)
        with serving(conninfo.make_conninfo(dsn, user=roles["reader"])) as (out["url"], _):
            yield out


def _asked(dsn: str, tag: str, project: str, roles: dict[str, str]) -> dict[str, Any]:
    """The overseer and agent identities bound to their logins, and the agent's two questions."""
    out: dict[str, Any] = {"tag": tag, "project": project, "roles": roles}
    with psycopg.connect(dsn, autocommit=True) as c:
        for who in ("boss", "agent"):
            ident = c.execute("SELECT claude.register_identity(identity_name => %s, platform => 'test',"
                              " role_description => NULL)",
                              (f"voice-{who}-{tag}",)).fetchone()[0]  # type: ignore[index]
            c.execute("SELECT claude.bind_identity(identity_id => %s, login_role => %s)", (ident, roles[who]))
            out[f"{who}_id"] = ident
        out["agent_session"] = c.execute("SELECT claude.start_session(identity_id => %s, project_name => %s)",
                                         (out["agent_id"], project)).fetchone()[0]  # type: ignore[index]
    agent_dsn = conninfo.make_conninfo(dsn, user=roles["agent"])
    out["agent_dsn"] = agent_dsn
    with psycopg.connect(agent_dsn, autocommit=True) as c:
        out["q_choice"] = c.execute(
            "SELECT claude.ask_human(session_id => %s, question => %s, options => ARRAY['ship it', 'wait'])",
            (out["agent_session"], f"Release {tag} today?")).fetchone()[0]  # type: ignore[index]
        out["q_hostile"] = c.execute(
            "SELECT claude.ask_human(session_id => %s, question => %s, options => ARRAY[%s])",
            (out["agent_session"], f"hostile {tag} " + XSS_SCRIPT, XSS_IMG)).fetchone()[0]  # type: ignore[index]
    return out


def _until(browser: Any, check: Any) -> Any:
    """Wait up to 15 s for `check(driver)` to be truthy, asking again while an element it reads
    belongs to a page being left or a node being replaced. Chromium says so in one of two ways:
    a stale reference, or "Node with given id does not belong to the document" (a plain
    WebDriverException); any other error fails at once."""
    def look(d: Any) -> Any:
        try:
            return check(d)
        except WebDriverException as e:
            if isinstance(e, StaleElementReferenceException) or "does not belong to the document" in str(e):
                return None
            raise
    return WebDriverWait(browser, 15).until(look)


def _find(browser: Any, element_id: str, text: str = "") -> Any:
    """The element once the page that has it (with `text`) has loaded: a submit does not wait."""
    return _until(browser,
                  lambda d: next((e for e in d.find_elements(By.ID, element_id) if text in e.text), None))


def _sign_in(browser: Any, url: str, login: str, password: str = "any") -> None:
    browser.get(url + "/signin")
    browser.find_element(By.ID, "login").send_keys(login)
    browser.find_element(By.ID, "password").send_keys(password)
    browser.find_element(By.CSS_SELECTOR, "#signin button").click()
    WebDriverWait(browser, 15).until(
        lambda d: d.find_elements(By.ID, "signed-in") or d.find_elements(By.ID, "signin-error"))


def _sign_out(browser: Any) -> None:
    found = browser.find_elements(By.CSS_SELECTOR, "form.who button")
    if found:
        found[0].click()
        _find(browser, "signin-link")
    browser.delete_all_cookies()


def test_the_questions_page_reads_as_a_reader(browser: Any, voice: dict[str, Any]) -> None:
    _sign_out(browser)
    browser.get(voice["url"] + "/questions")
    article = browser.find_element(By.ID, f"q-{voice['q_choice']}")
    assert f"Release {voice['tag']} today?" in article.text and f"voice-agent-{voice['tag']}" in article.text
    assert "ship it" in article.text and "wait" in article.text
    assert not browser.find_elements(By.CSS_SELECTOR, "form.answer-form"), "nobody signed in: no answer forms"
    assert browser.find_element(By.ID, "signin-link")
    hostile = browser.find_element(By.ID, f"q-{voice['q_hostile']}")
    shown = hostile.find_element(By.CLASS_NAME, "question-text").text
    assert XSS_SCRIPT in shown, "the question is shown as text"
    assert XSS_IMG in hostile.text
    assert browser.execute_script("return window.__pwned") is None, "and never runs"
    assert not browser.find_elements(By.CSS_SELECTOR, "main img, main script")
    _shot(browser, "questions")


def test_a_login_that_is_not_an_overseer_is_refused(browser: Any, voice: dict[str, Any]) -> None:
    _sign_out(browser)
    _sign_in(browser, voice["url"], voice["roles"]["plain"])
    error = _find(browser, "signin-error").text
    assert f"login '{voice['roles']['plain']}' is not a human overseer" in error, error
    assert not browser.find_elements(By.ID, "signed-in")
    _shot(browser, "signin-refused")
    _sign_in(browser, voice["url"], f"nobody_{voice['tag']}")
    error = _find(browser, "signin-error", "PostgreSQL").text
    assert "PostgreSQL refused the login" in error and "does not exist" in error, error
    browser.get(voice["url"] + "/compose")
    assert browser.current_url.startswith(voice["url"] + "/signin"), "compose needs a signed-in overseer"


def test_the_overseer_sends_and_broadcasts(browser: Any, voice: dict[str, Any], dsn: str) -> None:
    _sign_out(browser)
    _sign_in(browser, voice["url"], voice["roles"]["boss"])
    assert f"voice-boss-{voice['tag']}" in browser.find_element(By.ID, "signed-in").text
    browser.get(voice["url"] + "/compose")
    Select(browser.find_element(By.ID, "to")).select_by_value(f"session:{voice['agent_session']}")
    subject = f"from a person {voice['tag']}"
    browser.find_element(By.ID, "subject").send_keys(subject)
    browser.find_element(By.ID, "body").send_keys("Stop deploying, please. " + XSS_SCRIPT)
    _shot(browser, "compose")
    browser.find_element(By.ID, "send").click()
    sent = _find(browser, "sent").text
    assert f"Sent to voice-agent-{voice['tag']}" in sent, sent
    with psycopg.connect(voice["agent_dsn"], autocommit=True) as c:
        rows = c.execute("SELECT from_overseer, sent_by_login, body"
                         " FROM claude.get_pending_messages(session_id => %s) WHERE subject = %s",
                         (voice["agent_session"], subject)).fetchall()
    assert rows == [(True, voice["roles"]["boss"], "Stop deploying, please. " + XSS_SCRIPT)], rows

    Select(browser.find_element(By.ID, "to")).select_by_value(f"project:{voice['project']}")
    browser.find_element(By.ID, "subject").send_keys(f"all hands {voice['tag']}")
    browser.find_element(By.ID, "body").send_keys("standup in 5")
    browser.find_element(By.ID, "send").click()
    assert _find(browser, "sent", f"everyone in project {voice['project']}")
    with psycopg.connect(dsn, autocommit=True) as c:
        marked = c.execute("SELECT from_overseer FROM claude.messages WHERE subject = %s",
                           (f"all hands {voice['tag']}",)).fetchone()
    assert marked == (True,)
    _shot(browser, "compose-sent")
    browser.get(voice["url"] + "/messages")
    row = browser.find_element(By.XPATH, f"//tr[td/a[text()='{subject}']]")
    assert "human overseer" in row.text
    assert browser.execute_script("return window.__pwned") is None


def test_the_overseer_answers_a_question(browser: Any, voice: dict[str, Any]) -> None:
    _sign_out(browser)
    _sign_in(browser, voice["url"], voice["roles"]["boss"])
    WebDriverWait(browser, 10).until(lambda d: "/questions" in d.current_url)
    article = browser.find_element(By.ID, f"q-{voice['q_choice']}")
    article.find_element(By.CSS_SELECTOR, "input[name=choice][value='2']").click()
    _shot(browser, "questions-overseer")
    article.find_element(By.CSS_SELECTOR, "form.answer-form button").click()
    assert "Answered" in _find(browser, "answered").text
    with psycopg.connect(voice["agent_dsn"], autocommit=True) as c:
        got = c.execute("SELECT from_overseer, body, metadata ->> 'question_id'"
                        " FROM claude.get_pending_messages(session_id => %s)"
                        " WHERE subject LIKE 'Answer: Release%%'", (voice["agent_session"],)).fetchall()
        state = c.execute("SELECT status, answer, answered_by FROM claude.question_history"
                          " WHERE question_id = %s", (voice["q_choice"],)).fetchone()
    assert len(got) == 1 and got[0][0] is True, got
    assert got[0][1].startswith("wait") and got[0][2] == str(voice["q_choice"])
    assert state == ("answered", "wait", f"voice-boss-{voice['tag']}")
    browser.get(voice["url"] + "/questions?state=answered")
    assert f"Release {voice['tag']} today?" in browser.find_element(By.TAG_NAME, "main").text
    _shot(browser, "questions-answered")
    # the hostile one, answered in free text: still inert
    browser.get(voice["url"] + "/questions")
    hostile = browser.find_element(By.ID, f"q-{voice['q_hostile']}")
    hostile.find_element(By.CSS_SELECTOR, "input[name=choice][value='text']").click()
    hostile.find_element(By.NAME, "answer").send_keys(XSS_IMG)
    hostile.find_element(By.CSS_SELECTOR, "form.answer-form button").click()
    _find(browser, "answered")
    browser.get(voice["url"] + "/questions?state=answered")
    assert XSS_IMG in browser.find_element(By.ID, f"q-{voice['q_hostile']}").text
    assert browser.execute_script("return window.__pwned") is None
    assert not browser.find_elements(By.CSS_SELECTOR, "main img, main script")


def test_forms_need_the_csrf_token(browser: Any, voice: dict[str, Any]) -> None:
    """A request with the overseer's cookie but without the form's token is refused (403),
    and nothing is sent; without the cookie it is sent to sign in."""
    _sign_out(browser)
    _sign_in(browser, voice["url"], voice["roles"]["boss"])
    cookie = browser.get_cookie("cgw_overseer")
    assert cookie and cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    data = urllib.parse.urlencode({"to": f"session:{voice['agent_session']}", "subject": "forged",
                                   "body": "x", "csrf": "not-the-token"}).encode()
    forged = urllib.request.Request(voice["url"] + "/compose", data=data,
                                    headers={"Cookie": f"cgw_overseer={cookie['value']}"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(forged, timeout=10)  # noqa: S310 - loopback
    assert refused.value.code == 403
    tampered = urllib.request.Request(voice["url"] + "/compose", data=data,
                                      headers={"Cookie": f"cgw_overseer={cookie['value'][:-2]}xx"})
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    with opener.open(tampered, timeout=10) as redirected:  # a bad signature is no sign-in
        assert "/signin" in redirected.url
    with psycopg.connect(voice["agent_dsn"], autocommit=True) as c:
        assert c.execute("SELECT count(*) FROM claude.get_pending_messages(session_id => %s)"
                         " WHERE subject = 'forged'", (voice["agent_session"],)).fetchone() == (0,)
    _sign_out(browser)


def test_sign_in_sits_behind_basic_auth_off_loopback(voice: dict[str, Any], dsn: str) -> None:
    """Off loopback the Basic-auth rule comes first: no credentials, no sign-in page; with
    them the overseer signs in as on loopback, and the password is never printed."""
    reader = conninfo.make_conninfo(dsn, user=voice["roles"]["reader"])
    basic = "Basic " + base64.b64encode(b"overseer:b4sic-pw").decode()
    with serving(reader, host="0.0.0.0", env={"CLAUDE_GATEWAY_WEB_PASSWORD": "b4sic-pw"}) as (url, printed):
        with pytest.raises(urllib.error.HTTPError) as denied:
            urllib.request.urlopen(url + "/signin", timeout=10)  # noqa: S310 - loopback
        assert denied.value.code == 401
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        with opener.open(urllib.request.Request(url + "/signin", headers={"Authorization": basic}),
                         timeout=10) as page:
            token = re.search(r'name="csrf" value="([^"]+)"', page.read().decode())
        assert token
        form = urllib.parse.urlencode({"csrf": token.group(1), "login": voice["roles"]["boss"],
                                       "password": "x"}).encode()
        with opener.open(urllib.request.Request(url + "/signin", data=form, headers={"Authorization": basic}),
                         timeout=10) as signed:
            assert signed.url.endswith("/questions")
            assert f"voice-boss-{voice['tag']}" in signed.read().decode()
    assert "b4sic-pw" not in printed[0]


def test_a_question_asked_after_the_page_loaded_appears_and_its_answer_too(
    browser: Any, voice: dict[str, Any]
) -> None:
    """The questions page is live: a question asked after it loaded appears (with the
    overseer's answer form), and its answer replaces it, without a reload."""
    _sign_out(browser)
    _sign_in(browser, voice["url"], voice["roles"]["boss"])
    open_live(browser, voice["url"] + "/questions")
    text = f"live {voice['tag']} {uuid.uuid4().hex[:6]}? " + XSS_SCRIPT
    with psycopg.connect(voice["agent_dsn"], autocommit=True) as c:
        asked = c.execute(
            "SELECT claude.ask_human(session_id => %s, question => %s, options => ARRAY['yes', %s])",
            (voice["agent_session"], text, XSS_IMG)).fetchone()[0]  # type: ignore[index]
    article = WebDriverWait(browser, 15).until(
        lambda d: next(iter(d.find_elements(By.ID, f"q-{asked}")), None))
    assert article.find_element(By.CLASS_NAME, "question-text").text == text, "shown as the text it is"
    assert article.find_elements(By.CSS_SELECTOR, "form.answer-form input[name=csrf]"), "with its answer form"
    _shot(browser, "questions-live")
    boss = conninfo.make_conninfo(voice["agent_dsn"], user=voice["roles"]["boss"])
    with psycopg.connect(boss, autocommit=True) as c:
        session = c.execute(
            "SELECT coalesce(claude.get_active_session(identity_id => %(i)s),"
            " claude.start_session(identity_id => %(i)s, project_name => %(p)s))",
            {"i": voice["boss_id"], "p": voice["project"]}).fetchone()[0]  # type: ignore[index]
        c.execute("SELECT claude.answer_question(question_id => %s, answer => NULL, option_number => 1,"
                  " session_id => %s)", (asked, session))
    _until(browser,
        lambda d: "status-answered" in (d.find_element(By.ID, f"q-{asked}").get_attribute("class") or ""))
    answered = browser.find_element(By.ID, f"q-{asked}")
    assert "Answer by" in answered.text and "yes" in answered.find_element(By.CLASS_NAME, "answer").text
    assert not answered.find_elements(By.CSS_SELECTOR, "form.answer-form"), "no form for an answered question"
    assert len(browser.find_elements(By.ID, f"q-{asked}")) == 1
    assert browser.execute_script("return window.__same_page") is True, "no reload happened"
    assert browser.execute_script("return window.__pwned") is None
    assert not browser.find_elements(By.CSS_SELECTOR, "main img, main script")
    _shot(browser, "questions-live-answered")
