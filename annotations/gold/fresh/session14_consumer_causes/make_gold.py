"""Fresh gold (helper H2, session 14): causes rows of 8 non-gold MedQuAD "causes" answers, from the text alone.

Writes genres/split.jsonl and genres/consumer_causes_dev/causes.jsonl beside this script.
row(doc, evidence, condition, quote_condition, relation, hedged, (cause, quote_cause), ..., negated=False):
evidence is a verbatim substring of the answer that holds every non-empty quote.
"""
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
ANS = HERE.parents[4] / "shared" / "corpora" / "medquad" / "answers.jsonl"
IDS = ["2_GARD_QA/0003885/0003885-3", "2_GARD_QA/0000158/0000158-3", "2_GARD_QA/0004874/0004874-3",
       "5_NIDDK_QA/0000093/0000093-3", "5_NIDDK_QA/0000108/0000108-4", "8_NHLBI_QA_XML/0000095/0000095-2",
       "7_SeniorHealth_QA/0000038/0000038-12", "1_CancerGov_QA/0000006_2/0000006_2-2"]


def doc_id(rid):
    return "medquad_" + rid.replace("/", "_").replace("-", "_")


TEXT = {}
for line in open(ANS):
    o = json.loads(line)
    if o["id"] in IDS:
        TEXT[doc_id(o["id"])] = o["answer"]
R = []


def row(doc, ev, cond, qcond, rel, hedged, *causes, negated=False):
    text = TEXT[doc]
    assert ev in text, (doc, ev)
    assert qcond in ev, (doc, qcond)
    for cause, qc in causes:
        assert qc in ev, (doc, qc)
        R.append(dict(doc_id=doc, cause=cause, condition=cond, relation=rel, negated=negated, hedged=hedged,
                      frequency_band="", evidence=ev, quote_cause=qc, quote_condition=qcond))


def both(doc, ev, conds, rel, hedged, *causes, negated=False):
    for cond, qcond in conds:
        row(doc, ev, cond, qcond, rel, hedged, *causes, negated=negated)


# ---- GARD 0003885 (malakoplakia): "thought to be associated with" is association only: no row.
# ---- CancerGov 0000006_2 (childhood brain and spinal cord tumors): "unknown": no row.

# ---- GARD 0000158 adiposis dolorosa
d = doc_id("2_GARD_QA/0000158/0000158-3")
A = "adiposis dolorosa"
ev = ("While possible causes have been suggested, none have been confirmed. These include long-term treatment with "
      "high-dose corticosteroids; endocrine system abnormalities; and changes in fatty acid or carbohydrate metabolism.")
row(d, ev, A, "", "causes", True,
    ("long-term treatment with high-dose corticosteroids", "long-term treatment with high-dose corticosteroids"),
    ("endocrine system abnormalities", "endocrine system abnormalities"),
    ("changes in fatty acid metabolism", "changes in fatty acid or carbohydrate metabolism"),
    ("changes in carbohydrate metabolism", "changes in fatty acid or carbohydrate metabolism"))
row(d, "Because the condition has rarely occurred in more than one person within a family, it may have a genetic component.",
    A, "it", "causes", True, ("genetic component", "a genetic component"))
row(d, "It is unknown why adiposis dolorosa usually occurs in people who are overweight or obese, or why the signs and symptoms do not appear until mid-adulthood.",
    A, "adiposis dolorosa", "risk_factor", False, ("overweight", "overweight"), ("obesity", "obese"))

# ---- GARD 0004874 pigmented purpuric eruption
d = doc_id("2_GARD_QA/0004874/0004874-3")
P = "pigmented purpuric eruption"
row(d, "Occasionally, it occurs as a reaction to a medication, food additive, viral infection or following exercise.",
    P, "it", "causes", False, ("medication", "a medication"), ("food additive", "food additive"),
    ("viral infection", "viral infection"), ("exercise", "exercise"))
row(d, "In rare cases, there appears to be a genetic component.", P, "", "causes", True, ("genetic component", "a genetic component"))

# ---- NIDDK 0000093 Crohn's disease
d = doc_id("5_NIDDK_QA/0000093/0000093-3")
C = "crohn's disease"
for item in ("autoimmune reaction", "genes", "environment"):
    row(d, item, C, "", "causes", True, (item, item))
row(d, "Scientists believe one cause of Crohn's disease may be an autoimmune reactionwhen a person's immune system attacks healthy cells in the body by mistake.",
    C, "Crohn's disease", "causes", True, ("autoimmune reaction", "autoimmune reaction"))
