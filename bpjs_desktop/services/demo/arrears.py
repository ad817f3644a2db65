"""The demo's arrears cases and their follow-up timelines."""

from __future__ import annotations

from datetime import date
from typing import Any

from bpjs_desktop.domain.arrears import late_fine
from bpjs_desktop.i18n import _
from bpjs_desktop.services.demo.base import BuilderBase, _Office
from bpjs_desktop.services.demo.writer import _iso


class ArrearsSteps(BuilderBase):
    """The builder's arrears step(s)."""

    def arrears(self) -> None:
        """The year's arrears cases of the target list, with their follow-up timelines."""
        self.check(84, _("Membuat daftar target piutang dan tindak lanjutnya…"))
        r = self.rng
        case_rows: list[tuple[Any, ...]] = []
        follow_rows: list[tuple[Any, ...]] = []
        letter_numbers: dict[tuple[str, str, int], int] = {}
        follow_id = 0
        opened = self.opened_on
        for case_id, i in enumerate(self.target_list, start=1):
            office = self.emp_office_obj[i]
            first_k = self.arrears_from[i]
            listed = [
                (k, b, a)
                for k, b, a, _p in self.case_bills[i]
                if k >= first_k and self.due[k] < opened
            ]
            if not listed:
                listed = [(k, b, a) for k, b, a, _p in self.case_bills[i] if k >= first_k][:1]
            principal = sum(a for _k, _b, a in listed)
            fine = sum(
                late_fine(
                    a, self.periods[k], date.fromordinal(self.due[k]), date.fromordinal(opened)
                )
                for k, _b, a in listed
            )
            last_k = max(k for k, _b, _a in listed)
            settled = self.settle_day.get(i)
            horizon = settled if settled is not None else self.as_of_o
            steps = self._follow_up_steps(office, opened, horizon, letter_numbers)
            stage = None
            status = "TERBUKA"
            for kind, _d, _n, _o in steps:
                if kind != "TELEPON":
                    stage = kind
            if stage == "SKK":
                status = "KEJARI"
            promise = None
            if settled is not None:
                status = "LUNAS"
                promise_day = max(opened + 1, settled - r.randint(3, 20))
                promise = ("JANJI_BAYAR", promise_day)
            elif r.random() < 0.25:
                promise = ("JANJI_BAYAR", min(self.as_of_o, opened + r.randint(20, 90)))
            next_action = None
            for kind, day, number, outcome in steps:
                follow_id += 1
                follow_rows.append((follow_id, case_id, kind, _iso(day), office.users["ar" if kind in ("SURAT_1", "SURAT_2", "TELEPON") else "pemeriksa"],
                                    number, outcome, _iso(day + 14), None, None, self.now))  # fmt: skip
                next_action = day + 14
            if promise is not None:
                follow_id += 1
                amount = principal
                kept_on = promise[1] + r.randint(5, 30)
                follow_rows.append((follow_id, case_id, promise[0], _iso(promise[1]), office.users["ar"], "", "Janji melunasi tunggakan",
                                    _iso(kept_on), amount, _iso(kept_on), self.now))  # fmt: skip
                next_action = kept_on
            collected_amount = principal if settled is not None else 0
            case_rows.append((
                case_id, i + 1, office.id, office.users["ar"], self.as_of.year, _iso(opened), str(self.periods[first_k]),
                str(self.periods[last_k]), principal, fine, stage, status, None if settled is None else _iso(settled),
                collected_amount, None if settled is not None or next_action is None else _iso(next_action),
            ))  # fmt: skip
        self.w.insert(
            "arrears_case",
            ("id", "employer_id", "office_id", "officer_id", "target_year", "opened_on", "first_period", "last_period",
             "principal", "fine", "stage", "status", "settled_on", "collected", "next_action_on"),
            case_rows,
        )  # fmt: skip
        self.w.insert(
            "follow_up",
            ("id", "case_id", "kind", "done_on", "officer_id", "number", "outcome", "next_due_on", "promised_amount", "promised_on", "created_at"),
            follow_rows,
        )  # fmt: skip

    def _follow_up_steps(self, office: _Office, opened: int, horizon: int,
                         letter_numbers: dict[tuple[str, str, int], int]) -> list[tuple[str, int, str, str]]:  # fmt: skip
        """(kind, day, number, outcome) of a case's follow-ups up the ladder, until *horizon*:
        letters, a visit, a summons, the SKK, with a phone call now and then."""
        r = self.rng
        steps: list[tuple[str, int, str, str]] = []
        day = opened + r.randint(3, 10)
        ladder = [("SURAT_1", 0), ("SURAT_2", r.randint(14, 30)), ("KUNJUNGAN", r.randint(15, 30)),
                  ("PANGGILAN", r.randint(20, 40)), ("SKK", r.randint(20, 40))]  # fmt: skip
        depth = r.choices((1, 2, 3, 4, 5), weights=(20, 30, 25, 13, 12))[0]
        for kind, gap in ladder[:depth]:
            day += gap
            if day > horizon:
                break
            number = ""
            if kind in ("SURAT_1", "SURAT_2", "SKK"):
                # Letters and SKKs are numbered per office and year, each its own number.
                prefix = "SKK" if kind == "SKK" else "B"
                year = date.fromordinal(day).year
                key = (prefix, office.code, year)
                letter_numbers[key] = letter_numbers.get(key, 0) + 1
                number = f"{prefix}/{letter_numbers[key]:05d}/{office.code}/{year}"
            steps.append((kind, day, number, ""))
            if r.random() < 0.4 and day + 3 <= horizon:
                steps.append(
                    (
                        "TELEPON",
                        day + 3,
                        "",
                        "Pemberi kerja dihubungi; berjanji menindaklanjuti",
                    )
                )
        return steps
