"""A participant without a browser: drives a Voila page over HTTP and the kernel websocket.

It does what the browser does, message for message, so that a load test measures the
server and not the browsers' own CPU, and so that security tests can send what a crafted
browser would:

1. ``GET`` the page (Voila renders the notebook on the server); keep its cookies (``_xsrf``)
   and read the kernel id from ``#jupyter-config-data`` and the displayed widgets from the
   cell outputs (``application/vnd.voila.cell-output+json`` scripts holding a
   ``application/vnd.jupyter.widget-view+json`` view);
2. open ``/api/kernels/<id>/channels`` (Jupyter messaging protocol v5 as JSON, the
   websocket's "legacy" sub-protocol), ask ``kernel_info`` as JupyterLab's kernel
   connection does;
3. do what the ipywidgets 8 widget manager of Voila does: open a ``jupyter.widget.control``
   comm, send ``request_states`` and build the models from ``update_states``; later
   ``comm_open``/``update``/``echo_update``/``comm_close`` messages keep the map current;
4. do what our ``ClientContext`` front end does on render (send ``query``, ``device`` and
   ``connected``), so the participant app starts as it does in a browser;
5. on :meth:`WireClient.close`, close the websocket and post the unload beacon
   (``voila/api/shutdown/<id>`` with the ``_xsrf`` value), as ``static/cocreate.js`` does.

Use :class:`WireClient` from asyncio code (many participants in one process) or
:class:`SyncWireClient` from plain tests::

    with SyncWireClient(suite.participant_url) as page:
        join(page, code, "Sanne", "nurse")
        page.set_value(page.by_label("Toelichting", exact=False).model_id, value="Goed")
        page.click(page.by_class("cc-submit").model_id)
"""

from __future__ import annotations

import asyncio
import collections
import datetime as dt
import html
import json
import re
import struct
import threading
import time
import uuid
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit

from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest, HTTPResponse
from tornado.websocket import WebSocketClientConnection, WebSocketError, websocket_connect

__all__ = [
    "ExecuteResult",
    "SyncWireClient",
    "WidgetModel",
    "WireClient",
    "WireError",
    "fill_form_async",
    "join",
    "join_async",
    "submit_form_async",
]

PROTOCOL_VERSION = "5.3"
WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"
CLIENT_CONTEXT_ID = "cocreate_widgets.controls.client.ClientContext"
MODEL_REF = "IPY_MODEL_"
#: how long the widget manager waits for ``update_states`` (Voila's own JS gives up after 4 s,
#: then asks each model one by one; under load the kernel may be slower than that)
STATES_TIMEOUT_S = 60.0

T = TypeVar("T")


class WireError(RuntimeError):
    """The page or the kernel did not answer as a browser would expect.

    ``status`` is the HTTP status when a request was refused (e.g. 403, 404, 429).
    """

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class WidgetModel:
    """One widget model as the browser's widget manager holds it."""

    model_id: str
    model_name: str
    model_module: str
    state: dict[str, Any]
    closed: bool = False

    @property
    def description(self) -> str:
        """A button's or toggle's text ("" when none)."""
        value = self.state.get("description")
        return value if isinstance(value, str) else ""

    @property
    def label(self) -> str:
        """An answer field's label (our controls' ``label`` trait; "" when none)."""
        value = self.state.get("label")
        return value if isinstance(value, str) else ""

    @property
    def dom_classes(self) -> tuple[str, ...]:
        """The CSS classes added with ``add_class``."""
        value = self.state.get("_dom_classes") or ()
        return tuple(c for c in value if isinstance(c, str))

    @property
    def anywidget_id(self) -> str:
        """For our anywidget-protocol controls: ``module.ClassName`` of the Python class."""
        value = self.state.get("_anywidget_id")
        return value if isinstance(value, str) else ""

    @property
    def value(self) -> Any:
        """The ``value`` trait (``None`` when the model has none)."""
        return self.state.get("value")

    def refs(self, key: str = "children") -> list[str]:
        """Model ids referenced by a trait (``children`` by default)."""
        raw = self.state.get(key)
        items = raw if isinstance(raw, list) else [raw]
        return [
            i[len(MODEL_REF) :] for i in items if isinstance(i, str) and i.startswith(MODEL_REF)
        ]

    def text(self) -> str:
        """An HTML widget's value as plain text (tags dropped, entities decoded)."""
        value = self.state.get("value")
        if not isinstance(value, str):
            return ""
        visible = re.sub(r"<(style|script)\b.*?</\1\s*>", " ", value, flags=re.DOTALL | re.I)
        return html.unescape(re.sub(r"<[^>]*>", " ", visible))


