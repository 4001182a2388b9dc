"""Excel resources of core: the org tree (import of a whole tree, parents before children)."""

from django import forms
from django.db import transaction

from .choices import OrgKind
from .excel import CellError, ImportResult, Resource, XField, register
from .models import Org


class OrgImportForm(forms.ModelForm):
    parent_code = forms.CharField(required=False)
    serves_code = forms.CharField(required=False)

    class Meta:
        model = Org
        fields = ["code", "name", "short_name", "kind", "sort_order"]

    def __init__(self, *args, user=None, known_codes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.known_codes = known_codes


@register("org")
class OrgResource(Resource):
    """One row per org; ``上级机构代码`` refers to an org already in the system or to a row above it."""

    model = Org
    form_class = OrgImportForm
    title = "机构"
    fields = [
        XField("code", "机构代码", required=True, help="字母、数字、下划线、连字符，全系统唯一"),
        XField("name", "机构名称", required=True, width=30),
        XField("short_name", "简称", help="用于文号，如“浦政”"),
        XField("kind", "机构类型", required=True),
        XField("parent_code", "上级机构代码", kind="str", required=False, help="省级机构留空"),
        XField("serves_code", "服务乡镇代码", kind="str", required=False, help="仅司法所填写"),
        XField("sort_order", "排序", kind="int", required=False),
    ]

    def __init__(self):
        super().__init__()
        for f in self.fields:
            if f.name in ("parent_code", "serves_code"):
                f.importable = True

    def export_value(self, obj, f, unmasked):
        if f.name == "parent_code":
            return obj.parent.code if obj.parent_id else ""
        if f.name == "serves_code":
            return obj.serves.code if obj.serves_id else ""
        return super().export_value(obj, f, unmasked)

    def import_file(self, path, user=None, default_org=None, allowed_orgs=None):
        result = ImportResult()
        columns = [f for f in self.fields if f.importable]
        existing = {o.code: o for o in Org.objects.all()}
        seen = {}
        kinds = {}  # code: kind of the rows read so far
        rows = []
        raw_rows = []
        try:
            it = self.read_rows(path)
            _, headers = next(it)
            missing = [f.header for f in columns if f.required and f.header not in headers]
            if missing:
                result.errors += [(1, h, "缺少必填列，请使用系统下载的模板") for h in missing]
                return result
            for n, row in it:
                result.total += 1
                raw_rows.append((n, row))
                data, errs = {}, []
                for f in columns:
                    try:
                        data[f.name] = self.convert(f, row.get(f.header), {})
                    except CellError as e:
                        errs.append((n, f.header, str(e)))
                form = OrgImportForm(data=data)
                if not form.is_valid():
                    for name, messages in form.errors.items():
                        header = next((f.header for f in columns if f.name == name), "（整行）")
                        errs += [(n, header, str(m)) for m in messages]
                code = data.get("code", "")
                if code in seen:
                    errs.append((n, "机构代码", f"与第{seen[code]}行重复"))
                seen.setdefault(code, n)
                parent = data.get("parent_code", "")
                if parent and parent not in existing and (parent not in seen or seen[parent] >= n):
                    errs.append((n, "上级机构代码", f"上级机构“{parent}”不存在，须已在系统中或在本表中位于上方"))
                if not parent and data.get("kind") not in (OrgKind.PROVINCE, ""):
                    errs.append((n, "上级机构代码", "除省级机构外，须填写上级机构代码"))
                kinds.setdefault(code, data.get("kind"))
                serves = data.get("serves_code", "")
                if serves and serves not in existing and serves not in seen:
                    errs.append((n, "服务乡镇代码", f"乡镇“{serves}”不存在"))
                elif serves and data.get("kind") == OrgKind.STATION:
                    # Org.clean()'s rule, which saving an org does not run.
                    served_kind = existing[serves].kind if serves in existing else kinds.get(serves)
                    if served_kind != OrgKind.TOWNSHIP:
                        errs.append((n, "服务乡镇代码", "司法所服务的单位必须是乡镇（街道）。"))
                result.errors += errs
                rows.append(data)
        except CellError as e:
            result.errors.append((0, "（文件）", str(e)))
            return result
        if result.total == 0 and not result.errors:
            result.errors.append((0, "（文件）", "没有可导入的数据行"))
        if result.errors:
            result.error_file = self.error_workbook(raw_rows, result.errors, columns)
            return result
        with transaction.atomic():
            created = {}
            for data in rows:
                org = Org(
                    code=data["code"],
                    name=data["name"],
                    short_name=data.get("short_name", ""),
                    kind=data["kind"],
                    sort_order=int(data.get("sort_order") or 0),
                    parent=created.get(data["parent_code"]) or existing.get(data["parent_code"]) if data.get("parent_code") else None,
                )
                org.save()
                created[org.code] = org
            for data in rows:
                if data.get("serves_code"):
                    org = created[data["code"]]
                    org.serves = created.get(data["serves_code"]) or existing.get(data["serves_code"])
                    org.save()
        result.created = len(rows)
        return result
