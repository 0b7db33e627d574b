"""Write the session-13 fresh consumer-causes gold (helper H2) from the rows below.

Rows were written from the texts alone (GUIDELINES_genres.md, consumer causes; the notes of
genres/consumer_causes_dev and of the session 9/11 fresh folders) before any code of the
session changed. Checks that every evidence is a substring of the answer and every quote a
substring of its evidence. Run from the repository root."""
import json
from pathlib import Path

HERE = Path(__file__).parent
TEXTS = {}
for line in open("../shared/corpora/medquad/answers.jsonl"):
    r = json.loads(line)
    TEXTS["medquad_" + r["id"].replace("/", "_").replace("-", "_")] = r["answer"]

ROWS = []


def row(doc, cause, condition, relation, evidence, qc, qcond, hedged=False, negated=False):
    ROWS.append({"doc_id": doc, "cause": cause, "condition": condition, "relation": relation,
                 "negated": negated, "hedged": hedged, "frequency_band": "", "evidence": evidence,
                 "quote_cause": qc, "quote_condition": qcond})


# --- Hanhart syndrome (GARD) -------------------------------------------------------------
D = "medquad_2_GARD_QA_0002724_0002724_3"
C = "hanhart syndrome"
E = ("However, researchers suspect that there may be genetic and/or environmental factors that "
     "contribute to the development of the condition.")
row(D, "genetic factors", C, "causes", E, "genetic", "the condition", hedged=True)
row(D, "environmental factors", C, "causes", E, "environmental factors", "the condition", hedged=True)
E = "Exposure of the pregnant mother to radiation, teratogenic medications, or hypothermia"
row(D, "exposure of the pregnant mother to radiation", C, "causes", E, "Exposure of the pregnant mother to radiation", "", hedged=True)
row(D, "exposure of the pregnant mother to teratogenic medications", C, "causes", E, "teratogenic medications", "", hedged=True)
row(D, "exposure of the pregnant mother to hypothermia", C, "causes", E, "hypothermia", "", hedged=True)
E = "Trauma or disrupted blood flow to the baby in the womb"
row(D, "trauma to the baby in the womb", C, "causes", E, "Trauma", "", hedged=True)
row(D, "disrupted blood flow to the baby in the womb", C, "causes", E, "disrupted blood flow to the baby in the womb", "", hedged=True)
E = "Chorionic villus sampling procedures (when performed too early in the pregnancy)"
row(D, "chorionic villus sampling procedures", C, "causes", E, "Chorionic villus sampling procedures", "", hedged=True)

# --- Intervertebral disc disease (GARD) --------------------------------------------------
D = "medquad_2_GARD_QA_0003233_0003233_2"
C = "intervertebral disc disease"
E = ("Intervertebral disc disease (IDD) is a multifactorial disorder, which means that both genetic "
     "and environmental factors probably interact to predispose an individual to the condition.")
row(D, "genetic factors", C, "risk_factor", E, "genetic", "Intervertebral disc disease", hedged=True)
row(D, "environmental factors", C, "risk_factor", E, "environmental factors", "Intervertebral disc disease", hedged=True)
E = ("Factors such as occupational stress, trauma, or obesity, together with genetic alterations, "
     "may result in the structural weakness of a disc, cause a herniation, and possibly initiate a "
     "cascade of events leading to sciatica and pathological disc changes.")
for cause, qc in (("occupational stress", "occupational stress"), ("trauma", "trauma"),
                  ("obesity", "obesity"), ("genetic alterations", "genetic alterations")):
    for cond, qq in (("disc herniation", "herniation"), ("sciatica", "sciatica"),
                     ("pathological disc changes", "pathological disc changes")):
        row(D, cause, cond, "causes", E, qc, qq, hedged=True)
E = "One of the best-known environmental risk factors for IDD is vibration in occupational driving."
row(D, "vibration in occupational driving", C, "risk_factor", E, "vibration in occupational driving", "IDD")

# --- Meniere's disease (GARD) ------------------------------------------------------------
D = "medquad_2_GARD_QA_0003910_0003910_3"
C = "ménière's disease"
E = ("The underlying cause of Mnire's disease is unknown, although it probably results from a "
     "combination of environmental and genetic factors.")
