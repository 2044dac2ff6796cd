"""Handouts, laid out by WeasyPrint from HTML and CSS: one language (single.py), French and English
side by side (side_by_side.py) or as a tête-bêche booklet (tete_beche.py). pages.py is what they share."""
