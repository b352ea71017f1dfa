"""Staff passwords: scrypt hashing (standard library; no plain text is ever stored) and the
hall's password policy, the one place both are defined.

The policy (``check_policy``) holds wherever a password is set: an administrator creating a
member of staff or resetting a password (app.models.hall_config), and a member of staff
choosing their own (the forced change at first login, the change_password command). The demo
hall (seed-demo) alone writes hashes of short, known passwords, and says so loudly.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import os
import secrets

from app.errors import HallError

_N, _R, _P = 2**14, 8, 1
MIN_LENGTH = 8
MAX_LENGTH = 128


class WeakPassword(HallError):
    """A new password that the hall's policy refuses; the message says which rule."""

    code = "weak_password"


def check_policy(password: object, staff_no: str) -> str:
    """The password if the policy allows it: 8–128 characters, not only digits, not the
    staff number; raises WeakPassword naming the rule otherwise."""
    if not isinstance(password, str) or len(password) < MIN_LENGTH:
        raise WeakPassword(
            f"密码至少 {MIN_LENGTH} 位", f"the password needs at least {MIN_LENGTH} characters"
        )
    if len(password) > MAX_LENGTH:
        raise WeakPassword(
            f"密码不能超过 {MAX_LENGTH} 位", f"the password is over {MAX_LENGTH} characters"
        )
    if password.isdigit():
        raise WeakPassword(
            "密码不能全是数字，请加入字母或符号",
            "the password must not be digits only: add letters or symbols",
        )
    if password.strip().casefold() == staff_no.strip().casefold():
        raise WeakPassword("密码不能与工号相同", "the password must not be the staff number")
    return password


def hash_password(password: str) -> str:
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    encoded = [base64.b64encode(part).decode() for part in (salt, digest)]
    return "$".join(["scrypt", str(_N), str(_R), str(_P), *encoded])


@functools.cache
def dummy_hash() -> str:
    """A hash of a random password nobody knows, with the same cost as a real one: a login
    for an unknown (or inactive) staff number is checked against it, so that the answer takes
    as long as for a known number with a wrong password."""
    return hash_password(secrets.token_urlsafe(24))


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(
            password.encode(),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected),
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)