row(D, "environmental factors", C, "causes", E, "environmental", "it", hedged=True)
row(D, "genetic factors", C, "causes", E, "genetic factors", "it", hedged=True)
E = ("Possible factors that have been studied include viral infections; trauma to the middle ear; "
     "middle ear infection (otitis media); head injury; a hereditary predisposition; syphilis; "
     "allergies; abnormal immune system responses; migraines; and noise pollution.")
for cause, qc in (("viral infections", "viral infections"), ("trauma to the middle ear", "trauma to the middle ear"),
                  ("middle ear infection", "middle ear infection (otitis media)"), ("head injury", "head injury"),
                  ("hereditary predisposition", "hereditary predisposition"), ("syphilis", "syphilis"),
                  ("allergies", "allergies"), ("abnormal immune system responses", "abnormal immune system responses"),
                  ("migraines", "migraines"), ("noise pollution", "noise pollution")):
    row(D, cause, C, "causes", E, qc, "", hedged=True)

# --- Gestational diabetes (NIDDK, "Causes of Diabetes") -----------------------------------
D = "medquad_5_NIDDK_QA_0000071_0000071_4"
C = "gestational diabetes"
E = ("Hormones produced by the placenta and other pregnancy-related factors contribute to insulin "
     "resistance, which occurs in all women during late pregnancy.")
row(D, "hormones produced by the placenta", "insulin resistance", "causes", E, "Hormones produced by the placenta", "insulin resistance")
row(D, "pregnancy-related factors", "insulin resistance", "causes", E, "other pregnancy-related factors", "insulin resistance")
row(D, "late pregnancy", "insulin resistance", "risk_factor", E, "late pregnancy", "insulin resistance")
E = "If the pancreas cant produce enough insulin due to beta cell dysfunction, gestational diabetes occurs."
row(D, "insufficient insulin production by the pancreas", C, "causes", E, "the pancreas cant produce enough insulin", "gestational diabetes")
row(D, "beta cell dysfunction", C, "causes", E, "beta cell dysfunction", "gestational diabetes")
E = ("Overweight or obese women are at particularly high risk for gestational diabetes because they "
     "start pregnancy with a higher need for insulin due to insulin resistance.")
row(D, "overweight", C, "risk_factor", E, "Overweight", "gestational diabetes")
row(D, "obesity", C, "risk_factor", E, "obese", "gestational diabetes")
E = "Excessive weight gain during pregnancy may also increase risk."
row(D, "excessive weight gain during pregnancy", C, "risk_factor", E, "Excessive weight gain during pregnancy", "", hedged=True)
E = ("Having a family history of diabetes is also a risk factor for gestational diabetes, suggesting "
     "that genes play a role in its development.")
row(D, "family history of diabetes", C, "risk_factor", E, "family history of diabetes", "gestational diabetes")
row(D, "genes", C, "risk_factor", E, "genes", "its", hedged=True)
E = ("Genetics may also explain why the disorder occurs more frequently in African Americans, "
     "American Indians, and Hispanics/Latinos.")
for cause in ("African Americans", "American Indians", "Hispanics/Latinos"):
    row(D, cause.lower(), C, "risk_factor", E, cause, "the disorder")
E = ("Many gene variants or combinations of variants may increase a womans risk for developing "
     "gestational diabetes.")
row(D, "gene variants", C, "risk_factor", E, "gene variants", "gestational diabetes", hedged=True)
row(D, "combinations of variants", C, "risk_factor", E, "combinations of variants", "gestational diabetes", hedged=True)
E = ("However, women who have gestational diabetes are more likely to develop gestational diabetes "
     "with future pregnancies and develop type 2 diabetes.")
row(D, "gestational diabetes", C, "risk_factor", E, "gestational diabetes", "gestational diabetes with future pregnancies")
row(D, "gestational diabetes", "type 2 diabetes", "risk_factor", E, "gestational diabetes", "type 2 diabetes")
E = ("Also, exposure to high glucose levels during gestation increases a childs risk for becoming "
     "overweight or obese and for developing type 2 diabetes later on.")
for cond, qq in (("overweight", "overweight"), ("obesity", "obese"), ("type 2 diabetes", "type 2 diabetes")):
    row(D, "exposure to high glucose levels during gestation", cond, "risk_factor", E,
        "exposure to high glucose levels during gestation", qq)

