"""Word output in the layout of GB/T 9704-2012 《党政机关公文格式》 (DOMAIN.md §10), with python-docx.

=====================  ===========================================================================
page                   A4 210 × 297 mm; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm
                       (text block 156 × 225 mm, §5.2.1)
lines × characters     22 lines of 28 characters (§5.2.3): fixed line spacing 28.95 pt (225 mm ÷ 22)
                       on a line grid (``w:docGrid type=lines linePitch=579``), and characters
                       condensed by 0.25 pt (``w:spacing w:val=-5``): 28 × 15.75 pt fits the 442 pt line
title                  2号 (22 pt) 方正小标宋简体, centred (§7.3.1); a title too long for one line breaks
                       after the issuing unit's name (梯形, short line above the long one)
main recipient         3号 仿宋_GB2312, flush left, ending with a full-width colon
body                   3号 (16 pt) 仿宋_GB2312, first line indented two characters (32 pt), justified,
                       no extra space between Chinese and Western characters
headings               一、 黑体 · （一） 楷体_GB2312 · 1. and （1） 仿宋_GB2312, all 3号 (§7.3.3)
signature and date     the issuer centred over the date; the date 右空四字 (64 pt from the right
                       margin) in the form 2024年2月1日, no leading zeros (§7.3.5)
page numbers           "— 1 —" in 4号 (14 pt) 宋体, a PAGE field; odd pages right, even pages left, one
                       character in (§7.5): ``w:evenAndOddHeaders`` and separate default/even footers
language               zh-CN: East Asian text ``w:lang w:eastAsia=zh-CN`` (docDefaults, ``themeFontLang``),
                       core properties ``zh-CN``; Western runs en-US, as Chinese Word writes it
=====================  ===========================================================================

Every run names its font for ``w:ascii``, ``w:hAnsi``, ``w:eastAsia`` and ``w:cs``, because Word picks the
East Asian font for Chinese characters from ``w:eastAsia`` alone. The font names are the ones Chinese
government offices have installed; elsewhere (LibreOffice on Linux) a CJK font such as Noto CJK stands in
(``fonts.conf`` maps each name to a serif or sans Noto CJK SC face for such previews; see ``pdf.py``).

Why no character grid: Word's 公文 templates use ``w:docGrid type=linesAndChars charSpace=-849`` (a 15.79 pt
cell), and Word squeezes each 16 pt character into one cell; LibreOffice instead gives every character two
cells, i.e. 14 characters a line. The 0.25 pt condensation gives 28 characters a line in Word, WPS and
LibreOffice alike.
"""

import io

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ..choices import BlockLevel

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEITI = "黑体"
KAITI = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"

TITLE_SIZE = Pt(22)  # 2号
BODY_SIZE = Pt(16)  # 3号
PAGE_NUMBER_SIZE = Pt(14)  # 4号
LINE_PITCH = Pt(28.95)  # 225 mm ÷ 22 lines
TITLE_LINE = Pt(36)
CHAR = Pt(16)  # one character of 3号
FIRST_LINE_INDENT = Pt(32)  # 2 characters
DATE_RIGHT_INDENT = Pt(64)  # 右空四字

PAGE = {"width": Mm(210), "height": Mm(297), "top": Mm(37), "bottom": Mm(35), "left": Mm(28), "right": Mm(26)}
# The page number's em-dash line sits 7 mm below the text block (§7.5): the footer's bottom edge is about
# 35 − 7 − 6 (one 4号 line) = 22 mm above the paper's edge.
FOOTER_DISTANCE = Mm(22)
HEADER_DISTANCE = Mm(15)
DOC_GRID = {"type": "lines", "linePitch": str(round(LINE_PITCH.pt * 20))}
# 28 characters in 156 mm (442.2 pt): 15.75 pt a character, i.e. 16 pt condensed by 0.25 pt (w:spacing in 1/20 pt).
CONDENSE = -5
TITLE_WIDTH_CHARS = 442.2 / 22 - 1.5  # characters of 2号 on one line, less a margin for proportional digits

#: level → (style name, font, outline level)
LEVELS = {
    BlockLevel.HEADING1: ("一级标题", HEITI, 0),
    BlockLevel.HEADING2: ("二级标题", KAITI, 1),
    BlockLevel.HEADING3: ("三级标题", BODY_FONT, 2),
    BlockLevel.HEADING4: ("四级标题", BODY_FONT, 3),
    BlockLevel.PARAGRAPH: ("Normal", BODY_FONT, None),
}
#: The order of w:pPr's children (ECMA-376 CT_PPrBase), for inserting one in its place.
PPR_ORDER = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl", "w:numPr",
    "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
    "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
    "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)
