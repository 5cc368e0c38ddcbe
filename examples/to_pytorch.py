"""The worked 2-2-2 net and the XOR run again in PyTorch, in float64: the same E, every ∂E/∂w (PyTorch's
``.grad``) and every weight after each sweep; then, with numbers from runs, where PyTorch's defaults part
from the paper and how to make them agree. docs/TO_PYTORCH.md is the guide.

Run from the repository root:  python examples/to_pytorch.py
It needs PyTorch, the CPU build is enough: pip install torch==2.13.0. Without it, it says so and exits.
Nothing in backprop/ imports torch: this script and docs/TO_PYTORCH.md are the only places that do.
"""

import math
import os
import sys
from typing import Callable, Dict, List, NamedTuple, Optional, Sequence, Tuple

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))  # run without installing

import backprop as bp  # noqa: E402

try:
    import torch
except ImportError:
    print("examples/to_pytorch.py: PyTorch is not installed, so there is nothing to compare; "
          "pip install torch==2.13.0 (docs/TO_PYTORCH.md)")
    sys.exit(0)

torch.set_default_dtype(torch.float64)  # the library computes in Python floats: IEEE doubles
torch.set_num_threads(1)  # nets this small gain nothing from threads; one thread sums in one order

# How far PyTorch and the library may differ and still count as the same numbers (docs/TO_PYTORCH.md says
# why): both compute in float64, but in other orders (a matrix product sums its terms in its own order), so
# they part in the last bits, some 1e-16 of each number, and training carries that on from sweep to sweep.
TOLERANCE = 1e-9

Cases = Sequence[Tuple[Sequence[float], Sequence[float]]]


# ---- the library's net, as a PyTorch module ------------------------------------------------------------

class TorchNet(torch.nn.Module):
    """A ``bp.Network`` in PyTorch, started at the same weights: one ``nn.Linear`` for each layer with weights
    of its own (``nn.Linear`` keeps the bias apart; the library keeps it as the last of ``w``), wired as the
    library's layers are: each fed by the layers it lists, so skip connections and groups come for free.
    A layer tied to an earlier one (Fig. 5) uses that layer's ``nn.Linear``: one shared parameter."""

    def __init__(self, net: bp.Network) -> None:
        super().__init__()
        self.net = net
        self.linears = torch.nn.ModuleDict()
        for layer in net.layers:
            if not layer.is_input and layer.tied_to is None:
                linear = torch.nn.Linear(len(layer.feeding_units), layer.size)
                self.linears[layer.name] = linear
        self.copy_weights_from(net)
        # Where each output unit is: (its layer's name, its place in the layer).
        place = {id(unit): (layer.name, k) for layer in net.layers for k, unit in enumerate(layer.units)}
        self.read = [place[id(unit)] for unit in net.output_units]

    def copy_weights_from(self, net: bp.Network) -> None:
        """Set every weight and bias to the library net's."""
        with torch.no_grad():
            for name, linear in self.linears.items():
                neurons = next(layer for layer in net.layers if layer.name == name).neurons
                linear.weight.copy_(torch.tensor([list(neuron.weights) for neuron in neurons]))
                linear.bias.copy_(torch.tensor([neuron.bias for neuron in neurons]))

    def forward(self, inputs: torch.Tensor) -> torch.Tensor:
        """Every case at once (a row each): equations (1) and (2) layer by layer; the output units' y."""
        y: Dict[str, torch.Tensor] = {}
        start = 0
        for layer in self.net.input_layers:  # the inputs, in the order of the input layers
            y[layer.name] = inputs[:, start:start + layer.size]
            start += layer.size
        for layer in self.net.layers:
            if layer.is_input:
                continue
            linear = self.linears[(layer.tied_to or layer).name]
            lines = torch.cat([y[feeder.name] for feeder in layer.feeders], dim=1)
            # x_j = Σ_i y_i·w_ji + bias_j: equation (1); a tied layer of fewer units uses the first rows
            x = torch.nn.functional.linear(lines, linear.weight[:layer.size], linear.bias[:layer.size])
            y[layer.name] = torch.sigmoid(x)  # equation (2)
        return torch.stack([y[name][:, k] for name, k in self.read], dim=1)

    def flat(self, what: str) -> List[float]:
        """Every weight (``what="weights"``) or its ``.grad`` (``"grads"``), in the library's order: unit
        by unit, each unit's weights in line order, then its bias."""
        values = []
        for linear in self.linears.values():
            weight, bias = (linear.weight, linear.bias) if what == "weights" else (linear.weight.grad, linear.bias.grad)
            for row, b in zip(weight.tolist(), bias.tolist()):
                values += row + [b]
        return values


