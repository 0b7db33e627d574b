"""Fresh gold (helper H3, session 14): doses of 6 non-gold leaflets (section 3 and explicit
maximums) and 8 BC5CDR development-set abstracts, from the text alone (draw.py, seed 1714).

Writes genres/split.jsonl, genres/leaflet_dev/doses.jsonl and genres/case_report_dev/doses.jsonl
beside this script; every evidence is checked to be a verbatim substring of the document text.
Run from the repository root.
"""
import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPORA = Path("/work/shared/corpora")
LEAFLETS = ["akeega", "mavenclad", "qinlock", "ranivisio", "sotyktu", "vokanamet"]
PMIDS = ["11079278", "11705128", "11838826", "17042884", "17285209", "18657397", "19105845", "9431903"]
WEEKLY = round(1 / 7, 6)


def leaflet_text(name):
    return (CORPORA / "epi_leaflets" / f"{name}.txt").read_text(encoding="utf-8")


def abstract_text(pmid):
    parts = {}
    for line in open(CORPORA / "bc5cdr/CDR_DevelopmentSet.PubTator.txt", encoding="utf-8"):
        m = re.match(rf"^{pmid}\|([ta])\|(.*)$", line.rstrip("\n"))
        if m:
            parts[m.group(1)] = m.group(2)
    return parts["t"] + " " + parts["a"]


def row(doc, drug, amount, unit, freq=None, evidence="", *, amount_max=None, freq_max=None, route="", form="",
        kind="regimen", population="", duration=""):
    return {"doc_id": doc, "drug": drug, "amount": float(amount), "amount_max": amount_max, "unit": unit,
            "frequency_per_day": freq, "frequency_per_day_max": freq_max, "route": route, "form": form,
            "dose_kind": kind, "population": population, "duration_text": duration, "evidence": evidence}


L = []  # leaflet rows
# ---- akeega (niraparib + abiraterone acetate; "Take this medicine by mouth")
ev = "The recommended starting dose is 200 mg/1 000 mg once a day."
L.append(row("leaflet_akeega", "niraparib", 200, "mg", 1.0, ev, route="oral"))
L.append(row("leaflet_akeega", "abiraterone acetate", 1000, "mg", 1.0, ev, route="oral"))

# ---- mavenclad (cladribine): the week regimen, and the cells of Tables 1, 2 and 3
d, drug = "leaflet_mavenclad", "cladribine"
L.append(row(d, drug, 1, "tablet", 1.0, "A treatment week consists of 4 or 5 days on which you receive 1 or 2 tablets daily (see Table 1).",
             amount_max=2.0, route="oral", form="tablet"))
for _ in range(4):  # Table 1: four cells "1 or 2 tablets daily for 4 or 5 days"
    L.append(row(d, drug, 1, "tablet", 1.0, "1 or 2 tablets daily for 4 or 5 days", amount_max=2.0, route="oral",
                 form="tablet", duration="for 4 or 5 days"))
# Table 2: tablets per treatment week by weight band (total of the week: cumulative, no daily frequency)
bands = [("40 to less than 50 kg", "4 4 4 4"), ("50 to less than 60 kg", "5 5 5 5"), ("60 to less than 70 kg", "6 6 6 6"),
         ("70 to less than 80 kg", "7 7 7 7"), ("80 to less than 90 kg", "8 7 8 7"), ("90 to less than 100 kg", "9 8 9 8"),
         ("100 to less than 110 kg", "9 9")]
for band, cells in bands:
    for n in cells.split():
        L.append(row(d, drug, int(n), "tablet", None, f"{band} {cells}", route="oral", form="tablet", kind="cumulative",
                     population=f"body weight {band}"))
# Table 3: tablets on each day by the week's total (the last row's "10" is lost in the text); zero cells are no dose
t3 = [("4 1 1 1 1 0", 4), ("5 1 1 1 1 1", 5), ("6 2 1 1 1 1", 6), ("7 2 2 1 1 1", 7), ("8 2 2 2 1 1", 8),
      ("9 2 2 2 2 1", 9), ("2 2 2 2 2", 10)]
