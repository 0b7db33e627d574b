"""Fresh gold (helper H2, session 12): adverse_effect rows of 3 non-gold leaflets, from the text alone.

Writes genres/split.jsonl and genres/leaflet_dev/causes.jsonl beside this script.
Row helper: add(doc, evidence, band, hedged, (quote, condition), ...); evidence is a verbatim
substring of the leaflet that holds every quote.
"""
import json
from pathlib import Path

C = Path(__file__).resolve().parents[5] / "shared" / "corpora" / "epi_leaflets"
CAUSE = {"tecfidera": "dimethyl fumarate", "pedmarqsi": "sodium thiosulfate", "onureg": "azacitidine"}
R = []


def add(doc, ev, band, hedged, *pairs, cause=None):
    for q, c in pairs:
        R.append((doc, ev, q, c, band, hedged, cause or CAUSE[doc]))


def items(doc, band, hedged, *pairs):
    """List items whose evidence is the quote itself."""
    for q, c in pairs:
        add(doc, q, band, hedged, (q, c))


# ---- pedmarqsi (sodium thiosulfate)
d = "pedmarqsi"
add(d, "has had an allergic reaction like a rash, hives or difficulty breathing after a previous dose of sodium thiosulfate", "", False,
    ("allergic reaction", "allergic reaction"), ("rash", "rash"), ("hives", "urticaria"), ("difficulty breathing", "dyspnoea"))
add(d, "This medicine contains boric acid which may impair fertility when given chronically.", "", True,
    ("impair fertility", "impaired fertility"), cause="boric acid")
add(d, "If you or your child has a severe allergic reaction to this medicine with symptoms such as a skin rash, tight chest, wheezing, shortness of breath or feeling cold you or they should tell a doctor or nurse immediately.", "", True,
    ("severe allergic reaction", "severe allergic reaction"), ("skin rash", "rash"), ("tight chest", "chest tightness"),
    ("wheezing", "wheezing"), ("shortness of breath", "dyspnoea"), ("feeling cold", "feeling cold"))
items(d, "very common", False, ("Feeling sick (nausea)", "nausea"), ("Vomiting", "vomiting"))
add(d, "Reduced level of phosphate or potassium seen in blood tests", "very common", False,
    ("Reduced level of phosphate or potassium", "hypophosphataemia"), ("Reduced level of phosphate or potassium", "hypokalaemia"))
add(d, "Increased level of sodium seen in blood tests", "very common", False, ("Increased level of sodium", "hypernatraemia"))
add(d, "Increased or reduced blood pressure", "common", False,
    ("Increased or reduced blood pressure", "hypertension"), ("Increased or reduced blood pressure", "hypotension"))
add(d, "Reduced level of calcium seen in blood tests", "common", False, ("Reduced level of calcium", "hypocalcaemia"))
ev = "Acidic blood (metabolic acidosis) which can cause nausea, vomiting, drowsiness and breathlessness"
add(d, ev, "common", False, ("Acidic blood (metabolic acidosis)", "metabolic acidosis"))
add(d, ev, "common", True, ("nausea", "nausea"), ("vomiting", "vomiting"), ("drowsiness", "somnolence"), ("breathlessness", "dyspnoea"))

# ---- tecfidera (dimethyl fumarate)
d = "tecfidera"
add(d, "If your number of white blood cells decreases during treatment", "", True,
    ("number of white blood cells decreases", "white blood cell count decreased"))
add(d, "Herpes zoster (shingles) may occur with Tecfidera treatment.", "", True, ("Herpes zoster (shingles)", "herpes zoster"))
add(d, "talk to your doctor straight away because these may be the symptoms of a rare brain infection called PML.", "rare", True,
    ("rare brain infection called PML", "progressive multifocal leukoencephalopathy"))
ev = "A rare but serious kidney disorder called Fanconi syndrome has been reported with a medicine containing dimethyl fumarate, in combination with other fumaric acid esters, used to treat psoriasis (a skin disease)."
add(d, ev, "rare", True, ("Fanconi syndrome", "fanconi syndrome"))
ev = "If you notice you are passing more urine, are thirstier and drinking more than normal, your muscles seem weaker, you break a bone, or just have aches and pains, talk to your doctor as soon as possible so that this can be investigated further."
add(d, ev, "rare", True, ("passing more urine", "polyuria"), ("thirstier", "thirst"), ("muscles seem weaker", "muscular weakness"),
    ("break a bone", "bone fracture"), ("aches and pains", "pain"))
