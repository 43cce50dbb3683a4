"""The Voila application that ``cocreate serve`` starts twice (participants, facilitators).

Stock Voila 0.5.13 plus what a workshop room needs:

* TLS (``certfile``/``keyfile``), which the stand-alone Voila app does not offer;
* security headers on every response, static files included (an output transform);
* the ``_xsrf`` cookie set by the notebook page, so the page's unload beacon is accepted and
  a closed tab ends its kernel (voila issue #1458) while XSRF protection stays on;
* a shutdown handler that answers quietly for kernels already gone;
* a culler for kernels whose page has gone (no connection for longer than the grace
  period), even if the kernel keeps sending output;
* on the participants' server: only ``/`` renders the app, every other page is a 404;
* a ``/cocreate/health`` probe that does not start a kernel;
* per-client limits on page loads and failed logins (:mod:`.limits`, :mod:`.login`): 429
  with our own page and ``Retry-After``, before a kernel is taken.

Run as ``python -m cocreate_widgets.serve.app [voila options] NOTEBOOK_OR_FOLDER``.
"""

from __future__ import annotations

import logging
import os
import ssl
import time
from functools import partial
from html import escape
from pathlib import Path
from typing import Any

import tornado.ioloop
import tornado.web
from jupyter_core.paths import jupyter_path
from jupyter_core.utils import ensure_async
from jupyter_server.auth.decorator import allow_unauthenticated
from jupyter_server.base.handlers import APIHandler, JupyterHandler
from jupyter_server.utils import url_path_join
from traitlets import Float, Int, List, Unicode
from voila.app import Voila
from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
from voila.static_file_handler import TemplateStaticFileHandler
from voila.tornado.handler import TornadoVoilaHandler

from .config import HEALTH_PATH
from .limits import LIMIT_WINDOW_S, TokenBucket, parse_trusted_proxies, retry_after_header
from .login import LOGIN_LIMIT_SETTING, TRUSTED_PROXIES_SETTING, request_client
from .pool import cap_refills_to_room

PAGE_LIMIT_SETTING = "cocreate_page_limit"

log = logging.getLogger(__name__)


class SecurityHeadersTransform(tornado.web.OutputTransform):
    """Adds the configured security headers to responses that lack them (static files)."""

    headers: dict[str, str] = {}

    def transform_first_chunk(
        self, status_code: int, headers: Any, chunk: bytes, finishing: bool
    ) -> tuple[int, Any, bytes]:
        """Set each header unless the handler already set it."""
        for name, value in self.headers.items():
            if name not in headers:
                headers[name] = value
        return status_code, headers, chunk


class PageHandler(TornadoVoilaHandler):
    """The notebook page; it also sets the ``_xsrf`` cookie the unload beacon sends back."""

    async def prepare(self) -> None:  # type: ignore[override]
        """Refuse a client over its page-load limit (429, before a kernel is taken), then
        authenticate as usual and make sure the XSRF cookie is set."""
        limit = self.settings.get(PAGE_LIMIT_SETTING)
        if limit is not None and limit.enabled:
            wait = limit.take(request_client(self))
            if wait > 0:
                self.log.warning("page refused: too many loads from %s", request_client(self))
                send_too_many(self, wait)
                return
        await super().prepare()
        if not self._finished:
            _ = self.xsrf_token  # tornado sets the _xsrf cookie on first access


class ShutdownKernelHandler(VoilaShutdownKernelHandler):
    """Ends the kernel of a closed page (XSRF-checked); 204 even if it is already gone."""

    @tornado.web.authenticated
    async def post(self, kernel_id: str) -> None:  # type: ignore[override]
        """Shut the kernel down if it still runs."""
        km = self.kernel_manager
        if kernel_id in km:
            try:
                await ensure_async(km.shutdown_kernel(kernel_id))
            except Exception:  # noqa: BLE001 - a second beacon may race the first
                self.log.debug("kernel %s was already shutting down", kernel_id)
        self.set_status(204)
        self.finish()


class HealthHandler(APIHandler):
    """Answers 204 when the server runs; starts no kernel, needs no login."""

    @allow_unauthenticated
    def get(self) -> None:
        """Say the server is up."""
        self.set_status(204)
        self.finish()


