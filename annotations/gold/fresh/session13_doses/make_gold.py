"""Fresh gold (helper H3, session 13): doses of 6 non-gold leaflets (section 3) and 8 non-gold
BC5CDR abstracts with numeric doses, written from the text alone before any code change.

Writes genres/split.jsonl, genres/leaflet_dev/doses.jsonl and genres/case_report_dev/doses.jsonl
beside this script; every evidence is checked to be a verbatim substring of its document.
"""
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[3]
sys.path.insert(0, str(ROOT))
from pipeline.evaluation.corpus import Choice, document_texts  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpora"
LEAFLETS = ["aldara", "pritor", "reblozyl", "rolufta", "rotarix", "xultophy"]
ABSTRACTS = [("CDR_TrainingSet.PubTator.txt", "3856631"), ("CDR_DevelopmentSet.PubTator.txt", "2334179"),
             ("CDR_TrainingSet.PubTator.txt", "18081909"), ("CDR_TrainingSet.PubTator.txt", "6286738"),
             ("CDR_DevelopmentSet.PubTator.txt", "3220106"), ("CDR_DevelopmentSet.PubTator.txt", "7905523"),
             ("CDR_DevelopmentSet.PubTator.txt", "17702969"), ("CDR_TrainingSet.PubTator.txt", "18329269")]
FIELDS = ("doc_id", "drug", "amount", "amount_max", "unit", "frequency_per_day", "frequency_per_day_max", "route",
          "form", "dose_kind", "population", "duration_text", "evidence")
ROWS = {"leaflet": [], "case_report": []}


def dose(genre, doc, drug, amount, unit, evidence, freq=None, amount_max=None, freq_max=None, route="", form="",
         kind="regimen", population="", duration=""):
    ROWS[genre].append(dict(zip(FIELDS, (doc, drug, float(amount), None if amount_max is None else float(amount_max),
                                         unit, freq, freq_max, route, form, kind, population, duration, evidence))))


def L(doc, *a, **k):
    dose("leaflet", f"leaflet_{doc}", *a, **k)


def B(pmid, *a, **k):
    dose("case_report", f"bc5cdr_{pmid}", *a, **k)


# ---- leaflets ------------------------------------------------------------------------
# aldara (imiquimod): "Apply Aldara cream 3 times per week" etc. state no amount -> no row.
# pritor (telmisartan)
L("pritor", "telmisartan", 1, "tablet", "The recommended dose is one tablet a day.", freq=1.0, route="oral",
  form="tablet")
L("pritor", "telmisartan", 40, "mg", "For treatment of high blood pressure, the usual dose of Pritor for most patients "
  "is one 40 mg tablet once a day to control blood pressure over the 24-hour period.", freq=1.0, route="oral",
  form="tablet", population="high blood pressure")
L("pritor", "telmisartan", 20, "mg", "Your doctor has recommended a lower dose of one 20 mg tablet daily.", freq=1.0,
  route="oral", form="tablet")
L("pritor", "telmisartan", 80, "mg", "For reduction of cardiovascular events, the usual dose of Pritor is one 80 mg "
  "tablet once a day.", freq=1.0, route="oral", form="tablet", population="reduction of cardiovascular events")
L("pritor", "telmisartan", 40, "mg", "If your liver is not working properly, the usual dose should not exceed 40 mg "
  "once daily.", freq=1.0, route="oral", form="tablet", kind="max", population="liver not working properly")
# reblozyl (luspatercept): the frequency item after the starting dose applies to it.
L("reblozyl", "luspatercept", 1.0, "mg/kg", "The recommended starting dose is 1.0 mg for each kilogram of body weight.",
  freq=0.047619, route="subcutaneous", form="injection")
L("reblozyl", "luspatercept", 1.75, "mg/kg", "Myelodysplastic syndromes The maximum single dose is 1.75 mg for each "
  "kilogram of body weight.", route="subcutaneous", form="injection", kind="max",
  population="myelodysplastic syndromes")
L("reblozyl", "luspatercept", 1.25, "mg/kg", "Beta-thalassaemia The maximum single dose is 1.25 mg for each kilogram "
  "of body weight.", route="subcutaneous", form="injection", kind="max", population="beta-thalassaemia")
# rolufta (umeclidinium)
L("rolufta", "umeclidinium", 1, "inhalation", "The recommended dose is one inhalation every day at the same time of "
  "day.", freq=1.0, route="inhalation", form="inhaler")
# rotarix: the dose volume given (as Mvabea's "(0.5 mL)"); "two doses" is a course count.
L("rotarix", "human rotavirus rix4414 strain", 1, "ml", "The vaccine (1 mL liquid) will be given orally.",
  route="oral", kind="single")
# xultophy (insulin degludec/liraglutide): the maximum stated per component; "One dose step contains ..." is a strength.
XM = ("The maximum daily dose of Xultophy is 50 dose steps (50 units of insulin degludec and 1.8 mg of "
      "liraglutide).")
L("xultophy", "insulin degludec", 50, "units", XM, freq=1.0, route="subcutaneous", form="injection", kind="max")
L("xultophy", "liraglutide", 1.8, "mg", XM, freq=1.0, route="subcutaneous", form="injection", kind="max")

