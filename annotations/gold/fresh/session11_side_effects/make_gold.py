"""Fresh gold (helper SE, session 11): adverse_effect rows of 4 non-gold leaflets, from the text alone.

Writes genres/split.jsonl and genres/leaflet_dev/causes.jsonl beside this script.
Row helper: add(doc, evidence, band, hedged, (quote, condition), ...); evidence is a verbatim
substring of the leaflet that holds every quote.
"""
import json
from pathlib import Path

C = Path("/work/shared/corpora/epi_leaflets")
CAUSE = {"vyvgart": "efgartigimod alfa", "pelmeg": "pegfilgrastim", "cotellic": "cobimetinib", "lojuxta": "lomitapide"}
R = []


def add(doc, ev, band, hedged, *pairs, cause=None):
    for q, c in pairs:
        R.append((doc, ev, q, c, band, hedged, cause or CAUSE[doc]))


def items(doc, band, hedged, *pairs):
    """List items whose evidence is the quote itself."""
    for q, c in pairs:
        add(doc, q, band, hedged, (q, c))


# ---- vyvgart (efgartigimod alfa)
d = "vyvgart"
add(d, "Vyvgart contains a protein that can cause reactions such as rash or itching in some people.", "", True,
    ("rash", "rash"), ("itching", "pruritus"))
add(d, "Vyvgart may cause anaphylactic reaction (a serious allergic reaction).", "", True,
    ("anaphylactic reaction (a serious allergic reaction)", "anaphylactic reaction"))
add(d, "If you experience allergic reactions such as swelling of the face, lips, throat or tongue which makes it difficult to swallow or breathe, or shortness of breath, feeling of losing consciousness, or skin rash during or after the infusion, then tell your doctor immediately.", "", True,
    ("allergic reactions", "hypersensitivity"), ("swelling of the face, lips, throat or tongue", "face swelling"),
    ("swelling of the face, lips, throat or tongue", "lip swelling"), ("swelling of the face, lips, throat or tongue", "throat swelling"),
    ("swelling of the face, lips, throat or tongue", "swollen tongue"), ("shortness of breath", "dyspnoea"),
    ("feeling of losing consciousness", "loss of consciousness"), ("skin rash", "rash"))
add(d, "Signs of a serious allergic reaction (anaphylactic reaction) such as swelling of the face, lips, throat or tongue which makes it difficult to swallow or breathe, shortness of breath, feeling of loss of consciousness, or skin rash during or after the infusion.", "", False,
    ("serious allergic reaction (anaphylactic reaction)", "anaphylactic reaction"), ("swelling of the face, lips, throat or tongue", "face swelling"),
    ("swelling of the face, lips, throat or tongue", "lip swelling"), ("swelling of the face, lips, throat or tongue", "throat swelling"),
    ("swelling of the face, lips, throat or tongue", "swollen tongue"), ("shortness of breath", "dyspnoea"),
    ("feeling of loss of consciousness", "loss of consciousness"), ("skin rash", "rash"))
add(d, "nose and throat (upper respiratory tract) infections", "very common", False,
    ("nose and throat (upper respiratory tract) infections", "upper respiratory tract infection"))
add(d, "pain or a burning sensation during urination, which may be a sign of a urinary tract infection", "common", False,
    ("pain or a burning sensation during urination", "dysuria"))
add(d, "pain or a burning sensation during urination, which may be a sign of a urinary tract infection", "common", True,
    ("urinary tract infection", "urinary tract infection"))
items(d, "common", False, ("inflammation of the airways in the lungs (bronchitis)", "bronchitis"), ("muscle pain (myalgia)", "myalgia"),
      ("headache during or after the administration of Vyvgart", "headache"))
add(d, "Allergic reactions during or after infusion", "not known", False, ("Allergic reactions during or after infusion", "hypersensitivity"))
add(d, "swelling of the face, lips, throat, or tongue which makes it difficult to swallow or breathe, shortness of breath", "not known", False,
    ("swelling of the face, lips, throat, or tongue", "face swelling"), ("swelling of the face, lips, throat, or tongue", "lip swelling"),
    ("swelling of the face, lips, throat, or tongue", "throat swelling"), ("swelling of the face, lips, throat, or tongue", "swollen tongue"),
    ("shortness of breath", "dyspnoea"))
