"""Pydantic models of the knowledge base: the curated catalog and the retrieval passages.

Every entry carries provenance. Passages carry it directly (source id and locator); catalog
entries carry it through ``citations``: ids of passages (or other catalog entries) that
support them. The loader checks that every citation resolves.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

EntryId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]*$", max_length=120)]
Exposure = Literal["low", "medium", "high"]
Situation = Literal["employed", "job_seeking", "freelance", "student", "career_break"]
Seniority = Literal["entry", "junior", "mid", "senior", "lead", "executive"]
ConstraintKind = Literal["caregiving", "employer_ai_rules", "privacy", "money", "time_pattern", "no_desk", "device",
                         "travel", "health", "location", "language", "workload", "credentials"]
ConcernKind = Literal["replacement", "entry_level", "income", "management_layer", "quality_safety", "keeping_up", "age",
                      "craft_meaning", "ethics_privacy", "ai_costs", "language", "workload"]
StageId = Literal["survive", "adapt", "lead"]
DynamicId = Literal["cheaper-execution", "quality-security", "compute-costs", "human-ai-boundary"]
ProfileField = Literal[
    "current_role",
    "situation",
    "years_experience",
    "seniority",
    "skills",
    "ai_tools",
    "main_tasks",
    "goals",
    "hours_per_week",
    "constraints",
    "concerns",
]


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Entry):
    id: EntryId = Field(description="Short source id, e.g. 's001'.")
    file: str = Field(description="File name of the source document under shared/seeds/.")
    title: str
    kind: Literal["summary", "transcript", "article", "show-notes", "user"]
    author: str | None = None
    published: str | None = Field(default=None, description="Publication date as the source gives it.")


class Passage(_Entry):
    id: EntryId = Field(description="Stable id, 'p.<source>.<slug>'.")
    source: EntryId = Field(description="Source id the note is drawn from.")
    locator: str = Field(description="Section name or transcript timestamp (mm:ss) in the source.")
    title: str = Field(description="A short heading for the note, in the project's words.")
    text: str = Field(min_length=40, description="The note itself, in the project's own words.")
    tags: tuple[str, ...] = Field(default=(), description="Role ids, dynamic ids or topics the note concerns.")


class Dynamic(_Entry):
    id: EntryId = Field(description="'dyn.<slug>'.")
    key: DynamicId
    name: str
    summary: str
    plain: str = Field(description="The dynamic in plain words, without examples from tech work: for everyone else.")
    creates_work_in: tuple[str, ...] = Field(description="Kinds of work this dynamic creates.")
    threatens: tuple[str, ...] = Field(description="Kinds of work this dynamic erodes.")
    citations: tuple[EntryId, ...] = Field(min_length=1)


class Role(_Entry):
    id: EntryId = Field(description="'role.<slug>'.")
    name: str
    person: str = Field(description="How to name someone in the role: 'a QA engineer', 'a tradesperson'.")
    kind: Literal["core", "emerging", "adjacent"] = Field(
        description=(
            "core: the 15 roles of the transcript; emerging: named future roles; "
            "adjacent: other roles and sectors in the sources."
        )
    )
    synonyms: tuple[str, ...] = Field(description="Job titles and phrases a person might use for this role.")
    desk: bool = Field(default=True, description="Work done mostly at a desk (false: on site, on the floor).")
    outlook: Literal["growing", "shifting", "contracting"] = Field(description="Direction of demand.")
    outlook_note: str = Field(description="Why, in one or two sentences.")
    durable: tuple[str, ...] = Field(min_length=1, description="What in this work AI does not take.")
    at_risk: tuple[str, ...] = Field(description="Tasks in this work that AI is absorbing.")
    exposure: dict[DynamicId, Exposure] = Field(description="Exposure to each of the four dynamics.")
    moves: tuple[str, ...] = Field(min_length=1, description="Recommended moves for someone in this role.")
    skills: tuple[str, ...] = Field(description="Skill tags that matter for the role's future.")
    executive_skills: tuple[str, ...] = Field(
        default=(), description="Of its skills, those asked only of its executives (owning strategy and budgets): "
                                "never a gap for someone in the role below that level.")
    first_line_titles: tuple[str, ...] = Field(
        default=(), description="Of its titles, those of first-line leaders (a team leader, a supervisor): someone "
                                "with one of them who manages no managers matches the role only loosely.")
    first_line_note: str | None = Field(
        default=None, description="The outlook as it reaches first-line leaders, said to them in place of the "
                                  "role's own (written for managers of managers and directors).")
    manager_skills: tuple[str, ...] = Field(
        default=(), description="Of its skills, those asked of people who manage managers: never a gap for a "
                                "first-line leader or anyone below.")
    citations: tuple[EntryId, ...] = Field(min_length=1)


class Stage(_Entry):
    id: EntryId = Field(description="'stage.survive' | 'stage.adapt' | 'stage.lead'.")
    key: StageId
    name: str
    goal: str
    goals: dict[str, str] = Field(
        default_factory=dict,
        description="The goal for a situation (job_seeking, freelance, student, career_break), for leaders "
                    "(executive) and for work the catalog lacks (domain), where it differs from `goal`.")
    topic_goals: dict[str, str] = Field(
        default_factory=dict,
        description="The goal where the stage's first action is about one of these topics ('workplace': the change "
                    "at the person's own employer): a stage's goal never promises what its actions do not do.")
    description: str
    typical_horizon_weeks: int = Field(ge=1, le=104)
    citations: tuple[EntryId, ...] = Field(min_length=1)


Need = Literal["employer", "reports", "manager", "executive", "desk", "ai_at_work", "approved_ai", "work_data",
               "experience", "deskless", "paid", "build", "senior", "named_tool", "named_goal", "named_move",
               "named_directions", "named_aim", "team", "paperwork", "change_at_work"]
"""What an action takes: a current employer, people who report to you, a manager above you (not an executive), an
executive's authority (a director's or head's: budgets, vendors' bills, the organisation's AI portfolio, strategy and
design - a team leader or supervisor has none of it), hours at a computer, AI tools allowed on work material
(ai_at_work: with no employer rule on them; approved_ai: if only through the one tool the employer approves, never
with customers' data, and not banned outright), customers' own data (job notes, client messages) put into AI, money
(a course, a certificate, a paid tool), building software, a senior level (or leading people), a technology the person
named as a worry, a goal of theirs to name (a move to other work, or an aim within their own: 'more weddings'), people
around them to train or show (team: a crew or colleagues - an employee's, or a business owner's who leads people),
a piece of paperwork of their own to hand to AI (paperwork: one they named, never made up for them), a change at
their workplace to ask about (change_at_work: a tool they named, or work away from a desk)."""


class Action(_Entry):
    id: EntryId = Field(description="'act.<stage>.<slug>'.")
    stage: StageId
    title: str
    why: str
    steps: tuple[str, ...] = Field(min_length=2)
    hours_per_week: float = Field(gt=0, le=20)
    duration_weeks: int = Field(ge=1, le=52)
    success_metric: str
    roles: tuple[EntryId, ...] = Field(description="Role ids this action suits; empty means any role.")
    skills: tuple[str, ...] = Field(description="Skill tags the action builds or needs.")
    situations: tuple[Situation, ...] = Field(default=(), description="Situations it is for; empty means any.")
    needs: tuple[Need, ...] = Field(default=(), description="What it takes; missing it rules the action out.")
    addresses: tuple[ConcernKind, ...] = Field(default=(), description="Worries this action answers.")
    topics: tuple[str, ...] = Field(default=(), description="What it is about, for feedback such as 'no management'.")
    citations: tuple[EntryId, ...] = Field(min_length=1)


class Audience(_Entry):
    """A group of people a figure is about (`audiences.yaml`)."""

    id: str
    everyone: bool = False
    roles: tuple[EntryId, ...] = Field(default=(), description="Current or target catalog roles.")
    domains: tuple[str, ...] = Field(default=(), description="Lines of work the role catalog lacks.")
    situations: tuple[Situation, ...] = ()
    seniority: tuple[Seniority, ...] = ()
    age_min: int | None = Field(default=None, description="With age_max: the ages the group spans, when known.")
    age_max: int | None = None


class Figure(_Entry):
    id: EntryId = Field(description="'fig.<slug>'.")
    statement: str = Field(description="What the figure says, in the project's words.")
    value: str = Field(description="The number exactly as the source writes it, e.g. '$187,500' or '3.2'.")
    unit: str | None = None
    topic: str
    source: EntryId
    locator: str
    citations: tuple[EntryId, ...] = Field(min_length=1)
    about: tuple[str, ...] = Field(min_length=1, description="Whom the figure is about: audience ids.")
    said_as: tuple[str, ...] = Field(default=(), description="Words a paraphrase of the figure uses.")
    country: str | None = Field(
        default=None, description="The one country whose market the figure describes (vocabulary countries): it "
                                  "reaches only people there, or whose country is unknown.")
    employer: str | None = Field(
        default=None, description="The one employer whose own numbers these are (Salesforce's support headcount): "
                                  "said only as that firm's, never as a general trend or as the person's prospects, "
                                  "and told only to people whose role is in its field (a line of work is not enough).")


AnswerKind = Literal["text", "choice", "choices", "hours", "years"]
"""What a question's answer is: free text; one choice or several (each with free text beside); hours a week with
when (and when not); years with a level."""
OptionsFrom = Literal["situations", "constraint_kinds", "concern_kinds", "times_of_day", "seniority"]


class AnswerSpec(_Entry):
    """The answer a question expects, beside free text (always accepted)."""

    kind: AnswerKind = Field(default="text")
    options_from: OptionsFrom | None = Field(
        default=None, description="Where the choices come from: a vocabulary list (labels and values).")


class Question(_Entry):
    id: EntryId = Field(description="'q.<slug>'.")
    field: ProfileField = Field(description="The profile field the answer fills.")
    also: tuple[ProfileField, ...] = Field(default=(), description="Other fields the same answer usually fills.")
    text: str = Field(description="The question as asked.")
    text_not_working: str | None = Field(
        default=None, description="The question as asked of someone not in work now (a career break, a job search).")
    purpose: str = Field(description="Why the coach asks it.")
    hint: str = Field(description="A rephrasing with an example, used when an answer is empty or off-topic.")
    priority: int = Field(ge=1, le=100, description="Lower is asked earlier.")
    required: bool = Field(description="Whether the interview must cover this field within its question limit.")
    answer: AnswerSpec = Field(default_factory=AnswerSpec, description="The answer expected, beside free text.")


class Cued(_Entry):
    """A kind of thing people say, and the phrases that signal it."""

    label: str = Field(description="How the coach names it back to the person.")
    cues: tuple[str, ...] = Field(min_length=1)


class Country(Cued):
    """A country a person may live in, and the words that say so."""

    money: tuple[str, ...] = Field(default=(), description="Its money: signs and words ('£', 'quid').")
    places_only: tuple[str, ...] = Field(
        default=(), description="Its places whose names are ordinary words too ('Cork', 'Phoenix'): read only after "
                                "a word that places a person ('in Cork', 'from Phoenix').")


class WorryTopic(_Entry):
    """What a worry the kinds do not name can be about, and how an action in a plan is seen to be about it."""

    cues: tuple[str, ...] = Field(min_length=1, description="Words in the worry.")
    actions: tuple[str, ...] = Field(
        default=(), description="Words in an action's title, steps or catalog topics that make it about this.")
    kinds: tuple[ConcernKind, ...] = Field(
        default=(), description="Kinds of worry whose answering action answers this too.")


class SharedName(_Entry):
    """A bare tool name two products share ("Copilot"), and which one it means."""

    usual: str = Field(description="The product the bare name means unless told otherwise.")
    otherwise: str = Field(description="The product it means where the person's words or work speak of its field.")
    when: tuple[str, ...] = Field(min_length=1, description="Words that speak of the other product's field.")


class Domain(Cued):
    """A line of work the role catalog has no role for, and what in the sources still applies to it."""

    applies: tuple[EntryId, ...] = Field(min_length=1, description="Catalog ids that speak to this domain.")
    nearest: tuple[EntryId, ...] = Field(min_length=1, description="Catalog roles this work comes closest to.")
    bridge: str = Field(description="What from this work carries over to the nearest roles, in plain words.")
    desk: bool = Field(default=True, description="Work done mostly at a desk (false: on a ward, in a kitchen).")
    not_this: tuple[str, ...] = Field(
        default=(), description="Names of other work that hold one of the cues (\"tree surgeon\" holds \"surgeon\"): "
                                "never this line of work.")
    bridged_by: tuple[str, ...] = Field(
        default=(), description="The work the bridge is true of (\"nurse\", not \"receptionist\" or \"carer\"): the "
                                "nearest roles are named only for someone whose work says one of these; empty: all.")


class ReadingRule(_Entry):
    """A named rule for reading people's words: a pattern, what it is for, and the texts it must and must not match
    (which double as its tests). The engine runs the rules; the trace names each rule that fired."""

    name: Annotated[str, StringConstraints(pattern=r"^[a-z_]+(?:\.[a-z_]+)+$", max_length=80)] = Field(
        description="'<area>.<what>', e.g. 'time.ruled_out'.")
    doc: str = Field(description="What the rule reads, in plain words.")
    any: tuple[str, ...] = Field(min_length=1, description="Regular expressions; the rule matches where any does.")
    case_sensitive: bool = Field(default=False, description="Match case as written (default: ignore case).")
    match: tuple[str, ...] = Field(min_length=1, description="Texts the rule must match.")
    no_match: tuple[str, ...] = Field(default=(), description="Texts the rule must not match.")


class Vocabulary(_Entry):
    """The words the knowledge engine reads answers with (lexical knowledge, not facts from the sources)."""

    ai_tools: dict[str, tuple[str, ...]] = Field(description="Canonical tool name -> ways people write it.")
    ai_tools_generic: tuple[str, ...] = Field(description="Phrases meaning 'AI tools' without naming one.")
    ai_tools_shared: dict[str, SharedName] = Field(
        default_factory=dict, description="Bare names two tools share -> which one each means, by context.")
    generic_titles: tuple[str, ...] = Field(description="One-word job titles many lines of work share.")
    everyday_work_words: tuple[str, ...] = Field(
        default=(), description="Words any line of work uses for its tasks: never evidence for one role.")
    routine_work: tuple[str, ...] = Field(description="Work cheaper execution absorbs first.")
    information_work: tuple[str, ...] = Field(
        default=(), description="Work on documents and information, which an AI tool can take a first pass at.")
    judgement_work: tuple[str, ...] = Field(description="Work that rests on judgement and relationships.")
    hands_on_work: tuple[str, ...] = Field(
        default=(), description="Work the hands and body do: never handed to AI, whatever document it names.")
    people_work: tuple[str, ...] = Field(
        default=(), description="Work whose core is a person in front of you and their trust.")
    situations: dict[Situation, tuple[str, ...]]
    seniority: dict[Seniority, tuple[str, ...]]
    constraint_kinds: dict[ConstraintKind, Cued]
    concern_kinds: dict[ConcernKind, Cued]
    domains: dict[str, Domain]
    feedback_topics: dict[str, tuple[str, ...]] = Field(
        description="Topics a plan can be asked to leave out or focus on.")
    times_of_day: dict[str, tuple[str, ...]] = Field(
        default_factory=dict, description="When a person's free hours fall (label -> ways people say it).")
    worry_topics: dict[str, WorryTopic] = Field(
        default_factory=dict, description="What a worry no kind names is about, and the actions that answer it.")
    countries: dict[str, Country] = Field(
        default_factory=dict, description="Countries a person may say they live in (id -> label, cues, money).")
    shown_by_leading: tuple[str, ...] = Field(
        default=(), description="Skill tags that leading a team now shows (owning its results, its people's trust): "
                                "never a gap for someone who leads people.")
    skills_said_as: dict[str, tuple[str, ...]] = Field(
        default_factory=dict, description="Skill tag -> everyday ways people show it ('calming angry customers' is "
                                          "communication): a skill said in other words is no gap.")
    coding_roles: tuple[str, ...] = Field(
        default=(), description="Catalog roles whose daily work is writing code: someone who says 'no coding' is "
                                "not aiming for them.")


class Catalog(_Entry):
    sources: tuple[Source, ...]
    dynamics: tuple[Dynamic, ...]
    roles: tuple[Role, ...]
    stages: tuple[Stage, ...]
    actions: tuple[Action, ...]
    figures: tuple[Figure, ...]
    questions: tuple[Question, ...]
    passages: tuple[Passage, ...]
    vocabulary: Vocabulary
    audiences: tuple[Audience, ...] = ()
