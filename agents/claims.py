"""Every claim checked: a sentence in which a draft says what was done or what the plan respects is held against the
draft itself, the plan the person saw before and their confirmed profile. The claims are named rules with examples
(`knowledge/data/claims.yaml`); an untrue one is an error, so the draft goes back or reaches the human marked.

Beside claims, what a person's limits rule out (a paid course for someone with no money, a laptop for someone with
only a phone, AI on work material where the employer forbids it, a time they ruled out) and every worry they named
(answered by an action, or said plainly to be beyond the sources) are checked here too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from agents.ai_rules import ai_rule_broken, names_tool
from agents.asked import already, edited_in, effective, gained, named_whole, naming
from agents.audience import Audiences, Who, sentences
from agents.topics import Topics
from domain.feedback import Adjustments, Ask
from domain.plan import Plan, PlanAction
from domain.profile import Profile
from domain.review import Check, ReviewIssue
from knowledge.base import KnowledgeBase
from reading.answers import reader_for
from reading.cues import PhraseSet, affirmed, find
from reading.employer import employer_ai_rule
from reading.numbers import word_numbers
from reading.rules import rule
from reading.text import pointer, quoted_forms, reads_as_words

ACCOMMODATIONS: dict[str, str] = {
    "employer_ai_rules": "nothing asks you to use AI tools on work material {owner} forbid{s}",
    "privacy": "nothing confidential goes near an AI tool",
    "caregiving": "it is sized to the hours you gave, around caring for your family",
    "money": "it needs no paid courses or tools",
    "device": "nothing in it needs a computer",
    "no_desk": "it favours steps you can do away from a desk",
    "travel": "no action asks more than two hours a week, so it fits short sessions between trips",
    "health": "it keeps the weekly load light and steady",
    "language": "its steps are short and plain",
    "workload": "it keeps to the hours you can spare beside a long working week",
    "credentials": "nothing in it needs a degree",
}
"""What a plan's summary may say it keeps to, by the kind of limit the person named: each said only where the plan
keeps to it (`ClaimChecker.unkept`), and held against the plan when said."""
RULE_OWNERS = {"freelance": ("your clients' rules", ""), "student": ("your course's rules", "")}
"""Whose AI rules a person with no employer keeps: a client's or a course's, never an employer's."""
LIGHT_LOAD = 3.0
"""At most this many hours a week in the busiest stage is a light load."""
SHORT_SESSION = 2.0
"""No action above this many hours a week: it fits short sessions."""
PLAIN_STEP_WORDS = 22
"""A step of at most this many words is short and plain."""


def accommodation(kind: str, situation: str | None) -> str:
    """The words a summary uses to say it keeps to a kind of limit, for the person's situation."""
    owner, s = RULE_OWNERS.get(situation or "", ("your employer", "s"))
    return ACCOMMODATIONS[kind].format(owner=owner, s=s)


def _issue(check: Check, path: str, message: str) -> ReviewIssue:
    return ReviewIssue(check=check, severity="error", path=path, message=message)


def heaviest(plan: Plan) -> float:
    return max((s.weekly_hours for s in plan.stages), default=0.0)


def _actions(plan: Plan) -> Iterator[tuple[str, PlanAction]]:
    for s, stage in enumerate(plan.stages):
        for a, action in enumerate(stage.actions):
            yield f"stages[{s}].actions[{a}]", action


def _claim_texts(plan: Plan) -> Iterator[tuple[str, str]]:
    yield "summary", plan.summary
    for i, note in enumerate(plan.revision_notes):
        yield f"revision_notes[{i}]", note
    for path, action in _actions(plan):
        yield f"{path}.why", action.why


def _titles(value: str, known: set[str]) -> list[str]:
    """The action titles a note lists ("A; B and C"). A title the plans hold is found whole first, so one with an
    "and" in it ("Take a free Outlook, Excel and Teams course") is never cut in two; the rest split at "; " and at
    " and " before a capital."""
    found: list[str] = []
    rest = value
    for title in sorted(known, key=len, reverse=True):
        if title and title in rest:
            found.append(title)
            rest = rest.replace(title, "\x00")
    parts = (p.strip() for p in re.split(r"; | and (?=[A-Z])|\x00", rest))
    return [*found, *(p for p in parts if p and p not in {";", "and"})]


