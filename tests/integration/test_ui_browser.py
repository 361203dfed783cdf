"""The web UI in a real browser (Debian's Chromium, driven by Playwright) against the app on a loopback port.

One test runs a whole session the way its people would: a coachee answers every question (the hours one with its
number and chips), corrects what the interview understood in words and field by field and confirms it, a coach
places them in another role (the redo says what changed), edits one action's hours, rejects with feedback and
approves the revision, the coachee's page shows the plan by itself, and the operator opens the run's waterfall.
Others check refusals that keep what was entered, errors, phone width, the keyboard, and fields a newer server
adds. Each page is screenshotted; no request leaves the machine (asserted).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from icalendar import Calendar
from playwright.sync_api import Browser, Page, Route, expect

from evals.http import bearer, resume_body
from evals.personas import QA_ENGINEER
from graphs.driver import SessionScript
from knowledge.base import KnowledgeBase
from sessions.bootstrap import issue_user
from sessions.db import open_database
from sessions.tables import Role
from settings import load_settings
from tests.apitest.threaded import ThreadedServer as Server
from tests.apitest.threaded import serving
from tests.support.browser import Screenshots, watched_context

pytestmark = pytest.mark.integration
AGAIN = "Let's try that one again."
MAX_QUESTIONS = 30


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, kb: KnowledgeBase) -> Iterator[Server]:
    with serving(load_settings(data_dir=tmp_path_factory.mktemp("ui") / "data"), kb=kb) as running:
        yield running


def new_user(server: Server, name: str, role: Role = "coachee") -> str:
    """A user in the server's database, as `coach users create` makes them (in a thread: Playwright's sync API
    keeps an event loop running in this one)."""
    async def issue() -> str:
        async with open_database(load_settings(data_dir=server.data_dir)) as database:
            return (await issue_user(database=database, name=name, role=role)).token

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, issue()).result()


def sign_in(page: Page, server: Server, key: str) -> None:
    page.goto(f"{server.url}/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.get_by_label("API key").fill(key)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def answer_hours_with_the_inputs(page: Page) -> None:
    """The hours question answered with its structured inputs: a number, a time that is free and one ruled out."""
    page.get_by_label("Hours a week").fill("5")
    evenings = page.get_by_role("group", name="When you're free").get_by_role("button", name="evenings")
    evenings.click()
    weekends = page.get_by_role("group", name="Not when").get_by_role("button", name="weekends")
    weekends.click()
    expect(evenings).to_have_attribute("aria-pressed", "true")
    expect(weekends).to_have_attribute("aria-pressed", "true")


def answer_every_question(page: Page, script: SessionScript, fields: Mapping[str, str],
                          screenshots: Screenshots | None = None,
                          by_hand: dict[str, Callable[[Page], None]] | None = None, asked: int = 0) -> list[str]:
    """Answers each question the page asks with the script's answer for its field (or, for a field of `by_hand`,
    with that function's use of the question's inputs), `asked` questions having been answered before; returns the
    prompts seen."""
    prompts: list[str] = []
    field = ""
    for _ in range(MAX_QUESTIONS):
        answer_box = page.get_by_label("Your answer")
        if answer_box.count() == 0:
            return prompts
        prompt = page.locator("#current-question").inner_text().strip()
        again = prompt.startswith(AGAIN)
        field = field if again else fields[prompt]
        prompts.append(prompt)
        if again and screenshots is not None:
            screenshots(page, "02-coachee-asked-again")
        expect(page.get_by_text(re.compile(rf"^Question {asked + len(prompts)} of at most \d+$"))).to_be_visible()
        answers = page.locator(".chat .bubble.me")
        before = answers.count()
        if by_hand and field in by_hand:
            by_hand[field](page)
            if screenshots is not None:
                screenshots(page, f"03-coachee-{field.replace('_', '-')}")
        else:
            answer_box.fill(script.answer_for(field, 2 if again else 1))
        page.get_by_role("button", name="Send answer").click()
        expect(answers).to_have_count(before + 1)
    raise AssertionError(f"still asking after {MAX_QUESTIONS} questions")


def check_what_was_understood(page: Page, screenshots: Screenshots) -> None:
    """The profile review: unsure fields first and marked; words sent once, read as a correction and shown again;
    then one field corrected, and confirmed."""
    review = page.get_by_role("region", name="Here is what I understood")
    first = review.get_by_role("list").first
    expect(first.get_by_role("listitem").first).to_contain_text("not sure - please check")
    expect(review.get_by_role("listitem").filter(has_text="Hours a week for this")).to_contain_text("5 hours a week")
    expect(review.get_by_role("listitem").filter(has_text="Times ruled out")).to_contain_text("weekends")

    page.get_by_label("Tell me what's wrong").fill("I use GitHub Copilot too")
    page.get_by_role("button", name="Send my correction").click()
    expect(review).to_contain_text("with your correction")
    tools = review.get_by_role("listitem").filter(has_text="AI tools you use")
    expect(tools).to_contain_text("ChatGPT; GitHub Copilot")

    page.get_by_role("button", name="Correct “Your strengths”").click()
    strengths = page.get_by_label("Your strengths")
    expect(strengths).to_be_focused()
    strengths.press("End")
    strengths.press("Enter")
    strengths.type("Playwright")
    expect(review).to_contain_text("Confirm sends your corrections to: Your strengths.")
    screenshots(page, "05-coachee-profile-corrected")
    page.get_by_role("button", name="Confirm").click()


def test_a_whole_session_through_the_ui(browser: Browser, server: Server, kb: KnowledgeBase,
                                        screenshots: Screenshots) -> None:
    coachee_key, coach_key = new_user(server, "Ada"), new_user(server, "Cora", "coach")
    fields = {question.text: question.field for question in kb.catalog.questions}
    with watched_context(browser) as coachee_side, watched_context(browser) as coach_side:
        me = coachee_side.new_page()
        sign_in(me, server, coachee_key)
        expect(me.get_by_role("heading", name="My sessions")).to_be_visible()
        me.get_by_role("button", name="Start a new session").click()
        expect(me.get_by_label("Your answer")).to_be_focused()
        screenshots(me, "01-coachee-first-question")

        prompts = answer_every_question(me, QA_ENGINEER, fields, screenshots,
                                        by_hand={"hours_per_week": answer_hours_with_the_inputs})
        assert len(prompts) >= 5 and sum(p.startswith(AGAIN) for p in prompts) == 1  # "not sure" was re-asked
        expect(me.get_by_role("heading", name="Here is what I understood")).to_be_focused()
        screenshots(me, "04-coachee-profile-review")
        me.get_by_text(re.compile(r"^The interview: \d+ answers$")).click()  # folded once it is over
        expect(me.get_by_role("list", name="Conversation")).to_contain_text("5 hours a week; evenings; not weekends")
        check_what_was_understood(me, screenshots)
        expect(me.get_by_role("heading", name="Assessment review waiting")).to_be_visible()
        profile = session_of(server, coachee_key, me)["profile"]
        assert "Playwright" in profile["skills"] and "GitHub Copilot" in profile["ai_tools"] and profile["confirmed"]
        assert (profile["hours_per_week"], profile["times_not"]) == (5, ["weekends"])
        expect(me.get_by_role("heading", name="Your assessment")).to_be_visible()
        expect(me.get_by_text(re.compile(r"^\d+% confident$")).first).to_be_visible()
        expect(me.get_by_text("How exposed you are to each of the four dynamics")).to_be_visible()
        screenshots(me, "06-coachee-assessment", full_page=True)

        coach = coach_side.new_page()
        sign_in(coach, server, coach_key)
        expect(coach.get_by_role("heading", name="Inbox")).to_be_visible()
        row = coach.get_by_role("row").filter(has_text="Ada")
        expect(row).to_contain_text("Assessment review")
        expect(row).to_contain_text("none")
        screenshots(coach, "07-coach-inbox")
        coach.get_by_role("link", name="Review Ada's assessment review").click()
        expect(coach.get_by_role("heading", name="Assessment review", level=1)).to_be_visible()
        coach.get_by_label("Redo the assessment on").select_option(label="Software engineer")
        coach.get_by_role("button", name="Redo the assessment on this role").click()
        redone = re.compile(r"^Role: Software engineer \(was .+\)\.$")
        expect(coach.get_by_role("heading", name="What this redo changed")).to_be_visible()
        expect(coach.get_by_text(redone)).to_be_visible()
        best = coach.get_by_role("listitem").filter(has=coach.get_by_text(re.compile(r"^\d+% confident$"))).first
        expect(best).to_contain_text("Software engineer")
        screenshots(coach, "08-coach-role-picked")
        expect(me.get_by_text(redone)).to_be_visible()  # the coachee's page follows, without a reload
        coach.get_by_role("button", name="Approve").click()

        expect(coach.get_by_role("heading", name="Plan review", level=1)).to_be_visible()
        expect(coach.get_by_text("This is the first draft")).to_be_visible()
        coach.get_by_text("Edit this action").first.click()
        hours = coach.get_by_label(re.compile("^Hours a week for")).first
        was = hours.input_value()
        hours.fill("30")
        expect(coach.get_by_role("region", name="Your edits")).to_contain_text(f"{was} h → 30 h a week")
        screenshots(coach, "09-coach-editing-hours")
        coach.get_by_role("button", name="Send edits").click()

        expect(coach.get_by_role("heading", name=re.compile(r"^Guard issues: .*\d+ error"))).to_be_visible()
        flagged = coach.locator(".stage.issue-error")
        expect(flagged).to_contain_text("Budget")
        expect(coach.get_by_role("region", name="Changes since the previous version")).to_contain_text(
            f"hours a week {was} h → 30 h")
        expect(coach.get_by_label(re.compile("^I have read the .* error"))).to_be_visible()
        screenshots(coach, "10-coach-guard-issue-and-diff")
        coach.get_by_label("Feedback").fill("Keep it within my 5 hours a week, please")
        coach.get_by_role("button", name="Reject with feedback").click()

        expect(coach.get_by_text("The guards found no issue in this draft.")).to_be_visible()
        expect(coach.get_by_role("region", name="Changes since the previous version")).to_contain_text("30 h →")
        screenshots(coach, "11-coach-revision")
        coach.get_by_role("button", name="Approve").click()
        expect(coach.get_by_role("heading", name="Your plan", exact=True)).to_be_visible()

        # The coachee's page never reloaded: the plan arrives through the session's event stream.
        expect(me.get_by_role("heading", name="Your plan", exact=True)).to_be_visible(timeout=20_000)
        expect(me.get_by_text("Approved", exact=True)).to_be_visible()
        for stage in ("Survive", "Adapt", "Lead"):
            expect(me.get_by_role("region", name=stage)).to_contain_text("Success metric")
        me.locator("details.citation > summary").first.click()
        expect(me.get_by_text(re.compile(r"^Provenance: source s\d+")).first).to_be_visible()
        screenshots(me, "12-coachee-approved-plan")
        with me.expect_download() as download:
            me.get_by_role("button", name="Download as Markdown").click()
        markdown = Path(download.value.path()).read_text(encoding="utf-8")
        assert "Survive" in markdown and "approved" in markdown.lower()
        calendar = me.get_by_role("button", name="Add to my calendar (.ics)")
        calendar.scroll_into_view_if_needed()
        screenshots(me, "12b-coachee-plan-downloads")
        with me.expect_download() as download:
            calendar.click()
        assert download.value.suggested_filename.endswith(".ics")
        events = list(Calendar.from_ical(Path(download.value.path()).read_bytes()).walk("VEVENT"))
        assert events and all(e["RRULE"]["FREQ"] == ["WEEKLY"] for e in events)

        coach.get_by_role("link", name="Operations").click()
        expect(coach.get_by_role("heading", name="Operations")).to_be_visible()
        expect(coach.get_by_role("row").filter(has_text="Ada")).to_contain_text("Completed")
        screenshots(coach, "13-operator-sessions")
        coach.get_by_role("row").filter(has_text="Ada").get_by_role("link", name=re.compile("^Traces")).click()
        expect(coach.get_by_role("heading", name="Run traces")).to_be_visible()
        continues = coach.get_by_text(re.compile("^This run continues"))
        expect(continues).to_have_text(re.compile(r"^This run continues run \d+ \(it resumed where that one paused"))
        continues.get_by_role("link").click()  # the run the approval resumed: the redraft
        waterfall = coach.get_by_role("table").filter(has_text="invoke_workflow coaching")
        expect(waterfall).to_contain_text("invoke_agent planner")
        expect(waterfall).to_contain_text("Guards passed")
        expect(waterfall).to_contain_text("Paused: Plan review")
        waterfall.scroll_into_view_if_needed()
        screenshots(coach, "14-operator-waterfall")

        coachee_side.assert_clean()
        coach_side.assert_clean()


def test_the_api_documentation_works_under_its_policy(browser: Browser, server: Server) -> None:
    """Swagger UI and ReDoc come with a content security policy and frame protection, and still work: their
    bundled scripts run, nothing is refused by the policy, nothing is fetched from another host."""
    with watched_context(browser) as watched:
        page = watched.new_page()
        page.goto(f"{server.url}/docs")
        expect(page.get_by_role("heading", name=re.compile("^Career coach API"))).to_be_visible()
        expect(page.get_by_text("/v1/sessions/{session_id}/resume").first).to_be_visible()
        page.goto(f"{server.url}/redoc")
        expect(page.get_by_role("heading", name=re.compile("^Career coach API"))).to_be_visible()
        expect(page.get_by_role("heading", name=re.compile("Create Session$")).first).to_be_attached()
        # ReDoc's bundle shows its maker's logo from their CDN: the policy refuses it, so it never leaves the machine.
        watched.console_errors = [text for text in watched.console_errors if "cdn.redoc.ly/" not in text]
        watched.assert_clean()


def session_of(server: Server, key: str, page: Page) -> dict[str, Any]:
    """The session a page shows, as the API returns it to `key`'s user."""
    session_id = page.url.rsplit("/", 1)[-1]
    with httpx.Client(base_url=server.url, headers=bearer(key), timeout=60) as client:
        view: dict[str, Any] = client.get(f"/v1/sessions/{session_id}").json()
    return view


