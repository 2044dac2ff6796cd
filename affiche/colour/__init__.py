"""Colour science for print: ΔE2000, conversions through the print profile, and the search for matching inks."""
