"""The client round trip of the API: the demo county's records exported through the API (each registry's
``export``, personal data in full for a role with the right), the database emptied of every record (the units,
accounts and reference lists — 管理领域, 节假日 — are the receiving system's own and stay), the rows
imported back through the API (each registry's ``bulk``, the Excel import's rules, then each record's child rows),
and ``fazhi indicators`` gives the same JSON as before for every figure the exchange carries (:data:`NOT_CARRIED`
lists, and pins, those it does not carry yet)."""

import io
import json

import pytest
import time_machine
from django.core.management import call_command

from fazhi.core import writes
from fazhi.core.models.numbering import NumberSequence
from fazhi.core.testing.contract import subjects
from fazhi.reports.tests.conftest import SEASON, demo_county  # noqa: F401 — the fixture

from .test_api import api_path, bearer, token_of

#: The indicators the exchange does not carry yet, all of them from what a workflow step records and neither the
#: ledger's columns nor a record's editable rows hold: the steps' own dates and extensions (deemed acceptance, the
#: time limits a reconsideration's or a review's on-time figures use), a review's opinion items and consultations,
#: a document's filing outcomes, a campaign's selected documents, a decision's procedures and post-evaluation.
#: Carrying them (a record's workflow log through the API) is the open part of the API's round trip; this set
#: pins what is lost, so that a figure newly lost fails here, and one newly carried must be taken off the list.
NOT_CARRIED = {
    "reconsideration.deemed_accepted", "reconsideration.closed_on_time", "reconsideration.on_time_rate",
    "legality.reviewed_on_time", "legality.adviser_consulted", "legality.opinion_items_adopted", "legality.review_days_total",
    "legality.review_days_average", "legality.review_days_longest", "legality.on_time_rate",
    "normative.filing_approved", "normative.filing_approved_after_correction", "normative.cleaned", "normative.cleanup_kept",
    "normative.cleanup_amended", "normative.cleanup_repealed", "normative.cleanup_declared_invalid",
    "normative.cleanup_repealed_or_invalid", "normative.cleaned_by_campaign",
    "decisions.post_evaluated", "decisions.procedures", "decisions.consultations", "decisions.expert_reviews",
    "decisions.risk_assessments", "decisions.opinions_received", "decisions.opinions_adopted", "decisions.experts",
    "decisions.procedures_by_kind",
}


def indicators(year):
    out = io.StringIO()
    call_command("indicators", "--org", "demo", "--year", str(year), "--format", "json", stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.django_db
def test_the_county_exported_and_imported_through_the_api_gives_the_same_indicators_for_what_it_carries(demo_county):  # noqa: F811
    with time_machine.travel(SEASON, tick=False):
        before = {year: indicators(year) for year in (2024, 2025)}
        client = bearer(token_of("bureau"))
        exported, ids = [], {}
        for subject in subjects():
            if subject.views.resource_class is None:
                continue
            body = client.get(api_path(subject) + "export/", {"unmask": "1"})
            assert body.status_code == 200, (subject, body.content[:300])
            ids[subject.model] = list(subject.model.objects.order_by("pk").values_list("pk", flat=True))  # the export's order
            assert len(ids[subject.model]) == body.json()["count"]
            rows = {}  # each record's child rows
            for name, (_label, formset_class) in subject.views.inlines.items():
                if not writes.adds_rows(formset_class):
                    continue  # rows a workflow step made (see NOT_CARRIED)
                for pk in ids[subject.model]:
                    child = client.get(api_path(subject, pk) + f"rows/{name}/", {"unmask": "1"}).json()["rows"]
                    if child:
                        rows.setdefault(pk, {})[name] = child
            exported.append((subject, body.json(), rows))
        assert sum(body["count"] for _s, body, _r in exported) > 1000
        for subject in reversed(subjects()):  # the records and their rows; the units and reference lists stay
            subject.model._base_manager.all().delete()
        NumberSequence.objects.all().delete()  # an empty database has allocated no case number yet
        assert all(indicators(2025)["values"][i]["value"] in (0, None) for i in range(3))
        for subject, body, rows in exported:
            if not body["rows"]:
                continue
            imported = client.post(api_path(subject) + "bulk/", {"rows": body["rows"]}, format="json")
            assert imported.status_code == 201, (subject, str(imported.json())[:1500])
            assert imported.json()["created"] == body["count"]
            # The new records in the order of the rows sent; each gets its child rows back (as new rows).
            new = list(subject.model.objects.order_by("pk").values_list("pk", flat=True))
            for old, pk in zip(ids[subject.model], new, strict=True):
                for name, child in rows.get(old, {}).items():
                    sent = client.put(api_path(subject, pk) + f"rows/{name}/",
                                      {"rows": [{k: v for k, v in r.items() if k != "id"} for r in child]}, format="json")
                    assert sent.status_code == 200, (subject, name, sent.json())
        lost = set()
        for year in (2024, 2025):
            after = indicators(year)
            assert [v["key"] for v in after["values"]] == [v["key"] for v in before[year]["values"]]
            lost |= {b["key"] for b, a in zip(before[year]["values"], after["values"], strict=True) if a != b}
        carried = len(before[2025]["values"]) - len(NOT_CARRIED)
        assert carried > 100
        assert lost == NOT_CARRIED, (sorted(lost - NOT_CARRIED), sorted(NOT_CARRIED - lost))
