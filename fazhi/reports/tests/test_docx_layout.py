"""``fazhi report --format docx`` for the demo county writes a document in the GB/T 9704 layout (DOMAIN.md
§10): read back with python-docx, property by property — page, margins, line pitch, fonts and sizes per level
(East Asian font included), first-line indent, page-number fields in odd and even footers, the signature and
its date — and rendered by LibreOffice to a PDF whose pages hold 22 lines of 28 characters, with "— N —" on
the right of odd pages and the left of even ones. The pages are saved as PNG under
test-artifacts/report-pages/ for a person to look at."""

import io
import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn

from fazhi.reports import builder
from fazhi.reports.choices import BlockLevel, ReportPart
from fazhi.reports.exporters import docx as gbt
from fazhi.reports.exporters.pdf import soffice, to_pdf
from fazhi.reports.models import ReportDraft

from .conftest import SEASON

pytestmark = pytest.mark.django_db
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "report-pages"


@pytest.fixture(scope="module")
def written(demo_county, django_db_blocker, tmp_path_factory):
    """The demo county's 2025 report as the CLI writes it (the draft is created from the records on the way)."""
    path = tmp_path_factory.mktemp("report") / "demo-2025.docx"
    out, err = io.StringIO(), io.StringIO()
    with django_db_blocker.unblock(), time_machine.travel(SEASON, tick=False):
        call_command("report", "--org", "demo", "--year", "2025", "--format", "docx", "-o", str(path), stdout=out, stderr=err)
    return {"path": path, "out": out.getvalue(), "err": err.getvalue()}


@pytest.fixture(scope="module")
def doc(written):
    return Document(str(written["path"]))


