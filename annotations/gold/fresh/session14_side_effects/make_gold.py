"""Fresh gold (helper H1, session 14): adverse_effect rows of 3 non-gold leaflets, from the text alone.

Writes genres/split.jsonl and genres/leaflet_dev/causes.jsonl beside this script (as session 12's batch).
Row helper: add(doc, evidence, band, hedged, (quote, condition), ...); evidence is a verbatim
substring of the leaflet that holds every quote.
"""
import json
from pathlib import Path

C = Path(__file__).resolve().parents[5] / "shared" / "corpora" / "epi_leaflets"
CAUSE = {"sotyktu": "deucravacitinib", "akeega": "niraparib/abiraterone acetate", "vokanamet": "canagliflozin/metformin"}
R = []


def add(doc, ev, band, hedged, *pairs, cause=None):
    for q, c in pairs:
        R.append((doc, ev, q, c, band, hedged, cause or CAUSE[doc]))


def items(doc, band, hedged, *pairs, cause=None):
    """List items whose evidence is the quote itself."""
    for q, c in pairs:
        add(doc, q, band, hedged, (q, c), cause=cause)


# ---- sotyktu (deucravacitinib)
d = "sotyktu"
ev = "upper respiratory tract (nose and throat) infections with symptoms such as sore throat and stuffy nose"
add(d, ev, "very common", False, ("upper respiratory tract (nose and throat) infections", "upper respiratory tract infection"),
    ("sore throat", "sore throat"), ("stuffy nose", "nasal congestion"))
ev = "viral infection of the mouth (such as cold sores)"
add(d, ev, "common", False, ("viral infection of the mouth", "viral infection of the mouth"), ("cold sores", "herpes labialis"))
add(d, "an increase in the level of an enzyme in your blood called creatine phosphokinase (CPK)", "common", False,
    ("an increase in the level of an enzyme in your blood called creatine phosphokinase (CPK)", "blood creatine phosphokinase increased"))
items(d, "common", False, ("sores in mouth", "mouth ulceration"), ("acne-like rashes", "acneiform rash"),
      ("inflammation of hair follicles", "folliculitis"))
items(d, "uncommon", False, ("shingles (herpes zoster)", "herpes zoster"))

# ---- akeega (niraparib/abiraterone acetate)
d = "akeega"
add(d, "Akeega may also lower your blood cell counts.", "", True, ("lower your blood cell counts", "blood cell count decreased"))
add(d, "headaches, vision changes, confusion, or seizure. These may be signs of a rare neurological side effect named posterior reversible encephalopathy syndrome (PRES) that has been associated with use of niraparib, an active ingredient of Akeega.",
    "rare", True, ("headaches", "headache"), ("vision changes", "visual impairment"), ("confusion", "confusional state"),
    ("seizure", "seizure"), ("posterior reversible encephalopathy syndrome (PRES)", "posterior reversible encephalopathy syndrome"),
    cause="niraparib")
add(d, "If you develop low blood-cell counts for a long period of time while taking Akeega, this may be a sign of more serious problems with the bone marrow such as myelodysplastic syndrome (MDS) or acute myeloid leukaemia (AML).",
    "", True, ("low blood-cell counts", "blood cell count decreased"), ("myelodysplastic syndrome (MDS)", "myelodysplastic syndrome"),
    ("acute myeloid leukaemia (AML)", "acute myeloid leukaemia"))
add(d, "This medicine may cause harm to the unborn child if it is taken by women who are pregnant.", "", True, ("harm to the unborn child", "fetal harm"))
add(d, "Taking Akeega may make you feel weak, unfocused, tired or dizzy.", "", True, ("weak", "asthenia"), ("unfocused", "disturbance in attention"),
    ("tired", "fatigue"), ("dizzy", "dizziness"))
add(d, "Bruising or bleeding for longer than usual if you hurt yourself - these may be signs of a low blood platelet count (thrombocytopenia).",
    "very common", True, ("Bruising", "bruising"), ("bleeding", "bleeding"), ("low blood platelet count (thrombocytopenia)", "thrombocytopenia"))