# --- Kidney stones in children (NIDDK) ---------------------------------------------------
D = "medquad_5_NIDDK_QA_0000204_0000204_4"
C = "kidney stones"
E = ("Kidney stones can form when substances in the urinesuch as calcium, magnesium, oxalate, and "
     "phosphorousbecome highly concentrated due to one or more causes:")
row(D, "highly concentrated substances in the urine", C, "causes", E, "substances in the urine", "Kidney stones", hedged=True)
for sub in ("calcium", "magnesium", "oxalate", "phosphorous"):
    row(D, f"highly concentrated {sub} in the urine", C, "causes", E, sub, "Kidney stones", hedged=True)
E = "Defects in the urinary tract may block the flow of urine and create pools of urine."
row(D, "defects in the urinary tract", C, "causes", E, "Defects in the urinary tract", "", hedged=True)
E = ("Up to one-third of children who have stones have an anatomic abnormality in their urinary tract.")
row(D, "anatomic abnormality in the urinary tract", C, "risk_factor", E, "anatomic abnormality in their urinary tract", "stones")
E = "Kidney stones may have a genetic cause."
row(D, "genetic cause", C, "causes", E, "genetic cause", "Kidney stones", hedged=True)
E = "In other words, the tendency to form stones can run in families due to inherited factors."
row(D, "inherited factors", C, "risk_factor", E, "inherited factors", "stones", hedged=True)
E = "An unhealthy lifestyle may make children more likely to have kidney stones."
row(D, "unhealthy lifestyle", C, "risk_factor", E, "unhealthy lifestyle", "kidney stones", hedged=True)
E = ("For example, drinking too little water or drinking the wrong types of fluids, such as soft drinks "
     "or drinks with caffeine, may cause substances in the urine to become too concentrated.")
CC = "highly concentrated substances in the urine"
for cause, qc in (("drinking too little water", "drinking too little water"),
                  ("drinking the wrong types of fluids", "drinking the wrong types of fluids"),
                  ("soft drinks", "soft drinks"), ("drinks with caffeine", "drinks with caffeine")):
    row(D, cause, CC, "causes", E, qc, "substances in the urine to become too concentrated", hedged=True)
E = ("Similarly, too much sodium, or salt, in the diet may contribute to more chemicals in the urine, "
     "causing an increase in stone formation.")
row(D, "too much sodium in the diet", C, "causes", E, "too much sodium, or salt, in the diet", "stone formation", hedged=True)
E = ("Some doctors believe increases in obesity rates, less active lifestyles, and diets higher in salt "
     "may be causing more children to have kidney stones.")
for cause, qc in (("obesity", "obesity rates"), ("less active lifestyles", "less active lifestyles"),
                  ("diets higher in salt", "diets higher in salt")):
    row(D, cause, C, "causes", E, qc, "kidney stones", hedged=True)
E = "Sometimes, a urinary tract infection can cause kidney stones to form."
row(D, "urinary tract infection", C, "causes", E, "urinary tract infection", "kidney stones", hedged=True)
E = ("Some types of bacteria in the urinary tract break down ureaa waste product removed from the blood "
     "by the kidneysinto substances that form stones.")
row(D, "bacteria in the urinary tract", C, "causes", E, "bacteria in the urinary tract", "stones")
E = "Some children have metabolic disorders that lead to kidney stones."
row(D, "metabolic disorders", C, "causes", E, "metabolic disorders", "kidney stones")
E = ("The most common metabolic disorder that causes kidney stones in children is hypercalciuria, which "
     "causes extra calcium to collect in the urine.")
row(D, "hypercalciuria", C, "causes", E, "hypercalciuria", "kidney stones")
row(D, "hypercalciuria", "extra calcium in the urine", "causes", E, "hypercalciuria", "extra calcium to collect in the urine")
E = ("Other more rare metabolic conditions involve problems breaking down oxalate, a substance made in "
     "the body and found in some foods. These conditions include hyperoxaluria, too much oxalate in the "
     "urine, and oxalosis, characterized by deposits of oxalate and calcium in the bodys tissues.")
row(D, "hyperoxaluria", C, "causes", E, "hyperoxaluria", "")
row(D, "oxalosis", C, "causes", E, "oxalosis", "")
E = "Another rare metabolic condition called cystinuria can cause kidney stones."
row(D, "cystinuria", C, "causes", E, "cystinuria", "kidney stones", hedged=True)

