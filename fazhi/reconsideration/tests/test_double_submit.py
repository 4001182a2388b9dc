"""Rows added to a case on a page of their own are added once, however often the page's form is posted
(core.submissions): a party entered and the form sent twice is one party."""

import re
from html import unescape

from fazhi.reconsideration.models import Party
from fazhi.reconsideration.tests.factories import GOOD_ID, CaseFactory, org

TOKEN = re.compile(r'<input type="hidden" name="form_token" value="([^"]+)">')


def formset_data(response):
    """The POST data of the page's formset as rendered (management form and every row's current values)."""
    formset = response.context["formset"]
    data = {f"{formset.prefix}-{k}": v for k, v in formset.management_form.initial.items()}
    for form in formset.forms:
        for name in form.fields:
            value = form[name].value()
            if value not in (None, False):
                data[form.add_prefix(name)] = value
    data["form_token"] = unescape(TOKEN.search(response.content.decode()).group(1))
    return data


def test_a_party_added_and_the_form_sent_twice_is_one_party(cast, login):
    case = CaseFactory(org=org("demo-sfj"))
    client = login(cast["bureau"])  # the parties page shows personal information: a role with the PII right
    url = f"/reconsideration/{case.pk}/rows/parties/"
    data = formset_data(client.get(url))
    new = data["parties-TOTAL_FORMS"] - 1  # the empty row at the end
    data.update({f"parties-{new}-role": "applicant", f"parties-{new}-kind": "person", f"parties-{new}-name": "张伟明",
                 f"parties-{new}-id_number": GOOD_ID, f"parties-{new}-phone": "13905791234"})
    first = client.post(url, data)
    assert (first.status_code, first["Location"]) == (302, f"/reconsideration/{case.pk}/")
    again = client.post(url, data, follow=True)
    assert again.redirect_chain == [(f"/reconsideration/{case.pk}/", 302)]
    assert "此表单已提交，未重复登记。" in [str(m) for m in again.context["messages"]]
    assert list(Party.objects.filter(case=case).values_list("name", flat=True)) == ["张伟明"]


def test_the_parties_page_without_a_token_saves_no_party_and_says_why(cast, login):
    case = CaseFactory(org=org("demo-sfj"))
    client = login(cast["bureau"])
    url = f"/reconsideration/{case.pk}/rows/parties/"
    data = formset_data(client.get(url))
    del data["form_token"]
    new = data["parties-TOTAL_FORMS"] - 1
    data.update({f"parties-{new}-role": "applicant", f"parties-{new}-kind": "person", f"parties-{new}-name": "张伟明"})
    data["form_token"] = ""  # the test client adds a token only when the field is absent
    r = client.post(url, data)
    assert r.status_code == 400
    assert "表单缺少防重复提交标识，未保存：请刷新页面后重新填写提交。" in unescape(r.content.decode())
    assert not Party.objects.filter(case=case).exists()