add(d, "pale skin, a weak and rapid pulse, or a feeling of loss of consciousness", "not known", False,
    ("pale skin", "pallor"), ("a weak and rapid pulse", "weak pulse"), ("a weak and rapid pulse", "tachycardia"),
    ("a feeling of loss of consciousness", "loss of consciousness"))
add(d, "sudden rash, itching, or hives.", "not known", False, ("sudden rash", "rash"), ("itching", "pruritus"), ("hives", "urticaria"))

# ---- pelmeg (pegfilgrastim)
d = "pelmeg"
add(d, "if you experience an allergic reaction including weakness, drop in blood pressure, difficulty breathing, swelling of the face (anaphylaxis), redness and flushing, skin rash and areas of the skin that itch.", "", True,
    ("allergic reaction", "hypersensitivity"), ("weakness", "asthenia"), ("drop in blood pressure", "hypotension"),
    ("difficulty breathing", "dyspnoea"), ("swelling of the face", "face swelling"), ("anaphylaxis", "anaphylactic reaction"),
    ("redness", "erythema"), ("flushing", "flushing"), ("skin rash", "rash"), ("areas of the skin that itch", "pruritus"))
add(d, "if you experience a cough, fever and difficulty breathing. This can be a sign of Acute Respiratory Distress Syndrome (ARDS).", "", True,
    ("cough", "cough"), ("fever", "fever"), ("difficulty breathing", "dyspnoea"),
    ("Acute Respiratory Distress Syndrome (ARDS)", "acute respiratory distress syndrome"))
CLS = [("swelling or puffiness", "oedema"), ("passing water less frequently", "oliguria"), ("difficulty breathing", "dyspnoea"),
       ("abdominal swelling", "abdominal distension"), ("feeling of fullness", "feeling of fullness"),
       ("a general feeling of tiredness", "fatigue")]
ev = "swelling or puffiness, which may be associated with passing water less frequently, difficulty breathing, abdominal swelling and feeling of fullness, and a general feeling of tiredness. These could be symptoms of condition called Capillary Leak Syndrome"
add(d, ev, "", True, *CLS, ("Capillary Leak Syndrome", "capillary leak syndrome"))
add(d, "if you get left upper abdominal pain or pain at the tip of your shoulder. This may be a sign of a problem with your spleen (splenomegaly).", "", True,
    ("left upper abdominal pain", "upper abdominal pain"), ("pain at the tip of your shoulder", "shoulder pain"),
    ("a problem with your spleen (splenomegaly)", "splenomegaly"))
add(d, "if you have sudden signs of allergy such as rash, itching or hives on the skin, swelling of the face, lips, tongue or other parts of the body, shortness of breath, wheezing or trouble breathing these could be signs of a severe allergic reaction.", "", True,
    ("rash", "rash"), ("itching", "pruritus"), ("hives", "urticaria"), ("swelling of the face, lips, tongue or other parts of the body", "face swelling"),
    ("swelling of the face, lips, tongue or other parts of the body", "lip swelling"),
    ("swelling of the face, lips, tongue or other parts of the body", "swollen tongue"),
    ("swelling of the face, lips, tongue or other parts of the body", "oedema"), ("shortness of breath", "dyspnoea"),
    ("wheezing", "wheezing"), ("severe allergic reaction", "hypersensitivity"))
ev = "if you have symptoms of inflammation of the aorta (the large blood vessel which transports blood from the heart to the body), this has been reported rarely in cancer patients and healthy donors. The symptoms can include fever, abdominal pain, malaise, back pain and increased inflammatory markers."
add(d, ev, "rare", True, ("inflammation of the aorta", "aortitis"), ("fever", "fever"), ("abdominal pain", "abdominal pain"),
    ("malaise", "malaise"), ("back pain", "back pain"), ("increased inflammatory markers", "inflammatory marker increased"))
add(d, "as Pelmeg can harm the tiny filters inside your kidneys (glomerulonephritis).", "", True,
    ("harm the tiny filters inside your kidneys (glomerulonephritis)", "glomerulonephritis"))