add(d, "Being short of breath, feeling very tired, having pale skin, or fast heartbeat - these may be signs of a low red blood cell count (anaemia).",
    "very common", True, ("short of breath", "dyspnoea"), ("feeling very tired", "fatigue"), ("pale skin", "pallor"),
    ("fast heartbeat", "tachycardia"), ("low red blood cell count (anaemia)", "anaemia"))
ev = "Fever or infection low white blood cell count (neutropenia) can increase your risk for infection. Signs may include fever, chills, feeling weak or confused, cough, pain or burning feeling when passing urine."
add(d, ev, "very common", False, ("Fever", "fever"), ("infection", "infection"))
add(d, ev, "very common", True, ("low white blood cell count (neutropenia)", "neutropenia"), ("chills", "chills"), ("feeling weak", "asthenia"),
    ("confused", "confusional state"), ("cough", "cough"), ("pain or burning feeling when passing urine", "dysuria"))
add(d, "Muscle weakness, muscle twitching or a pounding heart beat (palpitations). These may be signs that the level of potassium in your blood is low (hypokalaemia).",
    "very common", True, ("Muscle weakness", "muscular weakness"), ("muscle twitching", "muscle twitching"),
    ("pounding heart beat (palpitations)", "palpitations"), ("the level of potassium in your blood is low (hypokalaemia)", "hypokalaemia"))
add(d, "Increased level of the enzyme alkaline phosphatase in the blood", "very common", False,
    ("Increased level of the enzyme alkaline phosphatase", "blood alkaline phosphatase increased"))
ev = "Allergic reaction (including severe allergic reaction that can be life-threatening). Signs include: raised and itchy rash (hives) and swelling-sometimes of the face or mouth (angioedema), causing difficulty in breathing, and collapse or loss of consciousness."
add(d, ev, "not known", False, ("Allergic reaction", "hypersensitivity"), ("severe allergic reaction", "severe allergic reaction"),
    ("raised and itchy rash (hives)", "urticaria"), ("swelling-sometimes of the face or mouth (angioedema)", "angioedema"),
    ("difficulty in breathing", "dyspnoea"), ("collapse", "circulatory collapse"), ("loss of consciousness", "loss of consciousness"))
add(d, "A sudden increase in blood pressure, which may be a medical emergency that could lead to organ damage or can be life-threatening.",
    "not known", False, ("sudden increase in blood pressure", "hypertensive crisis"))
vc = [("urinary tract infection", "urinary tract infection"), ("low number of white blood cells (leukopenia), seen in blood tests", "leukopenia"),
      ("decreased appetite", "decreased appetite"), ("difficulty sleeping (insomnia)", "insomnia"), ("feeling dizzy", "dizziness"),
      ("shortness of breath", "dyspnoea"), ("constipation", "constipation"), ("feeling sick (nausea)", "nausea"), ("vomiting", "vomiting"),
      ("back pain", "back pain"), ("joint pain", "arthralgia"), ("feeling very tired", "fatigue"), ("feeling weak", "asthenia"),
      ("weight loss", "weight decreased"), ("bone fractures", "bone fracture")]
for q, c in vc:
    add(d, q, "very common", True, (q, c))
co = [("pneumoniae", "pneumonia"), ("lung infection (bronchitis)", "bronchitis"), ("infection of the nose and throat (nasopharyngitis)", "nasopharyngitis"),
      ("low number of a type of white blood cell (lymphopenia), seen in blood tests", "lymphopenia"),
      ("high level of a type of fat (hypertriglyceridemia) in the blood", "hypertriglyceridaemia"), ("depression", "depression"),
      ("feeling anxious", "anxiety"), ("headache", "headache"), ("fast heart beat", "tachycardia"),
      ("fast or uneven heart beat (palpitations)", "palpitations"), ("irregular heart beat (atrial fibrillation)", "atrial fibrillation"),
      ("heart attack", "myocardial infarction"), ("cough", "cough"), ("inflamed lungs", "pneumonitis"), ("stomach pain", "abdominal pain"),
      ("indigestion", "dyspepsia"), ("diarrhoea", "diarrhoea"), ("bloating", "abdominal distension"), ("sores in the mouth", "mouth ulceration"),
      ("dry mouth", "dry mouth"), ("inflamed liver (hepatitis) based on blood tests", "hepatitis"), ("skin rash", "rash"),
      ("muscle aches", "myalgia"), ("blood in the urine", "haematuria"), ("swollen hands, ankles, or feet", "peripheral oedema"),
      ("increased level of creatinine in the blood", "blood creatinine increased"),
      ("increased level of the enzyme aspartate aminotransferase in the blood", "aspartate aminotransferase increased"),
      ("increased level of the enzyme alanine aminotransferase in the blood", "alanine aminotransferase increased")]
