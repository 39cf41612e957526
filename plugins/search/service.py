"""Pagefind's Python service, answering every response as soon as it arrives.

The upstream client (``pagefind.service.PagefindService``, 1.5.2) sleeps 0.1 s before
reading each response, which caps indexing at ten pages a second. This subclass reads
responses back to back and, if Pagefind stops, fails every waiting request with what
Pagefind printed instead of leaving the build waiting forever.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json

from pagefind.service import PagefindService


class PagefindStopped(Exception):
    """The Pagefind process ended while requests were waiting for it."""


class StreamingService(PagefindService):
    stopped: PagefindStopped | None = None

    async def send(self, payload):
        try:
            return await super().send(payload)
        except ConnectionError as error:  # it died before reading this request
            await asyncio.wait_for(asyncio.shield(self._poll_task), timeout=10)
            raise (self.stopped or PagefindStopped(str(error))) from error

    async def _wait_for_responses(self) -> None:
        stdout = self._backend.stdout
        printed: list[str] = []  # anything that is not a response (stderr shares the pipe)
        while True:
            try:
                chunk = await stdout.readuntil(b",")
            except asyncio.IncompleteReadError as end:
                printed.append(end.partial.decode("utf-8", "replace"))
                break
            try:
                response = json.loads(base64.b64decode(chunk[:-1], validate=True))
            except (binascii.Error, ValueError):
                printed.append(chunk.decode("utf-8", "replace"))
                continue
            self._resolve(response)
        status = await self._backend.wait()
        said = " ".join(" ".join(printed).split())[-300:]
        self.stopped = PagefindStopped(
            f"Pagefind exited (status {status}){': ' + said if said else ''}"
        )
        for future in self._responses.values():
            if not future.done():
                future.set_exception(self.stopped)
                future.exception()  # a request that never got out has no one to raise it

    async def close(self) -> None:
        """End Pagefind: it exits when its input ends (upstream's close re-raises old errors)."""
        self._poll_task.cancel()
        if self._backend.returncode is None:
            self._backend.stdin.close()
            try:
                await asyncio.wait_for(self._backend.wait(), timeout=10)
            except TimeoutError:
                self._backend.kill()
                await self._backend.wait()

    def _resolve(self, response: dict) -> None:
        future = self._responses.get(response.get("message_id"))
        if future is None or future.done():
            return
        payload = response["payload"]
        if payload.get("type") == "Error":
            future.set_exception(RuntimeError(payload.get("message", "Pagefind failed")))
        else:
            future.set_result(payload)