add(d, "Severe skin reactions (Stevens-Johnson syndrome) have been reported with the use of Pelmeg.", "", True,
    ("Severe skin reactions (Stevens-Johnson syndrome)", "stevens-johnson syndrome"))
ev = "swelling or puffiness, which may be associated with passing water less frequently, difficulty breathing, abdominal swelling and feeling of fullness, and a general feeling of tiredness. These symptoms generally develop in a rapid fashion."
add(d, ev, "uncommon", False, CLS[0])
add(d, ev, "uncommon", True, *CLS[1:])
add(d, "These could be symptoms of an uncommon (may affect up to 1 in 100 people) condition called Capillary Leak Syndrome", "uncommon", True,
    ("Capillary Leak Syndrome", "capillary leak syndrome"))
add(d, "bone pain.", "very common", False, ("bone pain", "bone pain"))
add(d, "nausea and headaches.", "very common", False, ("nausea", "nausea"), ("headaches", "headache"))
add(d, "pain at the site of injection.", "common", False, ("pain at the site of injection", "injection site pain"))
add(d, "general aches and pains in the joints and muscles.", "common", False,
    ("general aches and pains in the joints and muscles", "arthralgia"), ("general aches and pains in the joints and muscles", "myalgia"))
add(d, "Your white blood cell count may become high for a short period of time.", "common", True,
    ("white blood cell count may become high", "white blood cell count increased"))
add(d, "Your platelet count may become low which might result in bruising.", "common", True,
    ("platelet count may become low", "platelet count decreased"), ("bruising", "bruising"))
add(d, "allergic-type reactions, including redness and flushing, skin rash, and raised areas of the skin that itch.", "uncommon", False,
    ("allergic-type reactions", "hypersensitivity"), ("redness", "erythema"), ("flushing", "flushing"), ("skin rash", "rash"),
    ("raised areas of the skin that itch", "urticaria"))
add(d, "serious allergic reactions, including anaphylaxis (weakness, drop in blood pressure, difficulty breathing, swelling of the face).", "uncommon", False,
    ("serious allergic reactions", "hypersensitivity"), ("anaphylaxis", "anaphylactic reaction"), ("weakness", "asthenia"),
    ("drop in blood pressure", "hypotension"), ("difficulty breathing", "dyspnoea"), ("swelling of the face", "face swelling"))
add(d, "increased spleen size.", "uncommon", False, ("increased spleen size", "splenomegaly"))
add(d, "spleen rupture. Some cases of splenic rupture were fatal.", "uncommon", False, ("spleen rupture", "splenic rupture"))
add(d, "if you experience pain in the upper left side of the abdomen or left shoulder pain since this may relate to a problem with your spleen.", "uncommon", True,
    ("pain in the upper left side of the abdomen", "upper abdominal pain"), ("left shoulder pain", "shoulder pain"))
add(d, "breathing problems. If you have a cough, fever and difficulty breathing please tell your doctor.", "uncommon", False,
    ("breathing problems", "breathing problem"))
add(d, "breathing problems. If you have a cough, fever and difficulty breathing please tell your doctor.", "uncommon", True,
    ("cough", "cough"), ("fever", "fever"), ("difficulty breathing", "dyspnoea"))
add(d, "Sweet s syndrome (plum-coloured, raised, painful lesions on the limbs and sometimes the face and neck with fever) has occurred but other factors may play a role.", "uncommon", True,
    ("Sweet s syndrome", "sweet's syndrome"))
items(d, "uncommon", False, ("cutaneous vasculitis (inflammation of the blood vessels in the skin)", "cutaneous vasculitis"),
      ("damage to the tiny filters inside your kidneys (glomerulonephritis)", "glomerulonephritis"),
      ("redness at the site of injection", "injection site erythema"), ("coughing up blood (haemoptysis)", "haemoptysis"))
add(d, "blood disorders (myelodysplastic syndrome [MDS] or acute myeloid leukaemia [AML]).", "uncommon", False,
    ("myelodysplastic syndrome [MDS]", "myelodysplastic syndrome"), ("acute myeloid leukaemia [AML]", "acute myeloid leukaemia"))
add(d, "inflammation of the aorta (the large blood vessel which transports blood from the heart to the body), see section 2.", "rare", False,
    ("inflammation of the aorta", "aortitis"))
