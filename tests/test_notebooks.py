"""Notebooks: what each object shows there, checked without a kernel, and every notebook under docs/ run in a
real Jupyter kernel.

The kernel test runs with BACKPROP_FULL_TESTS=1 (set by .ci/run) and needs nbclient and ipykernel
(``python -m pip install nbclient ipykernel``, as .ci/run does): then their absence fails it. Without
BACKPROP_FULL_TESTS it is skipped with a note saying what to install; under PyPy too (CI's CPython run
executes the notebooks).
"""

import html
import html.parser
import json
import os
import platform
import re
import tempfile
import unittest
import unittest.mock
import xml.etree.ElementTree as ET
from typing import Any, Dict, List, Optional, Tuple

import backprop as bp
from backprop.experiments import worked_example_network
from backprop.recording import Recording

from .helpers import FULL

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOCS = os.path.join(ROOT, "docs")
SVG = "{http://www.w3.org/2000/svg}"
INSTALL = "python -m pip install nbclient ipykernel"
INPUTS, TARGETS = [0.05, 0.10], [0.01, 0.99]
XOR = bp.tasks.xor().cases

# What a cell tagged "shows:NAME" must display: its mime type, and a mark of that object's display in it.
SHOWS = {"Network": ("image/svg+xml", "<svg"), "Layer": ("image/svg+xml", "weights into layer"),
         "History": ("image/svg+xml", "E per sweep"), "Neuron": ("text/html", 'class="backprop-neuron"'),
         "Trainer": ("text/html", 'class="backprop-trainer"'), "Recording": ("text/html", "<iframe srcdoc=")}


def notebooks() -> List[str]:
    return sorted(os.path.join(DOCS, name) for name in os.listdir(DOCS) if name.endswith(".ipynb"))


