"""The person's own work in a plan's words: catalog texts name {routine}, {written}, {judgement}, {tasks}, {jobs},
{field}, {material}, {peers}, {language}, {change} and the words that depend on their situation ({rules}, {peer},
{org}, {forum}, {tell}, {recent}), and these are filled from the confirmed profile - their paperwork (the
only kind of task handed to AI: never "the first pass at running the ICP-MS" or at bathroom fits; where they named
none, the words say so plainly), a task of their judgement, hands or people as their edge, their line of work, whom
they show their work, the language they write at work in - quoting only short names of their tasks, never their
sentences. Someone out of work, on a career break, studying or self-employed has no employer, manager or team: the
words name a client, a former colleague or a professional group instead. What a ruled-out time would have
scheduled ("Each evening ...") is said without it.

An employer's AI rule is kept in the words too: where it approves one tool, every AI step names that tool and no
free assistant on a personal device; where it bans AI outright, AI steps say plainly they are personal time with
public or made-up material, never work; where work data must stay out of AI, no step asks for real cases.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import cache

from agents.planner.aims import aim, directions, either_of
from agents.planner.tasks import TaskKinds
from domain.profile import Profile
from knowledge.models import Role, Vocabulary
from reading.clock import WEEKDAY
from reading.employer import EmployerAIRule
from reading.rules import rule
from reading.signals import short_task
from reading.text import doing, fit_to_name

DEFAULTS = {"routine": "whatever you write, book or record for your work - you named no paperwork among your tasks",
            "judgement": "the part of your work that needs your judgement",
            "tasks": "the writing that comes with your work", "field": "your field",
            "jobs": "the work you know best",
            "written": "a routine piece of writing or paperwork you do often",
            "search_roles": "kinds of role where you can show evidence of impact"}
SEARCH_ROLES = "of the directions you named ({named}) where you can show evidence of impact"
"""What a job search aims at where the person named their own directions: theirs, never kinds of role to pick."""
"""What fills a placeholder the person's own words cannot: said plainly, never a task of theirs made up."""
PAPERWORK_PLACES = ("{written}", "{routine}", "{tasks}")
"""The placeholders only the person's paperwork fills."""
NO_PAPERWORK = ("You named no paperwork among your tasks, so this starts from whatever you write, book or record "
                "for your work - never from the work of your hands or your judgement.")
MATERIAL = {
    "redacted": "{material_from} with names and anything confidential taken out, or make up realistic ones",
    "made_up": "made up from scratch - never real ones, since real work material must stay out of AI tools",
}
"""What examples of the person's work an AI tool may see: made up only, where the employer forbids AI on work
material or privacy rules apply."""
# A step handing work to a general AI tool ("Ask a free AI assistant", "Use AI to look up"), and where it says a
# personal device: what an approved-tool rule rewrites.
_GENERAL_AI = re.compile(r"\b(?P<verb>try|ask|use|using|with|to|into)\s+(?:(?:a|an)\s+(?:free\s+)?(?:AI\s+)?"
                         r"(?:assistant|tool|chatbot)|AI(?=\s+(?:to|on|for)\b)|free AI tools?|AI tools)\b",
                         re.IGNORECASE)
_OWN_DEVICE = re.compile(r",?\s+on your own device\b", re.IGNORECASE)
_USES_AI = re.compile(r"\b(?:try|ask|use|using|run|with)\b[^.]{0,40}\b(?:AI|assistant|chatbot|chatgpt|copilot|"
                      r"gemini)\b", re.IGNORECASE)
APPROVED_NOTE = " (the AI tool {owner} approves)"
PERSONAL_ONLY = "in your own time, on your own device, with public or made-up material only - never for {work}"
"""How an AI step is said where the employer bans AI: learning on personal time, never on work."""
BANNED_SAYS = ((re.compile(r"\btry it if you can\b", re.IGNORECASE), "ask to see it demonstrated"),)
NO_WORK_DATA_SAYS = ((re.compile(r"\bwith names and details changed\b", re.IGNORECASE),
                      "made up from scratch, with no real person's details"),)
# A time ruled out, as steps say it, and how to say the same without it.
_TIME_WORDS: dict[str, tuple[tuple[str, str], ...]] = {
    "evenings": (("each evening", "each day"), ("every evening", "every day"), ("evenings", "free time"),
                 ("evening", "daily")),
    "weekends": (("at weekends", "in the week"), ("weekends", "weekdays"), ("weekend", "weekday")),
    "early mornings": (("each morning", "each day"), ("early mornings", "free time")),
    "mornings": (("each morning", "each day"), ("mornings", "free time")),
}


