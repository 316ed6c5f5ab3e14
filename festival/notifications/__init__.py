"""Email: an outbox table, templated messages, sent by the worker."""
