"""Job handlers by kind. Each domain registers its own in its `tasks.py`:

    @job_handler("notifications.send_email")
    def send_email(ctx: JobContext) -> None: ...

so this package never imports a domain; the worker imports every `festival.<domain>.tasks`."""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
from collections.abc import Callable, Iterable

import festival

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


def load_task_modules(extra_modules: Iterable[str] = ()) -> list[str]:
    """Import every `festival.<domain>.tasks` module (and `extra_modules`) to register handlers."""
    names = [
        f"festival.{package.name}.tasks"
        for package in pkgutil.iter_modules(festival.__path__)
        if package.ispkg and importlib.util.find_spec(f"festival.{package.name}.tasks")
    ]
    names.extend(extra_modules)
    for name in names:
        importlib.import_module(name)
    return names
