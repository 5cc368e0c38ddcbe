"""How a neuron's numbers are shown: ``Neuron.weights`` as a live view of its ``w``, and ``?`` for a
derivative not yet computed for the case last forwarded.

A neuron keeps every incoming weight in one list ``w``, the always-1 line's (the bias) last, so
that (1), (6), (8) and (9) treat the bias "just like the other weights", as the paper says.
Learners and the README still write ``unit.weights[0] = 0.15`` or ``unit.weights[:] = [...]``;
this view makes those work on ``w`` itself.
"""

from __future__ import annotations

from typing import Iterable, Iterator, List, Union, overload


def derivative_text(value: float) -> str:
    """A ∂E/∂y or ∂E/∂x as a repr shows it: ``?`` until the backward pass has computed it for this case.

    >>> derivative_text(0.25), derivative_text(float("nan"))
    ('0.25', '?')
    """
    return "?" if value != value else f"{value:.6g}"  # NaN, and only NaN, differs from itself


class Weights:
    """A neuron's weights w_ji without the bias: a live, list-like view of ``w[:-1]``.

    Reading and setting go straight to the neuron's ``w``, so ``unit.weights[0] = 0.1`` and
    ``unit.weights[:] = [...]`` change the net. The number of weights is the number of lines
    into the unit, so a change of length is refused.
    """

    __slots__ = ("_w",)

    def __init__(self, w: List[float]) -> None:
        self._w = w

    def __len__(self) -> int:
        return len(self._w) - 1

    @overload
    def __getitem__(self, k: int) -> float: ...
    @overload
    def __getitem__(self, k: slice) -> List[float]: ...

    def __getitem__(self, k: Union[int, slice]) -> Union[float, List[float]]:
        return self._w[:-1][k]

    def __setitem__(self, k: Union[int, slice], value: Union[float, Iterable[float]]) -> None:
        if isinstance(k, slice):
            values = list(value)  # type: ignore[arg-type]
            kept = self._w[:-1]
            kept[k] = values
            if len(kept) != len(self):
                raise ValueError(f"a neuron has one weight per incoming line: expected {len(self)} "
                                 f"weights, this would make {len(kept)}")
            self._w[:-1] = kept
        else:
            index = range(len(self))[k]  # an IndexError for k out of range, as a list gives
            self._w[index] = value  # type: ignore[assignment]

    def __iter__(self) -> Iterator[float]:
        return iter(self._w[:-1])

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Weights):
            other = other._w[:-1]
        return isinstance(other, list) and self._w[:-1] == other

    __hash__ = None  # type: ignore[assignment]  # mutable, like a list

    def __add__(self, other: List[float]) -> List[float]:
        return self._w[:-1] + list(other)

    def __repr__(self) -> str:
        return repr(self._w[:-1])
