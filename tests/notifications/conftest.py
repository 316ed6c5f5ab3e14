"""A real SMTP server on loopback (aiosmtpd), keeping what it receives."""

from __future__ import annotations

import socket
from email import message_from_bytes
from email.policy import default

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

SMTP_USER, SMTP_PASSWORD = "festival", "p@ss word"


class Inbox:
    def __init__(self):
        self.envelopes = []
        self.logins = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 OK"

    def authenticate(self, server, session, envelope, _mechanism, auth_data):
        self.logins.append(auth_data)
        ok = isinstance(auth_data, LoginPassword) and auth_data == LoginPassword(
            SMTP_USER.encode(), SMTP_PASSWORD.encode()
        )
        return AuthResult(success=ok)

    @property
    def messages(self):
        return [message_from_bytes(e.content, policy=default) for e in self.envelopes]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=free_port(),
        authenticator=inbox.authenticate,
        auth_require_tls=False,
    )
    controller.start()
    inbox.port = controller.port
    yield inbox
    controller.stop()