# --- Prescription and illicit drug abuse (SeniorHealth) -----------------------------------
D = "medquad_7_SeniorHealth_QA_0000055_0000055_18"
E = ("If you take medications the wrong way or abuse illicit drugs, this can have a serious effect on "
     "your health and make existing health problems worse.")
row(D, "taking medications the wrong way", "worsening of existing health problems", "causes", E,
    "take medications the wrong way", "existing health problems worse", hedged=True)
row(D, "abuse of illicit drugs", "worsening of existing health problems", "causes", E,
    "abuse illicit drugs", "existing health problems worse", hedged=True)

# --- Asbestos-related lung diseases (NHLBI) ----------------------------------------------
D = "medquad_8_NHLBI_QA_XML_0000009_0000009_3"
C = "asbestos-related lung disease"
E = "Significant exposure to asbestos fibers causes asbestos-related lung diseases."
row(D, "significant exposure to asbestos fibers", C, "causes", E, "Significant exposure to asbestos fibers", "asbestos-related lung diseases")
E = "The fibers remain in your lung tissue for a long time and may cause scarring and inflammation."
row(D, "asbestos fibers", "lung scarring", "causes", E, "The fibers", "scarring", hedged=True)
row(D, "asbestos fibers", "lung inflammation", "causes", E, "The fibers", "inflammation", hedged=True)
E = ("This can lead to pleural plaque and widespread pleural thickening, pleural effusion, asbestosis, "
     "lung cancer, or mesothelioma.")
for cause in ("lung scarring", "lung inflammation"):
    for cond, qq in (("pleural plaque", "pleural plaque"), ("pleural thickening", "widespread pleural thickening"),
                     ("pleural effusion", "pleural effusion"), ("asbestosis", "asbestosis"),
                     ("lung cancer", "lung cancer"), ("mesothelioma", "mesothelioma")):
        row(D, cause, cond, "causes", E, "This", qq, hedged=True)
E = ("Generally, asbestos-related lung diseases develop 10 to 40 or more years after a person has been "
     "exposed to asbestos.")
row(D, "exposure to asbestos", C, "causes", E, "exposed to asbestos", "asbestos-related lung diseases")
E = ("Being around products that contain asbestos isn't a danger, as long as the asbestos is enclosed.")
row(D, "being around products that contain asbestos", C, "causes", E,
    "Being around products that contain asbestos", "", negated=True)

# --- Obesity hypoventilation syndrome (NHLBI) --------------------------------------------
D = "medquad_8_NHLBI_QA_XML_0000094_0000094_2"
C = "obesity hypoventilation syndrome"
E = "Obesity hypoventilation syndrome (OHS) is a breathing disorder that affects some obese people."
row(D, "obesity", C, "risk_factor", E, "obese", "Obesity hypoventilation syndrome")
E = ("A respiratory (RES-pih-rah-tor-e) system that has to work harder than normal and perhaps "
     "differently because of excess body weight.")
row(D, "respiratory system that has to work harder than normal", C, "causes", E,
    "A respiratory (RES-pih-rah-tor-e) system that has to work harder than normal", "")
E = ("A slow response by the body to fix the problem of too much carbon dioxide and too little oxygen "
     "in the blood.")
row(D, "slow response by the body to fix the problem of too much carbon dioxide and too little oxygen in the blood",
    C, "causes", E, "A slow response by the body", "")
E = "The presence of sleep apnea, usually obstructive sleep apnea."
row(D, "sleep apnea", C, "causes", E, "sleep apnea", "")
row(D, "obstructive sleep apnea", C, "causes", E, "obstructive sleep apnea", "")


if __name__ == "__main__":
    for r in ROWS:
        text = TEXTS[r["doc_id"]]
        assert r["evidence"] in text, (r["doc_id"], r["evidence"][:60])
        for q in ("quote_cause", "quote_condition"):
            assert r[q] in r["evidence"], (r["doc_id"], q, r[q])
    order = {d: TEXTS[d] for d in {r["doc_id"] for r in ROWS}}
    ROWS.sort(key=lambda r: (r["doc_id"], order[r["doc_id"]].index(r["evidence"])))
    out = HERE / "genres" / "consumer_causes_dev" / "causes.jsonl"
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in ROWS))
    print(len(ROWS), "rows ->", out)
