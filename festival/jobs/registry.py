"""Job handlers by kind. Each domain registers its own in its `tasks.py`:

    @job_handler("notifications.send_email")
    def send_email(ctx: JobContext) -> None: ...

so this package never imports a domain: `create_app` lists the task modules (`TASK_MODULES`) in
the `JOB_TASK_MODULES` setting, and the worker imports them."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable

Handler = Callable[..., None]

_handlers: dict[str, Handler] = {}


def job_handler(kind: str) -> Callable[[Handler], Handler]:
    """Register `func(ctx, **params)` as the handler of jobs of `kind`."""

    def decorator(func: Handler) -> Handler:
        registered = _handlers.get(kind)
        if registered is not None and registered is not func:
            raise ValueError(f"job kind {kind!r} already has a handler: {registered!r}")
        _handlers[kind] = func
        return func

    return decorator


def handler_for(kind: str) -> Handler | None:
    return _handlers.get(kind)


def registered_kinds() -> list[str]:
    return sorted(_handlers)


def load_task_modules(names: Iterable[str]) -> None:
    """Import the task modules `names` (the `JOB_TASK_MODULES` setting) to register handlers."""
    for name in names:
        importlib.import_module(name)
