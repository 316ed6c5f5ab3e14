"""Media lifecycle: a screener's rejection kept as a code with its numbers and the probe's
answer (existing sentences kept as recorded), jobs that end rejected, and a category's
minimum runtime.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-10 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

REJECTION_CODES = (
    'empty', 'not_a_file', 'playlist', 'text', 'image', 'audio_only', 'container', 'unreadable',
    'no_video', 'truncated', 'too_many_streams', 'too_short', 'frame_count', 'timeout',
    'too_small', 'too_large', 'frame_rate', 'too_long', 'codec', 'transcode_failed', 'recorded',
)
JOB_STATES_BEFORE = ('queued', 'running', 'succeeded', 'failed')
JOB_STATES = (*JOB_STATES_BEFORE, 'rejected')


def _in(column, values):
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def upgrade():
    with op.batch_alter_table('media_screeners', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rejection_code', sa.Enum(*REJECTION_CODES, name='rejectioncode', native_enum=False, create_constraint=True, length=32), nullable=True))
        batch_op.add_column(sa.Column('rejection_params', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('rejection_detail', sa.JSON(), nullable=True))

    # A sentence stored before codes were kept is shown as it was recorded.
    screeners = sa.table(
        'media_screeners',
        sa.column('id', sa.Integer),
        sa.column('rejection_reason', sa.Text),
        sa.column('rejection_code', sa.String),
        sa.column('rejection_params', sa.JSON),
    )
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(screeners.c.id, screeners.c.rejection_reason).where(
            screeners.c.rejection_reason.is_not(None)
        )
    ).all()
    for screener_id, reason in rows:
        connection.execute(
            screeners.update()
            .where(screeners.c.id == screener_id)
            .values(rejection_code='recorded', rejection_params={'text': reason})
        )

    with op.batch_alter_table('media_screeners', schema=None) as batch_op:
        batch_op.drop_column('rejection_reason')

    with op.batch_alter_table('jobs_jobs', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_jobs_jobs_jobstate'), type_='check')
        batch_op.create_check_constraint(op.f('ck_jobs_jobs_jobstate'), _in('state', JOB_STATES))

    with op.batch_alter_table('editions_categories', schema=None) as batch_op:
        batch_op.add_column(sa.Column('min_runtime_minutes', sa.Integer(), nullable=True))
        batch_op.create_check_constraint(
            op.f('ck_editions_categories_min_runtime_range'),
            'min_runtime_minutes IS NULL OR (min_runtime_minutes > 0 '
            'AND min_runtime_minutes <= max_runtime_minutes)',
        )


def downgrade():
    with op.batch_alter_table('editions_categories', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_editions_categories_min_runtime_range'), type_='check')
        batch_op.drop_column('min_runtime_minutes')

    op.execute("UPDATE jobs_jobs SET state = 'failed' WHERE state = 'rejected'")
    with op.batch_alter_table('jobs_jobs', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_jobs_jobs_jobstate'), type_='check')
        batch_op.create_check_constraint(op.f('ck_jobs_jobs_jobstate'), _in('state', JOB_STATES_BEFORE))

    with op.batch_alter_table('media_screeners', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rejection_reason', sa.Text(), nullable=True))
    op.execute(
        "UPDATE media_screeners SET rejection_reason = rejection_code "
        "WHERE rejection_code IS NOT NULL"
    )
    with op.batch_alter_table('media_screeners', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_media_screeners_rejectioncode'), type_='check')
        batch_op.drop_column('rejection_detail')
        batch_op.drop_column('rejection_params')
        batch_op.drop_column('rejection_code')