for q, c in co:
    add(d, q, "common", True, (q, c))
ev = "heart failure, causing shortness of breath and swollen legs"
add(d, ev, "common", True, ("heart failure", "cardiac failure"), ("shortness of breath", "dyspnoea"), ("swollen legs", "peripheral oedema"))
ev = "blood clot in the lungs, causing chest pain and shortness of breath"
add(d, ev, "common", True, ("blood clot in the lungs", "pulmonary embolism"), ("chest pain", "chest pain"), ("shortness of breath", "dyspnoea"))
un = [("severe infection (sepsis) that spreads from the urinary tract throughout the body", "urosepsis"),
      ("inflamed eye (conjunctivitis)", "conjunctivitis"), ("feeling confused", "confusional state"),
      ("difficulty thinking, remembering information, or solving problems (cognitive impairment)", "cognitive impairment"),
      ("change in sense of taste", "dysgeusia"), ("chest discomfort, often brought on by physical activity", "chest discomfort"),
      ("abnormal ECG (electrocardiogram), which could be a sign of heart problems", "electrocardiogram abnormal"),
      ("nose bleeds", "epistaxis"),
      ("inflammation of the protective linings in the body cavities, such as the nose, mouth, or digestive system", "mucosal inflammation"),
      ("sudden liver failure", "acute hepatic failure"), ("increased sensitivity of the skin to sunlight", "photosensitivity reaction"),
      ("increased level of gamma-glutamyltransferase in the blood", "gamma-glutamyltransferase increased")]
for q, c in un:
    add(d, q, "uncommon", True, (q, c))
add(d, "low numbers of all types of blood cells (pancytopenia)", "not known", True, ("low numbers of all types of blood cells (pancytopenia)", "pancytopenia"))
ev = "brain condition with symptoms including seizures (fits), headache, confusion, and changes in vision (posterior reversible encephalopathy syndrome or PRES)"
add(d, ev, "not known", True, ("posterior reversible encephalopathy syndrome or PRES", "posterior reversible encephalopathy syndrome"),
    ("seizures (fits)", "seizure"), ("headache", "headache"), ("confusion", "confusional state"), ("changes in vision", "visual impairment"))
ev = "adrenal gland problems (related to salt and water problems) where too little hormone is produced which may cause problems like weakness, tiredness, loss of appetite, nausea, dehydration and skin changes"
add(d, ev, "not known", True, ("adrenal gland problems", "adrenal insufficiency"), ("weakness", "asthenia"), ("tiredness", "fatigue"),
    ("loss of appetite", "decreased appetite"), ("nausea", "nausea"), ("dehydration", "dehydration"))
add(d, "inflamed lungs caused by an allergic reaction (allergic alveolitis)", "not known", True,
    ("inflamed lungs caused by an allergic reaction (allergic alveolitis)", "allergic alveolitis"))
ev = "muscle disease (myopathy), which may cause muscle weakness, stiffness or spasms"
add(d, ev, "not known", True, ("muscle disease (myopathy)", "myopathy"), ("muscle weakness", "muscular weakness"),
    ("stiffness", "muscle stiffness"), ("spasms", "muscle spasms"))
ev = "breakdown of muscle tissue (rhabdomyolysis), which may cause muscle cramps or pains, tiredness and dark urine"
add(d, ev, "not known", True, ("breakdown of muscle tissue (rhabdomyolysis)", "rhabdomyolysis"), ("muscle cramps", "muscle spasms"),
    ("pains", "myalgia"), ("tiredness", "fatigue"), ("dark urine", "chromaturia"))