def tensors(cases: Cases) -> Tuple[torch.Tensor, torch.Tensor]:
    """The cases as two tensors, a row per case: the inputs, the targets."""
    return torch.tensor([list(i) for i, _ in cases]), torch.tensor([list(d) for _, d in cases])


def paper_E(outputs: torch.Tensor, targets: torch.Tensor, margin: float = 0.0) -> torch.Tensor:
    """Equation (3): E = ½ Σ_c Σ_j (y_j,c − d_j,c)², an output within ``margin`` of its target counting 0."""
    miss = outputs - targets
    if margin:
        miss = miss * (miss.abs() > margin)
    return 0.5 * (miss ** 2).sum()


def weights(net: bp.Network) -> List[float]:
    """Every weight of the library's net, in the order of ``TorchNet.flat``: each shared (tied) set once."""
    return [w for group in net.weight_groups for w in group[0].w]


def gradients(net: bp.Network) -> List[float]:
    """Every ∂E/∂w of the library's net, summed over cases, in the order of ``TorchNet.flat``. A tied set's is
    the sum over its copies: what autograd gives for one parameter used in several places."""
    return [sum(column) for group in net.weight_groups for column in zip(*[neuron.dE_dw for neuron in group])]


def largest_difference(a: Sequence[float], b: Sequence[float]) -> float:
    return max(abs(p - q) for p, q in zip(a, b))


def bound(difference: float) -> str:
    """A difference at the level of rounding as the power of ten above it (its last bits differ from one
    machine to another); a larger one as it is."""
    if difference == 0:
        return "0"
    if difference < TOLERANCE:
        return f"< 1e{math.floor(math.log10(difference)) + 1}"
    return f"{difference:.3g}"


# ---- running both, sweep by sweep ---------------------------------------------------------------------

Loss = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]


class Race:
    """A library Trainer and a PyTorch optimizer on the same net and cases, a batch sweep each at a time.
    ``loss`` is what PyTorch back-propagates (the paper's E unless said); ``fix_grads`` may change the
    ``.grad``s before the step and ``after_step`` the weights after it."""

    def __init__(self, trainer: bp.Trainer, optimizer: Callable[..., torch.optim.Optimizer], cases: Cases,
                 loss: Optional[Loss] = None, fix_grads: Optional[Callable[[], None]] = None,
                 after_step: Optional[Callable[[], None]] = None) -> None:
        self.net, self.trainer, self.cases = trainer.network, trainer, cases
        self.model = TorchNet(self.net)
        self.optimizer = optimizer(self.model.parameters())
        self.inputs, self.targets = tensors(cases)
        self.loss = loss
        self.fix_grads, self.after_step = fix_grads, after_step
        self.E_library = self.E_torch = math.nan
        self.largest = {"E": 0.0, "∂E/∂w": 0.0, "w": 0.0}  # the largest difference over every sweep so far

    def sweep(self) -> None:
        """One sweep of each: every case forward and backward, ∂E/∂w summed over them, one change."""
        self.E_library = self.trainer.sweep(self.cases)
        self.optimizer.zero_grad()
        outputs = self.model(self.inputs)
        E = paper_E(outputs, self.targets, self.trainer.margin)
        (E if self.loss is None else self.loss(outputs, self.targets)).backward()
        self.E_torch = E.item()
        self.note("E", [self.E_library], [self.E_torch])
        self.note("∂E/∂w", gradients(self.net), self.model.flat("grads"))
        if self.fix_grads is not None:
            self.fix_grads()
        self.optimizer.step()
        if self.after_step is not None:
            with torch.no_grad():
                self.after_step()
        self.note("w", weights(self.net), self.model.flat("weights"))

    def note(self, what: str, library: Sequence[float], in_torch: Sequence[float]) -> None:
        self.largest[what] = max(self.largest[what], largest_difference(library, in_torch))

    def weight_difference(self) -> float:
        """The largest difference between a weight of the library's net and the same weight in PyTorch now."""
        return largest_difference(weights(self.net), self.model.flat("weights"))

    def agreement(self, quantities: Sequence[str] = ("E", "∂E/∂w", "w")) -> str:
        """The largest differences so far, in words: ``E < 1e-13, ∂E/∂w < 1e-14, w < 1e-13``."""
        return ", ".join(f"{what} {bound(self.largest[what])}" for what in quantities)


