"""A demo hall (services, windows, staff) so that a newcomer sees something at once."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.base import StaffRole
from app.models.db import Database
from app.models.hall import AppointmentRule, Service, Staff, Window, WindowService
from app.models.passwords import hash_password

# Known passwords, for trying the system out only: seed-demo and the one-PC default say so
# loudly. A real hall sets its staff in the admin console, where the password policy holds
# and every password set there must be changed at its first login.
DEMO_PASSWORD = "123456"
ADMIN_NO, ADMIN_PASSWORD = "admin", "admin123"
DEMO_WARNING = (
    "警告：示范大厅的工号与密码是公开的，仅供试用，切勿用于真实大厅！"
    "真实大厅请在管理后台录入工作人员并设置各自的密码。\n"
    "WARNING: the demo hall's staff numbers and passwords are public and for trying the "
    "system out only; never use them in a real hall. Set up real staff with their own "
    "passwords in the admin console."
)
SUPERVISOR_NO = "2001"  # 督查主管: appraisal and rating corrections (demo password as clerks)

# code, name, group, promised minutes, daily cap
SERVICES = [
    ("A", "社保医保", "人社医保", 10, 300),
    ("B", "不动产登记", "自然资源", 20, 120),
    ("C", "住房公积金", "住房保障", 8, 200),
    ("D", "户籍证照", "公安服务", 6, 300),
    ("E", "企业开办", "市场监管", 15, 150),
    ("F", "综合咨询", "综合服务", 4, None),
]
# window number, name, services in priority order, lunch duty
WINDOWS = [
    (1, "社保医保窗口", "AF", True),
    (2, "社保医保窗口", "AC", False),
    (3, "不动产登记窗口", "B", False),
    (4, "不动产登记窗口", "BE", True),
    (5, "公积金窗口", "CA", False),
    (6, "户籍证照窗口", "D", True),
    (7, "企业开办窗口", "EB", False),
    (8, "综合咨询窗口", "FDA", False),
]
# service code, slot minutes, places per slot: the services the demo hall takes bookings for
APPOINTMENT_RULES = [("A", 30, 3), ("B", 30, 2), ("E", 60, 2)]
STAFF = [
    ("1001", "王芳", "科员"),
    ("1002", "李娜", "科员"),
    ("1003", "张伟", "科员"),
    ("1004", "刘洋", "副主任科员"),
    ("1005", "陈静", "科员"),
    ("1006", "杨磊", "科员"),
    ("1007", "赵敏", "科员"),
    ("1008", "黄强", "科员"),
    ("1009", "周婷", "科员（B角）"),
    ("1010", "吴军", "科员（B角）"),
]


def seed_demo(db: Database) -> bool:
    """Fill an empty hall with the demo; returns False and changes nothing if it has services."""
    with Session(db.engine) as session, session.begin():
        if session.scalar(select(func.count()).select_from(Service)):
            return False
        services = {}
        for order, (code, name, group, minutes, cap) in enumerate(SERVICES):
            services[code] = Service(
                code=code,
                name=name,
                group_name=group,
                promised_minutes=minutes,
                daily_cap=cap,
                open_at=dt.time(8, 30),
                close_at=dt.time(17, 0),
                sort_order=order,
            )
        session.add_all(services.values())
        staff = [
            Staff(staff_no=no, name=name, title=title, password_hash=hash_password(DEMO_PASSWORD))
            for no, name, title in STAFF  # each its own salt, so no two hashes are the same
        ]
        staff.append(
            Staff(
                staff_no=ADMIN_NO,
                name="大厅管理员",
                title="管理员",
                role=StaffRole.ADMIN.value,
                password_hash=hash_password(ADMIN_PASSWORD),
            )
        )
        staff.append(
            Staff(
                staff_no=SUPERVISOR_NO,
                name="督查主管",
                title="大厅督查",
                role=StaffRole.SUPERVISOR.value,
                password_hash=hash_password(DEMO_PASSWORD),
            )
        )
        session.add_all(staff)
        session.flush()
        for index, (number, name, codes, duty) in enumerate(WINDOWS):
            backup = staff[8 + index % 2]
            window = Window(
                number=number,
                name=name,
                lunch_duty=duty,
                staff_a_id=staff[index].id,
                staff_b_id=backup.id,
            )
            window.services = [
                WindowService(service_id=services[code].id, rank=rank)
                for rank, code in enumerate(codes)
            ]
            session.add(window)
        session.add_all(
            AppointmentRule(service_id=services[code].id, slot_minutes=minutes, capacity=places)
            for code, minutes, places in APPOINTMENT_RULES
        )
    return True