row(d, "Researchers believe bacteria or viruses can mistakenly trigger the immune system to attack the inner lining of the intestines.",
    "immune attack on the inner lining of the intestines", "the immune system to attack the inner lining of the intestines",
    "causes", True, ("bacteria", "bacteria"), ("viruses", "viruses"))
row(d, "This immune system response causes the inflammation, leading to symptoms.", "inflammation", "the inflammation",
    "causes", False, ("immune system response", "This immune system response"))
row(d, "Crohn's disease sometimes runs in families.", C, "Crohn's disease", "risk_factor", False, ("family history", "runs in families"))
row(d, "Research has shown that people who have a parent or sibling with Crohn's disease may be more likely to develop the disease.",
    C, "the disease", "risk_factor", True, ("parent with crohn's disease", "a parent or sibling with Crohn's disease"),
    ("sibling with crohn's disease", "a parent or sibling with Crohn's disease"))
row(d, "Some studies suggest that certain things in the environment may increase the chance of a person getting Crohn's disease, although the overall chance is low.",
    C, "Crohn's disease", "risk_factor", True, ("things in the environment", "certain things in the environment"))
row(d, "Nonsteroidal anti-inflammatory drugs,1 antibiotics,2 and oral contraceptives2 may slightly increase the chance of developing Crohn's disease.",
    C, "Crohn's disease", "risk_factor", True, ("nonsteroidal anti-inflammatory drugs", "Nonsteroidal anti-inflammatory drugs"),
    ("antibiotics", "antibiotics"), ("oral contraceptives", "oral contraceptives"))
row(d, "A high-fat diet may also slightly increase the chance of getting Crohn's disease.", C, "Crohn's disease", "risk_factor", True,
    ("high-fat diet", "A high-fat diet"))
row(d, "Some people incorrectly believe that eating certain foods, stress, or emotional distress can cause Crohn's disease.",
    C, "Crohn's disease", "causes", True, ("eating certain foods", "eating certain foods"), ("stress", "stress"),
    ("emotional distress", "emotional distress"), negated=True)
row(d, "Emotional distress and eating certain foods do not cause Crohn's disease.", C, "Crohn's disease", "causes", False,
    ("emotional distress", "Emotional distress"), ("eating certain foods", "eating certain foods"), negated=True)

# ---- NIDDK 0000108 hemorrhoids
d = doc_id("5_NIDDK_QA/0000108/0000108-4")
H = "hemorrhoids"
S = "swelling in the anal or rectal veins"
row(d, "Swelling in the anal or rectal veins causes hemorrhoids.", H, "hemorrhoids", "causes", False,
    ("swelling in the anal veins", "Swelling in the anal or rectal veins"), ("swelling in the rectal veins", "Swelling in the anal or rectal veins"))
for item, cause in (("chronic constipation or diarrhea", "chronic constipation"), ("chronic constipation or diarrhea", "chronic diarrhea"),
                    ("straining during bowel movements", "straining during bowel movements"),
                    ("sitting on the toilet for long periods of time", "sitting on the toilet for long periods of time"),
                    ("a lack of fiber in the diet", "lack of fiber in the diet")):
    row(d, item, S, "", "causes", True, (cause, item))
row(d, "Another cause of hemorrhoids is the weakening of the connective tissue in the rectum and anus that occurs with age.",
    H, "hemorrhoids", "causes", False, ("weakening of the connective tissue in the rectum and anus", "the weakening of the connective tissue in the rectum and anus"))
row(d, "Pregnancy can cause hemorrhoids by increasing pressure in the abdomen, which may enlarge the veins in the lower rectum and anus.",
    H, "hemorrhoids", "causes", True, ("pregnancy", "Pregnancy"))
row(d, "For most women, hemorrhoids caused by pregnancy disappear after childbirth.", H, "hemorrhoids", "causes", False, ("pregnancy", "pregnancy"))

# ---- NHLBI 0000095 overweight and obesity
d = doc_id("8_NHLBI_QA_XML/0000095/0000095-2")
OO = [("overweight", "overweight"), ("obesity", "obesity")]
both(d, "A lack of energy balance most often causes overweight and obesity.", OO, "causes", False, ("lack of energy balance", "A lack of energy balance"))
both(d, "Overweight and obesity happen over time when you take in more calories than you use.",
     [("overweight", "Overweight"), ("obesity", "obesity")], "causes", False,
     ("taking in more calories than you use", "take in more calories than you use"))
