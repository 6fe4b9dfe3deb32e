"""The linear algebra of crmkit's logistic fit: a sparse design matrix and Cholesky solves.

:class:`Design` holds the distinct rows of a fit ("groups", with their total weight and
successes) column by column, each stored as its sums are cheapest (0/1 indicators as the
positions of their ones, sparse columns as positions and values, dense columns as lists),
and builds the penalised information matrix ``Xᵀ V X + λ D``. :func:`cholesky`,
:func:`solve` and :func:`inverse` work on that small (features + 1)-square matrix.

This module imports the standard library only.
"""

from __future__ import annotations

import math
import operator
from array import array
from collections.abc import Callable, Sequence
from itertools import compress
from typing import Final

__all__ = ["Design", "Matrix", "cholesky", "inverse", "solve"]

PIVOT_FLOOR: Final[float] = 1e-10
"""A Cholesky pivot below this fraction of its diagonal entry means the feature is, within
rounding, a combination of those before it (``1 − R² < 1e-10``): the matrix is singular."""
_add: Final[Callable[[float, float], float]] = operator.add
_mul: Final[Callable[[float, float], float]] = operator.mul
Matrix = tuple[tuple[float, ...], ...]


class _Column:
    """One feature over the groups, stored as makes its sums cheapest.

    A 0/1 indicator keeps the positions of its ones (at any density: its sums need no
    product); another feature the positions and values of its non-zero entries or, when
    more than half are non-zero, a dense list.
    """

    __slots__ = ("dense", "index", "values")

    def __init__(self, column: tuple[float, ...]) -> None:
        size, zeros = len(column), column.count(0.0)
        indicator = zeros + column.count(1.0) == size
        self.values: list[float] | None = None
        self.dense: list[float] | None = None
        self.index: list[int] = []
        if not indicator and 2 * (size - zeros) > size:
            # fresh floats laid out in order, so that summing them reads memory in order
            self.dense = list(array("d", column))
        else:
            self.index = list(compress(range(size), column))
            if not indicator:
                self.values = list(compress(column, column))

    def dot(self, vector: list[float]) -> float:
        """``Σ_g x_g v_g`` over the groups."""
        if self.dense is not None:
            return sum(map(_mul, self.dense, vector))
        picked = map(vector.__getitem__, self.index)
        return sum(picked) if self.values is None else sum(map(_mul, self.values, picked))

    def add_to(self, eta: list[float], coefficient: float) -> list[float]:
        """``η + β x`` (in place when the column is sparse)."""
        if self.dense is not None:
            return list(map(_add, eta, map(coefficient.__mul__, self.dense)))
        if self.values is None:
            for position in self.index:
                eta[position] += coefficient
        else:
            for position, value in zip(self.index, self.values, strict=True):
                eta[position] += coefficient * value
        return eta


class Design:
    """The distinct rows ("groups") as columns, with their ``m_g = Σ w_i``, ``s_g = Σ w_i y_i``.

    It also keeps the overlaps of the sparse columns, for ``Xᵀ V X``.
    """

    def __init__(
        self, keys: list[tuple[float, ...]], totals: list[float], successes: list[float]
    ) -> None:
        self.size, self.totals, self.successes = len(keys), totals, successes
        raw = list(zip(*keys, strict=True))  # one tuple per feature
        self.columns = [_Column(column) for column in raw]
        # (j, k) -> (the groups where sparse columns j and k are both non-zero, x_j x_k there
        # or None for two indicators): the sparse part of Xᵀ V X, fixed for the whole fit
        self.pairs: dict[tuple[int, int], tuple[list[int], list[float] | None]] = {}
        sparse = [j for j, column in enumerate(self.columns) if column.dense is None]
        masks = {j: bytes(map(bool, raw[j])) for j in sparse}
        for a, j in enumerate(sparse):
            for k in sparse[a:]:
                first, second = self.columns[j], self.columns[k]
                shorter, mask = (
                    (first.index, masks[k])
                    if len(first.index) <= len(second.index)
                    else (second.index, masks[j])
                )
                common = list(compress(shorter, map(mask.__getitem__, shorter)))
                products = None
                if first.values is not None or second.values is not None:
                    products = [raw[j][g] * raw[k][g] for g in common]
                self.pairs[j, k] = (common, products)

    def linear(self, beta: Sequence[float]) -> list[float]:
        """``η_g = β_0 + Σ_j β_j x_gj`` for every group."""
        eta = [beta[0]] * self.size
        for column, coefficient in zip(self.columns, beta[1:], strict=True):
            if coefficient:
                eta = column.add_to(eta, coefficient)
        return eta

    def information(self, variances: list[float], l2: float) -> list[list[float]]:
        """``Xᵀ V X + λ D`` with ``V = diag(variances)``, the intercept first."""
        size = len(self.columns) + 1
        matrix = [[0.0] * size for _ in range(size)]
        matrix[0][0] = sum(variances)
        scaled = [
            None if column.dense is None else list(map(_mul, variances, column.dense))
            for column in self.columns
        ]
        for j, column in enumerate(self.columns):
            matrix[0][j + 1] = matrix[j + 1][0] = column.dot(variances)
            for k in range(j, size - 1):
                mine, theirs = scaled[j], scaled[k]
                if theirs is not None:
                    value = column.dot(theirs)
                elif mine is not None:
                    value = self.columns[k].dot(mine)
                else:
                    common, products = self.pairs[j, k]
                    picked = map(variances.__getitem__, common)
                    value = sum(picked) if products is None else sum(map(_mul, products, picked))
                matrix[j + 1][k + 1] = matrix[k + 1][j + 1] = value
            matrix[j + 1][j + 1] += l2
        return matrix


def cholesky(matrix: list[list[float]]) -> list[list[float]] | None:
    """``L`` with ``L Lᵀ = matrix``, or ``None`` if the matrix is not positive definite."""
    size = len(matrix)
    lower = [[0.0] * size for _ in range(size)]
    for j in range(size):
        pivot = matrix[j][j] - math.fsum(v * v for v in lower[j][:j])
        if not pivot > PIVOT_FLOOR * matrix[j][j]:  # also catches NaN
            return None
        lower[j][j] = math.sqrt(pivot)
        for i in range(j + 1, size):
            dot = math.fsum(map(_mul, lower[i][:j], lower[j][:j]))
            lower[i][j] = (matrix[i][j] - dot) / lower[j][j]
    return lower


def solve(lower: list[list[float]], vector: list[float]) -> list[float]:
    """``x`` with ``L Lᵀ x = vector``: forward, then backward substitution."""
    size = len(lower)
    y = [0.0] * size
    for i in range(size):
        y[i] = (vector[i] - math.fsum(map(_mul, lower[i][:i], y[:i]))) / lower[i][i]
    x = [0.0] * size
    for i in reversed(range(size)):
        x[i] = (y[i] - math.fsum(lower[k][i] * x[k] for k in range(i + 1, size))) / lower[i][i]
    return x


def inverse(lower: list[list[float]]) -> Matrix:
    """``(L Lᵀ)⁻¹``, one column at a time."""
    size = len(lower)
    columns = [solve(lower, [float(i == j) for i in range(size)]) for j in range(size)]
    return tuple(tuple(columns[j][i] for j in range(size)) for i in range(size))
