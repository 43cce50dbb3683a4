"""The facilitators' login inside the server: constant-time checks, failed logins limited.

jupyter_server 2.21 compares tokens with ``==`` (``IdentityProvider.get_user_token`` and
``process_login_form``), lets a token login set a new password that it writes to a config
file, and does not limit failed logins. :class:`CocreateIdentityProvider` and
:class:`LimitedLoginHandler` change that; ``config.voila_config`` selects the provider with
``Voila.identity_provider_class``. Passwords stay jupyter_server's argon2 hashes, checked by
argon2 itself (``passwd_check``).
"""

from __future__ import annotations

import hmac
import inspect
from typing import Any

from jupyter_server.auth.decorator import allow_unauthenticated
from jupyter_server.auth.identity import PasswordIdentityProvider, User
from jupyter_server.auth.security import passwd_check
from traitlets import Bool
from voila.voila_identity_provider import VoilaLoginHandler

from .limits import TokenBucket, client_address, client_key

LOGIN_LIMIT_SETTING = "cocreate_login_limit"
TRUSTED_PROXIES_SETTING = "cocreate_trusted_proxies"


def same_secret(given: str, expected: str) -> bool:
    """Compare a typed credential with the real one in constant time (never empty)."""
    if not given or not expected:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def request_client(handler: Any) -> str:
    """The rate-limit bucket of a request's client (see :mod:`.limits`)."""
    trusted = handler.settings.get(TRUSTED_PROXIES_SETTING, ())
    address = client_address(handler.request.remote_ip, handler.request.headers, trusted)
    return client_key(address)


def login_limit(handler: Any) -> TokenBucket | None:
    """The server's limit on failed logins, if it has one."""
    limit = handler.settings.get(LOGIN_LIMIT_SETTING)
    return limit if isinstance(limit, TokenBucket) and limit.enabled else None


class LimitedLoginHandler(VoilaLoginHandler):
    """The login form, refused with 429 for a client with too many failed logins."""

    @allow_unauthenticated
    def post(self) -> None:
        """Check the typed password or token unless the client has failed too often."""
        limit = login_limit(self)
        client = request_client(self)
        wait = limit.retry_after(client) if limit is not None else 0.0
        if wait > 0:
            self.log.warning("login refused: too many failed attempts from %s", client)
            from .app import send_too_many

            send_too_many(self, wait)
            return
        user = self.identity_provider.process_login_form(self)
        if user is None:
            if limit is not None:
                limit.record(client)
            self.set_status(401)
            self._render(message={"error": "Invalid credentials"})
            return
        self.current_user = user
        self.identity_provider.set_login_cookie(self, user)
        self._redirect_safe(self.get_argument("next", default=self.base_url))


class CocreateIdentityProvider(PasswordIdentityProvider):
    """jupyter_server's password/token login, with constant-time comparisons, counted
    failures and no password change from the login form."""

    allow_password_change = Bool(False, config=True, help="never: the password is set by file")

    def __init__(self, **kwargs: Any) -> None:
        kwargs["login_handler_class"] = LimitedLoginHandler  # Voila passes its own
        super().__init__(**kwargs)

    async def get_user_token(self, handler: Any) -> User | None:
        """The user of a ``?token=`` or ``Authorization: token`` request, compared in
        constant time; a wrong token counts as a failed login, and a client over the limit
        is not checked at all."""
        token = handler.token
        given = self.get_token(handler)
        if not token or not given:
            return None
        limit = login_limit(handler)
        client = request_client(handler)
        if limit is not None and limit.retry_after(client) > 0:
            return None
        if not same_secret(given, token):
            if limit is not None:
                limit.record(client)
            return None
        user = self.get_user_cookie(handler)
        if inspect.isawaitable(user):
            user = await user
        return user or self.generate_anonymous_user(handler)

    def process_login_form(self, handler: Any) -> User | None:
        """The user for a correct password (argon2 check) or token, else None."""
        if not self.auth_enabled:
            return None
        typed = handler.get_argument("password", default="")
        if self.hashed_password and typed and passwd_check(self.hashed_password, typed):
            return self.generate_anonymous_user(handler)
        if self.token and same_secret(typed, self.token):
            return self.generate_anonymous_user(handler)
        return None
