"""Published figures on normative documents and legality review (shared/ORACLE.md), rebuilt as records and read
back through ``fazhi indicators --org demo --year Y --format json``.

* 004 五华 2023: 送审稿216件，其中规范性文件17件；报市政府、县人大备案9件；清理规范性文件66份，公布废止和失效35份.
  The report claims no 报备率; our 报备率 (已报备 ÷ 应报备) over these records is 9/17 = 52.94%, a number the
  report never states — the registry computes it, the report builder decides whether to print it.
* 08 乐清 2020: 清理411件 = 继续有效206 + 修改后有效7 + 已明令废止22 + 废止126 + 宣布失效50 (已明令废止 and 废止 are
  both 废止 here: 22 + 126 = 148).
* 01 巫山 2024: 现行有效86件 = 县政府60 + 乡镇13 + 部门13.
* 001 浦江 2021: 县政府规范性文件25件，报备率100%; 废止36件，宣布失效28件."""

import io
import json
from datetime import date, timedelta

from django.core.management import call_command

from fazhi.advisers.models import LegalAdviser
from fazhi.indicators import checks
from fazhi.indicators.engine import year_period
from fazhi.legality.models import AdviserConsultation, ReviewRequest
from fazhi.normative.models import CleanupCampaign, CleanupItem, FilingRecord, NormativeDocument

from .factories import org


def indicators(year, org_code="demo"):
    out = io.StringIO()
    call_command("indicators", "--org", org_code, "--year", str(year), "--format", "json", stdout=out)
    return {v["key"]: v for v in json.loads(out.getvalue())["values"] if v["key"].startswith(("legality.", "normative."))}


def v(values, key):
    return values[key]["value"]


def documents(issuer, n, start, *, drafting=None, prefix="文件", validity_years=None, review=None, **fields):
    """``n`` published documents of ``issuer`` from ``start`` on, numbered 1…n in their year."""
    issuer = org(issuer) if isinstance(issuer, str) else issuer
    rows = []
    for i in range(n):
        on = start + timedelta(days=i)
        rows.append(NormativeDocument(
            org=drafting or issuer, issuer=issuer, title=f"{prefix}{i + 1}", state="published", registered_on=on, published_on=on,
            effective_on=on, validity_years=validity_years, status=fields.get("status", "effective"), ended_on=fields.get("ended_on"),
            number_year=on.year, number_serial=i + 1 + fields.get("offset", 0), document_no=f"{issuer.short_name}规〔{on.year}〕{i + 1 + fields.get('offset', 0)}号",
            legality_review=review(i) if review else None,
        ))
    return NormativeDocument.objects.bulk_create(rows)


def file(doc, on):
    for authority, name in doc.filing_authorities():
        FilingRecord.objects.create(document=doc, authority=authority, authority_name=name, submitted_on=on)
    doc.refresh_filing()
    doc.save()


def cleanup(name, docs_by_disposition, applied_on, org_code="demo-sfj"):
    c = CleanupCampaign.objects.create(org=org(org_code), name=name, scope_org=org("demo"), started_on=applied_on - timedelta(days=60),
                                       state="applied", applied_on=applied_on)
    CleanupItem.objects.bulk_create([CleanupItem(campaign=c, document=d, disposition=disp) for disp, docs in docs_by_disposition.items() for d in docs])
    return c


def test_wuhua_2023_review_filing_and_cleanup(county):
    bureau, depts = org("demo-sfj"), [org(f"demo-d{i:02d}") for i in range(1, 16)]
    kinds = ["normative_document"] * 17 + ["major_decision"] * 3 + ["administrative_contract"] * 120 + ["meeting_topic"] * 46 + ["other"] * 30
    reviews = ReviewRequest.objects.bulk_create([
        ReviewRequest(org=bureau, submitting_org=depts[i % 15], kind=k, title=f"送审稿{i + 1}", submitted_on=date(2023, 1, 3) + timedelta(days=i),
                      received_on=date(2023, 1, 3) + timedelta(days=i), state="issued", conclusion="lawful", opinion_on=date(2023, 1, 13) + timedelta(days=i),
                      review_working_days=8, review_no=f"五司合审〔2023〕{i + 1}号")
        for i, k in enumerate(kinds)
    ])
    normative_reviews = [r for r in reviews if r.kind == "normative_document"]
    adviser = LegalAdviser.objects.create(org=bureau, name="郑海燕", firm="示范律师事务所", contract_start=date(2023, 1, 1), contract_end=date(2023, 12, 31))
    for r in reviews:
        if r.kind == "major_decision":  # 条例第二十八条: the reviewer hears the legal adviser
            AdviserConsultation.objects.create(review=r, adviser=adviser, asked_on=r.received_on, opinion="程序合法。")
    # 17 normative documents of 2023: 9 of the county government (filed with the city government and the county
    # people's congress), 8 of departments (not among the 9 the report names).
    gov = documents("demo", 9, date(2023, 3, 1), drafting=org("demo-d01"), validity_years=5, review=lambda i: normative_reviews[i])
    documents("demo-d03", 8, date(2023, 4, 1), validity_years=5, review=lambda i: normative_reviews[9 + i])
    for doc in gov:
        file(doc, doc.published_on + timedelta(days=20))
    # The stock cleaned up in 2023: 66 documents of 2015–2019, 35 repealed or declared invalid.
    stock = documents("demo", 66, date(2015, 6, 1), offset=100)
    cleanup("2023年规范性文件专项清理", {"repealed": stock[:20], "declared_invalid": stock[20:35], "kept": stock[35:63], "amended": stock[63:]}, date(2023, 11, 30))

    values = indicators(2023)
    assert (v(values, "legality.received"), v(values, "legality.received.normative_document")) == (216, 17)
    assert (v(values, "legality.reviewed"), v(values, "legality.review_days_average")) == (216, "8.0")
    assert (v(values, "normative.issued"), v(values, "normative.reviewed"), v(values, "normative.filed"), v(values, "normative.filed_on_time")) == (17, 17, 9, 9)
    assert (v(values, "normative.cleaned"), v(values, "normative.cleanup_repealed_or_invalid")) == (66, 35)
    assert (v(values, "normative.cleanup_repealed"), v(values, "normative.cleanup_declared_invalid")) == (20, 15)
    # A rate the report does not claim: 9 ÷ 17.
    assert (values["normative.filing_rate"]["value"], values["normative.filing_rate"]["numerator"], values["normative.filing_rate"]["denominator"]) == ("52.94", 9, 17)
    assert values["normative.cleaned_by_campaign"]["items"][0]["label"] == "2023年规范性文件专项清理"
    # Filing: 9 county-government documents, each filed with two authorities = 18 filings.
    assert v(values, "normative.filings_submitted") == 18
    assert [f.rule for f in checks.run(org("demo"), *year_period(2023)) if f.rule.startswith(("legality.", "normative."))] == []


