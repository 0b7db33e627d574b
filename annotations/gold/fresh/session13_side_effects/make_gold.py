"""Fresh gold (helper H1, session 13): adverse_effect rows of 3 non-gold leaflets, from the text alone.

Writes genres/split.jsonl and genres/leaflet_dev/causes.jsonl beside this script.
add(doc, evidence, band, hedged, (quote, condition), ..., cause=None); evidence is a verbatim
substring of the leaflet holding every quote. items(...) for list items whose evidence is the quote.
"""
import json
from pathlib import Path

C = Path("/work/shared/corpora/epi_leaflets")
CAUSE = {"uptravi": "selexipag", "lunsumio": "mosunetuzumab", "exforge": "amlodipine/valsartan/hydrochlorothiazide"}
R = []
TEXT = {d: (C / f"{d}.txt").read_text(encoding="utf-8") for d in CAUSE}
CUR = {d: 0 for d in CAUSE}


def at(doc, anchor):
    """Move the reading cursor of doc to anchor (evidence is looked up from the cursor on)."""
    CUR[doc] = TEXT[doc].index(anchor, CUR[doc])


def add(doc, ev, band, hedged, *pairs, cause=None):
    start = TEXT[doc].find(ev, CUR[doc])
    if start < 0:
        start = TEXT[doc].index(ev)
    else:
        CUR[doc] = start
    for q, c in pairs:
        R.append((doc, start, ev, q, c, band, hedged, cause or CAUSE[doc]))


def items(doc, band, hedged, *pairs):
    for q, c in pairs:
        add(doc, q, band, hedged, (q, c))


# ---- uptravi (selexipag)
d = "uptravi"
add(d, "Uptravi can cause side effects such as headaches and low blood pressure (see section 4), which may affect your ability to drive;", "", True,
    ("headaches", "headache"), ("low blood pressure", "hypotension"))
NINE = [("headache", "headache"), ("diarrhoea", "diarrhoea"), ("feeling sick (nausea)", "nausea"), ("being sick (vomiting)", "vomiting"),
        ("jaw pain", "jaw pain"), ("muscle pain", "myalgia"), ("leg pain", "leg pain"), ("joint pain", "arthralgia"),
        ("reddening of the face", "flushing")]
add(d, "During titration, you may experience side effects such as headache, diarrhoea, feeling sick (nausea), being sick (vomiting), jaw pain, muscle pain, leg pain, joint pain, or reddening of the face (see section 4).", "", True, *NINE)
add(d, "If you experience any of these side effects: headache, diarrhoea, feeling sick (nausea), being sick (vomiting), jaw pain, muscle pain, leg pain, joint pain, or reddening of the face, that you cannot tolerate or that cannot be treated, you should contact your doctor as the dose you are taking may be too high for you and may need to be reduced.", "", True, *NINE)
items(d, "very common", False, ("Headache", "headache"), ("Flushing (reddening of the face)", "flushing"), ("Diarrhoea", "diarrhoea"),
      ("Nasopharyngitis (stuffy nose)", "nasopharyngitis"))
add(d, "Nausea and vomiting (feeling sick and being sick)", "very common", False, ("Nausea", "nausea"), ("vomiting", "vomiting"))
add(d, "Jaw pain, muscle pain, joint pain, leg pain", "very common", False, ("Jaw pain", "jaw pain"), ("muscle pain", "myalgia"),
    ("joint pain", "arthralgia"), ("leg pain", "leg pain"))
items(d, "common", False, ("Anaemia (low red blood cell levels)", "anaemia"), ("Hyperthyroidism (overactive thyroid gland)", "hyperthyroidism"),
      ("Reduced appetite", "decreased appetite"), ("Weight loss", "weight decreased"), ("Hypotension (low blood pressure)", "hypotension"),
      ("Pain", "pain"))
add(d, "Stomach pain, including indigestion", "common", False, ("Stomach pain", "abdominal pain"), ("indigestion", "dyspepsia"))
add(d, "Changes in some blood test results including those measuring blood cell counts or your thyroid function", "common", False,
    ("Changes in some blood test results", "blood test abnormal"), ("blood cell counts", "blood count abnormal"),
    ("thyroid function", "thyroid function test abnormal"))
