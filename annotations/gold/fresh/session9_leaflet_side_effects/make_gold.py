"""Scratch fresh gold (helper A): adverse_effect rows of 6 non-gold leaflets, from the text alone."""
import json, re
from pathlib import Path
C = Path("/work/shared/corpora/epi_leaflets")
CAUSE = {"amvuttra": "vutrisiran", "filsuvez": "birch bark extract", "elrexfio": "elranatamab",
         "nimenrix": "nimenrix", "cinqaero": "reslizumab",
         "dasselta": "desloratadine"}
# (doc, evidence, quote, condition, band, hedged[, negated])
R = []
def add(doc, ev, band, hedged, *pairs, negated=False):
    for q, c in pairs:
        R.append((doc, ev, q, c, band, hedged, negated))

# ---- amvuttra
d = "amvuttra"
add(d, "Amvuttra lowers the amount of vitamin A in your blood.", "", False, ("lowers the amount of vitamin A", "vitamin a decreased"))
add(d, "Signs of low vitamin A may include: sight problems especially at night, dry eyes, hazy, or cloudy vision.", "", True,
    ("sight problems especially at night", "night blindness"), ("dry eyes", "dry eye"), ("hazy, or cloudy vision", "blurred vision"))
add(d, "Vitamin A levels may remain low for more than 12 months after the last dose of Amvuttra.", "", True, ("Vitamin A levels may remain low", "vitamin a decreased"))
add(d, "Amvuttra will reduce the level of vitamin A in your blood", "", False, ("reduce the level of vitamin A", "vitamin a decreased"))
add(d, "Pain in the joints", "very common", False, ("Pain in the joints", "arthralgia"))
add(d, "Pain in arms and legs", "very common", False, ("Pain in arms and legs", "pain in extremity"))
add(d, "Being short of breath", "common", False, ("short of breath", "dyspnoea"))
ev = "Redness, pain, itching, bruising, or warmth where the injection was given"
add(d, ev, "common", False, ("Redness", "injection site erythema"), ("pain", "injection site pain"), ("itching", "injection site pruritus"),
    ("bruising", "injection site bruising"), ("warmth", "injection site warmth"))
add(d, "Blood tests showing increases in a liver enzyme called alkaline phosphatase", "common", False,
    ("increases in a liver enzyme called alkaline phosphatase", "blood alkaline phosphatase increased"))

# ---- cinqaero
d = "cinqaero"
ev = "if you have any of the symptoms of an allergic reaction (e.g. itching, trouble breathing, wheezing, fever, shivering, dizziness, headache, nausea, vomiting, abdominal discomfort, skin rash, redness or swelling)."
SIGNS = [("allergic reaction", "hypersensitivity"), ("itching", "pruritus"), ("trouble breathing", "dyspnoea"), ("wheezing", "wheezing"), ("fever", "fever"),
         ("shivering", "chills"), ("dizziness", "dizziness"), ("headache", "headache"), ("nausea", "nausea"), ("vomiting", "vomiting"),
         ("abdominal discomfort", "abdominal discomfort"), ("skin rash", "rash"), ("redness", "erythema"), ("swelling", "swelling")]
add(d, ev, "", True, *SIGNS)
add(d, "Serious allergic reactions have occurred in patients receiving this medicine", "", False, ("Serious allergic reactions", "severe allergic reaction"))
add(d, "Serious allergic reactions can happen uncommonly (may affect up to 1 in 100 people) while receiving CINQAERO or afterwards.", "uncommon", True,
    ("Serious allergic reactions", "severe allergic reaction"))
ev = "Tell your doctor or nurse straight away if you have any of the symptoms of an allergic reaction (e.g. itching, trouble breathing, wheezing, fever, shivering, dizziness, headache, nausea, vomiting, abdominal discomfort, skin rash, redness or swelling)."
add(d, ev, "uncommon", True, *SIGNS[1:])
add(d, "Increase of an enzyme in your blood (blood creatine phosphokinase).", "common", False,
    ("Increase of an enzyme in your blood (blood creatine phosphokinase)", "blood creatine phosphokinase increased"))