#: The order of w:rPr's children (ECMA-376 CT_RPr), likewise.
RPR_ORDER = (
    "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike", "w:dstrike", "w:outline",
    "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid", "w:vanish", "w:webHidden", "w:color", "w:spacing",
    "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText",
    "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath",
)
THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def set_fonts(rpr, name):
    """Name ``name`` as the ascii, hAnsi, East Asian and complex-script font of a run or style (``rpr`` is a
    CT_RPr), dropping theme fonts, which would win over explicit names."""
    rfonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), name)
    for attr in THEME_ATTRS:
        rfonts.attrib.pop(qn(attr), None)


def style_run(run, font, size, bold=False):
    run.font.size = size
    run.font.bold = bold
    set_fonts(run._r.get_or_add_rPr(), font)
    if size == BODY_SIZE:
        condense(run._r.get_or_add_rPr())
    return run


def _child(parent, tag, order):
    """The child ``tag`` of a pPr/rPr, added in its schema position when missing."""
    el = parent.find(qn(tag))
    if el is None:
        el = OxmlElement(tag)
        parent.insert_element_before(el, *order[order.index(tag) + 1 :])
    return el


def ppr_flag(ppr, tag, value):
    """Set an on/off paragraph property (e.g. ``w:snapToGrid``, ``w:autoSpaceDE``)."""
    el = _child(ppr, tag, PPR_ORDER)
    el.set(qn("w:val"), "1" if value else "0")
    return el


def condense(rpr, twentieths=CONDENSE):
    """Character spacing of a run or style in 1/20 pt (negative: condensed)."""
    _child(rpr, "w:spacing", RPR_ORDER).set(qn("w:val"), str(twentieths))


def _paragraph_style(doc, name, font, size, *, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=FIRST_LINE_INDENT, line=LINE_PITCH,
                     outline=None, snap=True):
    styles = doc.styles
    style = styles[name] if name == "Normal" else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if name != "Normal":
        style.base_style = styles["Normal"]
        style.next_paragraph_style = styles["Normal"]
        style.quick_style = True
    style.font.size = size
    style.font.bold = False
    set_fonts(style.element.get_or_add_rPr(), font)
    if size == BODY_SIZE:
        condense(style.element.get_or_add_rPr())
    pf = style.paragraph_format
    pf.alignment = align
    pf.first_line_indent = indent
    pf.left_indent = Pt(0)
    pf.right_indent = Pt(0)
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = line
    pf.widow_control = False
    ppr = style.element.get_or_add_pPr()
    if indent:
        # Word prefers the indent in characters (首行缩进 2 字符) when both are given.
        ppr.get_or_add_ind().set(qn("w:firstLineChars"), str(round(indent.pt / CHAR.pt * 100)))
    if not snap:
        ppr_flag(ppr, "w:snapToGrid", False)
    if name == "Normal":  # no extra space between Chinese characters and digits ("2025年", not "2025 年")
        ppr_flag(ppr, "w:autoSpaceDE", False)
        ppr_flag(ppr, "w:autoSpaceDN", False)
    if outline is not None:
        ppr.get_or_add_outlineLvl().val = outline
    return style


