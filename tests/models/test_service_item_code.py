"""A service's 事项编码 (the province's catalogue code): saved, shown, cleared, checked."""

from __future__ import annotations

import pytest

from app.models import Database
from app.models import hall_config as hc


def test_a_services_item_code_is_saved_shown_and_cleared(db: Database) -> None:
    with db.write() as conn:
        change = hc.save_service(conn, {"item_code": " 11370100MB2850001X4000111700001 "}, code="A")
    assert change.before is not None and change.before["item_code"] == ""
    assert change.after is not None
    assert change.after["item_code"] == "11370100MB2850001X4000111700001"
    with db.write() as conn:
        hc.save_service(conn, {"name": "社保医保（新）"}, code="A")  # other fields: code kept
        assert hc.list_services(conn)[0]["item_code"] == "11370100MB2850001X4000111700001"
        hc.save_service(conn, {"item_code": ""}, code="A")
        assert hc.list_services(conn)[0]["item_code"] == ""


@pytest.mark.parametrize("bad", ["1137 0100", "x" * 65, 12])
def test_a_bad_item_code_is_refused(db: Database, bad: object) -> None:
    with pytest.raises(hc.HallConfigError), db.write() as conn:
        hc.save_service(conn, {"item_code": bad}, code="A")