class TemplateFilesHandler(TemplateStaticFileHandler):
    """The templates' static files; a path that is malformed or leaves the template folder
    is our 404 (Voila's own handler fails an ``assert`` on it: a 500)."""

    def parse_url_path(self, url_path: str) -> str:
        """Voila's parsing, with a malformed path refused as not found."""
        try:
            return super().parse_url_path(url_path)
        except (AssertionError, ValueError):
            raise tornado.web.HTTPError(404) from None

    @classmethod
    def get_absolute_path(cls, root: str, path: str) -> str:
        """Voila's mapping, with a path outside ``<template>/static/`` refused."""
        try:
            return super().get_absolute_path(root, path)
        except (AssertionError, ValueError):
            raise tornado.web.HTTPError(404) from None

    def validate_absolute_path(self, root: str, absolute_path: str) -> str | None:
        """Voila's check against every template root (none found: not found)."""
        try:
            return super().validate_absolute_path(root, absolute_path)
        except AssertionError:
            raise tornado.web.HTTPError(404) from None

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        """Our own error page, without details."""
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(error_page(status_code, self.settings.get("cocreate_lang", "nl")))


class NotFoundHandler(JupyterHandler):
    """Every path the participants' server does not know: our 404 page."""

    def prepare(self) -> None:  # type: ignore[override]
        """Refuse at once, before any authentication."""
        raise tornado.web.HTTPError(404)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        """Our own error page, without details."""
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(
            error_page(status_code, self.settings.get("cocreate_lang", "nl"), self.base_url)
        )


ERROR_TEXT = {
    "nl": ("Deze pagina bestaat niet.", "Er ging iets mis.", "Terug naar het begin"),
    "en": ("This page does not exist.", "Something went wrong.", "Back to the start"),
}
TOO_MANY_TEXT = {"nl": "Te veel pogingen, wacht even.", "en": "Too many attempts, wait a moment."}


def error_page(status_code: int, lang: str, home: str = "/") -> str:
    """A plain error page in the workshop language: no traceback, no server details."""
    missing, failed, back = ERROR_TEXT.get(lang, ERROR_TEXT["nl"])
    text = missing if status_code == 404 else failed
    if status_code == 429:
        text = TOO_MANY_TEXT.get(lang, TOO_MANY_TEXT["nl"])
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{status_code}</title></head><body style="font-family:sans-serif;'
        f'margin:2em"><h1>{text}</h1><p><a href="{escape(home)}">{back}</a></p></body></html>'
    )


def send_too_many(handler: tornado.web.RequestHandler, wait_s: float) -> None:
    """Answer 429 with our page and ``Retry-After``; nothing else runs (no kernel starts)."""
    handler.clear()
    handler.set_status(429)
    handler.set_header("Retry-After", retry_after_header(wait_s))
    handler.set_header("Content-Type", "text/html; charset=utf-8")
    handler.set_header("Cache-Control", "no-store")
    lang = handler.settings.get("cocreate_lang", "nl")
    home = handler.settings.get("base_url", "/")
    handler.finish(error_page(429, lang, home))


