"""Region codes of the Ministry of Home Affairs (Kemendagri), as carried in a NIK.

Province codes: the list in domain.md §3.3 [unverified], with the four Papua provinces created in
2022 (93–96). Regency/city codes are complete for Jawa Timur (35), the reference region; elsewhere
a NIK is checked for structure only.
"""

from __future__ import annotations

from types import MappingProxyType

PROVINCES = MappingProxyType(
    {
        "11": "Aceh",
        "12": "Sumatera Utara",
        "13": "Sumatera Barat",
        "14": "Riau",
        "15": "Jambi",
        "16": "Sumatera Selatan",
        "17": "Bengkulu",
        "18": "Lampung",
        "19": "Kepulauan Bangka Belitung",
        "21": "Kepulauan Riau",
        "31": "DKI Jakarta",
        "32": "Jawa Barat",
        "33": "Jawa Tengah",
        "34": "DI Yogyakarta",
        "35": "Jawa Timur",
        "36": "Banten",
        "51": "Bali",
        "52": "Nusa Tenggara Barat",
        "53": "Nusa Tenggara Timur",
        "61": "Kalimantan Barat",
        "62": "Kalimantan Tengah",
        "63": "Kalimantan Selatan",
        "64": "Kalimantan Timur",
        "65": "Kalimantan Utara",
        "71": "Sulawesi Utara",
        "72": "Sulawesi Tengah",
        "73": "Sulawesi Selatan",
        "74": "Sulawesi Tenggara",
        "75": "Gorontalo",
        "76": "Sulawesi Barat",
        "81": "Maluku",
        "82": "Maluku Utara",
        "91": "Papua",
        "92": "Papua Barat",
        "93": "Papua Selatan",
        "94": "Papua Tengah",
        "95": "Papua Pegunungan",
        "96": "Papua Barat Daya",
    }
)

JATIM = "35"

# Kabupaten 01–29, kota 71–79 (Kemendagri codes for Jawa Timur).
JATIM_REGENCIES = MappingProxyType(
    {
        "3501": "Kab. Pacitan",
        "3502": "Kab. Ponorogo",
        "3503": "Kab. Trenggalek",
        "3504": "Kab. Tulungagung",
        "3505": "Kab. Blitar",
        "3506": "Kab. Kediri",
        "3507": "Kab. Malang",
        "3508": "Kab. Lumajang",
        "3509": "Kab. Jember",
        "3510": "Kab. Banyuwangi",
        "3511": "Kab. Bondowoso",
        "3512": "Kab. Situbondo",
        "3513": "Kab. Probolinggo",
        "3514": "Kab. Pasuruan",
        "3515": "Kab. Sidoarjo",
        "3516": "Kab. Mojokerto",
        "3517": "Kab. Jombang",
        "3518": "Kab. Nganjuk",
        "3519": "Kab. Madiun",
        "3520": "Kab. Magetan",
        "3521": "Kab. Ngawi",
        "3522": "Kab. Bojonegoro",
        "3523": "Kab. Tuban",
        "3524": "Kab. Lamongan",
        "3525": "Kab. Gresik",
        "3526": "Kab. Bangkalan",
        "3527": "Kab. Sampang",
        "3528": "Kab. Pamekasan",
        "3529": "Kab. Sumenep",
        "3571": "Kota Kediri",
        "3572": "Kota Blitar",
        "3573": "Kota Malang",
        "3574": "Kota Probolinggo",
        "3575": "Kota Pasuruan",
        "3576": "Kota Mojokerto",
        "3577": "Kota Madiun",
        "3578": "Kota Surabaya",
        "3579": "Kota Batu",
    }
)


def province_name(code: str) -> str | None:
    return PROVINCES.get(code)


def regency_name(code: str) -> str | None:
    """The name of a 4-digit regency/city code, where it is known (Jawa Timur)."""
    return JATIM_REGENCIES.get(code)


def is_known_regency(code: str) -> bool:
    """False only where the code is certainly wrong: an unknown code inside Jawa Timur."""
    if len(code) != 4 or not code.isdigit() or code[:2] not in PROVINCES:
        return False
    if code[:2] == JATIM:
        return code in JATIM_REGENCIES
    return code[2:] != "00"