def sgd(learning_rate: float, momentum: float = 0.0, weight_decay: float = 0.0
        ) -> Callable[..., torch.optim.Optimizer]:
    """``torch.optim.SGD`` with these settings, for the parameters ``Race`` gives it."""
    return lambda parameters: torch.optim.SGD(parameters, lr=learning_rate, momentum=momentum,
                                              weight_decay=weight_decay)


# ---- 1. the worked example ---------------------------------------------------------------------------

def worked_example() -> None:
    print("== 1. The worked 2-2-2 net, its one case (docs/STEPPING_THROUGH.md), ε = 0.5, α = 0.9")
    net = bp.experiments.worked_example_network()
    cases = bp.tasks.worked_example().cases
    race = Race(bp.Trainer(net, learning_rate=0.5, momentum=0.9), sgd(0.5, momentum=0.9), cases)
    race.sweep()
    print(f"E              library {race.E_library:.12f}   PyTorch {race.E_torch:.12f}")
    print("weight         ∂E/∂w, library       .grad, PyTorch       difference")
    names = [neuron.weight_name(k) for neuron in net.neurons for k in range(len(neuron.w))]
    for name, mine, theirs in zip(names, gradients(net), race.model.flat("grads")):
        print(f"{name:<14} {mine:+.15f}   {theirs:+.15f}   {bound(abs(mine - theirs))}")
    print(f"after sweep 1, every weight: largest difference {bound(race.weight_difference())}; "
          f"w[o1←h1] = {net.unit('o1').w[0]:.12f} in both")
    race.sweep()
    print(f"after sweep 2, the first with momentum's part: largest difference {bound(race.weight_difference())}; "
          f"w[o1←h1] = {net.unit('o1').w[0]:.12f}")


# ---- 2. the XOR run ----------------------------------------------------------------------------------

def xor_run() -> None:
    print("\n== 2. The XOR run of examples/xor.py: 2-2-1, seed 1, ε = 0.5, α = 0.9, until E ≤ 0.01")
    net = bp.Network([2, 2, 1], seed=1, weight_range=0.5)
    race = Race(bp.Trainer(net, learning_rate=0.5, momentum=0.9), sgd(0.5, momentum=0.9), bp.tasks.xor().cases)
    print("sweep   E, library    E, PyTorch")
    sweep = 0
    while sweep == 0 or race.E_library > 0.01:
        sweep += 1
        race.sweep()
        if sweep % 100 == 0:
            print(f"{sweep:5d}   {race.E_library:.9f}   {race.E_torch:.9f}")
    print(f"{sweep:5d}   {race.E_library:.9f}   {race.E_torch:.9f}   (E ≤ 0.01 in both)")
    print(f"largest difference over the {sweep} sweeps: {race.agreement()}")


# ---- 3. where the defaults part ----------------------------------------------------------------------