add(d, "Muscle pain (myalgia).", "uncommon", False, ("Muscle pain (myalgia)", "myalgia"))

# ---- dasselta
d = "dasselta"
add(d, "Dasselta is an antiallergy medicine that does not make you drowsy.", "", False, ("drowsy", "somnolence"), negated=True)
R[-1] = R[-1][:5] + (True, True)  # "does not make you drowsy": negated; as Ritonavir's, also hedged? no: plain statement
R[-1] = R[-1][:5] + (False, True)
ev = "During the marketing of desloratadine, cases of severe allergic reactions (difficulty in breathing, wheezing, itching, hives and swelling) have been reported very rarely."
add(d, ev, "very rare", True, ("severe allergic reactions", "severe allergic reaction"), ("difficulty in breathing", "dyspnoea"), ("wheezing", "wheezing"),
    ("itching", "pruritus"), ("hives", "urticaria"), ("swelling", "swelling"))
ev = "However, fatigue, dry mouth and headache were reported more often than with a dummy tablet."
add(d, ev, "", True, ("fatigue", "fatigue"), ("dry mouth", "dry mouth"), ("headache", "headache"))
add(d, "In adolescents, headache was the most commonly reported side effect.", "", True, ("headache", "headache"))
for q, c in (("fatigue", "fatigue"), ("dry mouth", "dry mouth"), ("headache", "headache")):
    add(d, f"- {q}".replace("- ", ""), "common", False, (q, c))
VR = [("severe allergic reactions", "severe allergic reaction"), ("rash", "rash"), ("pounding or irregular heartbeat", "palpitations"),
      ("pounding or irregular heartbeat", "irregular heartbeat"), ("fast heartbeat", "tachycardia"), ("stomach ache", "abdominal pain"),
      ("feeling sick (nausea)", "nausea"), ("vomiting", "vomiting"), ("upset stomach", "dyspepsia"), ("diarrhoea", "diarrhoea"),
      ("dizziness", "dizziness"), ("drowsiness", "somnolence"), ("inability to sleep", "insomnia"), ("muscle pain", "myalgia"),
      ("hallucinations", "hallucination"), ("seizures", "seizure"), ("restlessness with increased body movement", "restlessness"),
      ("liver inflammation", "hepatitis"), ("abnormal liver function tests", "liver function test abnormal")]
for q, c in VR:
    add(d, q, "very rare", False, (q, c))
NK = [("unusual weakness", "asthenia"), ("yellowing of the skin and/or eyes", "jaundice"),
      ("increased sensitivity of the skin to the sun", "photosensitivity reaction"), ("changes in the way the heart beats", "heart rhythm change"),
      ("abnormal behaviour", "abnormal behaviour"), ("aggression", "aggression"), ("weight increased", "weight increased"),
      ("increased appetite", "increased appetite"), ("depressed mood", "depressed mood"), ("dry eyes", "dry eye")]
for q, c in NK:
    add(d, q, "not known", False, (q, c))
for q, c in (("slow heartbeat", "bradycardia"), ("change in the way the heart beats", "heart rhythm change"), ("abnormal behaviour", "abnormal behaviour"), ("aggression", "aggression")):
    add(d, q, "not known", False, (q, c))

# ---- elrexfio
d = "elrexfio"
ev = "Signs of a condition known as cytokine release syndrome (CRS). CRS is a serious immune reaction with symptoms such as fever, difficulty breathing, chills, headache, low blood pressure, fast heartbeat, feeling dizzy, and increased levels of liver enzymes in the blood."
add(d, ev, "", False, ("cytokine release syndrome (CRS)", "cytokine release syndrome"), ("fever", "fever"), ("difficulty breathing", "dyspnoea"),
    ("chills", "chills"), ("headache", "headache"), ("low blood pressure", "hypotension"), ("fast heartbeat", "tachycardia"),
    ("feeling dizzy", "dizziness"), ("increased levels of liver enzymes in the blood", "liver enzymes increased"))
