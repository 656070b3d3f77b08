"""add posted timestamp to comments

Revision ID: 7c4e8a1d2f02
Revises: 5a1f3c2b9d01
Create Date: 2026-11-21 10:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "7c4e8a1d2f02"
down_revision = "5a1f3c2b9d01"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("comments", sa.Column("posted", sa.DateTime(), nullable=True))


def downgrade():
    op.drop_column("comments", "posted")
