"""Event streams held open in tests."""

from __future__ import annotations

from contextlib import AsyncExitStack

import httpx


async def open_stream(client: httpx.AsyncClient, stack: AsyncExitStack, sid: str) -> httpx.Response:
    """A follow stream, held open by `stack` once its headers came; the response (a 429 is read and closed)."""
    request = client.build_request("GET", f"/v1/sessions/{sid}/events", params={"follow": "true"})
    response = await client.send(request, stream=True)
    if response.status_code == 200:
        stack.push_async_callback(response.aclose)
    else:
        await response.aread()
        await response.aclose()
    return response
