"""Background jobs: Huey carries them; their state as users see it lives in our database.

- `services.enqueue(kind, subject, **params)`: add a job; it is pushed once the caller commits.
- `registry.job_handler(kind)`: a domain's `tasks.py` registers the function that does the work.
- `running.run_job(job_id)`: one attempt, with a `JobContext` for progress heartbeats.
- `reaper.reap_stalled_jobs()`: requeue or fail jobs whose worker died; run every minute.
- `worker.run_worker(app)`: the consumer behind `flask festival worker`."""
