"""A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps every message it receives, parsed."""

import asyncio
import email
import email.policy
import socket
import threading
import time
from email.message import EmailMessage

from aiosmtpd.controller import Controller


class Mailbox:
    def __init__(self):
        self.messages: list[EmailMessage] = []
        # The next `refusing` messages are answered 451 (try again later), as a server in trouble answers.
        self.refusing = 0
        # While held, a message's DATA gets no answer (the sender waits mid-send, `receiving` is set); once
        # released it is refused, so a sender that gave up meanwhile has delivered nothing.
        self.held = threading.Event()
        self.receiving = threading.Event()
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):
        if self.refusing:
            self.refusing -= 1
            return "451 4.3.0 Try again later"
        if self.held.is_set():
            self.receiving.set()
            while self.held.is_set():
                await asyncio.sleep(0.05)
            return "451 4.3.0 Try again later"
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(message)
        return "250 OK"

    def start(self) -> "Mailbox":
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]

    def wait_for(self, count: int, timeout: float = 10.0, to: str | None = None) -> list[EmailMessage]:
        """The messages (to `to`, when given) once there are `count` of them, or all there are at the timeout."""
        deadline = time.monotonic() + timeout
        while len(found := self.to(to) if to else self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return found


def text_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def unsubscribe_path(message: EmailMessage) -> str | None:
    """The path of the message's List-Unsubscribe link (its header unfolded), or None without one."""
    header = message["List-Unsubscribe"]
    if header is None:
        return None
    link = str(header).strip()
    assert link.startswith("<http://testserver/unsubscribe/") and link.endswith(">"), link
    return link[len("<http://testserver") : -1]
