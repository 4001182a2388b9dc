"""Factories of the normative document tests.

``DocumentFactory`` is a draft (drafting unit and issuer passed in); ``ready_draft`` adds what registration
needs (an issued legality review, consultation, deliberation); ``published`` walks the real workflow to
publication; ``stock`` writes an old published document directly, as a ledger of earlier years would hold it."""

from datetime import date, timedelta
from itertools import count

import factory

from fazhi.core.testing.helpers import at, filled_template, org, upload  # noqa: F401 — the registry's tests import them from here
from fazhi.legality.models import ReviewRequest
from fazhi.normative.choices import State, Status
from fazhi.normative.models import CleanupCampaign, NormativeDocument
from fazhi.normative.services import WORKFLOW

_n = count(1)


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NormativeDocument

    title = factory.Sequence(lambda n: f"示范县农村宅基地管理办法{n}")
    issuer = factory.LazyAttribute(lambda o: o.org.serves or o.org)  # the government a township or station serves

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        if kwargs.get("org") is None:
            raise TypeError("DocumentFactory needs org=… (drafting unit).")
        return super()._create(model_class, *args, **kwargs)


def issued_review(submitting_org, on=date(2024, 8, 1), conclusion="lawful"):
    return ReviewRequest.objects.create(
        org=org("demo-sfj"), submitting_org=submitting_org, kind="normative_document", title="送审稿", submitted_on=on - timedelta(days=10),
        received_on=on - timedelta(days=9), state="issued", conclusion=conclusion, opinion_on=on, review_working_days=5,
    )


def ready_draft(drafting="demo-d01", issuer=None, deliberated_on=date(2024, 8, 20), **fields):
    drafting = org(drafting)
    values = dict(
        org=drafting, issuer=org(issuer) if issuer else drafting, consultation_start=date(2024, 6, 1), consultation_end=date(2024, 7, 1),
        legality_review=issued_review(drafting), deliberation_meeting="局党组会议", deliberated_on=deliberated_on,
    )
    values.update(fields)
    return DocumentFactory(**values)


def run(doc, name, user=None, **data):
    obj, _ = WORKFLOW.run(doc, name, data, user=user)
    return obj


def published(drafting="demo-d01", issuer=None, registered_on=date(2024, 9, 2), published_on=date(2024, 9, 20), **fields):
    doc = ready_draft(drafting, issuer, **fields)
    doc = run(doc, "register", on=registered_on)
    return run(doc, "publish", on=published_on)


def stock(issuer, published_on, *, drafting=None, validity_years=None, title=None, status=Status.EFFECTIVE, ended_on=None, **fields):
    """An old document already numbered and published (numbers from a separate test series)."""
    issuer = org(issuer) if isinstance(issuer, str) else issuer
    n = next(_n)
    doc = NormativeDocument(
        org=drafting or issuer, issuer=issuer, title=title or f"存量文件{n}", state=State.PUBLISHED, registered_on=published_on,
        published_on=published_on, effective_on=published_on, validity_years=validity_years, status=status, ended_on=ended_on,
        number_year=published_on.year, number_serial=1000 + n, document_no=f"{issuer.short_name}规〔{published_on.year}〕{1000 + n}号", **fields,
    )
    doc.save()
    return doc


def workbook(rows, resource_cls):
    return filled_template(resource_cls, rows)


class CleanupCampaignFactory(factory.django.DjangoModelFactory):
    """An open cleanup of the holding unit's own documents, started 2024-06-01."""

    class Meta:
        model = CleanupCampaign

    name = factory.Sequence(lambda n: f"2024年度规范性文件专项清理{n}")
    scope_org = factory.SelfAttribute("org")
    started_on = date(2024, 6, 1)
