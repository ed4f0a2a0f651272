"""A typed số must not collide with the outgoing register (ND30-NUM-01/02): a number already
issued in the same (organ, register, year) is refused with 409 `number_taken`, the counter steps
over typed numbers, and a unique index settles races. Every test runs on SQLite and PostgreSQL."""
from __future__ import annotations

import datetime as dt
import re
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError

from app import create_app
from app.drafting.pipeline import issue
from app.errors import Conflict
from app.store.db import get_engine, new_session, session_scope
from app.store.models.outgoing import NUMBER_INDEX, OutgoingDocument
from app.store.numbering import current_number

from .test_drafting_render import example


def _data(number, date="2025-02-05", **over):
    data = example("cong_van")
    data["code"]["number"] = number
    data["promulgation"]["date"] = date
    data.update(over)
    return data


def _issue(db_url, tmp_path, number, **kw):
    return issue(_data(number, **kw), database_url=db_url, storage_dir=str(tmp_path / "files"))


def _rows(db_url):
    with session_scope(db_url, write=False) as s:
        return [(r.organ_key, r.register, r.year, r.number, r.number_source)
                for r in s.scalars(select(OutgoingDocument).order_by(OutgoingDocument.created_at))]


def _files(tmp_path) -> list[Path]:
    return sorted((tmp_path / "files").rglob("*.docx"))


def _counter(db_url, year=2025, register="van_ban_di"):
    from app.drafting.pipeline import organ_key
    with session_scope(db_url, write=False) as s:
        return current_number(s, organ_key(_data(1)), year, register)


def test_duplicate_typed_number_refused_and_nothing_written(db_url, tmp_path):
    first = _issue(db_url, tmp_path, 12)
    assert first.code == "12/UBND-VP"
    with pytest.raises(Conflict) as exc:
        _issue(db_url, tmp_path, 12, subject="một việc khác")
    e = exc.value
    assert e.code == "number_taken" and e.status == 409
    assert e.message == ("Số 12 đã được cấp trong sổ văn bản đi năm 2025 (văn bản 12/UBND-VP ngày "
                         "05/02/2025). Để trống ô Số để lấy số tiếp theo.")
    assert e.details[0]["field"] == "code.number" and e.details[0]["document_id"] == first.id
    assert len(_rows(db_url)) == 1                       # no second row
    assert _files(tmp_path) == [tmp_path / "files" / "outgoing" / "2025" / f"{first.id}.docx"]
    assert _counter(db_url) == 0                         # a typed number does not move the counter


def test_typed_number_already_issued_by_the_counter_is_refused(db_url, tmp_path):
    assert _issue(db_url, tmp_path, None).number == 1
    assert _issue(db_url, tmp_path, None).number == 2
    with pytest.raises(Conflict) as exc:
        _issue(db_url, tmp_path, 1)
    assert "Số 01 đã được cấp" in exc.value.message and "01/UBND-VP" in exc.value.message
    assert _issue(db_url, tmp_path, None).number == 3    # the refusal consumed nothing
    assert [r[3] for r in _rows(db_url)] == [1, 2, 3]


def test_counter_steps_over_typed_numbers(db_url, tmp_path):
    # typed ahead of the counter: recorded, the counter stays where it is ...
    assert _issue(db_url, tmp_path, 3).number == 3
    assert _issue(db_url, tmp_path, 4).number == 4
    assert _issue(db_url, tmp_path, 9).number == 9
    assert _counter(db_url) == 0
    # ... and the register never hands them out again
    got = [_issue(db_url, tmp_path, None).number for _ in range(6)]
    assert got == [1, 2, 5, 6, 7, 8]
    assert _issue(db_url, tmp_path, None).number == 10
    assert _counter(db_url) == 10
    numbers = [r[3] for r in _rows(db_url)]
    assert sorted(numbers) == list(range(1, 11)) and len(set(numbers)) == len(numbers)
    sources = {r[3]: r[4] for r in _rows(db_url)}
    assert sources[3] == sources[4] == sources[9] == "input" and sources[5] == "register"
    with pytest.raises(Conflict):                        # typed again: refused like any taken number
        _issue(db_url, tmp_path, 9)


def test_new_year_restarts_and_typed_numbers_are_per_year(db_url, tmp_path):
    assert _issue(db_url, tmp_path, 5, date="2025-12-30").number == 5
    assert _issue(db_url, tmp_path, 5, date="2026-01-02").code == "05/UBND-VP"    # another year: free
    assert [_issue(db_url, tmp_path, None, date="2026-01-03").number for _ in range(5)] == [1, 2, 3, 4, 6]
    assert _issue(db_url, tmp_path, None, date="2025-12-31").number == 1            # 2025 has its own run
    with pytest.raises(Conflict) as exc:
        _issue(db_url, tmp_path, 5, date="2026-03-01")
    assert "năm 2026" in exc.value.message and "02/01/2026" in exc.value.message


