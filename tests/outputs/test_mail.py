"""`tracker remind`, `explain` and `explanations` against a real SMTP server (aiosmtpd on
loopback): who gets what, never twice, escalation to a letter once, answers, TLS, failures."""

from __future__ import annotations

import asyncio
import datetime as dt
import email
import email.policy
import io
import json
import os
import shutil
import socket
import ssl
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from email.message import EmailMessage
from email.utils import getaddresses
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from conftest import HEADER, run_json, write_xlsx
from decree30_checks import borderless, check_page_and_header, paragraph_texts
from docx import Document

from tracker.core.agencies import COLLECTIVE
from tracker.core.settings import Settings
from tracker.outputs.dashboard.widgets import Dashboard
from tracker.sources.sample import write_sample

Run = Callable[..., subprocess.CompletedProcess[str]]
REFERENCE = "2026-03-16"  # a Monday
SENDER = "to-cong-tac@example.vn"
PDF = bool(shutil.which("chromium") or shutil.which("chromium-browser"))
# The sample's «Đầu mối» tab, written out here as the oracle: agency -> (staff, leaders).
SAMPLE_CONTACTS = {
    "BNV": (["an.nv@example.vn"], ["binh.tt@example.vn"]),
    "BNNMT": (["chau.lm@example.vn"], []),
    "BCA": (["dung.pq@example.vn"], []),
    "BTC": (["ha.ht@example.vn"], []),
    "ha-noi": (["giang.vd@example.vn"], ["huong.dt@example.vn"]),
    "ho-chi-minh": (["khanh.bc@example.vn"], []),
    "hai-phong": (["lan.nt@example.vn"], []),
    "nghe-an": (["minh.dv@example.vn"], []),
    "phu-tho": (["nga.lt@example.vn"], []),
}


# --- a real SMTP server -----------------------------------------------------------------------


class Mailbox:
    """What the server received; `refuse`: addresses it answers 550."""

    def __init__(self) -> None:
        self.received: list[tuple[list[str], EmailMessage]] = []
        self.refuse: set[str] = set()
        self.stall_after: int | None = None  # accept this many messages, then hang
        self.stalled = threading.Event()
        self.port = 0

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address in self.refuse:
            return "550 5.1.1 Hộp thư không tồn tại"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.stall_after is not None and len(self.received) >= self.stall_after:
            self.stalled.set()
            await asyncio.sleep(60)
            return "451 4.3.0 Too late"
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        self.received.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def by_agency(self, sent: list[dict[str, Any]]) -> dict[str, EmailMessage]:
        """The messages received, keyed by the agency of the same Message-ID in a report."""
        ids = {s["message_id"]: s["agency"] for s in sent}
        return {ids[m["Message-ID"]]: m for _, m in self.received}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start(box: Mailbox, **options: Any) -> Controller:
    box.port = _free_port()
    controller = Controller(box, hostname="127.0.0.1", port=box.port, **options)
    controller.start()
    return controller


@pytest.fixture
def smtp() -> Iterator[Mailbox]:
    box = Mailbox()
    controller = _start(box)
    yield box
    controller.stop()


def mail_env(box: Mailbox, tmp_path: Path, **more: str) -> dict[str, str]:
    return {
        "TRACKER_SMTP_HOST": "127.0.0.1",
        "TRACKER_SMTP_PORT": str(box.port),
        "TRACKER_SMTP_SECURITY": "none",
        "TRACKER_MAIL_FROM": SENDER,
        "TRACKER_DATA_DIR": str(tmp_path / "data"),
        "TRACKER_SMTP_TIMEOUT": "10",
        **more,
    }


# --- the sample workbook, its briefs made once ------------------------------------------------


