"""Are the legend's colours still told apart by readers with colour blindness?

Simulates protanopia and deuteranopia (red–green) and tritanopia (blue–yellow) with the
matrices of Machado, Oliveira and Fernandes (2009, severity 1.0, applied to linear sRGB) and measures the distance
between colours as CIE76 ΔE in CIELAB (D65): about 2.3 is just noticeable, and
beyond 20 two small map dots read as clearly different.
"""
from __future__ import annotations

from itertools import combinations

SIMULATIONS = {
    "protanopia": ((0.152286, 1.052583, -0.204868),
                   (0.114503, 0.786281, 0.099216),
                   (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968),
                     (0.280085, 0.672501, 0.047413),
                     (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779),
                   (-0.078411, 0.930809, 0.147602),
                   (0.004733, 0.691367, 0.303900)),
}
_TO_XYZ = ((0.4124, 0.3576, 0.1805), (0.2126, 0.7152, 0.0722), (0.0193, 0.1192, 0.9505))
_WHITE = (0.95047, 1.0, 1.08883)


def linear_rgb(hex_colour: str) -> tuple[float, float, float]:
    channels = (int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return tuple(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)


def simulate(rgb: tuple[float, float, float], vision: str) -> tuple[float, float, float]:
    if vision == "normal":
        return rgb
    return tuple(min(1.0, max(0.0, sum(m * c for m, c in zip(row, rgb)))) for row in SIMULATIONS[vision])


def lab(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    xyz = [sum(m * c for m, c in zip(row, rgb)) / white for row, white in zip(_TO_XYZ, _WHITE)]
    f = [t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29 for t in xyz]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


def delta_e(first: str, second: str, vision: str = "normal") -> float:
    a, b = (lab(simulate(linear_rgb(colour), vision)) for colour in (first, second))
    return sum((x - y) ** 2 for x, y in zip(a, b)) ** 0.5


def closest_pair(colours: dict[str, str], vision: str) -> tuple[float, str, str]:
    """The smallest ΔE between any two of the colours as a reader with that vision sees them."""
    return min((delta_e(colours[a], colours[b], vision), a, b) for a, b in combinations(sorted(colours), 2))
