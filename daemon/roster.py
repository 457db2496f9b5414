"""The roster check (RULES.md): every unit names the people the regulation requires.

Counties: one supervising leader and two info officers; sections: one info officer (and a
head, who revises routed items); the commission: a principal leader and a supervising
leader. Each of them needs an e-mail address: that is how the daemon reaches them.
"""

from __future__ import annotations

from dataclasses import dataclass

from daemon.config import Settings

# role -> (how many, Chinese name), by kind of unit
REQUIRED = {
    "county": {"supervising_leader": (1, "分管领导"), "info_officer": (2, "信息员")},
    "section": {"info_officer": (1, "信息员"), "head": (1, "负责人")},
}
LEADERS = {"principal_leader": "委主要领导", "supervising_leader": "分管委领导"}


@dataclass(frozen=True)
class Problem:
    unit: str  # the unit's name, or 委领导
    role: str
    problem: str  # Chinese

    def as_dict(self) -> dict[str, str]:
        return {"unit": self.unit, "role": self.role, "problem": self.problem}


def check_roster(settings: Settings) -> list[Problem]:
    problems: list[Problem] = []
    for unit in settings.units:
        for role, (count, name) in REQUIRED[unit.kind].items():
            people = unit.people_with(role)
            if len(people) < count:
                problems.append(Problem(unit.name, role, f"应明确{count}名{name}，名册中有{len(people)}名"))
            for person in people:
                if not person.email:
                    problems.append(Problem(unit.name, role, f"{name}{person.name}没有电子邮件地址"))
    for role, name in LEADERS.items():
        leaders = [p for p in settings.leaders if p.role == role]
        if not leaders:
            problems.append(Problem("委领导", role, f"名册中没有{name}"))
        problems.extend(
            Problem("委领导", role, f"{name}{p.name}没有电子邮件地址") for p in leaders if not p.email
        )
    return problems
