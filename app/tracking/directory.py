"""The office directory: users (hashed passwords, roles), units and their aliases, API tokens."""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from ..errors import Conflict, NotFound, ValidationError
from ..store.models.directory import ROLES, ApiToken, Unit, UnitAlias, User
from . import audit
from .textfold import fold

MIN_PASSWORD = 8
TOKEN_TOUCH = timedelta(minutes=5)   # resolution of ApiToken.last_used_at


def create_user(s: Session, actor, *, username: str, full_name: str, password: str, role: str,
                unit_id: int | None = None, email: str | None = None) -> User:
    errors = []
    username = (username or "").strip().lower()
    if not username or not username.replace(".", "").replace("_", "").replace("-", "").isalnum():
        errors.append({"field": "username", "message": "Tên đăng nhập chỉ gồm chữ không dấu, số, dấu chấm, gạch."})
    if not (full_name or "").strip():
        errors.append({"field": "full_name", "message": "Nhập họ và tên."})
    if len(password or "") < MIN_PASSWORD:
        errors.append({"field": "password", "message": f"Mật khẩu phải có ít nhất {MIN_PASSWORD} ký tự."})
    if role not in ROLES:
        errors.append({"field": "role", "message": "Vai trò phải là một trong: " + ", ".join(ROLES) + "."})
    if errors:
        raise ValidationError("Thông tin người dùng không hợp lệ.", details=errors)
    if s.scalar(select(User).where(User.username == username)):
        raise Conflict(f"Tên đăng nhập «{username}» đã tồn tại.", code="username_taken")
    user = User(username=username, full_name=full_name.strip(), email=email, role=role, unit_id=unit_id,
                password_hash=generate_password_hash(password), ics_token=secrets.token_urlsafe(24))
    s.add(user)
    s.flush()
    audit.record(s, actor, "user.create", "user", user.id, f"{username} ({role})")
    return user


def authenticate(s: Session, username: str, password: str) -> User | None:
    user = s.scalar(select(User).where(User.username == (username or "").strip().lower()))
    if user and user.active and check_password_hash(user.password_hash, password or ""):
        return user
    return None


def issue_token(s: Session, user: User, name: str) -> str:
    """A new API token; only its hash is kept, so this is the only time it is shown."""
    raw = "vt_" + secrets.token_urlsafe(32)
    s.add(ApiToken(user_id=user.id, name=name or "api", token_hash=token_hash(raw)))
    s.flush()
    audit.record(s, user, "token.issue", "user", user.id, name)
    return raw


# token hash -> (user id, the database's change token when it was resolved, when last_used_at is
# next due). Valid only while nothing in the database changed (app.store.changes): a revoked
# token, a deactivated user or a new role is a write, so it takes effect at once in every worker.
# With no change token (in-memory SQLite) nothing is cached.
TOKEN_CACHE_MAX = 10_000
_token_users: dict[str, tuple[int, object, datetime]] = {}


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def cached_token_user(h: str, version) -> int | None:
    """The user id of token hash `h` if it was resolved at this change token and its
    last_used_at is not due for a write; else None (resolve it with user_for_token)."""
    hit = _token_users.get(h)
    if hit is None or version is None or hit[1] != version or datetime.now() >= hit[2]:
        return None
    return hit[0]


def user_for_token(s: Session, raw: str, version=None) -> User | None:
    """The active user a bearer token belongs to (None if unknown or inactive).

    `version`: the change token read before this call. While it holds, one query (the user by
    primary key); otherwise one joined query, plus a last_used_at write at most every TOKEN_TOUCH.
    """
    h = token_hash(raw)
    user_id = cached_token_user(h, version)
    if user_id is not None:
        user = s.get(User, user_id)
        return user if user is not None and user.active else None
    row = s.execute(select(ApiToken, User).join(User, ApiToken.user_id == User.id)
                    .where(ApiToken.token_hash == h)).first()
    if row is None:
        _token_users.pop(h, None)
        return None
    tok, user = row
    if not user.active:
        return None
    now = datetime.now()
    if tok.last_used_at is None or now - tok.last_used_at > TOKEN_TOUCH:   # not one write per request
        tok.last_used_at = now
    if version is not None:
        if len(_token_users) >= TOKEN_CACHE_MAX:
            _token_users.clear()
        _token_users[h] = (user.id, version, tok.last_used_at + TOKEN_TOUCH)
    return user


def revoke_token(s: Session, actor, token_id: int) -> None:
    """Delete an API token (its owner or an admin); it stops working at once in this process."""
    tok = s.get(ApiToken, token_id)
    if tok is None or (actor.id != tok.user_id and actor.role != "admin"):
        raise NotFound("Không tìm thấy mã truy cập API.")
    _token_users.pop(tok.token_hash, None)
    s.delete(tok)
    s.flush()
    audit.record(s, actor, "token.revoke", "user", tok.user_id, tok.name)


