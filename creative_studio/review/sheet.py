"""The sign-off sheet: a PDF people can read, sign and file.

A cover page (campaign, client, flight, the campaign file's hash, the reviewers, a summary of
counts and how to verify a file), then one row per message x format (thumbnail, format and pixel
size, verdict, reviewer and time, note, the export hash and check findings), grouped by message
with the header repeated on every page, and a signature block at the end.

The hash printed for each render is the sha256 of the bytes export writes at full size (the
same function export uses); the thumbnail is a small render of the same design. Text is real
PDF text (Helvetica, with the bundled Noto Sans for characters outside Latin-1), so it can be
searched and copied.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import escape

from ..base import resources
from ..model.types import Campaign
from .sheet_rows import (
    PROOF_LABEL,
    STATE_COLOUR,
    STATE_HELP,
    STATE_LABEL,
    SheetRow,
    SheetStats,
    _file_sha,
    _fmt_at,
    _fmt_flight,
    _thumbnails,
    sheet_rows,
)
from .state import CellInfo, counts, current_infos
from .store import ReviewLog, language_key, load_reviews_with_sha
from .trust import history_summary

_NOTO = resources.font("noto/NotoSans-Bold.ttf")


def build_sheet(
    campaign: Campaign,
    output: str | Path,
    log: ReviewLog | None = None,
    infos: dict[tuple[str, str], CellInfo] | None = None,
    jobs: int | None = None,
    progress: Callable[[str], None] | None = None,
    language: str | None = None,
) -> SheetStats:
    """Write the sign-off sheet PDF (atomically).

    With `language`, the sheet of that language only. Without it, a multilingual campaign gets
    one sheet grouped by language (a section per language with its own heading, counts per
    language on the cover); a one-language campaign the sheet it always had. `infos` (current
    hashes and checks) are for the one language shown; when several are, they are computed.
    """
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_LEFT
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas as rl_canvas
    from reportlab.platypus import (
        CondPageBreak,
        Image,
        KeepTogether,
        PageBreak,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    from ..base.atomic import write_bytes_atomic

    output = Path(output)
    if log is None:
        log, review_sha = load_reviews_with_sha(campaign)
    else:
        review_sha = _file_sha(log.path)
    langs = [campaign.language(language)] if language or not campaign.multilingual else list(campaign.languages)
    grouped = len(langs) > 1
    by_lang: dict[str, list[SheetRow]] = {}
    for lang in langs:
        lang_infos = infos if infos is not None and not grouped else None
        if lang_infos is None:
            if progress:
                progress(f"hashing the full-size exports ({lang})")
            lang_infos = current_infos(campaign, jobs=jobs, need_checks=True, language=lang)
        by_lang[lang] = sheet_rows(campaign, log, lang_infos, language_key(campaign, lang))
    rows = [r for lang in langs for r in by_lang[lang]]
    cnt = counts(r.state for r in rows)
    lang_cnt = {lang: counts(r.state for r in by_lang[lang]) for lang in langs}
    generated = datetime.now(UTC).strftime("%-d %B %Y, %H:%M UTC")

    uni = "Helvetica"
    if _NOTO.exists():
        try:
            if "CS-NotoSans-Bold" not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont("CS-NotoSans-Bold", str(_NOTO)))
            uni = "CS-NotoSans-Bold"
        except Exception:  # noqa: BLE001 - the sheet still works with Helvetica alone
            uni = "Helvetica"

    def t(text: str) -> str:
        """Escape for Paragraph markup; runs outside Latin-1 in the bundled Noto Sans."""
        out: list[str] = []
        run: list[str] = []
        run_uni = False

        def flush() -> None:
            if run:
                s = escape("".join(run))
                out.append(f'<font name="{uni}">{s}</font>' if run_uni else s)
                run.clear()

        for ch in text:
            u = ord(ch) > 0xFF
            if u != run_uni:
                flush()
                run_uni = u
            run.append(ch)
        flush()
        return "".join(out).replace("\n", "<br/>")

    ink = colors.HexColor("#1A1F29")
    muted = colors.HexColor("#5F6B7A")
    rule = colors.HexColor("#C9CED6")
    band = colors.HexColor("#0E1A2B")
    ss = {
        "title": ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=24, leading=29, textColor=ink),
        "h2": ParagraphStyle(
            "h2", fontName="Helvetica-Bold", fontSize=13, leading=17, textColor=ink, spaceBefore=10, spaceAfter=5
        ),
        "body": ParagraphStyle("body", fontName="Helvetica", fontSize=9.5, leading=12.5, textColor=ink),
        "small": ParagraphStyle("small", fontName="Helvetica", fontSize=8, leading=10, textColor=ink),
        "muted": ParagraphStyle("muted", fontName="Helvetica", fontSize=7.5, leading=9.5, textColor=muted),
        "mono": ParagraphStyle("mono", fontName="Courier", fontSize=8, leading=10, textColor=ink),
        "head": ParagraphStyle("head", fontName="Helvetica-Bold", fontSize=8, leading=10, textColor=colors.white),
        "msg": ParagraphStyle("msg", fontName="Helvetica-Bold", fontSize=9.5, leading=12, textColor=ink),
        "label": ParagraphStyle("label", fontName="Helvetica-Bold", fontSize=8, leading=10, textColor=muted),
    }
    for s in ss.values():
        s.alignment = TA_LEFT

    def verdict(state: str, style: str = "small") -> Paragraph:
        return Paragraph(
            f'<font name="Helvetica-Bold" color="{STATE_COLOUR[state]}">{STATE_LABEL[state]}</font>', ss[style]
        )

    page_w, page_h = landscape(A4)
    margin = 14 * mm
    header_title = f"Sign-off sheet \u00b7 {campaign.name} \u00b7 {campaign.client}"

    class NumberedCanvas(rl_canvas.Canvas):
        """Draws 'Page n of N' once the total is known (pages are buffered until save)."""

        def __init__(self, *a, **kw):
            super().__init__(*a, **kw)
            self._states: list[dict] = []

        def showPage(self):  # noqa: N802 - reportlab's name
            self._states.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._states)
            for st in self._states:
                self.__dict__.update(st)
                self._chrome(total)
                super().showPage()
            super().save()

        def _chrome(self, total: int) -> None:
            n = self._pageNumber
            self.saveState()
            self.setFillColor(band)
            self.rect(0, page_h - 9 * mm, page_w, 9 * mm, stroke=0, fill=1)
            self.setFillColor(colors.white)
            self.setFont("Helvetica-Bold", 9)
            self.drawString(
                margin,
                page_h - 6 * mm,
                header_title
                if uni == "Helvetica" or header_title.isascii()
                else header_title.encode("latin-1", "replace").decode("latin-1"),
            )
            self.setFont("Helvetica", 8)
            self.drawRightString(
                page_w - margin, page_h - 6 * mm, f"campaign file sha256 {campaign.sha256[:12] or '-'}"
            )
            self.setFillColor(muted)
            self.setStrokeColor(rule)
            self.line(margin, 10 * mm, page_w - margin, 10 * mm)
            self.drawString(
                margin,
                6 * mm,
                f"Generated {generated} by Creative Studio. Verdicts are bound to "
                "the sha256 of the exact PNG bytes judged.",
            )
            self.drawRightString(page_w - margin, 6 * mm, f"Page {n} of {total}")
            self.restoreState()

    story: list = []

    # -- cover -----------------------------------------------------------------------------------
    lang_title = f" \u00b7 {langs[0]}" if campaign.multilingual and not grouped else ""  # one language only
    story.append(Paragraph("Sign-off sheet" + lang_title, ss["title"]))
    story.append(
        Paragraph(t(campaign.name), ParagraphStyle("sub", parent=ss["h2"], fontSize=15, leading=19, spaceBefore=2))
    )
    all_count = len(rows)
    facts = [
        ("Client", campaign.client),
        ("Campaign id", campaign.id),
        ("Flight", _fmt_flight(campaign.flight_start, campaign.flight_end)),
        ("Campaign file", f"{Path(campaign.path).name if campaign.path else '(unsaved)'}"),
        ("Campaign file sha256", campaign.sha256 or "-"),
        ("Review file", f"{log.path.name} ({len(log.history)} decision{'s' if len(log.history) != 1 else ''})"),
        ("Review file sha256", review_sha or "(no review file yet)"),
        ("Sign-off history", history_summary(campaign, log)),
        *([("Chain head sha256", log.chain.head)] if log.chain.state == "ok" else []),
        *(
            [("Languages", ", ".join(f"{x} (default)" if x == campaign.default_language else x for x in langs))]
            if grouped
            else []
        ),
        (
            "Renders",
            f"{len(campaign.messages)} messages \u00d7 {len(campaign.formats)} formats"
            + (f" \u00d7 {len(langs)} languages" if grouped else "")
            + f" = {all_count}",
        ),
        ("Generated", generated),
    ]
    ft = Table(
        [[Paragraph(k, ss["label"]), Paragraph(t(v), ss["mono"] if "sha256" in k else ss["body"])] for k, v in facts],
        colWidths=[40 * mm, (page_w - 2 * margin) * 0.62 - 42 * mm],
        hAlign="LEFT",
    )
    ft.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )

    # Summary of counts as coloured tiles.
    tiles = []
    for s in ("approved", "pending", "changes-requested", "rejected", "stale"):
        tiles.append(
            [
                Paragraph(
                    f'<font size="20" name="Helvetica-Bold" color="{STATE_COLOUR[s]}">{cnt[s]}</font>', ss["body"]
                ),
                Paragraph(
                    f'<font name="Helvetica-Bold" color="{STATE_COLOUR[s]}">{STATE_LABEL[s]}</font>'
                    f'<br/><font color="#5F6B7A">{STATE_HELP[s]}</font>',
                    ss["small"],
                ),
            ]
        )
    summ = Table(tiles, colWidths=[16 * mm, 70 * mm], hAlign="LEFT")
    summ.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LINEBELOW", (0, 0), (-1, -2), 0.4, rule),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
            ]
        )
    )

    left = [ft, Spacer(1, 6 * mm), Paragraph("Reviewers", ss["h2"])]
    reviewers = log.reviewers
    if reviewers:
        rv = [
            [
                Paragraph("Name", ss["label"]),
                Paragraph("Role", ss["label"]),
                Paragraph("Decisions", ss["label"]),
                Paragraph("Last decision", ss["label"]),
            ]
        ]
        for name, role in reviewers:
            mine = [d for d in log.history if d.by == name and d.role == role]
            unlisted = campaign.has_roster and campaign.reviewer(name) is None
            rv.append(
                [
                    Paragraph(t(name) + (" <b>(not a listed reviewer)</b>" if unlisted else ""), ss["body"]),
                    Paragraph(t(role or "-"), ss["body"]),
                    Paragraph(str(len(mine)), ss["body"]),
                    Paragraph(_fmt_at(mine[-1].at), ss["body"]),
                ]
            )
        rt = Table(rv, colWidths=[50 * mm, 45 * mm, 22 * mm, 45 * mm], hAlign="LEFT")
        rt.setStyle(
            TableStyle(
                [
                    ("LINEBELOW", (0, 0), (-1, 0), 0.6, ink),
                    ("LINEBELOW", (0, 1), (-1, -1), 0.3, rule),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        left.append(rt)
    else:
        left.append(Paragraph("No decisions have been recorded yet.", ss["body"]))
    if campaign.roster:
        wanted = [f"{r.name} ({r.role})" if r.name and r.role else r.name or r.role for r in campaign.roster]
        left.append(Spacer(1, 2 * mm))
        left.append(Paragraph("Sign-off required from: " + t(", ".join(wanted)), ss["muted"]))
    right = [Paragraph("Summary", ss["h2"]), summ]
    if grouped:  # the same counts, language by language
        heads = ("Language", "Approved", "Pending", "Changes", "Rejected", "Stale")
        lrows = [[Paragraph(h, ss["label"]) for h in heads]]
        for lang in langs:
            c = lang_cnt[lang]
            lrows.append(
                [Paragraph(f"<b>{escape(lang)}</b>", ss["small"])]
                + [
                    Paragraph(f'<font color="{STATE_COLOUR[k]}">{c[k]}</font>', ss["small"])
                    for k in ("approved", "pending", "changes-requested", "rejected", "stale")
                ]
            )
        lt = Table(lrows, colWidths=[15 * mm] + [17 * mm] * 5, hAlign="LEFT")
        lt.setStyle(
            TableStyle(
                [
                    ("LINEBELOW", (0, 0), (-1, 0), 0.6, ink),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                ]
            )
        )
        right += [Paragraph("By language", ss["h2"]), lt]
    cover = Table([[left, right]], colWidths=[(page_w - 2 * margin) * 0.62, (page_w - 2 * margin) * 0.38])
    cover.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    story += [Spacer(1, 4 * mm), cover, Spacer(1, 5 * mm)]
    story.append(Paragraph("How to verify a released file", ss["h2"]))
    story.append(
        Paragraph(
            "Every verdict in this sheet is bound to the SHA-256 hash of the exact PNG file that was judged. To prove "
            'that a file which ran is the approved one, compute its hash (for example <font name="Courier">sha256sum '
            "FILE.png</font>) and compare it with the export hash printed against an APPROVED verdict here, with the "
            f'<font name="Courier">sha256</font> recorded in <font name="Courier">{escape(log.path.name)}</font>, '
            'and with the export\'s <font name="Courier">manifest.json</font>. A render marked STALE has changed '
            "since it was judged and is not approved. Hashes are shortened to 12 characters in the table; the review "
            'file holds them in full. <font name="Courier">review verify</font> checks its hash chain and signatures.',
            ss["body"],
        )
    )
    story.append(PageBreak())

    # -- one row per message x format -------------------------------------------------------------
    avail = page_w - 2 * margin
    widths = [40 * mm, 50 * mm, 30 * mm, 42 * mm, 0, 34 * mm, 34 * mm]
    widths[4] = avail - sum(widths)
    head = [
        Paragraph(h, ss["head"]) for h in ("Render", "Format", "Verdict", "Reviewer", "Note", "Export sha256", "Checks")
    ]
    thumb_w, thumb_h = widths[0] - 4 * mm, 20 * mm
    data: list[list] = [head]
    styles: list[tuple] = [
        ("BACKGROUND", (0, 0), (-1, 0), band),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, rule),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    done = 0

    def slogan_in(m, lang: str) -> str:
        if not campaign.multilingual:
            return m.slogan
        from ..model.variants import resolve_copy

        try:
            return resolve_copy(campaign, m.id, campaign.format_ids[0], lang).text("slogan") or m.slogan
        except Exception:  # noqa: BLE001 - the master slogan still labels the group
            return m.slogan

    for lang in langs:
        if grouped:  # the language's own heading, then its messages
            c = lang_cnt[lang]
            default = " (default)" if lang == campaign.default_language else ""
            data.append(
                [
                    Paragraph(
                        f"Language {escape(lang)}{default} \u00b7 {c['approved']} of {len(by_lang[lang])} approved, "
                        f"{c['pending']} pending, {c['stale']} stale",
                        ss["head"],
                    ),
                    *[""] * 6,
                ]
            )
            i = len(data) - 1
            styles += [
                ("SPAN", (0, i), (-1, i)),
                ("BACKGROUND", (0, i), (-1, i), colors.HexColor("#33415C")),
                ("TOPPADDING", (0, i), (-1, i), 6),
                ("BOTTOMPADDING", (0, i), (-1, i), 6),
            ]
        for m in campaign.messages:
            msg_rows = [r for r in by_lang[lang] if r.message == m.id]
            data.append(
                [
                    Paragraph(
                        f'Message <font name="Courier">{escape(m.id)}</font>: \u201c{t(slogan_in(m, lang))}\u201d'
                        f' <font color="#5F6B7A" size="8">(crack stage {m.face.crack_stage})</font>',
                        ss["msg"],
                    ),
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                ]
            )
            i = len(data) - 1
            styles += [
                ("SPAN", (0, i), (-1, i)),
                ("BACKGROUND", (0, i), (-1, i), colors.HexColor("#E9EDF2")),
                ("TOPPADDING", (0, i), (-1, i), 5),
                ("BOTTOMPADDING", (0, i), (-1, i), 5),
            ]
            for r in msg_rows:
                if progress:
                    done += 1
                    progress(f"thumbnail {done}/{len(rows)}")
                thumb: object
                try:
                    png, proof = _thumbnails(campaign, r.message, r.format, lang)
                    reader = ImageReader(io.BytesIO(png))
                    iw, ih = reader.getSize()
                    k = min(thumb_w / iw, thumb_h / ih)
                    thumb = Image(io.BytesIO(png), width=iw * k, height=ih * k)
                    if proof is not None:  # print formats: what the PDF/X will print, beside the screen
                        thumb = [
                            thumb,
                            Paragraph(PROOF_LABEL, ss["muted"]),
                            Image(io.BytesIO(proof), width=iw * k, height=ih * k),
                        ]
                except Exception as exc:  # noqa: BLE001 - a row without a picture beats no sheet
                    thumb = Paragraph(f"(no thumbnail: {escape(str(exc))[:80]})", ss["muted"])
                fmt_cell = [
                    Paragraph(f"<b>{t(r.format_name)}</b>", ss["small"]),
                    Paragraph(f"{r.width} \u00d7 {r.height} px \u00b7 {escape(r.platform)}", ss["small"]),
                    Paragraph(f'<font name="Courier">{escape(r.format)}</font>', ss["muted"]),
                ]
                d = r.decision
                v_cell = [verdict(r.state)]
                if r.state == "stale" and d is not None:
                    v_cell.append(Paragraph(f"was {STATE_LABEL[d.status].lower()}", ss["muted"]))
                if r.decisions > 1:
                    v_cell.append(Paragraph(f"{r.decisions} decisions in history", ss["muted"]))
                who = (
                    [
                        Paragraph(t(d.by), ss["small"]),
                        Paragraph(t(d.role or ""), ss["muted"]),
                        Paragraph(_fmt_at(d.at), ss["muted"]),
                    ]
                    if d
                    else [Paragraph("\u2013", ss["muted"])]
                )
                note = Paragraph(t(d.note) if d and d.note else "", ss["small"])
                hashes = [
                    Paragraph(
                        f'<font name="Courier">{r.info.sha256[:12]}</font>' if r.info.sha256 else "(cannot export)",
                        ss["small"],
                    )
                ]
                if d and r.state == "stale":
                    hashes.append(Paragraph(f'judged <font name="Courier">{d.sha256[:12]}</font>', ss["muted"]))
                if r.info.bytes:
                    hashes.append(Paragraph(f"{r.info.bytes:,} bytes", ss["muted"]))
                if campaign.format(r.format).print_spec is not None:  # the PDF/X the decision binds
                    pdf_sha = dict(d.files).get("pdf", "") if d else ""
                    hashes.append(
                        Paragraph(
                            f'PDF sha256 <font name="Courier">{pdf_sha[:12]}</font>'
                            if pdf_sha
                            else "PDF: not bound by a decision yet",
                            ss["muted"],
                        )
                    )
                info = r.info
                if info.error and not info.sha256:
                    checks = [Paragraph(f'<font color="#B42318">{escape(info.error[:120])}</font>', ss["muted"])]
                else:
                    ec = "#B42318" if info.errors else "#1A1F29"
                    checks = [
                        Paragraph(
                            f'<font color="{ec}">{info.errors} error{"s" if info.errors != 1 else ""}</font>, '
                            f"{info.warnings} warning{'s' if info.warnings != 1 else ''}",
                            ss["small"],
                        )
                    ]
                    if info.rules:
                        checks.append(Paragraph(escape(", ".join(info.rules)), ss["muted"]))
                data.append([thumb, fmt_cell, v_cell, who, note, hashes, checks])
                styles.append(("LEFTPADDING", (0, len(data) - 1), (0, len(data) - 1), 2 * mm))
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle(styles))
    story.append(table)

    # -- signatures -------------------------------------------------------------------------------
    story.append(CondPageBreak(95 * mm))
    story.append(Spacer(1, 6 * mm))
    sig = [
        Paragraph("Approval for release", ss["h2"]),
        Paragraph(
            f"At the time this sheet was generated, {cnt['approved']} of {all_count} renders were approved "
            f"({cnt['pending']} pending, {cnt['changes-requested']} with changes requested, {cnt['rejected']} "
            f"rejected, {cnt['stale']} stale)"
            + (
                " \u2014 "
                + "; ".join(f"{lang}: {lang_cnt[lang]['approved']} of {len(by_lang[lang])}" for lang in langs)
                if grouped
                else ""
            )
            + ". Only renders marked APPROVED, whose file hash matches the "
            "export hash above, are released.",
            ss["body"],
        ),
        Spacer(1, 5 * mm),
    ]
    roles = list(campaign.reviewers) or ["Reviewer", "Reviewer"]
    sig_rows: list[list] = []
    st_style: list[tuple] = [("LEFTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]
    heights = []
    for role in roles:
        r0 = len(sig_rows)
        sig_rows.append(
            [Paragraph(f"Approved for release by<br/><b>{t(role)}</b>", ss["body"]), "", "", "", "", "", ""]
        )
        sig_rows.append(
            [
                "",
                "",
                Paragraph("Name (print)", ss["muted"]),
                "",
                Paragraph("Signature", ss["muted"]),
                "",
                Paragraph("Date", ss["muted"]),
            ]
        )
        heights += [16 * mm, 9 * mm]
        st_style += [
            ("SPAN", (0, r0), (0, r0 + 1)),
            ("VALIGN", (0, r0), (0, r0), "MIDDLE"),
            ("VALIGN", (2, r0 + 1), (-1, r0 + 1), "TOP"),
        ]
        for col in (2, 4, 6):
            st_style.append(("LINEBELOW", (col, r0), (col, r0), 0.8, ink))
    st = Table(
        sig_rows,
        colWidths=[52 * mm, 6 * mm, 70 * mm, 6 * mm, 70 * mm, 6 * mm, 40 * mm],
        rowHeights=heights,
        hAlign="LEFT",
    )
    st.setStyle(TableStyle(st_style))
    sig.append(st)
    story.append(KeepTogether(sig))

    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=landscape(A4),
        leftMargin=margin,
        rightMargin=margin,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=f"Sign-off sheet: {campaign.name}",
        author="Creative Studio",
        subject=f"{campaign.client}; campaign file sha256 {campaign.sha256}",
        creator="Creative Studio",
    )
    doc.build(story, canvasmaker=NumberedCanvas)
    pdf = buf.getvalue()
    write_bytes_atomic(output, pdf)
    return SheetStats(output, doc.page if hasattr(doc, "page") else 0, len(rows), cnt)


__all__ = ["SheetRow", "SheetStats", "build_sheet", "sheet_rows"]
