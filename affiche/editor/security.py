"""Who may use the editor: the rules every request passes, as plain functions.

The editor writes the project's files, so a web page open in the same browser must not be able to
drive it. Three rules, after Jupyter's: the address it prints carries a one-time token, exchanged on
the first visit for a cookie that scripts cannot read and other sites cannot send (HttpOnly,
SameSite=Strict); the Host header must name the editor by address (an IP literal or localhost) and
port, so a DNS name rebound to 127.0.0.1 reaches nothing; and a change is a POST that carries the
form's CSRF token and comes from the editor's own origin.
"""
from __future__ import annotations

import ipaddress
import secrets
from dataclasses import dataclass, field
from urllib.parse import urlsplit

COOKIE = "affiche-editor"
TOKEN_BYTES = 32


@dataclass
class Keys:
    """The secrets of one editor run: the printed token until it is spent, the cookie's, the forms'."""

    token: str | None = field(default_factory=lambda: secrets.token_urlsafe(TOKEN_BYTES))
    session: str = field(default_factory=lambda: secrets.token_urlsafe(TOKEN_BYTES))
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(TOKEN_BYTES))

    def exchange(self, token: str | None) -> bool:
        """Whether `token` is the printed one, which is then spent: the cookie stands for it."""
        if self.token is None or token is None or not secrets.compare_digest(token, self.token):
            return False
        self.token = None
        return True

    def signed_in(self, cookie: str | None) -> bool:
        return cookie is not None and secrets.compare_digest(cookie, self.session)

    def csrf_matches(self, sent: str | None) -> bool:
        return sent is not None and secrets.compare_digest(sent, self.csrf)


def host_allowed(host: str, port: int) -> bool:
    """A Host header naming the editor: localhost or an IP address, and the port it listens on."""
    try:
        parts = urlsplit(f"//{host}")
        given_port = parts.port or 80
    except ValueError:  # not a port at all
        return False
    if parts.username is not None or given_port != port or parts.hostname is None:
        return False
    return parts.hostname == "localhost" or is_ip_address(parts.hostname)


def is_ip_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def same_origin(origin: str | None, referer: str | None, host: str) -> bool:
    """Whether a POST comes from a page of this editor: its Origin, or failing that its Referer."""
    expected = f"http://{host}".lower()
    if origin:
        return origin.lower() == expected
    if referer:
        parts = urlsplit(referer)
        return f"{parts.scheme}://{parts.netloc}".lower() == expected
    return False