ev = "Rashes, including hives, may cause a burning or stinging sensation and skin redness"
add(d, ev, "common", False, ("Rashes", "rash"), ("hives", "urticaria"))
add(d, ev, "common", True, ("burning or stinging sensation", "skin burning sensation"), ("skin redness", "erythema"))
items(d, "uncommon", False, ("Increased heart rate", "tachycardia"))

# ---- lunsumio (mosunetuzumab)
d = "lunsumio"
add(d, "Cytokine release syndrome a condition associated with medicines that stimulate T cells.", "", False,
    ("Cytokine release syndrome", "cytokine release syndrome"))
add(d, "Tumour lysis syndrome some people may get unusual levels of some salts in the blood caused by the fast breakdown of cancer cells during treatment.", "", True,
    ("Tumour lysis syndrome", "tumour lysis syndrome"), ("unusual levels of some salts in the blood", "electrolyte imbalance"))
add(d, "Tumour flare as your cancer is destroyed, it may react and appear to get worse this is called tumour flare reaction .", "", True,
    ("tumour flare reaction", "tumour flare"))
add(d, "Infections you may get signs of infection, which can vary depending on where in the body the infection is.", "", True,
    ("Infections", "infection"))
# section 4, serious side effects (no band); headings name the effect, symptoms "can include" (hedged)
at(d, "4. Possible side effects")
add(d, "Cytokine release syndrome", "", False, ("Cytokine release syndrome", "cytokine release syndrome"))
items(d, "", True, ("fever (38 C or higher)", "fever"), ("chills or shaking chills", "chills"))
add(d, "cold or pale clammy skin", "", True, ("cold or pale clammy skin", "clammy skin"), ("cold or pale clammy skin", "pallor"))
items(d, "", True, ("difficulty breathing", "dyspnoea"), ("feeling dizzy or lightheaded", "dizziness"))
add(d, "fast or uneven heartbeat", "", True, ("fast or uneven heartbeat", "tachycardia"), ("fast or uneven heartbeat", "arrhythmia"))
items(d, "", True, ("confusion", "confusion"))
add(d, "feeling very tired or weak", "", True, ("feeling very tired or weak", "fatigue"), ("feeling very tired or weak", "asthenia"))
items(d, "", True, ("fainting", "syncope"), ("blurred vision", "blurred vision"), ("headache.", "headache"))
add(d, "Tumour lysis syndrome", "", False, ("Tumour lysis syndrome", "tumour lysis syndrome"))
items(d, "", True, ("fever", "fever"), ("chills", "chills"))
add(d, "feeling or being sick (nausea and vomiting)", "", True, ("nausea", "nausea"), ("vomiting", "vomiting"))
items(d, "", True, ("confusion", "confusion"), ("being short of breath", "dyspnoea"), ("fits (seizures)", "seizure"),
      ("uneven heartbeat", "arrhythmia"))
add(d, "dark or cloudy urine", "", True, ("dark or cloudy urine", "dark urine"), ("dark or cloudy urine", "cloudy urine"))
items(d, "", True, ("unusual tiredness", "fatigue"))
add(d, "muscle or joint pain.", "", True, ("muscle or joint pain", "myalgia"), ("muscle or joint pain", "arthralgia"))
ev = "increase in potassium, phosphate or uric acid which can cause kidney problems (part of tumour lysis syndrome)"
add(d, ev, "", False, ("increase in potassium", "hyperkalaemia"), ("phosphate", "hyperphosphataemia"), ("uric acid", "hyperuricaemia"))
add(d, ev, "", True, ("kidney problems", "renal disorder"))
add(d, "Tumour flare", "", False, ("Tumour flare", "tumour flare"))
items(d, "", True, ("tender swollen lymph nodes", "lymphadenopathy"), ("chest pain", "chest pain"))
add(d, "cough or difficulty breathing easily", "", True, ("cough", "cough"), ("difficulty breathing easily", "dyspnoea"))
items(d, "", True, ("pain at the site of the tumour", "tumour pain"))
add(d, "Infections", "", False, ("Infections", "infection"))
items(d, "", True, ("fever", "fever"), ("cough", "cough"), ("chest pain", "chest pain"), ("tiredness", "fatigue"), ("shortness of breath", "dyspnoea"),
      ("painful rash", "rash"), ("sore throat", "oropharyngeal pain"), ("burning pain when passing urine", "dysuria"))
