"""A user's own time zone (an IANA name) for the times on their pages; none reads the site's
default.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-14 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('accounts_users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('timezone', sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('accounts_users', schema=None) as batch_op:
        batch_op.drop_column('timezone')
