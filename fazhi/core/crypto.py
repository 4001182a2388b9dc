"""Personal data at rest: SM4 (GB/T 32907) encryption and a keyed SM3 (GB/T 32905) blind index.

个人信息保护法 Art. 51 asks for encryption of personal information, 等保2.0 level 3 (GB/T 22239-2019 8.1.4.8) for
the confidentiality of important data in storage. ID numbers, phone numbers and addresses of natural persons —
and whatever a registry declares personal and sensitive — are stored by :class:`fazhi.core.fields.EncryptedCharField`
as ``sm4$<key id>$<base64(nonce ‖ ciphertext ‖ tag)>``: SM4 in GCM mode (an authenticated mode: a changed byte
is refused, never decrypted into another value), a fresh 96-bit nonce per value, through ``cryptography``
(OpenSSL's SM4 and SM3).

The keys are never in the database (a stolen dump or backup reveals nothing without them). They come from

* ``FAZHI_DATA_KEY``: ``<id>:<64 hex digits>`` entries separated by commas, the first the current one (a bare
  64-hex-digit value is the key ``env``); or else
* the key file ``var/data_keys.json`` (``FAZHI_DATA_KEY_FILE``), generated on first use with mode 0600,
  like the secret key: ``{"current": id, "keys": {id: hex, ...}}``.

Each key is 32 random bytes; the SM4 key and the blind-index key are derived from it with HMAC-SM3, so one
secret serves both. The blind index of a value is HMAC-SM3(index key, normalised value): equal values have equal
indexes under one key, and nobody without the key can compute or invert one. A search computes the index under
every key of the ring, so it finds values whether or not ``fazhi keys rotate`` has reached them yet.

``fazhi keys rotate`` adds a new current key (key file) — or uses the first key of ``FAZHI_DATA_KEY`` — and
re-encrypts every value and re-computes every index under it; the old keys stay in the ring to read backups
made before, until ``fazhi keys forget`` removes one that no value uses any more."""

import base64
import json
import os
import re
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import hmac as crypto_hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PREFIX = "sm4$"
NONCE_BYTES = 12
TAG_BYTES = 16
KEY_BYTES = 32


class KeyError_(Exception):  # noqa: N801 — distinct from the builtin KeyError
    """The data keys are missing or malformed (a Chinese message for the operator)."""


class DecryptionError(ValueError):
    """A stored value that does not decrypt: unknown key, or changed bytes."""


def _sm3_hmac(key, data):
    h = crypto_hmac.HMAC(key, hashes.SM3())
    h.update(data)
    return h.finalize()


@dataclass(frozen=True)
class DataKey:
    id: str
    secret: bytes
    sm4: bytes = field(init=False, repr=False)  # the SM4 key and the blind-index key, derived once
    index: bytes = field(init=False, repr=False)

    def __post_init__(self):
        object.__setattr__(self, "sm4", _sm3_hmac(self.secret, b"fazhi sm4 data key")[:16])
        object.__setattr__(self, "index", _sm3_hmac(self.secret, b"fazhi sm3 blind index key"))


@dataclass(frozen=True)
class KeyRing:
    current: DataKey
    keys: dict  # id -> DataKey, the current one among them
    source: str  # "env" or the key file's path

    def get(self, key_id):
        try:
            return self.keys[key_id]
        except KeyError:
            raise DecryptionError(f"个人信息密钥“{key_id}”不在密钥环中，无法解密。") from None


def key_file():
    from django.conf import settings

    return Path(getattr(settings, "FAZHI_DATA_KEY_FILE", None) or Path(settings.VAR_DIR) / "data_keys.json")


def _parse_hex(key_id, value, where):
    try:
        secret = bytes.fromhex(value.strip())
    except ValueError:
        raise KeyError_(f"{where}中的密钥“{key_id}”不是十六进制数。") from None
    if len(secret) != KEY_BYTES:
        raise KeyError_(f"{where}中的密钥“{key_id}”应为{KEY_BYTES * 2}位十六进制数（{KEY_BYTES}字节），实为{len(secret) * 2}位。")
    return DataKey(key_id, secret)


