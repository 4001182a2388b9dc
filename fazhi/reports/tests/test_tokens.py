"""References in report text: ``{{key}}``, ``{{key|yoy}}``, ``{{key|prev}}``. Unknown keys, unknown formats,
breakdowns and unpaired braces are refused with a Chinese message; the chip's ``data-ref`` round-trips."""

from fazhi.reports import tokens
from fazhi.reports.tokens import Ref


def test_text_splits_into_literals_and_references():
    parts = tokens.split("全年收到申请{{reconsideration.received}}，{{reconsideration.received|yoy}}。")
    assert parts == ["全年收到申请", Ref("reconsideration.received"), "，", Ref("reconsideration.received", "yoy"), "。"]
    assert tokens.refs("无数字。") == []
    assert tokens.split("") == []


def test_a_reference_round_trips_through_the_chips_data_ref():
    ref = Ref("litigation.loss_rate", "yoy")
    assert ref.data_ref == "litigation.loss_rate|yoy" and ref.token == "{{litigation.loss_rate|yoy}}"
    assert Ref.parse(ref.data_ref) == ref
    assert Ref.parse("litigation.loss_rate") == Ref("litigation.loss_rate", "")
    assert tokens.token("reconsideration.received") == "{{reconsideration.received}}"


def test_sound_references_have_no_errors():
    text = "{{reconsideration.received}}、{{reconsideration.correction_rate|yoy}}、{{litigation.loss_rate.government|prev}}"
    assert tokens.errors(text) == []
    assert tokens.errors("{{reconsideration.respondent.correction_rate}}") == []


def test_an_unknown_indicator_is_a_chinese_error():
    assert tokens.errors("共{{reconsideration.recieved}}。", "第3段") == ["第3段引用了未定义的指标“reconsideration.recieved”。"]
    assert tokens.errors("{{ }}") == ["引用了未定义的指标“{{}}”。"]
    assert tokens.errors("{{DROP TABLE}}")[0].startswith("引用了未定义的指标")


def test_an_unknown_format_a_breakdown_and_a_yoy_of_a_measure_are_refused():
    assert "格式“pct”无效" in tokens.errors("{{reconsideration.received|pct}}")[0]
    assert "是分布表" in tokens.errors("{{reconsideration.by_act_kind}}")[0]


def test_unpaired_braces_are_refused():
    for text in ("共{{reconsideration.received件", "共reconsideration.received}}件", "{{{{reconsideration.received}}"):
        assert any("不完整的指标引用" in e for e in tokens.errors(text)), text