add(d, "bleeding from the lung (pulmonary haemorrhage).", "rare", False, ("bleeding from the lung (pulmonary haemorrhage)", "pulmonary haemorrhage"))
ev = "Stevens-Johnson syndrome, which can appear as reddish target-like or circular patches often with central blisters on the trunk, skin peeling, ulcers of mouth, throat, nose, genitals and eyes and can be preceded by fever and flu-like symptoms."
add(d, ev, "rare", False, ("Stevens-Johnson syndrome", "stevens-johnson syndrome"))
add(d, ev, "rare", True, ("reddish target-like or circular patches", "target lesion"), ("central blisters", "blister"),
    ("skin peeling", "skin exfoliation"), ("ulcers of mouth, throat, nose, genitals and eyes", "mouth ulceration"),
    ("ulcers of mouth, throat, nose, genitals and eyes", "throat ulceration"), ("ulcers of mouth, throat, nose, genitals and eyes", "nasal ulcer"),
    ("ulcers of mouth, throat, nose, genitals and eyes", "genital ulceration"), ("ulcers of mouth, throat, nose, genitals and eyes", "eye ulcer"),
    ("fever", "fever"), ("flu-like symptoms", "influenza like illness"))

# ---- cotellic (cobimetinib)
d = "cotellic"
add(d, "Cotellic can cause severe bleeding, especially in your brain or stomach (see also Severe bleeding in Section 4).", "", True,
    ("severe bleeding", "haemorrhage"), ("bleeding, especially in your brain", "cerebral haemorrhage"),
    ("bleeding, especially in your brain or stomach", "gastric haemorrhage"))
add(d, "Tell your doctor straight away if you have any unusual bleeding or any of these symptoms: headaches, dizziness, feeling weak, blood in the stools or black stools and vomiting blood.", "", True,
    ("unusual bleeding", "haemorrhage"), ("headaches", "headache"), ("dizziness", "dizziness"), ("feeling weak", "asthenia"),
    ("blood in the stools", "haematochezia"), ("black stools", "melaena"), ("vomiting blood", "haematemesis"))
add(d, "Cotellic can cause eye problems (see also Eye (vision) problems in Section 4).", "", True, ("eye problems", "eye disorder"))
add(d, "Tell your doctor straight away if you get the following symptoms: blurred vision, distorted vision, partly missing vision, or any other changes to your sight during treatment.", "", True,
    ("blurred vision", "blurred vision"), ("distorted vision", "distorted vision"), ("partly missing vision", "visual field defect"),
    ("any other changes to your sight", "visual impairment"))
add(d, "Cotellic can lower the amount of blood pumped by your heart (see also Heart problems in Section 4).", "", True,
    ("lower the amount of blood pumped by your heart", "ejection fraction decreased"))
add(d, "Tell your doctor straight away if it feels like your heart is pounding, racing or beating unevenly, or if you experience dizziness, lightheadedness, shortness of breath, tiredness, or swelling in the legs.", "", True,
    ("heart is pounding", "palpitations"), ("racing", "tachycardia"), ("beating unevenly", "irregular heartbeat"), ("dizziness", "dizziness"),
    ("lightheadedness", "light-headedness"), ("shortness of breath", "dyspnoea"), ("tiredness", "fatigue"), ("swelling in the legs", "peripheral oedema"))
add(d, "Cotellic can increase the amount of some liver enzymes in your blood during treatment.", "", True,
    ("increase the amount of some liver enzymes in your blood", "liver enzymes increased"))
add(d, "Cotellic can cause increased levels of creatine phosphokinase, an enzyme that is found mainly in the muscle, heart, and brain. This can be a sign of muscle damage (rhabdomyolysis)", "", True,
    ("increased levels of creatine phosphokinase", "blood creatine phosphokinase increased"), ("muscle damage (rhabdomyolysis)", "rhabdomyolysis"))
add(d, "Tell your doctor straight away if you get any of these symptoms: muscle aches, muscle spasms, weakness, or dark- or red- coloured urine.", "", True,
    ("muscle aches", "myalgia"), ("muscle spasms", "muscle spasms"), ("weakness", "muscular weakness"), ("dark- or red- coloured urine", "chromaturia"))
