"""Deterministic pre-selection of sentences that may carry a commitment or a position.

The model is only asked about sentences that contain a marker, one at a time;
modality, joint action, stance and PLOVER category come from the markers, so
the model spends its few tokens on what needs language understanding (is it
real, whose is it, what does it say in English).

Markers are generic French and English diplomatic-readout phrasing (modal
verbs, future tense, readiness and agreement formulas), not the seeds' words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .attribution import REPORTING
from .segments import is_french_imperfect
from .vocab import Context, EventCategory, Modality, Stance, fold

# Order matters: the first modality whose pattern matches wins. French reported speech shifts the tense
# (« il a dit que la Chine soutenait… », « les deux parties devaient… »): markers take the imperfect too.
_MODALITY_PATTERNS: list[tuple[Modality, str]] = [
    (Modality.agreement, r"\b(ont|a|avons|sont) convenu|\bse sont mis d'accord|\bconvenu(e|es|s)? (de|que)\b|"
                         r"(?<!been )(?<!been largely )(?<!was )(?<!were )(?<!is )(?<!already )\bagreed\b(?! upon\b)|\bagree to\b|\breached (an )?agreement|\bconsensus (sur|on)\b"),
    (Modality.readiness, r"\b(est|sont|etait|etaient|suis|sommes|se dit|se disent) (?:[a-z]+ ){0,3}?(pret|prete|prets|pretes|dispose|"
                         r"disposee|disposes|disposees)\b|\bready to\b|\bwilling to\b|\bprepared to\b|"
                         r"\bsouhait(e|ent|ait|aient|ons)\b|\bvoul(ons|ait|aient)\b(?! (?:y )?etre)|\bveu(t|lent)\b(?! dire)(?! (?:y )?etre)|"
                         r"\bwants? to\b(?! be\b)|\bespere(nt)?\b|\besperai(t|ent)\b|\bwish(es)? to\b|\bhopes? to\b|"
                         r"\bl'intention de\b|\bintends? to\b|\bcompt(?:e|ent|ait|aient) (?:bien )?(?!entre\b|contre\b|notre\b|votre\b|leur\b)[a-z]+(?:er|ir|re)\b|\bdisponibilite\b|\breadiness\b|\binterested in\b|\binteresse(e|s|es)? (par|a)\b"),
    # a head of state's instruction to his own government binds his state ("instructed the Government to
    # ensure…", « a chargé le gouvernement de… »)
    (Modality.pledge, r"\binstructed (?:the|his|her|its) (?:government|cabinet|ministers|ministry|officials)\b|"
                      r"\b(?:a|ont) (?:charge|donne instruction a|instruit) (?:le|son) gouvernement\b|"
                      r"\bs'engage|\bse sont engage(?:e|s|es)\b|\bs'est engage|\bengagement\b|\bpledged?\b|\bcommit(s|ted)? to\b|"
                      r"\bpromet|\bpromis\b|\bvows?\b|\bwill\b|\bwould\b|\bshall\b|\bdetermination to\b|\bdetermined to\b|"
                      r"\bdetermination a\b|\bdetermine(e|s|es)? a\b|\bresolus? a\b|"
                      # "reaffirmed their commitment to support…": a verb after it binds; "commitment to the
                      # one-China principle", "…to multilateralism" name a cause (a stance)
                      r"\bcommitment to (?!the\b|a\b|an\b|its\b|their\b|this\b|peace\b|dialogue\b)"
                      r"[a-z]+(?<!tion)(?<!ment)(?<!ity)(?<!ism)(?<!ance)(?<!ence)(?<!ness)(?<!ship)(?<!ple)(?<!les)\b"),
    # "the initiatives proposed by President Xi", « l'initiative proposée par… »: a past proposal named, none made
    (Modality.proposal, r"\bpropos(e|ent|e|ait|ant|ition)\b(?! par\b)|\bsuggere|\bsuggerant|\bsuggest|"
                        r"\bpropos(e|al|ed)\b(?! by\b)(?! par\b)|"
                        r"\binvite\b|\binvites\b|\binvited\b|\binvit(ons|ent|ait|aient)\b|\bproposons\b"),
    (Modality.call, r"\bdevr(ait|aient|a|ont|ions)\b|\bdoi(t|vent)\b|\bdevai(t|ent)\b|\bil faut\b|\bil fallait\b|"
                    r"\bappel(le|lent|e|ait|aient) (a|au|aux)\b|"
                    r"\ba appele\b|\bexhort|\bshould\b|\bmust\b|\bcalled (for|on)\b|\bcalls (for|on)\b|\burged?\b|"
                    # a request to the other side: "asked the Chinese side to…", « a demandé à la partie… de »
                    r"\bas(?:ked|ks|king) (?:[\w'-]+ ){1,4}to\b|\brequested\b|"
                    r"\b(?:a|ont) demande (?:a|au|aux)\b|\bdemand(?:ait|aient|ant) (?:a|au|aux)\b"),
]

# French simple future (3rd person), e.g. "approfondira", "renforceront", and the conditional that
# reported speech uses for it ("il a dit que la Chine renforcerait").
_FUTURE = re.compile(r"\b[a-z]{3,}(era|eront|ira|iront|dra|dront|ra|ront|erait|eraient|irait|iraient|drait|"
                     r"draient|rait|raient|rons)\b")  # "rons": the first person an interview speaks in
_FUTURE_EXCLUDE = {"sera", "seront", "aura", "auront", "fera", "feront", "entre", "contre", "notre", "votre",
                   "autre", "encore", "cadre", "ordre", "nombre", "centre", "lettre", "portrait", "extrait",
                   "retrait", "attrait", "abstrait", "distrait", "serait", "seraient", "aurait", "auraient",
                   "premiere", "derniere", "guerre", "terre", "frontiere", "matiere", "maniere", "cooperera",
                   "environs", "patrons", "citrons", "marrons", "escadrons", "aurons", "serons", "ferons"}

_STANCE_PATTERNS: list[tuple[Stance, str]] = [
    (Stance.oppose, r"\bs'oppos|\bopposition\b|\boppos(e|es|ed|ing)\b|\brejet|\brejects?\b|\bcondamn|\bcondemn"),
    (Stance.concern, r"\bpreoccup|\binquiet|\bconcern(ed)?\b|\bworr"),
    (Stance.support, r"\bsoutien|\bsouten\w*|\bappui|\bappuy\w*|\bsupport|\bbacks?\b|\bendors|\badh[e]r\w*|"
                     r"\babides? by\b|\battachement\b|\bcommitment to\b"),
    (Stance.welcome, r"\bsalue|\bsalu(e|ait|ant|aient)\b|\bfelicit|\bremerci|\bapprec\w*|\bwelcom|\bprais|\bthank|"
                     r"\baccueill\w* (favorablement|avec satisfaction)|"
                     r"\bcongratul|\bappreciat"),
    (Stance.assessment, r"\bestim(e|ent|ait|aient|ant)\b|\bconsider(e|ent|ait|aient|ant)\b|\bjuge(ait|aient)?\b|"
                        r"\bcroi(t|ent|yait|yaient)\b|\bconvaincu|\bbelieves?\b|"
                        r"\bconsiders?\b|\bconvinced\b|\bsolide\b|\bsuccess?\b|\bsucces\b|\bjalon\b|\bmilestone\b|"
                        # evaluations of a relationship or a partner, and what a speaker is reported to think
                        r"\bqualifi|\bdecri|\bdescrib|\bregard(s|e|ent)? (la|le|les|l'|\w+ )?(comme|as)\b|"
                        r"\bvalues?\b|\bvalorise|\battache(s|nt)? (une )?(grande |great )?importance|\bpriorit|"
                        r"\bgrateful|\breconnaissan|\bspoke highly|\bhautement|\bhighly\b|\brejoui|\bniveau\b|"
                        r"\blevel\b|\bhistoire\b|\bhistory\b|\bhistorique|\bhistoric\b|\bmodel\b|\bmodele\b|"
                        r"\bfiable\b|\breliable\b|\bsincere|\bamical|\bfriendly\b|\bconstructi|\bresilien|"
                        r"\bepreuve\b|\btest of\b|\battache(e|s)? (a|au|aux)\b|\badheres?\b|\bne vis(e|ent) aucun|"
                        r"\bnot (directed|aimed) at\b|\bimportant(e|es|s)? (role|plateforme|platform|partenaire|partner)|"
                        r"\bboussole\b|\bcompass\b|\bnouve(au|l|lle)s? (page|etape|ere|point|chapitre)|"
                        r"\bnew (stage|era|page|chapter|starting point)|\bvitalit|\bdynamis|\bmomentum\b|\belan\b|"
                        r"\binfluent|"
                        # "noted with satisfaction that…", « ont noté avec satisfaction », "satisfied with"
                        r"\bsatisf(?:action|ied|ait|aite|aits|aites)\b|"
                        # "isolating X would be a mistake", « serait une erreur »
                        r"\berreur\b|\bmistake\b"),
]

_JOINT = re.compile(r"\bles deux (parties|pays|cotes|chefs|nations|gouvernements)\b|\bles (six|cinq|trois|quatre) pays\b|"
                    r"\bconjointement\b|\bensemble\b|\bboth (sides|countries|parties)\b|\bthe two (sides|countries)\b|"
                    r"\bjointly\b|\btogether\b|\bmutuellement\b|\bmutually\b|\bont convenu\b|\bagreed\b|"
                    r"\bse sont engage(?:s|es)\b")

_CATEGORY_PATTERNS: list[tuple[EventCategory, str]] = [
    (EventCategory.OPPOSE, r"\bs'oppos|\bresist|\bcombat|\blutter contre\b|\bfight|\bcounter|\bempecher\b|\bprevent"),
    (EventCategory.AID, r"\baide(r)? (a|au|aux|les)\b|\bassistance\b|\baid\b|\bhelp\b|\bvaccin|\bdon(s)?\b"),
    (EventCategory.SUPPORT, r"\bsoutien|\bsoutenir|\bsoutient|\bsupport|\bsign(er|ature|ing|ed)?\b|\bratif"),
    (EventCategory.CONSULT, r"\bvisite|\bvisit|\brencontre|\bmeeting|\bdialogue|\bechanges? de haut niveau|"
                            r"\bhigh-level exchanges|\bcommunication|\bconsultation|\bcoordination\b|\binvit"),
    (EventCategory.COOPERATE, r"\bcooperation|\bcooperer|\bcooperate|\bpartenariat|\bpartnership|\bsynergie|"
                              r"\bsynergy|\bprojets?\b|\bprojects?\b|\binvestiss|\binvestment|\bcommerce|\btrade"),
]

_CONTEXT_PATTERNS: list[tuple[Context, str]] = [
    (Context.economic, r"\beconom|\bcommerc|\btrade\b|\binvestiss|\binvestment|\bfinanc|\bcapacites de production|"
                       r"\bproduction capacity|\bfret\b|\bfreight|\btrains?\b|\bconnectivit|\binterconnex|"
                       r"\bceinture et la route\b|\bbelt and road\b|\bagricol|\benergie|\benergy|\binfrastructure"),
    (Context.health, r"\bpandemi|\bcoronavirus|\bcovid|\bvaccin|\bsante\b|\bhealth\b|\bepidemi"),
    (Context.security, r"\bsecurite\b|\bsecurity\b|\bstabilite\b|\bstability\b|\bmaintien de la paix|"
                       r"\bpeacekeeping|\bdefense\b|\brevolutions? de couleur|\bcolou?r revolution|\bingerence|"
                       r"\binterference|\bchaos\b|\bemeutes?\b|\briots?\b"),
    (Context.terrorism, r"\bterror|\bextremis|\bseparatis"),
    (Context.technology, r"\bnumerique\b|\bdigital\b|\bintelligence artificielle|\bartificial intelligence|"
                         r"\btechnolog|\bcommerce electronique|\be-commerce"),
    (Context.environment, r"\benergies? vertes?|\bgreen\b|\bclimat|\benvironnement|\benvironment"),
    (Context.culture, r"\bcultur|\bpeuples?\b|\bpeople-to-people|\btouris|\beducation|\bjeunesse|\byouth|"
                      r"\bolympi|\bsport"),
    (Context.military, r"\bmilitaire|\bmilitary|\btroupes\b|\btroops\b|\barmee\b|\barmy\b"),
    (Context.diplomatic, r"\bdiplomat|\bmultilat|\bnations unies|\bunited nations|\bocs\b|\bsco\b|\botsc\b|"
                         r"\bcsto\b|\bconsensus\b|\bchefs d'etat\b|\bheads of state\b|\bpartenariat strategique|"
                         r"\bstrategic partnership|\bcoordination\b|\bechanges de haut niveau|\bhigh-level"),
]


@dataclass(frozen=True)
class Candidate:
    sentence: int  # index into CleanArticle.sentences
    modality: Modality | None
    stance: Stance | None
    joint: bool
    markers: tuple[str, ...] = field(default=())


def _first(patterns: list, text: str):
    for value, pattern in patterns:
        match = re.search(pattern, text)
        if match:
            return value, match.group(0)
    return None, None


def _future_tense(folded: str, text: str) -> str | None:
    for match in _FUTURE.finditer(folded):
        word = match.group(0)
        if word in _FUTURE_EXCLUDE or word.endswith("tre"):
            continue
        if word.endswith(("ait", "aient")) and is_french_imperfect(word, text):
            continue  # « le Kazakhstan adhérait… » is a stance in the past, not a conditional pledge
        return word
    return None


_RELATIONSHIP = re.compile(r"\b(?:relations?|relationship|ties|cooperation|partnership|partenariat|liens|amitie|"
                           r"friendship)\b")


def _relationship_subject(folded: str) -> str | None:
    """The relationship noun when it opens a clause (its subject: "Relations between… have stood firm",
    "…said that bilateral ties are…"), not when it ends one as an object ("…established relations in 1992")."""
    for start in [0] + [m.end() for m in re.finditer(r"\bque\b|\bqu'|\bthat\b|\bsaid\b|[\u00ab\"]", folded)]:
        head = " ".join(folded[start:].split()[:4])
        match = _RELATIONSHIP.search(head)
        if match:
            return match.group(0)
    return None


# A sentence that opens by saying it recalls the past is background (GUIDELINES.md: past events are no
# items), whatever verbs it holds: "Recall, the presidents … agreed to deepen…", « Pour rappel, … ».
_BACKGROUND = re.compile(r"^\W*(?:recall\b|it (?:should|must|is worth|bears) (?:be )?recall|as a reminder\b|"
                         r"to recall\b|we recall\b|earlier\b|previously\b|pour rappel\b|rappelons\b|"
                         r"il (?:convient|faut|est a|y a lieu) (?:de )?rappeler\b|auparavant\b|precedemment\b)")


# A courtesy asked of the guest ("asked Hu Chunhua to convey his warm greetings to President Xi", « a prié
# son hôte de transmettre ses salutations »): no request of one side to the other
_COURTESY = re.compile(r"\b(?:asked|requested|a demande|a prie|demandant|priant)\b[^.;]{0,60}?\b(?:to convey|to pass on|"
                       r"de transmettre)\b[^.;]{0,60}?\b(?:greetings|regards|wishes|salutations|voeux|amities)\b"
                       r"(?:[^.;,]{0,40}?\b(?:xi jinping|president|chairman|leader)\b[\w .'-]{0,30})?")


def classify(text: str) -> Candidate | None:
    """Markers found in one sentence, or None when it carries none (or only recalls the past)."""
    folded = _COURTESY.sub(" ", fold(text))
    if _BACKGROUND.search(folded):
        return None
    modality, marker = _first(_MODALITY_PATTERNS, folded)
    markers = [marker] if marker else []
    if modality is None:
        future = _future_tense(folded, text)
        if future:
            modality, markers = Modality.pledge, [future]
    stance, stance_marker = _first(_STANCE_PATTERNS, folded)
    if stance is None and modality is None:
        # "Relations … have stood firm, Wang noted", « Les relations … n'ont jamais été aussi solides », a
        # affirmé M. X: what a speaker says of the relationship is a judgement, whatever its adjectives
        relation = _relationship_subject(folded)
        if relation and REPORTING.search(folded):
            stance, stance_marker = Stance.assessment, relation
    if stance_marker:
        markers.append(stance_marker)
    if modality is None and stance is None:
        return None
    return Candidate(sentence=-1, modality=modality, stance=stance, joint=bool(_JOINT.search(folded)),
                     markers=tuple(markers))


def binds(found: Candidate | None) -> bool:
    """Does a text carry an explicit commitment marker ("ready to", "determined to", "should", "agreed")?
    The bare future ("will", « renforcera ») is left out: it also makes predictions ("relations will reach
    a new level"), where the model's reading decides."""
    if found is None or found.modality is None or not found.markers:
        return False
    marker = found.markers[0]
    return marker not in ("will", "would", "shall") and not _FUTURE.fullmatch(marker)


def stance_governs(text: str, found: Candidate | None) -> bool:
    """A clear stance word before a bare future of the same part ("concerned about the north, where groups
    would go on recruiting", « préoccupé par … où des groupes continueraient… »): the future is what the
    stance is about, not a pledge."""
    if found is None or found.modality != Modality.pledge or binds(found) or len(found.markers) < 2:
        return False
    folded = fold(text)
    future = folded.find(found.markers[0])
    # (the stance word must end before the future starts: « s'opposera » is both, a pledge to oppose)
    ends = [at + len(m) for m in found.markers[1:] if (at := folded.find(m)) >= 0]
    return bool(ends) and future >= 0 and min(ends) < future


# The future that predicts or schedules rather than binds an actor: "the railway will become an artery",
# "this project will turn X into…", "the summit will give new impetus", « le sommet se tiendra en
# septembre ». A prediction is a judgement (a position), a schedule is no item (GUIDELINES.md).
_PREDICTION = re.compile(r"\bwill (?:become|turn\b.{0,60}\binto|give (?:a )?new impetus)|\bdeviendr\w+|"
                         r"\b(?:donnera|donneront|insufflera|insuffleront) (?:un )?(?:nouvel|nouvelle)")
_SCHEDULE = re.compile(r"\bwill (?:take place|be held)\b|\bse tiendr\w+|\baura lieu\b|\bauront lieu\b|"
                       # a briefing's stock answer: "we will release information in due course"
                       r"\b(?:publi\w+|communiquer\w*|diffuser\w*|release|publish|announce)\b[^.;]{0,50}"
                       r"\b(?:en temps (?:voulu|utile|opportun)|in due course|in a timely manner|at the appropriate time)\b|"
                       # a host named for an event ("Bishkek will host a CIS summit in September"): its date
                       r"\bwill host (?:the |a |an |its |this )?(?:[\w-]+ ){0,5}(?:summit|meeting|session|forum|"
                       r"conference|games|council)s?\b|\baccueiller(?:a|ont) (?:le |la |les |un |une |l')?(?:[\w-]+ ){0,5}"
                       r"(?:sommet|reunion|session|forum|conference|jeux|conseil)s?\b")


# "agreed that" + a clause with no future or modal in it: the sides share a judgement, they bind no one
_AGREED_THAT = re.compile(r"\bagreed that\b|\bconvenu(?:e|es|s)? que\b|\bconsensus (?:that|que)\b")
_BINDING_WORD = re.compile(r"\b(?:should|will|would|must|shall|need to|devr\w*|doi(?:t|vent)|\w+(?:era|eront|erait|eraient))\b")


def agrees_on_a_judgement(text: str) -> bool:
    folded = fold(text)
    found = _AGREED_THAT.search(folded)
    if not found:
        return False
    rest = folded[found.end():]
    # (« … que la prochaine réunion se tiendrait à Minsk »: a French future or conditional binds too)
    return not _BINDING_WORD.search(rest) and \
        not any(m.group(0) not in _FUTURE_EXCLUDE for m in _FUTURE.finditer(rest))


# Confidence in an outcome ("expressed confidence that joint efforts will overcome…", « se sont dits
# convaincus que … permettra… »): the future inside is what the speaker expects, a judgement that binds no one
# (GUIDELINES.md: predictions are positions).
_CONFIDENT_THAT = re.compile(r"\b(?:confiden(?:t|ce)|convinced|conviction|certain(?:ty)?|optimistic|"
                             r"convaincu(?:e|s|es)?|confiant(?:e|s|es)?|certitude|persuade(?:e|s|es)?)\s+(?:that|que|qu')")


def expects_an_outcome(text: str) -> bool:
    """Does the future in ``text`` sit inside an expression of confidence ("…expressed confidence that X will…")?"""
    folded = fold(text)
    found = _CONFIDENT_THAT.search(folded)
    return bool(found) and bool(_BINDING_WORD.search(folded[found.end():]))


# A programme, whatever the modal: « M. X doit être reçu par le président » / "is due to be received", "is
# scheduled to visit" say what will happen to someone, they bind no side (a passive of « devoir » names who
# is received, not who acts; "due"/"scheduled" is the organiser's diary).
_DUE_TO = re.compile(r"\bdoi(?:t|vent|vait|vaient) etre (?:recu|accueilli)\w*|"
                     # « la visite que le président doit effectuer », « qui doit coïncider avec »: what is due
                     r"\bdoi(?:t|vent|vait|vaient) (?:effectuer|se rendre|avoir lieu|se tenir|coincider|debuter|"
                     r"commencer|s'achever|intervenir)\b|\b(?:is|are|was|were) (?:due|scheduled|"
                     r"expected|set) to\b|\b(?:is|are) to be (?:received|welcomed|hosted)\b|\best (?:attendu|prevu)e?s? "
                     r"(?:a|pour)\b")


def is_programme(text: str) -> bool:
    return bool(_DUE_TO.search(fold(text)))


# A future whose subject is an event or a thing, not a side: "said the summit would mark a decisive step",
# « a souligné que l'élargissement ne changerait pas les principes », "cooperation will bear more fruit"
_THINGS_EN = (r"summit|meeting|visit|talks|enlargement|expansion|cooperation|relations|relationship|partnership|"
              r"projects?|agreements?|trade|forum|session|dialogue|ties|exchanges")
_THINGS_FR = (r"sommet|reunion|visite|entretiens|elargissement|expansion|cooperation|relations|partenariat|projets?|"
              r"accords?|commerce|echanges|forum|session|dialogue|liens")
_THING_FUTURE = re.compile(
    r"(?:^|\b(?:that|said|the|this|its|their|bilateral)\s+)(?:[\w-]+\s+){0,2}?(?:" + _THINGS_EN + r")\s+"
    r"(?:(?:of|between|with|in|on)\s+(?:[\w'-]+\s+){1,4}?)?(?:will|would)\s+(?!be held|take place|host)|"
    r"(?:^|\b(?:que|qu'|le|la|l'|les|ce|cette|ces|leur|leurs)\s*)(?:[\w-]+\s+){0,2}?(?:" + _THINGS_FR + r")\b"
    r"(?:\s+(?:de|du|des|d'|entre|avec)\s*(?:[\w'-]+\s+){0,3}?|\s+[\w-]+(?:e|es|s)?\s+)?\s*(?:ne\s+|n')?(?:se\s+|s')?"
    r"(?:\w+(?:erait|eraient|era|eront|irait|iraient|ira|iront)|sera|seront|serait|seraient)\b")


def predicts(text: str) -> str | None:
    """"schedule" or "prediction" when the text's future only says what an event or a thing will be."""
    folded = fold(text)
    if _SCHEDULE.search(folded):
        return "schedule"
    return "prediction" if _PREDICTION.search(folded) or _THING_FUTURE.search(folded) else None


def find_candidates(sentences: list[str]) -> list[Candidate]:
    found = []
    for index, text in enumerate(sentences):
        candidate = classify(text)
        if candidate is not None:
            found.append(Candidate(index, candidate.modality, candidate.stance, candidate.joint, candidate.markers))
    return found


def category_of(text: str) -> EventCategory:
    value, _ = _first(_CATEGORY_PATTERNS, fold(text))
    return value or EventCategory.AGREE


def contexts_of(text: str, limit: int = 4) -> list[Context]:
    folded = fold(text)
    found = [context for context, pattern in _CONTEXT_PATTERNS if re.search(pattern, folded)]
    return found[:limit] or [Context.other]


# What the meeting itself was (who met, what they discussed): the report's frame, not a stance.
_MEETING_EVENT = re.compile(r"\b(?:held|hold|holds|holding) (?:talks|a (?:\w+ )?meeting|a phone call|a video call|"
                            r"consultations)\b|\breviewed\b|\bvisited\b|\bwill (?:visit|travel to|attend)\b|"
                            r"\bset out the\b|\bconveyed\b|"
                            r"\bmet\b|\bmeets\b|\bdiscuss(?:ed|es)?\b|\bexchanged views\b|\bfocus(?:ed|ing)? on\b|"
                            r"\btalked\b|\bspoke by (?:phone|telephone)\b|\bcorrespondent\b|\breported\b", re.I)


def describes_the_meeting(english: str, part: str) -> bool:
    """An item the model called a position that only tells what the meeting was ("X and Y held talks",
    "the sides discussed trade"): no stance marker in the part, a meeting verb in the English text."""
    found = classify(part)
    # the assessment markers are broad ("level", "history"): only a clear stance keeps such an item
    clear = found is not None and found.stance not in (None, Stance.assessment)
    return not clear and _MEETING_EVENT.search(english) is not None