# ---- vokanamet (canagliflozin/metformin)
d = "vokanamet"
add(d, "Vokanamet may cause a very rare, but very serious side effect called lactic acidosis, particularly if your kidneys are not working properly.",
    "very rare", True, ("lactic acidosis", "lactic acidosis"))
ev = ("Symptoms of lactic acidosis include:\n\nvomiting\n\nstomach ache (abdominal pain)\n\nmuscle cramps\n\n"
      "a general feeling of not being well with severe tiredness\n\ndifficulty in breathing\n\nreduced body temperature and heartbeat")
add(d, ev, "very rare", False, ("vomiting", "vomiting"), ("stomach ache (abdominal pain)", "abdominal pain"), ("muscle cramps", "muscle spasms"),
    ("a general feeling of not being well", "malaise"), ("severe tiredness", "fatigue"), ("difficulty in breathing", "dyspnoea"),
    ("reduced body temperature", "hypothermia"), ("reduced body temperature and heartbeat", "bradycardia"))
ev = ("if you experience rapid weight loss, feeling sick or being sick, stomach pain, excessive thirst, fast and deep breathing, confusion, unusual sleepiness or tiredness, "
      "a sweet smell to your breath, a sweet or metallic taste in your mouth or a different odour to your urine or sweat,talk to a doctor or go to the nearest hospital immediately. "
      "These symptoms could be a sign of diabetic ketoacidosis a rare but serious, sometimes life-threatening problem you can get with diabetes because of increased levels of ketone bodies in your urine or blood, seen in tests.")
add(d, ev, "rare", True, ("rapid weight loss", "weight decreased"), ("feeling sick", "nausea"), ("being sick", "vomiting"),
    ("stomach pain", "abdominal pain"), ("excessive thirst", "thirst"), ("fast and deep breathing", "kussmaul respiration"),
    ("confusion", "confusional state"), ("unusual sleepiness", "somnolence"), ("tiredness", "fatigue"), ("a sweet smell to your breath", "breath odour"),
    ("a sweet or metallic taste in your mouth", "dysgeusia"), ("a different odour to your urine", "urine odour abnormal"),
    ("diabetic ketoacidosis", "diabetic ketoacidosis"), ("increased levels of ketone bodies", "ketone bodies increased"))
ev = ("Talk to your doctor immediately if you develop a combination of symptoms of pain, tenderness, redness, or swelling of the genitals or the area between the genitals and the anus with fever or feeling generally unwell. "
      "These symptoms could be a sign of a rare but serious or even life-threatening infection, called necrotising fasciitis of the perineum or Fournier s gangrene which destroys the tissue under the skin.")
add(d, ev, "rare", True, ("pain", "genital pain"), ("tenderness", "genital tenderness"), ("redness", "genital erythema"),
    ("swelling of the genitals", "genital swelling"), ("fever", "fever"), ("feeling generally unwell", "malaise"),
    ("necrotising fasciitis of the perineum or Fournier s gangrene", "fournier's gangrene"))
add(d, "However, dizziness or lightheadedness has been reported, which may affect your ability to drive, cycle, or use tools or machines.",
    "", True, ("dizziness or lightheadedness", "dizziness"))
add(d, "Severe allergic reaction (rare, may affect up to 1 in 1,000 people)", "rare", False, ("Severe allergic reaction", "severe allergic reaction"))
add(d, "swelling of the face, lips, mouth, tongue, or throat that may lead to difficulty breathing or swallowing.", "rare", True,
    ("swelling of the face, lips, mouth, tongue, or throat", "angioedema"), ("difficulty breathing", "dyspnoea"),
    ("difficulty breathing or swallowing", "dysphagia"))
add(d, "Vokanamet may cause a very rare but very serious side effect called lactic acidosis (see section Warnings and precautions ).",
    "very rare", True, ("lactic acidosis", "lactic acidosis"))
add(d, "Diabetic ketoacidosis (rare, may affect up to 1 in 1,000 people)", "rare", False, ("Diabetic ketoacidosis", "diabetic ketoacidosis"))
for q, c in [("increased levels of ketone bodies in your urine or blood", "ketone bodies increased"), ("rapid weight loss", "weight decreased"),
             ("stomach pain", "abdominal pain"), ("excessive thirst", "thirst"), ("fast and deep breathing", "kussmaul respiration"),
             ("confusion", "confusional state")]:
    add(d, "\n\n" + q + "\n\n", "rare", False, (q, c))
