"""Baselines (基期数据): bureau staff enter and edit the figures of years before the records, for the orgs they
can see, with Chinese validation (``Baseline.clean`` and the form), each change audited; others cannot."""

import pytest

from fazhi.core.choices import AuditAction
from fazhi.core.models import AuditEvent, Org
from fazhi.indicators.models import Baseline

URL = "/indicators/baselines/"


def form(org="demo-sfj", **data):
    return {"org": Org.objects.get(code=org).pk, "year": 2022, "key": "reconsideration.received", "value": "88",
            "source": "《示范县司法局2022年工作总结》", "note": "", **data}


def test_section_staff_enter_a_baseline_which_is_audited(demo, client):
    client.force_login(demo["section"])
    r = client.get(URL + "new/", {"org": "demo-sfj", "year": "2022"})
    assert r.status_code == 200 and r.context["form"].initial["year"] == 2022
    choices = dict(c for group in r.context["form"].fields["key"].choices[1:] for c in group[1])
    assert "reconsideration.correction_rate" in choices and "reconsideration.by_act_kind" not in choices
    r = client.post(URL + "new/", form())
    assert r.status_code == 302 and r["Location"] == URL + "?org=demo-sfj&year=2022"
    b = Baseline.objects.get(org__code="demo-sfj", year=2022)
    assert (b.key, int(b.value), b.created_by.username) == ("reconsideration.received", 88, "section")
    event = AuditEvent.objects.filter(action=AuditAction.CREATE).latest("at")
    assert event.object_type == "indicators.Baseline" and event.detail["value"] == "88" and "登记基期数据" in event.message
    listing = client.get(URL, {"org": "demo-sfj"}).content.decode()
    assert "收到行政复议申请" in listing and "《示范县司法局2022年工作总结》" in listing


@pytest.mark.parametrize("data,field,message", [
    ({"value": "88.5"}, "value", "计数指标的数值须为整数。"),
    ({"value": "-1"}, "value", "数值不能为负数。"),
    ({"value": "很多"}, "value", "数值须为数字。"),
    ({"key": "reconsideration.nothing"}, "key", "所选指标未定义，请从列表中选择。"),
    ({"source": ""}, "source", "请填写来源，如《2022年法治政府建设年度报告》。"),
    ({"year": "1900"}, "year", "年度应在1990至2100之间。"),
])
def test_bad_input_is_a_chinese_message_and_nothing_is_written(demo, client, data, field, message):
    client.force_login(demo["section"])
    r = client.post(URL + "new/", form(**data))
    assert r.status_code == 200
    assert message in r.context["form"].errors[field]
    assert message in r.content.decode()
    assert not Baseline.objects.filter(org__code="demo-sfj").exists()


def test_the_same_figure_twice_and_an_org_outside_the_scope_are_refused(demo, client):
    client.force_login(demo["section"])
    client.post(URL + "new/", form())
    r = client.post(URL + "new/", form(value="90"))
    assert r.status_code == 200 and "示范县司法局2022年的“收到行政复议申请”已有基期数据，请修改原有记录。" in r.content.decode()
    r = client.post(URL + "new/", form(org="other"))
    assert "所选单位不存在，或不在您可以查看的范围内。" in r.context["form"].errors["org"]
    assert Baseline.objects.filter(org__code="demo-sfj").count() == 1


def test_edit_and_delete_are_audited(demo, client):
    b = Baseline.objects.get(org__code="demo", year=2022, key="reconsideration.received")
    client.force_login(demo["bureau"])
    r = client.post(URL + f"{b.pk}/edit/", form(org="demo", value="105", source="《示范县2022年法治政府建设年度报告》（更正）"))
    assert r.status_code == 302
    b.refresh_from_db()
    assert int(b.value) == 105 and b.history.count() == 2
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(b.pk)).exists()
    r = client.post(URL + f"{b.pk}/delete/")
    assert r.status_code == 302 and not Baseline.objects.filter(pk=b.pk).exists()
    assert AuditEvent.objects.filter(action=AuditAction.DELETE, object_id=str(b.pk)).exists()


def test_who_may_do_what(demo, client):
    b = Baseline.objects.filter(org__code="demo").first()
    client.force_login(demo["leader"])
    assert client.get(URL).status_code == 200
    assert client.get(URL + "new/").status_code == 403
    assert client.post(URL + f"{b.pk}/edit/", form(org="demo")).status_code == 403
    client.force_login(demo["section"])
    assert client.post(URL + f"{b.pk}/delete/").status_code == 403  # section staff enter and edit, the administrator deletes
    client.force_login(demo["station1"])
    assert client.get(URL).status_code == 403
    client.force_login(demo["outsider"])
    assert client.get(URL).status_code == 403


def test_the_new_baseline_form_sent_twice_saves_once_and_says_so(demo, client):
    """A double click on 保存 (core.submissions): the second post is not the error “已有基期数据” but the list."""
    import re
    from html import unescape

    client.force_login(demo["section"])
    token = unescape(re.search(r'name="form_token" value="([^"]+)"', client.get(URL + "new/").content.decode()).group(1))
    assert client.post(URL + "new/", form(form_token=token)).status_code == 302
    again = client.post(URL + "new/", form(form_token=token), follow=True)
    assert again.redirect_chain == [(URL + "?org=demo-sfj&year=2022", 302)]
    assert "此表单已提交，未重复登记。" in [str(m) for m in again.context["messages"]]
    assert Baseline.objects.filter(org__code="demo-sfj").count() == 1
    edit = client.get(URL + f"{Baseline.objects.get(org__code='demo-sfj').pk}/edit/").content.decode()
    assert 'name="form_token"' not in edit  # an edit changes a row and needs no token
