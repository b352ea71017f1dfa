"""TLS for the hall LAN (wss://): the server's configuration from its certificate files, and
the client's pin of the server certificate's fingerprint.

A client does not trust any certificate authority for the hall server: it compares the
certificate the server shows with the SHA-256 fingerprint in its own config
(``[client] fingerprint``) before it says anything, and refuses any other, with a plain
message. The certificate is the server's own (app.models.server_cert makes it at setup).
"""

from __future__ import annotations

from PySide6.QtCore import QCryptographicHash
from PySide6.QtNetwork import QSsl, QSslCertificate, QSslConfiguration, QSslKey, QSslSocket

from app.errors import error_dict
from app.models.server_cert import CertificateError, ServerIdentity, shown_fingerprint
from app.runtime import qt_refcounts  # noqa: F401  (before any Qt call)

PIN_MISMATCH = "tls_pin_mismatch"
NO_PIN = "tls_no_fingerprint"


def server_configuration(identity: ServerIdentity) -> QSslConfiguration:
    """The server side: its certificate and key, TLS 1.2 or newer, no client certificates."""
    cert = QSslCertificate(identity.cert_file.read_bytes(), QSsl.EncodingFormat.Pem)
    key = QSslKey(identity.key_file.read_bytes(), QSsl.KeyAlgorithm.Ec, QSsl.EncodingFormat.Pem)
    if cert.isNull() or key.isNull():
        raise CertificateError(
            f"无法读取服务器证书 {identity.cert_file} 或私钥 {identity.key_file}",
            f"cannot read the server certificate {identity.cert_file} or its key "
            f"{identity.key_file} (an EC key in PEM is expected)",
        )
    config = QSslConfiguration.defaultConfiguration()
    config.setLocalCertificate(cert)
    config.setPrivateKey(key)
    config.setProtocol(QSsl.SslProtocol.TlsV1_2OrLater)
    config.setPeerVerifyMode(QSslSocket.PeerVerifyMode.VerifyNone)
    return config


def client_configuration() -> QSslConfiguration:
    """The client side: no authority is trusted; the pin is checked on connect instead."""
    config = QSslConfiguration.defaultConfiguration()
    config.setProtocol(QSsl.SslProtocol.TlsV1_2OrLater)
    config.setPeerVerifyMode(QSslSocket.PeerVerifyMode.VerifyNone)
    return config


def certificate_fingerprint(cert: QSslCertificate) -> str:
    """A certificate's SHA-256 fingerprint (64 lower hex digits); "" for none."""
    if cert.isNull():
        return ""
    return bytes(cert.digest(QCryptographicHash.Algorithm.Sha256).toHex().data()).decode()


def pin_refusal(pinned: str, shown: str) -> dict[str, str] | None:
    """None when the server showed the pinned certificate; else the refusal to show."""
    if not pinned:
        return error_dict(
            NO_PIN,
            "本机未配置服务器证书指纹（[client] fingerprint），拒绝连接。请在服务器上运行 "
            "python -m app setup-client 查看并填写",
            "this machine has no server fingerprint ([client] fingerprint) and will not "
            "connect: run python -m app setup-client on the server and copy it",
        )
    if shown != pinned:
        return error_dict(
            PIN_MISMATCH,
            "服务器证书与本机记录的指纹不符，已拒绝连接：可能有人冒充大厅服务器。请联系管理员"
            f"核对。本机记录 {shown_fingerprint(pinned)[:23]}…，"
            f"对方出示 {shown_fingerprint(shown)[:23] or '无'}…",
            "the server's certificate does not match this machine's fingerprint: refused (it "
            "may not be the hall server). Ask the administrator to check. Expected "
            f"{shown_fingerprint(pinned)[:23]}…, got {shown_fingerprint(shown)[:23] or 'none'}…",
        )
    return None
