"""How the benchmark generator copies the normative document registry (:mod:`fazhi.core.bench`): a document is in
the year of its first date that is set (published, registered, deliberated, opened for comment, created), with its
filings; a cleanup campaign in the year it started, with its items."""

from fazhi.core.bench import Spec

from .models import CleanupCampaign, CleanupItem, FilingRecord, NormativeDocument

SPECS = [
    Spec(NormativeDocument, key=("published_on", "registered_on", "deliberated_on", "consultation_start", "created_at")),
    Spec(FilingRecord, parent="document_id"),
    Spec(CleanupCampaign, key=("started_on",)),
    Spec(CleanupItem, parent="campaign_id"),
]
