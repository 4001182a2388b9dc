"""``fazhi keys status|rotate|forget``: the keys of the personal data stored encrypted (:mod:`fazhi.core.crypto`).

``rotate`` puts every value under a new key: with the key file it adds a new current key to it (the old ones stay,
to read backups made before); with ``FAZHI_DATA_KEY`` the operator has put the new key first in the variable
(the old ones after it) and ``rotate`` re-encrypts under it. Rows go in batches, one transaction each, so a
rotation interrupted is resumed by running ``fazhi keys rotate --resume``. Error workbooks of rejected imports are
re-encrypted too. ``forget`` removes an old key from the key file once no stored value uses it."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from fazhi.core import crypto
from fazhi.core.audit import record
from fazhi.core.choices import AuditAction

CONSOLE = "（服务器控制台）"


def rotate_files():
    """Re-encrypt the error workbooks under the current key; how many."""
    n = 0
    key = crypto.ring().current
    for path in (Path(settings.MEDIA_ROOT) / "imports").glob("*.sm4"):
        blob = path.read_bytes()
        if blob.startswith(crypto.FILE_MAGIC + bytes([len(key.id)]) + key.id.encode()):
            continue
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(crypto.encrypt_bytes(crypto.decrypt_bytes(blob)))
        tmp.chmod(0o600)
        tmp.replace(path)
        n += 1
    return n


class Command(BaseCommand):
    help = "个人信息加密密钥：status 查看，rotate 轮换并重新加密全部数据，forget 删除不再使用的旧密钥。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        sub.add_parser("status", help="密钥来源、当前密钥、各密钥加密的数据条数")
        r = sub.add_parser("rotate", help="启用新密钥，把全部个人信息重新加密（分批，每批一个事务）")
        r.add_argument("--batch", type=int, default=500, help="每批行数（默认500）")
        r.add_argument("--resume", action="store_true", help="继续上次中断的轮换：不新增密钥，只处理尚未重新加密的数据")
        f = sub.add_parser("forget", help="从密钥文件删除一个已不再使用的旧密钥")
        f.add_argument("key_id")

    def handle(self, *args, what, **options):
        try:
            ring = crypto.ring()
        except crypto.KeyError_ as e:
            raise CommandError(str(e)) from None
        getattr(self, what)(ring, **options)

    def status(self, ring, **options):
        self.stdout.write(f"密钥来源：{'环境变量 FAZHI_DATA_KEY' if ring.source == 'env' else '密钥文件 ' + ring.source}")
        self.stdout.write(f"当前密钥：{ring.current.id}")
        usage = crypto.usage()
        for kid in ring.keys:
            self.stdout.write(f"  {kid}{'（当前）' if kid == ring.current.id else ''}：{usage.pop(kid, 0)}项")
        for kid, n in usage.items():
            self.stdout.write(self.style.ERROR(f"  {kid or '未加密'}：{n}项" + ("（不在密钥环中，无法解密）" if kid else "")))

    def rotate(self, ring, batch, resume, **options):
        if batch < 1:
            raise CommandError("--batch 须为正整数。")
        old = ring.current.id
        if ring.source != "env" and not resume:
            new = crypto.add_key_to_file()
            self.stdout.write(f"已在密钥文件中新增密钥 {new}（旧密钥保留，用于读取此前的备份）。")
        ring = crypto.ring()
        total = 0
        for model in crypto.models_with_encrypted_fields():
            n = crypto.reencrypt(model, batch=batch)
            if n:
                self.stdout.write(f"  {model._meta.label}：{n}行")
            total += n
        files = rotate_files()
        message = f"个人信息密钥轮换：当前密钥 {ring.current.id}，重新加密{total}行、错误报告{files}个"
        record(None, AuditAction.KEY_ROTATE, username=CONSOLE, message=message,
               detail={"from": old, "to": ring.current.id, "rows": total, "files": files})
        self.stdout.write(self.style.SUCCESS(message + "。"))

    def forget(self, ring, key_id, **options):
        if ring.source == "env":
            raise CommandError("密钥来自环境变量 FAZHI_DATA_KEY：请从该变量中删除旧密钥。删除前先运行 fazhi keys status，确认其加密的数据为0项。")
        if key_id not in ring.keys:
            raise CommandError(f"密钥文件中没有密钥“{key_id}”。")
        if key_id == ring.current.id:
            raise CommandError(f"“{key_id}”是当前密钥，不能删除。")
        in_use = crypto.usage().get(key_id, 0)
        if in_use:
            raise CommandError(f"仍有{in_use}项数据由密钥“{key_id}”加密，不能删除：请先运行 fazhi keys rotate --resume。")
        crypto.forget_key_in_file(key_id)
        record(None, AuditAction.KEY_ROTATE, username=CONSOLE, message=f"删除不再使用的个人信息密钥 {key_id}", detail={"forgotten": key_id})
        self.stdout.write(f"已删除密钥 {key_id}。此前用它加密的备份将无法读取其中的个人信息。")