@pytest.fixture(scope="session")
def sample_briefs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, Any]]:
    """The sample, its briefs for the agencies with contacts (PDF where Chromium is), and
    its tasks as `tracker status` computes them."""
    base = tmp_path_factory.mktemp("chase")
    path = write_sample(base / "sample.xlsx", dt.date.fromisoformat(REFERENCE))
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")},
        "XDG_CACHE_HOME": str(base / "cache"),
        "XDG_CONFIG_HOME": str(base / "config"),
        "TRACKER_DATA_DIR": str(base / "data"),
    }
    command = [sys.executable, "-m", "tracker.cli"]
    agencies = [a for code in SAMPLE_CONTACTS for a in ("--agency", code)]
    formats = "html,pdf" if PDF else "html"
    out = ["--out", str(base / "briefs"), "--format", formats, "--quiet"]
    made = subprocess.run(
        [*command, "briefs", str(path), "--as-of", REFERENCE, *agencies, *out],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert made.returncode == 0, made.stderr
    status = subprocess.run(
        [*command, "status", str(path), "--as-of", REFERENCE, "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return path, base / "briefs", json.loads(status.stdout)


def _chased(status: dict[str, Any]) -> dict[str, dict[str, list[str]]]:
    """Agency -> its overdue (most days first) and due-soon task ids, from `tracker status`."""
    found: dict[str, dict[str, list[Any]]] = {}
    for task in status["assignments"]:
        if task["status"] in ("overdue", "due_soon") and task["lead_current"]:
            found.setdefault(task["lead_current"], {"overdue": [], "due_soon": []})
            found[task["lead_current"]][task["status"]].append(task)
    return {
        agency: {
            "overdue": [
                t["id"] for t in sorted(lists["overdue"], key=lambda t: -t["days_overdue"])
            ],
            "due_soon": [t["id"] for t in lists["due_soon"]],
        }
        for agency, lists in found.items()
    }


def _addresses(message: EmailMessage, header: str) -> list[str]:
    return [address for _, address in getaddresses(message.get_all(header, []))]


def _bodies(message: EmailMessage) -> tuple[str, str]:
    plain = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert plain is not None and html is not None
    return plain.get_content(), html.get_content()


def _attachments(message: EmailMessage) -> dict[str, bytes]:
    return {part.get_filename() or "": part.get_content() for part in message.iter_attachments()}


def test_one_message_per_agency_with_contacts_and_none_the_second_time(
    run: Run, smtp: Mailbox, sample_briefs: tuple[Path, Path, dict[str, Any]], tmp_path: Path
) -> None:
    path, briefs, status = sample_briefs
    env = mail_env(smtp, tmp_path)
    chased = _chased(status)
    expected = {a for a in chased if a in SAMPLE_CONTACTS}
    assert len(expected) >= 5  # the sample chases most of its contacts' agencies

    code, report = run_json(
        run, "remind", str(path), "--as-of", REFERENCE, "--send", "--briefs", str(briefs), **env
    )
    assert {s["agency"] for s in report["sent"]} == expected
    assert len(smtp.received) == len(expected)  # exactly one message each
    skipped = {s["agency"]: s["reason"] for s in report["skipped"]}
    assert skipped and set(skipped) == set(chased) - set(SAMPLE_CONTACTS) - set(COLLECTIVE)
    assert all("đầu mối" in reason for reason in skipped.values())
    assert code == 1 and not report["failed"]  # skipped agencies: cron must notice

    messages = smtp.by_agency(report["sent"])
    for sent in report["sent"]:
        agency, message = sent["agency"], messages[sent["agency"]]
        staff, leaders = SAMPLE_CONTACTS[agency]
        assert sent["overdue"] == chased[agency]["overdue"]
        assert sorted(sent["due_soon"]) == sorted(chased[agency]["due_soon"])
        assert _addresses(message, "To") == staff == sent["to"]
        cc = leaders if sent["explanations"] else []
        assert _addresses(message, "Cc") == cc == sent["cc"]
        rcpt = next(r for r, m in smtp.received if m is message)
        assert sorted(rcpt) == sorted(staff + cc)
        assert message["From"] == SENDER
        subject = message["Subject"]
        assert sent["name"] in subject and f"{len(sent['overdue'])} nhiệm vụ quá hạn" in subject
        plain, html = _bodies(message)
        for task in sent["overdue"] + sent["due_soon"]:
            assert task in plain and task in html
        files = _attachments(message)
        brief = f"{agency}.pdf" if PDF else f"{agency}.html"
        assert files[brief] == (briefs / brief).read_bytes()
        letters = [name for name in files if name.endswith(".docx")]
        assert len(letters) == (1 if sent["explanations"] else 0)
    assert any(s["explanations"] for s in report["sent"])  # the sample has long-overdue tasks

    again, second = run_json(
        run, "remind", str(path), "--as-of", REFERENCE, "--send", "--briefs", str(briefs), **env
    )
    assert second["sent"] == [] and {h["agency"] for h in second["held"]} == expected
    assert len(smtp.received) == len(expected)  # nothing more arrived
    assert again == 1  # still the same skipped agencies, and only those
    assert {s["agency"] for s in second["skipped"]} == set(skipped)

    _, listed = run_json(run, "explanations", str(path), "--as-of", REFERENCE, **env)
    asked = {r["task"] for a in listed["agencies"] for r in a["requests"]}
    assert asked == {t for s in report["sent"] for t in s["explanations"]}
    assert listed["counts"] == {"late": 0, "open": len(asked), "answered": 0}


def test_a_dry_run_sends_and_records_nothing(
    run: Run, smtp: Mailbox, sample_briefs: tuple[Path, Path, dict[str, Any]], tmp_path: Path
) -> None:
    path, briefs, _ = sample_briefs
    env = mail_env(smtp, tmp_path)
    result = run("remind", str(path), "--as-of", REFERENCE, "--briefs", str(briefs), **env)
    assert "chạy thử" in result.stdout and "Sẽ gửi Bộ Nội vụ [BNV]: an.nv@example.vn" in (
        result.stdout
    )
    assert smtp.received == [] and not (tmp_path / "data" / "tracker.db").exists()
    _, report = run_json(run, "remind", str(path), "--as-of", REFERENCE, "--send", **env)
    assert report["sent"] and not report["held"]  # the dry run held no one back


def test_one_refused_recipient_leaves_the_others_delivered(
    run: Run, smtp: Mailbox, sample_briefs: tuple[Path, Path, dict[str, Any]], tmp_path: Path
) -> None:
    path, briefs, _ = sample_briefs
    env = mail_env(smtp, tmp_path)
    smtp.refuse = {"giang.vd@example.vn"}  # Hà Nội's only staff contact
    code, report = run_json(
        run, "remind", str(path), "--as-of", REFERENCE, "--send", "--briefs", str(briefs), **env
    )
    assert code == 1
    assert [(f["agency"], "giang.vd@example.vn" in f["error"]) for f in report["failed"]] == [
        ("ha-noi", True)
    ]
    delivered = {s["agency"] for s in report["sent"]}
    assert "ha-noi" not in delivered and len(delivered) == len(smtp.received) >= 4
    # Nothing was recorded for Hà Nội: once the address works, it alone is mailed.
    smtp.refuse = set()
    _, again = run_json(
        run, "remind", str(path), "--as-of", REFERENCE, "--send", "--briefs", str(briefs), **env
    )
    assert [s["agency"] for s in again["sent"]] == ["ha-noi"]
    assert {h["agency"] for h in again["held"]} == delivered


def test_a_server_that_is_down_gives_one_line_and_records_nothing(
    run: Run, smtp: Mailbox, sample_briefs: tuple[Path, Path, dict[str, Any]], tmp_path: Path
) -> None:
    path, briefs, _ = sample_briefs
    down = mail_env(smtp, tmp_path, TRACKER_SMTP_PORT=str(_free_port()), TRACKER_SMTP_RETRIES="1")
    args = ("remind", str(path), "--as-of", REFERENCE, "--send", "--briefs", str(briefs))
    result = run(*args, **down)
    assert result.returncode == 1 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Không kết nối được máy chủ thư 127.0.0.1:" in lines[0]
    assert "đã thử 2 lần; chưa gửi thư nào" in lines[0]
    _, listed = run_json(run, "explanations", str(path), "--as-of", REFERENCE, **down)
    assert listed["agencies"] == []
    _, report = run_json(run, *args, **mail_env(smtp, tmp_path))
    assert report["sent"] and not report["held"]  # the failed run recorded no one


# --- a small workbook: held, new tasks, escalation once, answers ---------------------------------

CONTACTS = [
    ["Cơ quan", "Họ và tên", "Email", "Vai trò"],
    ["Bộ Công an", "Nguyễn Văn A", "a@example.vn", "chuyên viên"],
    ["BCA", "Trần Văn B", "b@example.vn", "lãnh đạo"],
    ["Bộ Tài chính", "Lê Thị C", "c@example.vn", None],
]


def small(tmp_path: Path, explanations: dict[str, str] | None = None) -> Path:
    """As of 16/03/2026: BCA has T1 overdue 5 days, T2 due in 10 days (due soon from 19/03),
    T3 overdue 40 days; BTC has T4 overdue 60 days, BCA co-operating."""
    header = [*HEADER, "Giải trình"]
    rows = [
        ["T1", "Kết nối dữ liệu dân cư", "Bộ Công an", None, "11/03/2026"],
        ["T2", "Cấp căn cước điện tử", "BCA", None, "26/03/2026"],
        ["T3", "Làm sạch dữ liệu cư trú", "Bộ Công an", None, "04/02/2026"],
        ["T4", "Số hóa hồ sơ thuế", "Bộ Tài chính", "Bộ Công an", "15/01/2026"],
    ]
    for row in rows:
        row += [None, None, (explanations or {}).get(row[0])]
    return write_xlsx(tmp_path / "small.xlsx", {"Nhiệm vụ": [header, *rows], "Đầu mối": CONTACTS})


def test_held_new_forced_and_asked_once(run: Run, smtp: Mailbox, tmp_path: Path) -> None:
    path = small(tmp_path)
    env = mail_env(smtp, tmp_path, TRACKER_LETTER_SIGNER="Nguyễn Văn Thư")

    def remind(day: str, *more: str) -> tuple[int, Any]:
        return run_json(run, "remind", str(path), "--as-of", day, "--send", *more, **env)

    code, first = remind(REFERENCE)
    assert code == 0 and not first["skipped"] and not first["failed"]
    sent = {s["agency"]: s for s in first["sent"]}
    assert sent["BCA"]["overdue"] == ["T3", "T1"] and sent["BCA"]["due_soon"] == []
    assert sent["BCA"]["explanations"] == ["T3"] and sent["BTC"]["explanations"] == ["T4"]
    assert sent["BCA"]["to"] == ["a@example.vn"] and sent["BCA"]["cc"] == ["b@example.vn"]
    message = smtp.by_agency(first["sent"])["BCA"]
    plain, html = _bodies(message)
    assert "T4" in plain and "Số hóa hồ sơ thuế" in html  # co-operated, for information
    assert "23/03/2026" in plain  # the answer is due in 5 working days
    files = _attachments(message)
    assert ("BCA.pdf" if PDF else "BCA.html") in files  # the brief, made by remind itself
    assert "giai-trinh-BCA-20260316.docx" in files
    letter = Document(io.BytesIO(files["giai-trinh-BCA-20260316.docx"]))
    assert any(
        "T3: Làm sạch dữ liệu cư trú" in t and "quá hạn 40 ngày" in t
        for t in paragraph_texts(letter)
    )
    assert not any("T1" in t for t in paragraph_texts(letter))

    code, held = remind("2026-03-18")  # nothing new within remind_every_days: held, exit 0
    assert code == 0 and held["sent"] == [] and len(smtp.received) == 2
    assert {h["agency"]: h["until"] for h in held["held"]} == {
        "BCA": "2026-03-23",
        "BTC": "2026-03-23",
    }

    code, new = remind("2026-03-20")  # T2 became due soon: BCA again, BTC still held
    assert code == 0 and [s["agency"] for s in new["sent"]] == ["BCA"]
    assert new["sent"][0]["due_soon"] == ["T2"] and new["sent"][0]["explanations"] == []
    assert new["sent"][0]["cc"] == []  # leaders are copied on escalations only
    assert [h["agency"] for h in new["held"]] == ["BTC"]

    code, forced = remind("2026-03-20", "--force")
    assert sorted(s["agency"] for s in forced["sent"]) == ["BCA", "BTC"]
    assert all(s["explanations"] == [] for s in forced["sent"])  # asked once only
    assert len(smtp.received) == 5

    # Answers: T4 in the sheet's «Giải trình» column (seen by sync), T3 by `tracker explain`.
    _, late = run_json(run, "explanations", str(path), "--as-of", "2026-03-24", **env)
    assert late["counts"] == {"late": 2, "open": 0, "answered": 0}
    small(tmp_path, {"T4": "Chờ hướng dẫn của Bộ Công an về kết nối dữ liệu"})
    synced = run("sync", str(path), "--as-of", "2026-03-19", **env)
    assert synced.returncode == 0, synced.stderr
    explained = run(
        "explain", "T3", str(path), "--answered", "2026-03-20", "--note", "Đang làm sạch", **env
    )
    assert explained.returncode == 0 and "T3" in explained.stdout, explained.stderr
    _, answered = run_json(run, "explanations", str(path), "--as-of", "2026-03-24", **env)
    requests = {r["task"]: r for a in answered["agencies"] for r in a["requests"]}
    assert answered["counts"] == {"late": 0, "open": 0, "answered": 2}
    assert requests["T4"]["answered_on"] == "2026-03-19"
    assert requests["T4"]["note"] == "Chờ hướng dẫn của Bộ Công an về kết nối dữ liệu"
    assert requests["T3"]["answered_on"] == "2026-03-20" and requests["T3"]["note"] == (
        "Đang làm sạch"
    )
    text = run("explanations", str(path), "--as-of", "2026-03-24", **env).stdout
    assert "Bộ Công an [BCA]" in text and "Đã giải trình" in text

    # An answered task is not asked again, even after its answer, while its deadline stands.
    _, later = remind("2026-04-06")
    assert all(s["explanations"] == [] for s in later["sent"])

    # The dashboard's panel and the agency's brief show the requests.
    settings = Settings(data_dir=tmp_path / "data", cache_dir=tmp_path / "cache")
    app = Dashboard(str(path), dt.date(2026, 3, 24), settings=settings)
    panel = app.explanations.value
    assert 'data-total="2"' in panel and '<tr data-task="T3" data-state="answered">' in panel
    assert "Chờ hướng dẫn của Bộ Công an" in panel
    assert app.tabs.titles[-1] == "Giải trình"
    out = tmp_path / "briefs"
    made = run(
        "briefs", str(path), "--as-of", "2026-03-24", "--agency", "BCA", "--out", str(out), **env
    )
    assert made.returncode == 0, made.stderr
    brief = (out / "BCA.html").read_text(encoding="utf-8")
    assert '<table data-section="requests">' in brief and '<tr data-id="T3">' in brief
    assert '<tr data-id="T4">' not in brief.split('data-section="requests"')[1]  # BTC's


def test_the_letter_follows_decree_30(run: Run, smtp: Mailbox, tmp_path: Path) -> None:
    path = small(tmp_path)
    env = mail_env(smtp, tmp_path, TRACKER_LETTER_SIGNER="Nguyễn Văn Thư")
    out = tmp_path / "out"
    result = run("remind", str(path), "--as-of", REFERENCE, "--out", str(out), **env)
    assert result.returncode == 0, result.stderr
    document = Document(str(out / "giai-trinh-BTC-20260316.docx"))
    check_page_and_header(document)
    left = document.tables[0].rows[0].cells[0].paragraphs
    assert left[0].text == "VĂN PHÒNG CHÍNH PHỦ"
    assert any(p.text.replace(" ", "") == "Số:/VPCP-KSTT" for p in left)  # the number: blank
    assert any(p.text == "V/v giải trình việc chậm thực hiện nhiệm vụ" for p in left)
    lines = paragraph_texts(document)
    order = [
        lines.index("Kính gửi: Bộ Tài chính."),
        next(i for i, t in enumerate(lines) if t.startswith("- T4: Số hóa hồ sơ thuế")),
        next(i for i, t in enumerate(lines) if "trước ngày 23 tháng 3 năm 2026" in t),
        lines.index("Trân trọng./."),
    ]
    assert order == sorted(order)
    assert "(thời hạn: 15/01/2026; quá hạn 60 ngày)" in lines[order[1]]
    assert "trong 5 ngày làm việc" in lines[order[2]]
    signature = document.tables[-1]
    assert borderless(signature)
    recipients, signer = signature.rows[0].cells
    assert recipients.paragraphs[0].text == "Nơi nhận:"
    assert recipients.paragraphs[1].text == "- Như trên;"
    assert signer.paragraphs[0].text.startswith("KT. BỘ TRƯỞNG, CHỦ NHIỆM")
    assert signer.paragraphs[-1].text == "Nguyễn Văn Thư"
    assert smtp.received == []  # a dry run writes the letters and sends nothing


def test_a_crash_midway_keeps_the_record_of_what_was_sent(
    run: Run, smtp: Mailbox, tmp_path: Path, env: dict[str, str]
) -> None:
    path = small(tmp_path)
    environ = {**env, **mail_env(smtp, tmp_path)}
    smtp.stall_after = 1  # the first message is accepted, the second hangs: then a kill -9
    command = [sys.executable, "-m", "tracker.cli", "remind", str(path), "--as-of", REFERENCE]
    process = subprocess.Popen(
        [*command, "--send", "--quiet"], env=environ, cwd=tmp_path, stdout=subprocess.DEVNULL
    )
    try:
        assert smtp.stalled.wait(timeout=120)
    finally:
        process.kill()
        process.wait()
    first = _addresses(smtp.received[0][1], "To")
    smtp.stall_after = None
    code, report = run_json(run, "remind", str(path), "--as-of", REFERENCE, "--send", **environ)
    assert code == 0 and len(report["sent"]) == 1 and len(report["held"]) == 1
    assert report["sent"][0]["to"] != first  # the one that was accepted is not sent again
    assert len(smtp.received) == 2


# --- TLS and login -----------------------------------------------------------------------------


def _certificates(folder: Path) -> tuple[Path, Path, Path]:
    """A certificate authority of the test's own and a certificate for 127.0.0.1 it signed:
    (CA certificate, server certificate, server key), PEM files."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.UTC)

    def name(text: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, text)])

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder()
        .subject_name(name("Tracker test CA"))
        .issuer_name(name("Tracker test CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), True
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    server = (
        x509.CertificateBuilder()
        .subject_name(name("127.0.0.1"))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .sign(ca_key, hashes.SHA256())
    )
    paths = folder / "ca.pem", folder / "server.pem", folder / "server-key.pem"
    paths[0].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(server.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return paths


PASSWORD = "mật-khẩu-bí-mật-42"


def _login(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
        b"bot",
        PASSWORD.encode(),
    )
    return AuthResult(success=ok, handled=False)  # not handled: the server answers 535


@pytest.fixture
def tls_smtp(tmp_path: Path) -> Iterator[tuple[Mailbox, Path]]:
    ca, certificate, key = _certificates(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(certificate, key)
    box = Mailbox()
    controller = _start(
        box,
        tls_context=context,
        require_starttls=True,
        authenticator=_login,
        auth_required=True,
    )
    yield box, ca
    controller.stop()


def test_starttls_with_a_private_ca_and_a_login(
    run: Run, tls_smtp: tuple[Mailbox, Path], tmp_path: Path
) -> None:
    box, ca = tls_smtp
    path = small(tmp_path)
    env = mail_env(
        box,
        tmp_path,
        TRACKER_SMTP_SECURITY="starttls",
        TRACKER_SMTP_USER="bot",
        TRACKER_SMTP_PASSWORD=PASSWORD,
        TRACKER_SMTP_RETRIES="0",
    )
    args = ("remind", str(path), "--as-of", REFERENCE, "--send", "--agency", "BTC")

    untrusted = run(*args, **env)  # the CA not given: the certificate cannot be trusted
    assert untrusted.returncode == 1 and "Traceback" not in untrusted.stderr
    assert "kiểm tra smtp_ca_file" in untrusted.stderr and box.received == []

    trusted = {**env, "TRACKER_SMTP_CA_FILE": str(ca)}
    wrong = run(*args, **{**trusted, "TRACKER_SMTP_PASSWORD": "sai-mat-khau-7"})
    assert wrong.returncode == 1 and "từ chối đăng nhập của bot" in wrong.stderr
    assert "sai-mat-khau-7" not in wrong.stderr + wrong.stdout and box.received == []

    code, report = run_json(run, *args, **trusted)
    assert code == 0 and [s["agency"] for s in report["sent"]] == ["BTC"]
    assert len(box.received) == 1 and box.received[0][0] == ["c@example.vn"]
    assert PASSWORD not in json.dumps(report)


# --- contacts ------------------------------------------------------------------------------------


def test_contact_problems_are_numbered_rows_in_check(run: Run, tmp_path: Path) -> None:
    contacts = [
        ["Cơ quan", "Họ và tên", "Email", "Vai trò"],
        ["Bộ Công an", "Nguyễn Văn A", "a@example.vn", None],
        ["Bộ Công an", "Trần Văn B", "b(at)example.vn", None],
        ["Bộ Không Có", "Lê Văn C", "c@example.vn", None],
        ["BCA", "Nguyễn Văn A", "A@example.vn", None],
        ["Bộ Tài nguyên và Môi trường", "Phạm D", "d@example.vn", "Lãnh đạo"],
    ]
    tasks = [
        HEADER,
        ["T1", "Việc", "BCA", None, "01/06/2026"],
        ["T2", "Việc khác", "Bộ Nông nghiệp và Môi trường", None, "01/05/2026"],
    ]
    path = write_xlsx(tmp_path / "c.xlsx", {"Nhiệm vụ": tasks, "Đầu mối": contacts})
    _, report = run_json(run, "check", str(path))
    found = {
        (p["sheet"], p["row"], p["column"]): p["message"]
        for p in report["problems"]
        if p["sheet"] == "Đầu mối"
    }
    assert set(found) == {("Đầu mối", 3, "C"), ("Đầu mối", 4, "A"), ("Đầu mối", 5, "C")}
    assert "b(at)example.vn" in found[("Đầu mối", 3, "C")]
    assert "Bộ Không Có" in found[("Đầu mối", 4, "A")]
    assert "trùng với dòng 2" in found[("Đầu mối", 5, "C")]
    # A contact of the ministry merged in 2025 is its successor's; a leader alone receives.
    _, dry = run_json(run, "remind", str(path), "--as-of", "2026-06-01", "--agency", "BNNMT")
    assert [(s["agency"], s["to"]) for s in dry["sent"]] == [("BNNMT", ["d@example.vn"])]
    assert dry["dry_run"] is True


def test_contacts_once_each_and_a_refused_copy_is_not_recorded(
    run: Run, smtp: Mailbox, tmp_path: Path
) -> None:
    contacts = [
        ["Cơ quan", "Họ và tên", "Email", "Vai trò"],
        ["Bộ Công an", "Nguyễn Văn A", "a@example.vn", None],
        ["BCA", "Trần Văn B", "b@example.vn", "lanh dao"],  # typed without diacritics
        ["Bộ Tài nguyên và Môi trường", "Lê C", "c@example.vn", None],
        ["Bộ Nông nghiệp và Môi trường", "Lê C", "C@example.vn", None],  # the successor
    ]
    tasks = [
        [*HEADER],
        ["T3", "Làm sạch dữ liệu cư trú", "Bộ Công an", None, "04/02/2026"],
        ["T5", "Số hóa bản đồ địa chính", "Bộ Nông nghiệp và Môi trường", None, "11/03/2026"],
    ]
    path = write_xlsx(tmp_path / "c.xlsx", {"Nhiệm vụ": tasks, "Đầu mối": contacts})
    env = mail_env(smtp, tmp_path)
    smtp.refuse = {"b@example.vn"}
    code, report = run_json(run, "remind", str(path), "--as-of", REFERENCE, "--send", **env)
    sent = {s["agency"]: s for s in report["sent"]}
    assert sent["BNNMT"]["to"] == ["c@example.vn"]  # listed twice, mailed once
    assert sent["BCA"]["to"] == ["a@example.vn"] and sent["BCA"]["cc"] == []  # refused copy
    assert [f["agency"] for f in report["failed"]] == ["BCA"] and code == 1
    message = smtp.by_agency(report["sent"])["BCA"]
    assert _addresses(message, "Cc") == ["b@example.vn"]  # the leader was asked to be copied


def test_a_missing_brief_is_said_and_answers_keep_to_their_dates(
    run: Run, smtp: Mailbox, tmp_path: Path
) -> None:
    path = small(tmp_path)
    env = mail_env(smtp, tmp_path)
    empty = tmp_path / "no-briefs"
    empty.mkdir()
    args = ("remind", str(path), "--as-of", REFERENCE, "--send", "--briefs", str(empty))
    code, report = run_json(run, *args, **env)
    assert code == 0 and len(report["sent"]) == 2
    assert len(report["warnings"]) == 2 and all(
        "không kèm bản tin" in w for w in report["warnings"]
    )
    assert all(
        not _attachments(m).keys()
        - {"giai-trinh-BCA-20260316.docx", "giai-trinh-BTC-20260316.docx"}
        for _, m in smtp.received
    )
    early = run("explain", "T3", str(path), "--answered", "2026-03-10", **env)
    assert early.returncode == 2 and "trước ngày đề nghị giải trình 16/03/2026" in early.stderr
    done = run("explain", "T3", str(path), "--answered", "2026-03-20", **env)
    assert done.returncode == 0, done.stderr
    _, before = run_json(run, "explanations", str(path), "--as-of", "2026-03-18", **env)
    states = {
        r["task"]: (r["state"], r["answered_on"]) for a in before["agencies"] for r in a["requests"]
    }
    assert states["T3"] == ("open", None)  # on 18/03 the answer had not come yet
