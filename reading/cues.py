"""Reading people's words against the vocabulary: phrases matched as whole stemmed words, clause by clause,
with negation ("I refuse to use Midjourney", "none at work", "ChatGPT is blocked here").

Text is cleaned first: Unicode normalised, invisible characters (zero-width spaces, joiners, BOMs, soft hyphens,
direction marks) removed, whitespace collapsed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Generic, Literal, TypeVar

import Stemmer

K = TypeVar("K")
Polarity = Literal["yes", "not", "refuse", "forbid"]
"""How a phrase is meant in its clause: affirmed, negated ("don't use"), refused ("won't", "I refuse to") or
forbidden by someone else ("banned", "blocked at work")."""

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)*")
# Where negation stops: sentence ends (a full stop before a space, never inside "GOV.UK" or "0.5"), contrast words,
# and a comma that opens a new clause ("I don't want X, I want Y", "no X, focus on Y").
_CLAUSE_BREAK = re.compile(
    r"(?:[;!?\n]|\.(?=\s|$|[\"'\u201d\u2019)\]]))+|"
    r"\b(?:but|although|though|however|except|whereas|apart from|other than|yet)\b|"
    r",\s*(?:and\s+)?(?=(?:i|i'm|i'd|i'll|we|my|it|that|this|you|focus|more|add|include|keep|make|give|please|"
    r"instead|rather)\b)", re.IGNORECASE
)
# Negation reaching to the end of its clause, across a list ("I don't use ChatGPT, Copilot or Gemini").
_NOT = ("don't", "dont", "do not", "doesn't", "doesnt", "does not", "didn't", "didnt", "did not", "never", "not",
        "no longer", "without", "haven't", "havent", "have not", "hasn't", "hasnt", "isn't", "isnt", "aren't", "arent",
        "wasn't", "wasnt", "hardly", "barely")
_REFUSE = ("won't", "wont", "will not", "wouldn't", "would not", "can't", "cant", "cannot", "can not", "couldn't",
           "refuse", "refused", "refusing", "avoid", "avoiding", "hate", "against", "rather not", "stopped",
           "quit", "don't want", "do not want", "not allowed", "not permitted", "isn't allowed", "aren't allowed",
           "banned", "ban", "blocked", "blocks", "forbidden", "prohibited", "no way", "boycott", "skip", "drop",
           "remove", "leave out", "get rid of", "cut out", "not interested in", "take out", "take away", "lose",
           "scrap", "bin", "delete", "couldnt", "wouldnt", "shouldnt", "doesnt let", "dont let", "won't let")
# Negation reaching only over its own comma-separated piece ("None at work, ChatGPT at home").
_NONE = ("none", "nothing", "no", "nope", "zero", "nil", "n/a", "not really")
# Forbidding words apply to the whole clause, wherever they stand ("ChatGPT is banned at my hospital").
_FORBID = ("banned", "blocked", "blocks", "forbidden", "prohibited", "not allowed", "isn't allowed",
           "aren't allowed", "not permitted")


# Who a tool is said of: "my students use ChatGPT" is not the person's own use, "they gave us Copilot" is.
_SELF = frozenset("i i'm i've i'd i'll we we're we've we'd me us myself ourselves".split())
_OTHERS = frozenset(
    "kids students pupils children clients customers colleagues coworkers boss bosses manager managers they he she "
    "people everyone everybody others competitors company employer engineers juniors team staff patients users "
    "parents son daughter husband wife partner friends firm agency agencies school hospital developers devs "
    "designers writers artists teams management trust council nhs bank store stores chain corporate hq headquarters "
    "partners government department ministry owner owners landlord university college doctors nurses "
    "radiologists consultants lawyers attorneys associates agents teachers clinicians surgeons dentists "
    "pharmacists accountants auditors directors supervisors head headteacher principal ceo cto director supervisor "
    "lead colleague coworker teacher office admin deputy girls guys lads blokes women men ones folk folks mates "
    "brother sister mum mom dad".split())
_OTHERS_DO = frozenset(
    "use uses using used send sends sent rely relies paste pastes submit submits generate generates ask asks try "
    "tries tried have has had bought buy buys rolled adopted gave give gives pay pays love loves prefer prefers cheat "
    "cheats cheating write writes turn turns hand hands run runs switched started bring brings bringing brought "
    "introduce introduces introducing introduced pilot pilots piloting piloted roll rolls rolling come comes came "
    "coming arrive arrives arrived trust trusts trusted quote quotes quoted expect expects want wants showed shows "
    "show set sets installed installs put puts".split())
_OBJECT_SELF = frozenset("me us".split())
_SHOW = frozenset("showed shows show told tells tell".split())
_AUXILIARIES = frozenset("is are was were has have had will would 's 're 've just already now".split())
_PREPOSITIONS = frozenset("for with to of by from at about like than".split())


@cache
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


_ABBREVIATION = re.compile(r"\b(?:e\.g|i\.e|a\.k\.a|n\.b)\.?(?=[\s,:)]|$)", re.IGNORECASE)
"""Abbreviations whose dots end nothing ("e.g.", "i.e."): read without them."""


def clean(text: str) -> str:
    """Normalised text: NFKC, curly quotes straightened, invisible characters removed, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2018", "'")
    visible = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cf", "Cc", "Co", "Cs") or ch in "\n\t")
    visible = _ABBREVIATION.sub(lambda m: m.group(0).replace(".", ""), visible)  # "(e.g. Green Belt)": one clause
    return re.sub(r"[ \t\r\f\v]+", " ", visible).strip()