ev = "Effects on your nervous system. Symptoms include feeling confused, feeling less alert, or having difficulty speaking or writing. Some of these may be signs of a serious immune reaction called immune effector cell-associated neurotoxicity syndrome (ICANS)."
add(d, ev, "", False, ("feeling confused", "confusional state"), ("feeling less alert", "decreased alertness"),
    ("difficulty speaking or writing", "difficulty speaking"), ("difficulty speaking or writing", "difficulty writing"))
add(d, ev, "", True, ("immune effector cell-associated neurotoxicity syndrome (ICANS)", "immune effector cell-associated neurotoxicity syndrome"))
ev = "Signs and symptoms of an infection such as fever, chills, fatigue, or difficulty breathing."
add(d, ev, "", False, ("infection", "infection"), ("fever", "fever"), ("chills", "chills"), ("fatigue", "fatigue"), ("difficulty breathing", "dyspnoea"))
add(d, "the number of blood cells and other blood components may decrease", "", True, ("the number of blood cells and other blood components may decrease", "blood cell count decreased"))
add(d, "Some people may feel tired, dizzy, or confused while receiving ELREXFIO.", "", True, ("tired", "fatigue"), ("dizzy", "dizziness"), ("confused", "confusional state"))
ev = "You may get a reaction at the injection site including, redness of the skin, pain, swelling, bruising, rash, itching, or bleeding."
SITE = [("reaction at the injection site", "injection site reaction"), ("redness of the skin", "injection site erythema"), ("pain", "injection site pain"),
        ("swelling", "injection site swelling"), ("bruising", "injection site bruising"), ("rash", "injection site rash"),
        ("itching", "injection site pruritus"), ("bleeding", "injection site haemorrhage")]
add(d, ev, "", True, *SITE)
ev = "Cytokine release syndrome, a serious immune reaction that may cause fever, difficulty breathing, chills, dizziness or light-headedness, fast heartbeat, increased liver enzymes in your blood;"
add(d, ev, "very common", False, ("Cytokine release syndrome", "cytokine release syndrome"))
add(d, ev, "very common", True, ("fever", "fever"), ("difficulty breathing", "dyspnoea"), ("chills", "chills"), ("dizziness", "dizziness"),
    ("light-headedness", "light-headedness"), ("fast heartbeat", "tachycardia"), ("increased liver enzymes in your blood", "liver enzymes increased"))
add(d, "Low levels of neutrophils (a type of white blood cell that fights infection; neutropenia);", "very common", False,
    ("Low levels of neutrophils (a type of white blood cell that fights infection; neutropenia)", "neutropenia"))
add(d, "Low levels of antibodies called immunoglobulins in the blood (hypogammaglobulinaemia), which may make infections more likely;", "very common", False,
    ("Low levels of antibodies called immunoglobulins in the blood (hypogammaglobulinaemia)", "hypogammaglobulinaemia"))
ev = "Infection, which may include fever, chills, fatigue, or shortness of breath."
add(d, ev, "very common", False, ("Infection", "infection"))
add(d, ev, "very common", True, ("fever", "fever"), ("chills", "chills"), ("fatigue", "fatigue"), ("shortness of breath", "dyspnoea"))
ev = "Immune effector cell-associated neurotoxicity syndrome (ICANS), a serious immune reaction that may cause effects on your nervous system. Some of the symptoms are: * Feeling confused * Feeling less alert * Having difficulty speaking or writing"
add(d, ev, "common", False, ("Immune effector cell-associated neurotoxicity syndrome (ICANS)", "immune effector cell-associated neurotoxicity syndrome"),
    ("Feeling confused", "confusional state"), ("Feeling less alert", "decreased alertness"),
    ("difficulty speaking or writing", "difficulty speaking"), ("difficulty speaking or writing", "difficulty writing"))