add(d, "feeling weak or generally unwell.", "", True, ("feeling weak", "asthenia"), ("generally unwell", "malaise"))
# other side effects
at(d, "Other side effects")
items(d, "very common", False, ("Rash", "rash"), ("Itchy skin", "pruritus"), ("Dry skin", "dry skin"),
      ("Diarrhoea", "diarrhoea"), ("Headache", "headache"), ("Fever", "fever"), ("Chills", "chills"),
      ("Cytokine release syndrome", "cytokine release syndrome"),
      ("Low levels of some white blood cells (neutropenia)", "neutropenia"))
ev = "Low number of red blood cells, which can cause tiredness and shortness of breath"
add(d, ev, "very common", False, ("Low number of red blood cells", "anaemia"))
add(d, ev, "very common", True, ("tiredness", "fatigue"), ("shortness of breath", "dyspnoea"))
ev = "Low platelet count, which may make you more likely to bruise or bleed (thrombocytopenia)"
add(d, ev, "very common", False, ("Low platelet count", "thrombocytopenia"))
add(d, ev, "very common", True, ("more likely to bruise", "increased tendency to bruise"), ("bleed", "increased tendency to bleed"))
add(d, "Low level of phosphate, potassium or magnesium", "very common", False, ("Low level of phosphate", "hypophosphataemia"),
    ("potassium", "hypokalaemia"), ("magnesium", "hypomagnesaemia"))
items(d, "very common", False, ("High level of alanine aminotransferase in the blood", "alanine aminotransferase increased"))
items(d, "common", False, ("Lung infection", "lung infection"),
      ("Infection of upper airways (infection of nose, throat, sinuses)", "upper respiratory tract infection"),
      ("Urinary tract infection", "urinary tract infection"),
      ("Fever due to low levels of neutrophils (a type of white blood cell)", "febrile neutropenia"),
      ("Tumour flare", "tumour flare"))
ev = "Increased levels of liver enzymes, which may be a sign of liver problems"
add(d, ev, "common", False, ("Increased levels of liver enzymes", "liver enzymes increased"))
add(d, ev, "common", True, ("liver problems", "liver disorder"))
items(d, "uncommon", False, ("A rapid breakdown of tumour cells resulting in chemical changes in the blood and damage to organs, including the kidneys, heart, and liver (tumour lysis syndrome)", "tumour lysis syndrome"))

# ---- exforge (Exforge HCT: amlodipine, valsartan, hydrochlorothiazide)
d = "exforge"
add(d, "if you have experienced swelling, particularly of the face and throat, while taking other medicines (including angiotensin converting enzyme inhibitors).", "", False,
    ("swelling, particularly of the face", "face swelling"), ("swelling, particularly of the face and throat", "throat swelling"), cause="other medicines")
add(d, "if you have experienced swelling, particularly of the face and throat, while taking other medicines (including angiotensin converting enzyme inhibitors).", "", False,
    ("swelling, particularly of the face", "face swelling"), ("swelling, particularly of the face and throat", "throat swelling"),
    cause="angiotensin converting enzyme inhibitors")
add(d, "if you experience dizziness and/or fainting during treatment with Exforge HCT, tell your doctor as soon as possible.", "", True,
    ("dizziness", "dizziness"), ("fainting", "syncope"))
add(d, "if you experience a decrease in vision or eye pain. These could be symptoms of fluid accumulation in the vascular layer of the eye (choroidal effusion) or an increase of pressure in your eye and can happen within hours to a week of taking Exforge HCT.", "", True,
    ("decrease in vision", "visual acuity reduced"), ("eye pain", "eye pain"),
    ("fluid accumulation in the vascular layer of the eye (choroidal effusion)", "choroidal effusion"),
    ("an increase of pressure in your eye", "intraocular pressure increased"))
add(d, "if you experienced breathing or lung problems (including inflammation or fluid in the lungs) following hydrochlorothiazide intake in the past.", "", True,
    ("breathing or lung problems", "respiratory disorder"), ("inflammation", "pneumonitis"), ("fluid in the lungs", "pulmonary oedema"),
    cause="hydrochlorothiazide")
add(d, "If you develop any severe shortness of breath or difficulty breathing after taking Exforge HCT, seek medical attention immediately.", "", True,
    ("severe shortness of breath or difficulty breathing", "dyspnoea"))
