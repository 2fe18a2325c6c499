"""The PDF extract, laid out with ReportLab from the signed content alone.

Rendering from the content (not from the entry) means the page shows exactly what was signed.
The text is set in DejaVu Sans shipped in fonts/, so Cyrillic renders on any machine.
"""

import io
from pathlib import Path
from xml.sax.saxutils import escape

from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from . import wording
from .identifiers import grouped
from .qr import QRCode

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT, FONT_BOLD = "DejaVuSans", "DejaVuSans-Bold"
NAVY, GOLD, MUTED, LINE = (colors.HexColor(c) for c in ("#0b2a4a", "#e8c46a", "#5a6470",
                                                         "#d5dbe2"))
STATUS_COLOURS = {  # text, background: the site's status colours
    "registered": ("#1d6b36", "#e6f3ea"),
    "suspended": ("#7a5200", "#fdf3dc"),
    "excluded": ("#9b1c1c", "#fbe9e9"),
}
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 18 * mm
FRAME_PADDING = 6  # ReportLab's frame pads its content; margins are set so text starts at MARGIN
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
QR_SIZE = 36 * mm


def _register_fonts():
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(TTFont(FONT, FONT_DIR / "DejaVuSans.ttf"))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT,
                                  boldItalic=FONT_BOLD)


def _styles():
    base = ParagraphStyle("base", fontName=FONT, fontSize=9.5, leading=13, textColor=colors.black)
    return {
        "base": base,
        "register": ParagraphStyle("register", base, fontName=FONT_BOLD, fontSize=10,
                                   leading=13, textColor=NAVY),
        "countries": ParagraphStyle("countries", base, fontSize=8.5, textColor=MUTED),
        "title": ParagraphStyle("title", base, fontName=FONT_BOLD, fontSize=20, leading=25,
                                textColor=NAVY, spaceBefore=8, spaceAfter=4),
        "issue": ParagraphStyle("issue", base, fontSize=10, leading=14),
        "caption": ParagraphStyle("caption", base, fontSize=7.5, leading=9, alignment=1,
                                  textColor=MUTED),
        "heading": ParagraphStyle("heading", base, fontName=FONT_BOLD, fontSize=11.5,
                                  leading=15, textColor=NAVY, spaceBefore=10, spaceAfter=5),
        "label": ParagraphStyle("label", base, textColor=MUTED),
        "value": ParagraphStyle("value", base),
        "small": ParagraphStyle("small", base, fontSize=8, leading=10.5, textColor=MUTED),
    }


def _table_style(commands):
    # Tables set their own font before each cell, Helvetica unless told: keep to DejaVu.
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), *commands])


def _p(text, style):
    return Paragraph(escape(str(text)), style)


def _header(content, styles):
    extract_id = grouped(content["extract_id"])
    left = [
        _p(_("Unified Register of Microelectronic Products").upper(), styles["register"]),
        _p(_("Republic of Belarus · Russian Federation"), styles["countries"]),
        _p(_("Extract from the register"), styles["title"]),
        Paragraph(_("Extract No. %(id)s") % {"id": f"<b>{escape(extract_id)}</b>"},
                  styles["issue"]),
        _p(_("Issued %(moment)s") % {"moment": wording.instant(content["issued_at"])},
           styles["issue"]),
    ]
    right = [QRCode(content["verification_url"], QR_SIZE),
             _p(_("Scan to verify"), styles["caption"])]
    table = Table([[left, right]], colWidths=[CONTENT_WIDTH - QR_SIZE, QR_SIZE])
    table.setStyle(_table_style([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("LINEBELOW", (0, 0), (-1, 0), 2, GOLD), ("BOTTOMPADDING", (0, 0), (-1, 0), 8),
    ]))
    return table


