"""The message catalogue: every text the toolkit shows an analyst, in Indonesian (the default)
and English, in one place.

Keys are grouped by prefix: none for the command line, scores and notebook views; ``problem.``
for problems found in input files; ``frame.`` for the frame of a problem report; ``label.`` and
``sentence.`` for briefs; ``plot.`` for charts; ``quadrant.`` for importance-performance
analysis; ``unit_type.`` for unit types; ``plan.``, ``model.`` and ``gaps.`` for the readings of
the drivers analysis. Texts are :meth:`str.format` templates. A test checks that every key has
both languages and that both use the same placeholders.
"""

MESSAGES: dict[str, dict[str, str]] = {
    # Command line, scores and notebook views
    "error": {"id": "galat", "en": "error"},
    "warning": {"id": "peringatan", "en": "warning"},
    "written": {"id": "ditulis ke {path}", "en": "written to {path}"},
    "basis_published": {"id": "dipublikasikan", "en": "published"},
    "basis_computed": {"id": "dihitung: rata-rata {n} unit", "en": "computed: mean of {n} units"},
    "discrepancy": {
        "id": "{region} {year}: nilai Pemda yang dipublikasikan {published} berbeda {diff} dari rata-rata {n} unit ({mean}); nilai yang dipublikasikan dipakai.",
        "en": "{region} {year}: the published Pemda score {published} differs by {diff} from the mean of its {n} units ({mean}); the published score is used.",
    },
    "not_mean_years": {
        "id": "Pada skema {scheme}, nilai Pemda tidak dihitung sebagai rata-rata unit; tanpa nilai Pemda yang dipublikasikan, nilainya tidak tersedia.",
        "en": "Under scheme {scheme} the Pemda score is not the mean of its units; without a published Pemda score it is unavailable.",
    },
    "partial_units": {
        "id": "Nilai Pemda dihitung dari {n} unit yang ada di data; penilaian biasanya mencakup {usual} unit.",
        "en": "The Pemda score is computed from the {n} units in the data; an assessment usually covers {usual} units.",
    },
    "file_missing": {"id": "{option}: berkas tidak ditemukan: {path}", "en": "{option}: file not found: {path}"},
    "file_is_dir": {
        "id": "{option}: {path} adalah folder, bukan berkas",
        "en": "{option}: {path} is a folder, not a file",
    },
    "problem.record_kind": {
        "id": "bukan berkas hasil {kind} (jenisnya: {found})",
        "en": "not a {kind} result file (its kind: {found})",
    },
    "problem.record_version": {
        "id": "berkas hasil versi {version}; versi ini membaca versi {expected}: jalankan analisisnya lagi",
        "en": "result file of version {version}; this version reads version {expected}: run the analysis again",
    },
    "problem.record_missing": {"id": "kolom hasil {field} tidak ada", "en": "result field {field} is missing"},
    "problem.record_unknown": {"id": "kolom hasil {field} tidak dikenal", "en": "unknown result field {field}"},
    "problem.target_unknown": {
        "id": "target {target} tidak dikenal skema {scheme}; gunakan green/hijau, nilai, atau salah satu dari: {grades}",
        "en": "target {target} is unknown to scheme {scheme}; use green, a score, or one of: {grades}",
    },
    "command_line": {"id": "baris perintah", "en": "command line"},
    # notebooks/parameters.toml: the notebooks' parameters, set once (toolkit.request)
    "parameters_file_missing": {
        "id": "berkas parameter tidak ditemukan: {path}; tulis parameters_file = None di sel parameter agar tidak membaca berkas",
        "en": "parameters file not found: {path}; write parameters_file = None in the parameters cell to read none",
    },
    "parameters_bad_toml": {
        "id": 'bukan TOML yang sah ({error}); teks ditulis dalam tanda kutip, misalnya region = "Kota Binjai"',
        "en": 'not valid TOML ({error}); text goes in quotes, e.g. region = "Kota Binjai"',
    },
    "parameters_unknown_key": {"id": "kunci {name} tidak dikenal; {hint}", "en": "unknown key {name}; {hint}"},
    "parameters_keys": {
        "id": "kunci yang dikenal: {keys}",
        "en": "known keys: {keys}",
    },
    "parameters_wrong_type": {
        "id": "{name} harus {kind}, bukan {value}",
        "en": "{name} must be {kind}, not {value}",
    },
    "param_type.text": {"id": "teks dalam tanda kutip", "en": "text in quotes"},
    "param_type.lang": {"id": '"id" atau "en"', "en": '"id" or "en"'},
    "param_type.integer": {"id": "bilangan bulat tanpa tanda kutip", "en": "a whole number"},
    "param_type.texts": {
        "id": 'teks atau daftar teks (["Dinas Sosial", "Dinas Pendidikan"])',
        "en": 'text or a list of texts (["Dinas Sosial", "Dinas Pendidikan"])',
    },
    "param_type.target": {
        "id": 'teks ("green", "B") atau nilai tanpa tanda kutip',
        "en": 'text ("green", "B") or a score',
    },
    "view_parameters": {
        "id": "Pemda: {region}, tahun: {year}, bahasa: {language}",
        "en": "Pemda: {region}, year: {year}, language: {language}",
    },
    "view_parameters_from": {"id": "dari {path}", "en": "from {path}"},
    "view_parameters_target": {"id": "target rencana: {target}", "en": "plan target: {target}"},
    "view_parameters_files": {"id": "berkas: {files}", "en": "files: {files}"},
    "bundled_data": {"id": "data bawaan", "en": "bundled data"},
    "no_year": {
        "id": "tidak ada data untuk tahun {year}; tahun yang ada di data: {years}",
        "en": "no data for year {year}; years in the data: {years}",
    },
    "did_you_mean": {"id": "mungkin maksud Anda: {names}?", "en": "did you mean: {names}?"},
    "regions_count": {
        "id": "data memuat {n} Pemda tahun {year}; lihat: kepatuhan score --year {year}",
        "en": "the data hold {n} Pemdas of {year}; see: kepatuhan score --year {year}",
    },
    "batch_none": {"id": "tidak ada Pemda dengan data tahun {year}", "en": "no Pemda has data for {year}"},
    "manifest_unreadable": {
        "id": "manifes batch tidak terbaca: tidak ada kolom 'region' dan 'slug' dengan pemisah koma, titik koma atau tab ({encoding}); menimpanya akan menghapus baris Pemda lain, jadi tidak ada yang dijalankan: perbaiki atau pindahkan berkas ini",
        "en": "the batch manifest cannot be read: no 'region' and 'slug' columns with comma, semicolon or tab separators ({encoding}); rewriting it would drop other Pemdas' rows, so nothing was run: fix or move this file",
    },
    "batch_no_regions": {
        "id": "--regions kosong: sebutkan minimal satu Pemda, atau pakai --all untuk semua",
        "en": "--regions is empty: name at least one Pemda, or use --all for every one",
    },
    "workers_capped": {
        "id": "--workers {asked}: dipakai {used} proses ({cores} inti prosesor, {regions} Pemda)",
        "en": "--workers {asked}: {used} processes used ({cores} processor cores, {regions} Pemdas)",
    },
    "batch_no_scheduler": {
        "id": "scheduler Dask {address} tidak dapat dihubungi: {reason}",
        "en": "cannot reach the Dask scheduler {address}: {reason}",
    },
    "batch_no_workers": {
        "id": "scheduler Dask {address} tidak memiliki worker (ditunggu {seconds} detik); jalankan satu dari lingkungan ini: dask worker {address}",
        "en": "the Dask scheduler {address} has no worker (waited {seconds} s); start one from this environment: dask worker {address}",
    },
    "batch_worker_no_toolkit": {
        "id": "worker {worker} tidak dapat mengimpor toolkit ({error}); jalankan worker dari lingkungan tempat toolkit terpasang",
        "en": "worker {worker} cannot import the toolkit ({error}); start it from the environment the toolkit is installed in",
    },
    "batch_worker_version": {
        "id": "worker {worker} menjalankan toolkit {found} ({python}), klien ini {expected}; jalankan worker dari lingkungan yang sama",
        "en": "worker {worker} runs toolkit {found} ({python}), this client {expected}; start workers from the same environment",
    },
    "batch_worker_code": {
        "id": "worker {worker} menjalankan kode toolkit yang berbeda dari klien ini ({python}); jalankan worker dari lingkungan yang sama agar hasilnya cocok dengan manifest",
        "en": "worker {worker} runs toolkit code other than this client's ({python}); start workers from the same environment so that results match the manifest",
    },
    "batch_worker_no_kernel": {
        "id": "worker {worker} tidak memiliki kernel Jupyter {kernel}; di lingkungan worker jalankan: python -m ipykernel install --sys-prefix --name {kernel}",
        "en": "worker {worker} has no Jupyter kernel {kernel}; in the worker's environment run: python -m ipykernel install --sys-prefix --name {kernel}",
    },
    "batch_input_changed": {
        "id": "{path}: isi yang diterima worker berbeda dari berkas saat batch dimulai (SHA-256 {sha}…)",
        "en": "{path}: what reached the worker differs from the file when the batch started (SHA-256 {sha}…)",
    },
    "drivers_no_units": {
        "id": "{region} {year}: nilai Pemda dipublikasikan tanpa nilai unitnya, jadi tidak ada uraian per unit dan rencana per unit; selisih antarjenis unit dan model di bawah berlaku untuk semua unit pada instrumen tahun ini.",
        "en": "{region} {year}: the Pemda score was published without its unit scores, so there is no unit decomposition and no unit plan; the sector gaps and models below hold for every unit under this year's instrument.",
    },
    "survey_needed": {"id": "berikan berkas survei", "en": "give a survey file"},
    "os_error": {
        "id": "tidak dapat membaca atau menulis {path}: {reason}",
        "en": "cannot read or write {path}: {reason}",
    },
    "not_regular_file": {
        "id": "{path} bukan berkas biasa (perangkat, pipa atau soket): tidak ditimpa; pilih nama berkas untuk --out",
        "en": "{path} is not a regular file (a device, pipe or socket): not replaced; give --out a file name",
    },
    "path_not_utf8": {
        "id": "nama berkas {path} bukan UTF-8: ganti nama berkas itu dengan huruf biasa",
        "en": "the file name {path} is not UTF-8: rename the file with plain letters",
    },
    "interrupted": {
        "id": "dihentikan (Ctrl-C); keluaran yang selesai sebelumnya tetap utuh",
        "en": "interrupted (Ctrl-C); outputs finished before are intact",
    },
    "no_rows": {"id": "tidak ada baris untuk {region} tahun {year}", "en": "no rows for {region} in {year}"},
    "summary_headline": {
        "id": "{region} {year}: nilai {score}, kategori {grade}, {zone} ({opinion}).",
        "en": "{region} {year}: score {score}, grade {grade}, {zone} ({opinion}).",
    },
    "summary_headline_nograde": {
        "id": "{region} {year}: nilai {score}, {zone} ({opinion}).",
        "en": "{region} {year}: score {score}, {zone} ({opinion}).",
    },
    "quality_label": {"id": "kualitas pelayanan: {quality}", "en": "service quality: {quality}"},
    "summary_rank": {
        "id": "Peringkat {rank} dari {n} {kinds} tahun {year} di data (di atas {pct} % lainnya).",
        "en": "Rank {rank} of {n} {kinds} of {year} in the data (above {pct} % of the others).",
    },
    "summary_gap_green": {"id": "Jarak ke zona hijau: {gap} poin.", "en": "Distance to the green zone: {gap} points."},
    "summary_in_green": {"id": "Sudah di zona hijau.", "en": "Already in the green zone."},
    "indicator_confidence": {"id": "keyakinan sumber: {level}", "en": "source confidence: {level}"},
    "confidence.high": {"id": "tinggi", "en": "high"},
    "confidence.medium": {"id": "sedang", "en": "medium"},
    "confidence.low": {"id": "rendah", "en": "low"},
    # Preparation: the self-assessment checklist and the prediction (toolkit.prepare)
    "checklist.sheet": {"id": "daftar_periksa", "en": "checklist"},
    "checklist.guide_sheet": {"id": "petunjuk", "en": "guide"},
    "checklist.col.unit": {"id": "opd", "en": "unit"},
    "checklist.col.dimension": {"id": "dimensi", "en": "dimension"},
    "checklist.col.variable": {"id": "variabel", "en": "variable"},
    "checklist.col.code": {"id": "kode", "en": "code"},
    "checklist.col.evidence_asked": {"id": "bukti_yang_diminta", "en": "evidence_asked"},
    "checklist.col.confidence": {"id": "keyakinan_sumber", "en": "source_confidence"},
    "checklist.col.evidence": {"id": "bukti", "en": "evidence"},
    "checklist.validation_title": {"id": "Nilai di luar skala", "en": "Mark outside the scale"},
    "checklist.validation": {
        "id": "Isi nilai {low} sampai {top}, atau kosongkan bila belum diketahui.",
        "en": "Enter a mark from {low} to {top}, or leave it blank if not known.",
    },
    "checklist.meta_note": {
        "id": "Lembar ini menandai instrumen daftar periksa; jangan diubah.",
        "en": "This sheet names the checklist's instrument; do not edit it.",
    },
    "checklist.guide_title": {
        "id": "Daftar periksa penilaian mandiri: persiapan penilaian Ombudsman {year}",
        "en": "Self-assessment checklist: preparing for the {year} Ombudsman assessment",
    },
    "checklist.guide_instrument": {"id": "Instrumen: {scheme}, {title}.", "en": "Instrument: {scheme}, {title}."},
    "checklist.guide_fill": {
        "id": "Isi kolom nilai setiap baris dengan {low} sampai {top} sesuai keadaan unit sekarang, dan catat buktinya (dokumen, foto, tautan) di kolom bukti.",
        "en": "Fill the score column of every row with {low} to {top} as the unit stands now, and note the evidence (document, photo, link) in the evidence column.",
    },
    "checklist.guide_blank": {
        "id": "Kosongkan nilai yang belum diketahui: perkiraan akan memperhitungkannya sebagai nilai mana pun pada skala (rentang perkiraan melebar), bukan sebagai nol.",
        "en": "Leave a mark blank when it is not known: the prediction counts it as any mark of the scale (the interval widens), not as zero.",
    },
    "checklist.guide_rows": {
        "id": "Satu baris per unit dan indikator. Ganti atau tambah nama unit di kolom opd (salin semua baris indikatornya); jangan menggabungkan sel atau menulis rumus.",
        "en": "One row per unit and indicator. Rename or add units in the unit column (copy all their indicator rows); do not merge cells or write formulas.",
    },
    "checklist.guide_then": {
        "id": 'Lalu: kepatuhan prepare daftar-periksa.xlsx --region "Nama Pemda" --year {year}',
        "en": 'Then: kepatuhan prepare checklist.xlsx --region "Pemda name" --year {year} --lang en',
    },
    "checklist.guide_unconfirmed": {
        "id": "Yang belum terkonfirmasi (perkiraan memasukkannya ke dalam rentang):",
        "en": "What is unconfirmed (the prediction carries it into its interval):",
    },
    "checklist.guide_sources": {"id": "Sumber daftar indikator:", "en": "Sources of the indicator list:"},
    "checklist.missing_column": {"id": "kolom {column!r} tidak ada", "en": "column {column!r} is missing"},
    "checklist.unit_missing": {"id": "nama unit kosong", "en": "the unit is blank"},
    "checklist.code_missing": {"id": "kode indikator kosong", "en": "the indicator code is blank"},
    "checklist.code_unknown": {
        "id": "kode indikator tidak ada pada instrumen {scheme} (tahun {year})",
        "en": "no such indicator code in the {scheme} instrument (year {year})",
    },
    "checklist.code_other_instrument": {
        "id": "kode indikator milik instrumen lain, bukan {scheme} yang menilai tahun {year}: daftar periksa tahun lain?",
        "en": "an indicator code of another instrument, not {scheme} that judges {year}: a checklist of another year?",
    },
    "checklist.dimension_mismatch": {
        "id": "dimensi tidak sesuai dengan kodenya (seharusnya {expected})",
        "en": "the dimension does not match the code (expected {expected})",
    },
    "checklist.duplicate": {
        "id": "unit dan indikator yang sama sudah ada di baris {first}",
        "en": "the same unit and indicator are already in row {first}",
    },
    "checklist.mark_not_number": {"id": "nilai bukan angka {low}-{top}", "en": "the mark is not a number {low}-{top}"},
    "checklist.mark_outside": {
        "id": "nilai di luar skala {low}-{top}",
        "en": "the mark is outside the scale {low}-{top}",
    },
    "checklist.formula": {
        "id": "sel berisi rumus: tulis nilainya (rumus tanpa nilai tersimpan akan terbaca kosong)",
        "en": "the cell holds a formula: write its value (a formula without a stored value reads as blank)",
    },
    "checklist.merged": {
        "id": "sel digabung ({cells}): pisahkan, satu nilai per sel",
        "en": "merged cells ({cells}): unmerge them, one value per cell",
    },
    "checklist.other_year": {
        "id": "daftar periksa ini untuk instrumen {theirs}; tahun {year} dinilai dengan {ours}: buat templatnya dengan kepatuhan prepare --template --year {year}",
        "en": "this checklist is of the {theirs} instrument; {year} is judged by {ours}: make its template with kepatuhan prepare --template --year {year}",
    },
    "checklist.empty": {"id": "daftar periksa tidak berisi baris", "en": "the checklist has no rows"},
    "checklist.not_xlsx": {
        "id": "daftar periksa harus berkas Excel (.xlsx) dari kepatuhan prepare --template",
        "en": "a checklist must be an Excel file (.xlsx) from kepatuhan prepare --template",
    },
    "checklist.unreadable": {
        "id": "berkas tidak dapat dibaca sebagai Excel ({reason})",
        "en": "the file cannot be read as Excel ({reason})",
    },
    "prep.assume.unknown": {
        "id": "Nilai yang kosong dihitung sebagai nilai mana pun dari {low} sampai {top}, dengan peluang sama.",
        "en": "A blank mark counts as any mark from {low} to {top}, each equally likely.",
    },
    "prep.assume.weights": {
        "id": "Bobot indikator di dalam dimensi tidak dipublikasikan: bobot sama sebagai titik tengah, divariasikan (Dirichlet, konsentrasi {c} per indikator).",
        "en": "Indicator weights inside a dimension are not published: equal weights at the centre, varied (Dirichlet, concentration {c} per indicator).",
    },
    "prep.assume.split": {
        "id": "Pembagian {total} poin antar-dimensi tidak dipublikasikan: diambil acak di dalam batas rincian yang dipublikasikan ({bounds}).",
        "en": "The split of the {total} points across dimensions is not published: drawn within the bounds of the published breakdown ({bounds}).",
    },
    "prep.assume.trust_unknown": {
        "id": "Kepercayaan masyarakat ({points} poin) diukur dengan survei Ombudsman kepada masyarakat umum dan tidak dapat dinilai sendiri: tanpa survei, nilainya dianggap bisa berapa saja (0-100), sehingga rentang perkiraan lebar.",
        "en": "Public trust ({points} points) is measured by the Ombudsman's survey of the general public and cannot be self-assessed: without a survey it is taken as anything from 0 to 100, so the interval is wide.",
    },
    "prep.assume.trust_survey": {
        "id": "Kepercayaan masyarakat ({points} poin) diperkirakan dari IKM survei kepuasan unit sendiri dengan galat sampelnya (asumsi: IKM sebagai pengganti survei kepercayaan Ombudsman); unit tanpa data survei dianggap 0-100.",
        "en": "Public trust ({points} points) is estimated from the unit's own SKM (IKM) with its sampling error (an assumption: the IKM as a proxy for the Ombudsman's trust survey); units without survey rows are taken as 0-100.",
    },
    "prep.assume.rounding": {
        "id": "Aturan pembulatan nilai (setengah ke atas atau pemotongan ke dua desimal) belum terkonfirmasi: keduanya dipakai.",
        "en": "The rounding rule (half-up or truncation to two decimals) is unconfirmed: both are used.",
    },
    "prep.assume.effort": {
        "id": "Urutan perbaikan menganggap setiap kenaikan satu nilai sama beratnya (asumsi, bukan metodologi).",
        "en": "The order of fixes assumes every one-mark step takes the same effort (an assumption, not methodology).",
    },
    "prep.assume.red": {
        "id": '"Merah" di sini berarti nilai 0-1 dari 3: penanda alat ini, bukan Ombudsman.',
        "en": "\"Red\" here means a mark of 0-1 of 3: this tool's mark, not the Ombudsman's.",
    },
    "prep.title": {"id": "Persiapan Penilaian {year}: {region}", "en": "Preparing for the {year} assessment: {region}"},
    "prep.subtitle": {
        "id": "Perkiraan dari daftar periksa penilaian mandiri — bukan hasil penilaian Ombudsman RI",
        "en": "A prediction from a self-assessment checklist — not an Ombudsman RI result",
    },
    "prep.badge": {"id": "perkiraan · rentang 95 % {low} – {high}", "en": "predicted · 95 % interval {low} – {high}"},
    "prep.headline": {
        "id": "Perkiraan nilai {region} pada penilaian {year}: {score} (rentang 95 % {low} – {high}), dari {n} unit; paling mungkin {label} (peluang {p}).",
        "en": "Predicted score of {region} in the {year} assessment: {score} (95 % interval {low} – {high}), from {n} units; most likely {label} (probability {p}).",
    },
    "prep.green": {
        "id": "Peluang masuk zona hijau (≥ {green}): {p}.",
        "en": "Probability of the green zone (≥ {green}): {p}.",
    },
    "prep.not_a_result": {
        "id": "Ini perkiraan dari penilaian mandiri unit sendiri, bukan nilai Ombudsman. Rentangnya memuat semua yang belum dipublikasikan tentang cara penilaian (lihat Asumsi dan Ketidakpastian).",
        "en": "This is a prediction from the units' own self-assessment, not an Ombudsman score. Its interval carries everything about the method that is not published (see Assumptions and Uncertainty).",
    },
    "prep.sec_units": {"id": "Perkiraan per unit", "en": "Prediction per unit"},
    "prep.units_note": {
        "id": "{n} isian kosong dihitung sebagai nilai mana pun pada skala: mengisinya mempersempit rentang.",
        "en": "{n} blank marks count as any mark of the scale: filling them in narrows the interval.",
    },
    "prep.sec_probabilities": {"id": "Peluang tiap opini/kategori", "en": "Probability of each opinion or grade"},
    "prep.prob_note": {
        "id": "Bagian dari {draws} simulasi metodologi yang jatuh di tiap pita; setiap kolom berjumlah 100 %.",
        "en": "The share of {draws} simulations of the methodology that fall in each band; each column adds up to 100 %.",
    },
    "prep.sec_fixes": {"id": "Yang diperbaiki lebih dulu", "en": "What to fix first"},
    "prep.fix_intro": {
        "id": "Indikator di bawah nilai tertinggi, yang paling menambah nilai Pemda per langkah lebih dulu, sampai perkiraan melewati {target} dengan selisih {margin} poin:",
        "en": "Indicators below the top mark, those adding most to the Pemda score per step first, until the prediction clears {target} by {margin} points:",
    },
    "prep.fix_top": {
        "id": "Perkiraan sudah di pita tertinggi; perbaikan terbesar yang tersisa untuk mempertahankannya:",
        "en": "The prediction is in the top band already; the largest remaining gains, to keep it there:",
    },
    "prep.fix": {
        "id": "{unit} — {code} {indicator}: dari {start} ke {end}: +{unit_points} poin unit, +{pemda_points} poin Pemda.",
        "en": "{unit} — {code} {indicator}: from {start} to {end}: +{unit_points} unit points, +{pemda_points} Pemda points.",
    },
    "prep.fix_after": {
        "id": "Dengan {k} perbaikan ini perkiraan naik ke {score}; peluang mencapai {target}: {p_after} (sekarang {p_now}).",
        "en": "With these {k} fixes the prediction rises to {score}; probability of reaching {target}: {p_after} (now {p_now}).",
    },
    "prep.fix_not_enough": {
        "id": "Semua {k} perbaikan yang dapat dinilai sendiri belum cukup: perkiraan naik ke {score}; peluang mencapai {target}: {p_after} (sekarang {p_now}). Sisanya bergantung pada bagian yang tidak dinilai sendiri atau belum diisi.",
        "en": "All {k} self-assessable fixes are not enough: the prediction rises to {score}; probability of reaching {target}: {p_after} (now {p_now}). The rest depends on parts not self-assessed or not filled in.",
    },
    "prep.fix_none": {
        "id": "Tidak ada indikator terisi di bawah nilai tertinggi.",
        "en": "No filled indicator is below the top mark.",
    },
    "prep.fix_hidden": {
        "id": "{n} perbaikan berikutnya dari rencana ini ada di lembar kerja (lembar perbaikan).",
        "en": "The next {n} fixes of this plan are in the workbook (sheet fixes).",
    },
    "prep.fix_more": {
        "id": "{n} indikator lain di bawah nilai tertinggi ada di lembar kerja.",
        "en": "{n} more indicators below the top mark are in the workbook.",
    },
    "prep.sec_red": {"id": "Indikator merah", "en": "Indicators in red"},
    "prep.red_note": {
        "id": "Indikator dengan nilai 0-1 dari 3: bagian yang perlu diperbaiki secara khusus.",
        "en": "Indicators marked 0-1 of 3: the parts to fix specifically.",
    },
    "prep.red_none": {"id": "Tidak ada indikator bernilai 0-1.", "en": "No indicator is marked 0-1."},
    "prep.sec_sensitivity": {"id": "Ketidakpastian", "en": "Uncertainty"},
    "prep.sensitivity_note": {
        "id": "Rentang 95 % nilai Pemda bila hanya satu sumber ketidakpastian yang divariasikan; baris terakhir semuanya bersama.",
        "en": "The 95 % interval of the Pemda score when only one source of uncertainty varies; the last row all together.",
    },
    "prep.sec_assumptions": {"id": "Asumsi", "en": "Assumptions"},
    "prep.source.unknown": {"id": "isian kosong", "en": "blank marks"},
    "prep.source.weights": {"id": "bobot indikator", "en": "indicator weights"},
    "prep.source.split": {"id": "pembagian poin antar-dimensi", "en": "split of points across dimensions"},
    "prep.source.trust": {"id": "kepercayaan masyarakat", "en": "public trust"},
    "prep.source.rounding": {"id": "aturan pembulatan", "en": "rounding rule"},
    "prep.source.all": {"id": "semua bersama", "en": "all together"},
    "prep.col_predicted": {"id": "Perkiraan", "en": "Predicted"},
    "prep.col_interval": {"id": "Rentang 95 %", "en": "95 % interval"},
    "prep.col_likely": {"id": "Paling mungkin (peluang)", "en": "Most likely (probability)"},
    "prep.col_filled": {"id": "Terisi / kosong", "en": "Filled / blank"},
    "prep.col_red": {"id": "Merah", "en": "In red"},
    "prep.col_label": {"id": "Opini/kategori", "en": "Opinion or grade"},
    "prep.col_code": {"id": "Kode", "en": "Code"},
    "prep.col_indicator": {"id": "Indikator", "en": "Indicator"},
    "prep.col_mark": {"id": "Nilai", "en": "Mark"},
    "prep.col_source": {"id": "Sumber ketidakpastian", "en": "Source of uncertainty"},
    "prep.col_width": {"id": "Lebar", "en": "Width"},
    "prep.col_low": {"id": "Batas bawah 95 %", "en": "95 % low"},
    "prep.col_high": {"id": "Batas atas 95 %", "en": "95 % high"},
    "prep.col_p_green": {"id": "Peluang zona hijau", "en": "P(green zone)"},
    "prep.col_filled_n": {"id": "Indikator terisi", "en": "Indicators filled"},
    "prep.col_unknown_n": {"id": "Indikator kosong", "en": "Indicators blank"},
    "prep.sheet_units": {"id": "perkiraan", "en": "prediction"},
    "prep.sheet_fixes": {"id": "perbaikan", "en": "fixes"},
    "prep.sheet_red": {"id": "merah", "en": "red"},
    "prep.sheet_uncertainty": {"id": "ketidakpastian", "en": "uncertainty"},
    "prep.sheet_assumptions": {"id": "asumsi", "en": "assumptions"},
    "help.prepare": {
        "id": "persiapan penilaian berikutnya: templat daftar periksa (--template) atau perkiraan dari daftar periksa yang terisi",
        "en": "prepare for the next assessment: a checklist template (--template) or a prediction from a filled checklist",
    },
    "help.prepare_checklist": {"id": "daftar periksa yang sudah diisi (.xlsx)", "en": "the filled checklist (.xlsx)"},
    "help.prepare_template": {
        "id": "tulis templat daftar periksa instrumen tahun itu",
        "en": "write the checklist template of that year's instrument",
    },
    "help.prepare_year": {
        "id": "tahun penilaian yang dipersiapkan (instrumennya yang menilai)",
        "en": "the assessment year prepared for (its instrument judges)",
    },
    "help.prepare_units": {
        "id": "unit, dipisah koma (bawaan: lokus instrumen itu)",
        "en": "units, comma-separated (default: the loci of that instrument)",
    },
    "help.prepare_format": {
        "id": "report: laporan PDF/HTML/Markdown/Excel; json: angka ke stdout",
        "en": "report: PDF/HTML/Markdown/Excel report; json: the numbers to stdout",
    },
    "help.prepare_out": {
        "id": "berkas templat (.xlsx), atau folder laporan",
        "en": "the template file (.xlsx), or the report folder",
    },
    "prepare_default_name": {"id": "daftar-periksa-{year}.xlsx", "en": "checklist-{year}.xlsx"},
    "prepare_out_xlsx": {
        "id": "templat ditulis sebagai .xlsx: beri --out berakhiran .xlsx",
        "en": "the template is written as .xlsx: give an --out ending in .xlsx",
    },
    "prepare_template_done": {
        "id": 'Isi kolom nilai, lalu: kepatuhan prepare {path} --region "Nama Pemda" --year {year}',
        "en": 'Fill in the score column, then: kepatuhan prepare {path} --region "Pemda name" --year {year} --lang en',
    },
    "prepare_needs": {
        "id": "beri daftar periksa yang terisi dan --region, atau --template untuk templatnya",
        "en": "give a filled checklist and --region, or --template for its template",
    },
    # Province brief (toolkit.province)
    "province_unknown": {"id": "provinsi {name!r} tidak dikenal", "en": "no province {name!r}"},
    "province_no_column": {
        "id": "data hasil tidak memiliki kolom provinsi",
        "en": "the results have no province column",
    },
    "province_no_rows": {
        "id": "tidak ada baris Pemda atau unit untuk Provinsi {province} tahun {year}; tahun yang ada: {years}",
        "en": "no Pemda or unit rows for {province} province in {year}; years in the data: {years}",
    },
    "province_no_rows_ever": {
        "id": "tidak ada baris untuk Provinsi {province} di data (tahun {year} diminta)",
        "en": "no rows for {province} province in the data ({year} asked for)",
    },
    "prov.title": {"id": "Ringkasan Provinsi {province} {year}", "en": "Province brief: {province} {year}"},
    "prov.badge": {"id": "Pemda di {zone} (di data)", "en": "Pemdas in the {zone} (in the data)"},
    "prov.headline": {
        "id": "Provinsi {province}, penilaian {year}: {green} dari {n} Pemda di data berada di {zone}.",
        "en": "{province} province, {year} assessment: {green} of the {n} Pemdas in the data are in the {zone}.",
    },
    "prov.coverage": {
        "id": "Data memuat {covered} dari {total} kabupaten/kota provinsi ini ({pct} %).",
        "en": "The data hold {covered} of the province's {total} regencies and cities ({pct} %).",
    },
    "prov.with_government": {"id": "Pemerintah provinsi termasuk.", "en": "The province government is included."},
    "prov.without_government": {
        "id": "Pemerintah provinsi tidak ada di data tahun ini.",
        "en": "The province government is not in the data this year.",
    },
    "prov.sample": {
        "id": "Data adalah nilai yang dipublikasikan media (sampel), bukan seluruh Pemda: hitungan dan urutan di bawah hanya berlaku untuk Pemda yang ada di data.",
        "en": "The data are the scores the press published (a sample), not every Pemda: the counts and order below hold for the Pemdas in the data only.",
    },
    "zones_mapped": {
        "id": "Untuk {year} Ombudsman mempublikasikan opini dan label kualitas, bukan zona; zona di sini pemetaan alat ini pada batas yang sama (hijau mulai {green}).",
        "en": "For {year} the Ombudsman published opinions and quality labels, not zones; the zones here are this tool's mapping on the same cut points (green from {green}).",
    },
    "prov.computed": {
        "id": "{n} nilai Pemda dihitung dari unit yang dipublikasikan (ditandai *), bukan nilai Pemda yang dipublikasikan.",
        "en": "{n} Pemda scores are computed from their published units (marked *), not published Pemda scores.",
    },
    "prov.computed_mark": {
        "id": "* dihitung dari unit yang dipublikasikan.",
        "en": "* computed from the published units.",
    },
    "prov.sec_pemdas": {
        "id": "Pemda Provinsi {province} di data {year}",
        "en": "The Pemdas of {province} in the {year} data",
    },
    "prov.zone_count": {
        "id": "{zone}: {n} dari {total} (nasional: {national}).",
        "en": "{zone}: {n} of {total} (nationally: {national}).",
    },
    "prov.zone_count_local": {"id": "{zone}: {n} dari {total}.", "en": "{zone}: {n} of {total}."},
    "prov.no_national_zones": {
        "id": "Hitungan nasional per zona untuk {year} tidak dipublikasikan.",
        "en": "National counts by zone for {year} are not published.",
    },
    "prov.col_next": {"id": "Jarak ke batas berikutnya", "en": "Points to the next line"},
    "prov.chart_alt": {"id": "Nilai Pemda Provinsi {province} {year}", "en": "Pemda scores of {province} {year}"},
    "prov.chart_title": {
        "id": "Nilai Pemda di Provinsi {province}, penilaian {year}",
        "en": "Pemda scores in {province}, {year} assessment",
    },
    "prov.chart_green": {"id": "batas zona hijau {green}", "en": "green line {green}"},
    "prov.chart_note": {
        "id": "Sumber: nilai yang dipublikasikan media (sampel), data/published/results.csv; * dihitung dari unit. kepatuhan-toolkit.",
        "en": "Source: scores published in the press (a sample), data/published/results.csv; * computed from units. kepatuhan-toolkit.",
    },
    "prov.sec_units": {"id": "Unit di bawah zona hijau, per jenis", "en": "Units below the green line, by type"},
    "prov.units_intro": {
        "id": "Unit layanan di bawah {green} di seluruh provinsi, dikelompokkan per jenis: ke mana pembinaan dikirim.",
        "en": "Service units below {green} across the province, grouped by type: where to send coaching.",
    },
    "prov.units_type": {"id": "{kind} ({n} unit): {names}.", "en": "{kind} ({n} units): {names}."},
    "prov.units_none": {
        "id": "Tidak ada nilai unit di bawah zona hijau di data provinsi ini tahun ini (atau tidak ada nilai unit yang dipublikasikan).",
        "en": "No unit score below the green line in this province's data this year (or no unit scores were published).",
    },
    "prov.sec_closest": {
        "id": "Paling dekat dan paling jauh dari zona hijau",
        "en": "Closest to and furthest from the green line",
    },
    "prov.closest": {
        "id": "Paling dekat (paling murah untuk dinaikkan): {names}.",
        "en": "Closest (the cheapest to move): {names}.",
    },
    "prov.furthest": {
        "id": "Paling jauh (di sinilah pembinaan paling berarti): {names}.",
        "en": "Furthest (where coaching matters most): {names}.",
    },
    "prov.all_green": {
        "id": "Semua Pemda di data berada di zona hijau.",
        "en": "Every Pemda in the data is in the green zone.",
    },
    "prov.sec_history": {"id": "Dari tahun ke tahun", "en": "Year by year"},
    "prov.history_note": {
        "id": "Rata-rata nilai hanya dibandingkan di dalam satu instrumen; antar-instrumen hanya posisi (bagian di zona hijau). Pemda di data berbeda dari tahun ke tahun.",
        "en": "Mean scores compare only within one instrument; across instruments, positions only (the share in the green zone). The Pemdas in the data differ from year to year.",
    },
    "prov.col_n": {"id": "Pemda di data", "en": "Pemdas in the data"},
    "prov.col_green": {"id": "Di zona hijau", "en": "In the green zone"},
    "prov.col_mean": {"id": "Rata-rata nilai", "en": "Mean score"},
    "help.provinces": {
        "id": "provinsi, dipisah koma: satu ringkasan per provinsi",
        "en": "provinces, comma-separated: one brief per province",
    },
    "help.all_provinces": {
        "id": "setiap provinsi yang punya baris Pemda atau unit tahun itu",
        "en": "every province with a Pemda or unit row that year",
    },
    "help.province": {
        "id": "provinsi (nama resmi atau singkatan: Sumut, NTT, DIY)",
        "en": "province (official name or short form: Sumut, NTT, DIY)",
    },
    "computed_score": {
        "id": "Nilai Pemda ini dihitung dari {n} unit yang dipublikasikan (rata-rata nilai unit); nilai Pemda dari Ombudsman tidak ada di sumber data.",
        "en": "This Pemda score is computed from {n} published units (the mean of their scores); no Pemda score published by the Ombudsman is in the source data.",
    },
    "computed_badge": {"id": "dihitung dari {n} unit yang dipublikasikan", "en": "computed from {n} published units"},
    "rank_mixed": {
        "id": "Peringkat ini mencampur {published} nilai Pemda yang dipublikasikan dan {computed} nilai yang dihitung dari unitnya.",
        "en": "This rank mixes {published} published Pemda scores and {computed} computed from their units.",
    },
    "rank_method": {"id": "Peringkat: {text}", "en": "Ranks: {text}"},
    "summary_sample": {
        "id": "Peringkat dan persentil ini dihitung dari data yang dimuat, yaitu nilai yang dipublikasikan media (sampel), bukan seluruh Pemda.",
        "en": "This rank and percentile come from the loaded data, the scores the press published (a sample), not every Pemda.",
    },
    "change_comparable": {
        "id": "Dibanding {prev_year} ({prev}, instrumen yang sama): {change} poin.",
        "en": "Compared with {prev_year} ({prev}, same instrument): {change} points.",
    },
    "change_regime": {
        "id": "Pada {prev_year} nilainya {prev} ({prev_band}) dengan instrumen {prev_regime}. Instrumen berubah untuk {year}, sehingga nilai tidak dapat dibandingkan poin demi poin, hanya posisinya: dari {prev_band} ke {band}.",
        "en": "In {prev_year} the score was {prev} ({prev_band}) under the {prev_regime} instrument. The instrument changed for {year}, so scores cannot be compared point for point, only positions: from {prev_band} to {band}.",
    },
    "grade_word": {"id": "kategori {grade}", "en": "grade {grade}"},
    "national_position": {
        "id": "Secara nasional pada {year}, {same} dari {assessed} instansi yang dinilai berada di {band}, seperti instansi ini; {above} di {by} yang lebih tinggi dan {below} di {by} yang lebih rendah.",
        "en": "Nationally in {year}, {same} of {assessed} assessed bodies were in the {band}, as this one; {above} were in a higher {by} and {below} in a lower one.",
    },
    "national_inside_zone": {
        "id": "Zona itu mencakup kategori {grades}; angka nasional per zona tidak menunjukkan posisi di dalamnya.",
        "en": "That zone spans grades {grades}; national counts by zone do not say where in it a body stands.",
    },
    "national_green": {
        "id": "Secara nasional pada {year}, {green} dari {assessed} instansi yang dinilai berada di zona hijau.",
        "en": "Nationally in {year}, {green} of {assessed} assessed bodies were in the green zone.",
    },
    "national_mean": {
        "id": "Rata-rata nasional {year} ({assessed} instansi yang dinilai): {mean}; selisih {diff} poin.",
        "en": "National mean {year} ({assessed} assessed bodies): {mean}; difference {diff} points.",
    },
    "field_category": {"id": "kategori", "en": "category"},
    "field_zone": {"id": "zona", "en": "zone"},
    "field_opinion": {"id": "opini", "en": "opinion"},
    "field_quality": {"id": "label kualitas", "en": "quality label"},
    "without_malad": {"id": "Tanpa Maladministrasi", "en": "Without maladministration"},
    "source_disagrees": {
        "id": "{region} {year} {unit}: sumber menulis {field} '{published}' untuk nilai {score}, skema {scheme} memberi '{computed}' (sumber: {source}); label sumber tidak dipakai.",
        "en": "{region} {year} {unit}: the source gives {field} '{published}' for score {score}, scheme {scheme} gives '{computed}' (source: {source}); the source's label is not used.",
    },
    "summary_zones": {"id": "Unit per zona: {counts}.", "en": "Units per zone: {counts}."},
    "unconfirmed": {"id": "Belum terkonfirmasi", "en": "Unconfirmed"},
    "schemes_header": {"id": "Skema penilaian", "en": "Grading schemes"},
    "years": {"id": "tahun", "en": "years"},
    "sec_pemda_decomp": {
        "id": "Kontribusi tiap unit terhadap jarak nilai Pemda ke zona hijau ({green})",
        "en": "Each unit's contribution to the Pemda's distance to the green zone ({green})",
    },
    "sec_unit_decomp": {"id": "Poin yang hilang: {unit}", "en": "Points lost: {unit}"},
    "sec_top_indicators": {
        "id": "Indikator dengan kehilangan poin terbesar",
        "en": "Indicators that lost the most points",
    },
    "sample_size_km": {
        "id": "Sampel minimal (Krejcie & Morgan 1970) untuk populasi {population}: {n} responden.",
        "en": "Minimum sample (Krejcie & Morgan 1970) for a population of {population}: {n} respondents.",
    },
    "sample_size_margin": {
        "id": "Untuk IKM dengan presisi ±{margin} poin (IK 95 %, SD per responden {sd}): {n} responden.",
        "en": "For an IKM within ±{margin} points (95 % CI, SD per respondent {sd}): {n} respondents.",
    },
    "sample_size_change": {
        "id": "Untuk mendeteksi perubahan IKM {change} poin antar dua tahun (kuasa {power} %, alfa 5 %, SD {sd}): {n} responden per tahun.",
        "en": "To detect an IKM change of {change} points between two years (power {power} %, alpha 5 %, SD {sd}): {n} respondents per year.",
    },
    "sample_size_sd_assumed": {
        "id": "SD per responden {sd} poin adalah asumsi; berikan --sd dari survei uji bila ada.",
        "en": "The SD per respondent of {sd} points is an assumption; give --sd from a pilot survey where you have one.",
    },
    "sample_size_needs": {
        "id": "berikan populasi, --margin atau --change",
        "en": "give a population, --margin or --change",
    },
    "sec_gaps": {
        "id": "Selisih antarjenis unit di dalam Pemda yang sama ({regime})",
        "en": "Gaps between unit types within the same Pemda ({regime})",
    },
    "sec_models": {"id": "Model antarunit ({regime})", "en": "Models across units ({regime})"},
    "col_unit": {"id": "unit", "en": "unit"},
    "col_term": {"id": "faktor", "en": "term"},
    "col_share": {"id": "porsi_R2", "en": "share_of_R2"},
    "col_share_pct": {"id": "persen_dari_R2", "en": "pct_of_R2"},
    "col_p_permutation": {"id": "p_permutasi", "en": "p_permutation"},
    "col_why": {"id": "alasan", "en": "why"},
    "col_item": {"id": "unsur", "en": "item"},
    "col_performance": {"id": "kinerja", "en": "performance"},
    "col_importance": {"id": "kepentingan", "en": "importance"},
    "col_quadrant": {"id": "kuadran", "en": "quadrant"},
    "col_stability": {"id": "stabilitas_kuadran", "en": "quadrant_stability"},
    "view_no_units": {
        "id": "Data tidak memuat nilai per unit untuk Pemda ini: tidak ada uraian per unit atau rencana.",
        "en": "The data hold no unit scores for this Pemda: no unit breakdown or plan.",
    },
    "view_no_assumptions": {
        "id": "Skema tahun ini tidak memuat asumsi yang belum terkonfirmasi.",
        "en": "This year's scheme has no unconfirmed assumptions.",
    },
    "view_no_importance": {
        "id": "Kepentingan relatif tidak dapat dihitung dari data ini.",
        "en": "Relative importance cannot be computed from these data.",
    },
    "view_no_importance_because": {
        "id": "Kepentingan relatif tidak dapat dihitung dari data ini: {reason}.",
        "en": "Relative importance cannot be computed from these data: {reason}.",
    },
    "view_importance_basis": {
        "id": "Porsi R² (LMG) menurut faktor, dengan interval 95 % dalam satuan yang sama, dan persennya dari R² model "
        "({r2}); dari {n} unit di {regions} Pemda; interval dari sampel ulang per Pemda (bootstrap klaster). Data adalah nilai yang dipublikasikan media (sampel), bukan "
        "seluruh Pemda.",
        "en": "Share of R² (LMG) by factor, with its 95 % interval in the same units, and its percent of the model's R² "
        "({r2}); from {n} units in {regions} Pemdas; intervals from resampling whole Pemdas (cluster bootstrap). The data are scores the press published (a sample), not every "
        "Pemda.",
    },
    "view_importance_resamples": {
        "id": "Interval dari {used} dari {n_boot} sampel ulang ({dropped} dibuang karena nilainya tidak bervariasi; {incomplete} dihitung tanpa kategori yang tidak muncul di dalamnya). Porsi yang tidak melampaui nol permutasinya ({n_perm} permutasi per faktor) tidak dibaca sebagai persen.",
        "en": "Intervals from {used} of {n_boot} resamples ({dropped} dropped because the score did not vary; {incomplete} computed without a category absent from them). A share not above its permutation null ({n_perm} permutations per factor) is not read as a percent.",
    },
    "view_province_alone": {
        "id": "Tidak ada Pemda lain yang sejenis (kabupaten, kota, atau provinsi) dari provinsi yang sama di data tahun ini.",
        "en": "No other Pemda of the same kind (regency, city or province) and province is in the data this year.",
    },
    "term.unit_type": {"id": "jenis unit", "en": "unit type"},
    "term.region_type": {
        "id": "jenis Pemda (kabupaten, kota, provinsi)",
        "en": "type of Pemda (regency, city, province)",
    },
    "term.year": {"id": "tahun penilaian (di dalam rezim)", "en": "assessment year (within the regime)"},
    "view_no_survey": {
        "id": "Tidak ada data survei (survey_path kosong).",
        "en": "No survey data (survey_path is empty).",
    },
    "view_written": {"id": "Berkas yang ditulis", "en": "Files written"},
    "col_score": {"id": "nilai", "en": "score"},
    "kinds.kabupaten": {"id": "kabupaten", "en": "regencies"},
    "kinds.kota": {"id": "kota", "en": "cities"},
    "kinds.provinsi": {"id": "provinsi", "en": "provinces"},
    "col_level": {"id": "tingkat", "en": "level"},
    "col_unit_type": {"id": "jenis_unit", "en": "unit_type"},
    "col_malad": {"id": "tanpa_maladministrasi", "en": "without_maladministration"},
    "col_scheme": {"id": "skema", "en": "scheme"},
    "col_basis": {"id": "dasar", "en": "basis"},
    "level.unit": {"id": "unit", "en": "unit"},
    "level.pemda": {"id": "Pemda", "en": "Pemda"},
    "level.instansi": {"id": "kementerian/lembaga", "en": "ministry/agency"},
    "level.vertical": {"id": "instansi vertikal", "en": "central-government office"},
    "col_grade": {"id": "kategori", "en": "grade"},
    "col_quality": {"id": "kualitas", "en": "quality"},
    "col_zone": {"id": "zona", "en": "zone"},
    "col_gap_green": {"id": "kurang_ke_hijau", "en": "short_of_green"},
    "col_rank": {"id": "peringkat", "en": "rank"},
    "col_region": {"id": "pemda", "en": "pemda"},
    "col_year": {"id": "tahun", "en": "year"},
    "col_instrument": {"id": "instrumen", "en": "instrument"},
    "col_type": {"id": "jenis", "en": "type"},
    "col_indicator": {"id": "indikator", "en": "indicator"},
    "col_from": {"id": "dari", "en": "from"},
    "col_to": {"id": "ke", "en": "to"},
    "col_points": {"id": "poin", "en": "points"},
    "col_steps": {"id": "langkah", "en": "steps"},
    "col_gain_pemda": {"id": "kenaikan_pemda", "en": "pemda_gain"},
    "col_gain_unit": {"id": "kenaikan_unit", "en": "unit_gain"},
    "col_effort": {"id": "upaya", "en": "effort"},
    "col_reaches_green": {"id": "masuk_hijau", "en": "reaches_green"},
    "col_gap": {"id": "selisih", "en": "gap"},
    "col_ci_low": {"id": "ik_bawah", "en": "ci_low"},
    "col_ci_high": {"id": "ik_atas", "en": "ci_high"},
    "col_ci_low_holm": {"id": "ik_bawah_holm", "en": "ci_low_holm"},
    "col_ci_high_holm": {"id": "ik_atas_holm", "en": "ci_high_holm"},
    "col_p_holm": {"id": "p_holm", "en": "p_holm"},
    "col_units": {"id": "n_unit", "en": "n_units"},
    "col_pemdas": {"id": "n_pemda", "en": "n_pemdas"},
    "col_pull": {"id": "tarikan", "en": "pull"},
    "col_share_shortfall": {"id": "porsi_kekurangan", "en": "share_of_shortfall"},
    "col_weight": {"id": "bobot", "en": "weight"},
    "col_lost_max": {"id": "hilang_dari_maks", "en": "lost_vs_max"},
    "col_lost_green": {"id": "hilang_dari_hijau", "en": "lost_vs_green"},
    "col_label": {"id": "uraian", "en": "label"},
    "col_focus": {"id": "fokus", "en": "focus"},
    "col_in_province": {"id": "satu_provinsi", "en": "same_province"},
    "col_mutu": {"id": "mutu", "en": "ikm_grade"},
    "col_std_error": {"id": "galat_baku", "en": "std_error"},
    "col_grade_uncertain": {"id": "mutu_belum_pasti", "en": "grade_uncertain"},
    "col_grade_robustness": {"id": "keajekan_mutu", "en": "grade_robustness"},
    "col_n_missing": {"id": "n_kosong", "en": "n_missing"},
    "col_status": {"id": "status", "en": "status"},
    "col_seconds": {"id": "detik", "en": "seconds"},
    "col_failing_cell": {"id": "sel_gagal", "en": "failing_cell"},
    "col_about": {"id": "perihal", "en": "about"},
    "col_content": {"id": "isi", "en": "content"},
    "status.ok": {"id": "selesai", "en": "done"},
    "status.failed": {"id": "gagal", "en": "failed"},
    "status.timeout": {"id": "melewati batas waktu", "en": "timed out"},
    "status.skipped": {"id": "dilewati (sudah mutakhir)", "en": "skipped (up to date)"},
    "status.pending": {"id": "belum dijalankan", "en": "not run"},
    "sheet.pull": {"id": "Kontribusi unit", "en": "Unit contributions"},
    "sheet.plan": {"id": "Rencana", "en": "Plan"},
    "sheet.dimensions": {"id": "Dimensi", "en": "Dimensions"},
    "sheet.indicators": {"id": "Indikator", "en": "Indicators"},
    "sheet.peers": {"id": "Peringkat", "en": "Ranking"},
    "sheet.gaps": {"id": "Selisih jenis unit", "en": "Unit-type gaps"},
    "sheet.ipa": {"id": "Kepentingan-kinerja", "en": "Importance-performance"},
    # Table heads a person reads (workbooks, notebooks): the col_* codes above stay for the
    # command line's text and CSV, which scripts read (README: "Kolom keluaran")
    "hdr.gap_green": {"id": "Kurang ke hijau (poin)", "en": "Short of green (points)"},
    "hdr.rank": {"id": "Peringkat", "en": "Rank"},
    "hdr.region": {"id": "Pemda", "en": "Pemda"},
    "hdr.dimension": {"id": "Dimensi", "en": "Dimension"},
    "hdr.from": {"id": "Dari", "en": "From"},
    "hdr.to": {"id": "Ke", "en": "To"},
    "hdr.points": {"id": "Poin", "en": "Points"},
    "hdr.steps": {"id": "Langkah indikator", "en": "Indicator steps"},
    "hdr.gain_pemda": {"id": "Kenaikan nilai Pemda (poin)", "en": "Rise of the Pemda score (points)"},
    "hdr.gain_unit": {"id": "Kenaikan nilai unit (poin)", "en": "Rise of the unit score (points)"},
    "hdr.effort": {"id": "Upaya (indeks asumsi)", "en": "Effort (assumed index)"},
    "hdr.reaches_green": {"id": "Masuk zona hijau", "en": "Reaches the green zone"},
    "already_green": {"id": "sudah hijau", "en": "already green"},
    "hdr.ci_low": {"id": "IK 95 % bawah", "en": "95 % CI low"},
    "hdr.ci_high": {"id": "IK 95 % atas", "en": "95 % CI high"},
    "hdr.ci_low_holm": {"id": "IK 95 % bawah (Holm)", "en": "95 % CI low (Holm)"},
    "hdr.ci_high_holm": {"id": "IK 95 % atas (Holm)", "en": "95 % CI high (Holm)"},
    "hdr.p_holm": {"id": "p (Holm)", "en": "p (Holm)"},
    "hdr.p_permutation": {"id": "p (permutasi)", "en": "p (permutation)"},
    "hdr.units": {"id": "Jumlah unit", "en": "Number of units"},
    "hdr.pemdas": {"id": "Jumlah Pemda", "en": "Number of Pemdas"},
    "hdr.share_shortfall": {"id": "Porsi kekurangan", "en": "Share of the shortfall"},
    "hdr.weight": {"id": "Bobot", "en": "Weight"},
    "hdr.lost_max": {"id": "Hilang dari maksimum (poin)", "en": "Lost against the maximum (points)"},
    "hdr.lost_green": {"id": "Hilang dari batas hijau (poin)", "en": "Lost against green (points)"},
    "hdr.label": {"id": "Uraian", "en": "Description"},
    "hdr.focus": {"id": "Pemda fokus", "en": "Focus Pemda"},
    "hdr.in_province": {"id": "Satu provinsi", "en": "Same province"},
    "hdr.mutu": {"id": "Mutu pelayanan (IKM)", "en": "Service grade (IKM)"},
    "hdr.performance": {"id": "Kinerja", "en": "Performance"},
    "hdr.std_error": {"id": "Galat baku", "en": "Standard error"},
    "hdr.grade_uncertain": {"id": "Mutu belum pasti", "en": "Grade uncertain"},
    "hdr.grade_robustness": {"id": "Keajekan mutu", "en": "Grade robustness"},
    "hdr.n_missing": {"id": "Jawaban kosong", "en": "Missing answers"},
    "hdr.respondents": {"id": "Jumlah responden", "en": "Respondents"},
    "hdr.ikm": {"id": "IKM", "en": "IKM"},
    "hdr.term": {"id": "Faktor", "en": "Factor"},
    "hdr.share": {"id": "Porsi R²", "en": "Share of R²"},
    "hdr.share_pct": {"id": "Persen dari R² model", "en": "Percent of the model's R²"},
    "hdr.why": {"id": "Alasan", "en": "Reason"},
    "hdr.item": {"id": "Unsur", "en": "Item"},
    "hdr.quadrant": {"id": "Kuadran", "en": "Quadrant"},
    "hdr.stability": {"id": "Stabilitas kuadran", "en": "Quadrant stability"},
    "hdr.level": {"id": "Tingkat", "en": "Level"},
    "hdr.about": {"id": "Perihal", "en": "About"},
    "hdr.content": {"id": "Isi", "en": "Content"},
    "hdr.rows": {"id": "Baris", "en": "Rows"},
    "hdr.status": {"id": "Status", "en": "Status"},
    "hdr.seconds": {"id": "Detik", "en": "Seconds"},
    "hdr.failing_cell": {"id": "Sel yang gagal", "en": "Failing cell"},
    "hdr.error": {"id": "Galat", "en": "Error"},
    "sec_plan": {"id": "Rencana dengan upaya terkecil menuju {target}", "en": "Least-effort plan to reach {target}"},
    "ikm_weights": {
        "id": "Bobot per unsur: {weights} (PermenPANRB 14/2017: 1/9; 0,111 seperti banyak laporan daerah).",
        "en": "Weight per item: {weights} (PermenPANRB 14/2017: 1/9; 0.111 as many local reports use).",
    },
    "see_notebooks": {"id": "Lihat notebook yang dijalankan di {path}", "en": "See the executed notebooks in {path}"},
    "brief_done": {
        "id": "Ringkasan kebijakan selesai dalam {seconds} detik.",
        "en": "Policy brief done in {seconds} s.",
    },
    "target_green": {"id": "zona hijau", "en": "the green zone"},
    "yes": {"id": "ya", "en": "yes"},
    "no": {"id": "tidak", "en": "no"},
    "synthetic_mark": {"id": "ILUSTRASI — data sintetis", "en": "ILLUSTRATION — synthetic data"},
    # The three-line summary beside every brief (summary.<lang>.txt: WhatsApp, e-mail)
    "summary.score": {
        "id": "{region}, penilaian kepatuhan {year}: nilai {score} ({basis}), {label}, {zone}.",
        "en": "{region}, compliance assessment {year}: score {score} ({basis}), {label}, {zone}.",
    },
    "summary.weakest": {"id": "Paling menahan nilai: {units}.", "en": "Holding the score down most: {units}."},
    "summary.no_units": {
        "id": "Nilai per unit tidak ada di data, jadi belum terlihat unit mana yang menahan nilai.",
        "en": "No unit scores are in the data, so which units hold the score down is not yet known.",
    },
    # a dash, not a colon: a recommendation often starts "Dinas Sosial: naikkan ..."
    "summary.first": {"id": "Langkah pertama — {text}", "en": "First step — {text}"},
    "summary.next": {"id": "Langkah berikutnya — {text}", "en": "Next step — {text}"},
    "summary.full": {
        "id": "Ringkasan kebijakan lengkap: {file} (tabelnya di {workbook}).",
        "en": "Full policy brief: {file} (its tables in {workbook}).",
    },
    "no_detail_hint": {
        "id": "Tanpa data rinci (dimensi/indikator), penyebab di dalam unit tidak dapat diuraikan; isi templat di data/templates/ lalu jalankan dengan --detail.",
        "en": "Without detail data (dimensions/indicators) the causes inside each unit cannot be broken down; fill in the template in data/templates/ and run with --detail.",
    },
    # Brief labels (headings, table heads)
    "label.doc_title": {"id": "Ringkasan Kebijakan", "en": "Policy Brief"},
    "label.score": {"id": "Nilai", "en": "Score"},
    "label.grade": {"id": "Kategori", "en": "Grade"},
    "label.opinion": {"id": "Opini", "en": "Opinion"},
    "label.quality": {"id": "Kualitas pelayanan", "en": "Service quality"},
    "label.zone": {"id": "Zona", "en": "Zone"},
    "label.unit": {"id": "Unit layanan", "en": "Service unit"},
    "label.type": {"id": "Jenis unit", "en": "Unit type"},
    "label.year": {"id": "Tahun", "en": "Year"},
    "label.instrument": {"id": "Instrumen", "en": "Instrument"},
    "label.gap_green": {"id": "Kurang ke hijau", "en": "Short of green"},
    "label.from": {"id": "Nilai kini", "en": "Score now"},
    "label.to": {"id": "Nilai tujuan", "en": "Target score"},
    "label.points": {"id": "Kenaikan (poin)", "en": "Rise (points)"},
    "label.pemda_gain": {"id": "Kenaikan nilai Pemda", "en": "Pemda score rise"},
    "label.gap": {"id": "Selisih (poin)", "en": "Gap (points)"},
    "label.ci": {"id": "IK 95 %", "en": "95 % CI"},
    "label.ci_holm": {"id": "IK (disesuaikan Holm)", "en": "CI (Holm-adjusted)"},
    "label.pemdas": {"id": "Pemda", "en": "Pemdas"},
    "label.sec_position": {"id": "Posisi {region}", "en": "Where {region} stands"},
    "label.sec_history": {"id": "Riwayat penilaian", "en": "Assessment history"},
    "label.sec_units": {"id": "Nilai unit layanan", "en": "Service-unit scores"},
    "label.sec_pull": {"id": "Apa yang menahan nilai Pemda", "en": "What holds the Pemda's score down"},
    "label.sec_detail": {"id": "Di mana unit kehilangan poin", "en": "Where the units lost their points"},
    "label.sec_survey": {"id": "Survei Kepuasan Masyarakat", "en": "User-satisfaction survey"},
    "label.sec_recs": {"id": "Rekomendasi", "en": "Recommendations"},
    "label.sec_data": {"id": "Data yang akan mempertajam ringkasan ini", "en": "Data that would sharpen this brief"},
    "label.sec_methods": {"id": "Metode dan sumber", "en": "Methods and sources"},
    "label.scheme": {"id": "Skema penilaian", "en": "Grading scheme"},
    "label.sources": {"id": "Sumber", "en": "Sources"},
    "label.unconfirmed": {"id": "Asumsi belum terkonfirmasi", "en": "Unconfirmed assumptions"},
    "label.analysis_methods": {"id": "Metode analisis", "en": "Analysis methods"},
    "label.method_in_box": {
        "id": "Cara menghitungnya ada di kotak Metode dan sumber di akhir ringkasan.",
        "en": "How this was computed is in the Methods and sources box at the end of the brief.",
    },
    "label.inputs": {"id": "Berkas masukan", "en": "Input files"},
    "label.reproduce": {"id": "Cara mengulang", "en": "To reproduce"},
    "label.checklist_command": {"id": "Daftar periksa penilaian mandiri", "en": "Self-assessment checklist"},
    "label.basis": {"id": "Dasar", "en": "Basis"},
    "label.synthetic_note": {
        "id": "Bagian ini dihitung dari data sintetis (bukan data nyata).",
        "en": "This part is computed from synthetic data (not real data).",
    },
    "label.rows": {"id": "baris", "en": "rows"},
    "label.generated_by": {"id": "Dibuat dengan kepatuhan-toolkit", "en": "Made with kepatuhan-toolkit"},
    "label.chart_alt": {
        "id": "Nilai unit layanan terhadap pita kategori dan zona",
        "en": "Service-unit scores against the grade bands and zones",
    },
    "label.progress_alt": {
        "id": "Nilai Pemda dari tahun ke tahun terhadap pita kategori, dalam satu instrumen",
        "en": "The Pemda's score year by year against the grade bands, within one instrument",
    },
    "label.ipa_alt": {
        "id": "Kepentingan dan kinerja unsur survei",
        "en": "Importance and performance of the survey items",
    },
    # Brief sentences
    "sentence.headline": {
        "id": "{region} memperoleh nilai {score} pada penilaian {year}: kategori {grade}, {zone} ({opinion}).",
        "en": "{region} scored {score} in the {year} assessment: grade {grade}, {zone} ({opinion}).",
    },
    "sentence.headline_computed": {
        "id": "{region} pada penilaian {year}: nilai {score}, dihitung dari {n} unit yang dipublikasikan; kategori {grade}, {zone} ({opinion}).",
        "en": "{region} in the {year} assessment: a score of {score}, computed from {n} published units; grade {grade}, {zone} ({opinion}).",
    },
    "sentence.headline_nograde_computed": {
        "id": "{region} pada penilaian {year}: nilai {score}, dihitung dari {n} unit yang dipublikasikan; {opinion}, {zone}.",
        "en": "{region} in the {year} assessment: a score of {score}, computed from {n} published units; {opinion}, {zone}.",
    },
    "sentence.headline_nograde": {
        "id": "{region} memperoleh nilai {score} pada penilaian {year}: {opinion}, {zone}.",
        "en": "{region} scored {score} in the {year} assessment: {opinion}, {zone}.",
    },
    "sentence.rank": {
        "id": "Di antara {n} {kinds} tahun {year} yang nilainya ada di data, {region} berada di peringkat {rank}.",
        "en": "Among the {n} {kinds} of {year} whose scores are in the data, {region} ranks {rank}.",
    },
    "sentence.province_rank": {
        "id": "Di antara {n} {kinds} di Provinsi {province} di data tahun itu: peringkat {rank}.",
        "en": "Among the {n} {kinds} of {province} province in the data that year: rank {rank}.",
    },
    "sentence.sample": {
        "id": "Data ini adalah nilai yang dipublikasikan media (sampel), bukan seluruh Pemda; peringkat di atas hanya berlaku di dalam sampel itu.",
        "en": "The data are the scores the press published (a sample), not every Pemda; these ranks hold within that sample only.",
    },
    "sentence.sample_short": {
        "id": "Peringkat ini hanya di antara Pemda yang nilainya diberitakan media, bukan seluruh Pemda.",
        "en": "This rank is only among the Pemdas whose scores the press reported, not all Pemdas.",
    },
    "sentence.gap": {
        "id": "Pemda perlu {gap} poin lagi untuk masuk zona hijau ({green}).",
        "en": "The Pemda needs {gap} more points to reach the green zone ({green}).",
    },
    "sentence.gap_next": {"id": "Jarak ke {next}: {gap} poin.", "en": "Distance to {next}: {gap} points."},
    "sentence.in_green": {"id": "Pemda sudah berada di zona hijau.", "en": "The Pemda is in the green zone."},
    "sentence.both_scores": {
        "id": "Nilai Pemda yang dipublikasikan {published}; rata-rata {n} unit yang tercantum {mean}. Ringkasan ini memakai nilai yang dipublikasikan.",
        "en": "Published Pemda score {published}; mean of the {n} units listed {mean}. This brief uses the published score.",
    },
    "sentence.history_same": {
        "id": "Perubahan poin hanya dibandingkan di dalam instrumen yang sama; di antara instrumen berbeda, yang dibandingkan adalah posisi (zona, kategori).",
        "en": "Point changes are compared only within one instrument; across instruments, positions (zone, grade) are compared instead.",
    },
    "sentence.units_zones": {
        "id": "{low} dari {n} unit berada di bawah zona hijau.",
        "en": "{low} of {n} units are below the green zone.",
    },
    "sentence.units_all_green": {
        "id": "Semua {n} unit berada di zona hijau.",
        "en": "All {n} units are in the green zone.",
    },
    "sentence.vertical": {
        "id": "Instansi vertikal di wilayah ini (dinilai terpisah, tidak masuk nilai Pemda): {offices}.",
        "en": "Central-government offices in this region (assessed separately, not part of the Pemda score): {offices}.",
    },
    "sentence.pull": {
        "id": "Yang paling menahan nilai Pemda: {top}.",
        "en": "Holding the Pemda's score down most: {top}.",
    },
    "sentence.plan_intro": {
        "id": "Rencana dengan upaya terkecil untuk mencapai {target}:",
        "en": "The least-effort plan to reach {target}:",
    },
    "sentence.plan_intro_other": {
        "id": "Rencana dengan upaya terkecil untuk mencapai {target}, hanya sebagai gambaran pada skala instrumen {regime} (penilaian {next} memakai instrumen lain):",
        "en": "The least-effort plan to reach {target}, only as a reading on the scale of the {regime} instrument (the {next} assessment uses another one):",
    },
    "sentence.dimension_weakest": {
        "id": "{unit} ({score}): poin terbanyak hilang di dimensi {dimension} ({lost} poin); indikator terlemah: {indicators}.",
        "en": "{unit} ({score}): most points lost in the {dimension} dimension ({lost} points); weakest indicators: {indicators}.",
    },
    "sentence.ikm": {
        "id": "{group}: IKM {ikm} (IK 95 % {low}–{high}), mutu {mutu} ({kinerja}), n = {n}{uncertain}.",
        "en": "{group}: IKM {ikm} (95 % CI {low}–{high}), grade {mutu} ({kinerja}), n = {n}{uncertain}.",
    },
    "sentence.ikm_uncertain": {
        "id": "; intervalnya melewati batas mutu, jadi mutunya belum pasti",
        "en": "; the interval crosses a grade boundary, so the grade is not certain",
    },
    "sentence.ikm_too_few": {
        "id": "Responden terlalu sedikit untuk interval (kurang dari 5), jadi mutunya belum pasti.",
        "en": "Too few respondents for an interval (fewer than 5), so the grade is not certain.",
    },
    "sentence.ipa": {
        "id": "Prioritas perbaikan menurut survei (kepentingan tinggi, kinerja rendah): {items}.",
        "en": "Survey priorities (high importance, low performance): {items}.",
    },
    "sentence.ipa_unstable": {
        "id": "Kuadran unsur {items} belum pasti: kepentingan atau kinerjanya tidak berbeda nyata dari rata-rata sembilan unsur (uji dengan penyesuaian Holm); jangan dijadikan dasar tunggal.",
        "en": "The quadrant of {items} is not established: its importance or performance does not differ from the mean of the nine items beyond chance (Holm-adjusted tests); do not act on it alone.",
    },
    "sentence.need_units": {
        "id": "nilai per unit layanan (laporan hasil penilaian dari Ombudsman RI Perwakilan) untuk melihat unit mana yang menahan nilai",
        "en": "the score of each service unit (the assessment report from the Ombudsman RI representative office), to see which units hold the score down",
    },
    "sentence.need_detail": {
        "id": "nilai dimensi dan indikator tiap unit (lembar kerja penilaian yang sama) untuk menunjuk komponen yang lemah",
        "en": "dimension and indicator scores of each unit (the same office's assessment worksheets), to point to the weak components",
    },
    "sentence.need_survey": {
        "id": "Survei Kepuasan Masyarakat tiap unit (PermenPANRB 14/2017) untuk melihat apa yang dirasakan pengguna",
        "en": "each unit's user-satisfaction survey (PermenPANRB 14/2017), to see what users experience",
    },
    "sentence.need_intro": {
        "id": "Ringkasan ini akan lebih tajam dengan: {items}.",
        "en": "This brief would be sharper with: {items}.",
    },
    # Chart labels
    "plot.axis_from": {"id": "sumbu mulai {v}", "en": "axis starts at {v}"},
    "plot.green": {"id": "Batas zona hijau ({v})", "en": "Green-zone threshold ({v})"},
    "plot.pemda": {"id": "Nilai Pemda ({v})", "en": "Pemda score ({v})"},
    "plot.band_edge": {"id": "Batas kategori", "en": "Grade boundary"},
    "plot.progress_published": {"id": "Nilai Pemda, dipublikasikan", "en": "Pemda score, published"},
    "plot.progress_computed": {
        "id": "Nilai Pemda, dihitung dari nilai unit (*)",
        "en": "Pemda score, computed from the unit scores (*)",
    },
    "plot.progress_units": {
        "id": "Unit yang dinilai di dua tahun atau lebih",
        "en": "Units scored in two or more years",
    },
    "plot.progress_regime": {"id": "instrumen {regime}: {years}", "en": "{regime} instrument: {years}"},
    "plot.progress_other": {
        "id": "Instrumen lain, hanya posisi (nilainya tidak sebanding): {positions}",
        "en": "Other instruments, positions only (their scores do not compare): {positions}",
    },
    # Importance-performance quadrants
    "quadrant.concentrate_here": {"id": "Prioritas perbaikan", "en": "Concentrate here"},
    "quadrant.keep_up": {"id": "Pertahankan", "en": "Keep up the good work"},
    "quadrant.low_priority": {"id": "Prioritas rendah", "en": "Low priority"},
    "quadrant.possible_overkill": {"id": "Berlebihan", "en": "Possible overkill"},
    # Unit types
    "unit_type.education": {"id": "Pendidikan", "en": "Education"},
    "unit_type.health": {"id": "Kesehatan", "en": "Health"},
    "unit_type.social": {"id": "Sosial", "en": "Social affairs"},
    "unit_type.civil_registration": {"id": "Kependudukan dan pencatatan sipil", "en": "Civil registration"},
    "unit_type.investment_licensing": {"id": "Penanaman modal dan PTSP", "en": "Investment and licensing"},
    "unit_type.primary_care": {"id": "Puskesmas", "en": "Primary care (puskesmas)"},
    "unit_type.hospital": {"id": "Rumah sakit daerah", "en": "Regional hospital"},
    "unit_type.school": {"id": "Sekolah", "en": "School"},
    "unit_type.social_rehabilitation": {"id": "Balai/panti rehabilitasi sosial", "en": "Social-rehabilitation centre"},
    "unit_type.prison": {
        "id": "Pemasyarakatan: lapas/rutan (instansi vertikal)",
        "en": "Prison or detention centre (central-government office)",
    },
    "unit_type.police": {"id": "Kepolisian (instansi vertikal)", "en": "Police (central-government office)"},
    "unit_type.land_office": {
        "id": "Kantor pertanahan (instansi vertikal)",
        "en": "Land office (central-government office)",
    },
    "unit_type.ministry": {"id": "Kementerian", "en": "Ministry"},
    "unit_type.agency": {"id": "Lembaga/badan", "en": "Agency"},
    "unit_type.other": {"id": "Lainnya", "en": "Other"},
    # Problems found in input, and the frame of a problem report (rendered in the reader's language)
    "frame.row": {"id": "baris", "en": "row"},
    "frame.column": {"id": "kolom", "en": "column"},
    "frame.value": {"id": "nilai", "en": "value"},
    "frame.problem": {"id": "masalah", "en": "problem"},
    "frame.problems": {"id": "masalah", "en": "problems"},
    "frame.in": {"id": "di", "en": "in"},
    "frame.more": {"id": "dan {n} lainnya", "en": "and {n} more"},
    "problem.cannot_read_type": {
        "id": "tidak dapat membaca {kind}; berikan path berkas atau DataFrame",
        "en": "cannot read a {kind}; give a path or a DataFrame",
    },
    "problem.file_not_found": {"id": "berkas tidak ditemukan", "en": "file not found"},
    "problem.is_directory": {"id": "ini folder, bukan berkas", "en": "this is a folder, not a file"},
    "problem.unknown_file_type": {
        "id": "jenis berkas {suffix!r} tidak dikenal; gunakan CSV, XLSX, atau Parquet",
        "en": "unknown file type {suffix!r}; use CSV, XLSX or Parquet",
    },
    "problem.cannot_read": {"id": "berkas tidak dapat dibaca: {reason}", "en": "cannot read the file: {reason}"},
    "problem.workbook_encrypted": {
        "id": "buku kerja ini dilindungi kata sandi (terenkripsi); buka di Excel, hapus kata sandinya (File > Info > Protect Workbook), simpan, lalu baca lagi",
        "en": "the workbook is password-protected (encrypted); open it in Excel, remove the password (File > Info > Protect Workbook), save, and read it again",
    },
    "problem.old_xls": {
        "id": "buku kerja format lama Excel 97-2003 (.xls); simpan sebagai .xlsx atau CSV, lalu baca lagi",
        "en": "an Excel 97-2003 workbook (.xls); save it as .xlsx or CSV and read it again",
    },
    "problem.too_many_columns": {
        "id": "tabel memiliki {n} kolom; batasnya {limit} kolom",
        "en": "the table has {n} columns; the limit is {limit} columns",
    },
    "problem.sheet_too_many_columns": {
        "id": "lembar {sheet!r} memiliki data sampai kolom ke-{n}; batasnya {limit} kolom",
        "en": "sheet {sheet!r} holds data up to column {n}; the limit is {limit} columns",
    },
    "problem.too_many_cells": {
        "id": "berkas berisi lebih banyak sel daripada batasnya, {limit} sel: bagi menjadi beberapa berkas",
        "en": "the file holds more cells than the limit of {limit}: split it into several files",
    },
    "problem.inflates_too_much": {
        "id": "isi buku kerja terkompresi ini mengembang menjadi {size}; batasnya {limit} (berkas rusak atau bom zip?)",
        "en": "this compressed workbook inflates to {size}; the limit is {limit} (a broken file or a zip bomb?)",
    },
    "problem.file_empty": {"id": "berkas kosong", "en": "the file is empty"},
    "problem.encoding": {
        "id": "berkas bukan teks UTF-8 maupun Windows-1252",
        "en": "the file is neither UTF-8 nor Windows-1252 text",
    },
    "problem.stray_bytes": {
        "id": "{source}: berkas berupa UTF-8 tetapi {n} baris berisi byte yang bukan UTF-8; byte itu dibaca sebagai Windows-1252, selebihnya sebagai UTF-8. Periksa nama di baris: {rows}",
        "en": "{source}: the file is UTF-8 but {n} row(s) hold bytes that are not UTF-8; those bytes were read as Windows-1252, the rest as UTF-8. Check the names on rows: {rows}",
    },
    "problem.header_twice": {
        "id": "judul kolom {header!r} muncul dua kali (kolom {first} dan {second}); ganti nama atau hapus salah satunya",
        "en": "the header {header!r} appears twice (columns {first} and {second}); rename or remove one",
    },
    "problem.header_no_rows": {
        "id": "berkas memiliki judul kolom tetapi tidak ada baris data",
        "en": "the file has a header but no rows",
    },
    "problem.no_sheet_number": {
        "id": "tidak ada lembar nomor {sheet}; lembar yang ada: {sheets}",
        "en": "no sheet number {sheet}; sheets: {sheets}",
    },
    "problem.no_sheet_named": {
        "id": "tidak ada lembar bernama {sheet!r}; lembar yang ada: {sheets}",
        "en": "no sheet named {sheet!r}; sheets: {sheets}",
    },
    "problem.other_sheet_data": {
        "id": "lembar {other!r} juga berisi data ({rows} baris di bawah judul kolomnya) yang tidak akan dibaca; pilih lembar yang dibaca (lembar {other!r}) atau pindahkan barisnya ke lembar {chosen!r}",
        "en": "sheet {other!r} also holds data ({rows} rows below its header) that would not be read; choose the sheet to read (sheet {other!r}) or move its rows to sheet {chosen!r}",
    },
    "problem.formula_no_value": {
        "id": "lembar {sheet!r}, sel {cell}: rumus tanpa nilai tersimpan (buku kerja disimpan tanpa dihitung) akan terbaca kosong; buka di Excel dan simpan lagi, atau tempel sebagai nilai",
        "en": "sheet {sheet!r}, cell {cell}: a formula with no stored value (the workbook was saved without calculating it) would read as blank; open it in Excel and save it again, or paste it as values",
    },
    "problem.more_formulas_no_value": {
        "id": "lembar {sheet!r}: {n} sel lain berisi rumus tanpa nilai tersimpan",
        "en": "sheet {sheet!r}: {n} more cells hold a formula with no stored value",
    },
    "problem.two_columns_mean": {
        "id": "dua kolom sama-sama berarti {canon!r}: {first!r} dan {second!r}",
        "en": "two columns mean {canon!r}: {first!r} and {second!r}",
    },
    "problem.required_missing": {
        "id": "kolom wajib {canon!r} tidak ada (judul kolom yang diterima: {accepted})",
        "en": "required column {canon!r} is missing (accepted headers: {accepted})",
    },
    "problem.name_too_long": {
        "id": "nama sepanjang {length} karakter; paling banyak {limit} karakter yang diterima",
        "en": "name is {length} characters long; at most {limit} are accepted",
    },
    "problem.duplicate_row": {"id": "duplikat baris {row} ({what})", "en": "duplicate of row {row} ({what})"},
    "problem.same_year_region_unit": {"id": "tahun, wilayah, dan unit sama", "en": "same year, region and unit"},
    "problem.same_year_region_no_unit": {
        "id": "tahun dan wilayah sama, dan tidak ada kolom unit yang dikenali; kolom tidak dikenali: {names}; bila salah satunya nama unit, beri judul salah satu dari: {units}",
        "en": "same year and region, and no unit column recognised; columns not recognised: {names}; if one of them names the unit, head it one of: {units}",
    },
    "problem.same_unit_dimension_indicator": {
        "id": "unit, dimensi, dan indikator sama",
        "en": "same unit, dimension and indicator",
    },
    "problem.year_missing": {"id": "tahun kosong", "en": "year is missing"},
    "problem.year_not_whole": {"id": "tahun bukan bilangan bulat", "en": "year is not a whole number"},
    "problem.year_not_four_digit": {"id": "tahun bukan tahun empat angka", "en": "year is not a four-digit year"},
    "problem.year_no_scheme": {
        "id": "tidak ada skema penilaian untuk tahun {year}: {reason}",
        "en": "no assessment scheme for year {year}: {reason}",
    },
    "problem.scheme_no_green": {
        "id": "skema {scheme} tidak memiliki zona hijau",
        "en": "scheme {scheme} has no green zone",
    },
    "problem.scheme_no_grade": {
        "id": "skema {scheme} tidak memiliki kategori, zona, atau opini '{grade}'; yang ada: {known}",
        "en": "scheme {scheme} has no grade, zone or opinion '{grade}'; known: {known}",
    },
    "problem.scheme_no_dimension": {
        "id": "skema {scheme} tidak memiliki dimensi '{key}'; yang ada: {known}",
        "en": "scheme {scheme} has no dimension '{key}'; known: {known}",
    },
    "problem.scheme_unknown": {
        "id": "tidak ada skema '{name}'; yang ada: {known}",
        "en": "no scheme '{name}'; known: {known}",
    },
    "problem.catalogue_unknown": {
        "id": "tidak ada katalog '{name}' di {folder}",
        "en": "no catalogue '{name}' in {folder}",
    },
    "problem.no_scheme": {
        "id": "tidak ada skema penilaian Ombudsman untuk tahun {year} (tidak ada penilaian pada 2020 dan sebelum 2013); skema yang ada: {ranges}",
        "en": "no Ombudsman assessment scheme for year {year} (there was no assessment in 2020 and none before 2013); schemes: {ranges}",
    },
    "problem.year_value": {
        "id": "tahun penilaian harus bilangan bulat, bukan {year!r}",
        "en": "assessment year must be a whole number, not {year!r}",
    },
    "problem.score_missing": {"id": "nilai kosong", "en": "score is missing"},
    "problem.score_not_number": {"id": "nilai bukan angka", "en": "score is not a number"},
    "problem.score_outside": {
        "id": "nilai di luar skala {scheme} {low:g}-{high:g}",
        "en": "score outside the {scheme} scale {low:g}-{high:g}",
    },
    "problem.level_unknown": {"id": "level harus salah satu dari {levels}", "en": "level must be one of {levels}"},
    "problem.unit_row_needs_unit": {"id": "baris unit memerlukan nama unit", "en": "a unit row needs a unit name"},
    "problem.pemda_row_names_unit": {
        "id": "baris pemda tidak boleh menyebut nama unit",
        "en": "a pemda row must not name a unit",
    },
    "problem.region_missing": {"id": "wilayah kosong", "en": "region is missing"},
    "problem.region_no_letters": {
        "id": "nama wilayah tanpa huruf atau angka",
        "en": "the region name has no letter or digit",
    },
    "problem.unit_missing": {"id": "unit kosong", "en": "unit is missing"},
    "problem.malad_flag": {
        "id": "harus ya/tidak (yes/no, true/false, 1/0) atau kosong",
        "en": "must be yes/no (ya/tidak, true/false, 1/0) or blank",
    },
    "problem.malad_conflict": {
        "id": "bertentangan dengan opini yang dipublikasikan di baris yang sama",
        "en": "disagrees with the published opinion in the same row",
    },
    "problem.malad_before_2025": {
        "id": "'Tanpa Maladministrasi' baru dipublikasikan sejak 2025",
        "en": "'Tanpa Maladministrasi' is published only from 2025 on",
    },
    "problem.scheme_no_dimensions": {
        "id": "skema {scheme} tidak memiliki dimensi; data rinci berlaku sejak 2022",
        "en": "scheme {scheme} has no dimensions; detail data applies from 2022",
    },
    "problem.dimension_missing": {"id": "dimensi kosong", "en": "dimension is missing"},
    "problem.dimension_unknown": {
        "id": "dimensi tidak dikenal (gunakan input, proses, output, pengaduan)",
        "en": "unknown dimension (use input, proses, output, pengaduan)",
    },
    "problem.dimension_not_in_scheme": {
        "id": "dimensi {dimension!r} bukan bagian dari skema {scheme}",
        "en": "dimension {dimension!r} is not part of scheme {scheme}",
    },
    "problem.variable_wrong_dimension": {
        "id": "variabel {variable!r} bukan bagian dari dimensi {dimension!r} (yang diharapkan salah satu dari {expected})",
        "en": "variable {variable!r} does not belong to dimension {dimension!r} (expected one of {expected})",
    },
    "problem.indicator_score_range": {
        "id": "nilai indikator harus dari {low:g} sampai {high:g}",
        "en": "indicator score must be from {low:g} to {high:g}",
    },
    "problem.dimension_score_range": {
        "id": "nilai dimensi harus dari {low:g} sampai {high:g}",
        "en": "dimension score must be from {low:g} to {high:g}",
    },
    "problem.unit_missing_dimensions": {
        "id": "unit {unit!r} tidak memiliki nilai untuk dimensi {dimensions}",
        "en": "unit {unit!r} has no score for dimension(s) {dimensions}",
    },
    "problem.no_weights": {
        "id": "skema {scheme} tidak memiliki bobot dimensi; nilai gabungan tidak berlaku untuk tahun {year}",
        "en": "scheme {scheme} has no dimension weights; composite scores do not apply to {year}",
    },
    "problem.dimension_column_missing": {
        "id": "kolom dimensi {dimension!r} tidak ada",
        "en": "dimension {dimension!r} is missing",
    },
    "problem.dimension_value": {
        "id": "nilai dimensi harus angka dari 0 sampai 100",
        "en": "dimension score must be a number from 0 to 100",
    },
    "problem.answer_range": {
        "id": "jawaban harus bilangan bulat 1 sampai 4 (atau kosong)",
        "en": "answer must be a whole number from 1 to 4 (or blank)",
    },
    "problem.not_a_number": {"id": "bukan angka", "en": "not a number"},
    "problem.group_column_missing": {"id": "kolom pengelompokan tidak ditemukan", "en": "grouping column not found"},
    "problem.population": {
        "id": "populasi harus bilangan bulat paling sedikit 1, bukan {population!r}",
        "en": "population must be a whole number of at least 1, not {population!r}",
    },
    "problem.bootstrap_range": {
        "id": "jumlah sampel ulang bootstrap harus bilangan bulat 0 sampai {most}, bukan {value!r}",
        "en": "the number of bootstrap replicates must be a whole number from 0 to {most}, not {value!r}",
    },
    "problem.ci_range": {
        "id": "tingkat kepercayaan interval harus di antara 0 dan 1 (misalnya 0.95), bukan {value!r}",
        "en": "the interval's confidence level must be between 0 and 1 (such as 0.95), not {value!r}",
    },
    "value.positive": {
        "id": "harus bilangan lebih dari 0, bukan {value!r}",
        "en": "must be a number greater than 0, not {value!r}",
    },
    "value.probability": {
        "id": "harus bilangan di antara 0 dan 1 (misalnya 0.8), bukan {value!r}",
        "en": "must be a number between 0 and 1 (such as 0.8), not {value!r}",
    },
    "value.whole_at_least": {
        "id": "harus bilangan bulat paling sedikit {least}, bukan {value!r}",
        "en": "must be a whole number of at least {least}, not {value!r}",
    },
    "value.not_empty": {"id": "tidak boleh kosong", "en": "must not be empty"},
    "problem.no_respondents": {
        "id": "survei tidak memiliki responden untuk {region}",
        "en": "the survey has no respondents for {region}",
    },
    "problem.no_rows_known": {
        "id": "tidak ada baris untuk {region} tahun {year}; wilayah tahun {year}: {known}",
        "en": "no rows for {region} in {year}; regions in {year}: {known}",
    },
    "problem.none": {"id": "tidak ada", "en": "none"},
    "problem.overview_missing": {
        "id": "overview.json tidak ada: jalankan langkah ringkasan (01-overview) lebih dulu",
        "en": "overview.json is missing: run the overview step (01-overview) first",
    },
    "problem.no_unit_rows": {
        "id": "{region} {year} tidak memiliki baris unit untuk diuraikan",
        "en": "{region} {year} has no unit rows to decompose",
    },
    "problem.no_detail_for_unit": {
        "id": "tidak ada baris rinci untuk unit {unit!r}",
        "en": "no detail rows for unit {unit!r}",
    },
    "problem.detail_several": {
        "id": "baris rinci untuk unit {unit!r} ada di beberapa wilayah/tahun; sebutkan wilayah dan tahunnya",
        "en": "detail rows in several regions/years; name region and year for unit {unit!r}",
    },
    "problem.target_outside": {
        "id": "target {target} di luar skala {scheme}",
        "en": "target {target} is outside the {scheme} scale",
    },
    "problem.cost_needs_key": {
        "id": "berkas biaya memerlukan kolom 'indicator' atau 'unit'",
        "en": "a cost file needs an 'indicator' or 'unit' column",
    },
    "problem.cost_positive": {"id": "biaya harus angka positif", "en": "cost must be a positive number"},
    "problem.max_gain_positive": {
        "id": "max_gain harus jumlah poin yang positif (atau kosong)",
        "en": "max_gain must be a positive number of points (or blank)",
    },
    "problem.cost_model": {
        "id": "cost_model harus salah satu dari {models}",
        "en": "cost_model must be one of {models}",
    },
    "problem.plan_margin": {
        "id": "margin rencana harus bilangan nol atau positif (diberikan: {margin})",
        "en": "the plan's margin must be zero or a positive number (given: {margin})",
    },
    "problem.plan_name_region": {
        "id": "sebutkan wilayah dan tahun (atau berikan data rinci untuk satu wilayah dan tahun)",
        "en": "name the region and year (or give detail for one region and year)",
    },
    "problem.plan_unit_needs_detail": {
        "id": "rencana untuk satu unit memerlukan data rinci (nilai indikator)",
        "en": "a plan for one unit needs detail data (indicator scores)",
    },
    "problem.no_detail_rows": {
        "id": "tidak ada baris rinci untuk unit {unit!r} tahun {year}",
        "en": "no detail rows for unit {unit!r} in {year}",
    },
    "problem.plan_needs_results": {
        "id": "rencana Pemda memerlukan tabel hasil penilaian",
        "en": "a Pemda plan needs the results table",
    },
    "problem.no_unit_scores": {
        "id": "{region} {year} tidak memiliki nilai unit untuk direncanakan",
        "en": "{region} {year} has no unit scores to plan with",
    },
    "problem.too_many_predictors": {
        "id": "{n} prediktor: dekomposisi LMG eksak menerima paling banyak {limit} (2^{limit} subhimpunan); kelompokkan atau pilih prediktor lebih dulu",
        "en": "{n} predictors: the exact LMG decomposition takes at most {limit} (2^{limit} subsets); group or select predictors first",
    },
    "problem.no_predictor": {"id": "berikan sedikitnya satu prediktor", "en": "give at least one predictor"},
    "problem.column_not_found": {"id": "kolom tidak ditemukan", "en": "column not found"},
    "problem.coinciding": {
        "id": "{a} dan {b} berimpit di data (setiap nilai yang satu berpasangan dengan satu nilai yang lain): porsinya tidak dapat dipisahkan; keluarkan salah satunya",
        "en": "{a} and {b} coincide in the data (each value of one goes with one value of the other): their shares cannot be told apart; leave one out",
    },
    "importance.refused_one_region": {
        "id": "{term} tidak dapat diestimasi: kategori {levels} hanya ada di satu wilayah, sehingga berimpit dengan wilayah itu; faktor ini dikeluarkan dari dekomposisi",
        "en": "{term} cannot be estimated: category {levels} is seen in one region only, so it coincides with that region; the factor is left out of the decomposition",
    },
    "importance.refused_one_category": {
        "id": "{term} tidak dapat diestimasi: hanya satu kategori tersisa",
        "en": "{term} cannot be estimated: only one category is left",
    },
    "importance.inside_null": {
        "id": "porsi ini tidak melampaui porsi yang diberikan faktor acak (nol permutasi): tidak dibaca",
        "en": "this share does not exceed what a randomly permuted factor gets (permutation null): not read",
    },
    "problem.too_few_rows": {
        "id": "terlalu sedikit baris lengkap ({n}) untuk {k} kolom prediktor",
        "en": "too few complete rows ({n}) for {k} predictor columns",
    },
    "problem.constant": {"id": "kolom tidak bervariasi: {columns}", "en": "column does not vary: {columns}"},
    "problem.synthetic_no_units": {
        "id": "tidak ada baris unit penilaian {regime} untuk dibuatkan data rinci sintetis (katalog indikatornya milik instrumen itu)",
        "en": "no unit rows of the {regime} assessments to build synthetic detail for (the indicator catalogue is of that instrument)",
    },
    "problem.synthetic_unreachable": {
        "id": "tidak ada nilai indikator yang menghasilkan {unit} {score}",
        "en": "no indicator scores reproduce {unit} {score}",
    },
    "problem.no_instrument": {
        "id": "skema {scheme} (tahun {year}) tidak memiliki daftar indikator",
        "en": "scheme {scheme} (year {year}) has no indicator list",
    },
    "problem.unknown_columns": {
        "id": "{source}: kolom tidak dikenali: {names} (dibawa apa adanya, tidak dipakai untuk penilaian; kolom unit dikenali sebagai: {units}, ...)",
        "en": "{source}: column(s) not recognised: {names} (carried as given, not used for scoring; a unit column is recognised as: {units}, ...)",
    },
    "problem.unknown_columns_no_unit": {
        "id": "{source}: kolom tidak dikenali: {names} (diabaikan); tidak ada kolom unit, jadi setiap baris dibaca sebagai nilai Pemda; bila salah satunya nama unit, beri judul salah satu dari: {units}, ...",
        "en": "{source}: column(s) not recognised: {names} (ignored); there is no unit column, so every row is read as a Pemda's score; if one of them names the unit, head it one of: {units}, ...",
    },
    "problem.unknown_provinces": {
        "id": "{source}: {n} nama provinsi tidak dikenali, disimpan seperti tertulis: {names}",
        "en": "{source}: {n} province name(s) not recognised, kept as written: {names}",
    },
    "problem.unknown_units": {
        "id": "{source}: {n} nama unit tidak dikenali, disimpan dengan unit_type 'other': {names}",
        "en": "{source}: {n} unit name(s) not recognised, kept as unit_type 'other': {names}",
    },
    "problem.unknown_indicators": {
        "id": "{source}: {n} kode indikator tidak ada dalam daftar indikator {catalogue} (dibaca seperti tertulis): {codes}",
        "en": "{source}: {n} indicator code(s) not in the indicator list {catalogue} (read as written): {codes}",
    },
    "problem.detail_units_not_in_results": {
        "id": "{source}: {n} unit dalam detail tidak ada dalam tabel hasil: {units}",
        "en": "{source}: {n} unit(s) in the detail are not in the results table: {units}",
    },
    # Chart axes and the improvement plan
    "plot.ipa_x": {
        "id": "Kinerja: nilai rata-rata unsur (NRR, skala 1–4); garis putus-putus: rata-rata semua unsur",
        "en": "Performance: mean element score (NRR, scale 1–4); dashed lines: the mean of all elements",
    },
    "plot.ipa_y": {"id": "Kepentingan", "en": "Importance"},
    "plot.ipa_y_overall": {
        "id": "Kepentingan: bobot terhadap kepuasan keseluruhan (beta baku)",
        "en": "Importance: weight in overall satisfaction (standardised beta)",
    },
    "plot.ipa_y_other_items": {
        "id": "Kepentingan: korelasi dengan rata-rata unsur lainnya",
        "en": "Importance: correlation with the mean of the other elements",
    },
    "plot.title_units": {
        "id": "Nilai kepatuhan unit layanan, {region} {year}",
        "en": "Compliance scores of the service units, {region} {year}",
    },
    "plot.title_progress": {
        "id": "Nilai kepatuhan {region} dari tahun ke tahun, instrumen {regime}",
        "en": "Compliance score of {region} year by year, {regime} instrument",
    },
    "plot.title_pull": {
        "id": "Tarikan tiap unit pada nilai Pemda terhadap batas hijau, {region} {year}",
        "en": "Each unit's pull on the Pemda score against the green line, {region} {year}",
    },
    "plot.title_gaps": {
        "id": "Selisih antarjenis unit dalam satu Pemda, penilaian {regime}",
        "en": "Gaps between unit types within one Pemda, {regime} assessments",
    },
    "plot.title_ipa": {
        "id": "Kepentingan dan kinerja unsur layanan (SKM), {region} {year}",
        "en": "Importance and performance of the service elements (SKM), {region} {year}",
    },
    "plot.source_published": {
        "id": "Sumber: Ombudsman RI, hasil Penilaian Kepatuhan yang dipublikasikan (sampel dari pemberitaan, bukan seluruh Pemda); diolah dengan kepatuhan-toolkit.",
        "en": "Source: Ombudsman RI, published compliance assessment results (a press sample, not every Pemda); processed with kepatuhan-toolkit.",
    },
    "plot.source_file": {
        "id": "Sumber: {file} (data pengguna); diolah dengan kepatuhan-toolkit.",
        "en": "Source: {file} (user data); processed with kepatuhan-toolkit.",
    },
    "plot.source_survey": {
        "id": "Sumber: Survei Kepuasan Masyarakat, {file}, {n} responden; diolah dengan kepatuhan-toolkit.",
        "en": "Source: user-satisfaction survey, {file}, {n} respondents; processed with kepatuhan-toolkit.",
    },
    "plot.source_synthetic": {
        "id": "DATA SINTETIS (bukan hasil penilaian). ",
        "en": "SYNTHETIC DATA (not assessment results). ",
    },
    "plot.gaps_x_type": {
        "id": "Selisih dengan unit berjenis {type} di Pemda yang sama (poin; interval disesuaikan Holm)",
        "en": "Gap to the units of type {type} of the same Pemda (points; Holm-adjusted intervals)",
    },
    "plot.gaps_x": {
        "id": "Selisih dengan unit lain di Pemda yang sama (poin; interval disesuaikan Holm)",
        "en": "Gap to the other units of the same Pemda (points; Holm-adjusted intervals)",
    },
    "plot.pull_x": {"id": "Tarikan pada nilai Pemda (poin)", "en": "Pull on the Pemda score (points)"},
    "plan.held_without_detail": {
        "id": "Tanpa data rinci, nilai unit ini dianggap tetap: {units}.",
        "en": "Without detail, these units are held at their scores: {units}.",
    },
    "plan.base_unlisted": {
        "id": "Rencana diukur dari nilai Pemda yang dipublikasikan ({published}). Data hanya mencantumkan {n} dari {usual} unit yang biasanya dinilai; nilai itu berarti unit yang tidak tercantum rata-rata {implied}, dan nilai itu dianggap tetap: satu poin unit yang tercantum menaikkan nilai Pemda 1/{usual} poin. Tarikan unit yang tercantum berjumlah {pulls} poin dan unit yang tidak tercantum {rest}: bersama {gap} poin dari {published} ke zona hijau ({green}).",
        "en": "The plan starts from the published Pemda score ({published}). The data list only {n} of the {usual} units an assessment usually covers; that score implies the unlisted units average {implied}, held there: one point of a listed unit raises the Pemda score by 1/{usual} point. The listed units pull {pulls} points and the unlisted ones {rest}: together the {gap} points from {published} to the green zone ({green}).",
    },
    "plan.base_difference": {
        "id": "Rencana diukur dari nilai Pemda yang dipublikasikan ({published}), bukan dari rata-rata {n} unit yang tercantum ({mean}); selisih {diff} poin itu dianggap tetap. Tarikan unit berjumlah {pulls} poin dan selisihnya {rest}: bersama {gap} poin dari {published} ke zona hijau ({green}).",
        "en": "The plan starts from the published Pemda score ({published}), not the mean of the {n} listed units ({mean}); the difference of {diff} points is held as it is. The units pull {pulls} points and the difference {rest}: together the {gap} points from {published} to the green zone ({green}).",
    },
    "plan.base_products": {
        "id": "Pada skema {scheme} nilai Pemda dirata-rata per produk layanan, bukan per unit: rencana diukur dari nilai yang dipublikasikan ({published}) dan menganggap nilai itu bergerak seperti rata-rata {n} unit yang tercantum ({mean}) (asumsi). Tarikan unit berjumlah {pulls} poin dan selisihnya {rest}: bersama {gap} poin dari {published} ke zona hijau ({green}).",
        "en": "Under scheme {scheme} the Pemda score is averaged over service products, not units: the plan starts from the published score ({published}) and takes it to move as the mean of the {n} listed units ({mean}) does (an assumption). The units pull {pulls} points and the difference {rest}: together the {gap} points from {published} to the green zone ({green}).",
    },
    "plan.base_unavailable": {
        "id": "Pada skema {scheme} nilai Pemda bukan rata-rata unit dan tidak dipublikasikan: rencana memakai rata-rata {n} unit yang tercantum ({mean}) sebagai gantinya.",
        "en": "Under scheme {scheme} the Pemda score is not the mean of its units and is not published: the plan uses the mean of the {n} listed units ({mean}) in its place.",
    },
    "plan.target_met": {
        "id": "Target {target} sudah tercapai (nilai {current}).",
        "en": "The target {target} is already met (score {current}).",
    },
    "plan.reached_by_units": {
        "id": "Target {target} tercapai dengan menaikkan {units} unit.",
        "en": "The target {target} is reached by raising {units} units.",
    },
    "plan.reached_by_steps": {
        "id": "Target {target} tercapai dengan {n} langkah indikator di {units} unit.",
        "en": "The target {target} is reached in {n} indicator steps in {units} units.",
    },
    "plan.unreachable": {
        "id": "Target {target} tidak dapat dicapai dalam satu siklus: nilai tertinggi yang mungkin {best}.",
        "en": "The target {target} cannot be reached in one cycle: the best possible score is {best}.",
    },
    "plan.margin": {
        "id": "Rencana membidik {aim}: target {target} ditambah margin {margin} poin, agar tercapainya tidak bergantung pada aturan pembulatan (dianggap setengah ke atas ke dua desimal; belum terkonfirmasi).",
        "en": "The plan aims at {aim}: the target {target} plus a margin of {margin} points, so that reaching it does not rest on the rounding rule (assumed half-up to two decimals; unconfirmed).",
    },
    "plan.margin_none": {
        "id": "Tanpa margin: target dinilai setelah pembulatan setengah ke atas ke dua desimal, aturan yang belum terkonfirmasi.",
        "en": "No margin: the target is judged after rounding half-up to two decimals, a rule that is unconfirmed.",
    },
    "plan.margin_short": {
        "id": "Dengan margin {margin} poin target tidak terjangkau; rencana ini mencapai {target} hanya tanpa margin (berakhir di {final}), sehingga bergantung pada aturan pembulatan yang belum terkonfirmasi.",
        "en": "With a margin of {margin} points the target is out of reach; this plan reaches {target} only without a margin (it ends at {final}), so it rests on the rounding rule, which is unconfirmed.",
    },
    "plan.next_same": {
        "id": "Rencana ini untuk penilaian {next}, yang memakai instrumen yang sama ({regime}).",
        "en": "This plan is for the {next} assessment, which uses the same instrument ({regime}).",
    },
    "plan.next_other": {
        "id": "Penilaian berikutnya ({next}) memakai instrumen lain ({regime}: batas, unit dan indikator yang dinilai berbeda; zona hijau mulai {green}); nilai menurut instrumen {now} tidak berlaku pada penilaian {next}.{checklist}",
        "en": "The next assessment ({next}) uses another instrument ({regime}: other thresholds, other units and indicators assessed; green from {green}); scores on the {now} instrument do not carry over to the {next} assessment.{checklist}",
    },
    "plan.not_one_cycle": {
        "id": "Karena itu rencana nilai unit ini bukan target yang dapat dicapai dalam satu siklus.",
        "en": "This unit-score plan is therefore no target reachable in one cycle.",
    },
    "plan.next_checklist": {
        "id": " Untuk persiapan, pakai daftar periksa instrumen {next}: kepatuhan prepare --template --year {next}.",
        "en": " To prepare, use the checklist of the {next} instrument: kepatuhan prepare --template --year {next} --lang en.",
    },
    "plan.next_unknown": {
        "id": "Instrumen penilaian {next} belum diketahui (belum ada skema untuk tahun itu); rencana ini memakai skema {scheme}.",
        "en": "The instrument of the {next} assessment is not known (no scheme covers that year); this plan uses scheme {scheme}.",
    },
    "plan.on_current_scale": {
        "id": "Hanya sebagai gambaran pada skala instrumen {regime}: {text}",
        "en": "Only as a reading on the scale of the {regime} instrument: {text}",
    },
    "rec.items": {"id": "butir {first}–{last}: {basis}", "en": "items {first}–{last}: {basis}"},
    "rec.weight": {"id": "bobot {weight}", "en": "weight {weight}"},
    "rec.evidence_and": {"id": " serta ", "en": " and "},
    "rec.levels_method": {
        "id": "Ukuran rekomendasi dalam indikator: satu indikator yang naik satu tingkat (skala 0–{top}) bernilai {low}–{high} poin nilai unit, yaitu bobot dimensi dibagi jumlah indikatornya kali {top}; ini berlaku bila indikator dalam satu dimensi berbobot sama (belum terkonfirmasi), sehingga jumlah kenaikan diberikan sebagai rentang.",
        "en": "The recommendations' size in indicators: one indicator rising one level (scale 0–{top}) is worth {low}–{high} unit points, a dimension's weight over its number of indicators times {top}; this holds if the indicators of a dimension weigh the same (unconfirmed), so the number of rises is given as a range.",
    },
    "rec.into_green": {"id": ", sehingga masuk zona hijau.", "en": ", bringing it into the green zone."},
    "rec.component_units": {
        "id": "({units}; +{gain} poin nilai Pemda menurut rencana)",
        "en": "({units}; +{gain} points of the Pemda score in the plan)",
    },
    "plan.next_level": {
        "id": "Pemda sudah di zona hijau; rencana ini menuju tingkat berikutnya, {level} (mulai {lower}).",
        "en": "The Pemda is already in the green zone; this plan aims at the next level, {level} (from {lower}).",
    },
    "plan.toward_best": {
        "id": "Langkah dalam tabel membawa nilai ke {best}, yang tertinggi yang mungkin dalam satu siklus; target {target} perlu siklus berikutnya.",
        "en": "The steps in the table bring the score to {best}, the most one cycle allows; the target {target} needs a further cycle.",
    },
    "plan.no_levers": {
        "id": "Tidak ada indikator yang dapat dinaikkan dalam data.",
        "en": "The data hold no indicator that can rise.",
    },
    "plan.ties": {
        "id": "Rencana ini salah satu dari beberapa alokasi yang sama murahnya.",
        "en": "This plan is one of several equally cheap allocations.",
    },
    "plan.stable": {
        "id": "Kepekaan terhadap asumsi upaya ({variants}): setiap varian menaikkan {stable}; hanya sebagian varian: {varying}.",
        "en": "Sensitivity to the effort assumption ({variants}): every variant raises {stable}; only some variants: {varying}.",
    },
    "plan.stable_all": {
        "id": "Kepekaan terhadap asumsi upaya ({variants}): setiap varian menaikkan yang sama ({stable}).",
        "en": "Sensitivity to the effort assumption ({variants}): every variant raises the same ({stable}).",
    },
    "plan.stable_none": {
        "id": "Kepekaan terhadap asumsi upaya ({variants}): tidak ada yang dinaikkan oleh setiap varian, jadi pilihan dalam rencana ini bergantung pada asumsi upaya.",
        "en": "Sensitivity to the effort assumption ({variants}): nothing is raised by every variant, so the choices in this plan depend on the effort assumption.",
    },
    "plan.variant_headroom": {"id": "makin berat dekat 100", "en": "harder near 100"},
    "plan.variant_flat": {"id": "setiap poin sama", "en": "every point the same"},
    "plan.variant_greens": {"id": "unit terbanyak ke hijau", "en": "most units to green"},
    "plan.cost_flat": {
        "id": "Biaya: setiap poin sama; paling banyak {cap} poin per unit per siklus.",
        "en": "Costs: every point the same; at most {cap} points per unit per cycle.",
    },
    "plan.cost_from_file": {"id": " dengan pengali dari berkas biaya", "en": " with multipliers from the costs file"},
    "plan.cost_steps": {
        "id": "Upaya (asumsi, bukan metodologi): setiap langkah berikutnya pada satu indikator {growth} % lebih berat, paling banyak {cap} poin per unit per siklus{extra}.",
        "en": "Effort (assumptions, not methodology): each further step on one indicator costs {growth} % more, at most {cap} points per unit per cycle{extra}.",
    },
    "plan.cost_headroom": {
        "id": "Upaya (asumsi, bukan metodologi): setiap poin makin berat saat unit mendekati 100, sehingga menaikkan unit terendah lebih ringan; paling banyak {cap} poin per unit per siklus{extra}.",
        "en": "Effort (assumptions, not methodology): each point is harder as a unit nears 100, so raising the lowest units is lighter; at most {cap} points per unit per cycle{extra}.",
    },
    # Readings of the models across units
    "model.not_fitted": {"id": "{name}{where} tidak diestimasi: {why}.", "en": "{name}{where} not fitted: {why}."},
    "model.too_few": {
        "id": "pengamatan terlalu sedikit (n = {n}) untuk {k} parameter",
        "en": "too few observations (n = {n}) for {k} parameters",
    },
    "model.few_regions": {
        "id": "hanya {g} wilayah (Pemda) dalam data; pembacaan model dengan interval berklaster memerlukan sedikitnya {need}",
        "en": "only {g} regions (Pemdas) in the data; a model reading with clustered intervals needs at least {need}",
    },
    "model.no_variation": {"id": "tidak ada faktor yang bervariasi dalam data", "en": "no factor varies in the data"},
    "model.no_repeats": {
        "id": "terlalu sedikit wilayah dengan pengamatan berulang untuk intersep acak",
        "en": "too few regions with repeated observations for a random intercept",
    },
    "model.failed": {"id": "estimasi gagal ({reason})", "en": "the fit failed ({reason})"},
    "model.same_outcome": {
        "id": "semua pengamatan memiliki hasil zona yang sama",
        "en": "every observation has the same zone outcome",
    },
    "model.separation": {
        "id": "separasi sempurna: semua baris {term} memiliki hasil yang sama",
        "en": "perfect separation: every row of {term} has the same outcome",
    },
    "model.no_grades": {"id": "rezim ini tidak memiliki nilai huruf", "en": "this regime has no letter grades"},
    "model.one_grade": {"id": "hanya satu nilai huruf dalam data", "en": "only one grade in the data"},
    "model.too_few_regions": {
        "id": "pengamatan terlalu sedikit (n = {n}, {g} wilayah) untuk {k} parameter",
        "en": "too few observations (n = {n}, {g} regions) for {k} parameters",
    },
    "model.level_unit_type": {"id": "unit berjenis {level}", "en": "units of type {level}"},
    "model.level_region_type": {"id": "Pemda berjenis {level}", "en": "Pemdas of type {level}"},
    "model.level_year": {"id": "tahun {level}", "en": "year {level}"},
    "region_kind.kabupaten": {"id": "kabupaten", "en": "regency"},
    "region_kind.kota": {"id": "kota", "en": "city"},
    "region_kind.provinsi": {"id": "provinsi", "en": "province"},
    "model.separation_grade": {
        "id": "separasi sempurna: semua baris {term} memiliki nilai huruf terendah atau tertinggi",
        "en": "perfect separation: every row of {term} has the lowest or highest grade",
    },
    "model.where": {
        "id": "{name}, {regime}, {n} unit di {g} wilayah ({sample})",
        "en": "{name}, {regime}, {n} units in {g} regions ({sample})",
    },
    "model.sample_all": {
        "id": "semua unit rezim ini yang bernilai; selisih antarjenis unit hanya memakai Pemda dengan dua jenis unit atau lebih",
        "en": "every scored unit of the regime; the sector gaps use only the Pemdas with two or more unit types",
    },
    "model.sample_left_out": {
        "id": "semua unit rezim ini yang bernilai kecuali {n} unit berjenis {types}, yang hanya ada di satu wilayah sehingga berimpit dengan wilayah itu; selisih antarjenis unit hanya memakai Pemda dengan dua jenis unit atau lebih",
        "en": "every scored unit of the regime except {n} of type {types}, seen in one region only and so not separable from it; the sector gaps use only the Pemdas with two or more unit types",
    },
    "model.caveat_association": {
        "id": "asosiasi dalam sampel yang dipublikasikan, bukan sebab",
        "en": "an association in the published sample, not a cause",
    },
    "model.caveat_few_clusters": {
        "id": "dengan {g} wilayah interval bertumpu pada sedikit klaster",
        "en": "with {g} regions the intervals rest on few clusters",
    },
    "model.caveat_model_based": {
        "id": "interval berbasis model, tidak diklaster",
        "en": "model-based intervals, not clustered",
    },
    "model.caveat_cr1": {
        "id": "interval CR1 (sandwich klaster statsmodels dengan faktor G/(G-1)·(N-1)/(N-k)), bukan jackknife CRV3 seperti pada OLS",
        "en": "CR1 intervals (statsmodels' cluster sandwich with the factor G/(G-1)·(N-1)/(N-k)), not the CRV3 jackknife the OLS uses",
    },
    "model.nothing_significant": {
        "id": "{where}: tidak ada faktor yang berbeda nyata dari acuannya ({refs}) setelah penyesuaian Holm untuk {k} faktor ({caveat}).",
        "en": "{where}: no term differs from its reference ({refs}) after Holm adjustment for {k} terms ({caveat}).",
    },
    "model.points_lower": {
        "id": "{where}: {term} bernilai {size} poin lebih rendah daripada {reference} (IK 95 % {low} s.d. {high}; p Holm {p} dari {k} faktor), faktor lain tetap ({caveat}).",
        "en": "{where}: {term} scores {size} points lower than {reference} (95 % CI {low} to {high}; Holm-adjusted p {p} of {k} terms), other factors held fixed ({caveat}).",
    },
    "model.points_higher": {
        "id": "{where}: {term} bernilai {size} poin lebih tinggi daripada {reference} (IK 95 % {low} s.d. {high}; p Holm {p} dari {k} faktor), faktor lain tetap ({caveat}).",
        "en": "{where}: {term} scores {size} points higher than {reference} (95 % CI {low} to {high}; Holm-adjusted p {p} of {k} terms), other factors held fixed ({caveat}).",
    },
    "model.odds_not_green": {
        "id": "{where}: {term} memiliki peluang (odds) {odds} kali untuk tidak hijau dibanding {reference} (log-odds {log_odds}, IK 95 % {low} s.d. {high}; p Holm {p} dari {k} faktor; {caveat}).",
        "en": "{where}: {term} has {odds} times the odds of not being green of {reference} (log-odds {log_odds}, 95 % CI {low} to {high}; Holm-adjusted p {p} of {k} terms; {caveat}).",
    },
    "model.odds_higher_grade": {
        "id": "{where}: {term} memiliki peluang (odds) {odds} kali untuk kategori lebih tinggi dibanding {reference} (log-odds {log_odds}, IK 95 % {low} s.d. {high}; p Holm {p} dari {k} faktor; {caveat}).",
        "en": "{where}: {term} has {odds} times the odds of a higher grade of {reference} (log-odds {log_odds}, 95 % CI {low} to {high}; Holm-adjusted p {p} of {k} terms; {caveat}).",
    },
    # Readings of the sector gaps
    "gaps.method": {
        "id": "Metode: {compared} (efek tetap Pemda-tahun); interval {level} % diklaster per Pemda (jackknife klaster CRV3 menurut MacKinnon, Nielsen dan Webb 2023: (G-1)/G kali jumlah kuadrat simpangan estimasi tanpa satu Pemda; t dengan G-1 derajat bebas); nilai p disesuaikan dengan metode Holm antarjenis unit dalam satu rezim, dan interval yang ditampilkan disesuaikan dengan cara yang sama (tingkat step-down Holm: interval tidak memuat 0 tepat ketika p Holm di bawah {alpha}; interval tanpa penyesuaian ada di berkas hasil, drivers.json); setiap rezim metodologi diestimasi terpisah. Data adalah nilai yang dipublikasikan media (sampel), bukan seluruh Pemda.",
        "en": "Method: {compared} (Pemda-year fixed effects); {level} % intervals clustered by Pemda (cluster jackknife CRV3 as MacKinnon, Nielsen and Webb 2023 define it: (G-1)/G times the sum of squared leave-one-Pemda-out deviations; t with G-1 degrees of freedom); p-values Holm-adjusted across the unit types of a regime, and the intervals shown adjusted the same way (Holm step-down levels: an interval excludes 0 exactly when the Holm-adjusted p is below {alpha}; the unadjusted interval is in the result file, drivers.json); each methodology regime estimated on its own. The data are the scores the press published (a sample), not every Pemda.",
    },
    "gaps.compared_others": {
        "id": "setiap unit dibandingkan dengan unit lain di Pemda dan tahun yang sama",
        "en": "each unit compared with the other units of its own Pemda and year",
    },
    "gaps.compared_type": {
        "id": "setiap unit dibandingkan dengan unit berjenis {type} di Pemda dan tahun yang sama, hanya di Pemda yang memiliki unit berjenis itu",
        "en": "each unit compared with the units of type {type} of its own Pemda and year, only in Pemdas that have one",
    },
    "gaps.refused": {
        "id": "{regime}: hanya {n} Pemda di data yang memiliki nilai untuk dua jenis unit atau lebih; diperlukan sedikitnya {need} untuk menilai apakah suatu jenis unit secara sistematis lebih rendah, sehingga tidak ada estimasi.",
        "en": "{regime}: only {n} Pemda(s) in the data have scores for two or more unit types; at least {need} are needed to say whether a unit type is systematically lower, so no estimate is given.",
    },
    "gaps.ref_others": {
        "id": "unit lain di Pemda dan tahun yang sama",
        "en": "the other units of the same Pemda and year",
    },
    "gaps.ref_type": {
        "id": "unit {type} di Pemda dan tahun yang sama",
        "en": "{type} units of the same Pemda and year",
    },
    "gaps.head": {
        "id": "{regime}, {n} Pemda dengan dua jenis unit atau lebih: ",
        "en": "{regime}, {n} Pemdas with two or more unit types: ",
    },
    "gaps.head_type": {
        "id": "{regime}, {n} Pemda dengan unit berjenis {type} dan sedikitnya satu jenis unit lain: ",
        "en": "{regime}, {n} Pemdas with units of type {type} and at least one other unit type: ",
    },
    "gaps.joint": {
        "id": "uji gabungan apakah ada jenis unit yang berbeda ({k} jenis sekaligus, {g} Pemda; Wald CRV3, F({q}, {d}) = {f}, p {p}); ",
        "en": "joint test of whether any unit type differs ({k} types together, {g} Pemdas; CRV3 Wald, F({q}, {d}) = {f}, p {p}); ",
    },
    "gaps.joint_refused": {
        "id": "uji gabungan {k} jenis unit tidak dapat dilakukan dengan {g} Pemda (perlu lebih banyak Pemda daripada kontras); ",
        "en": "no joint test of {k} unit types with {g} Pemdas (it needs more Pemdas than contrasts); ",
    },
    "gaps.joint_only": {
        "id": " Uji gabungan menemukan perbedaan antarjenis unit yang tidak dapat ditunjuk pada satu jenis tertentu.",
        "en": " The joint test finds some difference among the unit types that no single comparison can locate.",
    },
    "gaps.found": {"id": "dibanding {reference}, {items}.", "en": "compared with {reference}, {items}."},
    "gaps.item_lower": {
        "id": "{type} bernilai {size} poin lebih rendah (IK {level} % yang disesuaikan Holm {low} s.d. {high}; p Holm {p}; {units} unit di {pemdas} Pemda)",
        "en": "{type} scores {size} points lower (Holm-adjusted {level} % CI {low} to {high}; Holm-adjusted p {p}; {units} units in {pemdas} Pemdas)",
    },
    "gaps.item_higher": {
        "id": "{type} bernilai {size} poin lebih tinggi (IK {level} % yang disesuaikan Holm {low} s.d. {high}; p Holm {p}; {units} unit di {pemdas} Pemda)",
        "en": "{type} scores {size} points higher (Holm-adjusted {level} % CI {low} to {high}; Holm-adjusted p {p}; {units} units in {pemdas} Pemdas)",
    },
    "gaps.none": {
        "id": "tidak ada jenis unit yang berbeda nyata dari {reference} setelah penyesuaian Holm (jenis unit yang dibandingkan: {k}).",
        "en": "no unit type differs from {reference} after Holm adjustment (unit types compared: {k}).",
    },
    "gaps.detectable": {
        "id": " Ini tidak berarti semua jenis unit bernilai sama: dengan data ini ({pemdas} Pemda per jenis) hanya selisih sekitar {low}–{high} poin yang akan terdeteksi dengan kuasa {power} % (uji dua sisi {level} %), atau {low_holm}–{high_holm} poin setelah penyesuaian Holm; selisih yang lebih kecil dapat ada tanpa terlihat.",
        "en": " This does not mean the types score alike: with these data ({pemdas} Pemdas per type) only gaps of about {low}–{high} points would be detected with {power} % power (two-sided {level} % test), or {low_holm}–{high_holm} points after Holm adjustment; smaller gaps may exist unseen.",
    },
    "gaps.not_ranked": {
        "id": " Setiap jenis dibandingkan dengan unit lain di Pemda-nya sendiri, sehingga selisih antarjenis tidak berada pada satu garis dasar dan tidak diurutkan: jenis tanpa selisih sendiri tampak tertinggal bila rekan se-Pemda-nya tertinggal.",
        "en": " Each type is compared with the other units of its own Pemdas, so the gaps of different types are not on one baseline and are not ranked: a type with no gap of its own looks behind when its Pemda-mates are behind.",
    },
    "gaps.shortfall": {
        "id": " Selisih terbesar, {type} {gap} poin (IK {level} % yang disesuaikan Holm {low} s.d. {high}, {pemdas} Pemda), terlalu tidak pasti untuk disebut sistematis.",
        "en": " The largest shortfall, {type} at {gap} points (Holm-adjusted {level} % CI {low} to {high}, {pemdas} Pemdas), is too uncertain to call systematic.",
    },
    "gaps.skipped": {
        "id": " Tidak diestimasi (kurang dari {need} Pemda): {types}.",
        "en": " Not estimated (fewer than {need} Pemdas): {types}.",
    },
    "sentence.opinion_malad": {"id": "{opinion} Tanpa Maladministrasi", "en": "{opinion}, without maladministration"},
    # Command-line help, and argparse's own words
    "help.lang": {
        "id": "bahasa label dan catatan: id (bawaan) atau en",
        "en": "language of labels and notes: id (default) or en",
    },
    "help.score": {
        "id": "beri kategori setiap baris dan ringkas setiap Pemda",
        "en": "grade every row and summarise each Pemda",
    },
    "help.data_positional": {
        "id": "berkas hasil penilaian (sama dengan --results; dipertahankan untuk skrip lama)",
        "en": "results file (same as --results; kept for older scripts)",
    },
    "help.results_formats": {
        "id": "berkas hasil penilaian (CSV, XLSX, Parquet); bawaan: hasil yang dipublikasikan yang disertakan",
        "en": "results file (CSV, XLSX, Parquet); default: bundled published results",
    },
    "help.sheet": {
        "id": "lembar berkas XLSX yang dibaca (nama atau nomor)",
        "en": "sheet of an XLSX results file to read (name or number)",
    },
    "help.region_only": {
        "id": "hanya wilayah ini (ejaan apa pun: 'Kab. Bekasi')",
        "en": "only this region (any spelling: 'Kab. Bekasi')",
    },
    "help.year_only": {"id": "hanya tahun penilaian ini", "en": "only this assessment year"},
    "help.score_out": {
        "id": "tulis juga tabel ke berkas ini (.xlsx: buku kerja Excel; selain itu CSV, atau JSON dengan --format json)",
        "en": "also write the table to this file (.xlsx: an Excel workbook; otherwise CSV, or JSON with --format json)",
    },
    "help.table_out": {
        "id": "tulis juga tabel-tabelnya ke berkas ini (.xlsx: satu lembar per tabel; selain itu CSV, atau JSON dengan --format json)",
        "en": "also write the tables to this file (.xlsx: one sheet per table; otherwise CSV, or JSON with --format json)",
    },
    "help.csv_dialect": {
        "id": "CSV untuk program (plain: koma, titik desimal) atau untuk Excel berbahasa Indonesia (id: titik koma, koma desimal, UTF-8 dengan BOM, judul kolom dalam bahasa pilihan)",
        "en": "CSV for programs (plain: comma, decimal point) or for Excel set to Indonesian (id: semicolon, decimal comma, UTF-8 with BOM, headers in the chosen language)",
    },
    "help.drivers": {
        "id": "apa yang menahan Pemda di bawah zona hijau, dan jalan keluar termurah",
        "en": "what pulls a Pemda below the green zone, and the cheapest way out",
    },
    "help.region": {"id": "wilayah (ejaan apa pun)", "en": "region (any spelling)"},
    "help.year": {"id": "tahun penilaian", "en": "assessment year"},
    "help.results": {
        "id": "berkas hasil penilaian; bawaan: hasil yang dipublikasikan yang disertakan",
        "en": "results file; default: bundled published results",
    },
    "help.detail": {
        "id": "berkas rinci (nilai dimensi dan indikator; lihat data/templates/)",
        "en": "detail file (dimension and indicator scores; see data/templates/)",
    },
    "help.target": {
        "id": "green (bawaan: zona hijau), huruf kategori (A, B, C), atau nilai",
        "en": "green (default), a grade letter (A, B, C) or a score",
    },
    "help.focus": {
        "id": "unit yang dianalisis rinci, dipisah koma (bawaan: unit di luar zona hijau)",
        "en": "units to analyse in depth, comma-separated (default: the units outside the green zone)",
    },
    "help.costs": {
        "id": "berkas biaya per langkah (kolom indicator dan/atau unit, cost)",
        "en": "cost per step file (columns indicator and/or unit, cost)",
    },
    "help.ikm": {
        "id": "IKM (PermenPANRB 14/2017) dari data responden SKM",
        "en": "IKM (PermenPANRB 14/2017) from SKM respondent data",
    },
    "help.survey_positional": {
        "id": "berkas survei (CSV, XLSX, Parquet): satu baris per responden, unsur U1..U9",
        "en": "survey file (CSV, XLSX, Parquet): one row per respondent, items U1..U9",
    },
    "help.survey_option": {
        "id": "berkas survei (sama dengan argumen posisi)",
        "en": "survey file (same as the positional argument)",
    },
    "help.by": {
        "id": "kolom pengelompokan dipisah koma, mis. unit atau region,unit",
        "en": "comma-separated grouping columns, e.g. unit or region,unit",
    },
    "help.ikm_population": {
        "id": "populasi yang dilayani: menambahkan sampel minimum Krejcie-Morgan",
        "en": "population served: adds the Krejcie-Morgan required sample",
    },
    "help.weights": {"id": "bobot unsur: 1/9 (exact) atau 0.111", "en": "item weight: 1/9 (exact) or 0.111"},
    "help.bootstrap": {
        "id": "jumlah sampel ulang bootstrap untuk ketahanan mutu, 0 sampai 10.000 (0: tanpa interval)",
        "en": "bootstrap replicates for the grade robustness, 0 to 10,000 (0: no interval)",
    },
    "help.sample_size": {
        "id": "jumlah responden yang diperlukan: Krejcie-Morgan untuk suatu populasi, atau untuk presisi atau perubahan",
        "en": "respondents needed: Krejcie-Morgan for a population, or for a precision or a change",
    },
    "help.population": {"id": "populasi yang dilayani (Krejcie-Morgan)", "en": "population served (Krejcie-Morgan)"},
    "help.margin": {
        "id": "presisi IKM yang diinginkan, ± poin (memakai --sd, atau 10)",
        "en": "IKM precision wanted, ± points (needs --sd or uses 10)",
    },
    "help.change": {
        "id": "perubahan IKM antara dua tahun yang ingin dideteksi, poin",
        "en": "IKM change between two years to detect, points",
    },
    "help.sd": {
        "id": "simpangan baku IKM satu responden, poin (bawaan 10, sebuah asumsi)",
        "en": "SD of one respondent's IKM, points (default 10, an assumption)",
    },
    "help.power": {"id": "kuasa uji untuk --change (bawaan 0.8)", "en": "power for --change (default 0.8)"},
    "help.rounding": {
        "id": "table: seperti tabel terbitan 1970 (bawaan); up: tidak pernah kurang dari rumusnya",
        "en": "table: as the published 1970 table (default); up: never fewer than the formula",
    },
    "help.brief": {
        "id": "jalankan notebook untuk satu wilayah dan buat ringkasan kebijakannya",
        "en": "run the notebooks for one region and render its policy brief",
    },
    "help.survey_skm": {"id": "berkas survei (data responden SKM)", "en": "survey file (SKM respondent data)"},
    "help.brief_out": {
        "id": "folder keluaran (bawaan reports/); ringkasan ditulis ke <out>/<tahun>/<slug-wilayah>/",
        "en": "output root (default reports/); the brief goes to <out>/<year>/<region-slug>/",
    },
    "help.cell_timeout": {"id": "detik maksimum untuk satu sel notebook", "en": "seconds one notebook cell may run"},
    "help.batch": {
        "id": "jalankan notebook untuk banyak wilayah (paralel atau di Dask)",
        "en": "run the notebooks for many regions (parallel or on Dask)",
    },
    "help.regions": {"id": "wilayah dipisah koma", "en": "comma-separated regions"},
    "help.all": {
        "id": "setiap wilayah yang memiliki baris untuk tahun itu",
        "en": "every region with rows for the year",
    },
    "help.batch_detail": {
        "id": "berkas rinci untuk wilayah yang memilikinya",
        "en": "detail file for the regions that have detail",
    },
    "help.survey": {"id": "berkas survei", "en": "survey file"},
    "help.workers": {"id": "jumlah proses paralel (bawaan 2)", "en": "parallel processes (default 2)"},
    "help.scheduler": {
        "id": "alamat scheduler Dask distributed yang sudah berjalan",
        "en": "address of an existing Dask distributed scheduler",
    },
    "help.force": {
        "id": "jalankan ulang wilayah yang masukannya tidak berubah, dan hitung ulang analisis lintas unit yang disimpan",
        "en": "re-run regions whose inputs are unchanged, and compute the stored cross-unit analysis again",
    },
    "help.force_brief": {
        "id": "hitung ulang analisis lintas unit yang disimpan (bawaan: dipakai ulang selama data dan kode sama)",
        "en": "compute the stored cross-unit analysis again (default: reused while data and code are the same)",
    },
    "help.out": {
        "id": "folder keluaran (bawaan reports/), atau URL fsspec yang dapat dijangkau setiap mesin (s3://bucket/laporan)",
        "en": "output root (default reports/), or an fsspec URL every machine can reach (s3://bucket/reports)",
    },
    "help.schemes": {"id": "daftar skema penilaian dan sumbernya", "en": "list the grading schemes and their sources"},
    "help.description": {
        "id": "Hasil penilaian kepatuhan Ombudsman RI: nilai, analisis, ringkasan kebijakan.",
        "en": "Ombudsman RI compliance results: score, explain and brief.",
    },
    "help.format": {"id": "format keluaran", "en": "output format"},
    "argparse.usage: ": {"id": "penggunaan: ", "en": "usage: "},
    "argparse.positional arguments": {"id": "argumen posisi", "en": "positional arguments"},
    "argparse.options": {"id": "opsi", "en": "options"},
    "argparse.show this help message and exit": {
        "id": "tampilkan bantuan ini lalu keluar",
        "en": "show this help message and exit",
    },
    "argparse.argument %(argument_name)s: %(message)s": {
        "id": "argumen %(argument_name)s: %(message)s",
        "en": "argument %(argument_name)s: %(message)s",
    },
    "argparse.%(prog)s: error: %(message)s\n": {
        "id": "%(prog)s: galat: %(message)s\n",
        "en": "%(prog)s: error: %(message)s\n",
    },
    "argparse.the following arguments are required: %s": {
        "id": "argumen berikut wajib diisi: %s",
        "en": "the following arguments are required: %s",
    },
    "argparse.one of the arguments %s is required": {
        "id": "salah satu argumen %s wajib diisi",
        "en": "one of the arguments %s is required",
    },
    "argparse.not allowed with argument %s": {
        "id": "tidak boleh bersama argumen %s",
        "en": "not allowed with argument %s",
    },
    "argparse.unrecognized arguments: %s": {"id": "argumen tidak dikenal: %s", "en": "unrecognized arguments: %s"},
    "argparse.expected one argument": {"id": "memerlukan satu nilai", "en": "expected one argument"},
    "argparse.invalid %(type)s value: %(value)r": {
        "id": "nilai %(type)s tidak sah: %(value)r",
        "en": "invalid %(type)s value: %(value)r",
    },
    "argparse.invalid choice: %(value)r (choose from %(choices)s)": {
        "id": "pilihan tidak sah: %(value)r (pilih dari %(choices)s)",
        "en": "invalid choice: %(value)r (choose from %(choices)s)",
    },
    "argparse.ambiguous option: %(option)s could match %(matches)s": {
        "id": "opsi ambigu: %(option)s bisa berarti %(matches)s",
        "en": "ambiguous option: %(option)s could match %(matches)s",
    },
}