# interactions: classes with their examples
ev = "medicines or substances that increase the amount of potassium in your blood. These include potassium supplements or salt substitutes containing potassium, potassium-sparing medicines and heparin;"
for cause in ("medicines or substances that increase the amount of potassium in your blood", "potassium supplements",
              "salt substitutes containing potassium", "potassium-sparing medicines", "heparin"):
    add(d, ev, "", False, ("increase the amount of potassium in your blood", "hyperkalaemia"), cause=cause)
ev = "medicines that may increase blood sugar levels (beta blockers, diazoxide);"
for cause in ("medicines that may increase blood sugar levels", "beta blockers", "diazoxide"):
    add(d, ev, "", True, ("increase blood sugar levels", "hyperglycaemia"), cause=cause)
ev = "medicines that may induce torsades de pointes (irregular heart beat), such as antiarrhythmics (medicines used to treat heart problems) and some antipsychotics;"
for cause in ("medicines that may induce torsades de pointes", "antiarrhythmics", "antipsychotics"):
    add(d, ev, "", True, ("torsades de pointes (irregular heart beat)", "torsade de pointes"), cause=cause)
ev = "medicines that may reduce the amount of sodium in your blood, such as antidepressants, antipsychotics, antiepileptics;"
for cause in ("medicines that may reduce the amount of sodium in your blood", "antidepressants", "antipsychotics", "antiepileptics"):
    add(d, ev, "", True, ("reduce the amount of sodium in your blood", "hyponatraemia"), cause=cause)
ev = "medicines that may reduce the amount of potassium in your blood, such as diuretics (water tablets), corticosteroids, laxatives, amphotericin or penicillin G;"
for cause in ("medicines that may reduce the amount of potassium in your blood", "diuretics", "corticosteroids", "laxatives", "amphotericin",
              "penicillin g"):
    add(d, ev, "", True, ("reduce the amount of potassium in your blood", "hypokalaemia"), cause=cause)
add(d, "Alcohol may make your blood pressure fall too much and/or increase the possibility of dizziness or fainting.", "", True,
    ("blood pressure fall too much", "hypotension"), ("dizziness", "dizziness"), ("fainting", "syncope"), cause="alcohol")
add(d, "Exforge HCT is not recommended in early pregnancy and must not be taken when more than 3 months pregnant, as it may cause serious harm to your baby if used after the third month of pregnancy.", "", True,
    ("serious harm to your baby", "fetal harm"))
add(d, "This medicine may make you feel dizzy, drowsy, nauseous or have a headache.", "", True,
    ("dizzy", "dizziness"), ("drowsy", "somnolence"), ("nauseous", "nausea"), ("headache", "headache"))
# section 4: serious side effects
at(d, "4. Possible side effects")
at(d, "Common (may affect up to 1 in 10 people):")
items(d, "common", False, ("dizziness", "dizziness"))
ev = "low blood pressure (feeling of faintness, light-headedness, sudden loss of consciousness)"
add(d, ev, "common", False, ("low blood pressure", "hypotension"), ("feeling of faintness", "presyncope"), ("light-headedness", "dizziness"),
    ("sudden loss of consciousness", "loss of consciousness"))
items(d, "uncommon", False, ("severely decreased urine output (decreased kidney function)", "oliguria"))
add(d, "severely decreased urine output (decreased kidney function)", "uncommon", False, ("decreased kidney function", "renal impairment"))
items(d, "rare", False, ("spontaneous bleeding", "haemorrhage"), ("irregular heart beat", "arrhythmia"), ("liver disorder", "liver disorder"))
add(d, "sudden wheeziness, chest pain, shortness of breath or difficulty breathing", "very rare", False, ("sudden wheeziness", "wheezing"),
    ("chest pain", "chest pain"), ("shortness of breath or difficulty breathing", "dyspnoea"))
add(d, "swelling of eyelids, face or lips", "very rare", False, ("swelling of eyelids", "eyelid oedema"), ("face", "face swelling"),
    ("lips", "lip swelling"))
add(d, "swelling of the tongue and throat which causes great difficulty breathing", "very rare", False, ("swelling of the tongue", "swollen tongue"),
    ("throat", "throat swelling"), ("great difficulty breathing", "dyspnoea"))
