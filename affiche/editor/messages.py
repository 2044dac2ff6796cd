"""The editor's own words, in French and in English.

They are written with plain spaces and quotes: each language's typography rules (localize/typography.py)
set them as they set the handout, « » and no-break spaces in French, curly quotes in English.
"""
from __future__ import annotations

from functools import cache

from ..localize.typography import RULES
from ..model.languages import LANGUAGES

# The language a finding is about, in a sentence ("the English text"), and as a field's label.
LANGUAGE_WORDS = {"fr": {"fr": "français", "en": "anglais"}, "en": {"fr": "French", "en": "English"}}

MESSAGES: dict[str, tuple[str, str]] = {  # key: (French, English)
    "app.title": ("Éditeur du feuillet", "Handout editor"),
    "app.intro": ("Chaque texte a son français et son anglais côte à côte. Les remarques et le texte tel "
                  "qu'il s'imprimera s'affichent pendant la frappe; l'aperçu se met à jour après chaque "
                  "enregistrement.",
                  "Each text has its French and its English side by side. Findings and the text as it will "
                  "print show while you type; the preview is updated after each save."),
    "app.skip": ("Aller au formulaire", "Skip to the form"),
    "app.switch": ("Langue de l'interface", "Interface language"),
    "app.contents": ("Parties du document", "Parts of the document"),
    "save": ("Enregistrer", "Save"),
    "save.all": ("Enregistrer les modifications", "Save the changes"),
    "status.saved": ("Enregistré dans {files}. L'aperçu se met à jour.",
                     "Saved to {files}. The preview is being updated."),
    "status.saved-plain": ("Enregistré. L'aperçu se met à jour.", "Saved. The preview is being updated."),
    "status.nothing": ("Aucune modification à enregistrer.", "Nothing to save: nothing was changed."),
    "status.refused": ("Rien n'a été enregistré : corrigez ce qui est signalé aux champs en rouge.",
                       "Nothing was saved: fix what is shown at the fields marked in red."),
    "status.conflict": ("Rien n'a été enregistré : {message}", "Nothing was saved: {message}"),
    "status.unreachable": ("L'éditeur ne répond pas : rien n'a été enregistré. Relancez render.py edit, puis "
                           "rechargez la page.",
                           "The editor does not answer: nothing was saved. Start render.py edit again, then reload "
                           "the page."),
    "group.document": ("Document", "Document"),
    "group.intro": ("Introduction", "Introduction"),
    "group.legend": ("Légende de la carte", "Map legend"),
    "group.contact": ("Pour nous joindre", "Contact"),
    "group.labels": ("Mots imprimés autour du contenu", "Words printed around the content"),
    "group.map": ("Lieux sur la carte", "Places on the map"),
    "group.download-page": ("Page de téléchargement", "Download page"),
    "group.section": ("Section : {heading}", "Section: {heading}"),
    "role.title": ("Titre du document", "Document title"),
    "role.author": ("Auteur", "Author"),
    "role.subject": ("Sujet (dans les propriétés du PDF)", "Subject (in the PDF's properties)"),
    "role.paragraph": ("Paragraphe {number}", "Paragraph {number}"),
    "role.heading": ("Titre de la section", "Section heading"),
    "role.subtitle": ("Sous-titre", "Subtitle"),
    "role.bullet": ("Puce {number}", "Bullet {number}"),
    "role.sub-bullet": ("Sous-puce {number}", "Sub-bullet {number}"),
    "role.subsection": ("Sous-section : {heading}", "Subsection: {heading}"),
    "role.legend-title": ("Titre de la légende", "Legend title"),
    "role.legend-entry": ("Catégorie {number} de la légende", "Legend category {number}"),
    "role.contact": ("Pour nous joindre", "Contact"),
    "role.label": ('Libellé "{key}"', 'Label "{key}"'),
    "role.place-label": ("Nom du lieu sur la carte", "Name of the place on the map"),
    "move.up": ("Monter", "Move up"),
    "move.down": ("Descendre", "Move down"),
    "remove": ("Supprimer", "Remove"),
    "remove.confirm": ("Supprimer « {what} »? Le fichier est enregistré aussitôt.",
                       "Remove “{what}”? The file is saved at once."),
    "add.bullet": ("Ajouter une puce à cette liste", "Add a bullet to this list"),
    "add.bullet.button": ("Ajouter la puce", "Add the bullet"),
    "add.paragraph": ("Ajouter un paragraphe", "Add a paragraph"),
    "add.paragraph.button": ("Ajouter le paragraphe", "Add the paragraph"),
    "add.section": ("Ajouter une section au document", "Add a section to the document"),
    "add.subsection": ("Ajouter une sous-section", "Add a subsection"),
    "add.section.button": ("Ajouter la section", "Add the section"),
    "add.place": ("Ajouter un lieu", "Add a place"),
    "add.place.button": ("Ajouter le lieu", "Add the place"),
    "new.bullet": ("Nouvelle puce", "New bullet"),
    "new.paragraph": ("Nouveau paragraphe", "New paragraph"),
    "new.heading": ("Titre de la nouvelle section", "Heading of the new section"),
    "new.first-bullet": ("Sa première puce", "Its first bullet"),
    "printed.caption": ("À l'impression :", "As printed:"),
    "printed.unavailable": ("Corrigez le texte pour voir ce qui s'imprimera.", "Fix the text to see what will print."),
    "printed.nbsp": ("espace insécable", "no-break space"),
    "printed.nnbsp": ("espace fine insécable", "narrow no-break space"),
    "amount.legend": ("Montant {name}", "Amount {name}"),
    "amount.value": ("Montant (un nombre, sans espace ni symbole)", "Amount (a number, no spaces or symbols)"),
    "amount.currency": ("Devise", "Currency"),
    "place.category": ("Catégorie de la légende", "Legend category"),
    "place.category.named": ("catégorie {number} : {label}", "category {number}: {label}"),
    "place.country": ("Pays", "Country"),
    "place.point": ("Point précis : latitude {lat}, longitude {lon}", "Point: latitude {lat}, longitude {lon}"),
    "place.kind": ("Type de lieu", "Kind of place"),
    "place.kind.country": ("Un pays", "A country"),
    "place.kind.point": ("Un point précis, nommé", "A named point"),
    "place.lat": ("Latitude (degrés, de -90 à 90)", "Latitude (degrees, -90 to 90)"),
    "place.lon": ("Longitude (degrés, de -180 à 180)", "Longitude (degrees, -180 to 180)"),
    "place.label": ("Nom du point en {language}", "Name of the point in {language}"),
    "place.source": ("Phrase du feuillet qui met ce lieu sur la carte",
                     "Sentence of the handout that puts the place on the map"),
    "place.name": ("Lieu {number}", "Place {number}"),
    "preview.title": ("Aperçu", "Preview"),
    "preview.hide": ("Masquer l'aperçu", "Hide the preview"),
    "preview.show": ("Afficher l'aperçu", "Show the preview"),
    "preview.alt": ("Page {page} de {file}, telle qu'elle s'imprimera", "Page {page} of {file}, as it will print"),
    "preview.waiting": ("Aperçu en préparation…", "Preparing the preview…"),
    "preview.error": ("L'aperçu n'a pas pu être refait : {error}", "The preview could not be rebuilt: {error}"),
    "preview.files": ("Documents complets", "Full documents"),
    "preview.download-page": ("Page de téléchargement des documents", "The documents' download page"),
    "preview.none": ("Aucun document pour l'instant.", "No document yet."),
    "forbidden.token": ("Ouvrez l'adresse qu'affiche render.py edit : cette page demande son jeton.",
                        "Open the address that render.py edit printed: this page needs its token."),
    "forbidden.origin": ("Requête refusée : elle ne vient pas de la page de l'éditeur.",
                         "Request refused: it does not come from the editor's page."),
    "refused.too-large": ("Requête refusée : elle dépasse 2 Mo, bien plus que tous les textes du feuillet.",
                          "Request refused: it is over 2 MB, far more than all the handout's texts."),
    "forbidden.host": ("Requête refusée : l'adresse demandée n'est pas celle de l'éditeur.",
                       "Request refused: the address asked for is not the editor's."),
    "finding.missing-translation": ("Le texte {language} est vide : rien ne s'imprimerait.",
                                    "The {language} text is empty: nothing would print."),
    "finding.untranslated": ("Le texte {language} est une copie de l'autre langue : il reste à le traduire.",
                             "The {language} text is a copy of the other language: it still needs translating."),
    "finding.wrong-language.all": ("Le texte {language} semble écrit dans l'autre langue.",
                                   "The {language} text seems to be written in the other language."),
    "finding.wrong-language.part": ("Le texte {language} contient des mots de l'autre langue :",
                                    "The {language} text has words of the other language:"),
    "finding.repeated-phrase": ("Des mots se répètent dans le texte {language} :",
                                "Words are repeated in the {language} text:"),
    "finding.length-mismatch": ("Les deux langues ont des longueurs très différentes : une phrase manque "
                                "peut-être d'un côté.",
                                "The two languages differ much in length: a sentence may be missing from one."),
    "finding.figures-mismatch.numbers": ("Les nombres diffèrent d'une langue à l'autre :",
                                         "The numbers differ between the languages:"),
    "finding.figures-mismatch.placeholders": ("Les valeurs entre accolades diffèrent d'une langue à l'autre :",
                                              "The values in braces differ between the languages:"),
    "finding.figures-mismatch.e-mail addresses": ("Les adresses courriel diffèrent d'une langue à l'autre :",
                                                  "The e-mail addresses differ between the languages:"),
    "finding.only-has": ("{language} seulement : {values}", "{language} only: {values}"),
    "finding.stale-translation": ("Le texte d'origine a changé depuis que ce texte {language} a été accepté; "
                                  "revoyez la traduction :",
                                  "The original changed since this {language} text was accepted; review the "
                                  "translation:"),
    "finding.untranslated-unit": ("Texte nouveau : aucune traduction {language} n'en a encore été acceptée.",
                                  "New text: no {language} translation of it has been accepted yet."),
    "finding.invisible-character": ("Le texte {language} contient un caractère invisible qui change ce qui "
                                    "s'imprime; supprimez-le :",
                                    "The {language} text holds an invisible character that changes what prints; "
                                    "delete it:"),
    "finding.missing-glyph": ("Les polices n'ont pas ce caractère du texte {language} : il s'imprimerait comme "
                              "une case vide.",
                              "The fonts lack this character of the {language} text: it would print as an empty box."),
    "finding.placeholder-unknown": ("Le texte {language} a une valeur entre accolades qui n'existe pas :",
                                    "The {language} text has a value in braces that does not exist:"),
    "finding.placeholder-missing": ("Le texte {language} n'utilise pas cette valeur entre accolades :",
                                    "The {language} text leaves out this value in braces:"),
}


def say(interface: str, key: str, /, language: str | None = None, **values: object) -> str:
    """The message in the interface's language; `language`, a language code, is named in words."""
    if language is not None:
        values["language"] = LANGUAGE_WORDS[interface][language]
    return typeset(interface, key).format(**values)


@cache
def typeset(interface: str, key: str) -> str:
    return RULES[interface](MESSAGES[key][LANGUAGES.index(interface)])


def own_name(lang: str) -> str:
    """A language named in itself, as the switch to it shows it."""
    return LANGUAGE_WORDS[lang][lang].capitalize()


def language_label(interface: str, lang: str) -> str:
    """A field's label: Français, Anglais / French, English."""
    return LANGUAGE_WORDS[interface][lang].capitalize()