add(d, "feeling sick or being sick", "rare", False, ("feeling sick", "nausea"), ("being sick", "vomiting"))
add(d, "unusual sleepiness or tiredness", "rare", False, ("unusual sleepiness", "somnolence"), ("tiredness", "fatigue"))
add(d, "a sweet smell to your breath, a sweet or metallic taste in your mouth or a different odour to your urine or sweat. This may occur regardless of blood glucose level.",
    "rare", False, ("a sweet smell to your breath", "breath odour"), ("a sweet or metallic taste in your mouth", "dysgeusia"),
    ("a different odour to your urine", "urine odour abnormal"))
add(d, "loss of too much fluid from your body (dehydration).", "uncommon", False, ("loss of too much fluid from your body (dehydration)", "dehydration"))
add(d, "feeling light-headed or dizzy", "uncommon", True, ("feeling light-headed or dizzy", "dizziness"))
add(d, "passing out (fainting) or feeling dizzy or faint when you stand up", "uncommon", True, ("passing out (fainting)", "syncope"),
    ("feeling dizzy or faint when you stand up", "dizziness postural"))
add(d, "very dry or sticky mouth, feeling very thirsty", "uncommon", True, ("very dry or sticky mouth", "dry mouth"), ("feeling very thirsty", "thirst"))
add(d, "feeling very weak or tired", "uncommon", True, ("feeling very weak", "asthenia"), ("feeling very weak or tired", "fatigue"))
add(d, "passing little or no urine", "uncommon", True, ("passing little or no urine", "oliguria"), ("passing little or no urine", "anuria"))
add(d, "fast heartbeat. Tell your doctor", "uncommon", True, ("fast heartbeat", "tachycardia"))
add(d, "low blood sugar levels (hypoglycaemia) - when taking this medicine with insulin or a sulphonylurea (such as glimepiride or glipizide).",
    "very common", False, ("low blood sugar levels (hypoglycaemia)", "hypoglycaemia"))
for q, c in [("blurred vision", "vision blurred"), ("tingling lips", "oral paraesthesia")]:
    add(d, "\n\n" + q + "\n\n", "very common", True, (q, c))
add(d, "trembling, sweating, looking pale", "very common", True, ("trembling", "tremor"), ("sweating", "hyperhidrosis"), ("looking pale", "pallor"))
add(d, "a change in mood or feeling anxious or confused.", "very common", True, ("a change in mood", "mood altered"), ("feeling anxious", "anxiety"),
    ("confused", "confusional state"))
add(d, "Urinary tract infections (common, may affect up to 1 in 10 people)", "common", False, ("Urinary tract infections", "urinary tract infection"))
add(d, "fever and/or chills", "common", False, ("fever", "fever"), ("chills", "chills"))
add(d, "burning sensation when passing water (urinating)", "common", False, ("burning sensation when passing water (urinating)", "dysuria"))
add(d, "pain in your back or side.", "common", False, ("pain in your back", "back pain"), ("pain in your back or side", "flank pain"))
add(d, "Although uncommon, if you see blood in your urine, tell your doctor immediately.", "uncommon", True, ("blood in your urine", "haematuria"))
cg = "canagliflozin"
add(d, "vaginal yeast infection.", "very common", False, ("vaginal yeast infection", "vulvovaginal candidiasis"), cause=cg)
add(d, "rash or redness of the penis or foreskin (yeast infection)", "common", False,
    ("rash or redness of the penis or foreskin (yeast infection)", "balanitis candida"), cause=cg)
ev = "changes in urination (including urinating more frequently or in larger amounts, urgent need to urinate, need to urinate at night)"
add(d, ev, "common", False, ("urinating more frequently", "pollakiuria"), ("in larger amounts", "polyuria"),
    ("urgent need to urinate", "micturition urgency"), ("need to urinate at night", "nocturia"), cause=cg)
