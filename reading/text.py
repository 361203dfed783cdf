"""Small text helpers shared by the engines and the guards."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from reading.numbers import word_numbers
from reading.rules import rule

_NUMBER = re.compile(r"(?<![\w.])[$£€]?\d[\d,]*(?:\.\d+)?(?:%|k\b)?", re.IGNORECASE)
_WORD = re.compile(r"[a-z0-9]+")


def numbers_in(text: str) -> list[str]:
    """Numbers as written ('$187,500', '3.2', '16%'), in order of appearance."""
    return [m.group(0).rstrip(",") for m in _NUMBER.finditer(text)]


def normalize_number(raw: str) -> str:
    """'$187,500' -> '187500', '16%' -> '16', '3.50' -> '3.5', '1.8k' -> '1800', '£29k' -> '29000': the value, not
    its dress."""
    value = raw.lower().lstrip("$£€").replace(",", "").removesuffix("%")
    if value.endswith("k"):
        try:
            value = format(Decimal(value.removesuffix("k")) * 1000, "f")
        except InvalidOperation:
            value = value.removesuffix("k")
    if "." in value:
        value = value.rstrip("0").rstrip(".")
    return value


# Planning numbers - hours, weeks, days, minutes, and ranges of them ("12-18 months") - are the plan's own schedule,
# not facts that need a source.
_PLANNING = re.compile(
    r"\b(?:\d+(?:\.\d+)?\s*(?:-|\u2013|\u2014|to)\s*)?"
    r"\d+(?:\.\d+)?(?:\s+of the\s+\d+)?(?:\s*-\s*|\s+)(?:weeks?|hours?|hrs?|h|minutes?|mins?|days?|months?)\b|"
    r"\bweek\s+\d+\b|\b\d+(?:\.\d+)?\s*h/week\b", re.IGNORECASE)


_BOSS = re.compile(r"\b(?:my|his|her|their|your|our|the|a|line|store|shift|area|branch|site|practice|office|duty)\s+"
                   r"manager\b", re.IGNORECASE)


def boss_said_plainly(text: str) -> str:
    """`text` with a person's manager said as their boss ("ask your manager"), so it reads as no topic of managing
    people: "manager" and "management" share a stem."""
    return _BOSS.sub(lambda m: m.group(0).rsplit(" ", 1)[0] + " boss", text)


def without_planning_numbers(text: str) -> str:
    return _PLANNING.sub(" ", text)


def number_set(texts: Iterable[str]) -> set[str]:
    """The values of every number the texts hold, in figures or in words ('twenty-two' -> '22')."""
    return {normalize_number(n) for text in texts for n in numbers_in(word_numbers(text))}


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def normalized(text: str) -> str:
    """Lower-case words separated by single spaces, padded so ' phrase ' tests whole words."""
    return f" {' '.join(words(text))} "


def contains_phrase(text: str, phrase: str) -> bool:
    return normalized(phrase) in normalized(text)


def split_items(text: str, limit: int = 12) -> list[str]:
    """Split a free-text list ('Python, SQL and dashboards; some Excel') into short items. An "and" splits only where
    it joins two things listed, never inside one: not after a colon ("a crew of 4: two fitters and an apprentice"),
    nor between two objects of one verb or preposition ("teaching year 7 and A-level chemistry", "calls from
    patients and GP surgeries")."""
    items: list[str] = []
    text = _SHORT_HEAD.sub(r"\1\2: ", _inside_brackets(text))  # "Marking - books and mock papers"
    text = _HEAD_LIST.sub(lambda m: m.group(0).replace(",", "\x00"), text)  # "weekly numbers: UPH, error rate"
    for piece in re.split(r"[;\n•]|,(?!\d{3}\b)|\bplus\b|\s-\s", text):  # ("8,000 pounds" is one figure)
        items += [i.replace("\x00", ",").replace("\x01", ";").replace("\x02", "-")
                  for run_on in _split_run_on(piece) for i in _split_and(run_on)]
    cleaned = [p.strip(" .!?:-*\t\"'") for p in items]
    return [i[:200] for i in cleaned if len(i) > 1][:limit]


_VERBS = frozenset(
    "do make run manage write book answer check chase update help deal handle plan send call review prepare teach "
    "mark fix build lead train type file scan sort order cook clean drive serve sell buy pay sign test design code "
    "draft edit meet hire screen audit track log record report present support".split())
_NOT_GERUNDS = frozenset(
    "thing something anything nothing everything morning evening during ceiling king spring string sibling "
    "wedding pudding".split())
_JOINING = frozenset("from with to for of about on in at by between among".split())
_OBJECT_WORDS = 3


_SHORT_HEAD = re.compile(r"(^|[;,\n•.][ \t]*)((?:[\w'/]+[ \t]+){0,2}[\w'/]+)[ \t]+-[ \t]+", re.MULTILINE)
"""A dash after a short head word or two opens what that head covers, as a colon would."""
_HEAD_LIST = re.compile(r"(?:^|(?<=[\n•;.]))[ \t\-*]*(?:[\w'/+&]+[ \t]+){0,2}[\w'/+&]+:[ \t]*"
                        r"[\w'/+&]+(?:[ \t]+[\w'/+&]+){0,2}(?:,[ \t]*(?:and[ \t]+)?[\w'/+&]+(?:[ \t]+[\w'/+&]+){0,2})+"
                        r"(?=[ \t]*(?:$|[\n.;]))", re.MULTILINE)
"""A short head and the short items it names ("daily KPIs: UPH, error rate, backlog"), up to the line's end: one
item, its list kept."""
_RUN_ON_WORDS = 10
_KEEPS_GERUND = frozenset(
    "is are was were be been am keep keeps start starts stop stops enjoy enjoys love loves hate hates like likes "
    "about without the a an my our their of for by in on at to from with when while i'm im i you we they it "
    "spend spends spent".split())


def _split_run_on(piece: str) -> list[str]:
    """A long list typed without commas ("assigning loads to drivers checking their hours on the eld rerouting when
    theres weather") split before each piece of work that starts with a gerund."""
    words = piece.split()
    if len(words) <= _RUN_ON_WORDS or "(" in piece or "\x00" in piece:  # a bracket's aside is not a list
        return [piece]
    cuts = [i for i, w in enumerate(words) if i >= 2 and _gerund(w) and words[i - 1].lower() not in _KEEPS_GERUND
            and not words[i - 1].endswith(("/", "&", "+"))]  # "social media / marketing": one thing, two names
    if not cuts:
        return [piece]
    bounds = [0, *cuts, len(words)]
    parts = [" ".join(words[a:b]) for a, b in itertools.pairwise(bounds)]
    return [re.sub(r"\s+(?:and|or)$", "", p) for p in parts]


def _gerund(word: str) -> bool:
    w = word.lower().strip("'\"()")
    return len(w) > 4 and w.endswith("ing") and w not in _NOT_GERUNDS


_HELD = {",": "\x00", ";": "\x01", "-": "\x02"}


def _inside_brackets(text: str) -> str:
    """`text` with what would split a list held inside round brackets ("my kids (7, 10)", "clients (brazil, portugal -
    coffee, cork)"): a bracket is one item's aside."""
    out: list[str] = []
    depth = 0
    for ch in text:
        depth += ch == "("
        depth -= ch == ")" and depth > 0
        out.append(_HELD.get(ch, ch) if depth else ch)
    return "".join(out)


def _verbal(word: str) -> bool:
    """Whether a word starts a verb phrase: a gerund ("booking") or a common verb ("chase results")."""
    return _gerund(word) or word.lower().strip("'\"()") in _VERBS


def _split_and(piece: str) -> list[str]:
    parts = re.split(r"\band\b", piece)
    out = [parts[0]]
    for right in parts[1:]:
        left_words, right_words = out[-1].split(), right.split()
        short = len(right_words) <= _OBJECT_WORDS
        joins_objects = bool(right_words) and not _verbal(right_words[0]) and (
            (":" in out[-1] and short)
            or (any(w.lower() in _JOINING for w in left_words[-2:-1]) and len(right_words) <= 2 * _OBJECT_WORDS)
            or (any(w.lower() in _JOINING for w in left_words[-4:-1]) and short)
            or (bool(left_words) and _verbal(left_words[0]) and len(left_words) >= 2 and short))
        if joins_objects:
            out[-1] = f"{out[-1].rstrip()} and {right.strip()}"
        else:
            out.append(right)
    return out


def shared_run(a: str, b: str, min_words: int) -> str | None:
    """The first run of at least `min_words` consecutive words that `a` and `b` share, if any."""
    wa, wb = words(a), words(b)
    if len(wa) < min_words or len(wb) < min_words:
        return None
    grams = {tuple(wb[i : i + min_words]) for i in range(len(wb) - min_words + 1)}
    for i in range(len(wa) - min_words + 1):
        if tuple(wa[i : i + min_words]) in grams:
            return " ".join(wa[i : i + min_words])
    return None


_SMALL = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")


def number_words(value: float) -> str:
    """'nine', 'twelve', '2.5', '15': small whole numbers in words, the rest in figures."""
    if value == int(value):
        whole = int(value)
        return _SMALL[whole] if 0 <= whole < len(_SMALL) else str(whole)
    return f"{value:g}"


def reads_as_words(text: str) -> bool:
    """Whether a phrase reads as a person's words, fit to say back: mostly letters, no code-like symbols, no run-on
    tokens, and a couple of real words, or a short plain phrase such as "my knee" ("2 1 nc localhost 1337; bin sh"
    does not)."""
    stripped = text.strip()
    if not stripped or re.search(r"[;|/\\$<>{}=`]", stripped):
        return False
    letters = sum(ch.isalpha() or ch.isspace() for ch in stripped)
    real = [w for w in re.findall(r"[A-Za-z']+", stripped) if len(w) >= 3]
    words = stripped.split()
    plain = len(words) <= 3 and all(w.isalpha() for w in words) and len(real) == 1  # "my knee", "bad back"
    return letters >= 0.8 * len(stripped) and max(len(w) for w in words) <= 30 and (len(real) >= 2 or plain)


def clipped(text: str, limit: int) -> str:
    """`text` within `limit` characters, never cut inside a word: whole sentences when one ends in reach, else whole
    words and an ellipsis."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    end = max(head.rfind(". "), head.rfind("! "), head.rfind("? "), head.rfind("; "))
    if end >= limit // 2:
        return head[:end + 1].rstrip(";") + ("" if head[end] in ".!?" else ".")
    cut = head[:limit - 1].rsplit(" ", 1)[0].rstrip(",;:-( ")
    return f"{cut}\u2026"


QUOTED_CHARS = 200
"""The most of an ask a note quotes when it says what became of it."""
POINTER_WORDS = 4
QUOTED_WHOLE = 12
"""What was not acted on is quoted whole when it reads as a short ask about the draft ("Make it more about my
students"); a long sentence, a question, or words addressed to the coach as "you" are pointed at by their first
words, not repeated: the coach has their own text, and a draft never carries a stranger's sentence on (to a reader,
or to a model that reads it)."""
_WORD_PARTS = re.compile(r"[^\W_]+")
_ADDRESSED = re.compile(r"\?|\b(?:you|your|yours|yourself)\b|^\W*(?:how|what|why|who|where|when|which|can|could|"
                        r"would|will|is|are|do|does)\b", re.IGNORECASE)


def pointer(said: str, *, whole: bool = True) -> str:
    """`said` whole when a short ask (and `whole`: it stands alone, not one of many such sentences), else its first
    few words and an ellipsis ("How can I make…")."""
    words = said.split()
    if (whole and len(words) <= QUOTED_WHOLE and not _ADDRESSED.search(said)) or len(words) <= POINTER_WORDS + 1:
        return said
    kept: list[str] = []
    for word in words:  # "don't" is two words to a reader that splits at the apostrophe: counted so
        if len(_WORD_PARTS.findall(" ".join([*kept, word]))) > POINTER_WORDS:
            break
        kept.append(word)
    return " ".join(kept or words[:1]).rstrip(".,;:!?- ") + "…"


def fit_to_name(phrase: str) -> bool:
    """Whether the person's words can stand as a name in a plan's sentence ("Make fault finding your edge"): never
    a clause of their own, talk to the coach, text-speak or a shout ("Make told already a bit your edge")."""
    return not (rule("name.unfit").search(phrase) or rule("name.shouted").search(phrase))


def quoted_forms(said: str) -> tuple[str, ...]:
    """Every form in which a note may quote what someone said: whole, clipped, or pointed at by its first words."""
    return said, clipped(said, QUOTED_CHARS), pointer(said), pointer(said, whole=False)


def gerund(verb: str) -> str:
    if verb in ("be", "see", "flee", "agree"):
        return verb + "ing"
    if verb.endswith("ie"):
        return verb[:-2] + "ying"
    if verb.endswith("e") and not verb.endswith(("ee", "ye", "oe")):
        return verb[:-1] + "ing"
    vowels = "aeiou"
    short = (len(verb) == 3 and verb[0] not in vowels) or (len(verb) == 4 and verb[0] not in vowels
                                                           and verb[1] not in vowels)
    if short and verb[-1] not in vowels + "wxy" and verb[-2] in vowels and verb[-3] not in vowels:
        return verb + verb[-1] + "ing"  # run -> running, plan -> planning; open -> opening
    return verb + "ing"


def doing(task: str, verbs: str = "task.verb_first") -> str:
    """A task said as a verb put as the doing of it ("check tickets" -> "checking tickets"), so that it reads where
    a plan names a piece of work ("your experience of checking tickets"); any other phrase as it is. `verbs` names
    the rule whose `verb` group finds the verb (an aim's verbs are not a task's)."""
    found = rule(verbs).match(task)
    if not found:
        return task
    verb = found.group("verb")
    first, _, rest = verb.partition(" ")
    done = gerund(first.lower()) + (f" {rest}" if rest else "")
    return done + task[found.end():]