@dataclass(frozen=True)
class Filling:
    routine: str
    judgement: str
    tasks: str
    field: str
    written: str = DEFAULTS["written"]
    ai_rule: EmployerAIRule = dataclasses.field(default_factory=EmployerAIRule)
    times_not: tuple[str, ...] = ()
    tool: str | None = None
    goal: str | None = None
    material: str = MATERIAL["redacted"]
    material_from: str = "from recent work"
    """Where real examples of their work come from: recent work, or the work they did before a break."""
    moves: bool = False
    """The aim is a move to other work (a role, a line of work), not an aim within their own ('more weddings')."""
    audience: str = "the people in your field"
    jobs: str = DEFAULTS["jobs"]
    """Two of their tasks of hands, judgement or people: the work their offer, stories and edge are made of."""
    peers: str = "a colleague, your manager or a professional group"
    """Whom the person shows what they found, by their situation: no manager for someone self-employed."""
    paperwork_named: bool = True
    """A piece of paperwork of theirs fills {written}, {routine} and {tasks}; else those say plainly none was named."""
    language: str = "English"
    """The language the person works in and worries about writing ("my dutch writing is weak": Dutch)."""
    situation: str = "employed"
    """Their situation, for the words that depend on it (`SITUATED`): whose rules, whom they tell, where they talk."""
    directions: tuple[str, ...] = ()
    """The ways forward the person named themselves ("complaints, quality, wfm or trainer"), two to five, the one
    they lead with first: a plan compares them by name, and its step toward their aim is the first."""

    @property
    def named(self) -> frozenset[str]:
        return frozenset(n for n, v in (("tool", self.tool), ("goal", self.goal), ("move", self.goal and self.moves),
                                        ("directions", len(self.directions) >= 2)) if v)

    def steps(self, steps: list[str] | tuple[str, ...]) -> list[str]:
        """`steps` with a step naming {direction} said once for each direction the person named."""
        out: list[str] = []
        for step in steps:
            if "{direction}" in step:
                out += [step.replace("{direction}", d[:1].upper() + d[1:]) for d in self.directions]
            else:
                out.append(step)
        return out

    def __call__(self, text: str) -> str:
        """`text` with the person's own work filled in, and ruled-out times said without."""
        filled = text.replace("{routine}", self.routine).replace("{judgement}", self.judgement) \
            .replace("{written}", self.written).replace("{tasks}", self.tasks).replace("{field}", self.field) \
            .replace("{tool}", self.tool or "the new tool").replace("{change}", self.tool or "the change coming") \
            .replace("{goal}", self.goal or "where you want to go") \
            .replace("{material}", self.material).replace("{material_from}", self.material_from) \
            .replace("{audience}", self.audience) \
            .replace("{peers}", self.peers).replace("{jobs}", self.jobs).replace("{language}", self.language) \
            .replace("{directions}", either_of(list(self.directions)) if self.directions else "the ways you named") \
            .replace("{direction}", self.directions[0] if self.directions else "each way you named") \
            .replace("{search_roles}", SEARCH_ROLES.format(named=either_of(list(self.directions))) if len(
                self.directions) >= 2 else DEFAULTS["search_roles"])
        for name, said in SITUATED[self.situation].items():
            filled = filled.replace("{" + name + "}", said)
        for time in self.times_not:
            for said, instead in _TIME_WORDS.get(time, ()):
                filled = re.sub(rf"\b{re.escape(said)}\b", instead, filled, flags=re.IGNORECASE)
        return self.within_ai_rule(filled)

    def unnamed_paperwork(self, texts: list[str]) -> bool:
        """`texts` hand the person's paperwork to AI, and they named none: the plan says so rather than invent it."""
        return not self.paperwork_named and any(p in t for t in texts for p in PAPERWORK_PLACES)

    def within_ai_rule(self, text: str) -> str:
        """`text` said within the employer's AI rule: the approved tool named in place of a general one, AI said
        as personal-time learning where AI is banned, no real cases where work data must stay out of AI."""
        rule = self.ai_rule
        if rule.no_work_data or rule.banned:
            for said, instead in NO_WORK_DATA_SAYS:
                text = said.sub(instead, text)
        owner = SITUATED[self.situation]["owner"]
        if rule.approved is not None:
            tool = rule.approved.replace("your employer approves", f"{owner} {_approve(owner)}")
            named = tool + ("" if "approve" in tool else APPROVED_NOTE.format(owner=owner).replace(
                "approves", _approve(owner)))
            text, count = _GENERAL_AI.subn(lambda m: f"{m.group('verb')} {named}", text, count=1)
            if count:
                text = _GENERAL_AI.sub(lambda m: f"{m.group('verb')} {tool}", text)
                text = _OWN_DEVICE.sub("", text)
        elif rule.banned:
            for said, instead in BANNED_SAYS:
                text = said.sub(instead, text)
            if _USES_AI.search(text) and "own time" not in text:
                text = _OWN_DEVICE.sub("", text).rstrip(". ")
                text = f"{text} - {PERSONAL_ONLY.format(work=SITUATED[self.situation]['work'])}."
        return text