# ---- case reports ---------------------------------------------------------------------
P = "3856631"
B(P, "methotrexate", 6000, "mg/m2", "The methotrexate was administered as a loading dose of 6,000 mg/m2 for a period "
  "of one hour followed by an infusion of 1,200 mg/m2/h for 23 hours.", route="intravenous", kind="single",
  duration="for a period of one hour")
B(P, "methotrexate", 1200, "mg/m2", "The methotrexate was administered as a loading dose of 6,000 mg/m2 for a period "
  "of one hour followed by an infusion of 1,200 mg/m2/h for 23 hours.", freq=24.0, route="intravenous",
  form="infusion", duration="for 23 hours")
LV = ("Leucovorin rescue was initiated 12 hours after the end of the infusion with a loading dose of 200 mg/m2 "
      "followed by 12 mg/m2 every three hours for six doses and then every six hours until the plasma methotrexate "
      "level decreased to less than 1 X 10(-7) mol/L.")
B(P, "folinic acid", 200, "mg/m2", LV, kind="single")
B(P, "folinic acid", 12, "mg/m2", LV, freq=8.0, duration="for six doses")
B("2334179", "penicillamine", 2, "mg/kg", "The dose of D-penicillamine associated with a favorable response was as low "
  "as 2 to 5 mg/kg per day given over a period ranging from 15 to 53 months.", amount_max=5, freq=1.0,
  duration="over a period ranging from 15 to 53 months")
LEV = ("A 28-year-old man suffering from idiopathic epilepsy with generalized seizures was treated with LEV (3000 mg) "
       "added to valproate (VPA) (2000 mg).")
B("18081909", "levetiracetam", 3000, "mg", LEV)
B("18081909", "valproic acid", 2000, "mg", LEV)
B("6286738", "colecalciferol", 15e6, "IU", "Large parenteral doses of vitamin D3 (15 to 17.5 x 10(6) IU vitamin D3) "
  "were associated with prolonged hypercalcemia, hyperphosphatemia, and large increases of vitamin D3 and its "
  "metabolites in the blood plasma of nonlactating nonpregnant and pregnant Jersey cows.", amount_max=17.5e6,
  kind="single")
NI = ("Rats were pretreated with saline or nicotine (1.5 mg/kg per day) by subcutaneously implanting each animal with "
      "an Alzet osmotic mini-pump which continuously released saline or nicotine for 1, 5 and 14 days.")
B("3220106", "nicotine", 1.5, "mg/kg", NI, freq=1.0, route="subcutaneous", duration="for 1, 5 and 14 days")
B("3220106", "nicotine", 0.2, "mg/kg", "At the end of each pretreatment period, animals were used for (i) determining "
  "their locomotor response to acutely injected nicotine (0.2 mg/kg, s.c.) and (ii) measuring the density of "
  "L-[3H]nicotine and [3H]spiperone binding sites in the striatum.", route="subcutaneous", kind="single")
SC = ("Patients with 200 to 500 CD4 cells/mm3 who tolerated < or = 12 weeks of prior zidovudine therapy received "
      "SC-48334 (1000 mg every 8 h) and zidovudine (100 mg every 8 h) or zidovudine and placebo.")
B("7905523", "miglustat", 1000, "mg", SC, freq=3.0)
B("7905523", "zidovudine", 100, "mg", SC, freq=3.0)
B("17702969", "fluoxetine", 10, "mg/kg", "Pregnant rats were treated with fluoxetine (10 mg/kg) from Day 11 through "
  "Day 21 of gestation.", freq=1.0, duration="from Day 11 through Day 21 of gestation")
B("18329269", "compound 14", 10, "mg/kg", "SAR studies led to compound 14 with excellent potency (K(i) = 0.4 nM), "
  "selectivity (A(1)/A(2A) > 100), and efficacy (MED 10 mg/kg p.o.) in the rat haloperidol-induced catalepsy model "
  "for Parkinson's disease.", route="oral", kind="single")


def main() -> None:
    split = [{"doc_id": f"leaflet_{n}", "genre": "leaflet", "part": "dev", "origin": f"epi_leaflets/{n}.txt",
              "tables": ["doses"]} for n in LEAFLETS]
    split += [{"doc_id": f"bc5cdr_{p}", "genre": "case_report", "part": "dev", "origin": f"bc5cdr/{f}#{p}",
               "tables": ["doses"]} for f, p in sorted(ABSTRACTS, key=lambda x: x[1])]
    choices = [Choice(s["doc_id"], s["genre"], s["part"], s["origin"], tuple(s["tables"])) for s in split]
    texts = document_texts(choices, CORPORA)
    out = HERE / "genres"
    out.mkdir(exist_ok=True)
    (out / "split.jsonl").write_text("".join(json.dumps(s) + "\n" for s in split), encoding="utf-8")
    for genre, rows in ROWS.items():
        order = {}
        for r in rows:
            pos = texts[r["doc_id"]].find(r["evidence"])
            assert pos >= 0, (r["doc_id"], r["evidence"][:60])
            order[id(r)] = (r["doc_id"], pos)
        rows = sorted(rows, key=lambda r: order[id(r)])
        folder = out / f"{genre}_dev"
        folder.mkdir(exist_ok=True)
        (folder / "doses.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        print(genre, len(rows), "rows")


if __name__ == "__main__":
    main()