add(d, "Diarrhoea Tell your doctor straight away if you get diarrhoea.", "", True, ("diarrhoea", "diarrhoea"))
add(d, "it may cause permanent harm or birth defects to an unborn baby.", "", True, ("permanent harm", "foetal harm"), ("birth defects", "birth defect"))
add(d, "Severe bleeding (common: may affect up to 1 in 10 people) Cotellic can cause severe bleeding, especially in your brain or stomach.", "common", False,
    ("Severe bleeding", "haemorrhage"))
add(d, "Severe bleeding (common: may affect up to 1 in 10 people) Cotellic can cause severe bleeding, especially in your brain or stomach.", "common", True,
    ("bleeding, especially in your brain", "cerebral haemorrhage"), ("bleeding, especially in your brain or stomach", "gastric haemorrhage"))
add(d, "headaches, dizziness, or weakness", "common", True, ("headaches", "headache"), ("dizziness", "dizziness"), ("weakness", "asthenia"))
items(d, "common", True, ("vomiting blood", "haematemesis"), ("abdominal pain", "abdominal pain"))
add(d, "red or black coloured stools.", "common", True, ("red or black coloured stools", "haematochezia"), ("red or black coloured stools", "melaena"))
add(d, "Eye (vision) problems (very common: may affect more than 1 in 10 people) Cotellic can cause eye problems.", "very common", False,
    ("Eye (vision) problems", "eye disorder"))
add(d, "Some of these eye problems may be a result of serous retinopathy\n(a build-up of fluid under the retina in the eye).", "very common", True,
    ("serous retinopathy", "serous retinopathy"))
items(d, "very common", False, ("blurred vision", "blurred vision"), ("distorted vision", "distorted vision"),
      ("partly missing vision", "visual field defect"), ("any other changes to your sight", "visual impairment"))
add(d, "Heart problems (common: may affect up to 1 in 10 people) Cotellic can lower the amount of blood pumped by your heart.", "common", False,
    ("lower the amount of blood pumped by your heart", "ejection fraction decreased"))
items(d, "common", True, ("feeling dizzy", "dizziness"), ("feeling light-headed", "light-headedness"), ("feeling short of breath", "dyspnoea"),
      ("feeling tired", "fatigue"), ("swelling in the legs", "peripheral oedema"))
add(d, "feeling like your heart is pounding, racing or beating unevenly", "common", True,
    ("heart is pounding", "palpitations"), ("racing", "tachycardia"), ("beating unevenly", "irregular heartbeat"))
add(d, "Muscle problems (uncommon: may affect up to 1 in 100 people) Cotellic can result in the breakdown of muscle (rhabdomyolysis), symptoms may include:", "uncommon", True,
    ("breakdown of muscle (rhabdomyolysis)", "rhabdomyolysis"))
items(d, "uncommon", True, ("muscle aches", "myalgia"), ("dark- or red-coloured urine", "chromaturia"))
add(d, "muscle spasms and weakness", "uncommon", True, ("muscle spasms", "muscle spasms"), ("weakness", "muscular weakness"))
add(d, "Diarrhoea (very common: may affect more than 1 in 10 people)", "very common", False, ("Diarrhoea", "diarrhoea"))
items(d, "very common", False, ("increased skin sensitivity to sunlight", "photosensitivity reaction"), ("skin rash", "rash"),
      ("feeling sick (nausea)", "nausea"), ("fever", "fever"), ("chills", "chills"),
      ("increased liver enzymes (shown in blood tests)", "liver enzymes increased"),
      ("abnormal blood test results related to creatine phosphokinase", "blood creatine phosphokinase increased"),
      ("vomiting", "vomiting"), ("high blood pressure", "hypertension"), ("anaemia (a low level of red blood cells)", "anaemia"),
      ("bleeding", "haemorrhage"), ("abnormal thickening of the skin", "hyperkeratosis"))
add(d, "skin rash with a flat discoloured area or raised bump like acne", "very common", False,
    ("skin rash with a flat discoloured area or raised bump", "rash maculo-papular"), ("raised bump like acne", "dermatitis acneiform"))