def deadline_for(profile: Profile, adjustments: Adjustments | None) -> int | None:
    """The deadline a plan keeps to, in weeks: the one the feedback gave ("she has 16 weeks of money"), else the
    person's own; none once the coach said there is none ("he never gave a deadline")."""
    if adjustments and adjustments.no_deadline and not adjustments.deadline_weeks:
        return None
    return (adjustments.deadline_weeks if adjustments else None) or profile.deadline_weeks


class ClaimChecker:
    def __init__(self, kb: KnowledgeBase, topics: Topics) -> None:
        self.kb = kb
        self.topics = topics
        self.audiences = Audiences(kb)
        self._needs = {a.id: set(a.needs) for a in kb.catalog.actions}
        self._times = PhraseSet(kb.catalog.vocabulary.times_of_day)
        self._worry_labels = {v.label: k for k, v in kb.catalog.vocabulary.concern_kinds.items()}

    # -- claims ---------------------------------------------------------------------------------------------------

    def plan_claims(self, plan: Plan, profile: Profile, shown: Plan | None,
                    asked: Adjustments | None = None) -> list[ReviewIssue]:
        """Every claim of the draft held against it and the plan the person saw; a revision note that says what
        became of the feedback is held against what the feedback asked (`asked`, this round's) too."""
        issues: list[ReviewIssue] = []
        for path, text in _claim_texts(plan):
            quoting = path.startswith("revision_notes") and bool(rule("claim.quotes_ask").search(text))
            for sentence in sentences(text):
                issues += [_issue("claims", path, f"{message}: {sentence[:160]!r}")
                           for message in self._untrue(sentence, plan, profile, shown, quoting)]
        if shown is not None:
            for i, note in enumerate(plan.revision_notes):
                issues += [_issue("claims", f"revision_notes[{i}]", f"{message}: {note[:160]!r}")
                           for message in self._untrue_note(note, plan, shown, asked)]
        return issues

    def _untrue_note(self, note: str, plan: Plan, shown: Plan, asked: Adjustments | None) -> Iterator[str]:
        """What a revision note says of the feedback, held against the feedback and the two versions: a name said to
        match no action matches none the person saw (and was asked to take out), "already so" is so, actions said to
        be already there were there and still are, and what is said not to be done was not done."""
        before = [a for _, a in _actions(shown)]
        now, then = {a.title: a for _, a in _actions(plan)}, {a.title: a for a in before}
        if found := rule("claim.no_match").search(note):
            what = found.group("what")
            full = next((u for u in (asked.unmatched if asked else []) if pointer(u) == what), what)  # pointed at
            quoted = full != what or what.endswith("\u2026")  # pointed at: the draft's own words, whole or cut
            if matching := (named_whole(full.rstrip("\u2026"), before) if quoted else naming(full, before)):
                yield f"says nothing matches {what!r}, but {matching[0].title!r} does"
            if asked is not None and what not in {said for u in asked.unmatched for said in quoted_forms(u)}:
                yield f"says the feedback asked to take out {what!r}, and it did not"
        ask = _ask(asked, note)
        if found := rule("claim.already_so").search(note):
            if ask is None and asked is not None:
                yield "says the plan already kept to something the feedback did not ask"
            elif ask is not None and not already(ask, shown, plan, self.topics):
                yield "says the plan already kept to what was asked, and it does not"
        if found := rule("claim.already_in").search(note):
            for title in _titles(found.group("titles"), set(now) | set(then)):
                if title not in now or title not in then:
                    yield f"says {title!r} was already in the plan and still is, and that is not so"
        if found := rule("claim.worry_held").search(note):
            label = found.group("label")
            for title in _titles(found.group("titles"), set(now) | set(then)):
                if title not in now or title not in then or not any(label in w for w in now[title].addresses):
                    yield f"says {title!r} already answered the worry about {label}, and that is not so"
        if (found := rule("claim.not_done").search(note)) and ask is not None:
            if note.startswith("Not added") and gained(shown, plan, ask.adds):
                yield "says what was asked to be added was not, but an action new to the plan does it"
            elif not note.startswith("Not added") and effective(ask, shown, plan, self.topics):
                yield "says an ask was not acted on, but the plan changed as it asked"
            if edited := edited_in(found.group("said"), shown, plan, ask.adds):
                yield f"says an ask was not acted on, but {edited[0]!r}, written in the coach's words, does it"

    def _untrue(self, sentence: str, plan: Plan, profile: Profile, shown: Plan | None,
                quoting: bool = False) -> Iterator[str]:
        """`quoting`: the sentence is in a note quoting the feedback, whose words are the coach's, not a claim."""
        if rule("claim.feedback_handled").search(sentence) and (shown is None or _same(shown, plan)):
            yield "says feedback was acted on, but nothing changed from the plan the person saw"
        if found := rule("claim.left_out").search(sentence):
            topic = next(g for g in found.groups() if g)
            for t in affirmed(self.topics.phrases, topic):
                if self.topics.count(plan, t):
                    yield f"says {t} is left out, but an action is about it"
        if found := rule("claim.focus").search(sentence):
            topic, count = found.group("topic"), int(found.group("count"))
            for t in affirmed(self.topics.phrases, topic):
                if self.topics.count(plan, t) != count:
                    yield f"says {count} action(s) are about {t}, and that is not so"
        if rule("claim.no_paid").search(sentence) and self._paid(plan):
            yield "says the plan needs nothing paid, but an action costs money"
        if rule("claim.no_ai_at_work").search(sentence) and any(
                "ai_at_work" in self._needs.get(a.catalog_id or "", set()) for _, a in _actions(plan)):
            yield "says nothing uses AI at work, but an action does"
        said = [] if quoting else [k for k in ACCOMMODATIONS if accommodation(k, profile.situation) in sentence
                                   or ACCOMMODATIONS[k] in sentence]
        if said:
            unkept = self.unkept(plan, profile, profile.hours_per_week is not None or _budget_said(plan))
            for kind in said:
                if kind in unkept:
                    yield f"says the plan keeps to the person's limit ({kind}), and it does not"
        if not quoting and rule("claim.no_computer").search(sentence) and (computer := self.on_a_computer(plan)):
            yield f"says nothing needs a computer, but {computer[0]!r} does"
        yield from self._hours_claims(sentence, plan, shown)
        yield from self._listed_claims(sentence, plan, shown)
        if found := rule("claim.worry_answered").search(sentence):
            answered = {w for _, a in _actions(plan) for w in a.addresses}
            for label, kind in self._worry_labels.items():
                if label in found.group("worries") and not any(label in w for w in answered):
                    yield f"says the plan answers the worry about {label}, but no action does ({kind})"

    def _hours_claims(self, sentence: str, plan: Plan, shown: Plan | None) -> Iterator[str]:
        if found := rule("claim.hours_within").search(word_numbers(sentence)):
            said = next(g for g in found.groups() if g)
            if re.fullmatch(r"\d+(?:\.\d+)?", said) and heaviest(plan) > float(said) + 1e-9:
                yield f"says at most {said} hours a week, but a stage asks {heaviest(plan):g}"
        if found := rule("claim.busiest").search(sentence):
            if abs(heaviest(plan) - float(found.group("now"))) > 1e-9:
                yield f"says the busiest stage asks {found.group('now')} a week; it asks {heaviest(plan):g}"
            if found.group("was") and shown is not None and abs(heaviest(shown) - float(found.group("was"))) > 1e-9:
                yield f"says the busiest stage asked {found.group('was')} before; it asked {heaviest(shown):g}"

    def _listed_claims(self, sentence: str, plan: Plan, shown: Plan | None) -> Iterator[str]:
        now = {a.title for _, a in _actions(plan)}
        before = {a.title for _, a in _actions(shown)} if shown else set()
        if found := rule("claim.removed").search(sentence):
            for title in _titles(found.group("titles"), now | before):
                if title in now or (shown is not None and title not in before):
                    yield f"says {title!r} was removed, and that is not so"
        if found := rule("claim.added").search(sentence):
            for title in _titles(found.group("titles"), now | before):
                if title not in now or title in before:
                    yield f"says {title!r} was added, and that is not so"

    def deadline(self, plan: Plan, weeks: int | None) -> list[ReviewIssue]:
        """A plan whose stages run past the deadline fails; a claim that it fits one is held against the stages' own
        weeks and the deadline it keeps to (`weeks`, None when there is none)."""
        total = sum(s.horizon_weeks for s in plan.stages)
        issues = [_issue("limits", "stages", f"the stages run {total} weeks, past the deadline of {weeks} weeks")
                  ] if weeks is not None and total > weeks else []
        for path, text in _claim_texts(plan):
            for sentence in sentences(text):
                for found in rule("claim.fits_deadline").finditer(sentence):
                    issues += [_issue("claims", path, f"{message}: {sentence[:160]!r}")
                               for message in _deadline_untrue(found, total, weeks)]
        return issues

    # -- limits, worries, figures --------------------------------------------------------------------------------

    def _paid(self, plan: Plan) -> list[str]:
        """The actions that cost the person money: a catalog action that needs paying for, or a step that takes a
        course, a class or a subscription, unless the money is coming to them ("would they pay for a class")."""
        return [path for path, a in _actions(plan) if "paid" in self._needs.get(a.catalog_id or "", set())
                or any(rule("limit.paid").search(rule("limit.earned").sub(" ", t)) for t in [a.title, *a.steps])]

    def on_a_computer(self, plan: Plan) -> list[str]:
        """The titles of actions that need a computer in practice: building, a desk, or documents such as a CV, a
        spreadsheet, a guide or a page of rules - what a person with only a phone cannot fairly be told is phone
        work."""
        return [a.title for _, a in _actions(plan) if {"desk", "build"} & self._needs.get(a.catalog_id or "", set())
                or any(rule("limit.computer").search(t) or rule("limit.computer_work").search(t)
                       for t in [a.title, *a.steps, a.success_metric])]

    def unkept(self, plan: Plan, profile: Profile, hours_given: bool) -> set[str]:
        """The kinds of the person's limits whose accommodation (`ACCOMMODATIONS`) the plan does not keep, or that
        it cannot say: hours sized to what they gave when they gave none. `hours_given`: they, or the feedback, named
        a weekly budget."""
        actions = [a for _, a in _actions(plan)]
        needs = [self._needs.get(a.catalog_id or "", set()) for a in actions]
        steps = [t for a in actions for t in a.steps]
        employer = employer_ai_rule(profile, reader_for(self.kb))
        broken = {
            "money": bool(self._paid(plan)),
            "device": bool(self.on_a_computer(plan)),
            "no_desk": any("desk" in n for n in needs),
            "employer_ai_rules": any("ai_at_work" in n for n in needs) or any(
                ai_rule_broken(employer, a.title, a.steps) for a in actions),
            "privacy": any(rule("limit.work_data").search(t) and rule("limit.uses_ai").search(t)
                           and not rule("limit.made_up").search(t) for t in steps),
            "caregiving": not hours_given, "workload": not hours_given,
            "health": heaviest(plan) > LIGHT_LOAD,
            "travel": any(a.hours_per_week > SHORT_SESSION for a in actions),
            "language": any(len(t.split()) > PLAIN_STEP_WORDS for t in steps),
            "credentials": any(rule("limit.degree").search(t) for a in actions for t in [a.title, *a.steps]),
        }
        return {k for k, v in broken.items() if v}

    def limits(self, plan: Plan, profile: Profile) -> list[ReviewIssue]:
        """No action asks what the person's limits rule out."""
        kinds = set(profile.constraint_kinds)
        employer = employer_ai_rule(profile, reader_for(self.kb))
        issues = [_issue("limits", p, "costs money, and the person has none for this") for p in self._paid(plan)
                  ] if "money" in kinds else []
        for path, action in _actions(plan):
            needs, texts = self._needs.get(action.catalog_id or "", set()), [action.title, *action.steps]
            if "device" in kinds and ({"desk", "build"} & needs or any(rule("limit.computer").search(t)
                                                                       for t in texts)):
                issues.append(_issue("limits", path, "needs a computer, and the person has only a phone"))
            if (profile.ai_at_work is False or "employer_ai_rules" in kinds) and (
                    "ai_at_work" in needs or any(rule("limit.ai_at_work").search(t) for t in texts)) and not (
                    employer.approved and names_tool(employer.approved, texts)):
                issues.append(_issue("limits", path, "uses AI tools at work, which the person's employer forbids"))
            issues += [_issue("limits", path, m) for m in ai_rule_broken(employer, action.title, action.steps)]
            for time in profile.times_not:
                said = [label for t in texts for label, meant, _ in find(self._times, t) if meant == "yes"]
                if time in said:
                    issues.append(_issue("limits", path, f"schedules {time}, which the person ruled out"))
        return issues

    def situation(self, plan: Plan, profile: Profile) -> list[ReviewIssue]:
        """No text of the plan speaks of an employer, manager or team the person does not have: someone out of work,
        on a career break, studying or self-employed has no manager or employer, and only a business owner with staff
        has people working for them."""
        checks = ([] if profile.employed_now else [("limit.employer_assumed", "an employer or manager")]) + (
            [] if profile.works_with_others else [("limit.team_assumed", "a team or colleagues")])
        issues: list[ReviewIssue] = []
        for path, text in _situation_texts(plan):
            for name, what in checks:
                if found := rule(name).search(text):
                    why = _SITUATION_SAID[profile.situation or ""]
                    issues.append(_issue("limits", path, f"speaks of {what} of the person's own ({found.group(0)!r}), "
                                                         f"and they have none: {why}"))
        return issues

    def worries(self, plan: Plan, profile: Profile, kind_of: dict[str, list[str]]) -> list[ReviewIssue]:
        """Every worry named is answered by an action that says so, or said plainly to be beyond the sources.
        `kind_of`: the kinds each worry the person wrote reads as."""
        said = " ".join([plan.summary, *plan.revision_notes]).lower()
        answered = " ".join(w for _, a in _actions(plan) for w in a.addresses).lower()
        labels = {k: v.label for k, v in self.kb.catalog.vocabulary.concern_kinds.items()}
        issues: list[ReviewIssue] = []
        for kind in profile.concern_kinds:
            label = labels.get(kind, kind).lower()
            if label not in answered and label not in said:
                issues.append(_issue("worries", "stages", f"the worry about {label} is neither answered by an "
                                                          "action nor said to be beyond the sources"))
        for worry in profile.concerns:
            opening = pointer(worry, whole=False).rstrip("\u2026").lower()  # what a note quotes of it, at least
            if reads_as_words(worry) and not kind_of.get(worry) and opening not in said:
                issues.append(_issue("worries", "revision_notes", f"the worry {worry[:80]!r} is neither answered "
                                                                  "nor said to be beyond the sources"))
        return issues

    def figures(self, texts: Iterator[tuple[str, str]], who: Who) -> list[ReviewIssue]:
        """No figure told to a person outside the group or the country it is about, and no one employer's numbers said
        as general or as the person's own."""
        return [_issue("figures", path, (f"states {figure.id}, one employer's ({figure.employer}) numbers, as if "
                                         "general or about this person" if self.audiences.for_person(figure, who) else
                                         f"states {figure.id} ({', '.join(figure.about)}"
                                         f"{'; ' + figure.country if figure.country else ''}), which is not about "
                                         "this person") + f": {sentence[:120]!r}")
                for path, text in texts for sentence, figure in self.audiences.outside(text, who)]


