"""The published litigation figures of ORACLE.md, rebuilt as records and read back through
``fazhi indicators``: 001 浦江 2021 (three scopes), 02 东阳 2022, 11 越城 2022; the head-appearance rate over
heard cases and, under the preset ``head_all_cases``, over all closed first-instance cases; and the
``reconsideration.`` counts declared here."""

import io
import json
from datetime import date

from django.core.management import call_command

from fazhi.litigation.choices import Instance, Result
from fazhi.litigation.tests.factories import LawsuitFactory, closed, org, reconsideration_case
from fazhi.reconsideration.choices import Outcome

DEPARTMENTS = [f"demo-d{i:02d}" for i in range(1, 16)]
TOWNSHIPS = [f"demo-t{i:02d}" for i in range(1, 11)]


def indicators(year, org_code="demo", **options):
    out = io.StringIO()
    args = ["indicators", "--org", org_code, "--year", str(year), "--format", "json"]
    for k, v in options.items():
        args += [f"--{k}", v]
    call_command(*args, stdout=out)
    return {v["key"]: v for v in json.loads(out.getvalue())["values"]}


def spread(units, result, closed_on, n, **kwargs):
    """``n`` closed cases spread over ``units`` round-robin."""
    for i in range(n):
        closed(org(units[i % len(units)]), result, closed_on, **kwargs)


def test_pujiang_2021_loss_rates_in_three_scopes(county):
    """001 浦江: 县政府 结案11 败诉1 9.09%; 部门及乡镇 结案57 败诉5 8.77%; 合计 68/6 8.82%."""
    on = date(2021, 11, 15)
    closed(org("demo"), Result.REVOKED, on)
    closed(org("demo"), Result.REJECTED, on, n=7)
    closed(org("demo"), Result.WITHDRAWN, on, n=3)
    units = DEPARTMENTS + TOWNSHIPS
    spread(units[:5], Result.DECLARED_UNLAWFUL, on, 5)
    spread(units, Result.REJECTED, on, 40)
    spread(units, Result.DISMISSED, on, 6)
    spread(units, Result.WITHDRAWN, on, 6)
    # Outside the figures: a 2020 judgment, a 2021 appeal, a case still open.
    closed(org("demo-d01"), Result.REVOKED, date(2020, 12, 30))
    LawsuitFactory(org=org("demo-d01"), case_no="（2021）浙07行终3号", trial_level=Instance.APPEAL, result=Result.REVOKED, closed_on=on,
                   complaint_received_on=date(2021, 6, 1))
    LawsuitFactory(org=org("demo-d02"), complaint_received_on=date(2021, 12, 20))

    v = indicators(2021)
    assert (v["litigation.closed_first_instance.government"]["value"], v["litigation.lost.government"]["value"]) == (11, 1)
    assert v["litigation.loss_rate.government"]["value"] == "9.09"
    assert (v["litigation.closed_first_instance.departments"]["value"], v["litigation.lost.departments"]["value"]) == (57, 5)
    assert v["litigation.loss_rate.departments"]["value"] == "8.77"
    assert (v["litigation.loss_rate"]["numerator"], v["litigation.loss_rate"]["denominator"]) == (6, 68)
    assert v["litigation.loss_rate"]["value"] == "8.82"
    assert v["litigation.loss_rate"]["definition"] == "（一审败诉）÷（一审审结）× 100%，四舍五入保留2位小数"
    assert v["litigation.closed"]["value"] == 69  # every instance
    assert v["litigation.received"]["value"] == 69  # first instance received in 2021 (the open one included)


def test_a_government_co_defendant_case_counts_with_the_departments_not_as_sole_defendant(county):
    case = reconsideration_case(Outcome.UPHELD, on=date(2021, 3, 1))
    closed(org("demo-d01"), Result.REVOKED, date(2021, 9, 1), co_defendant_government=True, reconsideration_case=case)
    closed(org("demo"), Result.REJECTED, date(2021, 9, 1))
    v = indicators(2021)
    assert v["litigation.closed_first_instance.government"]["value"] == 1
    assert v["litigation.lost.government"]["value"] == 0
    assert v["litigation.lost.departments"]["value"] == 1


