"""Token cost from the local price table (USD per million tokens, input and output)."""

from __future__ import annotations

from collections.abc import Mapping

_PER_TOKENS = 1_000_000


def find_price(model: str, prices: Mapping[str, tuple[float, float]]) -> tuple[float, float] | None:
    """The (input, output) price of ``model``: exact name first, then the longest matching prefix.

    Matching ignores case, so "GPT-4o-mini-2024-07-18" finds "gpt-4o-mini" rather than "gpt-4o".
    A provider prefix such as "openai/gpt-4o" is tried without its prefix as well.
    """
    table = {name.lower(): price for name, price in prices.items()}
    candidates = [model.strip().lower()]
    if "/" in candidates[0]:
        candidates.append(candidates[0].rsplit("/", 1)[1])
    for candidate in candidates:
        if candidate in table:
            return table[candidate]
    for candidate in candidates:
        prefixes = [name for name in table if name and candidate.startswith(name)]
        if prefixes:
            return table[max(prefixes, key=len)]
    return None


def cost_usd(model: str, input_tokens: int, output_tokens: int, prices: Mapping[str, tuple[float, float]]) -> float:
    """What a call cost in USD; an unknown model costs 0.0 (the table is the only source of truth)."""
    price = find_price(model, prices)
    if price is None:
        return 0.0
    input_price, output_price = price
    return (max(input_tokens, 0) * input_price + max(output_tokens, 0) * output_price) / _PER_TOKENS
