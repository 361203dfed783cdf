"""LangChain's Agent Chat UI, from the pinned copy in tools/agent-chat-ui (see its README): installed from its
lockfile, built once into a static site, served on loopback (see `tests.support.next_client`)."""

from __future__ import annotations

from tests.support.next_client import TOOLS, PinnedClient

CHAT_UI = PinnedClient("Agent Chat UI", TOOLS / "agent-chat-ui",
                       ("package-lock.json", "package.json", "next.config.mjs", "postcss.config.mjs", "tsconfig.json"))

if __name__ == "__main__":
    CHAT_UI.main()