for head, cause in (("An Inactive Lifestyle", "inactive lifestyle"), ("Environment\n", "environment"), ("Genes and Family History", "genes"),
                    ("Genes and Family History", "family history"), ("Health Conditions", "health conditions"), ("Medicines\n", "medicines"),
                    ("Emotional Factors", "emotional factors"), ("Smoking\n", "smoking"), ("Age\n", "age"), ("Pregnancy\n", "pregnancy"),
                    ("Lack of Sleep", "lack of sleep")):
    both(d, head.strip(), [("overweight", ""), ("obesity", "")], "causes", False, (cause, head.strip()))
row(d, "People who are inactive are more likely to gain weight because they don't burn the calories that they take in from food and drinks.",
    "weight gain", "gain weight", "risk_factor", False, ("inactivity", "People who are inactive"))
row(d, "An inactive lifestyle also raises your risk for coronary heart disease, high blood pressure, diabetes, colon cancer, and other health problems.",
    "coronary heart disease", "coronary heart disease", "risk_factor", False, ("inactive lifestyle", "An inactive lifestyle"))
for cond in ("high blood pressure", "diabetes", "colon cancer"):
    row(d, "An inactive lifestyle also raises your risk for coronary heart disease, high blood pressure, diabetes, colon cancer, and other health problems.",
        cond, cond, "risk_factor", False, ("inactive lifestyle", "An inactive lifestyle"))
row(d, "Our environment doesn't support healthy lifestyle habits; in fact, it encourages obesity.", "obesity", "obesity", "causes", False,
    ("environment", "Our environment"))
for item, causes in (("Lack of neighborhood sidewalks and safe places for recreation.", (("lack of neighborhood sidewalks", "Lack of neighborhood sidewalks"), ("lack of safe places for recreation", "safe places for recreation"))),
                     ("Work schedules.", (("work schedules", "Work schedules"),)),
                     ("Oversized food portions.", (("oversized food portions", "Oversized food portions"),)),
                     ("Lack of access to healthy foods.", (("lack of access to healthy foods", "Lack of access to healthy foods"),)),
                     ("Food advertising.", (("food advertising", "Food advertising"),))):
    row(d, item, "obesity", "", "causes", False, *causes)
row(d, "Eating large portions means too much energy IN. Over time, this will cause weight gain if it isn't balanced with physical activity.",
    "weight gain", "weight gain", "causes", False, ("eating large portions", "Eating large portions"))
both(d, "Overweight and obesity tend to run in families.", [("overweight", "Overweight"), ("obesity", "obesity")], "risk_factor", False,
     ("family history", "run in families"))
row(d, "Your chances of being overweight are greater if one or both of your parents are overweight or obese.", "overweight", "overweight",
    "risk_factor", False, ("overweight parents", "parents are overweight or obese"), ("obese parents", "parents are overweight or obese"))
row(d, "A child who has overweight parents who eat high-calorie foods and are inactive will likely become overweight too.", "overweight",
    "overweight too", "risk_factor", True, ("overweight parents", "overweight parents"))
both(d, "Some hormone problems may cause overweight and obesity, such as underactive thyroid (hypothyroidism), Cushing's syndrome, and polycystic ovarian syndrome (PCOS).",
     OO, "causes", True, ("hormone problems", "hormone problems"), ("underactive thyroid", "underactive thyroid (hypothyroidism)"),
     ("cushing's syndrome", "Cushing's syndrome"), ("polycystic ovarian syndrome", "polycystic ovarian syndrome (PCOS)"))
row(d, "Lack of thyroid hormone will slow down your metabolism and cause weight gain.", "weight gain", "weight gain", "causes", False,
    ("lack of thyroid hormone", "Lack of thyroid hormone"))
row(d, "Cushing's syndrome also can develop if a person takes high doses of certain medicines, such as prednisone, for long periods.",
    "cushing's syndrome", "Cushing's syndrome", "causes", True, ("high doses of certain medicines", "high doses of certain medicines"),
    ("prednisone", "prednisone"))
for cond in ("obesity", "excess hair growth", "reproductive problems"):
    row(d, "Women who have PCOS often are obese, have excess hair growth, and have reproductive problems and other health issues. These problems are caused by high levels of hormones called androgens.",
        cond, {"obesity": "obese"}.get(cond, cond), "causes", False, ("high levels of androgens", "high levels of hormones called androgens"))
