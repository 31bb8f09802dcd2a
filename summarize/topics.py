"""Normalised topics for commitments and positions, derived without model tokens.

A topic is a short English label that stays the same across meetings (so the
comparison can line up pledges year after year): first a lexicon of recurring
subjects of diplomatic readouts, matched on the folded source sentence and
its English rendering; otherwise the English text's head words.
"""

from __future__ import annotations

import re

from .vocab import fold

# Ordered from specific to general: the first match names the topic.
LEXICON: list[tuple[str, str]] = [
    ("one-China principle", r"une seule chine|one-china|one china|taiwan"),
    ("Belt and Road cooperation", r"ceinture et la route|belt and road|route de la soie|silk road|\bbri\b|\bicr\b"),
    ("development strategy alignment", r"synergie|synergy|alignement|alignment|arrimage"),
    ("anti-pandemic cooperation", r"pandemi|coronavirus|covid|vaccin|epidemi"),
    ("Afghanistan", r"afghan"),
    ("colour revolutions and interference", r"revolutions? de couleur|colou?r revolution|ingerence|interference|"
                                           r"forces exterieures|external forces"),
    ("terrorism, separatism and extremism", r"terroris|separatis|extremis"),
    ("regional security and stability", r"securite|security|stabilite|stability|paix|peace"),
    ("Olympic Games", r"olympi|\bjo\b"),
    ("SCO cooperation", r"\bocs\b|\bsco\b|organisation de cooperation de shanghai|shanghai cooperation"),
    ("CSTO", r"\botsc\b|\bcsto\b"),
    ("multilateral coordination", r"multilat|nations unies|united nations|\bonu\b|cica|interaction et les mesures"),
    ("trade and investment", r"commerc|trade|investiss|investment|echanges commerciaux|libre-echange|free trade"),
    ("transport and connectivity", r"fret|freight|trains?\b|interconnex|connectivit|canaux verts|green lanes?|"
                                   r"green channels?|logisti"),
    ("production capacity and industry", r"capacites de production|production capacity|industri"),
    ("finance", r"financ|monnaie|currency"),
    ("digital economy and technology", r"numerique|digital|intelligence artificielle|artificial intelligence|"
                                       r"commerce electronique|e-commerce|technolog"),
    ("energy", r"energie|energy|petrole|oil|\bgaz\b|\bgas\b"),
    ("people-to-people and cultural exchanges", r"cultur|peuples|people-to-people|touris|educat|jeunes|youth"),
    ("visits and high-level exchanges", r"visite|visit|echanges de haut niveau|high-level|sommet|summit|rencontre"),
    ("implementing leaders' consensus", r"consensus"),
    ("strategic partnership", r"partenariat|partnership|relations bilaterales|bilateral relations|"
                              r"communaute d'avenir|communaute de destin|shared future"),
    ("unilateralism and protectionism", r"unilateral|protectionn|hegemon"),
]

_LEAD = re.compile(r"^(?:(?:the|both|two|china|chinese|russia|kazakhstan|[a-z]+stan|side|sides|countries|parties|"
                   r"and|he|she|they|it|will|would|should|must|is|are|ready|willing|to|agreed|agree|hopes?|"
                   r"wishes?|calls?|for|on|work|with)\s+)+")


def topic_of(english: str, source: str) -> str:
    haystack = fold(source) + " " + fold(english)
    for label, pattern in LEXICON:
        if re.search(pattern, haystack):
            return label
    head = _LEAD.sub("", fold(english).strip(" ."))
    words = head.split()[:5]
    return " ".join(words) or "unspecified"