add(d, "swelling usually in the legs (oedema peripheral) itchy or dry skin.", "very common", False,
    ("swelling usually in the legs (oedema peripheral)", "peripheral oedema"), ("itchy", "pruritus"), ("dry skin", "dry skin"))
add(d, "some types of skin cancer such as basal cell carcinoma, cutaneous squamous cell carcinoma and keratoacanthoma", "common", False,
    ("some types of skin cancer", "skin cancer"), ("basal cell carcinoma", "basal cell carcinoma"),
    ("cutaneous squamous cell carcinoma", "squamous cell carcinoma of skin"), ("keratoacanthoma", "keratoacanthoma"))
items(d, "common", False, ("dehydration, when your body does not have enough fluid", "dehydration"),
      ("increased sugar level (shown in blood tests)", "hyperglycaemia"))
add(d, "decreased levels of phosphate or sodium (shown in blood tests)", "common", False,
    ("decreased levels of phosphate or sodium", "hypophosphataemia"), ("decreased levels of phosphate or sodium", "hyponatraemia"))
add(d, "increased liver pigment (called bilirubin ) in the blood. Signs include yellowing of the skin or eyes", "common", False,
    ("increased liver pigment (called bilirubin ) in the blood", "blood bilirubin increased"), ("yellowing of the skin or eyes", "jaundice"))
add(d, "inflammation of the lungs that may cause difficulty breathing, and can be life-threatening (called pneumonitis ).", "common", False,
    ("inflammation of the lungs", "pneumonitis"))
add(d, "inflammation of the lungs that may cause difficulty breathing, and can be life-threatening (called pneumonitis ).", "common", True,
    ("difficulty breathing", "dyspnoea"))

# ---- lojuxta (lomitapide)
d = "lojuxta"
add(d, "You may in some cases experience loss of fluids/dehydration, e.g. in case of vomiting, nausea and diarrhoea.", "", True,
    ("loss of fluids/dehydration", "dehydration"))
ev = "Muscle aches and pains (myalgia) or weakness (myopathy) may also occur."
for cause in ("statin", "simvastatin"):
    add(d, ev, "", True, ("Muscle aches and pains (myalgia)", "myalgia"), ("weakness (myopathy)", "myopathy"), cause=cause)
add(d, "as there is a possibility that it could harm an unborn baby.", "", True, ("harm an unborn baby", "foetal harm"))
add(d, "If you feel dizzy during treatment then do not drive or use machines until you feel better.", "", True, ("dizzy", "dizziness"))
add(d, "as taking these capsules with food can cause stomach problems", "", True, ("stomach problems", "gastrointestinal disorder"))
add(d, "Serious side effects: abnormal blood tests for liver function have been reported commonly (may affect up to 1 in 10 people).", "common", True,
    ("abnormal blood tests for liver function", "liver function test abnormal"))
add(d, "The signs and symptoms of liver problems include: * nausea (feeling sick) * vomiting (being sick) * stomach pain * muscle aches and pains * fever * skin or whites of your eyes turn yellow * being more tired than usual * feeling like you have the flu", "common", False,
    ("liver problems", "liver disorder"), ("nausea (feeling sick)", "nausea"), ("vomiting (being sick)", "vomiting"), ("stomach pain", "abdominal pain"),
    ("muscle aches and pains", "myalgia"), ("fever", "fever"), ("skin or whites of your eyes turn yellow", "jaundice"),
    ("being more tired than usual", "fatigue"), ("feeling like you have the flu", "influenza like illness"))
ev = "diarrhoea nausea and vomiting (feeling or being sick) stomach pain, discomfort or stomach bloating decreased appetite indigestion flatulence (wind) constipation"
add(d, ev, "very common", False, ("diarrhoea", "diarrhoea"), ("nausea", "nausea"), ("vomiting", "vomiting"), ("stomach pain", "abdominal pain"),
    ("discomfort", "abdominal discomfort"), ("stomach bloating", "abdominal distension"), ("decreased appetite", "decreased appetite"),
    ("indigestion", "dyspepsia"), ("flatulence (wind)", "flatulence"), ("constipation", "constipation"))