class Tables(html.parser.HTMLParser):
    """Every table of an HTML fragment as rows of cell texts, each iframe's attributes, all the text."""

    def __init__(self, fragment: str) -> None:
        super().__init__()
        self.tables: List[List[List[str]]] = []
        self.iframes: List[Dict[str, Optional[str]]] = []
        self.text: List[str] = []
        self.cell: Optional[List[str]] = None
        self.feed(fragment)
        self.close()

    def handle_starttag(self, tag: str, attrs: List[Tuple[str, Optional[str]]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.cell = []
        elif tag == "iframe":
            self.iframes.append(dict(attrs))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None:
            self.tables[-1][-1].append("".join(self.cell))
            self.cell = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self.cell is not None:
            self.cell.append(data)


def worked_example(backward: bool = True) -> bp.Network:
    net = worked_example_network()
    net.forward(INPUTS)
    if backward:
        net.backward(TARGETS)
    return net


def explain_lines(net: bp.Network, unit: str) -> List[str]:
    """The lines of ``explain`` that carry an equation, without the unit's label: '<worked out>   (N)'."""
    lines = bp.explain(net, INPUTS, TARGETS, unit=unit).splitlines()
    return [re.sub(r"^\s+(\S+\s\s)?\s*", "", line) for line in lines if re.search(r"   \([0-9+]+\)$", line)]


def equation_rows(page: str) -> List[str]:
    """The rows of a neuron's table of equations, written as explain writes a line: '<worked out>   (N)'."""
    return [f"{text}   {equation}" for _, text, equation in Tables(page).tables[-1]]


class HistoryShowsItsCurve(unittest.TestCase):
    def history(self, errors: List[float], target: Optional[float]) -> bp.History:
        history = bp.History()
        for E in errors:
            history.add_sweep(E, 0.9, 0)
        history.target_error = target
        history.reached_target = target is not None and errors[-1] <= target
        return history

    def test_the_sweep_where_the_target_was_reached_is_marked_and_named(self) -> None:
        # E reaches 0.1 first at sweep 4 (0.05), and is 0.04 at sweep 5 (a sweep() run after train)
        svg = self.history([4.0, 2.0, 0.5, 0.05, 0.04], 0.1)._repr_svg_()
        root = ET.fromstring(svg)
        self.assertIn("target E ≤ 0.1 reached at sweep 4", root.find(f"{SVG}title").text)
        self.assertEqual(len(root.find(f".//{SVG}polyline").get("points").split()), 5)
        mark = root.find(f".//{SVG}rect[@class='mark']")
        line = root.find(f".//{SVG}line[@class='reached']")
        self.assertEqual(float(line.get("x1")), float(mark.get("x")))
        self.assertEqual(line.get("x1"), line.get("x2"))
        dot = root.find(f".//{SVG}circle[@class='reached']")  # on the curve, at its 4th point: sweep 4
        fourth = root.find(f".//{SVG}polyline").get("points").split()[3]
        self.assertEqual(f"{dot.get('cx')},{dot.get('cy')}", fourth)
        self.assertEqual(float(dot.get("cx")), float(mark.get("x")))
        label = root.find(f".//{SVG}text[@class='reached']")
        self.assertEqual(label.text, "E = 0.05 ≤ 0.1 at sweep 4")
        width = float(root.get("width"))  # the label reads inside the picture, on the side of the plot with room
        x = float(label.get("x"))
        reach = x - 0.6 * 12 * len(label.text) if label.get("text-anchor") == "end" else x + 0.6 * 12 * len(label.text)
        self.assertTrue(0 <= reach <= width, (x, reach, width))

    def test_a_target_reached_at_the_last_sweep_is_labelled_to_the_left_of_its_line(self) -> None:
        root = ET.fromstring(self.history([4.0, 2.0, 1.0, 0.5, 0.09], 0.1)._repr_svg_())
        label = root.find(f".//{SVG}text[@class='reached']")
        self.assertEqual(label.get("text-anchor"), "end")
        self.assertLess(float(label.get("x")), float(root.find(f".//{SVG}line[@class='reached']").get("x1")))

    def test_a_target_not_reached_is_said_and_nothing_marked(self) -> None:
        svg = self.history([4.0, 2.0, 1.0], 0.1)._repr_svg_()
        self.assertIn("target E ≤ 0.1 not reached", svg)
        self.assertNotIn('class="reached"', svg)

    def test_without_a_target_the_plain_curve_and_before_any_sweep_the_text(self) -> None:
        history = self.history([4.0, 2.0, 1.0], None)
        self.assertEqual(history._repr_svg_(), bp.draw.error_curve_svg(history))
        self.assertIsNone(bp.History()._repr_svg_())  # a notebook then shows repr: "History(no sweeps yet)"

    def test_a_trained_history(self) -> None:
        net = bp.Network([2, 2, 1], seed=1)
        history = bp.Trainer(net, learning_rate=0.5, momentum=0.9).train(XOR, 2000, target_error=0.01)
        self.assertTrue(history.reached_target)
        self.assertIn(f"reached at sweep {history.sweeps}<", history._repr_svg_())


class LayerShowsItsHintonDiagram(unittest.TestCase):
    def test_a_layer_with_weights_shows_its_hinton_diagram(self) -> None:
        net = worked_example()
        for layer in net.layers[1:]:
            self.assertEqual(layer._repr_svg_(), bp.draw.hinton_svg(layer))
        squares = ET.fromstring(net.layers[1]._repr_svg_()).findall(f".//{SVG}rect[@class='weight']")
        self.assertEqual(len(squares), 6)  # h1 and h2: two weights and a bias each

    def test_a_layer_without_weights_shows_its_text(self) -> None:
        self.assertIsNone(worked_example().layers[0]._repr_svg_())  # the input layer
        self.assertIsNone(bp.Layer(3, inputs=bp.Layer.input(2))._repr_svg_())  # described, not yet in a network


class NeuronShowsItsNumbersAndEquations(unittest.TestCase):
    def test_the_worked_example_hidden_unit_as_explain_writes_it(self) -> None:
        net = worked_example()
        page = net.unit("h1")._repr_html_()
        numbers, lines, equations = Tables(page).tables
        # by hand: x = 0.05*0.15 + 0.10*0.20 + 0.35 = 0.3775, y = 1/(1+e^-0.3775); dE/dx from M. Mazur's walk-through
        self.assertEqual([row[:2] for row in numbers], [["x", "0.3775"], ["y", "0.593269992"],
                                                        ["∂E/∂y", "0.0363503064"], ["∂E/∂x", "0.00877135469"]])
        self.assertEqual([row[:4] for row in lines[1:]], [["w[h1←i1]", "i1", "0.05", "0.15"],
                                                          ["w[h1←i2]", "i2", "0.1", "0.2"],
                                                          ["bias[h1]", "1 (always)", "1", "0.35"]])
        self.assertEqual([row[4] for row in lines[1:]], ["0.000438567734", "0.000877135469", "0.00877135469"])
        expected = explain_lines(net, "h1")
        shown = equation_rows(page)
        # alone, h1 cannot know the units it feeds: its (7) line is named, every other line is explain's own
        self.assertEqual([line for line in shown if not line.endswith("(4) or (7)")],
                         [line for line in expected if not line.endswith("(7)")])
        self.assertEqual(len(shown), len(expected))
        self.assertIn("∂E/∂y = 0.0363503064", [row for row in shown if row.endswith("(4) or (7)")][0])
        self.assertEqual([u.w for u in net.neurons], [u.w for u in worked_example().neurons])  # nothing changed

    def test_given_its_network_every_line_is_explains(self) -> None:
        net = worked_example()
        self.assertEqual(equation_rows(bp.draw.neuron_html(net.unit("h1"), net)), explain_lines(net, "h1"))
        page = bp.draw.neuron_html(net.unit("o1"), net, TARGETS)
        self.assertEqual(equation_rows(page), explain_lines(net, "o1"))
        # (4) by hand: y − d = 0.75136507 − 0.01 (M. Mazur's walk-through)
        self.assertIn("∂E/∂y = y − d = 0.75136507 − 0.01 = 0.74136507   (4)", equation_rows(page))
        # an output unit without the targets: d is unknown, so (4) is named, not worked out
        self.assertTrue(equation_rows(bp.draw.neuron_html(net.unit("o1"), net))[2].endswith("(4) or (7)"))

    def test_before_the_backward_pass_only_the_forward_equations_and_what_to_run(self) -> None:
        page = worked_example(backward=False).unit("h1")._repr_html_()
        numbers = Tables(page).tables[0]
        self.assertEqual([row[1] for row in numbers], ["0.3775", "0.593269992", "?", "?"])
        self.assertEqual([row[-3:] for row in equation_rows(page)], ["(1)", "(2)"])
        self.assertIn("net.backward(targets)", "".join(Tables(page).text))

    def test_a_sum_over_cases_is_not_written_as_one_cases_product(self) -> None:
        net = bp.Network([2, 2, 1], seed=1)
        bp.Trainer(net, learning_rate=0.5).train(XOR, 1)  # ∂E/∂w summed over the 4 cases; the last case forwarded
        h1 = net.unit("h1")
        rows = [row for row in equation_rows(h1._repr_html_()) if row.endswith("(6)")]
        self.assertEqual(len(rows), 3)
        for row, gradient in zip(rows, h1.dE_dw):
            self.assertIn("summed over the cases since zero_gradients", row)
            self.assertIn(f"= {gradient:.9g},", row)
        self.assertIn("this case adds ∂E/∂x·y_i1", rows[0])
        self.assertIn("this case adds ∂E/∂x·1", rows[2])

    def test_names_are_escaped(self) -> None:
        inputs = bp.Layer.input(1, name="a<b>")
        out = bp.Layer(1, inputs=inputs, name="c&d")
        net = bp.Network.from_layers([inputs, out], seed=0)
        net.forward([1.0])
        unit = net.output_units[0]
        page = unit._repr_html_()
        self.assertNotIn("<b>1", page)
        self.assertEqual(Tables(page).tables[1][1][:2], [unit.weight_name(0), net.units[0].name])


class TrainerShowsItsSettingsAndCurve(unittest.TestCase):
    def test_settings_and_the_historys_curve(self) -> None:
        net = bp.Network([2, 2, 1], seed=1)
        trainer = bp.Trainer(net, learning_rate=0.5, momentum=0.9, weight_decay=0.001, margin=0.1)
        trainer.train(XOR, 50, target_error=0.01)
        page = trainer._repr_html_()
        rows = {row[0]: row[1] for row in Tables(page).tables[0]}
        self.assertEqual(rows, {"network": "Network(i:2 → h:2 → o:1)", "learning rate ε": "0.5",
                                "momentum α": "0.9", "weight decay": "0.001", "margin": "0.1", "updates": "batch",
                                "biases": "trained", "sweeps run": f"50, E = {trainer.history.error:.6g}"})
        self.assertIn(trainer.history._repr_svg_(), page)

    def test_online_tied_and_untrained(self) -> None:
        trainer = bp.Trainer(bp.Network.unrolled(2, 3, inputs=1, outputs=1, seed=0), online=True,
                             train_biases=False, tied="sum")
        page = trainer._repr_html_()
        rows = {row[0]: row[1] for row in Tables(page).tables[0]}
        self.assertEqual((rows["updates"], rows["biases"], rows["tied copies"], rows["sweeps run"]),
                         ("online", "kept as they are", "sum", "0"))
        self.assertNotIn("<svg", page)
        self.assertIn("No sweep run yet", page)


class RecordingShowsItsReplayPage(unittest.TestCase):
    def test_the_replay_page_inline_exactly_as_replay_html_writes_it(self) -> None:
        net = bp.Network([2, 2, 1], seed=1)
        trainer = bp.Trainer(net, learning_rate=0.5, momentum=0.9, margin=0.1)
        recording = Recording(net, ["E"], weights=True)
        trainer.train(XOR, 30, record=recording)
        frames = Tables(recording._repr_html_()).iframes
        self.assertEqual(len(frames), 1)
        page = bp.draw.replay_html(recording, XOR, trainer.history, margin=0.1,
                                   schedule=[(1, 0.5, 0.9, 0.0)])  # the trainer's ε, α and decay from sweep 1
        self.assertEqual(frames[0]["srcdoc"], page)  # the attribute, unescaped as a browser reads it
        self.assertEqual(frames[0]["sandbox"], "allow-scripts")  # its script runs, kept from the notebook

    def test_the_escaping_keeps_the_page_whole(self) -> None:
        page = '<!DOCTYPE html><p title="it\'s &amp; &lt;">"quoted" & \'single\'</p>'
        frame = bp.draw.notebook.iframe(page)
        self.assertEqual(Tables(frame).iframes[0]["srcdoc"], page)
        self.assertNotIn('"quoted"', frame)  # no quote of the page ends the attribute
        self.assertNotIn("<p", frame)

    def test_an_empty_recording_says_how_to_record(self) -> None:
        net = bp.Network([2, 2, 1], seed=1)
        recording = Recording(net, ["E"], weights=True)
        bp.Trainer(net).train(XOR, 5)  # record= forgotten
        page = recording._repr_html_()
        self.assertEqual(Tables(page).iframes, [])
        self.assertIn("record=recording", html.unescape(page))
        self.assertIn("training without record= leaves it empty", html.unescape(page))

    def test_without_every_weight_or_the_cases_the_curves_and_what_the_page_needs(self) -> None:
        net = bp.Network([2, 2, 1], seed=1)
        recording = Recording(net, ["E", "w[o1<-h1]"])
        bp.Trainer(net).train(XOR, 20, record=recording)
        page = recording._repr_html_()
        self.assertIn(recording.curve_svg(), page)
        self.assertIn("weights=True", page)
        with_weights = Recording(net, ["E"], weights=True)
        bp.Trainer(net).train(XOR, 20, record=with_weights)
        with tempfile.TemporaryDirectory() as folder:
            with_weights.save(os.path.join(folder, "run.json"))
            loaded = Recording.load(os.path.join(folder, "run.json"))
        self.assertIn("needs the cases", loaded._repr_html_())
        frames = Tables(bp.draw.recording_html(loaded, XOR)).iframes
        self.assertEqual(frames[0]["srcdoc"], bp.draw.replay_html(loaded, XOR))


class NotebooksAreStoredEmpty(unittest.TestCase):
    def test_every_notebook_has_no_outputs_and_the_walkthrough_shows_every_object(self) -> None:
        found = notebooks()
        self.assertIn(os.path.join(DOCS, "walkthrough.ipynb"), found)
        for path in found:
            with open(path, encoding="utf-8") as file:
                notebook = json.load(file)
            self.assertEqual(notebook["nbformat"], 4, path)
            code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
            self.assertEqual([(cell["outputs"], cell["execution_count"]) for cell in code], [([], None)] * len(code),
                             f"{path}: CI runs it; its stored outputs stay empty")
            for cell in code:
                for tag in cell["metadata"].get("tags", []):
                    if tag.startswith("shows:"):
                        self.assertIn(tag[6:], SHOWS, path)
        with open(os.path.join(DOCS, "walkthrough.ipynb"), encoding="utf-8") as file:
            cells = json.load(file)["cells"]
        tags = {tag[6:] for cell in cells for tag in cell["metadata"].get("tags", []) if tag.startswith("shows:")}
        self.assertEqual(tags, set(SHOWS))


def kernel_missing() -> Optional[str]:
    """Why the notebooks cannot run in a kernel here, or None."""
    try:
        import ipykernel  # noqa: F401
        import nbclient  # noqa: F401
        import nbformat  # noqa: F401
    except ImportError as error:
        return f"{error.name} is not installed: {INSTALL} runs the notebooks in a real kernel"
    return None


class NotebooksRunInAKernel(unittest.TestCase):
    def setUp(self) -> None:
        if platform.python_implementation() != "CPython":
            self.skipTest("the notebooks run in a CPython kernel, in CPython's test run")
        missing = kernel_missing()
        if not FULL:
            self.skipTest(f"BACKPROP_FULL_TESTS=1 runs every notebook in a kernel, as .ci/run does ({INSTALL}"
                          f"{'' if missing is None else '; ' + missing.split(':')[0]})")
        if missing is not None:
            self.fail(f"BACKPROP_FULL_TESTS=1 runs every notebook, but {missing}")

    def run_notebook(self, path: str) -> Any:
        import nbclient
        import nbformat
        from traitlets.config import Config

        notebook = nbformat.read(path, as_version=4)
        with tempfile.TemporaryDirectory() as folder:
            # The kernel's files (connection, IPython's profile and history) in a temporary folder; the notebook
            # imports this checkout's backprop, and writes no bytecode beside it.
            places = {"IPYTHONDIR": "ipython", "JUPYTER_RUNTIME_DIR": "runtime", "JUPYTER_DATA_DIR": "data",
                      "JUPYTER_CONFIG_DIR": "config"}
            environment = {name: os.path.join(folder, place) for name, place in places.items()}
            environment["PYTHONPATH"] = os.pathsep.join(filter(None, [ROOT, os.environ.get("PYTHONPATH")]))
            environment["PYTHONDONTWRITEBYTECODE"] = "1"
            config = Config()
            config.KernelManager.transport = "ipc"  # sockets as files in the folder, not on the machine's ports
            config.KernelManager.ip = os.path.join(folder, "kernel")  # whole: each process has its own folder
            with unittest.mock.patch.dict(os.environ, environment):
                nbclient.NotebookClient(notebook, config=config, kernel_name="python3", timeout=120,
                                        resources={"metadata": {"path": os.path.dirname(path)}}).execute()
        return notebook

    def test_every_notebook_runs_and_shows_each_display(self) -> None:
        for path in notebooks():
            with self.subTest(notebook=os.path.basename(path)):
                notebook = self.run_notebook(path)  # a cell that raises stops it: CellExecutionError
                for number, cell in enumerate(notebook.cells):
                    if cell.cell_type != "code":
                        continue
                    errors = [output for output in cell.outputs if output.output_type == "error"
                              or output.get("name") == "stderr"]  # an exception, a warning
                    self.assertEqual(errors, [], f"cell {number}")
                    for tag in cell.metadata.get("tags", []):
                        if not tag.startswith("shows:"):
                            continue
                        mime, mark = SHOWS[tag[6:]]
                        shown = [output.data[mime] for output in cell.outputs
                                 if output.output_type in ("execute_result", "display_data") and mime in output.data]
                        self.assertEqual(len(shown), 1, f"cell {number} ({tag}): no {mime} in {cell.outputs}")
                        self.assertIn(mark, shown[0], f"cell {number} ({tag})")


if __name__ == "__main__":
    unittest.main()