def _ring_from_env(raw):
    keys = []
    for n, entry in enumerate(p.strip() for p in raw.split(",")):
        if not entry:
            continue
        key_id, sep, value = entry.rpartition(":")
        if not sep:
            key_id, value = ("env" if n == 0 else f"env{n}"), entry
        if not key_id or "$" in key_id:
            raise KeyError_("FAZHI_DATA_KEY 中的密钥编号不能为空，也不能含“$”。")
        keys.append(_parse_hex(key_id, value, "FAZHI_DATA_KEY"))
    if not keys:
        raise KeyError_("FAZHI_DATA_KEY 为空。")
    return KeyRing(keys[0], {k.id: k for k in keys}, "env")


def new_key_id():
    from django.utils import timezone

    return f"k{timezone.now():%Y%m%d%H%M%S}{secrets.token_hex(2)}"


def _write_key_file(path, data, *, exclusive):
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if exclusive:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    else:
        tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    if not exclusive:
        os.replace(tmp, path)


def _ring_from_file(path):
    if not path.exists():
        try:
            _write_key_file(path, {"current": (kid := new_key_id()), "keys": {kid: secrets.token_hex(KEY_BYTES)}}, exclusive=True)
        except FileExistsError:
            pass  # another process made it first: read theirs
    try:
        data = json.loads(path.read_text())
        keys = {kid: _parse_hex(kid, value, str(path)) for kid, value in data["keys"].items()}
        current = keys[data["current"]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
        if isinstance(e, KeyError_):
            raise
        raise KeyError_(f"个人信息密钥文件 {path} 无法读取或格式不对：{e}") from None
    return KeyRing(current, keys, str(path))


_state = {"at": -10.0, "source": None, "ring": None}


def ring():
    """The key ring in force. Its source (``FAZHI_DATA_KEY``, else the key file and its modification time) is
    looked at again at most once a second, so that the processes of a running server take up the key
    ``fazhi keys rotate`` adds while they serve; :func:`reload` forgets it at once."""
    now = time.monotonic()
    if _state["ring"] is not None and now - _state["at"] <= 1.0:
        return _state["ring"]
    env = os.environ.get("FAZHI_DATA_KEY", "")
    path = str(key_file())
    mtime = None
    if not env:
        try:
            mtime = os.stat(path).st_mtime_ns
        except FileNotFoundError:
            mtime = None
    source = (env, path, mtime)
    if _state["ring"] is None or _state["source"] != source:
        _state["ring"] = _ring_from_env(env) if env else _ring_from_file(Path(path))
        if not env and mtime is None:  # the file was just made: remember its time, not its absence
            source = (env, path, os.stat(path).st_mtime_ns)
        _state["source"] = source
    _state["at"] = now
    return _state["ring"]


def reload():
    _state.update({"at": -10.0, "source": None, "ring": None})


def add_key_to_file():
    """A new current key in the key file (the old ones stay to read older values and backups); its id."""
    path = key_file()
    old = _ring_from_file(path)
    kid = new_key_id()
    data = {"current": kid, "keys": {k.id: k.secret.hex() for k in old.keys.values()} | {kid: secrets.token_hex(KEY_BYTES)}}
    _write_key_file(path, data, exclusive=False)
    reload()
    return kid


def forget_key_in_file(key_id):
    path = key_file()
    old = _ring_from_file(path)
    data = {"current": old.current.id, "keys": {k.id: k.secret.hex() for k in old.keys.values() if k.id != key_id}}
    _write_key_file(path, data, exclusive=False)
    reload()


# -- values ---------------------------------------------------------------------------------------------------


def is_encrypted(value):
    return isinstance(value, str) and value.startswith(PREFIX)


def key_id_of(value):
    """The id of the key a stored value was encrypted with (None for a value in clear)."""
    if not is_encrypted(value):
        return None
    return value.split("$", 2)[1]


def encrypt(plaintext, key=None):
    """``plaintext`` (str) as a stored value; the empty string stays empty (an empty field reveals nothing)."""
    if plaintext is None or plaintext == "":
        return plaintext
    key = key or ring().current
    nonce = os.urandom(NONCE_BYTES)
    enc = Cipher(algorithms.SM4(key.sm4), modes.GCM(nonce)).encryptor()
    enc.authenticate_additional_data(key.id.encode())
    body = enc.update(str(plaintext).encode()) + enc.finalize()
    return f"{PREFIX}{key.id}${base64.b64encode(nonce + body + enc.tag).decode()}"


def decrypt(stored):
    """The plaintext of a stored value; a value in clear (rows written before encryption, until the migration
    or ``fazhi keys rotate`` has reached them) is returned as it is."""
    if not is_encrypted(stored):
        return stored
    try:
        _, key_id, b64 = stored.split("$", 2)
        raw = base64.b64decode(b64, validate=True)
    except ValueError:
        raise DecryptionError("个人信息密文格式不对，无法解密。") from None
    if len(raw) < NONCE_BYTES + TAG_BYTES:
        raise DecryptionError("个人信息密文过短，无法解密。")
    nonce, body, tag = raw[:NONCE_BYTES], raw[NONCE_BYTES:-TAG_BYTES], raw[-TAG_BYTES:]
    dec = Cipher(algorithms.SM4(ring().get(key_id).sm4), modes.GCM(nonce, tag)).decryptor()
    dec.authenticate_additional_data(key_id.encode())
    try:
        return (dec.update(body) + dec.finalize()).decode()
    except (InvalidTag, UnicodeDecodeError):
        raise DecryptionError("个人信息密文已被改动或密钥不符，无法解密。") from None


def blind_index(value, key=None):
    """The keyed SM3 index of a normalised value under ``key`` (the current key by default); '' for ''."""
    value = normalise(value)
    if not value:
        return ""
    return _sm3_hmac((key or ring().current).index, value.encode()).hex()


def blind_indexes(value):
    """The index of ``value`` under every key of the ring: what a search looks for."""
    return [blind_index(value, k) for k in ring().keys.values()] if normalise(value) else []


def normalise(value):
    """The form in which values are compared: no surrounding or inner spaces, capital letters (an ID number's
    check character x and X are the same)."""
    return "".join(str(value or "").split()).upper()


# -- whole files (error workbooks) ------------------------------------------------------------------------------

FILE_MAGIC = b"FZSM4\x01"


def encrypt_bytes(data, key=None):
    key = key or ring().current
    nonce = os.urandom(NONCE_BYTES)
    enc = Cipher(algorithms.SM4(key.sm4), modes.GCM(nonce)).encryptor()
    enc.authenticate_additional_data(key.id.encode())
    body = enc.update(data) + enc.finalize()
    kid = key.id.encode()
    return FILE_MAGIC + bytes([len(kid)]) + kid + nonce + body + enc.tag


def decrypt_bytes(blob):
    if not blob.startswith(FILE_MAGIC):
        return blob  # a file written before encryption
    n = blob[len(FILE_MAGIC)]
    start = len(FILE_MAGIC) + 1
    kid = blob[start:start + n]
    nonce = blob[start + n:start + n + NONCE_BYTES]
    body, tag = blob[start + n + NONCE_BYTES:-TAG_BYTES], blob[-TAG_BYTES:]
    key = ring().get(kid.decode())
    dec = Cipher(algorithms.SM4(key.sm4), modes.GCM(nonce, tag)).decryptor()
    dec.authenticate_additional_data(kid)
    try:
        return dec.update(body) + dec.finalize()
    except InvalidTag:
        raise DecryptionError("文件已被改动或密钥不符，无法解密。") from None



# -- rows: the migration that encrypts existing data, and fazhi keys rotate ----------------------------------------


def encrypted_fields(model):
    from .fields import EncryptedCharField

    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedCharField)]


