"""One browser tab without a browser: a client of Streamlit's own websocket protocol.

Used by ``dashlib bench serve`` (:mod:`dashlib.bench.serve_load`) and by the tests
that drive the served dashboard. It does what Streamlit's frontend does, with the
protobuf messages that ship with the ``streamlit`` package and the ``websockets``
client that Streamlit itself depends on (no browser, no extra dependency):

* ``GET /_stcore/health`` (which sets the ``_streamlit_xsrf`` cookie) and
  ``/_stcore/host-config``, then the websocket ``/_stcore/stream`` with the
  subprotocols ``streamlit, <xsrf token>`` and a same-origin ``Origin``.
* Binary frames only: one ``BackMsg`` per client frame, one ``ForwardMsg`` per
  server frame. A page view is a ``BackMsg.rerun_script``; the server answers
  ``new_session`` ... deltas ... ``navigation`` ... ``script_finished``.
* Widgets are set by sending their ``WidgetState`` with the next rerun; widgets
  bound to the URL also get the query string rewritten as the frontend does.
* Downloads: a static ``download_button`` carries its media URL; a deferred one
  (``data=callable``) is resolved with a ``backend_operation_request`` first.
* Uploads (``file_uploader``): ``file_urls_request``, a multipart ``PUT`` with the
  XSRF header, then a rerun with the uploader's ``file_uploader_state_value``.

Protocol as of Streamlit 1.67; see BENCHMARKS.md ("Many readers at once").
"""

from __future__ import annotations

import asyncio
import csv
import io
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Origin, Subprotocol

STREAM_PATH = "/_stcore/stream"
HEALTH_PATH = "/_stcore/health"
HOST_CONFIG_PATH = "/_stcore/host-config"
XSRF_COOKIE = "_streamlit_xsrf"
PLACEHOLDER_TOKEN = "PLACEHOLDER_AUTH_TOKEN"  # what the frontend sends without a cookie

FINISH_STATUS = {
    ForwardMsg.FINISHED_SUCCESSFULLY: "success",
    ForwardMsg.FINISHED_WITH_COMPILE_ERROR: "compile_error",
    ForwardMsg.FINISHED_EARLY_FOR_RERUN: "early_for_rerun",
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY: "fragment_success",
}

# Element type -> the WidgetState field that carries its value (Streamlit 1.67).
WIDGET_VALUE_FIELD = {
    "checkbox": "bool_value",  # st.checkbox and st.toggle
    "multiselect": "string_array_value",  # formatted option labels
    "radio": "string_value",
    "selectbox": "string_value",
    "date_input": "string_array_value",  # ISO dates
    "button_group": "string_array_value",  # segmented_control, pills
    "text_input": "string_value",
    "text_area": "string_value",
    "number_input": "double_value",
    "slider": "double_array_value",
    "button": "trigger_value",
    "download_button": "trigger_value",
}

# HTTP requests (health, media files, uploads) run in threads: few per session,
# and urllib keeps the client free of another dependency.
_HTTP_POOL = ThreadPoolExecutor(max_workers=64, thread_name_prefix="serve-http")


class ProtocolError(RuntimeError):
    """The server answered something the protocol does not allow (or not in time)."""


@dataclass
class HttpResponse:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str:
        return next((v for k, v in self.headers if k.lower() == name.lower()), "")


def _http(url: str, method: str, headers: dict[str, str], body: bytes | None, timeout: float):
    req = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return HttpResponse(resp.status, list(resp.headers.items()), resp.read())
    except urllib.error.HTTPError as err:
        return HttpResponse(err.code, list(err.headers.items()), err.read() or b"")


