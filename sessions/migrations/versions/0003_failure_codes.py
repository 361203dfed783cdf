"""A failed run's class (`coaching_sessions.error_code`): clients get a stable code beside the message.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("coaching_sessions") as batch:
        batch.add_column(sa.Column("error_code", sa.String(length=32), nullable=True))
    # Failures recorded before codes existed: their messages named exception classes, so they are ours.
    op.execute("UPDATE coaching_sessions SET error_code = 'internal' WHERE error IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table("coaching_sessions") as batch:
        batch.drop_column("error_code")