for q, c in [("constipation", "constipation"), ("feeling thirsty", "thirst")]:
    add(d, "\n\n" + q + "\n\n", "common", False, (q, c), cause=cg)
add(d, "feeling sick (nausea)", "common", False, ("feeling sick (nausea)", "nausea"), cause=cg)
add(d, "blood tests may show changes in blood fat (cholesterol) levels and increases in the amount of red blood cells in your blood (haematocrit).",
    "common", True, ("changes in blood fat (cholesterol) levels", "blood cholesterol abnormal"),
    ("increases in the amount of red blood cells in your blood (haematocrit)", "haematocrit increased"), cause=cg)
add(d, "rash or red skin - this may be itchy and include raised bumps, oozing fluid or blisters", "uncommon", False,
    ("rash", "rash"), ("red skin", "erythema"), cause=cg)
add(d, "\n\nhives\n\n", "uncommon", False, ("hives", "urticaria"), cause=cg)
add(d, "blood tests may show changes related to kidney function (increased creatinine or urea) or increased potassium", "uncommon", True,
    ("increased creatinine", "blood creatinine increased"), ("increased creatinine or urea", "blood urea increased"),
    ("increased potassium", "blood potassium increased"), cause=cg)
add(d, "blood tests may show increases in your blood phosphate level", "uncommon", True, ("increases in your blood phosphate level", "blood phosphate increased"), cause=cg)
add(d, "\n\nbone fracture\n\n", "uncommon", False, ("bone fracture", "bone fracture"), cause=cg)
add(d, "kidney failure (mainly as a consequence of loss of too much fluid from your body)", "uncommon", False, ("kidney failure", "renal failure"), cause=cg)
add(d, "lower limb amputations (mainly of the toe) especially if you are at high risk of heart disease", "uncommon", False,
    ("lower limb amputations", "lower limb amputation"), cause=cg)
add(d, "phimosis difficulty pulling back the foreskin around the tip of the penis.", "uncommon", False, ("phimosis", "phimosis"), cause=cg)
add(d, "skin reactions after exposure to sunlight.", "uncommon", False, ("skin reactions after exposure to sunlight", "photosensitivity reaction"), cause=cg)
add(d, "necrotising fasciitis of the perineum or Fournier s gangrene, a serious soft tissue infection of the genitals or the area between the genitals and the anus.",
    "not known", False, ("necrotising fasciitis of the perineum or Fournier s gangrene", "fournier's gangrene"), cause=cg)
mf = "metformin"
add(d, "very common: feeling sick (nausea), being sick (vomiting), diarrhoea, stomach ache, and loss of appetite", "very common", False,
    ("feeling sick (nausea)", "nausea"), ("being sick (vomiting)", "vomiting"), ("diarrhoea", "diarrhoea"), ("stomach ache", "abdominal pain"),
    ("loss of appetite", "decreased appetite"), cause=mf)
add(d, "common: a metallic taste (taste disturbance), decreased vitamin B12 levels (may cause anaemia\nlow count of red blood cells)", "common", False,
    ("a metallic taste (taste disturbance)", "dysgeusia"), ("decreased vitamin B12 levels", "vitamin B12 decreased"), cause=mf)
add(d, "common: a metallic taste (taste disturbance), decreased vitamin B12 levels (may cause anaemia\nlow count of red blood cells)", "common", True,
    ("anaemia", "anaemia"), cause=mf)
add(d, "very rare: liver function test disorders, hepatitis (a problem with your liver), and itching.", "very rare", False,
    ("liver function test disorders", "liver function test abnormal"), ("hepatitis (a problem with your liver)", "hepatitis"), ("itching", "pruritus"), cause=mf)

out, here = [], Path(__file__).parent
for doc, ev, q, cond, band, hedged, cause in R:
    text = (C / f"{doc}.txt").read_text(encoding="utf-8")
    start = text.find(ev)
    assert start >= 0, (doc, ev)
    assert q in ev, (doc, q, ev)
    ev = ev.strip()
    out.append((doc, start, {"doc_id": f"leaflet_{doc}", "cause": cause, "condition": cond, "relation": "adverse_effect",
                             "negated": False, "hedged": hedged, "frequency_band": band, "evidence": ev, "quote": q}))
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