for ev, total in t3:
    cells = ev.split()[-5:]
    for n in cells:
        if n != "0":
            L.append(row(d, drug, int(n), "tablet", 1.0, ev, route="oral", form="tablet",
                         population=f"{total} tablets per treatment week"))

# ---- qinlock (ripretinib)
d, drug = "leaflet_qinlock", "ripretinib"
L.append(row(d, drug, 150, "mg", 1.0, "The recommended daily dose is three 50 mg tablets (150 mg) once daily.", route="oral", form="tablet"))
L.append(row(d, drug, 150, "mg", 2.0, "If you have to take certain other medicines at the same time as QINLOCK, your doctor may change your dose to three 50 mg tablets (150 mg) twice daily.",
             route="oral", form="tablet", population="taking certain other medicines"))

# ---- ranivisio (ranibizumab): 0.05 ml containing 0.5 mg, one injection into the eye
L.append(row("leaflet_ranivisio", "ranibizumab", 0.5, "mg", None,
             "The usual dose of an injection is 0.05 ml (which contains 0.5 mg of active substance).",
             route="intravitreal", form="injection", kind="single"))

# ---- sotyktu (deucravacitinib)
L.append(row("leaflet_sotyktu", "deucravacitinib", 6, "mg", 1.0, "The recommended dose is 6 mg taken every day.", route="oral"))

# ---- vokanamet (canagliflozin/metformin): a count, no strength in the sentence
L.append(row("leaflet_vokanamet", "canagliflozin/metformin", 1, "tablet", 2.0, "The dose of Vokanamet is one tablet twice a day.",
             route="oral", form="tablet"))

C = []  # case-report rows
d = "bc5cdr_11079278"
C.append(row(d, "glucagon", 1, "mg", None, "Before dobutamine was begun, no therapy was given during the first visit, and patients were randomized on subsequent visits to receive metoprolol or metoprolol plus glucagon 1 mg.",
             route="intravenous", kind="single"))
C.append(row(d, "metoprolol", 20, "mg", None, "Metoprolol was dosed to achieve a resting predobutamine heart rate below 65 beats/minute or a total intravenous dose of 20 mg.",
             route="intravenous", kind="cumulative"))
C.append(row(d, "glucagon", 1, "mg", None, "Glucagon 1 mg, although somewhat effective, does not correct this effect to the extent that it can be administered clinically.",
             kind="single"))
# bc5cdr_11705128: costs and a haemoglobin threshold only, no dose
d = "bc5cdr_11838826"
C.append(row(d, "cabergoline", 2.13, "mg", WEEKLY, "RESULTS: Four males (age 6-11 years) with Diagnostic and Statistical Manual of Mental Disorders (fourth edition) bipolar disorder or psychoses, with risperidone-induced elevations in serum prolactin levels (57.5-129 ng/mL, normal 5-15 ng/mL), were treated with cabergoline (mean dose 2.13 +/- 0.09 mg/week)."))
C.append(row(d, "cabergoline", 1, "mg", WEEKLY, "When serum prolactin levels normalized in all four subjects (mean 11.2 +/- 10.9 ng/mL), the cabergoline dose was reduced to 1 mg/week in three of four subjects."))
d = "bc5cdr_17042884"
C.append(row(d, "quetiapine", 800, "mg", 1.0, "Two studies evaluated quetiapine monotherapy (up to 800 mg/day) (n = 209) versus placebo (n = 198), with lithium or haloperidol monotherapy as respective active controls.",
             kind="max"))
C.append(row(d, "quetiapine", 800, "mg", 1.0, "Two studies evaluated quetiapine (up to 800 mg/day) in combination with a mood stabilizer (lithium or divalproex, QTP + Li/DVP) (n = 196) compared to placebo and mood stabilizer (PBO + Li/DVP) (n = 203).",
             kind="max"))
