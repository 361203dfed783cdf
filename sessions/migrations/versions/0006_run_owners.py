"""Which server process runs a session (`coaching_sessions.run_owner`), so a run whose process died is told from
a live one and settled; runs under way are found by an index on `run_started_at`.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("coaching_sessions") as batch:
        batch.add_column(sa.Column("run_owner", sa.String(length=32), nullable=True))
    op.create_index("ix_coaching_sessions_run_started_at", "coaching_sessions", ["run_started_at"])


def downgrade() -> None:
    op.drop_index("ix_coaching_sessions_run_started_at", table_name="coaching_sessions")
    with op.batch_alter_table("coaching_sessions") as batch:
        batch.drop_column("run_owner")