def rfonts(element):
    """{ascii, hAnsi, eastAsia, cs} of a run's or a style's w:rFonts."""
    rpr = element.find(qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
    return {} if fonts is None else {k: fonts.get(qn(f"w:{k}")) for k in ("ascii", "hAnsi", "eastAsia", "cs")}


def all_four(name):
    return {"ascii": name, "hAnsi": name, "eastAsia": name, "cs": name}


def align(p):
    """A paragraph's alignment, its own or its style's."""
    return p.alignment if p.alignment is not None else p.style.paragraph_format.alignment


def body(doc):
    return [p for p in doc.paragraphs if p.text.strip()]


def test_the_cli_creates_the_draft_from_the_records_and_writes_the_docx(written):
    assert written["path"].stat().st_size > 10_000
    assert "还没有报告草稿，已根据登记记录生成" in written["err"]
    assert "已输出示范县人民政府2025年法治政府建设年度报告（草稿" in written["out"]
    draft = ReportDraft.objects.get(org__code="demo", year=2025)
    assert draft.blocks.count() > 10


def test_the_page_is_a4_with_the_standard_margins_and_22_lines(doc):
    s = doc.sections[0]
    assert round(s.page_width.mm, 1) == 210.0 and round(s.page_height.mm, 1) == 297.0
    assert (round(s.top_margin.mm, 1), round(s.bottom_margin.mm, 1), round(s.left_margin.mm, 1), round(s.right_margin.mm, 1)) == (37, 35, 28, 26)
    text_height = s.page_height.mm - s.top_margin.mm - s.bottom_margin.mm
    text_width = s.page_width.mm - s.left_margin.mm - s.right_margin.mm
    assert (round(text_width), round(text_height)) == (156, 225)  # 版心 156 × 225 mm
    grid = s._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"  # 28.95 pt = 225 mm ÷ 22 lines, in twentieths of a point
    normal = doc.styles["Normal"].paragraph_format
    assert normal.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert abs(normal.line_spacing.pt - 28.95) < 0.01
    assert abs(22 * normal.line_spacing.pt - text_height / 25.4 * 72) < 3  # 22 lines fill the text block
    # 28 characters a line: 16 pt condensed by 0.25 pt → 28 × 15.75 pt ≤ 156 mm
    spacing = doc.styles["Normal"].element.find(qn("w:rPr")).find(qn("w:spacing"))
    assert int(spacing.get(qn("w:val"))) == -5
    assert 28 * (16 - 0.25) <= text_width / 25.4 * 72 < 29 * (16 - 0.25)


def test_the_title_is_2hao_xiaobiaosong_centred(doc):
    title = doc.paragraphs[0]
    assert title.style.name == "公文标题"
    assert align(title) == WD_ALIGN_PARAGRAPH.CENTER
    assert title.text.replace("\n", "") == "示范县人民政府2025年法治政府建设年度报告"
    assert title.text.split("\n") == ["示范县人民政府", "2025年法治政府建设年度报告"]  # 梯形: broken after the unit's name
    for run in title.runs:
        assert run.font.size.pt == 22
        assert rfonts(run._r) == all_four("方正小标宋简体")
    assert rfonts(title.style.element) == all_four("方正小标宋简体")
    assert title.style.paragraph_format.first_line_indent.pt == 0


def test_body_and_headings_use_the_font_of_their_level_in_3hao_with_a_two_character_indent(doc):
    normal = doc.styles["Normal"]
    assert normal.font.size.pt == 16
    assert rfonts(normal.element) == all_four("仿宋_GB2312")
    assert normal.paragraph_format.first_line_indent.pt == 32
    assert normal.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    expected = {"一级标题": "黑体", "二级标题": "楷体_GB2312", "三级标题": "仿宋_GB2312", "四级标题": "仿宋_GB2312", "Normal": "仿宋_GB2312"}
    for name, font in expected.items():
        style = doc.styles[name]
        assert style.font.size.pt == 16, name
        assert rfonts(style.element) == all_four(font), name
        assert style.paragraph_format.first_line_indent.pt == 32, name
        assert not style.font.bold, name
    seen = set()
    for p in body(doc)[1:-2]:  # between the title and the signature
        text = p.text
        if re.match(r"^[一二三四五六七八九十]+、", text):
            level, font = "一级标题", "黑体"
        elif re.match(r"^（[一二三四五六七八九十]+）", text):
            level, font = "二级标题", "楷体_GB2312"
        else:
            level, font = "Normal", "仿宋_GB2312"
        assert p.style.name == level, text[:20]
        seen.add(level)
        for run in p.runs:
            assert rfonts(run._r) == all_four(font), text[:20]
            assert run.font.size.pt == 16
    assert seen == {"一级标题", "二级标题", "Normal"}
    headings = [p.text for p in doc.paragraphs if p.style.name == "一级标题"]
    assert [h[:2] for h in headings] == ["一、", "二、", "三、", "四、", "五、"]  # the five statutory parts, in order
    assert "主要举措和成效" in headings[0] and "不足和原因" in headings[1] and "第一责任人" in headings[2]
    assert "2026年" in headings[3] and "其他需要报告的情况" in headings[4]
    outline = {p.style.name: p.style.element.find(qn("w:pPr")).find(qn("w:outlineLvl")) for p in doc.paragraphs if "标题" in p.style.name and p.style.name != "公文标题"}
    assert outline["一级标题"].get(qn("w:val")) == "0" and outline["二级标题"].get(qn("w:val")) == "1"


def test_all_four_heading_levels_get_their_fonts():
    """A report with every level (the demo has no 1. or （1） headings): 黑体, 楷体, 仿宋, 仿宋."""
    blocks = [
        builder.RenderedBlock(ReportPart.MEASURES, "", level, "", text, [text])
        for level, text in [(BlockLevel.HEADING1, "一、标题"), (BlockLevel.HEADING2, "（一）标题"), (BlockLevel.HEADING3, "1.标题"),
                            (BlockLevel.HEADING4, "（1）标题"), (BlockLevel.PARAGRAPH, "正文。")]
    ]
    report = builder.RenderedReport(None, 2025, "测试报告", "示范市人民政府", "示范县司法局", date(2024, 2, 1),
                                    {"org": "x", "start": "2025-01-01", "end": "2025-12-31"}, blocks, {})
    document = gbt.build(report)
    by_text = {p.text: p for p in document.paragraphs}
    for text, font in [("一、标题", "黑体"), ("（一）标题", "楷体_GB2312"), ("1.标题", "仿宋_GB2312"), ("（1）标题", "仿宋_GB2312"), ("正文。", "仿宋_GB2312")]:
        run = by_text[text].runs[0]
        assert rfonts(run._r) == all_four(font) and run.font.size.pt == 16
        assert by_text[text].style.paragraph_format.first_line_indent.pt == 32
    addressee = by_text["示范市人民政府："]  # 主送机关: flush left, full-width colon
    assert addressee.style.paragraph_format.first_line_indent.pt == 0
    assert align(addressee) == WD_ALIGN_PARAGRAPH.LEFT
    assert "2024年2月1日" in by_text  # no leading zeros


def field_instructions(paragraph):
    return [t.text.strip() for t in paragraph._p.iter(qn("w:instrText"))]


def test_page_numbers_are_page_fields_right_on_odd_pages_and_left_on_even_pages(doc):
    settings = doc.settings.element
    assert settings.find(qn("w:evenAndOddHeaders")) is not None
    assert doc.settings.odd_and_even_pages_header_footer
    s = doc.sections[0]
    odd, even = s.footer, s.even_page_footer
    assert not odd.is_linked_to_previous and not even.is_linked_to_previous
    for footer, expected_align in ((odd, WD_ALIGN_PARAGRAPH.RIGHT), (even, WD_ALIGN_PARAGRAPH.LEFT)):
        p = footer.paragraphs[0]
        assert p.alignment == expected_align
        assert field_instructions(p) == ["PAGE"]
        kinds = [f.get(qn("w:fldCharType")) for f in p._p.iter(qn("w:fldChar"))]
        assert kinds == ["begin", "separate", "end"]
        assert p.text == "— 1 —"  # the field's cached result between two em dashes
        for run in p.runs:
            assert run.font.size.pt == 14  # 4号
            assert rfonts(run._r) == all_four("宋体")
        indent = p.paragraph_format.right_indent if expected_align == WD_ALIGN_PARAGRAPH.RIGHT else p.paragraph_format.left_indent
        assert indent.pt == 14  # one character in
        assert p.style.paragraph_format.first_line_indent.pt == 0


def test_the_signature_and_the_date_sit_four_characters_from_the_right(doc):
    paragraphs = body(doc)
    issuer, day = paragraphs[-2], paragraphs[-1]
    assert issuer.text == "示范县人民政府"
    assert re.fullmatch(r"20\d\d年[1-9]\d?月[1-9]\d?日", day.text)
    assert day.text == "2026年4月1日"  # the county government's default: the publication date
    assert align(issuer) == WD_ALIGN_PARAGRAPH.RIGHT and align(day) == WD_ALIGN_PARAGRAPH.RIGHT
    assert day.paragraph_format.right_indent.pt == 64  # 右空四字
    # the issuer centred over the date: 7 characters over 6 (2026 = two full-width characters)
    assert gbt.text_width(day.text) == 6 and gbt.text_width(issuer.text) == 7
    assert issuer.paragraph_format.right_indent.pt == 64 + (6 - 7) / 2 * 16
    for run in issuer.runs + day.runs:
        assert rfonts(run._r) == all_four("仿宋_GB2312") and run.font.size.pt == 16


def test_the_document_language_is_chinese(doc):
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"
    assert defaults.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert doc.settings.element.find(qn("w:themeFontLang")).get(qn("w:eastAsia")) == "zh-CN"
    assert doc.core_properties.language == "zh-CN"
    assert doc.core_properties.title == "示范县人民政府2025年法治政府建设年度报告"


def test_the_document_text_is_the_rendered_draft(doc):
    draft = ReportDraft.objects.get(org__code="demo", year=2025)
    report = builder.render_draft(draft)
    texts = [p.text for p in body(doc)]
    assert texts[1:-2] == [b.text for b in report.visible_blocks()]
    assert not any("{{" in t or "}}" in t for t in texts)


def test_frozen_without_a_frozen_version_is_a_chinese_error(written, tmp_path):
    with pytest.raises(CommandError, match="尚未定稿"):
        call_command("report", "--org", "demo", "--year", "2025", "--format", "docx", "-o", str(tmp_path / "x.docx"), "--frozen")
    with pytest.raises(CommandError, match="机构代码“nowhere”不存在"):
        call_command("report", "--org", "nowhere", "--year", "2025", "-o", str(tmp_path / "x.docx"))


# ---- LibreOffice ------------------------------------------------------------------------------------------
def _needs(tool):
    if tool is None or not shutil.which(tool):
        if os.environ.get("CI"):
            pytest.fail(f"{tool} is missing (CI is set, so the PDF check must run)", pytrace=False)
        pytest.skip(f"{tool} is not installed")


@pytest.fixture(scope="module")
def pdf(written):
    _needs(soffice())
    _needs("pdftotext")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    data = to_pdf(written["path"].read_bytes())
    path = ARTIFACTS / "demo-2025.pdf"
    path.write_bytes(data)
    for old in ARTIFACTS.glob("demo-2025-*.png"):
        old.unlink()
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "70", "-png", str(path), str(ARTIFACTS / "demo-2025")], check=True)
    return path