def test_dongyang_2022_loss_rate_and_head_appearance(county):
    """02 东阳: 受理115 审结117 败诉12 10.26%; 负责人出庭率100%."""
    units = DEPARTMENTS + TOWNSHIPS
    # 2 cases received in 2021, closed in 2022; 115 received and closed in 2022.
    spread(units, Result.REJECTED, date(2022, 3, 1), 2, complaint_received_on=date(2021, 12, 1))
    spread(units, Result.REVOKED, date(2022, 8, 1), 12, complaint_received_on=date(2022, 2, 1), heard=True, head_appeared=True)
    spread(units, Result.REJECTED, date(2022, 9, 1), 28, complaint_received_on=date(2022, 3, 1), heard=True, head_appeared=True)
    spread(units, Result.REJECTED, date(2022, 9, 1), 75, complaint_received_on=date(2022, 3, 1))
    v = indicators(2022)
    assert v["litigation.received"]["value"] == 115
    assert v["litigation.closed_first_instance"]["value"] == 117
    assert v["litigation.lost"]["value"] == 12
    assert v["litigation.loss_rate"]["value"] == "10.26"
    assert (v["litigation.head_appeared"]["value"], v["litigation.heard"]["value"]) == (40, 40)
    assert v["litigation.head_appearance_rate"]["value"] == "100.00"


def test_yuecheng_2022_mediation_withdrawal_and_loss_rates_share_the_closed_denominator(county):
    """11 越城: 调撤一审102件 调撤率44.35%; 败诉率5.22% (= 12/230)."""
    units = DEPARTMENTS + TOWNSHIPS
    on = date(2022, 10, 1)
    spread(units, Result.WITHDRAWN, on, 80)
    spread(units[:3], Result.WITHDRAWN, on, 6, withdrawal_after_change=True)
    spread(units, Result.MEDIATED, on, 16)
    spread(units, Result.PARTLY_REVOKED, on, 12)
    spread(units, Result.REJECTED, on, 112)
    spread(units, Result.TERMINATED, on, 4)
    v = indicators(2022)
    assert v["litigation.closed_first_instance"]["value"] == 230
    assert v["litigation.mediated_or_withdrawn"]["value"] == 102
    assert v["litigation.withdrawn_after_change"]["value"] == 6
    assert v["litigation.mediation_withdrawal_rate"]["value"] == "44.35"
    assert v["litigation.loss_rate"]["value"] == "5.22"
    assert v["litigation.won"]["value"] == 112
    parts = ("won", "lost", "mediated_or_withdrawn", "terminated")
    assert sum(v[f"litigation.{p}"]["value"] for p in parts) == v["litigation.closed_first_instance"]["value"]


def test_head_appearance_rate_over_heard_cases_or_under_head_all_cases_over_all_closed(county):
    on = date(2024, 6, 1)
    closed(org("demo-d01"), Result.REJECTED, on, n=6, heard=True, head_appeared=True)
    closed(org("demo-d01"), Result.REJECTED, on, n=2, heard=True)  # staff only
    closed(org("demo-d01"), Result.DISMISSED, on, n=2)  # ruled on without a hearing
    default = indicators(2024)["litigation.head_appearance_rate"]
    assert (default["numerator"], default["denominator"], default["value"]) == (6, 8, "75.00")
    preset = indicators(2024, preset="head_all_cases")["litigation.head_appearance_rate"]
    assert (preset["numerator"], preset["denominator"], preset["value"]) == (6, 10, "60.00")
    assert preset["denominator_keys"] == ["litigation.closed"]  # all closed cases, of every instance


def test_lawsuits_and_losses_after_reconsideration_count_for_the_bureau(county):
    upheld = reconsideration_case(Outcome.UPHELD, on=date(2024, 2, 1))
    LawsuitFactory(org=org("demo-d01"), co_defendant_government=True, reconsideration_case=upheld, complaint_received_on=date(2024, 3, 1))
    closed(org("demo-d01"), Result.REVOKED, date(2024, 9, 1), co_defendant_government=True, reconsideration_case=upheld,
           complaint_received_on=date(2024, 4, 1))
    closed(org("demo-d01"), Result.REVOKED, date(2024, 9, 1))  # no reconsideration before
    v = indicators(2024, org_code="demo-sfj", only="reconsideration.")
    assert v["reconsideration.lawsuits_after"]["value"] == 2
    assert v["reconsideration.lost_after"]["value"] == 1
    assert indicators(2024, org_code="demo-d02", only="reconsideration.lawsuits_after")["reconsideration.lawsuits_after"]["value"] == 0


def test_all_litigation_counts_come_from_one_query_per_grouping(county):
    from fazhi.indicators import definitions
    from fazhi.indicators.engine import Engine, Scope, year_period

    closed(org("demo-d01"), Result.REVOKED, date(2024, 9, 1))
    engine = Engine(Scope(org("demo")), *year_period(2024), presets="default")
    engine.evaluate([k for k in definitions.REGISTRY if k.startswith("litigation.")])
    assert engine.queries == 1