def test_other_register_or_organ_does_not_conflict(db_url, tmp_path):
    _issue(db_url, tmp_path, 7)
    in_other_register = _issue(db_url, tmp_path, 7, register="so_quyet_dinh")
    assert in_other_register.number == 7
    other = _data(7)
    other["organ"] = {**other["organ"], "name": "Ủy ban nhân dân xã Tân Hội"}
    assert issue(other, database_url=db_url, storage_dir=str(tmp_path / "files")).number == 7
    assert len(_rows(db_url)) == 3
    with pytest.raises(Conflict) as exc:
        _issue(db_url, tmp_path, 7, register="so_quyet_dinh")
    assert "sổ “so_quyet_dinh” năm 2025" in exc.value.message


def _race(n, target):
    barrier = threading.Barrier(n)
    results, errors = [], []

    def run(i):
        barrier.wait()
        try:
            results.append(target(i))
        except Conflict as e:
            errors.append(e)
        except Exception as e:  # noqa: BLE001 - anything else fails the test below
            errors.append(e)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results, errors


def test_threads_racing_on_the_same_typed_number_one_wins(db_url, tmp_path):
    results, errors = _race(4, lambda i: _issue(db_url, tmp_path, 7, subject=f"việc số {i}"))
    assert len(results) == 1, errors
    assert len(errors) == 3 and all(isinstance(e, Conflict) and e.code == "number_taken" for e in errors), errors
    assert all(f"(văn bản {results[0].code} ngày 05/02/2025)" in e.message for e in errors)
    assert [r[3] for r in _rows(db_url)] == [7]
    assert _files(tmp_path) == [tmp_path / "files" / "outgoing" / "2025" / f"{results[0].id}.docx"]


def test_typed_and_counted_issues_racing_never_duplicate(db_url, tmp_path):
    """One typed 02 against four counted issues: either the typed one wins and the counter steps
    over 02, or the counter reached 02 first and the typed one is refused; never two 02."""
    results, errors = _race(5, lambda i: _issue(db_url, tmp_path, 2 if i == 0 else None))
    assert all(isinstance(e, Conflict) for e in errors), errors
    numbers = sorted(d.number for d in results)
    assert len(set(numbers)) == len(numbers)
    if errors:
        assert numbers == [1, 2, 3, 4] and len(errors) == 1
    else:
        assert numbers == [1, 2, 3, 4, 5]
    assert sorted(r[3] for r in _rows(db_url)) == numbers
    assert len(_files(tmp_path)) == len(numbers)


def test_writer_outside_the_pipeline_loses_to_the_index_as_a_conflict(db_url, tmp_path):
    """A row inserted without the register lock (another tool) and committed while an issue is
    rendering: the unique index refuses the issue's row and the user gets the same Conflict."""
    from app.drafting.pipeline import organ_key

    data = _data(8)
    s = new_session(db_url, write=True)
    s.add(OutgoingDocument(id="a" * 32, organ_key=organ_key(data), organ_name="x", register="van_ban_di", year=2025,
                           number=8, number_source="input", notation="UBND-VP", document_type="cong_van",
                           code="08/UBND-VP", issued_date=dt.date(2025, 1, 6), type_and_subject="Công văn",
                           signer="A", input_json={}))
    s.flush()                                  # written, not committed: the issue cannot see it yet
    out = {}

    def run():
        try:
            out["doc"] = issue(data, database_url=db_url, storage_dir=str(tmp_path / "files"))
        except Exception as e:  # noqa: BLE001
            out["error"] = e

    t = threading.Thread(target=run)
    t.start()
    time.sleep(1.0)                            # PostgreSQL: the issue is now waiting on the index entry
    s.commit()
    s.close()
    t.join(timeout=60)
    e = out.get("error")
    assert isinstance(e, Conflict) and e.code == "number_taken", out
    assert "Số 08 đã được cấp trong sổ văn bản đi năm 2025 (văn bản 08/UBND-VP ngày 06/01/2025)" in e.message
    assert _files(tmp_path) == []
    assert [r[3] for r in _rows(db_url)] == [8]


def test_unique_index_in_model_and_migration(db_url):
    idx = [i for i in inspect(get_engine(db_url)).get_indexes("outgoing_documents") if i["name"] == NUMBER_INDEX]
    assert len(idx) == 1 and idx[0]["unique"]
    assert idx[0]["column_names"] == ["organ_key", "register", "year", "number"]
    model = [i for i in OutgoingDocument.__table__.indexes if i.name == NUMBER_INDEX]
    assert len(model) == 1 and model[0].unique
    assert [c.name for c in model[0].columns] == idx[0]["column_names"]


def _row(id_, number):
    return OutgoingDocument(id=id_, organ_key="ubnd", organ_name="UBND", register="van_ban_di", year=2025,
                            number=number, number_source="input", notation="UBND-VP", document_type="cong_van",
                            code=f"{number}/UBND-VP", issued_date=dt.date(2025, 1, 1), type_and_subject="Công văn",
                            signer="A", input_json={})


