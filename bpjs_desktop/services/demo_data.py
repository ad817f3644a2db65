"""Word lists for synthetic demo records: Javanese, Madurese and general Indonesian names.

Nothing here names a real person or company; combinations are drawn at random.
"""

MALE_NAMES = (
    "Budi", "Agus", "Bambang", "Joko", "Slamet", "Sugeng", "Hadi", "Eko", "Dwi", "Tri", "Wahyu",
    "Andi", "Arif", "Rudi", "Heru", "Dedi", "Yudi", "Imam", "Ahmad", "Muhammad", "Abdul", "Fajar",
    "Rizky", "Bayu", "Dimas", "Aditya", "Teguh", "Sutrisno", "Suparman", "Sukardi", "Mulyono",
    "Gunawan", "Hendra", "Irfan", "Yusuf", "Hasan", "Rahmat", "Syaiful", "Nur", "Moh.", "Edi",
    "Dani", "Rendra", "Fikri", "Zainal", "Khoirul", "Mashuri", "Supriyadi", "Suyanto", "Purnomo",
    "Santoso", "Setiawan", "Prasetyo", "Wibowo", "Kurniawan", "Firmansyah", "Hidayat", "Saputra",
)  # fmt: skip
FEMALE_NAMES = (
    "Siti", "Sri", "Dewi", "Nur", "Lestari", "Wulan", "Ayu", "Fitri", "Rina", "Yuli", "Endang",
    "Sulastri", "Suharti", "Rahayu", "Wahyuni", "Indah", "Ratna", "Diah", "Retno", "Anik", "Umi",
    "Khusnul", "Lailatul", "Nurul", "Aminah", "Fatimah", "Maria", "Yuliana", "Novita", "Eka",
    "Tutik", "Sumiati", "Suryani", "Kartini", "Puji", "Mega", "Putri", "Anisa", "Dian", "Rini",
    "Handayani", "Astuti", "Susanti", "Kusuma", "Pratiwi", "Safitri", "Maulida", "Hartini",
)  # fmt: skip
FAMILY_NAMES = (
    "Santoso", "Wijaya", "Susanto", "Hartono", "Setiawan", "Pratama", "Saputra", "Hidayat",
    "Kurniawan", "Wibowo", "Nugroho", "Purnomo", "Susilo", "Rahman", "Hakim", "Maulana",
    "Effendi", "Syahputra", "Utomo", "Haryanto", "Sugiarto", "Budiman", "Iskandar", "Halim",
    "Prasetya", "Mahendra", "Ramadhan", "Firdaus", "Anwar", "Zakaria", "Fauzi", "Ridwan",
)  # fmt: skip
COMPANY_WORDS = (
    "Maju", "Jaya", "Makmur", "Sentosa", "Abadi", "Sejahtera", "Mandiri", "Karya", "Utama",
    "Bersama", "Indah", "Mulia", "Perkasa", "Lestari", "Agung", "Cahaya", "Sinar", "Surya",
    "Bintang", "Timur", "Nusantara", "Berkah", "Sumber", "Rejeki", "Tunggal", "Gemilang",
    "Prima", "Sakti", "Baru", "Harapan", "Mitra", "Tirta", "Buana", "Kencana", "Samudra",
    "Wijaya", "Pratama", "Brantas", "Bengawan", "Semeru", "Bromo", "Arjuno", "Welirang",
)  # fmt: skip
PROJECT_WORDS = (
    "Pembangunan Gedung", "Peningkatan Jalan", "Rehabilitasi Jembatan", "Pembangunan Saluran",
    "Renovasi Pasar", "Pembangunan Perumahan", "Normalisasi Sungai", "Pembangunan Gudang",
    "Pelebaran Jalan", "Pembangunan Sekolah", "Rehabilitasi Puskesmas", "Pembangunan Pabrik",
)  # fmt: skip
DESTINATIONS = (
    "Malaysia",
    "Taiwan",
    "Hong Kong",
    "Singapura",
    "Arab Saudi",
    "Korea Selatan",
    "Brunei",
    "Jepang",
)
BANKS = ("BNI", "BRI", "Mandiri", "BTN", "Bank Jatim", "BCA")
JOBS_PU = (
    "Operator Produksi",
    "Staf Administrasi",
    "Sopir",
    "Satpam",
    "Teknisi",
    "Kasir",
    "Pramuniaga",
    "Staf Gudang",
    "Mandor",
    "Staf Keuangan",
)
JOBS_BPU = (
    "Pedagang",
    "Petani",
    "Nelayan",
    "Ojek",
    "Penjahit",
    "Tukang",
    "Peternak",
    "Buruh Tani Tembakau",
    "Pengemudi Ojol",
    "Ketua RT",
)
JOBS_JAKON = (
    "Tukang Batu",
    "Tukang Kayu",
    "Kenek",
    "Mandor Proyek",
    "Operator Alat Berat",
    "Tukang Besi",
)
STREETS = (
    "Jl. Raya",
    "Jl. Ahmad Yani",
    "Jl. Diponegoro",
    "Jl. Pahlawan",
    "Jl. Veteran",
    "Jl. Sudirman",
    "Jl. Gajah Mada",
    "Jl. Hayam Wuruk",
    "Jl. Brawijaya",
    "Jl. Panglima Sudirman",
)

# KBLI 2020 codes per category with a weight (share of demo employers).
KBLI_BY_CATEGORY = {
    "A": (("01111", "01133", "03111"), 4),
    "B": (("08101", "08930"), 1),
    "C": (
        (
            "10710",
            "10750",
            "11040",
            "12011",
            "13121",
            "14111",
            "15201",
            "16101",
            "22220",
            "25110",
            "31001",
        ),
        22,
    ),
    "F": (("41011", "41012", "42101", "42201", "43301"), 9),
    "G": (("46100", "46311", "47111", "47191", "47211", "47711"), 26),
    "H": (("49421", "49431", "52101"), 5),
    "I": (("55110", "56101", "56102"), 8),
    "J": (("62019", "63111"), 2),
    "K": (("64131", "65111"), 3),
    "M": (("69101", "71102", "73100"), 3),
    "N": (("78100", "80100", "81210"), 6),
    "P": (("85230", "85500"), 4),
    "Q": (("86103", "86901"), 3),
    "S": (("95230", "96011"), 4),
}
LEGAL_FORMS = (("PT", 55), ("CV", 28), ("UD", 8), ("Koperasi", 4), ("Yayasan", 3), ("Firma", 2))