OTHER = [("Low levels of red blood cells (anaemia)", "anaemia"), ("Feeling tired or weak", "fatigue"), ("Feeling tired or weak", "asthenia"),
         ("Nose and throat infection (upper respiratory tract infection)", "upper respiratory tract infection")]
for q, c in OTHER:
    add(d, q, "very common", False, (q, c))
ev = "Reactions at or near the injection site, including redness of the skin, itching, swelling, pain, bruising, rash, or bleeding"
add(d, ev, "very common", False, ("Reactions at or near the injection site", "injection site reaction"), *SITE[1:])
OTHER = [("Diarrhoea", "diarrhoea"), ("Lung infection (pneumonia)", "pneumonia"),
         ("Low levels of blood platelets (cells that help blood to clot; thrombocytopenia)", "thrombocytopenia"),
         ("Low levels of a type of lymphocytes, a type of white blood cell (lymphopenia)", "lymphopenia"), ("Fever (pyrexia)", "fever"),
         ("Decreased appetite", "decreased appetite"), ("Skin rash", "rash"), ("Dry skin", "dry skin"), ("Pain in your joints (arthralgia)", "arthralgia"),
         ("Low levels of potassium in the blood (hypokalaemia)", "hypokalaemia"), ("Feeling sick (nausea)", "nausea"), ("Headache", "headache"),
         ("Difficulty breathing (dyspnoea)", "dyspnoea"), ("Blood poisoning (sepsis)", "sepsis"), ("Low number of white blood cells (leucopenia)", "leucopenia"),
         ("Increased level of liver enzymes in the blood (transaminases increased)", "transaminases increased")]
for q, c in OTHER:
    add(d, q, "very common", False, (q, c))
ev = "Nerve damage in legs and/or arms that may cause tingling, numbness, pain, or loss of sensation (peripheral neuropathy)"
add(d, ev, "very common", False, ("Nerve damage in legs and/or arms that may cause tingling, numbness, pain, or loss of sensation (peripheral neuropathy)", "peripheral neuropathy"))
add(d, ev, "very common", True, ("tingling", "paraesthesia"), ("numbness", "hypoaesthesia"), ("pain", "pain"), ("loss of sensation", "sensory loss"))
q = "Infection of the parts of the body that collect and pass out urine (urinary tract infection)"
add(d, q, "very common", False, (q, "urinary tract infection"))
for q, c in (("Low level of phosphates in the blood (hypophosphataemia)", "hypophosphataemia"),
             ("Low number neutrophils in the blood, combined with a fever (febrile neutropenia)", "febrile neutropenia")):
    add(d, q, "common", False, (q, c))

# ---- filsuvez
d = "filsuvez"
add(d, "If you get an allergic reaction, stop using Filsuvez immediately and see your doctor or nurse.", "", True, ("allergic reaction", "hypersensitivity"))
ev = "itching, swelling and redness of the skin that is more severe on the area where the medicine has been applied."
add(d, ev, "", False, ("itching", "pruritus"), ("swelling", "skin swelling"), ("redness of the skin", "erythema"))
ev = "wound complication (e.g. increase in wound size, wound re-opening, wound pain)"
add(d, ev, "very common", False, ("wound complication", "wound complication"), ("increase in wound size", "wound size increased"),
    ("wound re-opening", "wound dehiscence"), ("wound pain", "wound pain"))
for q, c in (("wound infection", "wound infection"), ("allergic reaction (hypersensitivity)", "hypersensitivity"), ("itchy skin", "pruritus")):
    add(d, q, "common", False, (q, c))
add(d, "pain and itching where the medicine is applied", "common", False, ("pain", "application site pain"), ("itching", "application site pruritus"))
add(d, "complications of wound healing", "common", False, ("complications of wound healing", "wound healing complication"))
for q, c in (("wound secretion", "wound secretion"), ("skin irritation (dermatitis)", "dermatitis"), ("itchy rash", "pruritic rash"),
             ("purple coloured rash", "purpura"), ("- pain\n", "pain")):
    add(d, q, "uncommon", False, (q.strip("- \n"), c))

