"""Local rules (地方规则): settings a province or county sets for its subtree."""

from django.db import models

from .orgs import Org


class LocalRule(models.Model):
    """One override of a rule for an org and everything below it; read through ``core.rules.get_rule``."""

    org = models.ForeignKey(Org, verbose_name="适用机构", on_delete=models.CASCADE, related_name="local_rules")
    key = models.CharField("规则", max_length=60)
    value = models.CharField("取值", max_length=200)
    basis = models.CharField("依据", max_length=200, blank=True, help_text="本地文件名称及条款。")

    class Meta:
        verbose_name = verbose_name_plural = "地方规则"
        constraints = [models.UniqueConstraint(fields=["org", "key"], name="localrule_org_key_unique")]
        ordering = ["org__path", "key"]

    def __str__(self):
        from ..rules import RULES

        rule = RULES.get(self.key)
        return f"{self.org}：{rule.label if rule else self.key} = {self.value}"

    def clean(self):
        """The rule exists and the value is of its type and within its range (every route that saves a rule)."""
        from django.core.exceptions import ValidationError

        from ..rules import RULES

        if not self.key:
            return  # the form has already said why the key is missing
        rule = RULES.get(self.key)
        if rule is None:
            raise ValidationError({"key": f"没有“{self.key}”这项规则。"})
        try:
            rule.parse(self.value)
        except ValidationError as e:
            raise ValidationError({"value": e.messages}) from None