_SITUATION_SAID = {"freelance": "they work for themselves", "job_seeking": "they are out of work",
                   "career_break": "they are on a career break", "student": "they are studying",
                   "": "by their situation"}


def _situation_texts(plan: Plan) -> Iterator[tuple[str, str]]:
    """What a plan says to the person in its own words: the summary, stage goals and every action's texts (revision
    notes quote the coach's feedback, and are not the plan speaking)."""
    yield "summary", plan.summary
    for s, stage in enumerate(plan.stages):
        yield f"stages[{s}].goal", stage.goal
    for path, action in _actions(plan):
        for i, text in enumerate([action.title, action.why, *action.steps, action.success_metric]):
            yield f"{path}.text[{i}]", text


def _deadline_untrue(found: re.Match[str], total: int, weeks: int | None) -> Iterator[str]:
    if weeks is None:
        yield "says the plan fits a deadline, and the person gave none"
        return
    if total > weeks:
        yield f"says the plan fits the deadline, but its stages run {total} weeks, past {weeks}"
    said = found.groupdict()
    if said.get("total") and int(said["total"]) != total:
        yield f"says the stages run {said['total']} weeks; they run {total}"
    for name in ("deadline", "deadline2"):
        if said.get(name) and int(said[name]) != weeks:
            yield f"names a deadline of {said[name]} weeks; the plan keeps to {weeks}"


def _budget_said(plan: Plan) -> bool:
    """A revision note says the feedback named a weekly budget (the hours are then theirs, not assumed)."""
    return any(n.startswith("Hours: you asked for at most") for n in plan.revision_notes)


def _same(a: Plan, b: Plan) -> bool:
    return [(s.stage, [(x.title, x.hours_per_week, x.duration_weeks) for x in s.actions]) for s in a.stages] == \
        [(s.stage, [(x.title, x.hours_per_week, x.duration_weeks) for x in s.actions]) for s in b.stages]


def _ask(asked: Adjustments | None, note: str) -> Ask | None:
    """The clause of the feedback a note quotes whole ("Already so: \"no paid courses\" - ...")."""
    if asked is None or not rule("claim.quotes_ask").search(note):
        return None
    return next((a for a in sorted(asked.asks, key=lambda a: -len(a.said))
                 if any(f'"{said}"' in note for said in quoted_forms(a.said))), None)