def pdftext(path, *args):
    return subprocess.run(["pdftotext", *args, str(path), "-"], check=True, capture_output=True).stdout.decode("utf-8")


def test_libreoffice_renders_a4_pages_with_22_lines_of_28_characters(pdf):
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, check=True).stdout.decode()
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info)
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages >= 3
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, check=True).stdout.decode()
    assert re.search(r"CJK|Song|Hei|Kai|Fang|宋|黑|楷|仿", fonts), fonts  # Chinese glyphs from a CJK font, not boxes
    first = pdftext(pdf, "-f", "1", "-l", "1", "-layout")
    assert "示范县人民政府" in first and "2025" in first and "法治政府建设年度报告" in first
    # A full page (page 2): 22 lines of text besides the page number; a line of Chinese only holds 28 characters.
    lines = [line.strip() for line in pdftext(pdf, "-f", "2", "-l", "2", "-layout").splitlines() if line.strip()]
    text_lines = [line for line in lines if not re.fullmatch(r"—\s*\d+\s*—", line)]
    assert len(text_lines) == 22, text_lines
    chinese_only = [line for line in text_lines if re.fullmatch(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”《》]+", line)]
    assert chinese_only and max(len(line) for line in chinese_only) == 28, chinese_only
    assert all(len(line) <= 28 for line in chinese_only)


def test_page_numbers_alternate_right_and_left_in_the_pdf(pdf):
    html = pdftext(pdf, "-bbox")
    pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', html, re.S)
    assert len(pages) >= 3
    for number, (width, height, content) in enumerate(pages, start=1):
        words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', content)
        block_bottom = float(height) - 35 / 25.4 * 72  # the text block ends 35 mm above the paper's edge
        bottom = [(float(x0), float(x1), w, float(y0)) for x0, y0, x1, _, w in words if float(y0) > block_bottom]
        assert [b[2] for b in bottom] == ["—", str(number), "—"], (number, bottom)
        below = (bottom[0][3] - block_bottom) / 72 * 25.4
        assert 5 <= below <= 9, below  # the number's line about 7 mm below the text block (§7.5)
        left, right = bottom[0][0], bottom[-1][1]
        margin_left, margin_right = 28 / 25.4 * 72, float(width) - 26 / 25.4 * 72
        if number % 2:  # odd: right, one character (14 pt) in from the text block's edge
            assert left > float(width) / 2 and abs(margin_right - 14 - right) < 4, (number, right)
        else:
            assert right < float(width) / 2 and abs(left - margin_left - 14) < 4, (number, left)


def test_the_pdf_pages_are_saved_for_a_person_to_look_at(pdf):
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm is not installed")
    assert sorted(p.name for p in ARTIFACTS.glob("demo-2025-*.png"))
