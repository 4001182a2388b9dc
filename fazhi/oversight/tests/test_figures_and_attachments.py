"""An entry's figures and attachments, each edited on a page of its own: the figures are saved all or none; an
attachment must be a PDF, Word, Excel, JPG or PNG file of at most 20 MB whose content matches its extension,
or it is refused with a Chinese message and nothing is stored; stored files are reached only through the
scoped download view."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.core.choices import AuditAction
from fazhi.core.models import AuditEvent
from fazhi.oversight.models import MAX_ATTACHMENT_BYTES, LedgerAttachment, LedgerFigure

from .factories import (
    DOC,
    DOCX,
    EXE,
    PDF,
    PNG,
    LedgerEntryFactory,
    LedgerFigureFactory,
    attach,
    figures_data,
    org,
)

BASE = "/oversight/ledger/"


@pytest.fixture
def entry(county):
    return LedgerEntryFactory(org=org("demo-d01"), title="普法宣传总体情况")


def figures(entry):
    return [(f.label, f.value, f.unit, f.approximate) for f in entry.figures.order_by("id")]


# ---------------------------------------------------------------- figures


def test_figures_are_saved_together_audited_and_shown(entry, cast, login):
    client = login(cast["dept1"])
    rows = [{"label": "举办法治讲座", "value": "129", "unit": "场"},
            {"label": "发放普法宣传资料", "value": "35", "unit": "万份", "approximate": True}]
    r = client.post(f"{BASE}{entry.pk}/rows/figures/", figures_data(entry, rows))
    assert r.status_code == 302 and r["Location"] == f"{BASE}{entry.pk}/"
    assert figures(entry) == [("举办法治讲座", Decimal("129"), "场", False), ("发放普法宣传资料", Decimal("35"), "万份", True)]
    event = AuditEvent.objects.get(action=AuditAction.UPDATE)
    assert event.actor == cast["dept1"] and "数据" in event.message
    assert "发放普法宣传资料35万余份" in client.get(f"{BASE}{entry.pk}/").content.decode()


@pytest.mark.parametrize(
    "bad, field, message",
    [
        ({"label": "开展主题活动", "value": "343", "unit": ""}, "unit", "这个字段是必填项。"),
        ({"label": "开展主题活动", "value": "", "unit": "场"}, "value", "这个字段是必填项。"),
        ({"label": "", "value": "343", "unit": "场"}, "label", "这个字段是必填项。"),
        ({"label": "开展主题活动", "value": "三百", "unit": "场"}, "value", "输入一个数字。"),
        ({"label": "开展主题活动", "value": "-1", "unit": "场"}, "value", "数值不能为负数。"),
        ({"label": "举办法治讲座", "value": "3", "unit": "场"}, "label", "“举办法治讲座”已填写过一次。"),
    ],
)
def test_one_bad_figure_row_saves_none_of_the_rows(bad, field, message, entry, cast, login):
    kept = LedgerFigureFactory(entry=entry, label="原有数据", value=7, unit="次")
    rows = [{"label": "举办法治讲座", "value": "129", "unit": "场"}, bad]
    data = figures_data(entry, rows, existing=[(kept, {"value": "8"})])
    r = login(cast["dept1"]).post(f"{BASE}{entry.pk}/rows/figures/", data)
    assert r.status_code == 400
    html = r.content.decode()
    assert "请改正下列标红的内容，未保存任何修改。" in html
    assert message in html
    assert message in r.context["formset"].forms[2].errors[field][0]
    assert figures(entry) == [("原有数据", Decimal("7"), "次", False)]  # not even the change to the kept row
    assert not AuditEvent.objects.filter(action=AuditAction.UPDATE).exists()


def test_a_figure_can_be_deleted_and_another_changed_in_one_save(entry, cast, login):
    a = LedgerFigureFactory(entry=entry, label="甲", value=1, unit="场")
    b = LedgerFigureFactory(entry=entry, label="乙", value=2, unit="场")
    data = figures_data(entry, [], existing=[(a, {"DELETE": "on"}), (b, {"value": "20"})])
    assert login(cast["dept1"]).post(f"{BASE}{entry.pk}/rows/figures/", data).status_code == 302
    assert figures(entry) == [("乙", Decimal("20"), "场", False)]


def test_an_entry_holds_at_most_ten_figures(entry, cast, login):
    rows = [{"label": f"数据{i}", "value": str(i), "unit": "场"} for i in range(11)]
    r = login(cast["dept1"]).post(f"{BASE}{entry.pk}/rows/figures/", figures_data(entry, rows))
    assert r.status_code == 400
    assert "每条台账最多填写10项数据。" in r.content.decode()
    assert not LedgerFigure.objects.exists()


# ---------------------------------------------------------------- attachments


def attachments_data(entry, files, names=None):
    data = {"attachments-TOTAL_FORMS": str(len(files)), "attachments-INITIAL_FORMS": "0",
            "attachments-MIN_NUM_FORMS": "0", "attachments-MAX_NUM_FORMS": "1000"}
    for i, f in enumerate(files):
        data[f"attachments-{i}-file"] = f
        data[f"attachments-{i}-name"] = (names or {}).get(i, "")
        data[f"attachments-{i}-entry"] = entry.pk
    return data


def test_allowed_files_are_stored_privately_and_downloaded_through_the_scoped_view(entry, cast, login, settings):
    client = login(cast["dept1"])
    files = [SimpleUploadedFile("县政府常务会议纪要.pdf", PDF), SimpleUploadedFile("现场照片.PNG", PNG),
             SimpleUploadedFile("实施方案.docx", DOCX), SimpleUploadedFile("旧版通知.doc", DOC)]
    r = client.post(f"{BASE}{entry.pk}/rows/attachments/", attachments_data(entry, files, names={0: "常务会议纪要"}))
    assert r.status_code == 302, r.context and r.context["formset"].errors
    stored = list(entry.attachments.order_by("id"))
    assert [a.name for a in stored] == ["常务会议纪要", "现场照片", "实施方案", "旧版通知"]
    assert [a.size for a in stored] == [len(PDF), len(PNG), len(DOCX), len(DOC)]
    for a in stored:
        assert a.file.name.startswith(f"ledger/demo-d01/{entry.pk}/")
        assert "纪要" not in a.file.name  # a random stored name; the original is kept in ``name``
        assert (Path(settings.MEDIA_ROOT) / a.file.name).exists()
    r = client.get(f"{BASE}{entry.pk}/attachments/{stored[0].pk}/")
    assert r.status_code == 200
    assert b"".join(r.streaming_content) == PDF
    assert r["Content-Type"] == "application/pdf"
    assert "attachment" in r["Content-Disposition"]
    assert "%E5%B8%B8%E5%8A%A1%E4%BC%9A%E8%AE%AE%E7%BA%AA%E8%A6%81.pdf" in r["Content-Disposition"]  # 常务会议纪要.pdf
    assert client.get(f"{BASE}{entry.pk}/attachments/{stored[1].pk}/")["Content-Type"] == "image/png"
    page = client.get(f"{BASE}{entry.pk}/rows/attachments/").content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert f"{BASE}{entry.pk}/attachments/{stored[0].pk}/" in page
    assert "/media/" not in page


def test_downloading_an_attachment_writes_an_audit_event_naming_the_file_and_its_entry(entry, cast, login):
    a = attach(entry, name="会议纪要.pdf", title="常务会议纪要")
    client = login(cast["dept1"])
    assert client.get(f"{BASE}{entry.pk}/attachments/{a.pk}/").status_code == 200
    [event] = AuditEvent.objects.filter(action=AuditAction.DOWNLOAD)
    assert event.actor == cast["dept1"]
    assert (event.object_type, event.object_id, event.object_repr) == ("oversight.LedgerAttachment", str(a.pk), "常务会议纪要")
    assert event.message == "下载工作台账“普法宣传总体情况”的附件“常务会议纪要.pdf”"
    assert event.detail == {"record_type": "oversight.LedgerEntry", "record_id": entry.pk, "record": str(entry)}


def test_a_refused_download_writes_no_event(entry, cast, login):
    a = attach(entry)
    assert login(cast["station1"]).get(f"{BASE}{entry.pk}/attachments/{a.pk}/").status_code == 404  # out of scope
    assert login(cast["dept1"]).get(f"{BASE}{entry.pk}/attachments/{a.pk + 1}/").status_code == 404  # no such file
    assert not AuditEvent.objects.filter(action=AuditAction.DOWNLOAD).exists()


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("程序.exe", EXE, "不支持“.exe”格式的文件，只能上传PDF、Word（doc、docx）、Excel（xls、xlsx）或 JPG、PNG 图片文件。"),
        ("说明.txt", b"hello", "不支持“.txt”格式的文件"),
        ("无扩展名", PDF, "不支持“无扩展名”格式的文件"),
        ("伪装.pdf", EXE, "文件内容与扩展名“.pdf”不符"),
        ("伪装.jpg", PNG, "文件内容与扩展名“.jpg”不符"),
        ("空文件.pdf", b"", "所提交的是空文件。"),
    ],
)
def test_a_file_of_another_type_is_refused_with_a_chinese_message(name, content, message, entry, cast, login, settings):
    good = SimpleUploadedFile("纪要.pdf", PDF)
    r = login(cast["dept1"]).post(f"{BASE}{entry.pk}/rows/attachments/", attachments_data(entry, [good, SimpleUploadedFile(name, content)]))
    assert r.status_code == 400
    assert message in r.content.decode()
    assert "请改正下列标红的内容，未保存任何修改。" in r.content.decode()
    assert not LedgerAttachment.objects.exists()  # not even the good file
    assert not (Path(settings.MEDIA_ROOT) / "ledger").exists()


def test_a_file_over_20_mb_is_refused(entry, cast, login, settings):
    big = SimpleUploadedFile("扫描件.pdf", PDF + b"\x00" * (MAX_ATTACHMENT_BYTES + 1 - len(PDF)))
    r = login(cast["dept1"]).post(f"{BASE}{entry.pk}/rows/attachments/", attachments_data(entry, [big]))
    assert r.status_code == 400
    assert "附件不能超过20MB（该文件为20.0MB），请压缩或拆分后上传。" in r.content.decode()
    assert not LedgerAttachment.objects.exists()


def test_a_file_of_exactly_20_mb_is_accepted(entry, cast, login):
    limit = SimpleUploadedFile("扫描件.pdf", PDF + b"\x00" * (MAX_ATTACHMENT_BYTES - len(PDF)))
    assert login(cast["dept1"]).post(f"{BASE}{entry.pk}/rows/attachments/", attachments_data(entry, [limit])).status_code == 302
    assert entry.attachments.get().size == MAX_ATTACHMENT_BYTES


def test_removing_an_attachment_deletes_its_file(entry, cast, login, settings, django_capture_on_commit_callbacks):
    a = attach(entry)
    path = Path(settings.MEDIA_ROOT) / a.file.name
    data = {"attachments-TOTAL_FORMS": "1", "attachments-INITIAL_FORMS": "1", "attachments-MIN_NUM_FORMS": "0",
            "attachments-MAX_NUM_FORMS": "1000", "attachments-0-id": a.pk, "attachments-0-name": a.name,
            "attachments-0-entry": entry.pk, "attachments-0-DELETE": "on"}
    with django_capture_on_commit_callbacks(execute=True):
        assert login(cast["dept1"]).post(f"{BASE}{entry.pk}/rows/attachments/", data).status_code == 302
    assert not entry.attachments.exists()
    assert not path.exists()


def test_renaming_a_stored_attachment_keeps_its_file(entry, cast, login):
    a = attach(entry, title="旧名称")
    stored = a.file.name
    data = {"attachments-TOTAL_FORMS": "1", "attachments-INITIAL_FORMS": "1", "attachments-MIN_NUM_FORMS": "0",
            "attachments-MAX_NUM_FORMS": "1000", "attachments-0-id": a.pk, "attachments-0-name": "新名称", "attachments-0-entry": entry.pk}
    assert login(cast["dept1"]).post(f"{BASE}{entry.pk}/rows/attachments/", data).status_code == 302
    a.refresh_from_db()
    assert (a.name, a.file.name) == ("新名称", stored)


def test_a_missing_file_is_not_found_rather_than_an_error(entry, cast, login, settings):
    a = attach(entry)
    (Path(settings.MEDIA_ROOT) / a.file.name).unlink()
    assert login(cast["dept1"]).get(f"{BASE}{entry.pk}/attachments/{a.pk}/").status_code == 404


def test_an_attachment_named_with_a_slash_downloads_under_its_whole_name(entry, cast, login):
    from fazhi.core.tests.test_downloads import downloaded_name

    client = login(cast["dept1"])
    files = [SimpleUploadedFile("决定书.pdf", PDF)]
    r = client.post(f"{BASE}{entry.pk}/rows/attachments/", attachments_data(entry, files, names={0: "示政复〔2025〕1/2号 复议决定书"}))
    assert r.status_code == 302, r.context and r.context["formset"].errors
    stored = entry.attachments.get()
    r = client.get(f"{BASE}{entry.pk}/attachments/{stored.pk}/")
    assert r.status_code == 200
    assert downloaded_name(r) == "示政复〔2025〕1／2号 复议决定书.pdf"
