"""Colours through the print PDFs' output profile (CGATS TR 006), converted by littleCMS (Pillow's ImageCms).

What a CMYK value looks like printed is what the output intent's profile says: its CMYK is turned
into CIELAB (D50, the ICC's connection space) with the relative colorimetric intent, which maps
the paper's white to white, as a reader's eye adapts to the sheet; an sRGB screen value is turned
into the same space through littleCMS's sRGB. ImageCms works on 8-bit pixels, so CMYK reaches
littleCMS in steps of 0.4 % and L* comes back in steps of 0.4, a* and b* in steps of 1: under a
tenth of the 3 ΔE2000 the theme's colours are held to. Many values go through one transform at a
time (an image one pixel per value), and single conversions are cached.
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

from PIL import Image, ImageCms

OUTPUT_PROFILE = Path(__file__).resolve().parent.parent / "icc" / "CGATS-TR006-coated.icc"
RELATIVE_COLORIMETRIC = ImageCms.Intent.RELATIVE_COLORIMETRIC

Cmyk = tuple[float, float, float, float]  # each 0 to 1
Lab = tuple[float, float, float]


@cache
def _transform(source: str, target: str) -> ImageCms.ImageCmsTransform:
    profiles = {"CMYK": ImageCms.getOpenProfile(str(OUTPUT_PROFILE)), "RGB": ImageCms.createProfile("sRGB"),
                "LAB": ImageCms.createProfile("LAB")}  # LAB: D50 unless told otherwise
    return ImageCms.buildTransform(profiles[source], profiles[target], source, target,
                                   renderingIntent=RELATIVE_COLORIMETRIC)


def _convert(pixels: Sequence[tuple[int, ...]], source: str, target: str) -> list[tuple[int, ...]]:
    image = Image.new(source, (len(pixels), 1))
    image.putdata(list(pixels))
    converted = ImageCms.applyTransform(image, _transform(source, target))
    return [converted.getpixel((x, 0)) for x in range(len(pixels))]


def _lab(pixel: tuple[int, ...]) -> Lab:
    return pixel[0] * 100 / 255, pixel[1] - 128.0, pixel[2] - 128.0


def _bytes(values: Sequence[float]) -> tuple[int, ...]:
    return tuple(round(min(max(value, 0.0), 1.0) * 255) for value in values)


def printed_labs(inks: Sequence[Cmyk]) -> list[Lab]:
    """CIELAB of each CMYK value as printed on the profile's paper."""
    return [_lab(pixel) for pixel in _convert([_bytes(cmyk) for cmyk in inks], "CMYK", "LAB")]


@cache
def printed_lab(cmyk: Cmyk) -> Lab:
    return printed_labs([cmyk])[0]


@cache
def screen_lab(srgb: str) -> Lab:
    """CIELAB of an sRGB colour written #rrggbb."""
    return _lab(_convert([_rgb_bytes(srgb)], "RGB", "LAB")[0])


@cache
def printed_srgb(cmyk: Cmyk) -> str:
    """The sRGB colour a printed CMYK value looks like, #rrggbb (for simulating colour vision on paper)."""
    return "#" + "".join(f"{value:02x}" for value in _convert([_bytes(cmyk)], "CMYK", "RGB")[0])


@cache
def profile_separation(srgb: str) -> Cmyk:
    """The CMYK the profile itself makes of an sRGB colour (its own black generation and ink limit)."""
    return tuple(round(value / 255, 4) for value in _convert([_rgb_bytes(srgb)], "RGB", "CMYK")[0])


def _rgb_bytes(srgb: str) -> tuple[int, int, int]:
    return tuple(int(srgb[i:i + 2], 16) for i in (1, 3, 5))
