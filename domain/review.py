"""The reviewer's verdict on a draft plan."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Check = Literal["citations", "numbers", "stages", "budget", "guarantees", "injection", "privacy", "feedback", "fit",
                "schema", "critique", "claims", "figures", "limits", "worries"]


class ReviewIssue(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    check: Check = Field(description="Which check found it.")
    severity: Literal["error", "warning"] = Field(description="Errors send the draft back; warnings do not.")
    path: Annotated[str, StringConstraints(max_length=200)] = Field(
        description="Where in the draft, e.g. 'stages[1].actions[0].citations[2]'."
    )
    message: Annotated[str, StringConstraints(max_length=600)] = Field(description="What is wrong, for people.")


class Review(BaseModel):
    model_config = ConfigDict(extra="forbid")

    verdict: Literal["pass", "revise"] = Field(description="pass, or revise when any issue is an error.")
    issues: list[ReviewIssue] = Field(default_factory=list, max_length=50, description="What the checks found.")
    checks: list[Check] = Field(default_factory=list, description="Checks that ran.")

    @classmethod
    def of(cls, issues: list[ReviewIssue], checks: list[Check]) -> Review:
        verdict: Literal["pass", "revise"] = "revise" if any(i.severity == "error" for i in issues) else "pass"
        return cls(verdict=verdict, issues=issues, checks=checks)


class Critique(BaseModel):
    """The LLM reviewer's structured critique (LLM engine only); deterministic guards run regardless."""

    model_config = ConfigDict(extra="forbid")

    issues: list[ReviewIssue] = Field(default_factory=list, max_length=10)