def index_fields(model):
    from .fields import BlindIndexField

    return [f for f in model._meta.concrete_fields if isinstance(f, BlindIndexField)]


def stale(model, key_id):
    """The rows of ``model`` holding a value not encrypted under ``key_id`` (in clear, or under another key)."""
    from django.db.models import Q, TextField
    from django.db.models.functions import Cast

    fields = encrypted_fields(model)
    qs = model._base_manager.annotate(**{f"_raw_{f.attname}": Cast(f.attname, TextField()) for f in fields})
    q = Q()
    for f in fields:
        raw = f"_raw_{f.attname}"
        q |= Q(**{f"{raw}__isnull": False}) & ~Q(**{raw: ""}) & ~Q(**{f"{raw}__startswith": f"{PREFIX}{key_id}$"})
    return qs.filter(q)


def reencrypt(model, batch=500, progress=None):
    """Encrypt every value of ``model`` under the current key and recompute its blind indexes, ``batch`` rows
    a transaction (an interrupted run resumes where it stopped); the number of rows rewritten."""
    from django.db import transaction

    fields, indexes = encrypted_fields(model), index_fields(model)
    if not fields:
        return 0
    key = ring().current
    done = 0
    while True:
        with transaction.atomic():
            pks = list(stale(model, key.id).order_by("pk").values_list("pk", flat=True)[:batch])
            if not pks:
                return done
            rows = list(model._base_manager.filter(pk__in=pks))
            for row in rows:
                for f in indexes:
                    setattr(row, f.attname, blind_index(getattr(row, f.source), key))
            model._base_manager.bulk_update(rows, [f.name for f in fields + indexes])
        done += len(rows)
        if progress:
            progress(model, done)


