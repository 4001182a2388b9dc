"""How the benchmark generator copies the legality review registry (:mod:`fazhi.core.bench`): a review is in the
year it was sent, with its clock stops, opinion items and advisers' opinions; a meeting topic in the year of its
meeting."""

from fazhi.core.bench import Spec

from .models import AdviserConsultation, ClockStop, MeetingTopic, OpinionItem, ReviewRequest

SPECS = [
    Spec(ReviewRequest, key=("submitted_on",)),
    Spec(ClockStop, parent="review_id"),
    Spec(OpinionItem, parent="review_id"),
    Spec(AdviserConsultation, parent="review_id"),
    Spec(MeetingTopic, key=("meeting_on",)),
]
