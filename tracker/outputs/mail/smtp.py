"""Sending mail with the standard library's smtplib: bounded timeouts, a few retries when
the server drops the connection, TLS as configured. The password is never printed."""

from __future__ import annotations

import base64
import smtplib
import socket
import ssl
import time
from email.message import EmailMessage
from types import TracebackType

from ...core.errors import TrackerError
from ...core.settings import Settings

DEFAULT_PORTS = {"none": 25, "starttls": 587, "ssl": 465}


class MailUnavailable(TrackerError):
    """The mail server cannot be reached or refuses us (exit 1: nothing was sent)."""

    exit_code = 1


class Refused(Exception):
    """The server refused the message or every recipient (this agency's message only)."""


class Mailer:
    """A connection to the configured server, opened on entering; `send` retries once the
    connection dropped. Raises MailUnavailable when the server cannot be reached."""

    def __init__(self, settings: Settings) -> None:
        if not settings.smtp_host:
            raise MailUnavailable(
                "Chưa cấu hình máy chủ thư: đặt smtp_host (TRACKER_SMTP_HOST) và mail_from"
            )
        if not settings.mail_from:
            raise MailUnavailable("Chưa cấu hình địa chỉ gửi: đặt mail_from (TRACKER_MAIL_FROM)")
        self.settings = settings
        self.port = settings.smtp_port or DEFAULT_PORTS[settings.smtp_security]
        self.where = f"{settings.smtp_host}:{self.port}"
        self.client: smtplib.SMTP | None = None

    def __enter__(self) -> Mailer:
        self.client = self._connect()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.client is not None:
            try:
                self.client.quit()
            except (smtplib.SMTPException, OSError):
                self.client.close()

    def _tls(self) -> ssl.SSLContext:
        cafile = str(self.settings.smtp_ca_file) if self.settings.smtp_ca_file else None
        return ssl.create_default_context(cafile=cafile)

    def _connect(self) -> smtplib.SMTP:
        settings, host = self.settings, self.settings.smtp_host or ""
        attempts = settings.smtp_retries + 1
        for attempt in range(attempts):
            try:
                client: smtplib.SMTP
                if settings.smtp_security == "ssl":
                    client = smtplib.SMTP_SSL(
                        host, self.port, timeout=settings.smtp_timeout, context=self._tls()
                    )
                else:
                    client = smtplib.SMTP(host, self.port, timeout=settings.smtp_timeout)
                    if settings.smtp_security == "starttls":
                        client.starttls(context=self._tls())
                if settings.smtp_user:
                    _login(client, settings.smtp_user, settings.smtp_password or "")
                return client
            except smtplib.SMTPAuthenticationError:
                raise MailUnavailable(
                    f"Máy chủ thư {self.where} từ chối đăng nhập của {settings.smtp_user}"
                ) from None
            except ssl.SSLError as exc:
                raise MailUnavailable(
                    f"Không lập được kết nối bảo mật tới máy chủ thư {self.where} "
                    f"({exc.reason or 'chứng chỉ không hợp lệ'}); kiểm tra smtp_ca_file"
                ) from None
            except (smtplib.SMTPException, OSError) as exc:
                if attempt + 1 == attempts:
                    raise MailUnavailable(
                        f"Không kết nối được máy chủ thư {self.where} ({_reason(exc)}), đã thử "
                        f"{attempts} lần; chưa gửi thư nào"
                    ) from None
                time.sleep(min(2**attempt, 10))
        raise AssertionError("unreachable")

    def send(self, message: EmailMessage) -> dict[str, str]:
        """Send one message; the recipients the server refused (address -> why). Raises
        Refused when nothing was accepted, MailUnavailable when the server is gone."""
        for attempt in range(2):
            assert self.client is not None
            try:
                refused = self.client.send_message(message)
                return {address: _answer(answer) for address, answer in refused.items()}
            except smtplib.SMTPRecipientsRefused as exc:
                refused_all = {a: _answer(r) for a, r in exc.recipients.items()}
                raise Refused(
                    "máy chủ thư từ chối mọi người nhận: "
                    + "; ".join(f"{a} ({why})" for a, why in refused_all.items())
                ) from None
            except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
                raise Refused(f"máy chủ thư từ chối thư ({_reason(exc)})") from None
            except (smtplib.SMTPServerDisconnected, OSError):
                if attempt == 1:
                    raise Refused("mất kết nối tới máy chủ thư khi gửi") from None
                self.client = self._connect()  # dropped between two messages: once more
        raise AssertionError("unreachable")


def _login(client: smtplib.SMTP, user: str, password: str) -> None:
    """Log in; smtplib encodes credentials as ASCII, so others go as AUTH PLAIN in UTF-8
    (RFC 4616)."""
    if (user + password).isascii():
        client.login(user, password)
        return
    client.ehlo_or_helo_if_needed()
    if "plain" not in client.esmtp_features.get("auth", "").lower().split():
        raise smtplib.SMTPAuthenticationError(504, b"AUTH PLAIN not offered")
    token = base64.b64encode(b"\0" + user.encode() + b"\0" + password.encode()).decode()
    code, answer = client.docmd("AUTH", "PLAIN " + token)
    if code != 235:
        raise smtplib.SMTPAuthenticationError(code, answer)


def _answer(answer: tuple[int, bytes]) -> str:
    code, text = answer
    return f"{code} {text.decode('utf-8', 'replace')}"


def _reason(exc: BaseException) -> str:
    if isinstance(exc, ConnectionRefusedError):
        return "máy chủ không nhận kết nối"
    if isinstance(exc, socket.timeout | TimeoutError):
        return "hết thời gian chờ"
    if isinstance(exc, socket.gaierror):
        return "không tìm thấy tên máy chủ"
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error
        said = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
        return f"{exc.smtp_code} {said}"
    return type(exc).__name__