row(d, "Certain medicines may cause you to gain weight.", "weight gain", "gain weight", "causes", True, ("certain medicines", "Certain medicines"))
row(d, "Certain medicines may cause you to gain weight. These medicines include some corticosteroids, antidepressants, and seizure medicines.",
    "weight gain", "gain weight", "causes", True, ("corticosteroids", "corticosteroids"), ("antidepressants", "antidepressants"),
    ("seizure medicines", "seizure medicines"))
ev = "Over time, overeating will lead to weight gain and may cause overweight or obesity."
row(d, ev, "weight gain", "weight gain", "causes", False, ("overeating", "overeating"))
both(d, ev, OO, "causes", True, ("overeating", "overeating"))
row(d, "Some people gain weight when they stop smoking.", "weight gain", "gain weight", "causes", False, ("quitting smoking", "stop smoking"))
row(d, "As you get older, you tend to lose muscle, especially if you're less active.", "muscle loss", "lose muscle", "risk_factor", False,
    ("older age", "As you get older"))
row(d, "If you don't reduce your calorie intake as you get older, you may gain weight.", "weight gain", "gain weight", "causes", True,
    ("not reducing calorie intake with age", "don't reduce your calorie intake"))
row(d, "Midlife weight gain in women is mainly due to aging and lifestyle, but menopause also plays a role.", "midlife weight gain",
    "Midlife weight gain", "causes", False, ("aging", "aging"), ("lifestyle", "lifestyle"), ("menopause", "menopause"))
both(d, "After giving birth, some women find it hard to lose the weight. This may lead to overweight or obesity, especially after a few pregnancies.",
     OO, "causes", True, ("weight kept after giving birth", "find it hard to lose the weight"))
row(d, "Research shows that lack of sleep increases the risk of obesity.", "obesity", "obesity", "risk_factor", False, ("lack of sleep", "lack of sleep"))
row(d, "For example, one study of teenagers showed that with each hour of sleep lost, the odds of becoming obese went up.", "obesity", "obese",
    "risk_factor", False, ("sleep loss", "sleep lost"))
row(d, "Lack of sleep increases the risk of obesity in other age groups as well.", "obesity", "obesity", "risk_factor", False,
    ("lack of sleep", "Lack of sleep"))
for cond in ("overeating", "weight gain", "obesity"):
    row(d, "People who sleep fewer hours also seem to prefer eating foods that are higher in calories and carbohydrates, which can lead to overeating, weight gain, and obesity.",
        cond, cond, "causes", True, ("eating foods higher in calories and carbohydrates", "eating foods that are higher in calories and carbohydrates"))
ev = "Lack of sleep results in a higher than normal blood sugar level, which may increase your risk for diabetes."
row(d, ev, "high blood sugar", "a higher than normal blood sugar level", "causes", False, ("lack of sleep", "Lack of sleep"))
row(d, ev, "diabetes", "diabetes", "risk_factor", True, ("high blood sugar", "a higher than normal blood sugar level"))

# ---- SeniorHealth 0000038 kidney disease
d = doc_id("7_SeniorHealth_QA/0000038/0000038-12")
row(d, "Kidney disease is most often caused by diabetes or high blood pressure.", "kidney disease", "Kidney disease", "causes", False,
    ("diabetes", "diabetes"), ("high blood pressure", "high blood pressure"))
row(d, "Diabetes and high blood pressure damage these blood vessels, so the kidneys are not able to filter the blood as well as they used to.",
    "glomerular damage", "damage these blood vessels", "causes", False, ("diabetes", "Diabetes"), ("high blood pressure", "high blood pressure"))
row(d, "As more and more filters are damaged, the kidneys eventually stop working.", "kidney failure", "the kidneys eventually stop working",
    "causes", False, ("glomerular damage", "filters are damaged"))

order = {doc_id(i): n for n, i in enumerate(IDS)}
R.sort(key=lambda r: (r["doc_id"], TEXT[r["doc_id"]].find(r["evidence"])))
out = HERE / "genres" / "consumer_causes_dev"
out.mkdir(parents=True, exist_ok=True)
with open(out / "causes.jsonl", "w") as f:
    for r in R:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
with open(HERE / "genres" / "split.jsonl", "w") as f:
    for i in sorted(IDS, key=doc_id):
        f.write(json.dumps({"doc_id": doc_id(i), "genre": "consumer_causes", "part": "dev", "origin": "medquad/answers.jsonl#" + i}) + "\n")
print(len(R), "rows")