def test_errors_are_said_plainly(browser: Browser, server: Server, screenshots: Screenshots) -> None:
    key = new_user(server, "Cy")
    with watched_context(browser) as side:
        page = side.new_page()
        page.goto(f"{server.url}/")
        page.get_by_label("API key").fill("ck_000000000000_not-a-real-key")
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("alert")).to_contain_text("Your API key was not accepted")
        expect(page.get_by_label("API key")).to_be_focused()
        screenshots(page, "15-error-bad-key")

        sign_in(page, server, key)
        page.goto(f"{server.url}/#/sessions/0123456789abcdef")
        expect(page.get_by_role("heading", name="Not found")).to_be_visible()
        expect(page.get_by_role("alert")).to_contain_text("no such session")

        page.goto(f"{server.url}/#/sessions")
        page.get_by_role("button", name="Start a new session").click()
        expect(page.get_by_label("Your answer")).to_be_visible()
        stale = side.new_page()  # a second tab on the same question, whose live updates are cut off
        stale.route("**/events?*", lambda route: route.abort("failed"))
        sign_in(stale, server, key)
        stale.goto(page.url)
        expect(stale.get_by_text(re.compile(r"^Question 1 of"))).to_be_visible()
        page.get_by_label("Your answer").fill("QA engineer at a fintech")
        page.get_by_role("button", name="Send answer").click()
        expect(page.get_by_text(re.compile(r"^Question 2 of"))).to_be_visible()
        stale.get_by_label("Your answer").fill("Product manager")
        stale.get_by_role("button", name="Send answer").click()
        expect(stale.get_by_role("alert")).to_contain_text("This changed meanwhile")
        expect(stale.get_by_text(re.compile(r"^Question 2 of"))).to_be_visible()  # it shows the session as it is now

        page.get_by_label("Your answer").fill("nul \x00 byte")
        page.get_by_role("button", name="Send answer").click()
        expect(page.get_by_role("alert")).to_contain_text("Not accepted as sent")
        expect(page.get_by_label("Your answer")).to_be_focused()

        for status, body, headers, words in (
            (429, {"code": "rate_limited", "detail": "slow down"}, {"Retry-After": "7"}, "try again in 7 s"),
            (413, {"code": "too_large", "detail": "the request body is over the limit"}, {}, "Too large"),
        ):
            page.route("**/resume", refusing(status, body, headers))
            page.get_by_label("Your answer").fill("Writing test cases")
            page.get_by_role("button", name="Send answer").click()
            expect(page.get_by_role("alert")).to_contain_text(words)
            page.unroute("**/resume")
        screenshots(page, "16-error-too-many-requests")
        side.assert_clean(expected_failures=("401", "404", "409", "413", "422", "429", "ERR_FAILED"))