def _status_box(content, styles):
    status, entry = content["status"], content["entry"]
    ink, paper = STATUS_COLOURS.get(status.get("code"), ("#1a1f26", "#f3f5f8"))
    headline = ParagraphStyle("headline", styles["base"], fontName=FONT_BOLD, fontSize=12,
                              leading=16, textColor=colors.HexColor(ink))
    cell = [_p(_("Status at the moment of issue: %(status)s")
               % {"status": wording.status_label(status.get("code"))}, headline)]
    cell += [_p(sentence, styles["base"]) for sentence in
             wording.status_sentences(status, entry)]
    box = Table([[cell]], colWidths=[CONTENT_WIDTH])
    box.setStyle(_table_style([
        ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(paper)),
        ("LINEBEFORE", (0, 0), (0, -1), 4, colors.HexColor(ink)),
        ("LEFTPADDING", (0, 0), (-1, -1), 10), ("TOPPADDING", (0, 0), (-1, -1), 7),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
    ]))
    return box


def _facts(content, styles):
    rows = [[_p(label, styles["label"]), _p(value, styles["value"])]
            for label, value in wording.fact_rows(content["entry"])]
    table = Table(rows, colWidths=[55 * mm, CONTENT_WIDTH - 55 * mm])
    table.setStyle(_table_style([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, LINE),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]))
    return table


def _verification(content, envelope, styles):
    url = escape(content["verification_url"])
    return [
        _p(_("How to verify this extract"), styles["heading"]),
        Paragraph(_("Scan the QR code or open %(url)s: the register shows whether the extract "
                    "is genuine and what the entry's status is now.")
                  % {"url": f'<a href="{url}" color="#0a58a8">{url}</a>'}, styles["base"]),
        Spacer(1, 4),
        _p(_("This file carries the signed content of the extract (attachment %(content)s) and "
             "its Ed25519 signature (attachment %(signature)s, key %(key)s), so it can also be "
             "verified offline with the register's public keys: %(keys)s.")
           % {"content": "extract.json", "signature": "extract-signature.json",
              "key": envelope["key_id"], "keys": envelope.get("keys_url") or "—"},
           styles["small"]),
    ]


def _footer(extract_id):
    def draw(canvas, document):
        canvas.saveState()
        canvas.setStrokeColor(LINE)
        canvas.line(MARGIN, 14 * mm, PAGE_WIDTH - MARGIN, 14 * mm)
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN, 10 * mm, _(
            "The extract states the register's data at the moment of issue.")
            + " " + _("Extract No. %(id)s") % {"id": grouped(extract_id)})
        canvas.drawRightString(PAGE_WIDTH - MARGIN, 10 * mm,
                               _("Page %(page)s") % {"page": document.page})
        canvas.restoreState()
    return draw


def render(content, envelope):
    """The PDF bytes of an extract (without its embedded payload; see attachments.embed)."""
    _register_fonts()
    with translation.override(content["language"]):
        styles = _styles()
        buffer = io.BytesIO()
        entry = content["entry"]
        document = SimpleDocTemplate(
            buffer, pagesize=A4, leftMargin=MARGIN - FRAME_PADDING,
            rightMargin=MARGIN - FRAME_PADDING, topMargin=15 * mm, bottomMargin=20 * mm,
            lang=content["language"], initialFontName=FONT,
            title=_("Extract from the register: %(number)s")
            % {"number": entry["registry_number"]},
            author=_("Unified Register of Microelectronic Products"),
            subject=_("Extract No. %(id)s") % {"id": grouped(content["extract_id"])},
            keywords=[entry["registry_number"], entry["part_number"], content["extract_id"]],
            creator=_("Unified Register of Microelectronic Products"),
        )
        story = [
            _header(content, styles), Spacer(1, 10),
            _status_box(content, styles),
            _p(_("Entry of the register"), styles["heading"]),
            _facts(content, styles),
            *_verification(content, envelope, styles),
        ]
        footer = _footer(content["extract_id"])
        document.build(story, onFirstPage=footer, onLaterPages=footer)
        return buffer.getvalue()