@dataclass
class ExecuteResult:
    """What came back for one ``execute_request``: the reply and the IOPub messages."""

    reply: dict[str, Any] | None
    outputs: list[dict[str, Any]] = field(default_factory=list)

    @property
    def status(self) -> str | None:
        """``ok``, ``error``, ``aborted``, or ``None`` when no reply came."""
        return self.reply["content"].get("status") if self.reply else None


def _now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat().replace("+00:00", "Z")


def _put_buffers(state: dict[str, Any], paths: list[list[Any]], buffers: list[bytes]) -> None:
    """Put binary buffers back into a state at their paths (as ipywidgets does)."""
    for path, buffer in zip(paths, buffers, strict=False):
        target: Any = state
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = buffer


def decode_binary_message(raw: bytes) -> dict[str, Any]:
    """A websocket binary frame of the legacy protocol: offsets, JSON, then buffers."""
    count = struct.unpack("!I", raw[:4])[0]
    offsets = list(struct.unpack("!" + "I" * count, raw[4 : 4 * (count + 1)]))
    parts = [raw[a:b] for a, b in zip(offsets, [*offsets[1:], len(raw)], strict=True)]
    msg = json.loads(parts[0].decode("utf-8"))
    msg["buffers"] = parts[1:]
    return msg


def encode_binary_message(msg: dict[str, Any], buffers: list[bytes]) -> bytes:
    """A message with buffers as a legacy-protocol binary frame."""
    body = json.dumps({**msg, "buffers": []}).encode("utf-8")
    parts = [body, *buffers]
    offsets = [4 * (len(parts) + 1)]
    for part in parts[:-1]:
        offsets.append(offsets[-1] + len(part))
    return struct.pack("!" + "I" * (len(parts) + 1), len(parts), *offsets) + b"".join(parts)


def page_config(page_html: str) -> dict[str, Any]:
    """The ``#jupyter-config-data`` JSON of a Voila page."""
    match = re.search(
        r'<script[^>]*id="jupyter-config-data"[^>]*>(.*?)</script>', page_html, re.DOTALL
    )
    if not match:
        raise WireError("the page has no jupyter-config-data (not a Voila notebook page)")
    return json.loads(match.group(1))


def page_widget_views(page_html: str) -> list[str]:
    """Model ids of the widgets the page displays, in order: Voila 0.5 puts each cell output
    in a ``application/vnd.voila.cell-output+json`` script (a plain widget-view script in
    older templates)."""
    ids = []
    pattern = r'<script[^>]*type="application/vnd\.(?:voila\.cell-output|jupyter\.widget-view)\+json"[^>]*>(.*?)</script>'
    for match in re.finditer(pattern, page_html, re.DOTALL):
        try:
            output = json.loads(match.group(1))
            view = output.get("data", {}).get(WIDGET_VIEW_MIME, output)
            ids.append(view["model_id"])
        except (ValueError, KeyError, TypeError, AttributeError):
            continue
    return ids