add(d, "taking Tecfidera with certain types of vaccines (live vaccines) may cause you to get an infection", "", True,
    ("infection", "infection"), cause="live vaccines")
add(d, "This could cause inflammation of the stomach (gastritis), especially in people already prone to gastritis.", "", True,
    ("inflammation of the stomach (gastritis)", "gastritis"), cause="alcohol")
add(d, "Tecfidera may lower lymphocyte counts (a type of white blood cell).", "", True,
    ("lower lymphocyte counts", "lymphocyte count decreased"))
add(d, "PML has occurred after 1 to 5 years of treatment", "", False, ("PML", "progressive multifocal leukoencephalopathy"))
ev = "Symptoms may include new or worsening weakness on one side of the body; clumsiness; changes in vision, thinking, or memory; or confusion or personality changes, or speech and communication difficulties lasting for more than several days."
add(d, ev, "", True, ("weakness on one side of the body", "hemiparesis"), ("clumsiness", "clumsiness"),
    ("changes in vision, thinking, or memory", "visual impairment"), ("changes in vision, thinking, or memory", "thinking abnormal"),
    ("changes in vision, thinking, or memory", "memory impairment"), ("confusion", "confusion"),
    ("personality changes", "personality change"), ("speech and communication difficulties", "speech disorder"),
    ("speech and communication difficulties", "communication disorder"))
add(d, "The frequency of severe allergic reactions cannot be estimated from the available data (not known).", "not known", False,
    ("severe allergic reactions", "severe allergic reaction"))
add(d, "Reddening of the face or body (flushing) is a very common side effect.", "very common", False,
    ("Reddening of the face or body (flushing)", "flushing"))
add(d, "However, should flushing be accompanied by a red rash or hives and you get any of these symptoms:", "not known", True,
    ("red rash", "rash"), ("hives", "urticaria"))
add(d, "swelling of the face, lips, mouth or tongue (angioedema)", "not known", True,
    ("swelling of the face, lips, mouth or tongue (angioedema)", "angioedema"))
add(d, "wheezing, difficulty breathing or shortness of breath (dyspnoea, hypoxia)", "not known", True,
    ("wheezing", "wheezing"), ("difficulty breathing or shortness of breath (dyspnoea", "dyspnoea"), ("hypoxia", "hypoxia"))
add(d, "dizziness or loss of consciousness (hypotension)", "not known", True,
    ("dizziness", "dizziness"), ("loss of consciousness", "loss of consciousness"), ("hypotension", "hypotension"))
add(d, "then this may represent a severe allergic reaction (anaphylaxis).", "not known", True,
    ("severe allergic reaction (anaphylaxis)", "anaphylaxis"))
items(d, "very common", False, ("reddening of the face or body feeling warm, hot, burning or itchy (flushing)", "flushing"),
      ("loose stools (diarrhoea)", "diarrhoea"), ("feeling sick (nausea)", "nausea"))
add(d, "stomach pain or stomach cramps", "very common", False,
    ("stomach pain or stomach cramps", "abdominal pain"), ("stomach pain or stomach cramps", "abdominal cramps"))
add(d, "Substances called ketones, which are naturally produced in the body, very commonly show up in urine tests while taking Tecfidera.",
    "very common", False, ("ketones", "ketonuria"))
items(d, "common", False, ("inflammation of the lining of the intestines (gastroenteritis)", "gastroenteritis"),
      ("being sick (vomiting)", "vomiting"), ("indigestion (dyspepsia)", "dyspepsia"),
      ("inflammation of the lining of the stomach (gastritis)", "gastritis"), ("gastrointestinal disorder", "gastrointestinal disorder"),
      ("burning sensation", "burning sensation"))
add(d, "hot flush, feeling hot", "common", False, ("hot flush", "hot flush"), ("feeling hot", "feeling hot"))
items(d, "common", False, ("itchy skin (pruritus)", "pruritus"), ("rash", "rash"),
      ("pink or red blotches on the skin (erythema)", "erythema"), ("hair loss (alopecia)", "alopecia"))
add(d, "low levels of white blood cells (lymphopenia, leucopenia) in the blood.", "common", False,
    ("lymphopenia", "lymphopenia"), ("leucopenia", "leucopenia"))
items(d, "common", False, ("proteins (albumin) in urine", "proteinuria"))
add(d, "increase in levels of liver enzymes (ALT, AST) in the blood", "common", False,
    ("increase in levels of liver enzymes (ALT, AST)", "liver enzymes increased"))
