"""The hall server's own TLS certificate: made at setup, pinned by every client.

The server makes a self-signed certificate (ECDSA P-256, valid 20 years) the first time it
starts with TLS on; nobody needs a certificate authority. Its private key and the certificate
are written beside the config file, owner-only (0600; on Windows the per-user config folder's
access list, see the README). Each client holds the certificate's SHA-256 fingerprint in its
config (``[client] fingerprint``) and refuses any server that shows another certificate:
``python -m app setup-client`` prints the fingerprint with the client's token.

Made with ``cryptography`` (a well-kept library that also backs most of Python's TLS tooling):
Qt can load keys and certificates but cannot make them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import re
import socket
import ssl
from dataclasses import dataclass
from pathlib import Path

from app.models.errors import DatabaseError
from app.models.private_files import private_folder, sync_folder, write_private

log = logging.getLogger(__name__)

CERT_FILE_NAME = "hall-cert.pem"
KEY_FILE_NAME = "hall-cert.key"
VALID_YEARS = 20
_HEX = re.compile(r"^[0-9a-f]{64}$")


class CertificateError(DatabaseError):
    code = "tls_certificate"


@dataclass(frozen=True)
class ServerIdentity:
    """The server's certificate and key files, and the certificate's fingerprint."""

    cert_file: Path
    key_file: Path
    fingerprint: str  # SHA-256 of the DER certificate, "AB:CD:…" (what clients pin)


def normal_fingerprint(text: str) -> str:
    """A fingerprint as typed or pasted ("ab:cd…", "AB CD…", "abcd…") in one form: 64 lower
    hex digits; "" when it is not a SHA-256 fingerprint."""
    digits = re.sub(r"[\s:\-]", "", text).lower()
    return digits if _HEX.match(digits) else ""


def shown_fingerprint(digits: str) -> str:
    """64 hex digits as people compare them: "AB:CD:…"."""
    return ":".join(digits[i : i + 2] for i in range(0, len(digits), 2)).upper()


def fingerprint_of(cert_pem: bytes) -> str:
    """The certificate's SHA-256 fingerprint (64 lower hex digits)."""
    try:
        der = ssl.PEM_cert_to_DER_cert(cert_pem.decode("ascii"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise CertificateError(
            "服务器证书文件无效", f"the server's certificate file is not valid: {exc}"
        ) from exc
    return hashlib.sha256(der).hexdigest()


def make_certificate(cert_file: Path, key_file: Path, host: str = "") -> None:
    """Write a new key and self-signed certificate, owner-only; never over existing files."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    for path in (cert_file, key_file):
        if path.exists():
            raise CertificateError(
                f"{path} 已存在，不会覆盖", f"{path} exists already and is not replaced"
            )
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, host or socket.gethostname() or "hall"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "hallqueue hall server"),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365 * VALID_YEARS))
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    private_folder(key_file.parent)
    private_folder(cert_file.parent)
    cert_pem = cert.public_bytes(serialization.Encoding.PEM)
    for path, data in ((key_file, key_pem), (cert_file, cert_pem)):
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        write_private(tmp, data)
        tmp.replace(path)
        sync_folder(path.parent)


def load_identity(cert_file: Path, key_file: Path) -> ServerIdentity:
    """The identity in these files; CertificateError naming what is missing or wrong."""
    for path in (cert_file, key_file):
        if not path.exists():
            raise CertificateError(
                f"找不到服务器证书文件 {path}",
                f"the server's certificate file {path} is missing",
            )
    if os.name == "posix" and key_file.stat().st_mode & 0o077:
        log.warning("the TLS key file %s is readable by others: chmod 600 it", key_file)
    return ServerIdentity(cert_file, key_file, fingerprint_of(cert_file.read_bytes()))


def ensure_identity(cert_file: Path, key_file: Path, host: str = "") -> tuple[ServerIdentity, bool]:
    """The server's identity, made now when there is none yet; returns it and whether it was
    made. A certificate without its key (or the other way round) is an error, not replaced:
    clients pin the old certificate."""
    if not cert_file.exists() and not key_file.exists():
        make_certificate(cert_file, key_file, host)
        identity = load_identity(cert_file, key_file)
        log.warning(
            "created the server's TLS certificate %s (fingerprint %s): give each client this "
            "fingerprint (python -m app setup-client)",
            cert_file,
            shown_fingerprint(identity.fingerprint),
        )
        return identity, True
    return load_identity(cert_file, key_file), False