ev = "severe skin reactions including intense skin rash, hives, reddening of the skin over your whole body, severe itching, blistering, peeling and swelling of the skin, inflammation of the mucous membranes (Stevens-Johnson syndrome, toxic epidermal necrolysis) or other allergic reactions"
add(d, ev, "very rare", False, ("severe skin reactions", "severe skin reaction"), ("intense skin rash", "rash"), ("hives", "urticaria"),
    ("reddening of the skin over your whole body", "erythema"), ("severe itching", "pruritus"), ("blistering", "blister"),
    ("peeling", "skin exfoliation"), ("swelling of the skin", "skin swelling"), ("inflammation of the mucous membranes", "mucosal inflammation"),
    ("Stevens-Johnson syndrome", "stevens-johnson syndrome"), ("toxic epidermal necrolysis", "toxic epidermal necrolysis"),
    ("allergic reactions", "hypersensitivity"))
add(d, "acute respiratory distress (signs include severe shortness of breath, fever, weakness, and confusion)", "very rare", False,
    ("acute respiratory distress", "acute respiratory distress syndrome"), ("severe shortness of breath", "dyspnoea"), ("fever", "fever"),
    ("weakness", "asthenia"), ("confusion", "confusion"))
items(d, "very rare", False, ("heart attack", "myocardial infarction"))
ev = "inflamed pancreas, which may cause severe abdominal and back pain accompanied with feeling of being very unwell"
add(d, ev, "very rare", False, ("inflamed pancreas", "pancreatitis"))
add(d, ev, "very rare", True, ("severe abdominal", "abdominal pain"), ("back pain", "back pain"), ("feeling of being very unwell", "malaise"))
add(d, "weakness, bruising, fever and frequent infections", "very rare", False, ("weakness", "asthenia"), ("bruising", "contusion"),
    ("fever", "fever"), ("frequent infections", "infection"))
items(d, "very rare", False, ("stiffness", "musculoskeletal stiffness"))
# other side effects
at(d, "Other side effects may include:")
items(d, "very common", False, ("low level of potassium in the blood", "hypokalaemia"), ("increase of lipids in the blood", "blood lipids increased"))
at(d, "- sleepiness")
items(d, "common", False, ("sleepiness", "somnolence"), ("palpitations (awareness of your heart beat)", "palpitations"), ("flushing", "flushing"),
      ("ankle swelling (oedema)", "peripheral oedema"), ("abdominal pain", "abdominal pain"), ("stomach discomfort after meal", "dyspepsia"),
      ("tiredness", "fatigue"), ("headache", "headache"), ("frequent urination", "pollakiuria"), ("high level of uric acid in the blood", "hyperuricaemia"),
      ("low level of magnesium in the blood", "hypomagnesaemia"), ("low level of sodium in the blood", "hyponatraemia"))
add(d, "dizziness, fainting on standing up", "common", False, ("dizziness", "dizziness"), ("fainting on standing up", "orthostatic hypotension"))
items(d, "common", False, ("reduced appetite", "decreased appetite"))
add(d, "nausea and vomiting", "common", False, ("nausea", "nausea"), ("vomiting", "vomiting"))
add(d, "itchy rash and other types of rash", "common", False, ("itchy rash", "pruritic rash"), ("other types of rash", "rash"))
items(d, "common", False, ("inability to achieve or maintain erection", "erectile dysfunction"))
at(d, "- fast heart beat")
items(d, "uncommon", False, ("fast heart beat", "tachycardia"), ("spinning sensation", "vertigo"), ("vision disorder", "visual impairment"),
      ("stomach discomfort", "abdominal discomfort"), ("chest pain", "chest pain"))
add(d, "increase of urea nitrogen, creatinine and uric acid in the blood", "uncommon", False,
    ("increase of urea nitrogen", "blood urea increased"), ("creatinine", "blood creatinine increased"), ("uric acid", "hyperuricaemia"))
add(d, "high level of calcium, fat or sodium in the blood", "uncommon", False, ("high level of calcium", "hypercalcaemia"),
    ("fat", "blood lipids increased"), ("sodium", "hypernatraemia"))