def create_unit(s: Session, actor, name: str, short_name: str | None = None, parent_id: int | None = None,
                internal: bool = True) -> Unit:
    if not (name or "").strip():
        raise ValidationError("Tên đơn vị không được để trống.", details=[{"field": "name", "message": "Nhập tên đơn vị."}])
    unit = Unit(name=name.strip(), short_name=(short_name or "").strip() or None, parent_id=parent_id, internal=internal)
    s.add(unit)
    s.flush()
    remember_alias(s, unit, unit.name)
    if unit.short_name:
        remember_alias(s, unit, unit.short_name)
    audit.record(s, actor, "unit.create", "unit", unit.id, unit.name)
    return unit


def alias_key(name: str) -> str:
    """Comparison key for unit names as written: diacritics, case, 'các'/'đối với' prefixes ignored."""
    k = fold(name).strip(" .,:;")
    for prefix in ("doi voi ", "cac "):
        if k.startswith(prefix):
            k = k[len(prefix):]
    return k


def remember_alias(s: Session, unit: Unit, written: str) -> None:
    """Map a name as written to a unit, so the next dispatch that writes it is mapped automatically."""
    key = alias_key(written)
    if not key:
        return
    existing = s.scalar(select(UnitAlias).where(UnitAlias.key == key))
    if existing is None:
        s.add(UnitAlias(unit_id=unit.id, alias=written.strip(), key=key))
    elif existing.unit_id != unit.id:
        existing.unit_id = unit.id
        existing.alias = written.strip()
    s.flush()


def match_unit(s: Session, written: str) -> Unit | None:
    """The unit an extracted name maps to, through remembered aliases."""
    alias = s.scalar(select(UnitAlias).where(UnitAlias.key == alias_key(written)))
    return alias.unit if alias else None


def get_unit(s: Session, unit_id: int) -> Unit:
    unit = s.get(Unit, unit_id)
    if unit is None:
        raise NotFound("Không tìm thấy đơn vị.")
    return unit


def import_units_xlsx(s: Session, actor, path: str) -> int:
    """Import units from a sheet with columns: Tên đơn vị | Viết tắt | Đơn vị cấp trên | Tên gọi khác (';'-separated).

    The first row is a header. Rows whose name already exists update the abbreviation and aliases.
    """
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many kinds for a non-xlsx file
        from ..errors import UnreadableFile
        raise UnreadableFile("Không đọc được tệp Excel (.xlsx) danh sách đơn vị.") from e
    ws = wb.active
    by_name = {u.name: u for u in s.scalars(select(Unit))}
    count = 0
    pending_parent = []
    for i, row in enumerate(ws.iter_rows(values_only=True)):
        if i == 0 or not row or not row[0]:
            continue
        name = str(row[0]).strip()
        short = str(row[1]).strip() if len(row) > 1 and row[1] else None
        parent = str(row[2]).strip() if len(row) > 2 and row[2] else None
        aliases = [a.strip() for a in str(row[3]).split(";")] if len(row) > 3 and row[3] else []
        unit = by_name.get(name) or create_unit(s, actor, name, short)
        unit.short_name = short or unit.short_name
        by_name[name] = unit
        for a in aliases + ([short] if short else []):
            remember_alias(s, unit, a)
        if parent:
            pending_parent.append((unit, parent))
        count += 1
    for unit, parent in pending_parent:
        if parent in by_name:
            unit.parent_id = by_name[parent].id
    s.flush()
    return count


def update_user(s: Session, actor, user_id: int, *, role: str, unit_id: int | None, active: bool = True) -> User:
    """Change a user's role, unit or activity (administration page)."""
    user = s.get(User, user_id)
    if user is None:
        raise NotFound("Không tìm thấy người dùng.")
    if role not in ROLES:
        raise ValidationError("Vai trò không hợp lệ.", details=[{"field": "role", "message": "Chọn một vai trò."}])
    if unit_id is not None:
        get_unit(s, unit_id)
    if actor is not None and actor.id == user.id and (role != "admin" or not active):
        raise ValidationError("Không thể tự bỏ quyền quản trị hoặc tự khóa tài khoản của mình.",
                              details=[{"field": "role", "message": "Nhờ một quản trị viên khác thực hiện."}])
    user.role, user.unit_id, user.active = role, unit_id, active
    s.flush()
    audit.record(s, actor, "user.update", "user", user.id, f"role={role} unit={unit_id} active={active}")
    return user
