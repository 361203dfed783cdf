"""Play a person live against a running server, one turn per command, and keep the session as a live case.

Someone invents a person, writes their backstory first, then types as that person would; at the reviews they act as
the person's coach. Each command prints what the person (or the coach) sees next. The session is kept in a small
state file; `export` writes it as a regression case for `evals/live/` (see evals/live.py).

    python -m evals.play STATE start --url http://127.0.0.1:8000 --key-file .coach/admin.key
    python -m evals.play STATE say "hi im a pharmacist, 12 yrs in a small shop"     # answer the question
    python -m evals.play STATE confirm | correct '{"hours_per_week": 3}' | tell "not evenings"   # profile review
    python -m evals.play STATE approve | reject "feedback" | pick role.data-engineer
    python -m evals.play STATE edit '{"summary": "..."}'    # a plan's field; an assessment's: '{"risk_summary": ...}'

    python -m evals.play STATE show | plan | export evals/live/pharmacist.yaml --backstory "..."
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from pathlib import Path
from typing import Any

import httpx
import yaml

WIDTH = 110


def _wrap(text: str, indent: str = "  ") -> str:
    return "\n".join(textwrap.fill(p, WIDTH, initial_indent=indent, subsequent_indent=indent)
                     for p in str(text).split("\n") if p.strip())


def _plan_lines(plan: dict[str, Any]) -> list[str]:
    lines = ["SUMMARY:", _wrap(plan["summary"])]
    for stage in plan["stages"]:
        lines.append(f"{stage['stage'].upper()} - {stage['goal']} ({stage['horizon_weeks']} weeks)")
        for action in stage["actions"]:
            lines.append(f"  * {action['title']}  [{action['hours_per_week']:g} h/week, {action['duration_weeks']} wk]")
            lines.append(_wrap(f"why: {action['why']}", "      "))
            lines += [_wrap(f"- {step}", "      ") for step in action["steps"]]
            lines.append(_wrap(f"metric: {action['success_metric']}", "      "))
            if action.get("addresses"):
                lines.append(_wrap(f"answers: {'; '.join(action['addresses'])}", "      "))
    if plan.get("revision_notes"):
        lines += ["WHAT CHANGED / NOTES:", *[_wrap(f"- {n}") for n in plan["revision_notes"]]]
    return lines


def _assessment_lines(draft: dict[str, Any]) -> list[str]:
    lines = ["ROLE MATCHES:", *[f"  {m['name']} [{m['role_id']}] ({m['confidence']:.0%}): {m['reason']}"
                                for m in draft["role_matches"]]]
    if draft.get("fit_note"):
        lines.append(_wrap(f"fit: {draft['fit_note']}"))
    lines += ["EXPOSURE:", *[_wrap(f"{e['dynamic']}: {e['level']} - {e['rationale']}") for e in draft["exposure"]]]
    lines += ["STRENGTHS: " + "; ".join(draft["durable_strengths"]), "GAPS: " + "; ".join(draft["gaps"]),
              "SUMMARY:", _wrap(draft["risk_summary"])]
    if draft.get("revision_notes"):
        lines += ["WHAT CHANGED:", *[_wrap(f"- {n}") for n in draft["revision_notes"]]]
    return lines


def render(view: dict[str, Any]) -> str:
    pending = view.get("pending")
    out = [f"[status: {view['status']}]"]
    if pending is None:
        return "\n".join([*out, "(session over)" if view["status"] == "completed" else "(nothing pending)"])
    if pending.get("error"):
        out.append(_wrap(f"NOT APPLIED: {pending['error']}"))
    kind = pending["kind"]
    if kind == "question":
        out.append(f"COACH: {pending['prompt']}")
        if pending.get("options"):
            out.append(_wrap(f"(options for a structured answer: {', '.join(o['value'] for o in pending['options'])};"
                             " plain text is always fine)"))
        return "\n".join(out)
    out.append(f"{kind.upper()}: {pending['prompt']}")
    if kind == "profile_review":
        out += [f"  {'(not sure) ' if line['unsure'] else ''}{line['label']} [{line['field']}]: {line['value']}"
                for line in pending.get("understood", [])]
    elif kind == "assessment_review":
        out += _assessment_lines(pending["draft"])
        if pending.get("roles"):  # the coach's role picker
            picks = "; ".join(f"{o['value']} ({o['label']})" for o in pending["roles"])
            out.append(_wrap(f"ROLES TO PICK FROM: {picks}"))
    else:
        out += _plan_lines(pending["draft"])
    review = pending.get("review") or {}
    out += [_wrap(f"CHECK FOR THE COACH ({i['severity']}): {i['path']}: {i['message']}")
            for i in review.get("issues", [])]
    return "\n".join(out)


class Play:
    def __init__(self, state_path: Path) -> None:
        self.path = state_path
        self.state: dict[str, Any] = json.loads(state_path.read_text()) if state_path.exists() else {}

    @property
    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.state["url"], timeout=600,
                            headers={"Authorization": f"Bearer {self.state['key']}"})

    def start(self, url: str, key: str) -> dict[str, Any]:
        self.state = {"url": url, "key": key, "turns": [], "profile_review": [], "decisions": [], "seen": []}
        view: dict[str, Any] = self.client.post("/v1/sessions").raise_for_status().json()
        self.state["id"] = view["id"]
        return view

    def view(self) -> dict[str, Any]:
        response = self.client.get(f"/v1/sessions/{self.state['id']}")
        return dict(response.raise_for_status().json())

    def resume(self, body: dict[str, Any]) -> dict[str, Any]:
        pending = self.view()["pending"]
        if pending is None:
            raise SystemExit("nothing is pending: the session is over")
        response = self.client.post(f"/v1/sessions/{self.state['id']}/resume",
                                    json={"interrupt_id": pending["id"], **body})
        if response.status_code != 200:
            raise SystemExit(f"refused ({response.status_code}): {response.text[:600]}")
        self._record(pending, body)
        return dict(response.json())

    def _record(self, pending: dict[str, Any], body: dict[str, Any]) -> None:
        if pending["kind"] == "question":
            self.state["turns"].append({"field": pending["field"], "said": body["answer"]})
        elif pending["kind"] == "profile_review":
            self.state["profile_review"].append(body)
        else:
            self.state["decisions"].append(body)
        self.state["seen"].append(render({"status": "", "pending": pending}))

    def save(self) -> None:
        self.path.write_text(json.dumps(self.state, indent=1))

    def export(self, target: Path, backstory: str, case_id: str | None) -> None:
        case = {"id": case_id or target.stem, "backstory": backstory, "turns": self.state["turns"],
                "profile_review": self.state["profile_review"], "decisions": self.state["decisions"]}
        target.write_text(yaml.safe_dump(case, sort_keys=False, allow_unicode=True, width=WIDTH))


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("state", type=Path)
    parser.add_argument("command", choices=["start", "say", "confirm", "correct", "tell", "approve", "reject", "edit",
                                            "pick", "show", "plan", "export"])
    parser.add_argument("value", nargs="?")
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--key-file", type=Path, default=Path(".coach/admin.key"))
    parser.add_argument("--backstory", default="")
    parser.add_argument("--id")
    args = parser.parse_args(argv)
    play = Play(args.state)
    bodies: dict[str, Any] = {
        "say": lambda v: {"answer": json.loads(v) if v.lstrip().startswith("{") else v},
        "confirm": lambda _: {"action": "approve"}, "correct": lambda v: {"action": "edit", "edits": json.loads(v)},
        "tell": lambda v: {"action": "reject", "feedback": v}, "approve": lambda _: {"action": "approve",
                                                                                      "acknowledge": True},
        "reject": lambda v: {"action": "reject", "feedback": v}, "edit": lambda v: {"action": "edit",
                                                                                    "edits": json.loads(v)},
        "pick": lambda v: {"action": "edit", "edits": {"role_id": v}},
    }
    if args.command == "start":
        view = play.start(args.url, args.key_file.read_text().strip())
    elif args.command in bodies:
        view = play.resume(bodies[args.command](args.value or ""))
    elif args.command == "export":
        play.export(Path(args.value or f"{args.state.stem}.yaml"), args.backstory, args.id)
        print(f"written: {args.value}")
        return
    else:
        view = play.view()
        if args.command == "plan" and view.get("plan"):
            print("\n".join(_plan_lines(view["plan"])))
            return
    play.save()
    print(render(view))


if __name__ == "__main__":
    main(sys.argv[1:])