# ---- nimenrix
d = "nimenrix"
VC = [("fever", "fever"), ("tiredness (fatigue)", "fatigue"), ("feeling drowsy", "somnolence"), ("loss of appetite", "decreased appetite"),
      ("feeling irritable", "irritability")]
for q, c in VC:
    add(d, q, "very common", False, (q, c))
add(d, "swelling, pain and redness where the injection is given.", "very common", False, ("swelling", "injection site swelling"),
    ("pain", "injection site pain"), ("redness", "injection site erythema"))
add(d, "bruising (haematoma) where the injection is given", "common", False, ("bruising (haematoma)", "injection site haematoma"))
add(d, "stomach and digestion problems such as diarrhoea, vomiting and nausea", "common", False,
    ("stomach and digestion problems", "gastrointestinal disorder"), ("diarrhoea", "diarrhoea"), ("vomiting", "vomiting"), ("nausea", "nausea"))
add(d, "rash (infants).", "common", False, ("rash", "rash"))
UC = [("\n\nrash\n", "rash"), ("hives", "urticaria"), ("\n\nitching\n", "pruritus"), ("crying", "crying"), ("feeling dizzy", "dizziness"),
      ("aching muscles", "myalgia"), ("pain in the arms or legs", "pain in extremity"), ("generally feeling unwell", "malaise"),
      ("difficulty sleeping", "insomnia"), ("decreased feeling or sensitivity, especially in the skin", "hypoaesthesia")]
for q, c in UC:
    add(d, q, "uncommon", False, (q.strip(), c))
ev = "reactions where the injection is given such as itching, a feeling of warmth or numbness or a hard lump."
add(d, ev, "uncommon", False, ("reactions where the injection is given", "injection site reaction"), ("itching", "injection site pruritus"),
    ("warmth", "injection site warmth"), ("numbness", "injection site hypoaesthesia"), ("hard lump", "injection site induration"))
add(d, "fits (seizures) associated with a high temperature", "rare", False, ("fits (seizures) associated with a high temperature", "febrile convulsion"))
add(d, "injection site swelling and redness; this may affect a large area of the vaccinated limb", "not known", False,
    ("injection site swelling", "injection site swelling"), ("redness", "injection site erythema"))
add(d, "enlarged lymph nodes", "not known", False, ("enlarged lymph nodes", "lymphadenopathy"))

out, last = [], {}
for doc, ev, q, cond, band, hedged, negated in R:
    text = (C / f"{doc}.txt").read_text(encoding="utf-8")
    # evidence: first occurrence at or after the previous row's evidence of the same doc (document order)
    start = text.find(ev, last.get(doc, 0))
    if start < 0:
        start = text.find(ev)
    assert start >= 0, (doc, ev)
    evidence = ev.strip()
    start = text.find(evidence, start)
    assert evidence.find(q) >= 0 or q in evidence, (doc, q, evidence)
    last[doc] = start
    out.append((doc, start, {"doc_id": f"leaflet_{doc}", "cause": CAUSE[doc], "condition": cond, "relation": "adverse_effect",
                             "negated": negated, "hedged": hedged, "frequency_band": band, "evidence": evidence, "quote": q}))
out.sort(key=lambda x: (x[0], x[1]))
dest = Path("/tmp/helperA/gold/genres/leaflet_dev")
dest.mkdir(parents=True, exist_ok=True)
with (dest / "causes.jsonl").open("w", encoding="utf-8") as fh:
    for _d, _s, row in out:
        fh.write(json.dumps(row, ensure_ascii=False) + "\n")
with (dest.parent / "split.jsonl").open("w", encoding="utf-8") as fh:
    for doc in sorted(CAUSE):
        fh.write(json.dumps({"doc_id": f"leaflet_{doc}", "genre": "leaflet", "part": "dev", "origin": f"epi_leaflets/{doc}.txt", "tables": ["causes"]}) + "\n")
from collections import Counter
print(len(out), Counter(d for d, _, _ in out))
