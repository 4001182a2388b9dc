"""Choices of core, English members with Chinese labels (GLOSSARY.md)."""

from django.db import models


class OrgKind(models.TextChoices):
    PROVINCE = "province", "省"
    CITY = "city", "市"
    GOVERNMENT = "government", "县（区）人民政府"
    BUREAU = "bureau", "司法局"
    DEPARTMENT = "department", "县直部门"
    TOWNSHIP = "township", "乡镇（街道）"
    STATION = "station", "司法所"


class DataScope(models.TextChoices):
    ALL = "all", "全部"
    UNIT_AND_BELOW = "unit_and_below", "本单位及下级"
    UNIT = "unit", "本单位"
    SELF = "self", "仅本人"
    CUSTOM = "custom", "自定"


class RoleKind(models.TextChoices):
    """三员分立: the three administrator duties are kept apart from business roles."""

    SYSTEM_ADMIN = "system_admin", "系统管理员"
    SECURITY_ADMIN = "security_admin", "安全管理员"
    AUDITOR = "auditor", "安全审计员"
    BUSINESS = "business", "业务角色"


class AuditAction(models.TextChoices):
    LOGIN = "login", "登录"
    LOGOUT = "logout", "退出"
    LOGIN_FAILED = "login_failed", "登录失败"
    LOCKOUT = "lockout", "账户锁定"
    UNLOCK = "unlock", "解除锁定"
    PASSWORD_CHANGE = "password_change", "修改密码"
    PASSWORD_RESET = "password_reset", "重置密码"
    SESSION_END = "session_end", "结束会话"
    IDLE_TIMEOUT = "idle_timeout", "超时退出"
    ORG_SWITCH = "org_switch", "切换单位"
    ROLE_CHANGE = "role_change", "角色变更"
    PERMISSION_CHANGE = "permission_change", "权限分配"
    USER_CHANGE = "user_change", "账户变更"
    EXPORT = "export", "导出"
    IMPORT = "import", "导入"
    IMPORT_REJECTED = "import_rejected", "导入被拒"
    PII_VIEW = "pii_view", "查看个人信息"
    CREATE = "create", "新增"
    UPDATE = "update", "修改"
    DELETE = "delete", "删除"
    TRANSITION = "transition", "流程操作"
    SETTING_CHANGE = "setting_change", "设置变更"
    REPORT_FREEZE = "report_freeze", "报告定稿"
    DOWNLOAD = "download", "下载附件"
    AUDIT_PURGE = "audit_purge", "清理审计日志"
    BACKUP = "backup", "数据备份"
    RESTORE = "restore", "数据恢复"
    KEY_ROTATE = "key_rotate", "密钥轮换"


class PeriodUnit(models.TextChoices):
    CALENDAR_DAYS = "calendar_days", "日（自然日）"
    WORKING_DAYS = "working_days", "工作日"
    MONTHS = "months", "月"


class HolidayKind(models.TextChoices):
    HOLIDAY = "holiday", "法定节假日（休息）"
    WORKDAY = "workday", "调休上班日"
