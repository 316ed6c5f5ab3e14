"""judging: the copy of an entry's text blind jurors read

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

import festival.database


# revision identifiers, used by Alembic.
revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('judging_juror_copies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('logline', sa.String(length=500), nullable=False),
    sa.Column('synopsis', sa.Text(), nullable=False),
    sa.Column('human_statement', sa.Text(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', festival.database.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['judging_round_entries.id'], name=op.f('fk_judging_juror_copies_entry_id_judging_round_entries'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['accounts_users.id'], name=op.f('fk_judging_juror_copies_updated_by_id_accounts_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_judging_juror_copies')),
    sa.UniqueConstraint('entry_id', name=op.f('uq_judging_juror_copies_entry_id'))
    )


def downgrade():
    op.drop_table('judging_juror_copies')