def filling(profile: Profile, vocabulary: Vocabulary, role: Role | None,
            ai_rule: EmployerAIRule | None = None, kinds: TaskKinds | None = None) -> Filling:
    """The person's own work for a plan's words: only their paperwork is ever what AI drafts ({written}, {routine},
    {tasks}) - a task of theirs, or the paperwork word they used in a goal or worry ("quotes") - and their edge
    ({judgement}) is a task of their judgement, hands or people, never paperwork."""
    kinds = kinds or TaskKinds(vocabulary)  # (a planner passes its own, its word lists built once)
    when = _when_said(tuple(p for group in vocabulary.times_of_day.values() for p in group))
    tasks = [doing(t) for t in (short_task(when.sub("", t)) for t in profile.main_tasks)
             if t and not rule("task.not_work").search(t) and fit_to_name(t)]  # "check tickets" is said "checking
    # tickets"; "typical week WAS tills" is no name to repeat
    paperwork = [t for t in tasks if kinds.paperwork(t)]
    named = paperwork[0] if paperwork else kinds.named_paperwork([*profile.goals, *profile.concerns])
    routine = next((t for t in paperwork if kinds.routine(t)), named)
    rest = [t for t in tasks if t not in paperwork]
    judgement = kinds.edge(rest) or next(iter(rest), None)
    jobs = (kinds.jobs(rest) or rest or tasks)[:2]
    domain = vocabulary.domains.get(profile.domain or "")
    field = domain.label if domain else (role.name.lower() if role else DEFAULTS["field"])
    drafted = list(dict.fromkeys([*([routine] if routine else []), *paperwork]))[:2]
    options = directions(profile.goals)
    return Filling(routine=routine or DEFAULTS["routine"], directions=options,
                   judgement=judgement or DEFAULTS["judgement"],
                   written=named or DEFAULTS["written"], ai_rule=ai_rule or EmployerAIRule(),
                   tasks=" and ".join(drafted) if drafted else DEFAULTS["tasks"], field=field,
                   jobs=" and ".join(jobs) if jobs else DEFAULTS["jobs"],
                   times_not=tuple(profile.times_not), tool=feared_tool(profile.concerns),
                   goal=options[0] if len(options) >= 2 else aim(profile.goals),
                   material=MATERIAL["made_up"] if profile.ai_at_work is False or "privacy" in profile.constraint_kinds
                   else MATERIAL["redacted"],
                   moves=len(options) >= 2 or any(rule("goal.move").search(g) and not _DENIED.match(g)
                                                  for g in profile.goals),
                   audience=AUDIENCE.get(profile.situation or "", "the people in your field"),
                   peers=PEERS.get(profile.situation or "", PEERS["employed"]), paperwork_named=named is not None,
                   language=worked_in(profile.concerns), situation=situated(profile),
                   material_from=SITUATED[situated(profile)]["material"])


_LANGUAGES = ("English", "Dutch", "Flemish", "French", "German", "Spanish", "Italian", "Portuguese", "Polish",
              "Welsh", "Swedish", "Norwegian", "Danish", "Finnish", "Greek", "Turkish", "Arabic")
_LANGUAGE_SAID = re.compile(r"\b(?:my|written|spoken)\s+(?:written\s+|spoken\s+)?(?P<language>" + "|".join(_LANGUAGES)
                            + r")\b|\b(?P<for>" + "|".join(_LANGUAGES) + r")\s+(?:certificate|test|exam|level)\b",
                            re.IGNORECASE)


def worked_in(concerns: list[str]) -> str:
    """The language a worry says the person writes at work in ("my dutch writing is weak"), English unless said."""
    for concern in concerns:
        if found := _LANGUAGE_SAID.search(concern):
            return (found.group("language") or found.group("for")).capitalize()
    return "English"