items(d, "very common", False, ("weight loss", "weight decreased"))
items(d, "common", False, ("inflammation of the stomach and intestine that causes diarrhoea and vomiting", "gastroenteritis"))
ev = "regurgitation (bringing food back up) burping feeling of incomplete defaecation (bowel movement), urgent need to defaecate bleeding from your rectum (back passage) or blood in your stool"
add(d, ev, "common", False, ("regurgitation (bringing food back up)", "regurgitation"), ("burping", "eructation"),
    ("feeling of incomplete defaecation", "feeling of incomplete evacuation"), ("urgent need to defaecate", "defaecation urgency"),
    ("bleeding from your rectum", "rectal haemorrhage"), ("blood in your stool", "haematochezia"))
ev = "dizziness, headache, migraine tiredness, lack of energy or general weakness enlarged, damaged or fatty liver purple discoloration of the skin, solid bumps on the skin, rash, yellow bumps on the skin changes to blood clotting tests changes to blood cell count"
add(d, ev, "common", False, ("dizziness", "dizziness"), ("headache", "headache"), ("migraine", "migraine"), ("tiredness", "fatigue"),
    ("lack of energy", "lethargy"), ("general weakness", "asthenia"), ("enlarged, damaged or fatty liver", "hepatomegaly"),
    ("enlarged, damaged or fatty liver", "liver injury"), ("enlarged, damaged or fatty liver", "hepatic steatosis"),
    ("purple discoloration of the skin", "skin discolouration"), ("solid bumps on the skin", "papule"), ("rash", "rash"),
    ("yellow bumps on the skin", "xanthoma"), ("changes to blood clotting tests", "coagulation test abnormal"),
    ("changes to blood cell count", "blood count abnormal"))
ev = "decrease in levels of potassium, carotene, vitamin E, vitamin K in your blood muscle spasms"
add(d, ev, "common", False, ("decrease in levels of potassium", "hypokalaemia"), ("carotene", "carotene decreased"),
    ("vitamin E", "vitamin e decreased"), ("vitamin K", "vitamin k decreased"), ("muscle spasms", "muscle spasms"))
ev = "flu or cold, fever, inflammation of your sinuses, cough low red blood cell count (anaemia) dehydration, dry mouth increased appetite burning or prickling of the skin swelling of the eye ulcer or sore spot in the throat vomiting blood dry skin blister excessive sweating joint pain or swelling, pain in hands or feet muscle pain blood or protein in the urine chest pain changes to your walking (gait)"
add(d, ev, "uncommon", False, ("flu", "influenza"), ("cold", "nasopharyngitis"), ("fever", "fever"), ("inflammation of your sinuses", "sinusitis"),
    ("cough", "cough"), ("low red blood cell count (anaemia)", "anaemia"), ("dehydration", "dehydration"), ("dry mouth", "dry mouth"),
    ("increased appetite", "increased appetite"), ("burning or prickling of the skin", "skin burning sensation"),
    ("burning or prickling of the skin", "paraesthesia"), ("swelling of the eye", "eye swelling"),
    ("ulcer or sore spot in the throat", "pharyngeal ulceration"), ("vomiting blood", "haematemesis"), ("dry skin", "dry skin"),
    ("blister", "blister"), ("excessive sweating", "hyperhidrosis"), ("joint pain or swelling", "arthralgia"),
    ("joint pain or swelling", "joint swelling"), ("pain in hands or feet", "pain in extremity"), ("muscle pain", "myalgia"),
    ("blood or protein in the urine", "haematuria"), ("blood or protein in the urine", "proteinuria"), ("chest pain", "chest pain"),
    ("changes to your walking (gait)", "gait disturbance"))
items(d, "uncommon", False, ("abnormal lung function test", "pulmonary function test abnormal"))
ev = "Not known (frequency cannot be estimated from the available data) hair loss (alopecia) muscle pain (myalgia) loss of fluid that may cause headache, dry mouth, dizziness, tiredness or unconsciousness (dehydration)"
add(d, ev, "not known", False, ("hair loss (alopecia)", "alopecia"), ("muscle pain (myalgia)", "myalgia"),
    ("loss of fluid", "dehydration"))
add(d, ev, "not known", True, ("headache", "headache"), ("dry mouth", "dry mouth"), ("dizziness", "dizziness"), ("tiredness", "fatigue"),
    ("unconsciousness", "loss of consciousness"))

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
