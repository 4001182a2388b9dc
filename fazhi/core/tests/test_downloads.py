"""Download file names: a name holding ``/`` (a case number such as 示政复〔2025〕1/2号, a unit's name) is not
cut at the slash; path separators, Windows-reserved and control characters become safe, Chinese stays; and
every download response in the code goes through the one helper, core.downloads.download."""

import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from fazhi.core.downloads import MAX_BYTES, safe_filename

ROOT = Path(__file__).resolve().parents[2]  # fazhi/


def downloaded_name(response):
    """The file name a browser saves ``response`` as (RFC 6266: filename*=utf-8''… or filename="…")."""
    header = response["Content-Disposition"]
    assert header.startswith("attachment")
    m = re.search(r"filename\*=utf-8''(\S+)", header)
    return unquote(m[1]) if m else re.search(r'filename="(.*)"', header)[1]


@pytest.mark.parametrize("name, safe", [
    ("示政复〔2025〕1/2号 复议决定书.docx", "示政复〔2025〕1／2号 复议决定书.docx"),
    ("城关镇\\东城街道司法所.xlsx", "城关镇＼东城街道司法所.xlsx"),
    ('会议纪要："第1次"<草稿>|?*.pdf', "会议纪要：＂第1次＂＜草稿＞｜？＊.pdf"),
    ("第一行\n第二行\t\x00结束.xlsx", "第一行 第二行 结束.xlsx"),
    ("附件\u202excod.exe", "附件 xcod.exe"),  # the right-to-left override cannot disguise the extension
    ("  ..行政复议案件.xlsx. ", "行政复议案件.xlsx"),
    ("", "下载"),
    ("/", "／"),
])
def test_a_name_becomes_a_safe_download_name_and_keeps_its_chinese(name, safe):
    assert safe_filename(name) == safe


def test_a_very_long_name_is_shortened_and_keeps_its_extension():
    name = safe_filename("示范县" * 100 + "/行政复议案件.xlsx")
    assert len(name.encode()) <= MAX_BYTES and name.endswith(".xlsx")
    assert name.startswith("示范县示范县") and len(name) == (MAX_BYTES - len(".xlsx")) // 3 + len(".xlsx")


def test_every_download_response_goes_through_the_one_helper():
    """No FileResponse, filename= or Content-Disposition of its own anywhere else in the code."""
    offenders = []
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts or path == ROOT / "core" / "downloads.py":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if re.search(r"FileResponse\(|[^_]filename=|Content-Disposition", line):
                offenders.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert offenders == []
