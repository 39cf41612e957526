"""Pagefind's Python service (``pagefind.service.PagefindService``, 1.5.2), with the
transport replaced; the requests themselves are still built by ``pagefind.index``.

Upstream's client sleeps 0.1 s before reading each response (ten pages a second),
formats a debug message of every whole request, page HTML included, even with debug
logging off, and cannot read a response over 2 MiB. This one reads responses back to
back, logs nothing, takes any size (the whole bundle comes back in one, see
:meth:`indexer.BackgroundIndex._run`) and, if Pagefind stops, fails every waiting
request with what Pagefind printed instead of leaving the build waiting forever.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import json
import os

from pagefind.service import PagefindService


class PagefindStopped(Exception):
    """The Pagefind process ended while requests were waiting for it."""


class StreamingService(PagefindService):
    stopped: PagefindStopped | None = None

    async def launch(self) -> StreamingService:
        self._backend = await asyncio.create_subprocess_exec(
            self._bin, "--service", cwd=os.getcwd(), stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
            limit=2**31,  # responses are read whole, however large
        )  # fmt: skip
        self._poll_task = self._loop.create_task(self._wait_for_responses())
        return self

    async def send(self, payload: dict) -> dict:
        """Send one request; return its response."""
        self._message_id += 1
        message_id = self._message_id
        answer = self._responses[message_id] = self._loop.create_future()
        request = json.dumps({"message_id": message_id, "payload": payload})
        try:
            self._backend.stdin.write(base64.b64encode(request.encode()) + b",")
            await self._backend.stdin.drain()
        except ConnectionError as error:  # it died before reading this request
            await asyncio.wait_for(asyncio.shield(self._poll_task), timeout=10)
            raise (self.stopped or PagefindStopped(str(error))) from error
        try:
            return await answer
        finally:
            del self._responses[message_id]

    async def close(self) -> None:
        """Stop Pagefind; nothing of it is needed once its answers are in. (Upstream's
        close re-raises old errors; ending its input would not do: a forked build
        worker may hold that pipe open.)"""
        self._poll_task.cancel()
        with contextlib.suppress(ProcessLookupError):
            self._backend.terminate()
        await self._backend.wait()

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

    def _resolve(self, response: dict) -> None:
        future = self._responses.get(response.get("message_id"))
        if future is None or future.done():
            return
        payload = response["payload"]
        if payload.get("type") == "Error":
            future.set_exception(RuntimeError(payload.get("message", "Pagefind failed")))
        else:
            future.set_result(payload)