@cache
def _when_said(times: tuple[str, ...]) -> re.Pattern[str]:
    """When a task is done, said after its name ("quoting jobs in the evenings", "invoices on sunday"): no part of
    the name, and a time the person ruled out would otherwise be rewritten inside it."""
    phrases = sorted(set(times), key=len, reverse=True)
    return re.compile(r"(?<=\w)\s+(?:in|on|at|every|each|during|over)\s+(?:the\s+|a\s+)?(?:" + WEEKDAY + r"\b|"
                      + "|".join(re.escape(p) for p in phrases) + r")\b.*$", re.IGNORECASE)




_DENIED = re.compile(r"(?i)^\W*(?:not|no|never|don'?t|do not|i'?m not|im not)\b")

AUDIENCE = {"freelance": "your clients", "job_seeking": "your future employers", "student": "your future employers",
            "career_break": "your future employers"}
"""Who reads what the person publishes, by their situation."""
PEERS = {"employed": "a colleague, your manager or a professional group",
         "freelance": "someone else in your line of work, a trusted customer or a trade or professional group",
         "job_seeking": "someone working in the job you want, or a professional group",
         "student": "a tutor, someone working in the job you want, or a professional group",
         "career_break": "someone working in the job you want to return to, or a professional group"}
"""Whom the person shows what they found, by their situation."""
SITUATED: dict[str, dict[str, str]] = {
    "employed": {"rules": "your employer's rules", "peer": "1 colleague", "org": "your organisation",
                 "forum": "1 internal or external meetup",
                 "tell": "Take them to your manager, or keep them for your next conversation about your role",
                 "recent": "recent", "material": "from recent work", "owner": "your employer", "work": "work"},
    "freelance": {"rules": "your clients' rules and your own", "peer": "1 person in your line of work",
                  "org": "a client's organisation", "forum": "1 meetup or trade or professional group",
                  "tell": "Use them in your next pitch, or with the next client who asks about it",
                  "recent": "recent", "material": "from recent client work", "owner": "your clients",
                  "work": "client work"},
    "job_seeking": {"rules": "the rules of any employer or client you work for", "peer": "1 person in your field",
                    "org": "an organisation you know well, or one in the news",
                    "forum": "1 meetup or professional group",
                    "tell": "Keep them as proof of what you know for your next interview", "recent": "past",
                    "material": "from your last job", "owner": "your next employer", "work": "work"},
    "career_break": {"rules": "the rules of any employer or client you work for", "peer": "1 person in your field",
                     "org": "an organisation you know well, or one in the news",
                     "forum": "1 meetup or professional group",
                     "tell": "Keep them as proof of what you know for your first interviews back", "recent": "past",
                     "material": "from the work you did before your break", "owner": "your next employer",
                     "work": "work"},
    "student": {"rules": "your course's rules and those of any employer you work for",
                "peer": "1 person on your course",
                "org": "an organisation you know well, or one in the news", "forum": "1 meetup, society or class",
                "tell": "Keep them as proof of what you know for your first interviews", "recent": "past",
                "material": "from your course or past work", "owner": "your course", "work": "coursework"},
}
"""The words that depend on the person's situation: whose AI rules bind them, whom they show or tell, which
organisation they look at, where they talk, where real examples come from. Only someone employed has an employer,
a manager and colleagues to name."""


def situated(profile: Profile) -> str:
    """The situation the plan's words are written for: employed, unless they said otherwise."""
    return profile.situation or "employed"


def _approve(owner: str) -> str:
    """'approves' or 'approve', as the owner of the rule is one or many ("your clients approve")."""
    return "approve" if owner.endswith("s") and not owner.endswith("ss") else "approves"


_NOT_BEFORE = re.compile(r"(?i)\b(?:not|no|never|isn'?t|aren'?t|nothing to do with|not about)\s+(?:\w+\s+){0,2}$")


def feared_tool(concerns: list[str]) -> str | None:
    """The technology the person named as a worry ("the kiosks", "the new routing software"), if any."""
    for worry in concerns:
        found = rule("tool.named").search(worry)
        if found and _NOT_BEFORE.search(worry[:found.start()]):
            continue  # "its not robots walking dogs, its that people dont find me": no fear of robots
        if found:
            tool = re.sub(r"^(?:(?:the|this|that|a|an|our|their)\s+)+", "", found.group("tool").strip().lower())
            return f"the {tool}"
    return None