items(d, "uncommon", False, ("decrease of potassium in the blood", "hypokalaemia"), ("breath odour", "breath odour"), ("diarrhoea", "diarrhoea"),
      ("dry mouth", "dry mouth"), ("weight increase", "weight increased"), ("loss of appetite", "decreased appetite"),
      ("disturbed sense of taste", "dysgeusia"), ("back pain", "back pain"), ("joint swelling", "joint swelling"))
add(d, "muscle cramps/weakness/pain", "uncommon", False, ("muscle cramps", "muscle spasms"), ("weakness", "muscular weakness"), ("pain", "myalgia"))
items(d, "uncommon", False, ("pain in extremity", "pain in extremity"), ("inability to either stand or walk in a normal manner", "gait disturbance"),
      ("weakness", "asthenia"), ("abnormal coordination", "coordination abnormal"),
      ("dizziness on standing up or after exercising", "dizziness postural"), ("lack of energy", "lethargy"),
      ("sleep disturbances", "sleep disorder"))
add(d, "tingling or numbness", "uncommon", False, ("tingling", "paraesthesia"), ("numbness", "hypoaesthesia"))
items(d, "uncommon", False, ("neuropathy", "neuropathy"), ("sudden, temporary loss of consciousness", "syncope"),
      ("low blood pressure on standing up", "orthostatic hypotension"), ("cough", "cough"), ("breathlessness", "dyspnoea"),
      ("throat irritation", "throat irritation"), ("excessive sweating", "hyperhidrosis"), ("itching", "pruritus"))
add(d, "swelling, reddening and pain along a vein", "uncommon", False, ("swelling, reddening and pain along a vein", "phlebitis"))
items(d, "uncommon", False, ("skin reddening", "erythema"), ("trembling", "tremor"), ("mood changes", "mood altered"), ("anxiety", "anxiety"),
      ("depression", "depression"), ("sleeplessness", "insomnia"), ("taste abnormalities", "dysgeusia"), ("fainting", "syncope"),
      ("loss of pain sensation", "hypoaesthesia"), ("visual disturbances", "visual impairment"), ("visual impairment", "visual impairment"),
      ("ringing in the ears", "tinnitus"))
add(d, "sneezing/runny nose caused by inflammation of the lining of the nose (rhinitis)", "uncommon", False, ("sneezing", "sneezing"),
    ("runny nose", "rhinorrhoea"), ("inflammation of the lining of the nose (rhinitis)", "rhinitis"))
items(d, "uncommon", False, ("altered bowel habits", "bowel habit changed"), ("indigestion", "dyspepsia"), ("hair loss", "alopecia"),
      ("itchy skin", "pruritus"), ("skin discolouration", "skin discolouration"), ("disorder in passing urine", "micturition disorder"),
      ("increased need to urinate at night", "nocturia"), ("increased number of times of passing urine", "pollakiuria"))
add(d, "discomfort or enlargement of the breasts in men", "uncommon", False, ("discomfort", "breast discomfort"),
    ("enlargement of the breasts in men", "gynaecomastia"))
items(d, "uncommon", False, ("pain", "pain"), ("feeling unwell", "malaise"), ("weight decrease", "weight decreased"))
at(d, "- low level of blood platelets")
ev = "low level of blood platelets (sometimes with bleeding or bruising underneath the skin)"
add(d, ev, "rare", False, ("low level of blood platelets", "thrombocytopenia"), ("bleeding", "haemorrhage"), ("bruising underneath the skin", "contusion"))
items(d, "rare", False, ("sugar in the urine", "glycosuria"), ("high level of sugar in the blood", "hyperglycaemia"),
      ("worsening of the diabetic metabolic state", "diabetes mellitus aggravated"), ("abdominal discomfort", "abdominal discomfort"),
      ("constipation", "constipation"))
ev = "liver disorders which can occur together with yellow skin and eyes, or dark-coloured urine (haemolytic anaemia)"
add(d, ev, "rare", False, ("liver disorders", "liver disorder"), ("haemolytic anaemia", "haemolytic anaemia"))
add(d, ev, "rare", True, ("yellow skin and eyes", "jaundice"), ("dark-coloured urine", "chromaturia"))
items(d, "rare", False, ("increased sensitivity of skin to sun", "photosensitivity reaction"), ("purple skin patches", "purpura"),
      ("kidney disorders", "renal disorder"), ("confusion", "confusion"))
