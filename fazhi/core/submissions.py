"""Every create form is saved once, however often it is posted (a double click, a resent request, the same
form submitted from five tabs at once).

Each rendered form carries a token (``{% form_token %}``: a uuid4 signed together with the user, hidden field
``form_token``). The view that saves the form reads it (:func:`read_token`; missing, forged, another user's or
too old: a Chinese error, nothing saved), answers a token already used with the page of what its first post
created (:func:`earlier`, :func:`duplicate`), and saves inside :func:`once`, which inserts the token's
:class:`~fazhi.core.models.FormSubmission` in the same transaction as the record. The token is unique in the
database: of posts racing each other, the first to commit saves; the others fail on the constraint, roll
their whole transaction back and are answered as duplicates::

    token = submissions.read_token(request)          # TokenError: a form error
    if (first := submissions.earlier(request, token)):
        return submissions.duplicate(request, first)
    try:
        with submissions.once(request, token) as submission:
            obj = form.save()
            submission.done(obj, url)
    except submissions.AlreadySubmitted as e:
        return submissions.duplicate(request, e.submission)

Rows older than :data:`KEEP` are deleted by :func:`purge` (``fazhi remind``, run daily by cron); a token is
accepted for :data:`MAX_AGE` only, shorter than :data:`KEEP`, so that no token outlives its row."""

import uuid
from contextlib import contextmanager
from datetime import timedelta

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.utils import timezone

from .models import FormSubmission

FIELD = "form_token"
SALT = "fazhi.core.submissions"
MAX_AGE = timedelta(days=2)
KEEP = timedelta(days=3)
DUPLICATE_MESSAGE = "此表单已提交，未重复登记。"
MISSING_MESSAGE = "表单缺少防重复提交标识，未保存：请刷新页面后重新填写提交。"
INVALID_MESSAGE = "表单的防重复提交标识无效，未保存：请刷新页面后重新填写提交。"
EXPIRED_MESSAGE = f"表单打开已超过{MAX_AGE.days}天，已失效，未保存：请核对内容后再次提交。"


class TokenError(ValueError):
    """A post without a valid token of its user; the message is shown as a form error."""


class AlreadySubmitted(Exception):  # noqa: N818 — not an error: the form was saved before
    """Another post of the same form was saved first (``submission``: its row)."""

    def __init__(self, submission):
        super().__init__(DUPLICATE_MESSAGE)
        self.submission = submission


def new_token(user):
    """A fresh token for one rendered form of ``user`` (a signed ``{"t": uuid4, "u": user id}``)."""
    return signing.dumps({"t": uuid.uuid4().hex, "u": user.pk}, salt=SALT, compress=False)


def read_token(request):
    """The posted form's token as a UUID; :class:`TokenError` (Chinese) when it is missing, altered, signed for
    another user or older than :data:`MAX_AGE`."""
    raw = request.POST.get(FIELD, "").strip()
    if not raw:
        raise TokenError(MISSING_MESSAGE)
    try:
        value = signing.loads(raw, salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired:
        raise TokenError(EXPIRED_MESSAGE) from None
    except signing.BadSignature:
        raise TokenError(INVALID_MESSAGE) from None
    try:
        token = uuid.UUID(hex=value["t"])
        owner = value["u"]
    except (TypeError, KeyError, ValueError, AttributeError):
        raise TokenError(INVALID_MESSAGE) from None
    if owner != request.user.pk:
        raise TokenError(INVALID_MESSAGE)
    return token


def earlier(request, token):
    """The saved submission of ``token``, if a post of this form was saved before."""
    return FormSubmission.objects.filter(token=token, user=request.user).first()


def duplicate(request, submission, fallback="home"):
    """The answer to a form posted again: what its first post created, with :data:`DUPLICATE_MESSAGE`."""
    messages.info(request, DUPLICATE_MESSAGE)
    return redirect((submission.url if submission is not None else "") or fallback)


class Submission:
    """The token's row, inserted by :func:`once`; :meth:`done` records what the form created."""

    def __init__(self, row):
        self.row = row

    def done(self, obj, url=None):
        """``obj``: the record the form created (or changed); ``url``: the page a duplicate post is sent to."""
        row = self.row
        if obj is not None:
            row.content_type = ContentType.objects.get_for_model(obj)
            row.object_id = obj.pk
        if url is not None:
            row.url = url
        row.save(update_fields=["content_type", "object_id", "url"])


@contextmanager
def once(request, token, url=""):
    """A transaction that first inserts ``token``'s row: :class:`AlreadySubmitted` (and nothing saved) when
    another post of the form got there first. The row is inserted before the work, so a racing post waits on
    the unique token (PostgreSQL) or on the write lock (SQLite) and never does the work twice; if the work
    fails, the row goes with it and the form may be posted again. ``url``: where a duplicate is sent, when it is
    known before the work (else :meth:`Submission.done` sets it)."""
    with transaction.atomic():
        try:
            with transaction.atomic():  # a savepoint: the constraint's failure leaves the outer transaction usable
                row = FormSubmission.objects.create(token=token, user=request.user, url=url)
        except IntegrityError:
            raise AlreadySubmitted(FormSubmission.objects.filter(token=token).first()) from None
        yield Submission(row)


def purge(now=None):
    """Delete the rows older than :data:`KEEP` (their tokens were refused for a day already); returns how many."""
    cutoff = (now or timezone.now()) - KEEP
    deleted, _ = FormSubmission.objects.filter(created_at__lt=cutoff).delete()
    return deleted
