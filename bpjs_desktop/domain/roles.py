"""Who works where: the roles of the staff and the kinds of office (domain.md §2.1).

Plain choice lists, so that the screens can name and compare them without the database models
(which store them: db/models.py maps them to columns).
"""

from __future__ import annotations

import enum


class OfficeKind(enum.StrEnum):
    KANWIL = "KANWIL"  # Kantor Wilayah (regional office)
    KC = "KC"  # Kantor Cabang (branch)
    KCP = "KCP"  # Kantor Cabang Perintis (pioneer sub-branch under a KC)


class Role(enum.StrEnum):
    ADMIN = "ADMIN"
    KEPALA = "KEPALA"  # head of office (kepala kantor cabang / deputi wilayah)
    PELAYANAN = "PELAYANAN"  # front office: members and claims
    AR = "AR"  # account representative: employers, arrears
    PEMERIKSA = "PEMERIKSA"  # inspector (wasrik): arrears, inspections
    # The regional office (Kantor Wilayah, domain.md §2.1): its head (Kepala Kantor Wilayah,
    # formerly Deputi Direktur Wilayah) and its staff (the Asisten Deputi's fields). They read the
    # whole region; the head sets any office's targets and closes the region's month. Neither
    # does a branch's front-office work (registering, claims, bills), which stays with the branch.
    KEPALA_KANWIL = "KEPALA_KANWIL"
    STAF_KANWIL = "STAF_KANWIL"
