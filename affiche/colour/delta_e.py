"""CIEDE2000 colour difference (Sharma, Wu and Dalal, "The CIEDE2000 Color-Difference Formula:
Implementation Notes, Supplementary Test Data, and Mathematical Observations", Color Research and
Application 30(1), 2005), with kL = kC = kH = 1.

About 1 is a difference a trained eye just sees side by side; print buyers commonly accept 2 to 3
between a proof and its target. The equation numbers below are the paper's.
"""
from __future__ import annotations

import math

Lab = tuple[float, float, float]
_25_TO_7 = 25.0 ** 7


def delta_e_2000(first: Lab, second: Lab) -> float:
    (l1, a1, b1), (l2, a2, b2) = first, second
    mean_chroma = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(mean_chroma ** 7 / (mean_chroma ** 7 + _25_TO_7)))  # (3)
    a1, a2 = a1 * (1 + g), a2 * (1 + g)  # (4)
    c1, c2 = math.hypot(a1, b1), math.hypot(a2, b2)  # (5)
    h1, h2 = _hue(a1, b1), _hue(a2, b2)  # (6)
    delta_l, delta_c = l2 - l1, c2 - c1  # (8), (9)
    delta_h = _hue_difference(h1, h2, c1 * c2)  # (10)
    delta_big_h = 2 * math.sqrt(c1 * c2) * math.sin(math.radians(delta_h / 2))  # (11)
    mean_l, mean_c = (l1 + l2) / 2, (c1 + c2) / 2  # (12), (13)
    mean_h = _mean_hue(h1, h2, c1 * c2)  # (14)
    t = (1 - 0.17 * math.cos(math.radians(mean_h - 30)) + 0.24 * math.cos(math.radians(2 * mean_h))
         + 0.32 * math.cos(math.radians(3 * mean_h + 6)) - 0.20 * math.cos(math.radians(4 * mean_h - 63)))  # (15)
    delta_theta = 30 * math.exp(-(((mean_h - 275) / 25) ** 2))  # (16)
    r_c = 2 * math.sqrt(mean_c ** 7 / (mean_c ** 7 + _25_TO_7))  # (17)
    s_l = 1 + 0.015 * (mean_l - 50) ** 2 / math.sqrt(20 + (mean_l - 50) ** 2)  # (18)
    s_c = 1 + 0.045 * mean_c  # (19)
    s_h = 1 + 0.015 * mean_c * t  # (20)
    r_t = -math.sin(math.radians(2 * delta_theta)) * r_c  # (21)
    return math.sqrt((delta_l / s_l) ** 2 + (delta_c / s_c) ** 2 + (delta_big_h / s_h) ** 2
                     + r_t * (delta_c / s_c) * (delta_big_h / s_h))  # (22)


def _hue(a: float, b: float) -> float:
    """Hue angle in degrees, 0 to 360; 0 for a neutral (the paper's convention)."""
    return 0.0 if a == 0 and b == 0 else math.degrees(math.atan2(b, a)) % 360


def _hue_difference(h1: float, h2: float, chroma_product: float) -> float:
    if chroma_product == 0:
        return 0.0
    difference = h2 - h1
    if difference > 180:
        return difference - 360
    if difference < -180:
        return difference + 360
    return difference


def _mean_hue(h1: float, h2: float, chroma_product: float) -> float:
    if chroma_product == 0:
        return h1 + h2
    if abs(h1 - h2) <= 180:
        return (h1 + h2) / 2
    return (h1 + h2 + 360) / 2 if h1 + h2 < 360 else (h1 + h2 - 360) / 2