def _defaults(doc):
    """docDefaults: 仿宋_GB2312 3号, zh-CN; no space after paragraphs; the theme's East Asian language zh-CN."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for el in rpr.findall(qn("w:rFonts")):
        for attr in THEME_ATTRS:
            el.attrib.pop(qn(attr), None)
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            el.set(qn(attr), BODY_FONT)
    for tag in ("w:sz", "w:szCs"):
        rpr.find(qn(tag)).set(qn("w:val"), str(round(BODY_SIZE.pt * 2)))
    # East Asian text is zh-CN; Western text (digits, Latin) stays en-US, as Chinese Word writes it: with w:val
    # zh-CN too, LibreOffice breaks lines inside numbers ("1" | "04件").
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    theme_lang = doc.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), "en-US")
        theme_lang.set(qn("w:eastAsia"), "zh-CN")


def _page(doc):
    section = doc.sections[0]
    section.page_width, section.page_height = PAGE["width"], PAGE["height"]
    section.top_margin, section.bottom_margin = PAGE["top"], PAGE["bottom"]
    section.left_margin, section.right_margin = PAGE["left"], PAGE["right"]
    section.header_distance, section.footer_distance = HEADER_DISTANCE, FOOTER_DISTANCE
    section.gutter = Mm(0)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    for attr, value in DOC_GRID.items():
        grid.set(qn(f"w:{attr}"), value)
    return section


def _field(paragraph, instruction, placeholder):
    """A complex field (``w:fldChar`` begin / ``w:instrText`` / separate / result / end) in its own runs."""
    runs = []

    def fld(kind):
        run = paragraph.add_run()
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        run._r.append(el)
        runs.append(run)

    fld("begin")
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    runs.append(run)
    fld("separate")
    runs.append(paragraph.add_run(placeholder))
    fld("end")
    return runs


def title_lines(title, issuer):
    """The title's lines: one if it fits, else broken after the issuing unit's name (GB/T 9704 §7.3.1: 词意完整,
    梯形 — the shorter line above)."""
    if text_width(title) <= TITLE_WIDTH_CHARS or not issuer or not title.startswith(issuer) or title == issuer:
        return [title]
    return [issuer, title[len(issuer):]]


def text_width(text):
    """Width of ``text`` in characters of its size: half-width (ASCII) characters count one half."""
    return sum(0.5 if ord(c) < 0x2E80 else 1 for c in text)


def signature_indents(issuer, date_text):
    """(issuer's right indent, date's right indent): the date 右空四字, the issuer centred over the date."""
    offset = (text_width(date_text) - text_width(issuer)) / 2 * CHAR.pt
    return Pt(max(0.0, DATE_RIGHT_INDENT.pt + offset)), DATE_RIGHT_INDENT


def build(report):
    """The python-docx Document of ``report`` (a builder.RenderedReport)."""
    doc = Document()
    _defaults(doc)
    section = _page(doc)
    styles = doc.styles
    _paragraph_style(doc, "Normal", BODY_FONT, BODY_SIZE)
    _paragraph_style(doc, "公文标题", TITLE_FONT, TITLE_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER, indent=Pt(0), line=TITLE_LINE, snap=False)
    _paragraph_style(doc, "主送机关", BODY_FONT, BODY_SIZE, align=WD_ALIGN_PARAGRAPH.LEFT, indent=Pt(0))
    for name, font, outline in LEVELS.values():
        if name != "Normal":
            _paragraph_style(doc, name, font, BODY_SIZE, outline=outline)
    _paragraph_style(doc, "发文机关署名", BODY_FONT, BODY_SIZE, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=Pt(0))
    _paragraph_style(doc, "成文日期", BODY_FONT, BODY_SIZE, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=Pt(0))
    page_style = _paragraph_style(doc, "页码", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=Pt(0),
                                  line=Pt(18), snap=False)

    def para(text, style_name, font, size):
        p = doc.add_paragraph(style=styles[style_name])
        if text:
            style_run(p.add_run(text), font, size)
        return p

    # python-docx's blank document starts with no paragraph; the title is the first.
    title = para("", "公文标题", TITLE_FONT, TITLE_SIZE)
    for i, line in enumerate(title_lines(report.title, report.issuer)):
        run = style_run(title.add_run(line), TITLE_FONT, TITLE_SIZE)
        if i:
            run._r.insert(run._r.index(run._r.find(qn("w:t"))), OxmlElement("w:br"))
    para("", "Normal", BODY_FONT, BODY_SIZE)  # 标题下空一行
    if report.addressee:
        para(report.addressee + "：", "主送机关", BODY_FONT, BODY_SIZE)
    for block in report.visible_blocks():
        name, font, _ = LEVELS[block.level]
        para(block.text, name, font, BODY_SIZE)
    for _ in range(2):
        para("", "Normal", BODY_FONT, BODY_SIZE)
    date_text = report.date_text()
    issuer_indent, date_indent = signature_indents(report.issuer, date_text)
    para(report.issuer, "发文机关署名", BODY_FONT, BODY_SIZE).paragraph_format.right_indent = issuer_indent
    para(date_text, "成文日期", BODY_FONT, BODY_SIZE).paragraph_format.right_indent = date_indent

    doc.settings.odd_and_even_pages_header_footer = True
    for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]
        p.style = page_style
        _page_number_into(p, align)

    props = doc.core_properties
    props.title = report.title
    props.author = report.issuer
    props.language = "zh-CN"
    props.subject = "法治政府建设年度报告"
    state = f"定稿第{report.frozen.version}版" if report.frozen is not None else "草稿"
    props.keywords = f"{report.year}年度；{state}"
    props.comments = f"SHA-256 {report.frozen.content_hash}" if report.frozen is not None else "草稿：数字为生成时的实时值"
    return doc


def _page_number_into(p, align):
    """"— N —" in 4号 宋体: odd pages right, even pages left, one character in (GB/T 9704 §7.5)."""
    p.alignment = align
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        p.paragraph_format.right_indent = PAGE_NUMBER_SIZE
    else:
        p.paragraph_format.left_indent = PAGE_NUMBER_SIZE
    runs = [p.add_run("— "), *_field(p, "PAGE", "1"), p.add_run(" —")]
    for run in runs:
        style_run(run, PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)


def render(report):
    """The .docx bytes of ``report``."""
    out = io.BytesIO()
    build(report).save(out)
    return out.getvalue()
