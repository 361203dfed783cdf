"""Token cost from the local price table."""

from __future__ import annotations

import pytest

from observability.pricing import cost_usd, find_price
from settings import DEFAULT_PRICES

PRICES = {"gpt-4o": (2.50, 10.00), "gpt-4o-mini": (0.15, 0.60), "Local-Model": (0.0, 0.0)}


def test_exact_name() -> None:
    assert cost_usd("gpt-4o", 1_000_000, 1_000_000, PRICES) == pytest.approx(12.50)
    assert cost_usd("gpt-4o-mini", 2000, 1000, PRICES) == pytest.approx((2000 * 0.15 + 1000 * 0.60) / 1e6)


def test_longest_prefix_wins() -> None:
    assert find_price("gpt-4o-mini-2024-07-18", PRICES) == (0.15, 0.60)
    assert find_price("gpt-4o-2024-08-06", PRICES) == (2.50, 10.00)


def test_case_insensitive_and_provider_prefix() -> None:
    assert find_price("GPT-4O-MINI", PRICES) == (0.15, 0.60)
    assert find_price("local-model", PRICES) == (0.0, 0.0)
    assert find_price("openai/gpt-4o-mini", PRICES) == (0.15, 0.60)


def test_unknown_model_costs_nothing() -> None:
    assert find_price("claude-sonnet", PRICES) is None
    assert cost_usd("claude-sonnet", 1000, 1000, PRICES) == 0.0
    assert cost_usd("", 1000, 1000, PRICES) == 0.0
    assert cost_usd("gpt-4o", 1000, 1000, {}) == 0.0


def test_default_table_prices_dated_snapshots() -> None:
    assert cost_usd("gpt-4.1-mini-2025-04-14", 1_000_000, 0, DEFAULT_PRICES) == pytest.approx(0.40)
    assert cost_usd("gpt-5-mini", 0, 1_000_000, DEFAULT_PRICES) == pytest.approx(2.00)


def test_negative_counts_are_ignored() -> None:
    assert cost_usd("gpt-4o", -5, -5, PRICES) == 0.0
