"""The org tree (机构): province → city → county government → bureau, departments, townships, stations."""

import re

from django.core.exceptions import ValidationError
from django.db import models, transaction
from simple_history.models import HistoricalRecords

from ..choices import OrgKind

CODE_RE = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
PATH_SEP = "/"


def validate_code(value):
    if not CODE_RE.match(value or ""):
        raise ValidationError("机构代码只能由字母、数字、下划线和连字符组成，长度1–40。")


def subtree_q(org_field, org):
    """The rows whose ``org_field`` (``org``, ``review__org``, ``issuer``) is ``org`` or below it, as
    ``org_id IN (SELECT id FROM core_org WHERE path LIKE '/…/demo/%')``: the database finds the subtree's ids by the
    path index, then the rows by their own org index. Not a join on ``core_org``, which at province scale made
    SQLite scan the whole registry table for one county's rows (docs/performance.md)."""
    return models.Q(**{f"{org_field}__in": Org.objects.filter(path__startswith=org.path).values("pk")})


class OrgQuerySet(models.QuerySet):
    def subtree(self, org):
        """The org and everything below it: one indexed prefix filter on the materialised path."""
        return self.filter(path__startswith=org.path)


class Org(models.Model):
    """A unit of the tree. ``path`` is the materialised path of codes (``/prov/city/demo/``), so that
    "this unit and below" is ``path LIKE '/…/demo/%'`` — one index range, never recursion."""

    code = models.CharField("机构代码", max_length=40, unique=True, validators=[validate_code])
    name = models.CharField("机构名称", max_length=100)
    short_name = models.CharField("简称", max_length=20, blank=True, help_text="用于文号，如“浦政”“浦司”。")
    kind = models.CharField("机构类型", max_length=20, choices=OrgKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级机构", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    serves = models.ForeignKey(
        "self",
        verbose_name="服务乡镇",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stations",
        help_text="司法所服务的乡镇（街道）。",
    )
    path = models.CharField("路径", max_length=500, editable=False, db_index=True)
    depth = models.PositiveSmallIntegerField("层级", editable=False, default=0)
    sort_order = models.IntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)
    history = HistoricalRecords(excluded_fields=["path", "depth"])

    objects = OrgQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "机构"
        ordering = ["path"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        new_path = self.compute_path()
        old_path = None
        if self.pk:
            old_path = type(self).objects.filter(pk=self.pk).values_list("path", flat=True).first()
        self.path = new_path
        self.depth = new_path.count(PATH_SEP) - 2
        with transaction.atomic():
            super().save(*args, **kwargs)
            if old_path and old_path != new_path:
                # Moved or renamed: rewrite the descendants' paths in the same transaction.
                for child in type(self).objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                    child.path = new_path + child.path[len(old_path) :]
                    child.depth = child.path.count(PATH_SEP) - 2
                    type(self).objects.filter(pk=child.pk).update(path=child.path, depth=child.depth)

    def clean(self):
        if self.parent_id and self.pk:
            if self.parent_id == self.pk or self.parent.path.startswith(self.path or "\0"):
                raise ValidationError({"parent": "上级机构不能是本机构或其下级。"})
        if self.kind == OrgKind.STATION and self.serves_id and self.serves.kind != OrgKind.TOWNSHIP:
            raise ValidationError({"serves": "司法所服务的单位必须是乡镇（街道）。"})

    def compute_path(self):
        return (self.parent.path if self.parent_id else PATH_SEP) + self.code + PATH_SEP

    def ancestors(self, include_self=True):
        """Ancestors from the root down, by their codes in the path (one query)."""
        codes = [c for c in self.path.split(PATH_SEP) if c]
        if not include_self:
            codes = codes[:-1]
        by_code = {o.code: o for o in Org.objects.filter(code__in=codes)}
        return [by_code[c] for c in codes if c in by_code]

    def is_within(self, other):
        """True when this org is ``other`` or below it."""
        return self.path.startswith(other.path)
