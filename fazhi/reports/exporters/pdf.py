"""PDF preview of a .docx through LibreOffice (``soffice --headless --convert-to pdf``).

Not one of the report's formats (the .docx is what a unit signs and publishes); it is how the layout is
checked on a server and in the tests. On a machine without the Windows fonts (仿宋_GB2312, 黑体 …),
``fonts.conf`` maps them to Noto CJK SC, so that the preview uses a serif face for 仿宋 and a sans face for 黑体
instead of whatever CJK font LibreOffice finds first."""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

FONTS_CONF = Path(__file__).with_name("fonts.conf")


def soffice():
    """The LibreOffice executable, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(docx_bytes, timeout=120):
    """The PDF bytes of a .docx. Raises RuntimeError when LibreOffice is missing or fails."""
    exe = soffice()
    if exe is None:
        raise RuntimeError("未安装 LibreOffice（soffice），无法生成 PDF。")
    with tempfile.TemporaryDirectory(prefix="fazhi-pdf-") as tmp:
        src = Path(tmp) / "report.docx"
        src.write_bytes(docx_bytes)
        env = dict(os.environ, FONTCONFIG_FILE=str(FONTS_CONF), HOME=tmp)  # a private LibreOffice profile
        run = subprocess.run([exe, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp}/profile",
                              "--convert-to", "pdf", "--outdir", tmp, str(src)],
                             env=env, capture_output=True, timeout=timeout, check=False)
        out = Path(tmp) / "report.pdf"
        if run.returncode != 0 or not out.exists():
            raise RuntimeError(f"LibreOffice 转换失败：{run.stderr.decode('utf-8', 'replace')[-500:]}")
        return out.read_bytes()
