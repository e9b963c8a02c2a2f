"""uvicorn's HTTP/1.1 protocol with a deadline for a request's headers.

uvicorn closes a connection that stays idle between two requests (``timeout_keep_alive``), but
not one that opens and never finishes its first request's headers, or trickles them a byte at
a time: such connections would be held for ever. Here every connection must send a complete
request head within ``header_timeout`` seconds of opening or of its last answer.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol


def protocol_with_header_timeout(header_timeout: float) -> type[H11Protocol]:
    """An :class:`H11Protocol` subclass closing connections that are slow to send headers."""

    class HeaderTimeoutProtocol(H11Protocol):
        _head_deadline: asyncio.TimerHandle | None = None

        def connection_made(self, transport: Any) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._await_head()

        def connection_lost(self, exc: Exception | None) -> None:
            self._cancel_head_deadline()
            super().connection_lost(exc)

        def on_response_complete(self) -> None:
            super().on_response_complete()
            self._await_head()

        def _await_head(self) -> None:
            self._cancel_head_deadline()
            self._head_deadline = self.loop.call_later(header_timeout, self._head_overdue)

        def _cancel_head_deadline(self) -> None:
            if self._head_deadline is not None:
                self._head_deadline.cancel()
                self._head_deadline = None

        def _head_overdue(self) -> None:
            answering = self.cycle is not None and not self.cycle.response_complete
            if not answering and not self.transport.is_closing():
                self.transport.close()

    return HeaderTimeoutProtocol
