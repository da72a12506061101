"""The page of notebooks/import_notice.ipynb: a notice read into draft tasks, shown as a
table with what to check highlighted, written to .xlsx; in Voila, with a file-upload widget,
so that the secretariat can use it without a terminal."""

from __future__ import annotations

import base64
import datetime as dt
import tempfile
from html import escape
from pathlib import Path
from typing import Any

import ipywidgets as w

from ..core.dates import vn_date
from ..core.errors import TrackerError
from ..core.settings import Settings
from ..reports.import_notice import ImportReport, ImportResult, import_notice
from .cli_text import notice_heading
from .exports import cut_warning, tasks_xlsx

ACCEPTED = ".docx,.pdf,.txt,.md"
STYLE = """<style>
.trk-import table{border-collapse:collapse;font-size:13px}
.trk-import th,.trk-import td{border:1px solid #ccc;padding:4px 6px;vertical-align:top}
.trk-import tr.review td{background:#fff3cd}
.trk-import .problems{color:#8a4b00}
</style>"""


def draft_html(report: ImportReport) -> str:
    """The draft as an HTML table (everything escaped), rows with something to check
    highlighted, then the sentences to look at again."""
    notice = report["notice"]
    head = notice_heading(notice)
    parts = [
        STYLE,
        '<div class="trk-import">',
        f"<p>Văn bản {escape(Path(report['source']).name)} {escape(head)}: "
        f'<b data-tasks="{len(report["tasks"])}">{len(report["tasks"])}</b> nhiệm vụ dự thảo'
        + (
            f"; trang đọc bằng OCR: {escape(', '.join(map(str, notice['ocr_pages'])))}"
            if notice["ocr_pages"]
            else ""
        )
        + "</p>",
        "<table><tr><th>Mã</th><th>Đoạn</th><th>Chủ trì</th><th>Phối hợp</th>"
        "<th>Thời hạn</th><th>Nội dung</th><th>Cần rà soát</th></tr>",
    ]
    for task in report["tasks"]:
        review = ' class="review"' if task["problems"] else ""
        deadline = (
            vn_date(dt.date.fromisoformat(task["deadline"]))
            if task["deadline"]
            else task["deadline_text"] or ""
        )
        parts.append(
            f'<tr{review} data-lead="{escape(task["lead"] or "")}">'
            f"<td>{escape(task['id'] or '')}</td><td>{task['paragraph']}</td>"
            f"<td>{escape(task['lead_text'] or '')}</td>"
            f"<td>{escape(', '.join(task['co_text']))}</td><td>{escape(deadline)}</td>"
            f"<td>{escape(task['title'])}</td>"
            f'<td class="problems">{escape("; ".join(task["problems"]))}</td></tr>'
        )
    parts.append("</table>")
    if report["problems"]:
        parts.append("<p>Câu cần xem lại:</p><ul>")
        for problem in report["problems"]:
            where = f"Đoạn {problem['paragraph']}: " if problem["paragraph"] else ""
            said = f" «{problem['text']}»" if problem["text"] else ""
            parts.append(f"<li>{escape(where + problem['message'] + said)}</li>")
        parts.append("</ul>")
    parts.append("</div>")
    return "".join(parts)


class ImportPage:
    """The upload form and its result. `read(path)` does what the button does."""

    def __init__(
        self,
        source: str | None = None,
        meeting: str | None = None,
        assigned_on: str | None = None,
        program: str | None = None,
        out_file: str = "du-thao-nhiem-vu.xlsx",
        settings: Settings | None = None,
    ) -> None:
        self.settings = settings or Settings()
        self.source = source
        self.out_file = Path(out_file)
        self.upload = w.FileUpload(accept=ACCEPTED, multiple=False, description="Chọn văn bản")
        self.meeting = w.Text(value=meeting or "", description="Phiên họp", placeholder="PH03")
        self.assigned_on = w.Text(
            value=assigned_on or "", description="Ngày giao", placeholder="YYYY-MM-DD"
        )
        self.program = w.Text(value=program or "", description="Đề án")
        self.button = w.Button(description="Đọc văn bản", button_style="primary")
        self.message = w.HTML()
        self.table = w.HTML()
        self.download = w.HTML()
        self.button.on_click(lambda _: self._read_upload())
        self.widget = w.VBox(
            [
                w.HTML(
                    "<b>Đọc thông báo kết luận thành dự thảo nhiệm vụ</b> (.docx, .pdf, .txt, "
                    ".md; trang PDF quét được đọc bằng OCR)"
                ),
                w.HBox([self.upload, self.button]),
                w.HBox([self.meeting, self.assigned_on, self.program]),
                self.message,
                self.table,
                self.download,
            ]
        )
        self.result: ImportResult | None = None

    def _read_upload(self) -> None:
        files: Any = self.upload.value
        if not files:
            self.message.value = "<p>Hãy chọn một tệp văn bản trước.</p>"
            return
        item = files[0] if isinstance(files, list | tuple) else next(iter(files.values()))
        name = Path(str(item["name"])).name
        # The server keeps nothing: the notice and its draft live in a temporary folder, and
        # the draft reaches the user through the download link.
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / name
            path.write_bytes(bytes(item["content"]))
            self.read(path, Path(folder) / f"du-thao-{path.stem}.xlsx")

    def read(self, path: str | Path, out: Path | None = None) -> ImportResult | None:
        """Read the notice at `path`, show the draft and write it to `out` (default:
        `out_file`)."""
        out = out or self.out_file
        self.message.value = "<p>Đang đọc văn bản…</p>"
        self.table.value = self.download.value = ""
        try:
            day = dt.date.fromisoformat(self.assigned_on.value) if self.assigned_on.value else None
        except ValueError:
            self.message.value = (
                f"<p>Ngày giao «{escape(self.assigned_on.value)}» không đúng dạng YYYY-MM-DD.</p>"
            )
            return None
        try:
            result = import_notice(
                Path(path),
                self.settings,
                self.source,
                self.meeting.value or None,
                day,
                self.program.value or None,
            )
            cut: list[str] = []
            notes = [(p["paragraph"], p["text"], p["message"]) for p in result.report["problems"]]
            review = [t["problems"] for t in result.report["tasks"]]
            tasks_xlsx(result.assignments, out, cut, review, notes)
        except TrackerError as exc:
            self.message.value = f'<p data-error="1">{escape(exc.message)}</p>'
            return None
        except OSError as exc:
            self.message.value = f'<p data-error="1">Không ghi được tệp: {escape(str(exc))}</p>'
            return None
        self.result = result
        warning = cut_warning(cut)
        self.message.value = f"<p>{escape(warning)}</p>" if warning else ""
        self.table.value = draft_html(result.report)
        data = base64.b64encode(out.read_bytes()).decode()
        self.download.value = (
            f'<a download="{escape(out.name)}" href="data:application/'
            f'vnd.openxmlformats-officedocument.spreadsheetml.sheet;base64,{data}">'
            f"Tải dự thảo ({escape(out.name)})</a>"
        )
        return result