def test_database_refuses_a_duplicate_row_but_not_unnumbered_drafts(db_url):
    with session_scope(db_url) as s:
        s.add_all([_row("1" * 32, 4), _row("2" * 32, None), _row("3" * 32, None)])
    with pytest.raises(IntegrityError):
        with session_scope(db_url) as s:
            s.add(_row("4" * 32, 4))
    assert sorted((r[3] or 0) for r in _rows(db_url)) == [0, 0, 4]


# --- API and page -----------------------------------------------------------------------------

@pytest.fixture
def dapp(db_url, tmp_path):
    return create_app({"TESTING": True, "DATABASE_URL": db_url, "STORAGE_DIR": str(tmp_path / "files"),
                       "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False, "BROKER_URL": None,
                       "LOGIN_DISABLED": True})


def test_api_answers_409_number_taken(dapp):
    c = dapp.test_client()
    r1 = c.post("/api/v1/documents", json=_data(12))
    assert r1.status_code == 201, r1.get_json()
    r2 = c.post("/api/v1/documents", json=_data(12))
    assert r2.status_code == 409
    err = r2.get_json()["error"]
    assert err["code"] == "number_taken"
    assert err["message"].startswith("Số 12 đã được cấp trong sổ văn bản đi năm 2025 (văn bản 12/UBND-VP")
    assert err["details"][0]["field"] == "code.number" and err["details"][0]["document_id"] == r1.get_json()["id"]
    r3 = c.post("/api/v1/documents", json=_data(None))
    assert r3.status_code == 201 and r3.get_json()["code"] == "01/UBND-VP"


FORM = {"organ.name": "Ủy ban nhân dân xã Tân Lập", "organ.in_charge": "Ủy ban nhân dân huyện Đan Phượng",
        "code.notation": "UBND-VP", "promulgation.place": "Tân Lập", "promulgation.date": "2025-02-05",
        "subject": "triển khai kế hoạch", "to": "Trạm Y tế xã Tân Lập", "content": "Đoạn một.\nĐoạn hai.",
        "signer.competence": "KT.", "signer.on_behalf_of": "CHỦ TỊCH", "signer.position": "PHÓ CHỦ TỊCH",
        "signer.full_name": "Nguyễn Thị Hồng Nhung", "to_places": "Như trên", "archive": "VP"}


def test_form_page_shows_the_message_beside_the_number_field(dapp):
    c = dapp.test_client()
    r = c.post("/drafting/cong_van", data={**FORM, "code.number": "3"})
    assert r.status_code == 200 and "03/UBND-VP" in r.get_data(as_text=True)
    r = c.post("/drafting/cong_van", data={**FORM, "code.number": "3"})
    html = r.get_data(as_text=True)
    assert r.status_code == 409
    field = re.search(r'<div class="field invalid">\s*<label for="f-code\.number">.*?</div>\s*</div>', html, re.S)
    assert field, "the Số field is not marked invalid"
    assert "Số 03 đã được cấp (văn bản 03/UBND-VP ngày 05/02/2025). Để trống ô Số để lấy số tiếp theo." \
        in field.group(0)
    assert 'value="3"' in field.group(0)                 # what the clerk typed is kept
    r = c.post("/drafting/cong_van", data=FORM)         # left blank: the next number
    assert r.status_code == 200 and "01/UBND-VP" in r.get_data(as_text=True)


def _alembic(url):
    from alembic.config import Config

    from app.store import db as store_db
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(store_db.__file__).parent / "migrations"))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    cfg.attributes["engine"] = get_engine(url)
    return cfg


def test_migration_stops_on_duplicates_already_in_the_register(db_url):
    """An office that already holds a number twice gets a clear list, not a half-applied upgrade;
    once it is fixed the index is created (and dropped again by the downgrade)."""
    from alembic import command

    from app.store import migrate

    cfg = _alembic(db_url)
    command.downgrade(cfg, "drafting_0002-1")
    assert NUMBER_INDEX not in {i["name"] for i in inspect(get_engine(db_url)).get_indexes("outgoing_documents")}
    with session_scope(db_url) as s:
        s.add_all([_row("1" * 32, 4), _row("2" * 32, 4), _row("3" * 32, 5)])
    with pytest.raises(RuntimeError, match=r"số bị cấp trùng.*ubnd / van_ban_di / 2025: số 4 \(2 văn bản\)"):
        migrate(db_url)
    with session_scope(db_url) as s:
        s.get(OutgoingDocument, "2" * 32).number = 6
    migrate(db_url)
    idx = [i for i in inspect(get_engine(db_url)).get_indexes("outgoing_documents") if i["name"] == NUMBER_INDEX]
    assert idx and idx[0]["unique"]
