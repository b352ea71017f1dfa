"""Who may call a route of the hall's HTTP service: its token (Authorization: Bearer <token>),
one for the whole route or one per value of a path parameter (a window's token opens that
window's routes only). The comparison takes the same time whatever the token; a route whose
token is not set is closed."""

from __future__ import annotations

import hmac
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from app.net.http_messages import HttpRequest, HttpResponse, json_error

Token = Callable[[], str]  # the route's token, read at each request ("" → closed)


@dataclass(frozen=True)
class TokenPer:
    """A token per value of the path parameter `param` (e.g. per window number), read at each
    request: a request opens the route only with the token of the value in its own path."""

    param: str
    tokens: Callable[[], Mapping[str, str]]


Guard = Token | TokenPer


def bearer_ok(request: HttpRequest, token: str) -> bool:
    """Whether the request carries `token` as its bearer token ("" never matches)."""
    if not token:
        return False
    given = request.headers.get("authorization", "")
    scheme, _, value = given.partition(" ")
    if scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(value.strip().encode(), token.encode())


def refusal(guard: Guard | None, request: HttpRequest) -> HttpResponse | None:
    """None when the request may call the route (its params filled in); else the refusal:
    401 without a valid token, 403 with a valid token of another value of the parameter."""
    if guard is None:
        return None
    if isinstance(guard, TokenPer):
        tokens = guard.tokens()
        value = request.params.get(guard.param, "")
        if bearer_ok(request, tokens.get(value, "")):
            return None
        if any(bearer_ok(request, token) for token in tokens.values()):
            return json_error(
                403,
                "forbidden",
                f"该令牌不能用于 {value}",
                f"this token is not {guard.param} {value}'s",
            )
    elif bearer_ok(request, guard()):
        return None
    return json_error(
        401,
        "bad_token",
        "令牌缺失或无效",
        "missing or wrong token (Authorization: Bearer <token>)",
        ("WWW-Authenticate", 'Bearer realm="hall"'),
    )
