"""Why a run failed, as a stable code a client can act on; the exception types the agents raise for each."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

FailureCode = Literal["retryable", "budget_exceeded", "invalid_input", "internal"]
"""retryable: the model or the network failed, try again; budget_exceeded: the session spent its token budget;
invalid_input: what was sent cannot be used; internal: a fault of ours, reported with the session id."""


class Failure(BaseModel):
    """A failed run, as clients see it: a stable code and a message for people. Never a class name."""

    code: FailureCode = Field(description="retryable, budget_exceeded, invalid_input or internal.")
    message: str = Field(description="What happened and what to do, in plain words.")


class CoachFailure(Exception):
    """A failure the product anticipates; its message is written for the person who reads it."""

    code: FailureCode = "internal"


class TokenBudgetExceeded(CoachFailure):
    """The session has spent its token budget."""

    code: FailureCode = "budget_exceeded"


class ModelOutputError(CoachFailure):
    """The model did not produce a usable document, even after a repair attempt."""

    code: FailureCode = "retryable"


class StateError(CoachFailure):
    """The graph reached a node without what the node needs: a fault of ours, never of the person."""

    code: FailureCode = "internal"


class InvalidContext(CoachFailure):
    """A run's context (engine and model choices) cannot be used."""

    code: FailureCode = "invalid_input"
