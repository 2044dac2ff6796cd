"""PDF transformation matrices [a b c d e f], which act on row vectors: (x y 1) · M."""
from __future__ import annotations

import math

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def compose(inner: Matrix, outer: Matrix) -> Matrix:
    """inner then outer: the matrix of a `cm` (inner) applied inside the current one (outer)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def apply(matrix: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = matrix
    return x * a + y * c + e, x * b + y * d + f


def scale(matrix: Matrix) -> float:
    """How much the matrix enlarges a length, on average over directions (the root of its area factor)."""
    a, b, c, d, _, _ = matrix
    return math.sqrt(abs(a * d - b * c))


def vertical_scale(matrix: Matrix) -> float:
    """How much the matrix enlarges a vertical length: a font size through the text and page matrices."""
    return math.hypot(matrix[2], matrix[3])