def xor_race(loss: Optional[Loss] = None, optimizer: Optional[Callable[..., torch.optim.Optimizer]] = None) -> Race:
    """The XOR run of section 2 from its start, PyTorch back-propagating ``loss`` (the paper's E unless given)
    with ``optimizer`` (SGD(lr=0.5, momentum=0.9) unless given)."""
    net = bp.Network([2, 2, 1], seed=1, weight_range=0.5)
    return Race(bp.Trainer(net, learning_rate=0.5, momentum=0.9), optimizer or sgd(0.5, momentum=0.9),
                bp.tasks.xor().cases, loss=loss)


def mean_squared_error() -> None:
    print("\n== 3. Where PyTorch's defaults part from the paper, and how to make them agree")
    print("\n-- (3) is ½ Σ_c Σ_j (y − d)², a sum; nn.MSELoss() is the mean over cases and outputs, without the ½")
    trees = bp.experiments.family_trees_recipe(seed=0)
    for name, net, cases in (("worked example", bp.experiments.worked_example_network(),
                              bp.tasks.worked_example().cases),
                             ("XOR", bp.Network([2, 2, 1], seed=1, weight_range=0.5), bp.tasks.xor().cases),
                             ("family trees", trees.build(0, trees.weight_range), trees.cases)):
        inputs, targets = tensors(cases)
        outputs = TorchNet(net)(inputs)
        E, mse = paper_E(outputs, targets).item(), torch.nn.MSELoss()(outputs, targets).item()
        n, k = targets.shape
        print(f"{name + ',':<16}{n:3d} × {k:2d} (cases × outputs): E = {E:10.6f}, MSELoss() = {mse:.6f} "
              f"= E × 2/{n * k}")
    race = xor_race(loss=torch.nn.MSELoss())
    race.sweep()
    ratios = [theirs / mine for mine, theirs in zip(gradients(race.net), race.model.flat("grads"))]
    print(f"XOR, sweep 1: .grad ÷ ∂E/∂w is {min(ratios):.12f} … {max(ratios):.12f} over the {len(ratios)} weights: "
          f"half the step")
    for _ in range(573):
        race.sweep()
    print(f"XOR, 574 sweeps, SGD(lr=0.5, momentum=0.9): E = {race.E_library:.6f} with ½ Σ; with MSELoss(), "
          f"E = {race.E_torch:.6f}")

    def half_sum(outputs: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        return 0.5 * torch.nn.MSELoss(reduction="sum")(outputs, targets)

    for how, race in (("0.5 * MSELoss(reduction='sum')", xor_race(loss=half_sum)),
                      ("MSELoss() and lr = 0.5 × 4/2 = 1.0", xor_race(loss=torch.nn.MSELoss(),
                                                                     optimizer=sgd(1.0, momentum=0.9)))):
        for _ in range(574):
            race.sweep()
        print(f"agree, {how}: 574 sweeps, E = {race.E_torch:.6f}; largest difference "
              f"{race.agreement(('E', 'w'))}")


class Moment(NamedTuple):
    """What a race showed after one of its sweeps."""

    E: float  # the library's E of that sweep
    difference: float  # the largest |w_PyTorch − w_library| after it
    squares: float  # Σw² of the library's weights after it
    squares_torch: float  # Σw² of PyTorch's
    steepest: float  # the largest |∂E/∂w| of that sweep, in the library


def family_trees_race(l2: bool = False, rescale: bool = False, sweeps: int = 60,
                      shown: Sequence[int] = ()) -> Tuple[Race, Dict[int, Moment]]:
    """The family trees' default recipe (seed 0), ``sweeps`` sweeps in both: ε = 0.005, α = 0.5 for 20 sweeps,
    then ε = 0.05, α = 0.9; weight decay 0.0005 after every change; margin 0.2. PyTorch decays as the library
    does (``p.mul_(1 − decay)`` after each step) unless ``l2``: then by SGD's own ``weight_decay`` (decay / ε).
    ``rescale``: at the change of ε, scale each momentum buffer by ε_before / ε_after. Returns the race and
    what it showed after each sweep of ``shown``."""
    recipe = bp.experiments.family_trees_recipe(seed=0)
    first, then = recipe.phases
    decay = recipe.weight_decay
    net = recipe.build(0, recipe.weight_range)
    trainer = bp.Trainer(net, learning_rate=first.learning_rate, momentum=first.momentum, weight_decay=decay,
                         margin=recipe.margin)
    race = Race(trainer, sgd(first.learning_rate, first.momentum, decay / first.learning_rate if l2 else 0.0),
                recipe.cases)
    if not l2:
        def shrink() -> None:
            for parameter in race.model.parameters():
                parameter.mul_(1 - decay)  # as the library: every weight × (1 − decay) after each change
        race.after_step = shrink
    seen = {}
    for sweep in range(1, sweeps + 1):
        if sweep == first.sweeps + 1:  # the phase change, in both
            trainer.learning_rate, trainer.momentum = then.learning_rate, then.momentum
            for group in race.optimizer.param_groups:
                if rescale:
                    for parameter in group["params"]:
                        buffer = race.optimizer.state[parameter]["momentum_buffer"]
                        buffer.mul_(first.learning_rate / then.learning_rate)
                group["lr"], group["momentum"] = then.learning_rate, then.momentum
                if l2:
                    group["weight_decay"] = decay / then.learning_rate
        race.sweep()
        if sweep in shown:
            seen[sweep] = Moment(race.E_library, race.weight_difference(), sum(w * w for w in weights(net)),
                                 sum(w * w for w in race.model.flat("weights")), max(map(abs, gradients(net))))
    return race, seen


def momentum() -> None:
    print("\n-- (9): Δw(t) = −ε ∂E/∂w(t) + α Δw(t−1). SGD(momentum=α): v(t) = α v(t−1) + ∂E/∂w(t),")
    print("   step −lr·v(t). The same while ε stays; when ε changes, SGD's step carries the last change")
    print("   × ε_after/ε_before")
    print("The family trees (seed 0, the default recipe): ε = 0.005, α = 0.5 for 20 sweeps, then ε = 0.05, α = 0.9")
    shown = (1, 20, 21, 22, 30, 60)
    _, as_is = family_trees_race(shown=shown)
    race, rescaled = family_trees_race(rescale=True, shown=shown)
    print("                      largest |w_PyTorch − w_library| after the sweep")
    print("sweep   E, library    SGD as it is   momentum buffer × 0.005/0.05 at the change")
    for sweep in shown:
        print(f"{sweep:5d}   {as_is[sweep].E:10.6f}    {bound(as_is[sweep].difference):>12}   "
              f"{bound(rescaled[sweep].difference)}")
    print(f"agree, buffer rescaled: 60 sweeps; largest difference {race.agreement()}")


def weight_decay() -> None:
    print("\n-- weight decay: the library takes the fraction d off every weight after each change,")
    print("   w ← (w + Δw)(1 − d); SGD(weight_decay=λ) adds λw to ∂E/∂w instead (an L2 term), and momentum")
    print("   carries that on")
    shown = (1, 20, 60)
    race, exact = family_trees_race(rescale=True, shown=shown)
    _, l2 = family_trees_race(l2=True, rescale=True, shown=shown)
    print("The same family-trees run (buffer rescaled), d = 0.0005, λ = d/ε: 0.1 for 20 sweeps, then 0.01")
    print("        Σw² after the sweep:                                      SGD(weight_decay=λ):")
    print("sweep   library      PyTorch, p.mul_(1 − d)   SGD(weight_decay=λ)   largest |w_PyTorch − w_library|")
    for sweep in shown:
        print(f"{sweep:5d}   {exact[sweep].squares:10.6f}   {exact[sweep].squares_torch:10.6f}               "
              f"{l2[sweep].squares_torch:10.6f}            {l2[sweep].difference:.3g}")
    print(f"sweep 1: the two part by d·ε·∂E/∂w, at most 0.0005 × 0.005 × {exact[1].steepest:.4g} = "
          f"{0.0005 * 0.005 * exact[1].steepest:.3g}")
    # A weight that no case moves: only decay changes it.
    weight = torch.nn.Parameter(torch.tensor([1.0]))
    optimizer = torch.optim.SGD([weight], lr=0.05, momentum=0.9, weight_decay=0.0005 / 0.05)
    for _ in range(100):
        optimizer.zero_grad()
        (0 * weight).sum().backward()
        optimizer.step()
    print("a weight no case moves (∂E/∂w = 0), 100 changes from 1.0 at ε = 0.05, α = 0.9, d = 0.0005: the library")
    print(f"    leaves (1 − d)^100 = {(1 - 0.0005) ** 100:.6f}; SGD(weight_decay=d/ε) {weight.item():.6f}, "
          f"its shrink nearing d/(1 − α) = 10 d")
    print(f"agree, p.mul_(1 − d) after step(): 60 sweeps; largest difference {race.agreement()}")


def tied_weights() -> None:
    print("\n-- Fig. 5, tied weights: the paper changes a tied set by the average of its copies' ∂E/∂w;")
    print("   autograd gives a parameter used in several places the sum (the library's tied=\"sum\")")
    cases = bp.tasks.remember(steps=4, units=2).cases

    def remember(tied: str, divide: bool = False) -> Race:
        net = bp.Network.unrolled(units=2, steps=4, inputs=1, outputs=1, seed=0)
        race = Race(bp.Trainer(net, learning_rate=0.3, momentum=0.9, tied=tied), sgd(0.3, momentum=0.9), cases)
        copies = torch.tensor([float(len(group)) for group in net.weight_groups])

        def average() -> None:  # each unit's row of the shared weights ÷ its number of copies
            linear = race.model.linears["s1"]
            linear.weight.grad /= copies[:, None]
            linear.bias.grad /= copies
        if divide:
            race.fix_grads = average
        return race

    print("remember: Network.unrolled(units=2, steps=4, inputs=1, outputs=1, seed=0), layers s1 … s4 tied;")
    print("unit 1's weights have 4 copies (s1.1 … s4.1), unit 2's 3 (s4 computes unit 1 only)")
    race = remember("average")
    race.sweep()
    grads = race.model.flat("grads")
    for unit, group in enumerate(race.net.weight_groups):
        copies = [neuron.dE_dw[0] for neuron in group]
        print(f"sweep 1, {group[0].weight_name(0)}: the copies' ∂E/∂w {', '.join(f'{g:+.6f}' for g in copies)}")
        print(f"    their average {sum(copies) / len(copies):+.6f}, their sum {sum(copies):+.6f}; "
              f".grad {grads[unit * 4]:+.6f}")  # 4 numbers a unit: from x, from units 1 and 2, bias
    runs = (("library average, PyTorch as it is", remember("average")),
            ("library average, PyTorch .grad ÷ copies", remember("average", divide=True)),
            ("library tied=\"sum\", PyTorch as it is", remember("sum")))
    print("ε = 0.3, α = 0.9, 1,000 sweeps          E, library   E, PyTorch   largest |w_PyTorch − w_library|")
    for how, race in runs:
        for _ in range(1000):
            race.sweep()
        print(f"{how:<42} {race.E_library:9.6f}   {race.E_torch:9.6f}   {bound(race.weight_difference())}")
    averaged, summed = runs[0][1].trainer.history.errors, runs[2][1].trainer.history.errors
    lowest = min(summed)
    when = summed.index(lowest) + 1
    print(f"summed, each step is 3 to 4 times as long: E = {lowest:.3f} at sweep {when} (averaged: still "
          f"{averaged[when - 1]:.3f}),")
    print(f"    then an overshoot: E = {summed[when + 1]:.3f} at sweep {when + 2}, and 4.000 on: every output 0")
    for how, race in runs[1:]:
        print(f"agree, {how}: largest difference {race.agreement()}")


if __name__ == "__main__":
    worked_example()
    xor_run()
    mean_squared_error()
    momentum()
    weight_decay()
    tied_weights()