def models_with_encrypted_fields(apps=None):
    from django.apps import apps as global_apps

    return [m for m in (apps or global_apps).get_models() if encrypted_fields(m)]


def encrypt_existing(app_label):
    """A migration's RunPython: encrypt the rows ``app_label``'s models hold in clear (idempotent)."""

    def run(apps, schema_editor):
        for model in apps.get_app_config(app_label).get_models():
            reencrypt(model)

    return run


def decrypt_existing(app_label):
    """The reverse: the values of ``app_label``'s models back in clear (before the columns become plain text)."""

    def run(apps, schema_editor):
        from django.db.models import TextField, Value

        for model in apps.get_app_config(app_label).get_models():
            fields = encrypted_fields(model)
            for row in model._base_manager.only("pk", *(f.attname for f in fields)).iterator(chunk_size=500):
                model._base_manager.filter(pk=row.pk).update(
                    **{f.attname: Value(getattr(row, f.attname), output_field=TextField()) for f in fields})

    return run


def usage(apps=None):
    """{key id: number of stored values under it} over every encrypted column, and the values in clear ("")."""
    from django.db.models import TextField
    from django.db.models.functions import Cast

    counts = {}
    for model in models_with_encrypted_fields(apps):
        for f in encrypted_fields(model):
            raws = (model._base_manager.annotate(_raw=Cast(f.attname, TextField())).exclude(_raw="").exclude(_raw__isnull=True)
                    .values_list("_raw", flat=True).iterator(chunk_size=2000))
            for raw in raws:
                kid = key_id_of(raw) or ""
                counts[kid] = counts.get(kid, 0) + 1
    return counts


# -- free text: the audit log's message and detail -------------------------------------------------------------

#: An 18-character resident ID number or an 11-digit mainland mobile number standing on its own in free text.
PERSONAL_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|1[3-9]\d{9})(?![0-9A-Za-z])")
TOKEN_IN_TEXT = re.compile(r"sm4\$[0-9A-Za-z_-]+\$[0-9A-Za-z+/=]+")


def protect(value):
    """``value`` (a str, or a dict/list of them, as an audit event's detail) with every ID or mobile number in
    it replaced by its ciphertext: a search keyword or a filter holding one reaches the audit log encrypted."""
    if isinstance(value, str):
        return PERSONAL_IN_TEXT.sub(lambda m: encrypt(m.group(0)), value)
    if isinstance(value, dict):
        return {k: protect(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [protect(v) for v in value]
    return value


def shown_masked(text):
    """``text`` with each ciphertext in it shown masked (the audit page and its export): 330726********1234."""
    from .personal import ID_NUMBER, PHONE, mask

    def one(m):
        try:
            plain = decrypt(m.group(0))
        except DecryptionError:
            return "〔无法解密〕"
        return mask(plain, PHONE if len(plain) == 11 else ID_NUMBER)  # what PERSONAL_IN_TEXT found

    return TOKEN_IN_TEXT.sub(one, text or "")