at(d, "- decreased number of white blood cells")
items(d, "very rare", False, ("decreased number of white blood cells", "leukopenia"))
ev = "decrease in blood platelets which may result in unusual brusing or easy bleeding (red blood cell damage)"
add(d, ev, "very rare", False, ("decrease in blood platelets", "thrombocytopenia"), ("red blood cell damage", "haemolysis"))
add(d, ev, "very rare", True, ("unusual brusing", "increased tendency to bruise"), ("easy bleeding", "increased tendency to bleed"))
items(d, "very rare", False, ("swelling of the gums", "gingival hyperplasia"))
add(d, "abdominal bloating (gastritis)", "very rare", False, ("abdominal bloating", "abdominal distension"), ("gastritis", "gastritis"))
items(d, "very rare", False, ("inflammation of the liver (hepatitis)", "hepatitis"), ("yellowing of the skin (jaundice)", "jaundice"),
      ("liver enzyme increase which may have an effect on some medical tests", "liver enzymes increased"),
      ("increased muscle tension", "hypertonia"))
add(d, "inflammation of blood vessels often with skin rash", "very rare", False, ("inflammation of blood vessels", "vasculitis"), ("skin rash", "rash"))
items(d, "very rare", False, ("sensitivity to light", "photosensitivity reaction"))
add(d, "disorders combining rigidity, tremor and/or movement disorders", "very rare", False, ("rigidity", "muscle rigidity"), ("tremor", "tremor"),
    ("movement disorders", "movement disorder"))
add(d, "fever, sore throat or mouth ulcers, more frequent infections (lack or low level of white blood cells)", "very rare", False,
    ("fever", "fever"), ("sore throat", "oropharyngeal pain"), ("mouth ulcers", "mouth ulceration"), ("more frequent infections", "infection"),
    ("lack or low level of white blood cells", "leukopenia"), ("lack or low level of white blood cells", "agranulocytosis"))
add(d, "pale skin, tiredness, breathlessness, dark-coloured urine (haemolytic anaemia, abnormal breakdown of red blood cells either in the blood vessels or elsewhere in the body)",
    "very rare", False, ("pale skin", "pallor"), ("tiredness", "fatigue"), ("breathlessness", "dyspnoea"), ("dark-coloured urine", "chromaturia"),
    ("haemolytic anaemia", "haemolytic anaemia"))
add(d, "confusion, tiredness, muscle twitching and spasm, rapid breathing (hypochloraemic alkalosis)", "very rare", False,
    ("confusion", "confusion"), ("tiredness", "fatigue"), ("muscle twitching", "muscle twitching"), ("spasm", "muscle spasms"),
    ("rapid breathing", "tachypnoea"), ("hypochloraemic alkalosis", "hypochloraemic alkalosis"))
items(d, "very rare", False, ("severe upper stomach ache (inflammation of the pancreas)", "pancreatitis"))
add(d, "severe upper stomach ache (inflammation of the pancreas)", "very rare", False, ("severe upper stomach ache", "upper abdominal pain"))
add(d, "difficulty breathing with fever, coughing, wheezing, breathlessness (respiratory distress, pulmonary oedema, pneumonitis)", "very rare", False,
    ("difficulty breathing", "dyspnoea"), ("fever", "fever"), ("coughing", "cough"), ("wheezing", "wheezing"),
    ("respiratory distress", "respiratory distress"), ("pulmonary oedema", "pulmonary oedema"), ("pneumonitis", "pneumonitis"))
add(d, "facial rash, joint pain, muscle disorder, fever (lupus erythematosus)", "very rare", False, ("facial rash", "rash"),
    ("joint pain", "arthralgia"), ("muscle disorder", "muscle disorder"), ("fever", "fever"), ("lupus erythematosus", "lupus erythematosus"))
add(d, "inflammation of blood vessels with symptoms such as rash, purplish-red spots, fever (vasculitis)", "very rare", False,
    ("inflammation of blood vessels", "vasculitis"), ("rash", "rash"), ("purplish-red spots", "purpura"), ("fever", "fever"))
TEN = [("severe skin disease", "severe skin reaction"), ("rash", "rash"), ("red skin", "erythema"),
       ("blistering of the lips, eyes or mouth", "lip blistering"), ("blistering of the lips, eyes or mouth", "eye blistering"),
       ("blistering of the lips, eyes or mouth", "mouth blistering"), ("skin peeling", "skin exfoliation"), ("fever", "fever")]