class CocreateVoila(Voila):
    """Voila with TLS, security headers, XSRF-safe kernel shutdown and kernel culling."""

    name = "voila"  # keeps Voila's config file name (voila.json) and settings key

    role = Unicode("participant", config=True, help="participant or facilitator")
    certfile = Unicode("", config=True, help="TLS certificate (PEM)")
    keyfile = Unicode("", config=True, help="TLS private key (PEM)")
    cull_disconnected_after = Float(
        600.0,
        config=True,
        help="End a kernel that has had no connection for this many seconds (0: never)",
    )
    cull_check_interval = Float(30.0, config=True, help="Seconds between culler runs")
    room = Int(0, config=True, help="Participants expected: the pool refills up to it (0: no cap)")
    page_limit = Int(0, config=True, help="Page loads per client per limit window (0: off)")
    login_limit = Int(0, config=True, help="Failed logins per client per limit window (0: off)")
    limit_window = Float(LIMIT_WINDOW_S, config=True, help="Seconds in which a limit refills")
    trusted_proxies = List(
        Unicode(), config=True, help="Proxies whose X-Real-IP/X-Forwarded-For name the client"
    )

    @property
    def data_dir(self) -> str:
        """Voila's data folder (themes), skipping our template root on ``JUPYTER_PATH``."""
        for path in jupyter_path("voila"):
            if os.path.isdir(os.path.join(path, "themes")):
                return str(Path(path).resolve())
        return super().data_dir

    def init_settings(self) -> dict[str, Any]:  # type: ignore[override]
        """Voila's settings, plus the header transform and the workshop language."""
        settings = super().init_settings()
        transform = type(
            "ConfiguredSecurityHeaders",
            (SecurityHeadersTransform,),
            {"headers": dict(self.tornado_settings.get("headers", {}))},
        )
        settings["transforms"] = [transform]
        lang = self.config.get("VoilaExporter", {}).get("language_code", "nl")
        settings["cocreate_lang"] = lang
        settings["jinja_template_vars"] = {"cocreate_lang": lang}
        settings[PAGE_LIMIT_SETTING] = TokenBucket(self.page_limit, self.limit_window)
        settings[LOGIN_LIMIT_SETTING] = TokenBucket(self.login_limit, self.limit_window)
        settings[TRUSTED_PROXIES_SETTING] = parse_trusted_proxies(self.trusted_proxies)
        if self.room > 0 and hasattr(self.kernel_manager, "fill_if_needed"):
            cap_refills_to_room(self.kernel_manager, self.room)
        return settings

    def init_handlers(self) -> list[Any]:  # type: ignore[override]
        """Voila's routes with our page, shutdown, health and (participants) 404 handlers."""
        handlers: list[Any] = [(url_path_join(self.base_url, HEALTH_PATH), HealthHandler)]
        for rule in super().init_handlers():
            pattern, handler, *rest = rule
            if handler is VoilaShutdownKernelHandler:
                handlers.append((pattern, ShutdownKernelHandler, *rest))
            elif handler is TemplateStaticFileHandler:
                handlers.append((pattern, TemplateFilesHandler, *rest))
            elif handler is TornadoVoilaHandler:
                if self.notebook_path and pattern.endswith("/(.*)"):
                    # single-notebook mode: only the root renders the app
                    handlers.append((pattern[: -len("(.*)")], PageHandler, *rest))
                else:
                    handlers.append((pattern, PageHandler, *rest))
            else:
                if not pattern.startswith(self.server_url):
                    # the identity provider's /login and /logout come without the base URL
                    rule = (url_path_join(self.server_url, pattern), handler, *rest)
                handlers.append(rule)
        if self.notebook_path:
            handlers.append((r"/(.*)", NotFoundHandler))
        return handlers

    def listen(self) -> None:
        """Listen with TLS when a certificate is given; start the culler."""
        if self.certfile:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(self.certfile, self.keyfile or None)
            self.app.listen = partial(self.app.listen, ssl_options=context)  # type: ignore[method-assign]
        if self.cull_disconnected_after > 0:
            self._disconnected_since: dict[str, float] = {}
            tornado.ioloop.PeriodicCallback(
                self._cull_disconnected, self.cull_check_interval * 1000
            ).start()
        super().listen()

    def _pooled_kernel_ids(self) -> set[str]:
        """Kernels waiting in the pool (never culled: nobody has connected yet)."""
        ids: set[str] = set()
        for pool in getattr(self.kernel_manager, "_pools", {}).values():
            for task in pool:
                try:
                    if task.done() and not task.exception():
                        ids.add(task.result()["kernel_id"])
                except Exception:  # noqa: BLE001 - a failed pool task holds no kernel
                    continue
        return ids

    async def _cull_disconnected(self) -> None:
        """End kernels that have had no websocket connection for the grace period."""
        km = self.kernel_manager
        now = time.monotonic()
        pooled = self._pooled_kernel_ids()
        connections = getattr(km, "_kernel_connections", {})
        alive = set(km.list_kernel_ids())
        for kernel_id in list(self._disconnected_since):
            if kernel_id not in alive:
                del self._disconnected_since[kernel_id]
        for kernel_id in alive:
            if kernel_id in pooled or connections.get(kernel_id, 0) > 0:
                self._disconnected_since.pop(kernel_id, None)
                continue
            since = self._disconnected_since.setdefault(kernel_id, now)
            if now - since >= self.cull_disconnected_after:
                self.log.info("Culling kernel %s: no connection for %.0f s", kernel_id, now - since)
                self._disconnected_since.pop(kernel_id, None)
                try:
                    await ensure_async(km.shutdown_kernel(kernel_id))
                except Exception:  # noqa: BLE001 - it may have ended meanwhile
                    self.log.debug("kernel %s already gone", kernel_id)


def main(argv: list[str] | None = None) -> None:
    """Start one server (the runner calls this through ``python -m``)."""
    CocreateVoila.launch_instance(argv)


if __name__ == "__main__":
    main()