def test_yueqing_2020_cleanup_total_is_the_sum_of_dispositions(county):
    docs = documents("demo", 411, date(2010, 1, 1))
    c = cleanup("2020年规范性文件全面清理", {"kept": docs[:206], "amended": docs[206:213], "repealed": docs[213:361], "declared_invalid": docs[361:]}, date(2020, 12, 15))
    values = indicators(2020)
    assert v(values, "normative.cleaned") == 411 == 206 + 7 + (22 + 126) + 50
    assert [v(values, f"normative.cleanup_{d}") for d in ("kept", "amended", "repealed", "declared_invalid")] == [206, 7, 148, 50]
    assert not [f for f in checks.run(org("demo"), *year_period(2020)) if f.rule == "normative.cleanup_identity"]
    # Records always add up; a typed-in (baseline) figure that does not is what the identity catches:
    typo = {"normative.cleaned": 411, "normative.cleanup_kept": 206, "normative.cleanup_amended": 7, "normative.cleanup_repealed": 148,
            "normative.cleanup_declared_invalid": 49}
    [finding] = [f for f in checks.check_values(typo, source="baseline") if f.rule == "normative.cleanup_identity"]
    assert finding.message == "清理规范性文件411 = 411，应等于 清理结果：继续有效206 + 清理结果：修改7 + 清理结果：废止148 + 清理结果：宣布失效49 = 410"
    assert c.items.count() == 411


def test_wushan_2024_in_force_is_the_sum_by_issuer(county):
    documents("demo", 60, date(2022, 1, 3), validity_years=5)
    for i in range(13):
        documents(f"demo-t{1 + i % 10:02d}", 1, date(2023, 1, 3) + timedelta(days=i), offset=i)
        documents(f"demo-d{1 + i % 15:02d}", 1, date(2023, 2, 3) + timedelta(days=i), offset=i)
    documents("demo", 7, date(2012, 1, 3), offset=500, status="repealed", ended_on=date(2024, 6, 1))  # 废止7件 in 2024: not in force at its end
    values = indicators(2024)
    assert (v(values, "normative.in_force"), v(values, "normative.in_force.government"), v(values, "normative.in_force.township"),
            v(values, "normative.in_force.department")) == (86, 60, 13, 13)
    assert sum(i["count"] for i in values["normative.in_force_by_issuer"]["items"]) == 86
    assert v(indicators(2023), "normative.in_force") == 60 + 26 + 7  # the 7 were still in force at the end of 2023


def test_pujiang_2021_filing_rate_and_repeals(county):
    review = ReviewRequest.objects.create(org=org("demo-sfj"), submitting_org=org("demo"), kind="normative_document", title="送审稿",
                                          submitted_on=date(2021, 1, 4), state="issued", received_on=date(2021, 1, 4), opinion_on=date(2021, 1, 12), conclusion="lawful")
    for doc in documents("demo", 25, date(2021, 2, 1), validity_years=5, review=lambda i: review):
        file(doc, doc.published_on + timedelta(days=10))
    stock = documents("demo", 64, date(2008, 1, 1), offset=200)
    cleanup("2021年清理", {"repealed": stock[:36], "declared_invalid": stock[36:]}, date(2021, 9, 30))
    values = indicators(2021)
    assert (v(values, "normative.issued"), values["normative.filing_rate"]["value"], values["normative.timely_filing_rate"]["value"]) == (25, "100.00", "100.00")
    assert (v(values, "normative.cleanup_repealed"), v(values, "normative.cleanup_declared_invalid")) == (36, 28)