def is_blank(text: str) -> bool:
    """Empty, whitespace-only or invisible-only: nothing a person typed. (Emoji or punctuation alone are typed:
    an answer without words, not an empty one.)"""
    return not clean(text)


def has_words(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(clean(text).lower())


SPELLINGS = {"programme": "program", "programmes": "programs"}
"""British spellings the stemmer would fold into another word ("programme" into "programmer"), read as the word
they spell."""


def stems(words: Sequence[str]) -> list[str]:
    return list(_stemmer().stemWords([SPELLINGS.get(w, w) for w in words]))


class PhraseSet(Generic[K]):
    """Phrases grouped under keys, found in token streams as whole stemmed words, longest first."""

    def __init__(self, phrases: Mapping[K, Iterable[str]]) -> None:
        index: dict[str, list[tuple[tuple[str, ...], K]]] = {}
        for key, group in phrases.items():
            for phrase in group:
                stemmed = tuple(stems(tokens(phrase)))
                if stemmed:
                    index.setdefault(stemmed[0], []).append((stemmed, key))
        self._index = {first: sorted(entries, key=lambda e: -len(e[0])) for first, entries in index.items()}

    def spans(self, stemmed: Sequence[str]) -> list[tuple[K, int, int]]:
        """(key, start, end) of every non-overlapping match, left to right, the longest phrase winning."""
        found: list[tuple[K, int, int]] = []
        i = 0
        while i < len(stemmed):
            for phrase, key in self._index.get(stemmed[i], ()):
                if tuple(stemmed[i:i + len(phrase)]) == phrase:
                    found.append((key, i, i + len(phrase)))
                    i += len(phrase)
                    break
            else:
                i += 1
        return found


def _words(group: Iterable[str]) -> PhraseSet[str]:
    return PhraseSet({phrase: [phrase] for phrase in group})


_NEGATIONS: PhraseSet[str] = _words((*_NOT, *_REFUSE, *_NONE))
_REFUSALS = frozenset(_REFUSE)
_NONES = frozenset(_NONE)
_FORBIDS = frozenset(_FORBID)


@dataclass(frozen=True)
class Clause:
    """A stretch of text between clause breaks, as tokens; `pieces` numbers its comma-separated parts."""

    text: str
    words: tuple[str, ...]
    stemmed: tuple[str, ...]
    pieces: tuple[int, ...]

    def polarity(self, start: int) -> Polarity:
        """How a phrase starting at token `start` is meant."""
        negations = _NEGATIONS.spans(self.stemmed)
        if any(cue in _FORBIDS for cue, _, _ in negations):
            return "forbid"
        meant: Polarity = "yes"
        for cue, begin, _ in negations:
            if begin >= start:
                break
            if cue in _NONES:
                if self.pieces[begin] == self.pieces[start]:
                    meant = "not"
            else:
                meant = "refuse" if cue in _REFUSALS else "not"
        return meant


    def said_of_others(self, start: int) -> bool:
        """The phrase at `start` is what someone else does ("my pupils use ChatGPT"): the nearest subject before
        it is another person, not the speaker."""
        for i in range(start - 1, -1, -1):
            word = self.words[i]
            if word in _SELF and not (word in _OBJECT_SELF and i and self.words[i - 1] in _SHOW):
                return False  # ("my daughter showed me chatgpt": "me" is whom it was shown, not who uses it)
            verb = i + 2 if i + 2 < start and self.words[i + 1] in _AUXILIARIES else i + 1
            if (word in _OTHERS and verb < start and self.words[verb] in _OTHERS_DO
                    and (i == 0 or self.words[i - 1] not in _PREPOSITIONS)):
                return True
        return False


def clauses(text: str) -> list[Clause]:
    out: list[Clause] = []
    for part in _CLAUSE_BREAK.split(clean(text)):
        words: list[str] = []
        pieces: list[int] = []
        for n, piece in enumerate(part.split(",")):
            piece_words = tokens(piece)
            words += piece_words
            pieces += [n] * len(piece_words)
        if words:
            out.append(Clause(text=part.strip(), words=tuple(words), stemmed=tuple(stems(words)),
                              pieces=tuple(pieces)))
    return out


def find(phrases: PhraseSet[K], text: str) -> list[tuple[K, Polarity, Clause]]:
    """Every key of `phrases` named in `text`, with how it is meant and the clause it stands in."""
    return [(key, meant, clause) for key, meant, clause, _ in _found(phrases, text)]


def own(phrases: PhraseSet[K], text: str) -> list[tuple[K, Polarity, Clause]]:
    """Like `find`, leaving out what the text says of other people ("my clients use DeepL")."""
    return [(key, meant, clause) for key, meant, clause, start in _found(phrases, text)
            if not clause.said_of_others(start)]


def found_at(phrases: PhraseSet[K], text: str) -> list[tuple[K, Polarity, Clause, int]]:
    """Like `find`, with the token where each phrase starts in its clause."""
    return _found(phrases, text)


def _found(phrases: PhraseSet[K], text: str) -> list[tuple[K, Polarity, Clause, int]]:
    return [(key, clause.polarity(start), clause, start)
            for clause in clauses(text) for key, start, _ in phrases.spans(clause.stemmed)]


def affirmed(phrases: PhraseSet[K], text: str) -> list[K]:
    """Keys named in `text` and not negated, in order, without repeats."""
    return list(dict.fromkeys(key for key, meant, _ in find(phrases, text) if meant == "yes"))