async def http_request(
    url: str,
    *,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
    timeout: float = 120.0,
) -> HttpResponse:
    """An HTTP request in a worker thread; any status comes back (no exception for 4xx/5xx)."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(
        _HTTP_POOL, _http, url, method, dict(headers or {}), body, timeout
    )


@dataclass
class PageInfo:
    """One page as the server announced it (``navigation`` message)."""

    name: str
    url_path: str  # "" for the default page
    script_hash: str
    is_default: bool = False

    @property
    def label(self) -> str:
        return "/" + self.url_path


@dataclass
class WidgetInfo:
    """A widget seen in a delta: any element whose proto has a non-empty ``id``."""

    id: str
    kind: str  # the Element oneof name: multiselect, checkbox, button, file_uploader, ...
    label: str
    query_param_key: str
    options: list[str]
    script_hash: str  # which script drew it (app.py or a page)
    delta_path: list[int]

    @property
    def user_key(self) -> str | None:
        """The ``key=`` the app gave (ids are ``$$ID-<md5>-<key>``, ``-None`` without one)."""
        if not self.id.startswith("$$ID-"):
            return None
        key = self.id.split("-", 2)[-1]
        return None if key == "None" else key

    @property
    def in_sidebar(self) -> bool:
        return bool(self.delta_path) and self.delta_path[0] == 1


@dataclass
class DownloadInfo:
    id: str
    label: str
    url: str  # static media URL, "" for a deferred download
    deferred_file_id: str
    ignore_rerun: bool


@dataclass
class RunResult:
    """What one rerun request (a page view, a filter change, a click) produced."""

    page: str  # e.g. "/escalation"
    action: str  # open | filter | click | rerun
    status: str = "pending"  # success | exception | compile_error | timeout | disconnected
    elapsed: float = 0.0  # request sent -> script_finished, seconds
    n_msgs: int = 0
    n_bytes: int = 0
    n_elements: int = 0
    page_script_hash: str = ""
    exceptions: list[dict[str, Any]] = field(default_factory=list)
    error_alerts: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # markdown, captions, titles, alerts
    widgets: dict[str, WidgetInfo] = field(default_factory=dict)
    downloads: list[DownloadInfo] = field(default_factory=list)
    tables: list[bytes] = field(default_factory=list)  # Arrow IPC of each st.dataframe/table

    @property
    def ok(self) -> bool:
        return self.status == "success" and not self.exceptions

    def summary(self) -> dict[str, Any]:
        return {
            "page": self.page,
            "action": self.action,
            "status": self.status,
            "ms": round(self.elapsed * 1000, 1),
            "exceptions": self.exceptions,
            "error_alerts": self.error_alerts,
        }


@dataclass
class DownloadResult:
    label: str
    url: str = ""
    ok: bool = False
    status: int = 0
    n_bytes: int = 0
    n_rows: int = 0
    elapsed: float = 0.0
    error: str = ""
    body: bytes = b""


def widget_state(widget: WidgetInfo, value: Any) -> WidgetState:
    """The ``WidgetState`` the frontend sends for ``widget`` set to ``value``."""
    ws = WidgetState(id=widget.id)
    kind = WIDGET_VALUE_FIELD.get(widget.kind)
    if kind is None:
        raise ValueError(f"don't know how to set a {widget.kind} widget")
    if kind in ("bool_value", "trigger_value"):
        setattr(ws, kind, bool(value))
    elif kind == "string_value":
        ws.string_value = str(value)
    elif kind == "double_value":
        ws.double_value = float(value)
    elif kind == "string_array_value":
        values = [value] if isinstance(value, str) else list(value)
        ws.string_array_value.data.extend(str(v) for v in values)
    else:
        ws.double_array_value.data.extend(float(v) for v in value)
    return ws


def _url_values(widget: WidgetInfo, value: Any) -> list[str]:
    """The query-parameter values the frontend writes for a bound widget ([] removes it)."""
    kind = WIDGET_VALUE_FIELD.get(widget.kind)
    if kind == "bool_value":
        return ["true" if value else "false"]
    if kind in ("string_array_value", "double_array_value"):
        return [str(v) for v in ([value] if isinstance(value, str) else value)]
    return [] if value in (None, "") else [str(value)]


def _texts_of(element, kind: str) -> list[str]:
    if kind in ("markdown", "heading", "text", "code"):
        return [getattr(element, "body", "")]
    if kind == "alert":
        return [element.body]
    if kind == "metric":
        return [f"{element.label}: {element.body}"]
    return []


class Session:
    """One simulated browser tab connected to ``/_stcore/stream``.

    Open it with ``async with Session(url) as s``, then :meth:`open_default` (a
    typed URL), :meth:`open_page` (a sidebar click), :meth:`set_widget`,
    :meth:`click`, :meth:`download` and :meth:`upload`. Every request returns
    when its ``script_finished`` arrives, with what the run drew.
    The client keeps no message cache: it declares none, so the server sends
    every element in full (what a new visitor's browser receives).
    """

    def __init__(self, base_url: str, *, timeout: float = 120.0) -> None:
        parts = urlsplit(base_url.rstrip("/"))
        self.base_url = f"{parts.scheme}://{parts.netloc}{parts.path}"
        scheme = "wss" if parts.scheme == "https" else "ws"
        self.ws_url = f"{scheme}://{parts.netloc}{parts.path}{STREAM_PATH}"
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.ws: ClientConnection | None = None
        self.close_reason: str | None = None
        self._reader_task: asyncio.Task | None = None
        self._closed = asyncio.Event()

        self.session_id = ""
        self.main_script_hash = ""
        self.current_page_hash = ""
        self.pages: list[PageInfo] = []
        self.query_string = ""  # the tab's URL query
        self.widgets: dict[str, WidgetInfo] = {}
        self.widget_values: dict[str, WidgetState] = {}  # values this client set

        self._pending: RunResult | None = None
        self._pending_started = False
        self._pending_t0 = 0.0
        self._pending_run_id = ""
        self._pending_done: asyncio.Future | None = None
        self._replies: dict[str, asyncio.Future] = {}  # backend ops and file URL requests
        self.msg_types: Counter[str] = Counter()
        self.stray_errors: list[dict[str, Any]] = []  # exceptions outside a request

    # ---- connection ------------------------------------------------------------

    async def connect(self) -> None:
        """What the frontend does before and while it opens the websocket."""
        resp = await http_request(self.base_url + HEALTH_PATH, timeout=self.timeout)
        if resp.status != 200:
            raise ProtocolError(f"health check answered HTTP {resp.status}")
        self._take_cookies(resp)
        resp = await http_request(
            self.base_url + HOST_CONFIG_PATH, headers=self._cookie_headers(), timeout=self.timeout
        )
        self._take_cookies(resp)
        token = self.cookies.get(XSRF_COOKIE) or PLACEHOLDER_TOKEN
        self.ws = await connect(
            self.ws_url,
            subprotocols=[Subprotocol("streamlit"), Subprotocol(token)],
            additional_headers=self._cookie_headers(),
            origin=Origin(self.origin),
            max_size=None,
            ping_interval=None,  # the server pings; the client answers on its own
            open_timeout=self.timeout,
        )
        if self.ws.subprotocol != "streamlit":
            raise ProtocolError(f"server chose subprotocol {self.ws.subprotocol!r}")
        self._reader_task = asyncio.create_task(self._reader())

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self._reader_task is not None:
            try:
                await asyncio.wait_for(self._reader_task, 10)
            except (TimeoutError, asyncio.CancelledError):
                self._reader_task.cancel()
        self._closed.set()

    async def __aenter__(self) -> Session:
        await self.connect()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    def _take_cookies(self, resp: HttpResponse) -> None:
        for name, value in resp.headers:
            if name.lower() != "set-cookie":
                continue
            jar = SimpleCookie()
            jar.load(value)
            self.cookies.update({k: m.value for k, m in jar.items()})

    def _cookie_headers(self) -> dict[str, str]:
        if not self.cookies:
            return {}
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}

    async def _send(self, msg: BackMsg) -> None:
        if self.ws is None:
            raise ProtocolError("not connected")
        await self.ws.send(msg.SerializeToString())

    # ---- reading -----------------------------------------------------------------

    async def _reader(self) -> None:
        assert self.ws is not None
        try:
            async for data in self.ws:
                if isinstance(data, str):
                    raise ProtocolError("text frame from the server")
                msg = ForwardMsg()
                msg.ParseFromString(data)
                self._on_message(msg, len(data))
        except ConnectionClosed as err:
            self.close_reason = f"closed: {err}"
        except Exception as err:  # report it on the pending request, don't crash the loop
            self.close_reason = f"reader error: {type(err).__name__}: {err}"
        finally:
            if self.close_reason is None:
                self.close_reason = "closed"
            self._closed.set()
            if self._pending_done is not None and not self._pending_done.done():
                self._pending_done.set_result("disconnected")
            for fut in self._replies.values():
                if not fut.done():
                    fut.set_exception(ProtocolError(self.close_reason))

    def _on_message(self, msg: ForwardMsg, nbytes: int) -> None:
        kind = msg.WhichOneof("type")
        if kind == "ref_hash":  # only sent for hashes a client declared; this one declares none
            raise ProtocolError("unexpected message-cache reference")
        self.msg_types[kind or "none"] += 1
        if kind == "new_session":
            self._on_new_session(msg)
        run = self._pending if self._pending_started else None
        if run is not None:
            run.n_msgs += 1
            run.n_bytes += nbytes
        if kind == "delta":
            self._on_delta(msg, run)
        elif kind == "navigation":
            nav = msg.navigation
            self.pages = [
                PageInfo(p.page_name, p.url_pathname, p.page_script_hash, p.is_default)
                for p in nav.app_pages
            ]
            self.current_page_hash = nav.page_script_hash
            if run is not None:
                run.page_script_hash = nav.page_script_hash
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
        elif kind == "session_event":
            ev = msg.session_event
            if ev.WhichOneof("type") == "script_compilation_exception":
                exc = ev.script_compilation_exception
                self._exception(run, {"type": exc.type, "message": exc.message})
        elif kind == "backend_operation_response":
            self._reply(msg.backend_operation_response.request_id, msg.backend_operation_response)
        elif kind == "file_urls_response":
            self._reply(msg.file_urls_response.response_id, msg.file_urls_response)
        elif kind == "script_finished":
            self._on_script_finished(msg)

    def _reply(self, request_id: str, payload) -> None:
        fut = self._replies.pop(request_id, None)
        if fut is not None and not fut.done():
            fut.set_result(payload)

    def _on_new_session(self, msg: ForwardMsg) -> None:
        ns = msg.new_session
        if ns.initialize.session_id:
            self.session_id = ns.initialize.session_id
        self.main_script_hash = ns.main_script_hash
        self.current_page_hash = ns.page_script_hash
        if self._pending is not None and not self._pending_started:
            self._pending_started = True
            self._pending_run_id = msg.metadata.run.script_run_id
            self._pending.page_script_hash = ns.page_script_hash

    def _exception(self, run: RunResult | None, info: dict[str, Any]) -> None:
        (run.exceptions if run is not None else self.stray_errors).append(info)

    def _on_delta(self, msg: ForwardMsg, run: RunResult | None) -> None:
        if msg.delta.WhichOneof("type") != "new_element":
            return
        el = msg.delta.new_element
        kind = el.WhichOneof("type")
        if kind is None:
            return
        sub = getattr(el, kind)
        if kind == "exception":
            info = {"type": sub.type, "message": sub.message[:300], "is_warning": sub.is_warning}
            self._exception(run, info)
            return
        if run is not None:
            run.n_elements += 1
            run.texts.extend(_texts_of(sub, kind))
            if kind == "alert" and sub.format == 1:  # Alert.ERROR: st.error
                run.error_alerts.append(sub.body[:200])
            if kind in ("dataframe", "table"):
                run.tables.append(bytes(sub.arrow_data.data))
        fields = sub.DESCRIPTOR.fields_by_name
        if kind == "download_button" and run is not None:
            deferred = sub.deferred_file_id if sub.HasField("deferred_file_id") else ""
            run.downloads.append(
                DownloadInfo(sub.id, sub.label, sub.url, deferred, bool(sub.ignore_rerun))
            )
        widget_id = sub.id if "id" in fields else ""
        if not widget_id:
            return
        info_w = WidgetInfo(
            id=widget_id,
            kind=kind,
            label=sub.label if "label" in fields else "",
            query_param_key=sub.query_param_key if "query_param_key" in fields else "",
            options=[str(o) for o in sub.options] if "options" in fields else [],
            script_hash=msg.metadata.active_script_hash,
            delta_path=list(msg.metadata.delta_path),
        )
        self.widgets[widget_id] = info_w
        if run is not None:
            run.widgets[widget_id] = info_w

    def _on_script_finished(self, msg: ForwardMsg) -> None:
        run = self._pending
        if run is None or not self._pending_started:
            return
        run_id = msg.metadata.run.script_run_id
        if run_id and self._pending_run_id and run_id != self._pending_run_id:
            return  # the finish of an older run
        status = msg.script_finished
        if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
            self._pending_started = False  # st.rerun(): a new run (new_session) follows
            return
        run.status = FINISH_STATUS.get(status, f"status_{status}")
        if run.status == "success" and run.exceptions:
            run.status = "exception"
        if self._pending_done is not None and not self._pending_done.done():
            self._pending_done.set_result(run.status)

    # ---- requests ------------------------------------------------------------------

    async def rerun(
        self,
        *,
        page_script_hash: str = "",
        page_name: str = "",
        label: str | None = None,
        action: str = "rerun",
        extra: list[WidgetState] | None = None,
    ) -> RunResult:
        """Send one ``rerun_script`` and wait for its ``script_finished``.

        ``page_script_hash`` picks a page as a sidebar click does; ``page_name``
        (a URL path, ``""`` for the default page) as a typed URL does. ``extra``
        widget states are sent with this rerun only (button clicks, uploads).
        """
        if self._pending_done is not None:
            raise ProtocolError("a rerun is already pending")
        if self._closed.is_set():
            raise ProtocolError(self.close_reason or "connection closed")
        page = self.page_by_hash(page_script_hash) if page_script_hash else None
        if label is None:
            label = page.label if page else "/" + page_name
        run = RunResult(page=label, action=action)
        back = BackMsg()
        state = back.rerun_script
        state.query_string = self.query_string
        state.page_script_hash = page_script_hash
        state.page_name = page_name
        states = dict(self.widget_values)
        states.update({ws.id: ws for ws in extra or []})
        state.widget_states.widgets.extend(states.values())
        info = state.context_info
        info.timezone, info.timezone_offset, info.locale = "UTC", 0, "en-US"
        query = f"?{self.query_string}" if self.query_string else ""
        info.url = f"{self.base_url}{label}{query}"

        self._pending, self._pending_started, self._pending_run_id = run, False, ""
        self._pending_done = asyncio.get_running_loop().create_future()
        self._pending_t0 = time.perf_counter()
        try:
            await self._send(back)
            try:
                await asyncio.wait_for(asyncio.shield(self._pending_done), self.timeout)
            except TimeoutError:
                run.status = "timeout"
            else:
                if self._pending_done.result() == "disconnected":
                    run.status = "disconnected"
                    run.exceptions.append({"type": "Disconnected", "message": self.close_reason})
        finally:
            run.elapsed = time.perf_counter() - self._pending_t0
            self._pending, self._pending_started, self._pending_done = None, False, None
        return run

    def page_by_hash(self, script_hash: str) -> PageInfo | None:
        return next((p for p in self.pages if p.script_hash == script_hash), None)

    def page_by_path(self, url_path: str) -> PageInfo:
        for p in self.pages:
            if p.url_path == url_path or (not url_path and p.is_default):
                return p
        raise KeyError(f"no page at /{url_path}; pages: {[p.url_path for p in self.pages]}")

    async def open_default(self, path: str = "") -> RunResult:
        """The first load of a URL, as a typed address or a shared link opens it."""
        return await self.rerun(page_name=path, action="open")

    async def open_page(self, page: PageInfo | str) -> RunResult:
        """Go to ``page`` (a PageInfo or its URL path) as a click in the sidebar does.

        Like the frontend, values of widgets the previous page drew are dropped;
        those of the main script (the sidebar filters) are kept.
        """
        if isinstance(page, str):
            page = self.page_by_path(page)
        if page.script_hash != self.current_page_hash:
            keep = {self.main_script_hash, ""}
            self.widget_values = {
                wid: ws
                for wid, ws in self.widget_values.items()
                if wid not in self.widgets or self.widgets[wid].script_hash in keep
            }
        run = await self.rerun(page_script_hash=page.script_hash, label=page.label, action="open")
        if run.status == "success" and run.page_script_hash != page.script_hash:
            run.exceptions.append({"type": "WrongPage", "message": f"asked for {page.label}"})
            run.status = "exception"
        return run

    def find_widget(self, key: str) -> WidgetInfo:
        """A widget by id, by its ``key=`` or by the query parameter it is bound to."""
        if key in self.widgets:
            return self.widgets[key]
        for w in self.widgets.values():
            if key in (w.user_key, w.query_param_key):
                return w
        raise KeyError(key)

    def _current(self, action: str, extra: list[WidgetState] | None = None):
        page = self.page_by_hash(self.current_page_hash)
        return self.rerun(
            page_script_hash=self.current_page_hash,
            label=page.label if page else None,
            action=action,
            extra=extra,
        )

    async def set_widget(
        self, widget: WidgetInfo | str, value: Any, *, action: str = "filter"
    ) -> RunResult:
        """Change a widget's value and rerun the current page, as a user's change does."""
        if isinstance(widget, str):
            widget = self.find_widget(widget)
        self.widget_values[widget.id] = widget_state(widget, value)
        if widget.query_param_key:
            key = widget.query_param_key
            pairs = [(k, v) for k, v in parse_qsl(self.query_string) if k != key]
            pairs += [(key, v) for v in _url_values(widget, value)]
            self.query_string = urlencode(pairs)
        return await self._current(action)

    async def click(self, widget: WidgetInfo | str) -> RunResult:
        """Press a button (its trigger is sent with this rerun only)."""
        if isinstance(widget, str):
            widget = self.find_widget(widget)
        return await self._current("click", [widget_state(widget, True)])

    async def _request(self, back: BackMsg, request_id: str):
        fut = asyncio.get_running_loop().create_future()
        self._replies[request_id] = fut
        await self._send(back)
        return await asyncio.wait_for(fut, self.timeout)

    async def download(self, dl: DownloadInfo, *, keep_body: bool = False) -> DownloadResult:
        """Fetch a download button's file and check it is a CSV with a header row."""
        res = DownloadResult(label=dl.label)
        t0 = time.perf_counter()
        try:
            url = dl.url
            if dl.deferred_file_id:
                back = BackMsg()
                op = back.backend_operation_request
                op.request_id, op.session_id = str(uuid.uuid4()), self.session_id
                op.deferred_file.file_id = dl.deferred_file_id
                reply = await self._request(back, op.request_id)
                if reply.error_msg:
                    raise ProtocolError(f"deferred download failed: {reply.error_msg}")
                url = reply.deferred_file.url
            if not url:
                raise ProtocolError("download button has no URL")
            res.url = url
            full = url if url.startswith("http") else self.base_url + url
            resp = await http_request(full, headers=self._cookie_headers(), timeout=self.timeout)
            res.status, res.n_bytes = resp.status, len(resp.body)
            if resp.status != 200:
                raise ProtocolError(f"HTTP {resp.status} for {url}")
            rows = list(csv.reader(io.StringIO(resp.body.decode("utf-8-sig"))))
            if not rows or len(rows[0]) < 2:
                raise ProtocolError("not a CSV with a header row")
            res.n_rows, res.ok = len(rows) - 1, True
            if keep_body:
                res.body = resp.body
        except Exception as err:
            res.error = f"{type(err).__name__}: {err}"
        res.elapsed = time.perf_counter() - t0
        return res

    async def upload(
        self, widget: WidgetInfo | str, files: list[tuple[str, bytes]], *, mime="text/plain"
    ) -> RunResult:
        """Put ``files`` (name, bytes) into a ``file_uploader`` and rerun, as a drop does."""
        if isinstance(widget, str):
            widget = self.find_widget(widget)
        back = BackMsg()
        req = back.file_urls_request
        req.request_id, req.session_id = str(uuid.uuid4()), self.session_id
        req.file_names.extend(name for name, _ in files)
        reply = await self._request(back, req.request_id)
        if reply.error_msg:
            raise ProtocolError(f"file URLs refused: {reply.error_msg}")
        ws = WidgetState(id=widget.id)
        for (name, data), urls in zip(files, reply.file_urls, strict=True):
            boundary = uuid.uuid4().hex
            body = (
                (
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{urls.file_id}"; '
                    f'filename="{name}"\r\nContent-Type: {mime}\r\n\r\n'
                ).encode()
                + data
                + f"\r\n--{boundary}--\r\n".encode()
            )
            headers = {
                **self._cookie_headers(),
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "X-Xsrftoken": self.cookies.get(XSRF_COOKIE, ""),
            }
            url = urls.upload_url
            full = url if url.startswith("http") else self.base_url + url
            resp = await http_request(full, method="PUT", headers=headers, body=body)
            if resp.status not in (200, 204):
                raise ProtocolError(f"upload of {name} answered HTTP {resp.status}")
            info = ws.file_uploader_state_value.uploaded_file_info.add()
            info.name, info.size, info.file_id = name, len(data), urls.file_id
            info.file_urls.CopyFrom(urls)
        self.widget_values[widget.id] = ws
        return await self._current("upload")