class WireClient:
    """One participant's page and kernel connection, driven without a browser (asyncio).

    ``url`` is the page (its query string is what the page's ``ClientContext`` reports, as
    ``window.location.search`` would). Call :meth:`open` first. ``timings`` holds monotonic
    times of ``page`` (HTML received), ``socket`` (websocket open) and ``ready`` (models
    loaded).
    """

    def __init__(
        self,
        url: str,
        *,
        device: dict[str, str] | None = None,
        announce_client: bool = True,
        request_timeout: float = 300.0,
        keep_messages: int = 2000,
    ) -> None:
        self.url = url
        parts = urlsplit(url)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.query = dict(parse_qsl(parts.query))
        self.device = dict(device or {})
        self.announce_client = announce_client
        self.request_timeout = request_timeout
        self.session_id = uuid.uuid4().hex
        self.cookies: dict[str, str] = {}
        self.kernel_id = ""
        self.base_url = "/"
        self.lang = "nl"
        self.page_html = ""
        self.root_ids: list[str] = []
        self.models: dict[str, WidgetModel] = {}
        self.custom_messages: list[tuple[str, Any]] = []
        self.received: collections.deque[dict[str, Any]] = collections.deque(maxlen=keep_messages)
        self.timings: dict[str, float] = {}
        self.closed = False
        self._ws: WebSocketClientConnection | None = None
        self._http: AsyncHTTPClient | None = AsyncHTTPClient(force_instance=True, max_clients=4)
        self._reader: asyncio.Task[None] | None = None
        self._changed = asyncio.Condition()
        self._replies: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self._collect: dict[str, list[dict[str, Any]]] = {}

    # --- connecting ---------------------------------------------------------------------------

    async def open(self) -> WireClient:
        """Load the page, connect to its kernel and load the widget models."""
        started = time.monotonic()
        self.timings["start"] = started
        response = await self._fetch(self.url)
        self.page_html = response.body.decode("utf-8", "replace")
        self.timings["page"] = time.monotonic()
        config = page_config(self.page_html)
        self.kernel_id = config.get("kernelId") or ""
        if not self.kernel_id:
            raise WireError("the page names no kernel")
        self.base_url = config.get("baseUrl") or "/"
        lang = re.search(r'<html[^>]*\blang="([^"]+)"', self.page_html)
        self.lang = lang.group(1) if lang else "nl"
        self.root_ids = page_widget_views(self.page_html)
        await self._connect()
        self.timings["socket"] = time.monotonic()
        await self.request("kernel_info_request", {}, timeout=STATES_TIMEOUT_S)
        await self._load_states()
        self.timings["ready"] = time.monotonic()
        if self.announce_client:
            await self.announce()
        return self

    async def http(
        self,
        path_or_url: str,
        *,
        method: str = "GET",
        body: str | bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> HTTPResponse:
        """Any HTTP request on this page's server with its cookies, as the page's own
        ``fetch`` would send it; never raises for a status, :class:`WireError` (status 599)
        when no answer came at all."""
        url = path_or_url if "://" in path_or_url else self._endpoint(path_or_url)
        request = HTTPRequest(
            url,
            method=method,
            body=body,
            headers={"Cookie": self._cookie_header(), **(headers or {})},
            request_timeout=self.request_timeout,
            connect_timeout=60,
            validate_cert=False,
            follow_redirects=False,
            allow_nonstandard_methods=True,
        )
        if self._http is None:
            raise WireError("this client was closed")
        try:
            response = await self._http.fetch(request, raise_error=False)
        except (HTTPClientError, OSError) as err:  # timeouts and refused connections raise
            raise WireError(f"{method} {url}: no answer ({err})", 599) from err
        for raw in response.headers.get_list("Set-Cookie"):
            jar: SimpleCookie = SimpleCookie()
            jar.load(raw)
            self.cookies.update({k: m.value for k, m in jar.items()})
        return response

    async def _fetch(self, url: str, **kwargs: Any) -> HTTPResponse:
        response = await self.http(url, **kwargs)
        if response.code >= 400 or response.code == 599:
            method = kwargs.get("method", "GET")
            raise WireError(f"{method} {url} answered {response.code}", response.code)
        return response

    def _cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def _endpoint(self, path: str) -> str:
        return self.origin + self.base_url.rstrip("/") + "/" + path.lstrip("/")

    async def _connect(self) -> None:
        ws_origin = self.origin.replace("http", "ws", 1)
        url = (
            ws_origin
            + self.base_url.rstrip("/")
            + f"/api/kernels/{self.kernel_id}/channels?session_id={self.session_id}"
        )
        request = HTTPRequest(
            url,
            headers={"Cookie": self._cookie_header(), "Origin": self.origin},
            connect_timeout=60,
            request_timeout=self.request_timeout,
            validate_cert=False,
        )
        try:
            self._ws = await websocket_connect(request, max_message_size=64 * 1024 * 1024)
        except HTTPClientError as err:
            raise WireError(
                f"websocket to kernel {self.kernel_id} refused: {err}", err.code
            ) from err
        except (WebSocketError, OSError) as err:
            raise WireError(f"websocket to kernel {self.kernel_id} refused: {err}") from err
        self._reader = asyncio.create_task(self._read_loop())

    async def _load_states(self) -> None:
        comm_id = uuid.uuid4().hex
        await self.send(
            "comm_open",
            {"comm_id": comm_id, "target_name": "jupyter.widget.control", "data": {}},
            metadata={"version": "1.0.0"},
        )
        reply = await self._roundtrip(
            self._message(
                "comm_msg",
                {"comm_id": comm_id, "data": {"method": "request_states"}},
                "shell",
                None,
            ),
            STATES_TIMEOUT_S,
        )
        data = reply["content"]["data"]
        paths: dict[str, tuple[list[list[Any]], list[bytes]]] = {}
        for path, buffer in zip(
            data.get("buffer_paths", []), reply.get("buffers", []), strict=False
        ):
            bucket = paths.setdefault(path[0], ([], []))
            bucket[0].append(path[1:])
            bucket[1].append(buffer)
        for model_id, entry in data.get("states", {}).items():
            state = entry.get("state", {})
            if model_id in paths:
                _put_buffers(state, *paths[model_id])
            self._add_model(
                model_id, entry.get("model_name", ""), entry.get("model_module", ""), state
            )
        await self.send("comm_close", {"comm_id": comm_id, "data": {}})
        await self._notify()

    async def announce(self) -> None:
        """What ``ClientContext``'s front end sends on render: query, device, connected."""
        for model in self.find(lambda m: m.anywidget_id == CLIENT_CONTEXT_ID):
            await self.set_value(
                model.model_id, query=dict(self.query), device=dict(self.device), connected=True
            )

    # --- messages -----------------------------------------------------------------------------

    def _message(
        self, msg_type: str, content: dict[str, Any], channel: str, metadata: dict[str, Any] | None
    ) -> dict[str, Any]:
        return {
            "header": {
                "msg_id": uuid.uuid4().hex,
                "msg_type": msg_type,
                "username": "wire",
                "session": self.session_id,
                "date": _now_iso(),
                "version": PROTOCOL_VERSION,
            },
            "parent_header": {},
            "metadata": metadata or {},
            "content": content,
            "channel": channel,
            "buffers": [],
        }

    async def send(
        self,
        msg_type: str,
        content: dict[str, Any],
        *,
        channel: str = "shell",
        metadata: dict[str, Any] | None = None,
        buffers: list[bytes] | None = None,
    ) -> str:
        """Send one message to the kernel (any type: a crafted one too); returns its id."""
        if self._ws is None or self.closed:
            raise WireError("not connected")
        msg = self._message(msg_type, content, channel, metadata)
        await self._write(msg, buffers)
        return msg["header"]["msg_id"]

    async def _write(self, msg: dict[str, Any], buffers: list[bytes] | None = None) -> None:
        if self._ws is None:
            raise WireError("not connected")
        try:
            if buffers:
                await self._ws.write_message(encode_binary_message(msg, buffers), binary=True)
            else:
                await self._ws.write_message(json.dumps(msg))
        except WebSocketError as err:
            raise WireError(f"the websocket closed: {err}") from err

    async def _roundtrip(self, msg: dict[str, Any], timeout: float) -> dict[str, Any]:
        """Send a message and wait for the answer whose parent it is (registered first, so
        an answer that comes at once is not missed)."""
        msg_id = msg["header"]["msg_id"]
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._replies[msg_id] = future
        try:
            await self._write(msg)
        except WireError:
            self._replies.pop(msg_id, None)
            raise
        return await self._wait_future(msg_id, future, timeout)

    async def request(
        self, msg_type: str, content: dict[str, Any], *, timeout: float = 30.0
    ) -> dict[str, Any]:
        """Send a shell request and wait for the reply with that parent."""
        return await self._roundtrip(self._message(msg_type, content, "shell", None), timeout)

    async def _wait_future(
        self, msg_id: str, future: asyncio.Future[dict[str, Any]], timeout: float
    ) -> dict[str, Any]:
        try:
            return await asyncio.wait_for(future, timeout)
        except TimeoutError as err:
            raise WireError(f"no answer to {msg_id} within {timeout:.0f} s") from err
        finally:
            self._replies.pop(msg_id, None)

    async def _read_loop(self) -> None:
        assert self._ws is not None
        try:
            while True:
                raw = await self._ws.read_message()
                if raw is None:
                    break
                msg = decode_binary_message(raw) if isinstance(raw, bytes) else json.loads(raw)
                self.received.append(msg)
                self._dispatch(msg)
                await self._notify()
        finally:
            self.closed = True
            for future in self._replies.values():
                if not future.done():
                    future.set_exception(WireError("the websocket closed"))
            await self._notify()

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    def _dispatch(self, msg: dict[str, Any]) -> None:
        msg_type = msg.get("header", {}).get("msg_type", "")
        parent = (msg.get("parent_header") or {}).get("msg_id")
        content = msg.get("content") or {}
        if parent in self._collect and msg.get("channel") == "iopub":
            self._collect[parent].append(msg)
        if msg_type == "comm_open" and content.get("target_name") == "jupyter.widget":
            data = content.get("data") or {}
            state = dict(data.get("state") or {})
            _put_buffers(state, data.get("buffer_paths") or [], msg.get("buffers") or [])
            self._add_model(
                content["comm_id"],
                state.get("_model_name", ""),
                state.get("_model_module", ""),
                state,
            )
        elif msg_type == "comm_msg":
            data = content.get("data") or {}
            method = data.get("method")
            model = self.models.get(content.get("comm_id", ""))
            if method in ("update", "echo_update") and model is not None:
                state = dict(data.get("state") or {})
                _put_buffers(state, data.get("buffer_paths") or [], msg.get("buffers") or [])
                model.state.update(state)
            elif method == "custom" and model is not None:
                self.custom_messages.append((model.model_id, data.get("content")))
            elif method == "update_states" and parent in self._replies:
                self._resolve(parent, msg)
        elif msg_type == "comm_close":
            model = self.models.get(content.get("comm_id", ""))
            if model is not None:
                model.closed = True
        elif msg_type.endswith("_reply") and parent in self._replies:
            self._resolve(parent, msg)

    def _resolve(self, msg_id: str, msg: dict[str, Any]) -> None:
        future = self._replies.get(msg_id)
        if future is not None and not future.done():
            future.set_result(msg)

    def _add_model(self, model_id: str, name: str, module: str, state: dict[str, Any]) -> None:
        self.models[model_id] = WidgetModel(model_id, name, module, state)

    # --- finding widgets ----------------------------------------------------------------------

    def displayed_ids(self) -> set[str]:
        """Models a browser would show: reachable from the page's views through ``children``,
        leaving out closed ones and those whose layout hides them."""
        seen: set[str] = set()
        stack = list(reversed(self.root_ids))
        while stack:
            model_id = stack.pop()
            model = self.models.get(model_id)
            if model_id in seen or model is None or model.closed or self._hidden(model):
                continue
            seen.add(model_id)
            stack.extend(reversed(model.refs("children")))
        return seen

    def _hidden(self, model: WidgetModel) -> bool:
        layouts = model.refs("layout")
        layout = self.models.get(layouts[0]) if layouts else None
        if layout is None:
            return False
        return layout.state.get("display") == "none" or layout.state.get("visibility") == "hidden"

    def find(
        self, predicate: Callable[[WidgetModel], bool], *, displayed: bool = True
    ) -> list[WidgetModel]:
        """Models that satisfy ``predicate``; only those shown on the page unless
        ``displayed=False``. Page order (depth first) for shown ones."""
        if displayed:
            order = self._display_order()
            return [self.models[i] for i in order if predicate(self.models[i])]
        return [m for m in self.models.values() if not m.closed and predicate(m)]

    def _display_order(self) -> list[str]:
        shown = self.displayed_ids()
        order: list[str] = []
        stack = list(reversed(self.root_ids))
        visited: set[str] = set()
        while stack:
            model_id = stack.pop()
            if model_id in visited or model_id not in shown:
                continue
            visited.add(model_id)
            order.append(model_id)
            stack.extend(reversed(self.models[model_id].refs("children")))
        return order

    def find_one(
        self, predicate: Callable[[WidgetModel], bool], *, displayed: bool = True
    ) -> WidgetModel:
        """The first model that satisfies ``predicate``; ``LookupError`` if there is none."""
        found = self.find(predicate, displayed=displayed)
        if not found:
            raise LookupError("no widget on the page matches")
        return found[0]

    def by_model_name(self, name: str, *, displayed: bool = True) -> list[WidgetModel]:
        """Models of one kind, e.g. ``ButtonModel`` or ``AnyModel``."""
        return self.find(lambda m: m.model_name == name, displayed=displayed)

    def by_description(
        self, text: str, *, exact: bool = True, displayed: bool = True
    ) -> WidgetModel:
        """The first button (or other model) with this description."""
        return self.find_one(lambda m: _matches(m.description, text, exact), displayed=displayed)

    def by_label(self, text: str, *, exact: bool = True, displayed: bool = True) -> WidgetModel:
        """The first answer field with this label."""
        return self.find_one(lambda m: _matches(m.label, text, exact), displayed=displayed)

    def by_class(self, css_class: str, *, displayed: bool = True) -> WidgetModel:
        """The first model with this CSS class (``_dom_classes``)."""
        return self.find_one(lambda m: css_class in m.dom_classes, displayed=displayed)

    def page_text(self) -> str:
        """The text of every shown HTML widget, in page order (for checks on what shows)."""
        parts = [m.text() for m in self.find(lambda m: m.model_name == "HTMLModel")]
        return " ".join(" ".join(parts).split())

    def descendants(self, model_id: str) -> list[WidgetModel]:
        """A shown model and every shown model inside it, in page order."""
        inside: set[str] = set()
        stack = [model_id]
        while stack:
            current = stack.pop()
            model = self.models.get(current)
            if current in inside or model is None:
                continue
            inside.add(current)
            stack.extend(model.refs("children"))
        return self.find(lambda m: m.model_id in inside)

    async def wait_for(self, predicate: Callable[[WireClient], T], timeout: float = 60.0) -> T:
        """Wait until ``predicate(self)`` is truthy after some message; return its value."""

        def check() -> T | None:
            if self.closed:
                raise WireError("the websocket closed while waiting")
            return predicate(self) or None

        try:
            async with self._changed:
                return await asyncio.wait_for(self._changed.wait_for(check), timeout)  # type: ignore[return-value]
        except TimeoutError as err:
            raise WireError(f"the page did not change as expected within {timeout:.0f} s") from err

    # --- acting -------------------------------------------------------------------------------

    async def set_value(self, model_id: str, **state: Any) -> str:
        """Set synced traits of a model, as a front end's ``save_changes`` does."""
        model = self.models.get(model_id)
        if model is not None:
            model.state.update(state)
        return await self.send(
            "comm_msg",
            {"comm_id": model_id, "data": {"method": "update", "state": state, "buffer_paths": []}},
        )

    async def click(self, model_id: str) -> str:
        """Click a button (the custom ``click`` event of ``ButtonView``)."""
        return await self.send(
            "comm_msg",
            {"comm_id": model_id, "data": {"method": "custom", "content": {"event": "click"}}},
        )

    async def send_execute_request(
        self, code: str, *, timeout: float = 10.0, wait: bool = True
    ) -> ExecuteResult:
        """Send an ``execute_request`` (what a page must never be able to run); with ``wait``,
        collect the reply and the IOPub messages until ``timeout``."""
        msg = self._message(
            "execute_request",
            {
                "code": code,
                "silent": False,
                "store_history": False,
                "user_expressions": {},
                "allow_stdin": False,
                "stop_on_error": True,
            },
            "shell",
            None,
        )
        msg_id = msg["header"]["msg_id"]
        outputs: list[dict[str, Any]] = []
        self._collect[msg_id] = outputs
        if not wait:
            await self._write(msg)
            return ExecuteResult(None, outputs)
        try:
            reply: dict[str, Any] | None = await self._roundtrip(msg, timeout)
        except WireError:
            reply = None  # no reply in time (or the socket closed): what came is in outputs
        return ExecuteResult(reply, outputs)

    async def close(self, *, shutdown: bool = True) -> int | None:
        """Leave: close the websocket and, like the page's unload beacon, ask the server to
        end the kernel. Returns the beacon's HTTP status (``None`` when not sent)."""
        status = None
        if self._http is None:
            return None  # closed before
        if self._ws is not None:
            self._ws.close()
        if self._reader is not None:
            try:
                await asyncio.wait_for(self._reader, 10)
            except (TimeoutError, asyncio.CancelledError):
                self._reader.cancel()
        if shutdown and self.kernel_id:
            status = await self.shutdown_beacon()
        self._http.close()
        self._http = None
        self.closed = True
        return status

    async def shutdown_beacon(self) -> int:
        """POST ``voila/api/shutdown/<kernel>`` with the ``_xsrf`` form field; the status."""
        body = urlencode({"_xsrf": self.cookies.get("_xsrf", "")})
        response = await self.http(
            f"voila/api/shutdown/{self.kernel_id}",
            method="POST",
            body=body,
            headers={"Content-Type": "application/x-www-form-urlencoded", "Origin": self.origin},
        )
        return response.code

    async def __aenter__(self) -> WireClient:
        return await self.open()

    async def __aexit__(self, *_exc: object) -> None:
        await self.close()


def _matches(value: str, text: str, exact: bool) -> bool:
    return value == text if exact else text.lower() in value.lower()


# --- joining a workshop ---------------------------------------------------------------------


def _t(key: str, lang: str) -> str:
    from cocreate_widgets.i18n import t

    return t(key, lang)


def _follow_shown(page: WireClient) -> bool:
    """The follow screen and the header with the participant's name are on the page."""
    return bool(page.find(lambda m: "cc-follow" in m.dom_classes)) and bool(
        page.find(lambda m: m.model_name == "HTMLModel" and "cc-header" in str(m.value))
    )


async def join_async(
    client: WireClient,
    code: str,
    pseudonym: str,
    role_id: str,
    *,
    organisation: str = "",
    timeout: float = 60.0,
) -> None:
    """Join as on the phone: type the code, "next", then name, role and consent, "join".

    Returns when the follow screen shows (``cc-follow`` on the page); raises
    :class:`WireError` with the page's text when it does not.
    """
    lang = client.lang

    def field(key: str) -> Callable[[WireClient], WidgetModel | None]:
        def look(page: WireClient) -> WidgetModel | None:
            found = page.find(lambda m: m.label == _t(key, lang))
            return found[0] if found else None

        return look

    try:
        code_field = await client.wait_for(field("join.code"), timeout)
        await client.set_value(code_field.model_id, value=code)
        await client.click(client.by_description(_t("join.next", lang)).model_id)
        role_field = await client.wait_for(
            lambda p: (f := field("join.role")(p)) is not None and f.state.get("options") and f,
            timeout,
        )
        name_field = client.find(
            lambda m: m.label in (_t("join.pseudonym", lang), _t("join.name", lang))
        )
        if name_field and pseudonym:
            await client.set_value(name_field[0].model_id, value=pseudonym)
        await client.set_value(role_field.model_id, value=role_id)
        if organisation:
            organisation_field = client.by_label(_t("join.organisation", lang))
            await client.set_value(organisation_field.model_id, value=organisation)
        consent = client.by_label(_t("join.consent", lang))
        yes = [oid for oid, _label in consent.state.get("options", [])][:1]
        await client.set_value(consent.model_id, value=yes)
        await client.click(client.by_description(_t("join.join", lang)).model_id)
        await client.wait_for(_follow_shown, timeout)
    except (WireError, LookupError) as err:
        raise WireError(
            f"joining failed ({err}); the page says: {client.page_text()[:300]}"
        ) from err


# --- answering the open form -------------------------------------------------------------------


def _first_option(model: WidgetModel) -> str | None:
    options = model.state.get("options") or []
    return options[0][0] if options and isinstance(options[0], list) else None


#: what a participant picks in each of our controls (by ``_anywidget_id``); others stay empty
FILLERS: dict[str, Callable[[WidgetModel, str], Any]] = {
    "cocreate_widgets.controls.text.TextField": lambda m, text: text,
    "cocreate_widgets.controls.agreement.AgreementScale": lambda m, text: 4,
    "cocreate_widgets.controls.choice.YesNo": lambda m, text: True,
    "cocreate_widgets.controls.scale.NumberScale": lambda m, text: m.state.get("max", 1),
    "cocreate_widgets.controls.choice.ChoiceGroup": lambda m, text: (
        [_first_option(m)] if m.state.get("multiple") else _first_option(m)
    ),
}


async def fill_form_async(
    client: WireClient, text: str = "Antwoord", *, timeout: float = 60.0
) -> dict[str, Any]:
    """Wait for the form (``cc-form``), then fill every enabled field with a plain answer:
    ``text`` in text fields, "agree" (4), the first option, yes. Returns label -> value sent."""
    await client.wait_for(lambda page: page.find(lambda m: "cc-form" in m.dom_classes), timeout)
    form = client.by_class("cc-form")
    sent: dict[str, Any] = {}
    for model in client.descendants(form.model_id):
        filler = FILLERS.get(model.anywidget_id)
        if filler is None or model.state.get("disabled"):
            continue
        value = filler(model, text)
        await client.set_value(model.model_id, value=value)
        sent[model.label or model.model_id] = value
    return sent


async def submit_form_async(client: WireClient, timeout: float = 60.0) -> None:
    """Click the form's send button and wait for "saved"; :class:`WireError` with the
    page's message when the kernel refuses the answers."""
    lang = client.lang
    saved, refused = _t("form.saved", lang), _t("answer.check_form", lang)
    form = client.by_class("cc-form")
    notices = [m for m in client.descendants(form.model_id) if m.model_name == "HTMLModel"]
    for notice in notices:
        notice.state["value"] = ""  # what the page showed before this click does not count
    await client.click(client.by_class("cc-submit").model_id)

    def outcome(page: WireClient) -> str | None:
        texts = " ".join(n.text() for n in notices)
        return "saved" if saved in texts else "refused" if refused in texts else None

    if await client.wait_for(outcome, timeout) == "refused":
        raise WireError(f"the answers were refused: {client.page_text()[:300]}")


# --- the same, for synchronous code -----------------------------------------------------------


class SyncWireClient:
    """A :class:`WireClient` for plain (non-async) code: its own event loop in a thread.

    Every method of :class:`WireClient` is offered with the same arguments, blocking until
    done; attributes (``models``, ``kernel_id``, ``cookies``, ``received`` ...) are read
    through. ``open()`` is called by the constructor unless ``open=False``.
    """

    def __init__(self, url: str, *, open: bool = True, **options: Any) -> None:  # noqa: A002
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        self.client: WireClient = self._run(self._make(url, options))
        if open:
            try:
                self.open()
            except BaseException:
                self.close(shutdown=True)
                raise

    @staticmethod
    async def _make(url: str, options: dict[str, Any]) -> WireClient:
        return WireClient(url, **options)

    def _run(self, coro: Coroutine[Any, Any, T] | Awaitable[T], timeout: float | None = None) -> T:
        future = asyncio.run_coroutine_threadsafe(coro, self._loop)  # type: ignore[arg-type]
        return future.result(timeout)

    def run(self, function: Callable[..., Awaitable[T]], *args: Any, **kwargs: Any) -> T:
        """Run ``function(client, *args, **kwargs)`` (e.g. :func:`fill_form_async`) in the
        client's loop and return its result."""
        return self._run(function(self.client, *args, **kwargs))

    def open(self) -> SyncWireClient:
        """Load the page and connect (see :meth:`WireClient.open`)."""
        self._run(self.client.open())
        return self

    def set_value(self, model_id: str, **state: Any) -> str:
        """See :meth:`WireClient.set_value`."""
        return self._run(self.client.set_value(model_id, **state))

    def click(self, model_id: str) -> str:
        """See :meth:`WireClient.click`."""
        return self._run(self.client.click(model_id))

    def send(self, msg_type: str, content: dict[str, Any], **options: Any) -> str:
        """See :meth:`WireClient.send`."""
        return self._run(self.client.send(msg_type, content, **options))

    def send_execute_request(self, code: str, **options: Any) -> ExecuteResult:
        """See :meth:`WireClient.send_execute_request`."""
        return self._run(self.client.send_execute_request(code, **options))

    def wait_for(self, predicate: Callable[[WireClient], T], timeout: float = 60.0) -> T:
        """See :meth:`WireClient.wait_for`."""
        return self._run(self.client.wait_for(predicate, timeout))

    def join(self, code: str, pseudonym: str, role_id: str, **options: Any) -> None:
        """See :func:`join_async`."""
        self._run(join_async(self.client, code, pseudonym, role_id, **options))

    def close(self, *, shutdown: bool = True) -> int | None:
        """Leave (see :meth:`WireClient.close`) and stop the thread's loop."""
        if not self._loop.is_running():
            return None
        try:
            return self._run(self.client.close(shutdown=shutdown), timeout=60)
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)

    def __getattr__(self, name: str) -> Any:
        # everything else of the client: methods run in the client's loop (the models change
        # there), coroutines are awaited, plain attributes are read through
        if name == "client":  # not set yet (the constructor failed early)
            raise AttributeError(name)
        value = getattr(self.client, name)
        if not callable(value):
            return value

        def call(*args: Any, **kwargs: Any) -> Any:
            async def inside() -> Any:
                result = value(*args, **kwargs)
                return await result if asyncio.iscoroutine(result) else result

            return self._run(inside())

        return call

    def __enter__(self) -> SyncWireClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def join(
    client: WireClient | SyncWireClient,
    code: str,
    pseudonym: str,
    role_id: str,
    **options: Any,
) -> Awaitable[None] | None:
    """Join a workshop with the code, a pseudonym and a role id (two steps, as on a phone).

    With a :class:`SyncWireClient` it blocks and returns ``None``; with a :class:`WireClient`
    it returns the coroutine to await.
    """
    if isinstance(client, SyncWireClient):
        client.join(code, pseudonym, role_id, **options)
        return None
    return join_async(client, code, pseudonym, role_id, **options)