d = "bc5cdr_17285209"
ev = "This is a case report on a 45-year old African-American female with newly diagnosed hypertension, who was started on a combination pill of amlodipine/benazapril 10/5 mg."
C.append(row(d, "amlodipine", 10, "mg", None, ev, form="pill"))
C.append(row(d, "benazepril", 5, "mg", None, ev, form="pill"))
d = "bc5cdr_18657397"
C.append(row(d, "benzylpenicillin", 400, "IU", None, "After a short period of basal activity recording, epileptic focus was induced by injecting 400IU/2 microl penicillin-G potassium into the left lateral ventricle while the cortical activity was continuously recorded.",
             route="intracerebroventricular", kind="single"))
d = "bc5cdr_19105845"
for ev in ["METHODS: We investigated the effect of varying the intraperitoneal infusion rates of bupropion HCl 120 mg/kg, a known convulsive dose 50 (CD50), on the incidence and severity of bupropion-induced convulsions in the Swiss albino mice.",
           "A total of 69 mice, approximately 7 weeks of age, and weighing 21.0 to 29.1 g were randomly assigned to bupropion HCl 120 mg/kg treatment by intraperitoneal (IP) administration in 7 groups (9 to 10 animals per group).",
           "RESULTS: The results showed that IP administration of bupropion HCl 120 mg/kg by bolus injection induced convulsions in 6 out of 10 mice (60% of convulsing mice) in group 1.",
           "Logistic regression analysis revealed that infusion time was significant (p = 0.0004; odds ratio = 0.974) and increasing the IP infusion time of bupropion HCl 120 mg/kg was associated with a 91% reduced odds of convulsions at infusion times of 15 to 90 min compared to bolus injection."]:
    C.append(row(d, "bupropion", 120, "mg/kg", None, ev, route="intraperitoneal", kind="single"))
d = "bc5cdr_9431903"
ev = "METHOD: Sphincter of Oddi spasm was induced by prostigmine-morphine administration (0.5 mg prostigmine intramuscularly and 10 mg morphine subcutaneously) and visualized by quantitative hepatobiliary scintigraphy."
C.append(row(d, "neostigmine", 0.5, "mg", None, ev, route="intramuscular", kind="single"))
C.append(row(d, "morphine", 10, "mg", None, ev, route="subcutaneous", kind="single"))
C.append(row(d, "glyceryl trinitrate", 1, "mcg/kg/min", None, "The entire procedure was repeated during glyceryl trinitrate infusion (Nitrolingual 1 microg/kg/min for 120 min).",
             route="intravenous", form="infusion", kind="single", duration="for 120 min"))

texts = {f"leaflet_{n}": leaflet_text(n) for n in LEAFLETS} | {f"bc5cdr_{p}": abstract_text(p) for p in PMIDS}
for r in L + C:
    assert r["evidence"] in texts[r["doc_id"]], (r["doc_id"], r["evidence"][:60])

out = HERE / "genres"
(out / "leaflet_dev").mkdir(parents=True, exist_ok=True)
(out / "case_report_dev").mkdir(parents=True, exist_ok=True)
with open(out / "split.jsonl", "w") as f:
    for n in LEAFLETS:
        f.write(json.dumps({"doc_id": f"leaflet_{n}", "genre": "leaflet", "part": "dev",
                            "origin": f"epi_leaflets/{n}.txt", "tables": ["doses"]}) + "\n")
    for p in PMIDS:
        f.write(json.dumps({"doc_id": f"bc5cdr_{p}", "genre": "case_report", "part": "dev",
                            "origin": f"bc5cdr/CDR_DevelopmentSet.PubTator.txt#{p}", "tables": ["doses"]}) + "\n")
for name, rows in (("leaflet_dev", L), ("case_report_dev", C)):
    with open(out / name / "doses.jsonl", "w") as f:
        for r in sorted(rows, key=lambda r: (r["doc_id"], texts[r["doc_id"]].find(r["evidence"]))):
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
print(len(L), "leaflet rows,", len(C), "case-report rows")