add(d, "severe skin disease that causes rash, red skin, blistering of the lips, eyes or mouth, skin peeling, fever (toxic epidermal necrolysis)", "very rare", False,
    *TEN, ("toxic epidermal necrolysis", "toxic epidermal necrolysis"))
at(d, "- changes in blood tests for kidney")
add(d, "changes in blood tests for kidney function, increase of potassium in your blood, low level of red blood cells", "not known", False,
    ("changes in blood tests for kidney function", "abnormal kidney function test"), ("increase of potassium in your blood", "hyperkalaemia"),
    ("low level of red blood cells", "anaemia"))
items(d, "not known", False, ("abnormal red blood cell test", "red blood cell abnormality"))
add(d, "low level of a certain type of white blood cell and blood platelet", "not known", False,
    ("low level of a certain type of white blood cell", "neutropenia"), ("blood platelet", "thrombocytopenia"))
items(d, "not known", False, ("increase of creatinine in the blood", "blood creatinine increased"), ("abnormal liver function test", "liver function test abnormal"),
      ("severely decreased urine output", "oliguria"), ("inflammation of blood vessels", "vasculitis"))
add(d, "weakness, bruising and frequent infections (aplastic anaemia)", "not known", False, ("weakness", "asthenia"), ("bruising", "contusion"),
    ("frequent infections", "infection"), ("aplastic anaemia", "aplastic anaemia"))
ev = "decrease in vision or pain in your eyes due to high pressure (possible signs of fluid accumulation in the vascular layer of the eye (choroidal effusion) or acute angle-closure glaucoma)"
add(d, ev, "not known", False, ("decrease in vision", "visual acuity reduced"), ("pain in your eyes", "eye pain"),
    ("high pressure", "intraocular pressure increased"))
add(d, ev, "not known", True, ("choroidal effusion", "choroidal effusion"), ("acute angle-closure glaucoma", "angle closure glaucoma"))
items(d, "not known", False, ("breathlessness", "dyspnoea"))
ev = "severely decreased urine output (possible signs of renal disorder or renal failure)"
add(d, ev, "not known", False, ("severely decreased urine output", "oliguria"))
add(d, ev, "not known", True, ("renal disorder", "renal disorder"), ("renal failure", "renal failure"))
add(d, "severe skin disease that causes rash, red skin, blistering of the lips, eyes or mouth, skin peeling, fever (erythema multiforme)", "not known", False,
    *TEN, ("erythema multiforme", "erythema multiforme"))
items(d, "not known", False, ("muscle spasm", "muscle spasms"), ("fever (pyrexia)", "fever"))
add(d, "blistering skin (sign of a condition called dermatitis bullous)", "not known", False, ("blistering skin", "blister"),
    ("dermatitis bullous", "dermatitis bullous"))
items(d, "not known", False, ("skin and lip cancer (non-melanoma skin cancer)", "non-melanoma skin cancer"))

out, here = [], Path(__file__).parent
for doc, start, ev, q, cond, band, hedged, cause in R:
    assert q in ev, (doc, q, ev)
    out.append((doc, start, {"doc_id": f"leaflet_{doc}", "cause": cause, "condition": cond, "relation": "adverse_effect",
                             "negated": False, "hedged": hedged, "frequency_band": band, "evidence": ev.strip(), "quote": q}))
out.sort(key=lambda x: (x[0], x[1]))
dest = here / "genres" / "leaflet_dev"
dest.mkdir(parents=True, exist_ok=True)
with (dest / "causes.jsonl").open("w", encoding="utf-8") as fh:
    for _d, _s, row in out:
        fh.write(json.dumps(row, ensure_ascii=False) + "\n")
with (dest.parent / "split.jsonl").open("w", encoding="utf-8") as fh:
    for doc in sorted(CAUSE):
        fh.write(json.dumps({"doc_id": f"leaflet_{doc}", "genre": "leaflet", "part": "dev", "origin": f"epi_leaflets/{doc}.txt",
                             "tables": ["causes"]}) + "\n")
from collections import Counter
print(len(out), Counter(d for d, _, _ in out))
