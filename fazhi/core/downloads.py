"""Downloads: every file the platform hands out (exports, import templates, error workbooks, attachments,
reports) is sent by :func:`download`, whose name :func:`safe_filename` makes safe.

Django's ``FileResponse`` keeps only the part of a name after its last ``/`` (``os.path.basename``), so a
name holding a case number such as 示政复〔2025〕1/2号 or a unit's name with a slash came out cut; and a
control character or a Windows-reserved one makes the browser change or refuse the name."""

import os
import re
import unicodedata

from django.http import FileResponse

#: Path separators and the characters Windows does not allow in a file name, replaced by their full-width
#: forms, which read the same: 示政复〔2025〕1/2号 becomes 示政复〔2025〕1／2号.
FULL_WIDTH = str.maketrans({"/": "／", "\\": "＼", ":": "：", "*": "＊", "?": "？", '"': "＂", "<": "＜", ">": "＞", "|": "｜"})
#: Most file systems allow 255 bytes in a name; Chinese takes 3 bytes a character in UTF-8.
MAX_BYTES = 200


def safe_filename(name, default="下载"):
    """``name`` as a download file name: ``/ \\ : * ? " < > |`` in their full-width forms, control and
    invisible format characters (line breaks, the right-to-left override that can disguise an extension …)
    as spaces, runs of spaces as one, no leading or trailing space or dot, at most :data:`MAX_BYTES` bytes
    (the extension kept); Chinese and everything else unchanged. An empty result is ``default``."""
    text = str(name or "").translate(FULL_WIDTH)
    text = "".join(" " if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c for c in text)
    text = re.sub(r"\s+", " ", text).strip(" .")
    if not text:
        return default
    stem, ext = os.path.splitext(text)
    if len(ext) > 10 or not stem:
        stem, ext = text, ""
    stem = stem.encode()[: MAX_BYTES - len(ext.encode())].decode(errors="ignore")  # a character cut in two is dropped
    return (stem.rstrip(" .") + ext) or default


def download(filelike, filename, content_type=None):
    """The response that downloads ``filelike`` (an open file or a BytesIO) as ``filename`` made safe."""
    return FileResponse(filelike, as_attachment=True, filename=safe_filename(filename), content_type=content_type)
