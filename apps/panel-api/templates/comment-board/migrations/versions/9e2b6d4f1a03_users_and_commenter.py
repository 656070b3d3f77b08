"""users table and comments.commenter_id

Revision ID: 9e2b6d4f1a03
Revises: 7c4e8a1d2f02
Create Date: 2026-11-21 10:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "9e2b6d4f1a03"
down_revision = "7c4e8a1d2f02"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=128), nullable=True),
        sa.Column("password_hash", sa.String(length=128), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.add_column("comments", sa.Column("commenter_id", sa.Integer(), nullable=True))
    op.create_foreign_key("fk_comments_commenter_id_users", "comments", "users", ["commenter_id"], ["id"])


def downgrade():
    op.drop_constraint("fk_comments_commenter_id_users", "comments", type_="foreignkey")
    op.drop_column("comments", "commenter_id")
    op.drop_table("users")