def refusing(status: int, body: dict[str, str], headers: dict[str, str]) -> Callable[[Route], None]:
    """A server answer this test server does not give on demand (a rate limit, a body too large)."""
    def refuse(route: Route) -> None:
        route.fulfill(status=status, json=body, headers=headers)

    return refuse


def test_phone_width(browser: Browser, server: Server, screenshots: Screenshots) -> None:
    key, coach_key = new_user(server, "Dee"), new_user(server, "Cam", "coach")
    with watched_context(browser, width=390, height=844) as side:
        page = side.new_page()
        sign_in(page, server, key)
        page.get_by_role("button", name="Start a new session").click()
        expect(page.get_by_label("Your answer")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        screenshots(page, "17-phone-interview")

        page.get_by_role("button", name="Sign out").click()
        sign_in(page, server, coach_key)
        page.get_by_role("link", name="Operations").click()
        expect(page.get_by_role("row").filter(has_text="Dee")).to_contain_text("Interviewing")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        screenshots(page, "18-phone-operations")

        # A coach may open a person's check of what was understood, and correct it beside them.
        confirming = driven(server, key, lambda pending: pending["kind"] == "profile_review")
        page.goto(f"{server.url}/#/sessions/{confirming['id']}")
        expect(page.get_by_text("as a coach you may confirm or correct it beside them")).to_be_visible()
        page.get_by_role("button", name="Correct “Kinds of worries”").click()
        expect(page.get_by_role("group", name="Kinds of worries").get_by_role("button").first).to_be_focused()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        screenshots(page, "19-phone-profile-review")
        side.assert_clean()


def test_the_keyboard_alone_gets_through(browser: Browser, server: Server) -> None:
    key = new_user(server, "Eli")
    with watched_context(browser) as side:
        page = side.new_page()
        page.goto(f"{server.url}/")
        expect(page.get_by_label("API key")).to_be_focused()
        page.keyboard.type(key)
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", name="My sessions")).to_be_focused()
        page.keyboard.press("Tab")
        expect(page.get_by_role("button", name="Start a new session")).to_be_focused()
        page.keyboard.press("Enter")
        answer = page.get_by_label("Your answer")
        expect(answer).to_be_focused()
        page.keyboard.type("QA engineer at a fintech")
        page.keyboard.press("Control+Enter")
        expect(page.get_by_text(re.compile(r"^Question 2 of"))).to_be_visible()
        expect(answer).to_be_focused()  # ready for the next answer
        side.assert_clean()

        # The page ran under `default-src 'self'`: an inline style is refused, and the test would have seen it.
        with page.expect_console_message(lambda message: "Content Security Policy" in message.text):
            page.evaluate("document.body.append(Object.assign(document.createElement('p'), "
                          "{innerHTML: '<b style=\"color: red\">inline</b>'}))")


def with_new_fields(route: Route) -> None:
    """The session as a newer server might send it: fields this page has never heard of, on every level."""
    response = route.fetch()
    view = response.json()
    view["pending"]["reflection"] = "So you test payment flows by hand today."
    action = {"title": "Automate the smoke tests", "why": "Frees an hour a day.", "steps": ["Pick ten tests"],
              "hours_per_week": 2, "duration_weeks": 3, "success_metric": "Ten tests run nightly.",
              "citations": ["p.s001.role-qa-ai-quality"], "answers_concern": "Regression work being automated away"}
    view["plan"] = {"summary": "A plan.", "budget_note": "Fits evenings only.", "revision_notes": [], "stages": [
        {"stage": "survive", "goal": "Keep the job.", "horizon_weeks": 3, "actions": [action, dict(action)],
         "fit": {"constraint": "evenings"}}]}
    route.fulfill(response=response, json=view)


def test_fields_a_newer_server_adds_show_up_instead_of_breaking_the_page(browser: Browser, server: Server) -> None:
    key = new_user(server, "Fay")
    with watched_context(browser) as side:
        page = side.new_page()
        sign_in(page, server, key)
        page.get_by_role("button", name="Start a new session").click()
        expect(page.get_by_label("Your answer")).to_be_visible()
        page.route(re.compile(r"/v1/sessions/[0-9a-f]{32}$"), with_new_fields)
        page.reload()
        expect(page.get_by_text("So you test payment flows by hand today.")).to_be_visible()  # the reflect-back
        plan = page.get_by_role("region", name="Your plan (draft)")
        expect(plan).to_contain_text("Answers concern")
        expect(plan).to_contain_text("Regression work being automated away")
        expect(plan).to_contain_text("Budget note")
        expect(plan).to_contain_text("Fit")
        side.assert_clean()


def driven(server: Server, key: str, stop: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    """A new session of `key`'s user, answered and approved over the API until `stop(pending)`; its view then."""
    with httpx.Client(base_url=server.url, headers=bearer(key), timeout=60) as client:
        view: dict[str, Any] = client.post("/v1/sessions").json()
        while view["pending"] is not None and not stop(view["pending"]):
            view = client.post(f"/v1/sessions/{view['id']}/resume", json=resume_body(view["pending"])).json()
    return view


def to_assessment_review(server: Server, key: str) -> str:
    """A session of `key`'s user, driven over the API to its assessment review; returns its id."""
    return str(driven(server, key, lambda pending: pending["kind"] == "assessment_review")["id"])


def offering_a_time_the_server_does_not(route: Route) -> None:
    """The hours question as a page might hold it when the server changed its options meanwhile."""
    response = route.fetch()
    view = response.json()
    if view["pending"] and view["pending"]["kind"] == "question":
        view["pending"]["options"].append({"value": "at dawn", "label": "at dawn"})
    route.fulfill(response=response, json=view)


def answer_years_with_the_inputs(page: Page) -> None:
    page.get_by_label("Years in this work").fill("6")
    page.get_by_role("group", name="Level").get_by_role("button", name="Senior").click()


def test_what_was_entered_survives_a_refusal(browser: Browser, server: Server, kb: KnowledgeBase) -> None:
    key = new_user(server, "Ivy")
    view = driven(server, key, lambda pending: pending.get("field") == "hours_per_week")
    fields = {question.text: question.field for question in kb.catalog.questions}
    with watched_context(browser) as side:
        page = side.new_page()
        sign_in(page, server, key)
        page.route(re.compile(r"/v1/sessions/[0-9a-f]{32}$"), offering_a_time_the_server_does_not)
        page.goto(f"{server.url}/#/sessions/{view['id']}")
        page.get_by_label("Hours a week").fill("3")
        dawn = page.get_by_role("group", name="When you're free").get_by_role("button", name="at dawn")
        dawn.click()
        words = page.get_by_label("Your answer, in your own words")
        words.fill("and the odd lunch break")
        page.get_by_role("button", name="Send answer").click()
        expect(page.get_by_role("alert")).to_contain_text("Not accepted as sent: answer: not among the options: at")
        expect(page.get_by_label("Hours a week")).to_have_value("3")
        expect(dawn).to_have_attribute("aria-pressed", "true")
        expect(words).to_have_value("and the odd lunch break")
        page.unroute(re.compile(r"/v1/sessions/[0-9a-f]{32}$"))
        dawn.focus()
        page.keyboard.press("Space")  # released, from the keyboard: the rest is sent as it was
        expect(dawn).to_have_attribute("aria-pressed", "false")
        page.get_by_role("button", name="Send answer").click()
        said = page.get_by_role("list", name="Conversation").get_by_role("listitem").filter(has_text=re.compile("^You"))
        expect(said.last).to_have_text("You: 3 hours a week; and the odd lunch break")

        answer_every_question(page, QA_ENGINEER, fields, by_hand={"years_experience": answer_years_with_the_inputs},
                              asked=view["pending"]["progress"]["asked"])
        review = page.get_by_role("region", name="Here is what I understood")
        expect(review.get_by_role("listitem").filter(has_text="Level")).to_contain_text("Senior")
        page.get_by_role("button", name="Correct “Years in this work”").click()
        page.get_by_label("Years in this work").fill("7")
        page.get_by_label("Tell me what's wrong").fill("hmm ok")
        page.get_by_role("button", name="Send my correction").click()
        expect(review.get_by_role("alert")).to_contain_text("Not applied: I couldn't find anything to change")
        expect(page.get_by_label("Years in this work")).to_have_value("7")  # the field correction is still there
        expect(review).to_contain_text("Confirm sends your corrections to: Years in this work.")

        page.get_by_role("button", name="Correct “Hours a week for this”").click()
        page.get_by_label("Hours a week for this").fill("0")
        page.get_by_role("button", name="Confirm").click()
        expect(review.get_by_role("alert").filter(has_text="Hours a week for this: give a number from 0.5 to 60")
               ).to_be_visible()
        expect(page.get_by_label("Hours a week for this")).to_be_focused()
        page.get_by_label("Hours a week for this").fill("4")
        page.get_by_role("button", name="Confirm").click()
        expect(page.get_by_role("heading", name="Assessment review waiting")).to_be_visible()
        profile = session_of(server, key, page)["profile"]
        assert (profile["years_experience"], profile["hours_per_week"], profile["confirmed"]) == (7, 4, True)
        side.assert_clean(expected_failures=("422",))


def test_a_decision_someone_else_took_first(browser: Browser, server: Server) -> None:
    session_id = to_assessment_review(server, new_user(server, "Gus"))
    coach_key = new_user(server, "Hana", "coach")
    with watched_context(browser) as side:
        first, second = side.new_page(), side.new_page()
        second.route("**/events?*", lambda route: route.abort("failed"))  # no live update tells it
        for page in (first, second):
            sign_in(page, server, coach_key)
            page.goto(f"{server.url}/#/review/{session_id}")
            expect(page.get_by_role("heading", name="Assessment review", level=1)).to_be_visible()
        first.get_by_role("button", name="Approve").click()
        expect(first.get_by_role("heading", name="Plan review", level=1)).to_be_visible()
        second.get_by_role("button", name="Approve").click()
        expect(second.get_by_role("alert")).to_contain_text("This changed meanwhile")
        expect(second.get_by_role("heading", name="Plan review", level=1)).to_be_visible()  # what waits now
        side.assert_clean(expected_failures=("409", "ERR_FAILED"))


def completed_session(server: Server, key: str) -> str:
    """A session driven to its approved plan over the API (the whole-session test does it through the page)."""
    with httpx.Client(base_url=server.url, headers=bearer(key), timeout=60) as client:
        view = client.post("/v1/sessions").json()
        while view["pending"] is not None:
            body = resume_body(view["pending"]) | ({"acknowledge": True} if view["pending"]["kind"] != "question"
                                                    else {})
            view = client.post(f"/v1/sessions/{view['id']}/resume", json=body).json()
        assert view["status"] == "completed", view
        return str(view["id"])


def test_a_check_in_through_the_ui(browser: Browser, server: Server, screenshots: Screenshots) -> None:
    """The coachee checks in on an approved plan (one question per action, then what changed), the coach approves
    the adapted plan from the inbox, and the coachee's progress page shows each action's state and the hours chart."""
    coachee_key, coach_key = new_user(server, "Bea"), new_user(server, "Cato", "coach")
    first = completed_session(server, coachee_key)
    with watched_context(browser) as coachee_side, watched_context(browser) as coach_side:
        me = coachee_side.new_page()
        sign_in(me, server, coachee_key)
        me.goto(f"{server.url}/#/sessions/{first}")
        me.get_by_role("button", name="Check in on this plan").click()
        expect(me.get_by_role("heading", name="Check-in", level=1)).to_be_visible()
        expect(me.get_by_role("heading", name=re.compile(r"^Check-in: question 1 of \d+$"))).to_be_visible()
        screenshots(me, "20-coachee-check-in-question")
        me.get_by_role("radio", name="Done", exact=True).check()
        me.get_by_label("Hours a week you really spent").fill("2")
        me.get_by_role("button", name="Send").click()
        expect(me.get_by_role("heading", name=re.compile(r"^Check-in: question 2 of \d+$"))).to_be_visible()
        while me.get_by_label("Hours a week you really spent").count():
            asked = me.get_by_role("heading", name=re.compile(r"^Check-in: question \d+ of \d+$")).inner_text()
            me.get_by_role("radio", name="Partly done").check()
            me.get_by_label("Hours a week you really spent").fill("1")
            me.get_by_role("button", name="Send").click()
            expect(me.get_by_role("heading", name=asked)).to_have_count(0)
        expect(me.get_by_label("Hours a week you have now")).to_have_value("5")  # known: pre-filled, not asked
        me.get_by_role("radio", name="A bit less than I hoped").check()
        me.get_by_role("button", name="Send").click()
        expect(me.get_by_role("heading", name="Plan review waiting")).to_be_visible()

        coach = coach_side.new_page()
        sign_in(coach, server, coach_key)
        expect(coach.get_by_role("heading", name="Check-ins due")).to_be_visible()
        coach.get_by_role("link", name="Review Bea's plan review").click()
        expect(coach.get_by_role("heading", name="Plan review", level=1)).to_be_visible()
        expect(coach.get_by_text(re.compile("done - recorded, and not in the plan again"))).to_be_visible()
        screenshots(coach, "21-coach-adapted-plan")
        coach.get_by_role("button", name="Approve").click()
        expect(coach.get_by_role("heading", name="Your plan", exact=True)).to_be_visible()

        expect(me.get_by_role("heading", name="Your plan", exact=True)).to_be_visible(timeout=20_000)
        me.get_by_role("link", name="See progress").click()
        expect(me.get_by_role("heading", name="My progress")).to_be_visible()
        rows = me.get_by_role("table").get_by_role("row")
        expect(rows.filter(has_text="Done").first).to_contain_text("done (2 h)")
        expect(me.get_by_role("img", name=re.compile(r"^Hours a week, planned against reported, at 1 check-ins$"))
               ).to_be_visible()
        expect(me.get_by_text(re.compile("goal: A bit less than I hoped"))).to_be_visible()
        screenshots(me, "22-coachee-progress", full_page=True)
        coachee_side.assert_clean()
        coach_side.assert_clean()
