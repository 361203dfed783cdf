"""LangChain's Agent Inbox, from the pinned copy in tools/agent-inbox (see its README): installed from its lockfile,
built once into a static site, served on loopback (see `tests.support.next_client`)."""

from __future__ import annotations

from tests.support.next_client import TOOLS, PinnedClient

AGENT_INBOX = PinnedClient("Agent Inbox", TOOLS / "agent-inbox",
                           ("package-lock.json", "package.json", "next.config.mjs", "postcss.config.mjs",
                            "tailwind.config.ts", "tsconfig.json"))

if __name__ == "__main__":
    AGENT_INBOX.main()