items(d, "uncommon", False, ("allergic reactions (hypersensitivity)", "hypersensitivity"),
      ("reduction in blood platelets", "platelet count decreased"))
add(d, "liver inflammation and increase in levels of liver enzymes (ALT or AST in combination with bilirubin)", "not known", False,
    ("liver inflammation", "hepatitis"), ("increase in levels of liver enzymes", "liver enzymes increased"))
ev = "herpes zoster (shingles) with symptoms such as blisters, burning, itching or pain of the skin, typically on one side of the upper body or the face, and other symptoms, like fever and weakness in the early stages of infection, followed by numbness, itching or red patches with severe pain"
add(d, ev, "not known", False, ("herpes zoster (shingles)", "herpes zoster"), ("blisters", "blister"), ("burning", "burning sensation"),
    ("itching", "pruritus"), ("pain of the skin", "skin pain"), ("fever", "fever"), ("weakness", "asthenia"),
    ("numbness", "hypoaesthesia"), ("red patches", "erythema"))
items(d, "not known", False, ("runny nose (rhinorrhoea)", "rhinorrhoea"))
ev = "Some side effects were reported more frequently in children and adolescents than in adults, e.g, headache, stomach pain or stomach cramps, being sick (vomiting), throat pain, cough, and painful menstrual periods."
add(d, ev, "", True, ("headache", "headache"), ("stomach pain or stomach cramps", "abdominal pain"),
    ("stomach pain or stomach cramps", "abdominal cramps"), ("being sick (vomiting)", "vomiting"), ("throat pain", "oropharyngeal pain"),
    ("cough", "cough"), ("painful menstrual periods", "dysmenorrhoea"))

# ---- onureg (azacitidine)
d = "onureg"
s2 = "Tell your doctor, pharmacist or nurse straight away if you get any of these symptoms during treatment with Onureg: bruising or bleeding - this could be due to a low count of blood cells called platelets; fever - this could be due to an infection as a result of having low levels of white blood cells, which can be life-threatening; diarrhoea, vomiting or nausea (feeling sick)."
s4 = "Serious side effects " + s2
for ev in (s2, s4):   # the same statement in sections 2 and 4: two rows each (repeated statements)
    add(d, ev, "", True, ("bruising", "bruising"), ("bleeding", "bleeding"), ("low count of blood cells called platelets", "thrombocytopenia"),
        ("fever", "fever"), ("infection", "infection"), ("low levels of white blood cells", "white blood cell count decreased"),
        ("diarrhoea", "diarrhoea"), ("vomiting", "vomiting"), ("nausea (feeling sick)", "nausea"))
add(d, "You may feel tired, weak or have trouble concentrating.", "", True,
    ("tired", "fatigue"), ("weak", "asthenia"), ("trouble concentrating", "disturbance in attention"))
ev = "Very common side effects (may affect more than 1 in 10 people): constipation pain in your belly infections of the nose, sinuses and throat infection of the lungs feeling tired or weak loss of appetite pain that affect different parts of the body - this can range from a sharp pain to a dull ache stiff joints back pain."
add(d, ev, "very common", False, ("constipation", "constipation"), ("pain in your belly", "abdominal pain"),
    ("infections of the nose, sinuses and throat", "nasopharyngitis"), ("infections of the nose, sinuses and throat", "sinusitis"),
    ("infections of the nose, sinuses and throat", "pharyngitis"), ("infection of the lungs", "lung infection"),
    ("feeling tired or weak", "fatigue"), ("feeling tired or weak", "asthenia"), ("loss of appetite", "decreased appetite"),
    ("pain that affect different parts of the body", "pain"), ("stiff joints", "joint stiffness"), ("back pain", "back pain"))
ev = "Common side effects (may affect up to 1 in 10 people): flu infection of the urinary tract hay fever anxiety loss of weight."
add(d, ev, "common", False, ("flu", "influenza"), ("infection of the urinary tract", "urinary tract infection"),
    ("hay fever", "seasonal allergy"), ("anxiety", "anxiety"), ("loss of weight", "weight loss"))

out, here = [], Path(__file__).parent
for doc, ev, q, cond, band, hedged, cause in R:
    text = (C / f"{doc}.txt").read_text(encoding="utf-8")
    start = text.find(ev)
    assert start >= 0, (doc, ev)
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
