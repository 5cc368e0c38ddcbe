"""The replay page: one self-contained file whose numbers are the library's, checked in a real browser.

The browser tests open pages in headless Chromium with a fragment (#sweep=…&case=…&unit=…), read
back the DOM the page's script left, and compare what it shows with Python: ``bp.explain`` on a copy
of the net set to that sweep's recorded weights, ``net.forward`` for every case, and the History's E
and cases right. Where no Chromium is installed they are skipped with a message; with
BACKPROP_FULL_TESTS=1 (set by .ci/run) a missing browser fails them instead; without it they are
skipped (they are long).
"""

import base64
import contextlib
import copy
import html
import html.parser
import io
import json
import math
import os
import pathlib
import random
import re
import shutil
import struct
import subprocess
import tempfile
import types
import unittest
import unittest.mock
import urllib.parse
from typing import Any, Dict, List, Optional, Sequence, Tuple

import backprop as bp
from backprop import experiments
from backprop.draw.replay import (
    MAX_BYTES,
    check_page_room,
    frames_for_page,
    network_at,
    phase_schedule,
    replay_html,
    replay_page,
    thinned,
)
from backprop.experiments import follow
from backprop.recording import Recording

from .helpers import FULL, LONG_TEST

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
POSITIVE = "#1f5fbf"


def find_browser() -> Optional[str]:
    """Chromium, as BACKPROP_BROWSER names it or as found on the PATH."""
    return os.environ.get("BACKPROP_BROWSER") or next(filter(None, map(shutil.which, BROWSERS)), None)


def chromium(folder: str, *arguments: str) -> "subprocess.Popen[str]":
    """Headless Chromium, with a profile of its own in ``folder``; file pages may read other file pages
    (the harness reads the pages it holds)."""
    browser = find_browser()
    assert browser is not None
    return subprocess.Popen(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions", "--mute-audio",
         "--allow-file-access-from-files", f"--user-data-dir={folder}", "--virtual-time-budget=20000",
         "--window-size=1024,768", *arguments],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, encoding="utf-8")


HARNESS = """<!DOCTYPE html><html><body><pre id="doms"></pre>%s<script>
// Each page opened at its own URL and fragment, 1024 by 768; once all are loaded, their DOMs as JSON.
window.addEventListener("load", function () {
  var doms = {};
  document.querySelectorAll("iframe").forEach(function (frame) {
    doms[frame.name] = frame.contentDocument.documentElement.outerHTML;
  });
  document.getElementById("doms").textContent = JSON.stringify(doms);
});
</script></body></html>"""


def open_pages(views: Dict[str, Tuple[str, str]],
               screenshot: Optional[Tuple[str, str, str]] = None) -> Dict[str, str]:
    """Open each view (a page and a fragment) in one headless Chromium, and take a screenshot of one more
    (page, fragment, PNG path) in a second, at once; return each view's DOM as the page's script left it."""
    folder = tempfile.mkdtemp(prefix="backprop-chromium-")
    try:
        frames = "".join(f'<iframe name="{html.escape(name)}" src="{html.escape(pathlib.Path(page).as_uri())}#'
                         f'{html.escape(fragment)}" width="1024" height="768"></iframe>'
                         for name, (page, fragment) in views.items())
        harness = os.path.join(folder, "harness.html")
        with open(harness, "w", encoding="utf-8") as file:
            file.write(HARNESS % frames)
        running = [chromium(os.path.join(folder, "dom"), "--dump-dom", pathlib.Path(harness).as_uri())]
        if screenshot is not None:
            page, fragment, png = screenshot
            running.append(chromium(os.path.join(folder, "png"), f"--screenshot={png}", "--hide-scrollbars",
                                    pathlib.Path(page).as_uri() + "#" + fragment))
        try:
            dom = running[0].communicate(timeout=120)[0]
            for process in running[1:]:
                process.communicate(timeout=120)
        finally:
            for process in running:
                if process.poll() is None:
                    process.kill()
                    process.wait()
        found = re.search(r'<pre id="doms">(.*?)</pre>', dom, re.S)
        return json.loads(html.unescape(found.group(1))) if found and found.group(1) else {}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


class View(html.parser.HTMLParser):
    """What a dumped page shows: the text of each element with an id, the lines of the equations, the
    attributes of the body, of elements with an id, and of the case rows and the Hinton squares."""

    def __init__(self, dom: str) -> None:
        super().__init__()
        self.text: Dict[str, str] = {}
        self.attributes: Dict[str, Dict[str, str]] = {}
        self.rows: List[Dict[str, str]] = []
        self.squares: List[Dict[str, str]] = []
        self.blocks: Dict[str, List[str]] = {"equations": [], "change": []}  # their lines, a div each
        self.lines = self.blocks["equations"]
        self.change = self.blocks["change"]
        self.open: List[Tuple[str, Optional[str]]] = []
        self.feed(dom)

    def handle_starttag(self, tag: str, attrs: List[Tuple[str, Optional[str]]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag == "body" or "id" in found:
            self.attributes[found.get("id", "body")] = found
        if tag == "tr" and "data-case" in found:
            self.rows.append(found)
        if tag == "rect" and found.get("class") == "weight":
            self.squares.append(found)
        if tag == "div" and self.open and self.open[-1][1] in self.blocks:
            self.blocks[str(self.open[-1][1])].append("")
        if tag not in ("br", "meta", "input", "circle", "rect", "line", "path", "polyline"):
            self.open.append((tag, found.get("id")))

    def handle_endtag(self, tag: str) -> None:
        while self.open and self.open.pop()[0] != tag:
            pass

    def handle_data(self, data: str) -> None:
        for _, name in self.open:
            if name:
                self.text[name] = self.text.get(name, "") + data
        if len(self.open) >= 2 and self.open[-2][1] in self.blocks:
            self.blocks[str(self.open[-2][1])][-1] += data


NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e[+-]\d+)?|nan|-?inf")


class PageCase(unittest.TestCase):
    exact = True  # the browser's e^x is Python's, bit for bit (measured by the probe page)

    def assert_same_text(self, shown: str, python: str) -> None:
        """The page's text is Python's; if the browser's e^x is not Python's to the last bit, a number may
        differ by one unit in its 9th (last written) digit, and nothing else may."""
        if self.exact or shown == python:
            self.assertEqual(shown, python)
            return
        self.assertEqual(NUMBER.split(shown), NUMBER.split(python))
        for a, b in zip(NUMBER.findall(shown), NUMBER.findall(python)):
            x, y = float(a), float(b)
            last_digit = 10 ** (math.floor(math.log10(max(abs(x), abs(y), 1e-300))) - 8)
            self.assertLessEqual(abs(x - y), 1.0001 * last_digit, (a, b))

    def assert_same_number(self, shown: float, python: float) -> None:
        if self.exact:
            self.assertEqual(shown, python)
        else:
            self.assertTrue(math.isclose(shown, python, rel_tol=1e-12, abs_tol=1e-15), (shown, python))


def frame_weights(recording: Recording, sweep: int) -> List[List[float]]:
    return next(weights for s, _, weights in recording.frames() if s == sweep)


class Momentum(Recording):
    """A Recording that also keeps, at every sweep it takes, what the trainer held as Δw(t−1) (its
    ``last_changes``, before the sweep's change): the trainer's own numbers, to hold the page's change to."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.changes: Dict[int, List[List[float]]] = {}

    def take(self, trainer: bp.Trainer, cases: Any) -> None:
        super().take(trainer, cases)
        self.changes[trainer.history.sweeps] = [list(change) for change in trainer.last_changes]


class Both:
    """Two recordings of one run (``Trainer.train`` takes one ``record``): every sweep into each."""

    def __init__(self, *recordings: Recording) -> None:
        self.recordings = recordings

    def check(self, *args: Any) -> None:
        for recording in self.recordings:
            recording.check(*args)

    def take(self, *args: Any) -> None:
        for recording in self.recordings:
            recording.take(*args)

    def truncate(self, *args: Any) -> None:
        for recording in self.recordings:
            recording.truncate(*args)


def trained(recipe: Any, seed: int, units: Sequence[str] = (), thinned_too: bool = False) -> types.SimpleNamespace:
    """A recipe's run as ``experiments.run`` trains it (phase by phase, ``follow``), recording E, every weight, the
    trainer's Δw(t−1) and the summed ∂E/∂w of every weight of ``units`` at every sweep (max_frames as
    ``frames_for_page`` says); ``thinned_too``: also a recording of the same run that keeps at most 1,000 frames."""
    net = recipe.build(seed, recipe.weight_range)
    names = ["E"] + [f"∂E/∂{net.unit(unit).weight_name(k)}" for unit in units for k in range(len(net.unit(unit).w))]
    recording = Momentum(net, names, weights=True, max_frames=frames_for_page(net, [*recipe.cases, *recipe.test_cases]))
    thin = Recording(net, ["E"], weights=True, max_frames=1000)
    first = recipe.phases[0]
    trainer = bp.Trainer(net, learning_rate=first.learning_rate, momentum=first.momentum, margin=recipe.margin,
                         online=recipe.online, tied=recipe.tied)
    ending = follow(recipe.plan, trainer, recipe.cases, None, Both(recording, thin) if thinned_too else recording)
    last = trainer.history.sweeps
    if [list(group[0].w) for group in net.weight_groups] != frame_weights(recording, last):  # its change was made
        recording.changes[last + 1] = [list(change) for change in trainer.last_changes]
    return types.SimpleNamespace(recipe=recipe, recording=recording, thinned=thin, history=trainer.history, net=net,
                                 cases=list(recipe.cases), held_out=list(recipe.test_cases),
                                 schedule=phase_schedule(recipe.phases, recipe.weight_decay, ending.decay_started_at))


def number(v: float) -> str:
    return f"{v:.9g}"  # trace.number: as explain writes every number


def factor(v: float) -> str:
    return f"({number(v)})" if v < 0 else number(v)


def change_text(run: types.SimpleNamespace, sweep: int, unit: str, case: int) -> Tuple[List[str], Dict[str, Any]]:
    """The lines the page writes for ``unit``'s weights at ``sweep`` in batch training, and their numbers, from the
    trainer's own: the summed ∂E/∂w a Recording read, the Δw(t−1) and Δw the trainer held, the weights it recorded
    at the next sweep (or left the net with), and ``case``'s own ∂E/∂w as explain computes it."""
    recording = run.recording
    net = network_at(recording, frame_weights(recording, sweep))
    neuron = net.unit(unit)
    names = [neuron.weight_name(k) for k in range(len(neuron.w))]
    sums = [recording.values(f"∂E/∂{name}")[1][recording.values("E")[0].index(sweep)] for name in names]
    group_index, group = next((g, group) for g, group in enumerate(net.weight_groups) if neuron in group)
    twin = copy.deepcopy(net)  # what the trainer's (8) uses: the tied copies' sums averaged
    twin.zero_gradients()
    list(twin.backpropagate(run.cases, run.recipe.margin, to_inputs=False))
    used = [sum(column) / len(group) for column in zip(*[copy_.dE_dw for copy_ in twin.weight_groups[group_index]])]
    case_net = copy.deepcopy(net)
    case_net.zero_gradients()
    case_net.forward([*run.cases, *run.held_out][case][0])
    case_net.backward([*run.cases, *run.held_out][case][1])
    this_case = case_net.unit(unit).dE_dw
    first, epsilon, alpha, decay = [setting for setting in run.schedule if setting[0] <= sweep][-1]
    stopped = sweep + 1 not in recording.changes
    lines = [f"sweep {sweep}: ε = {epsilon:.6g}, α = {alpha:.6g}" + (f", weight decay {decay:.6g}" if decay else "")]
    if stopped:
        lines.append("no Δw: training stopped before this sweep's change")
    else:
        lines.append(("Δw = −ε·Σ∂E/∂w + α·Δw(t−1)   (8)+(9)" if alpha else "Δw = −ε·Σ∂E/∂w   (8)") + "; new w = " +
                     (f"(w + Δw)×(1 − {number(decay)})" if decay else "w + Δw"))
    previous = recording.changes[sweep][group_index]
    change = None if stopped else recording.changes[sweep + 1][group_index]
    if stopped:
        after = None
    elif sweep + 1 in recording.values("E")[0]:
        after = frame_weights(recording, sweep + 1)[group_index]
    else:  # the last sweep: the weights the net was left with
        after = list(run.net.weight_groups[group_index][0].w)
    width = max(map(len, names))
    wide = width > 12
    width = 0 if wide else width
    for k, name in enumerate(names):
        said = [f"Σ∂E/∂w = {number(sums[k])}   (this case: {number(this_case[k])})   (6)"]
        if len(group) > 1:
            said.append(f"(8) uses the {len(group)} tied copies' Σ averaged: {number(used[k])}")
        if change is not None and after is not None:
            said.append(f"Δw = −{number(epsilon)}×{factor(used[k])}" +
                        (f" + {number(alpha)}×{factor(previous[k])}" if alpha else "") + f" = {number(change[k])}")
            said.append("new w = " + ("(" if decay else "") + f"{number(neuron.w[k])} + {factor(change[k])}" +
                        (f")×{number(1.0 - decay)}" if decay else "") + f" = {number(after[k])}")
        if wide:
            lines.append(name)
        lines += [(name.ljust(width) if n == 0 and not wide else " " * width) + "  " + text
                  for n, text in enumerate(said)]
    values = {"how": "stopped" if stopped else "exact", "sums": sums, "used": used, "case": this_case,
              "previous": None if stopped else previous, "change": change, "next": after}
    return lines, values


def missing_browser(test: unittest.TestCase) -> None:
    if not FULL:
        test.skipTest(f"the page in a browser is {LONG_TEST}")
    if find_browser() is None:
        test.fail("no chromium here (apt-get install chromium), and BACKPROP_FULL_TESTS=1 asks for the pages to be "
                  "opened in a browser")


class InTheBrowser(PageCase):
    """Pages of several runs, each opened at a moment; every view compared with Python."""

    folder: str
    doms: Dict[str, str]
    runs: Dict[str, Any]

    @classmethod
    def setUpClass(cls) -> None:
        cls.doms, cls.runs = {}, {}
        if not FULL or find_browser() is None:
            return
        cls.folder = tempfile.mkdtemp(prefix="backprop-replay-")
        # The paper's runs as experiments.run trains them, with the trainer's Δw(t−1) kept at every sweep.
        symmetry = trained(experiments.SYMMETRY.recipe(1), 1, ["o1", "h1"], thinned_too=True)
        trees = trained(experiments.FAMILY_TREES.recipe(0, sweeps=30), 0, ["person_code2", "answer9", "central3"])
        predict = trained(experiments.PREDICT_NEXT_RUN.recipe(0, sweeps=60), 0, ["s4.1"])
        online = trained(experiments.XOR.recipe(0, online=True, sweeps=30), 0)
        skip_net = experiments.skip_network(1, 0.5)
        skip_recording = Recording(skip_net, ["E"], weights=True, max_frames=40)  # thinned as it records
        skip_trainer = bp.Trainer(skip_net, learning_rate=0.5, momentum=0.5, online=True)
        skip_trainer.train(bp.tasks.xor().cases, 100, record=skip_recording)
        xor = experiments.xor(seed=0, recording=True)

        def page_of(run: types.SimpleNamespace, recording: Optional[Recording] = None, **more: Any) -> str:
            return replay_html(recording or run.recording, run.cases, run.history, held_out=run.held_out,
                               margin=run.recipe.margin, online=run.recipe.online, schedule=run.schedule,
                               tied=run.recipe.tied, **more)

        pages = {
            "symmetry": page_of(symmetry, title="symmetry"),
            "symmetry thinned": page_of(symmetry, symmetry.thinned, title="symmetry"),
            "trees": page_of(trees, view=experiments.FAMILY_TREES.view),
            "predict": page_of(predict),
            "online": page_of(online),
            "skip": replay_html(skip_recording, bp.tasks.xor().cases, skip_trainer.history, online=True),
            "probe": replay_html(xor.recording, xor.cases, xor.history).replace(
                "</body>", f"<script>\n{PROBE % json.dumps(probe_data())}</script>\n</body>"),
        }
        paths = {}
        for name, text in pages.items():
            paths[name] = os.path.join(cls.folder, f"{name.replace(' ', '-')}.html")
            with open(paths[name], "w", encoding="utf-8") as file:
                file.write(text)
        last = symmetry.history.sweeps
        cls.runs = {"symmetry": symmetry, "trees": trees, "predict": predict, "online": online, "xor": xor,
                    "skip": (skip_recording, skip_trainer.history)}
        cls.views = {  # name: (page, sweep, case, unit)
            "symmetry at the start": ("symmetry", 1, 0, "o1"),
            "symmetry on its plateau": ("symmetry", 700, 12, "h1"),
            "symmetry at the end": ("symmetry", last, 63, "i3"),
            "symmetry at the end, its output": ("symmetry", last, 63, "o1"),
            "symmetry, a sweep the recording left out": ("symmetry thinned", 547, 12, "o1"),
            "family trees, a held-out case": ("trees", 30, 101, "person_code2"),
            "family trees, an answer unit": ("trees", 12, 7, "answer9"),
            "family trees, where ε changes": ("trees", 21, 0, "central3"),
            "unrolled, a unit read along the way": ("predict", 40, 3, "s4.1"),
            "skip connections, online": ("skip", skip_recording.frames()[-2][0], 2, "i1"),
            "skip connections, online, its output": ("skip", skip_recording.frames()[-2][0], 2, "o1"),
            "online, every sweep kept": ("online", 20, 1, "h1"),
            "probe": ("probe", 1, 0, "o1"),
        }
        cls.screenshot = os.path.join(cls.folder, "symmetry.png")
        cls.doms = open_pages({name: (paths[page], f"sweep={sweep}&case={case}&unit={unit}")
                               for name, (page, sweep, case, unit) in cls.views.items()},
                              (paths["symmetry"], "sweep=700&case=12&unit=h1", cls.screenshot))
        probe = json.loads(View(cls.doms["probe"]).text.get("probe", "null") or "null")
        cls.exact = bool(probe) and probe["exp differs"] == 0

    @classmethod
    def tearDownClass(cls) -> None:
        if cls.runs:
            shutil.rmtree(cls.folder, ignore_errors=True)

    def setUp(self) -> None:
        missing_browser(self)

    def view(self, name: str) -> View:
        self.assertIn(name, self.doms, "the browser did not give back this page")
        view = View(self.doms[name])
        self.assertEqual(view.text.get("errors", ""), "", f"the page's script raised an error ({name})")
        self.assertEqual(view.attributes["body"].get("data-ready"), "yes", f"the script did not finish ({name})")
        return view

    def check_view(self, name: str, recording: Recording, cases: Sequence[Any], history: Optional[bp.History],
                   batch: bool = True) -> View:
        """The page at (sweep, case, unit) shows the sweep, its E and cases right, every case's outputs, and the
        unit's equations (1)-(7) as explain writes them for the net at that sweep's weights."""
        page, sweep, case, unit = self.views[name]
        view = self.view(name)
        self.assertEqual(view.text["sweep-shown"], f"sweep {sweep}")
        net = network_at(recording, frame_weights(recording, sweep))
        inputs, targets = cases[case]
        self.assert_same_text("\n".join(view.lines), bp.explain(net, inputs, targets, unit=unit))
        twin = copy.deepcopy(net)  # the unit's own numbers, full precision, as forward and backward leave them
        twin.zero_gradients()
        twin.forward(inputs)
        twin.backward(targets)
        shown = json.loads(view.attributes["equations"]["data-values"])
        found = twin.unit(unit)
        for field in ("x", "y", "dE_dy", "dE_dx"):
            if field in shown and shown[field] is not None:
                self.assert_same_number(shown[field], getattr(found, field))
        for a, b in zip(shown["dE_dw"] or [], getattr(found, "dE_dw", [])):
            self.assert_same_number(a, b)
        self.assertEqual(sorted(int(row["data-case"]) for row in view.rows), list(range(len(cases))))
        right = 0
        for row in view.rows:
            case_inputs, case_targets = cases[int(row["data-case"])]
            outputs = net.forward(case_inputs)
            for a, b in zip(map(float, row["data-outputs"].split()), outputs):
                self.assert_same_number(a, b)
            right += max(abs(y - d) for y, d in zip(outputs, case_targets)) < 0.5
            self.assertEqual(row["data-right"], str(int(max(abs(y - d) for y, d in zip(outputs, case_targets)) < 0.5)))
        if history is not None:
            self.assertEqual(view.text["error-shown"], f"E = {history.errors[sweep - 1]:.6g}")
            if batch:  # the weights every case of the sweep saw: the History counted the same cases right
                trained_on = len(cases) - sum("held-out" in row.get("class", "") for row in view.rows)
                self.assertIn(f"{history.cases_right[sweep - 1]} of {trained_on} right", view.text["cases-heading"])
        return view

    def test_symmetry_at_the_start_on_its_plateau_and_at_the_end(self) -> None:
        run = self.runs["symmetry"]
        for name in ("symmetry at the start", "symmetry on its plateau", "symmetry at the end"):
            with self.subTest(view=name):
                view = self.check_view(name, run.recording, run.cases, run.history)
                self.assertEqual(view.attributes["body"].get("data-fits"), "yes", "wider than 1024 pixels")
        plateau = self.view("symmetry on its plateau")
        self.assertIn("56 of 64 right", plateau.text["cases-heading"])  # every output near 0: the 8 symmetric wrong

    def test_the_sweeps_summed_gradient_and_its_change_are_the_trainers(self) -> None:
        # Σ∂E/∂w as the Recording read it from the trainer's units; Δw(t−1) and Δw as the trainer held them; the new
        # w as recorded at the next sweep (or as the net was left); this case's ∂E/∂w as explain computes it.
        for name, run in (("symmetry at the start", "symmetry"), ("symmetry on its plateau", "symmetry"),
                          ("symmetry at the end, its output", "symmetry"), ("family trees, a held-out case", "trees"),
                          ("family trees, an answer unit", "trees"), ("family trees, where ε changes", "trees"),
                          ("unrolled, a unit read along the way", "predict")):
            with self.subTest(view=name):
                _, sweep, case, unit = self.views[name]
                view = self.view(name)
                lines, values = change_text(self.runs[run], sweep, unit, case)
                self.assert_same_text("\n".join(view.change), "\n".join(lines))
                shown = json.loads(view.attributes["change"]["data-values"])
                self.assertEqual(shown["how"], values["how"])
                for field in ("sums", "used", "case", "previous", "change", "next"):
                    if values[field] is None:
                        self.assertIsNone(shown[field], field)
                        continue
                    self.assertEqual(len(shown[field]), len(values[field]), field)
                    for a, b in zip(shown[field], values[field]):
                        self.assert_same_number(a, b)
        quoted = "Σ∂E/∂w = 0.00337997492   (this case: 0)"  # docs/WATCH_IT_LEARN.md reads the plateau's h1
        self.assertIn(f"w[h1←i1]  {quoted}   (6)", self.view("symmetry on its plateau").change)
        self.assertIn(f"`{quoted}`", read("docs", "WATCH_IT_LEARN.md"))
        said = self.view("family trees, a held-out case").text["change-note"]
        self.assertIn("over the 100 cases trained on (not the 4 held out), an output within 0.2 of its target adding "
                      "nothing", said)
        self.assertIn("each gives the next sweep's weights exactly", said)
        self.assertIn("Training stopped at this sweep, before its change",
                      self.view("symmetry at the end, its output").text["change-note"])
        self.assertEqual(self.view("symmetry at the end").text["change-note"],  # i3
                         "An input unit has no weights: nothing of it changes.")
        self.assertEqual(self.view("symmetry at the end").change, [])

    def test_online_the_sweeps_changes_together(self) -> None:
        run = self.runs["online"]
        view = self.check_view("online, every sweep kept", run.recording, run.cases, run.history, batch=False)
        h1 = [group[0].name for group in run.net.weight_groups].index("h1")
        before, after = frame_weights(run.recording, 19)[h1], frame_weights(run.recording, 20)[h1]
        names = ["w[h1←i1]", "w[h1←i2]", "bias[h1]"]
        self.assertEqual(view.change, [f"{name}  w after sweep 19 = {number(a)}, after sweep 20 = {number(b)}; the "
                                       f"sweep's changes: {number(b)} − {factor(a)} = {number(b - a)}"
                                       for name, a, b in zip(names, before, after)])
        self.assertIn("So here are the 4 changes of sweep 20 together.", view.text["change-note"])
        skip = self.view("skip connections, online, its output")  # one sweep in 4 kept: not the sweep before
        self.assertIn("are not on this page: the sweep's changes are not known here", skip.text["change-note"])

    def test_a_sweep_not_on_the_page_is_said_and_the_nearest_shown(self) -> None:
        view = self.view("symmetry, a sweep the recording left out")
        self.assertEqual(view.text["sweep-shown"], "sweep 546")
        self.assertEqual(view.text["view-note"], "Sweep 547 is not on this page, which holds every 2nd sweep of 1012 "
                                                 "(507 sweeps; the recording kept at most 1,000 frames); showing sweep "
                                                 "546, the nearest.")
        self.assertEqual(json.loads(view.attributes["change"]["data-values"])["how"], "unknown")
        self.assertIn("Δw is not known here: sweep 547 is not on this page", view.text["change-note"])
        whole = self.view("symmetry on its plateau")  # every sweep: nothing to say
        self.assertNotIn("sweeps-note", whole.attributes)
        self.assertEqual(whole.text.get("view-note", ""), "")

    def test_the_held_out_cases_come_first(self) -> None:
        view = self.view("family trees, a held-out case")
        order = [int(row["data-case"]) for row in view.rows]
        self.assertEqual(order, [100, 101, 102, 103, *range(100)])
        self.assertTrue(all("held-out" in row.get("class", "") for row in view.rows[:4]))
        self.assertIn("held out (not trained on): 4", view.text["cases"])
        self.assertIn("trained on: 100", view.text["cases"])
        self.assertLess(view.text["cases"].index("held out"), view.text["cases"].index("Christopher's wife"))

    def test_family_trees_with_held_out_cases_and_the_hinton_diagram(self) -> None:
        run = self.runs["trees"]
        cases = [*run.cases, *run.recipe.test_cases]
        view = self.check_view("family trees, a held-out case", run.recording, cases, run.history)
        self.check_view("family trees, an answer unit", run.recording, cases, run.history)
        self.assertEqual(view.attributes["body"].get("data-fits"), "yes")
        self.assertEqual(sum("held-out" in row.get("class", "") for row in view.rows), 4)
        self.assertIn("(4) is written as explain writes it", self.doms["family trees, a held-out case"])
        net = network_at(run.recording, frame_weights(run.recording, 30))
        weights = [w for neuron in net.layers[2].neurons for w in neuron.w]  # person_code, Fig. 4's squares
        self.assertEqual(len(view.squares), len(weights))
        largest = max(map(abs, weights))
        for square, w in zip(view.squares, weights):
            self.assertEqual(square["fill"], POSITIVE if w >= 0 else "white")
            self.assertAlmostEqual(float(square["width"]), 18 * 0.8 * math.sqrt(abs(w) / largest), delta=0.006)

    def test_an_unrolled_net_and_a_skip_net_trained_online(self) -> None:
        run = self.runs["predict"]
        view = self.check_view("unrolled, a unit read along the way", run.recording, run.cases, run.history)
        self.assertIn("(4)+(7)", "\n".join(view.lines))
        recording, history = self.runs["skip"]
        view = self.check_view("skip connections, online", recording, bp.tasks.xor().cases, history, batch=False)
        self.assertEqual(sum(line.count("×") for line in view.lines if line.endswith("(7)")), 2)  # i1 feeds h1 and o1
        self.assertIn("after its last change (online training)", self.doms["skip connections, online"])

    def test_numbers_are_written_and_summed_as_python_does(self) -> None:
        probe = json.loads(self.view("probe").text["probe"])
        data = probe_data()
        self.assertEqual(probe["g9"], [f"{v:.9g}" for v in data["values"]])
        self.assertEqual(probe["g6"], [f"{v:.6g}" for v in data["values"]])
        self.assertEqual(probe["f2"], [f"{v:.2f}" for v in data["values"]])
        self.assertEqual(probe["f3"], [f"{v:.3f}" for v in data["values"]])
        self.assertEqual(probe["sums"], [sum(values) for values in data["lists"]])

    def test_keys_step_play_and_choose_and_the_fragment_follows(self) -> None:
        probe = json.loads(self.view("probe").text["probe"])
        sweeps = self.runs["xor"].recording.sweeps + ([self.runs["xor"].sweeps] if self.runs["xor"].recording.latest
                                                      else [])
        steps = [re.search(r"sweep=(\d+)", fragment).group(1) for fragment in probe["fragments"][:5]]
        self.assertEqual(steps, [str(s) for s in (sweeps[-1], sweeps[-2], sweeps[-12], sweeps[0], sweeps[1])])
        self.assertIn("unit=h2", probe["fragments"][5])  # Enter on unit h2's circle
        self.assertIn("case=2&", probe["fragments"][6])  # Enter on case 2's row
        self.assertIn("case=3&", probe["fragments"][7])  # ↓ from there
        self.assertEqual(probe["play"], ["❚❚ pause", "▶ play"])  # space plays, space again pauses

    def test_a_screenshot_at_1024_by_768(self) -> None:
        with open(self.screenshot, "rb") as file:
            png = file.read()
        self.assertEqual(png[:8], b"\x89PNG\r\n\x1a\n")
        self.assertEqual(struct.unpack(">II", png[16:24]), (1024, 768))
        self.assertGreater(len(png), 30000)  # not a blank page


PROBE = """\
// tests/test_replay.py: Python's number formats and sum() against the page's, e^x, and the keys.
(function () {
  var data = %s, R = window.backpropReplay, fragments = [], play = [];
  function key(target, name, shift) {
    target.dispatchEvent(new KeyboardEvent("keydown", {key: name, shiftKey: !!shift, bubbles: true, cancelable: true}));
    fragments.push(location.hash);
  }
  key(document.body, "End"); key(document.body, "ArrowLeft"); key(document.body, "ArrowLeft", true);
  key(document.body, "Home"); key(document.body, "ArrowRight");
  key(document.querySelector('circle.unit[data-unit="h2"]'), "Enter");
  var row = document.querySelector('#cases tr[data-case="2"]');
  key(row, "Enter"); key(row, "ArrowDown");
  key(document.body, " "); play.push(document.getElementById("play").textContent);
  key(document.body, " "); play.push(document.getElementById("play").textContent);
  var differs = 0;
  data.exp.forEach(function (pair) { if (Math.exp(pair[0]) !== pair[1]) differs++; });
  var out = document.createElement("pre");
  out.id = "probe";
  out.textContent = JSON.stringify({
    g9: data.values.map(function (v) { return R.g(v, 9); }), g6: data.values.map(function (v) { return R.g(v, 6); }),
    f2: data.values.map(function (v) { return R.f(v, 2); }), f3: data.values.map(function (v) { return R.f(v, 3); }),
    sums: data.lists.map(R.sum), "exp differs": differs, fragments: fragments, play: play});
  document.body.appendChild(out);
})();
"""


def probe_data() -> Dict[str, Any]:
    """Values that are hard to write (halves exactly between two roundings, powers of ten, the ends of the
    fixed and exponent forms, −0), random ones of every size, lists to sum, and e^x as Python has it."""
    rng = random.Random(12)
    values = [0.0, -0.0, 1.0, -1.0, 0.5, 2.5, 0.125, 0.375, -0.125, 0.005, 0.0049999, 1.005, 2.675, 1e-5, 1.5e-5,
              0.0001, 0.00012345678949, 123456788.5, 123456789.5, -123456788.5, 999999999.5, 999999998.5, 1e9,
              123456789012.0, 9.9999999995, 0.99999999995, 1e300, -1e-300, 5e-324, 1.7976931348623157e308,
              0.1 + 0.2, 1 / 3, 2 / 3, 99.995, 0.0005, 0.00049999999999999, 1234567.125, 7.0625]
    values += [k / 64 for k in range(-130, 130)]
    values += [rng.uniform(-1, 1) * 10 ** rng.randint(-15, 15) for _ in range(400)]
    values += [rng.choice([-1, 1]) * (rng.randrange(10**8, 10**9) + 0.5) * 2.0 ** rng.randint(-40, 10)
               for _ in range(200)]
    lists = [[rng.uniform(-1, 1) * 10 ** rng.randint(-8, 8) for _ in range(rng.randint(1, 30))] for _ in range(300)]
    xs = [rng.uniform(-40, 40) for _ in range(3000)]
    return {"values": values, "lists": lists, "exp": [[x, math.exp(x)] for x in xs]}


def two_case_run(network: bp.Network, sweeps: int) -> Tuple[Recording, List[Any], bp.History]:
    """A few sweeps of ``network`` on two cases (all inputs 0, targets 0; all 1, targets 1), every weight recorded."""
    cases = [([0.0] * network.input_size, [0.0] * network.output_size),
             ([1.0] * network.input_size, [1.0] * network.output_size)]
    recording = Recording(network, ["E"], weights=True)
    history = bp.Trainer(network, learning_rate=0.5).train(cases, sweeps, record=recording)
    return recording, cases, history


def named_network(name: str, size: int = 2) -> bp.Network:
    """in:2 → ``name``:size → out:1, the middle layer named by the test."""
    inputs = bp.Layer.input(2, name="in")
    middle = bp.Layer(size, inputs=inputs, name=name)
    return bp.Network.from_layers([inputs, middle, bp.Layer(1, inputs=middle, name="out")], seed=0)


COMMENT = "<!--<script>"  # a name that once put the page's data into HTML's escaped-script state
MARKUP = '<b id="injected">bold</b>'  # a name that once became an element of the page, in a wide net's legend
LONG = "L" * 5000
FRAGMENTS = {  # what an address asks for → what the page says of it
    "unit=constructor": "The address asked for unit 'constructor', which this net does not have; showing o1.",
    "unit=__proto__": "The address asked for unit '__proto__', which this net does not have; showing o1.",
    "unit=toString": "The address asked for unit 'toString', which this net does not have; showing o1.",
    "sweep=%": "The address's 'sweep=%' cannot be read (it is not well-formed): left out.",
    "sweep=2&unit=%E0%A4%A": "The address's 'unit=%E0%A4%A' cannot be read (it is not well-formed): left out.",
    "case=7&colour=red": "The address's 'colour=red' means nothing here (sweep=, case= and unit= do): left out. "
                         "The address asked for case '7', which this page does not have (it has cases 0 to 3); "
                         "showing case 0.",
}


class NoNameAddressOrSizeBreaksThePage(PageCase):
    """Pages for hostile names, addresses a page does not understand, nets too big for 2 MB, and names of
    5,000 characters: each runs to its end in the browser, and says what it could not show."""

    exact = False  # these pages are opened for what they show, not to measure the browser's e^x
    doms: Dict[str, str]

    @classmethod
    def setUpClass(cls) -> None:
        cls.doms, cls.runs, cls.pages, cls.notes = {}, {}, {}, {}
        cls.runs = {
            "comment": two_case_run(named_network(COMMENT), 3),
            "markup": two_case_run(named_network(MARKUP, size=13), 3),  # a row of 13: the legend under the picture
            "big": two_case_run(bp.Network([128, 128, 128], seed=0), 8),
            "many units": two_case_run(bp.Network([3000, 2, 1], seed=0), 2),
            "long": two_case_run(named_network(LONG), 3),
            "long and wide": two_case_run(named_network(LONG, size=13), 3),
        }
        xor = experiments.xor(seed=0, recording=True)
        cls.runs["xor"] = (xor.recording, xor.cases, xor.history)
        for name, (recording, cases, history) in cls.runs.items():
            cls.pages[name], cls.notes[name] = replay_page(recording, cases, history)
        cls.pages["xor, a wrong ε"] = replay_html(xor.recording, xor.cases, xor.history,  # ε is 0.5
                                                  schedule=[(1, 0.123, 0.9, 0.0)])
        if not FULL or find_browser() is None:
            return
        cls.folder = tempfile.mkdtemp(prefix="backprop-replay-")
        paths = {}
        for name, text in cls.pages.items():
            paths[name] = os.path.join(cls.folder, f"{re.sub('[^a-z]+', '-', name)}.html")
            with open(paths[name], "w", encoding="utf-8") as file:
                file.write(text)
        views = {"comment": ("comment", "unit=" + urllib.parse.quote(COMMENT + "1")),
                 "markup": ("markup", ""), "big": ("big", "unit=o5"), "many units": ("many units", ""),
                 "long": ("long", ""), "long and wide": ("long and wide", ""),
                 "long, a long unit asked for": ("long", "unit=" + "Z" * 5000),
                 "xor, understood": ("xor", "sweep=2&case=1&unit=h1"),
                 "xor, a wrong ε": ("xor, a wrong ε", "sweep=2&case=1&unit=h1")}
        views.update({f"xor#{fragment}": ("xor", fragment) for fragment in FRAGMENTS})
        cls.doms = open_pages({name: (paths[page], fragment) for name, (page, fragment) in views.items()})

    @classmethod
    def tearDownClass(cls) -> None:
        if cls.doms:
            shutil.rmtree(cls.folder, ignore_errors=True)

    def view(self, name: str) -> View:
        missing_browser(self)
        self.assertIn(name, self.doms, "the browser did not give back this page")
        view = View(self.doms[name])
        self.assertEqual(view.text.get("errors", ""), "", f"the page's script raised an error ({name})")
        self.assertEqual(view.attributes["body"].get("data-ready"), "yes", f"the script did not finish ({name})")
        return view

    def test_a_name_that_opens_an_html_comment_leaves_the_script_running(self) -> None:
        view = self.view("comment")  # opened at that unit: its equations, and its name in the list of units
        self.assertIn(f"{COMMENT}1 ({COMMENT}: hidden)", view.text["unit-choice"])
        self.assertEqual(view.attributes["equations"]["data-unit"], COMMENT + "1")
        self.assertTrue(view.lines[1].startswith(f"  {COMMENT}1  x = "), view.lines[:2])
        self.assertIn("hidden", view.attributes["view-note"])  # the address was understood: nothing to say
        data = re.search(r'<script type="application/json" id="replay-data">(.*?)</script>', self.pages["comment"],
                         re.S).group(1)
        self.assertNotIn("<", data)  # no name can end the block or open a comment in it
        self.assertEqual(json.loads(data)["units"][2]["name"], COMMENT + "1")

    def test_a_name_is_written_as_text_never_as_markup(self) -> None:
        view = self.view("markup")
        self.assertNotIn("injected", view.attributes)
        self.assertIn(html.escape(MARKUP, quote=False) + ": hidden", self.pages["markup"])

    def test_an_address_the_page_does_not_understand_is_left_out_and_said(self) -> None:
        understood = self.view("xor, understood")
        self.assertEqual((understood.text["sweep-shown"], understood.attributes["equations"]["data-unit"]),
                         ("sweep 2", "h1"))
        self.assertEqual(understood.text.get("view-note", ""), "")
        for fragment, said in FRAGMENTS.items():
            with self.subTest(fragment=fragment):
                view = self.view(f"xor#{fragment}")
                self.assertEqual(view.text.get("view-note"), said)
                self.assertNotIn("hidden", view.attributes["view-note"])
                self.assertEqual(view.attributes["equations"]["data-unit"], "o1")  # the view it had: o1, case 0
                self.assertEqual(view.text["sweep-shown"], "sweep 2" if fragment.startswith("sweep=2") else "sweep 1")

    def test_without_the_trainers_settings_the_change_is_read_from_the_weights(self) -> None:
        recording, cases, history = self.runs["xor"]
        net = network_at(recording, frame_weights(recording, 2))
        h1 = [group[0].name for group in net.weight_groups].index("h1")
        before, after = frame_weights(recording, 2)[h1], frame_weights(recording, 3)[h1]
        net.zero_gradients()
        list(net.backpropagate(cases, to_inputs=False))  # the sweep's Σ∂E/∂w, as training sums it
        sums = net.unit("h1").dE_dw
        for name, why in (("xor, understood", "this page was not given the trainer's ε and α"),
                          ("xor, a wrong ε", "the ε, α and weight decay given do not give the weights of sweep 2")):
            with self.subTest(page=name):
                view = self.view(name)
                shown = json.loads(view.attributes["change"]["data-values"])
                self.assertEqual((shown["how"], shown["sums"], shown["next"]), ("weights", sums, after))
                self.assertEqual(shown["change"], [b - a for a, b in zip(before, after)])
                self.assertIn(f"Δw(t−1) is not known here ({why}): the new w is the weights of sweep 3",
                              view.text["change-note"])
                self.assertIn(f"{' ' * 10}new w = {number(after[0])}; Δw = {number(after[0])} − {factor(before[0])} = "
                              f"{number(after[0] - before[0])}", view.change)
        wrong = self.view("xor, a wrong ε").change
        self.assertIn(f"{' ' * 10}(8): −0.123×{factor(sums[0])} = {number(-0.123 * sums[0])}; (9): α·Δw(t−1) = "
                      f"{number(after[0] - before[0])} − {factor(-0.123 * sums[0])} = "
                      f"{number(after[0] - before[0] - -0.123 * sums[0])}", wrong)

    def test_a_128_128_128_page_stays_within_2_mb_and_says_what_it_leaves_out(self) -> None:
        page, notes = self.pages["big"], self.notes["big"]
        self.assertLessEqual(len(page.encode("utf-8")), MAX_BYTES)  # 8.1 MB before: 32,768 lines drawn
        # One sweep's 33,024 weights take 352,176 bytes in base64, so 4 of the 8 sweeps fit beside the rest of the
        # page (0.4 MB); every 3rd is the smallest step that keeps at most 4: sweeps 1, 3, 6 and 8.
        self.assertEqual(notes, ["the 32,768 lines of the network are not drawn (too many for 2 MB)",
                                 "every 3rd sweep of 8 kept (4 of the 8 recorded)"])
        data = json.loads(re.search(r'id="replay-data">(.*?)</script>', page, re.S).group(1))
        self.assertEqual(data["sweeps"], [1, 3, 6, 8])
        raw = base64.b64decode(data["weights"])
        recording = self.runs["big"][0]
        kept = [w for sweep in (1, 3, 6, 8) for group in frame_weights(recording, sweep) for w in group]
        self.assertEqual(list(struct.unpack(f"<{len(raw) // 8}d", raw)), kept)  # every weight kept exactly
        view = self.view("big")
        self.assertEqual(view.text["left-out"], "To stay within 2 MB: " + "; ".join(notes) + ".")
        _, cases, _ = self.runs["big"]
        net = network_at(recording, frame_weights(recording, 1))
        self.assert_same_text("\n".join(view.lines), bp.explain(net, cases[0][0], cases[0][1], unit="o5"))
        self.assertEqual(view.attributes["body"].get("data-fits"), "yes")

    def test_a_64_64_64_page_stays_within_2_mb(self) -> None:
        recording, cases, history = two_case_run(bp.Network([64, 64, 64], seed=0), 3)
        page, notes = replay_page(recording, cases, history)
        self.assertLessEqual(len(page.encode("utf-8")), MAX_BYTES)  # 2.10 MB before
        self.assertEqual(notes, ["the 8,192 lines of the network are not drawn (too many for 2 MB)"])

    def test_a_net_of_too_many_units_is_not_drawn_and_the_page_still_runs(self) -> None:
        self.assertIn('id="not-drawn"', self.pages["many units"])
        self.assertEqual(self.notes["many units"],
                         ["the network is not drawn (its 3,003 units and 6,002 lines are too many for 2 MB)"])
        view = self.view("many units")
        self.assertEqual(view.attributes["equations"]["data-unit"], "o1")

    def test_a_run_of_which_not_one_sweep_fits_is_refused(self) -> None:
        recording, cases, history = self.runs["xor"]
        with self.assertRaisesRegex(ValueError, r"^a replay page of at most 0\.03 MB cannot hold this run: one sweep "
                                                r"of its 9 weights takes 136 bytes, the rest of the page"):
            replay_page(recording, cases, history, max_bytes=30_000)
        check_page_room(bp.Network([128, 128, 128]))  # fits, without its lines
        with self.assertRaisesRegex(ValueError, "cannot hold this net: one sweep of its 200,401 weights takes 2.14 MB"):
            check_page_room(bp.Network([1000, 200, 1]))  # (1000 + 1) * 200 + 200 + 1 weights, 8 bytes each

    def test_names_of_5000_characters_are_cut_and_the_page_fits_the_window(self) -> None:
        missing_browser(self)  # before the subtests: a skip inside one would let the loop run on
        for name in ("long", "long and wide", "long, a long unit asked for"):
            with self.subTest(page=name):
                view = self.view(name)
                self.assertEqual(view.attributes["body"].get("data-fits"), "yes", "wider than 1024 pixels")
                dom = self.doms[name]
                self.assertIn(f'title="{LONG}1 ({LONG}: hidden)"', dom)  # the whole name, on its unit's option
                self.assertIn(f"{LONG[:39]}… ({LONG[:59]}…)", view.text["unit-choice"])
        self.assertIn(f"<title>{LONG}: hidden</title>", self.doms["long"])  # beside its row, in the picture
        self.assertIn(f"{LONG[:31]}…: hidden", self.pages["long and wide"])  # a wide net's rows, under it
        self.assertIn("unit 'ZZZZ", self.view("long, a long unit asked for").text["view-note"])


class ThePageItself(unittest.TestCase):
    """What needs no browser: self-contained, within 2 MB, thinned evenly, refusing what it cannot draw."""

    @classmethod
    def setUpClass(cls) -> None:
        cls.result = experiments.xor(seed=0, recording=True)
        cls.page = replay_html(cls.result.recording, cls.result.cases, cls.result.history)

    def test_it_fetches_nothing(self) -> None:
        self.assertNotRegex(self.page, r"\b(src|href)\s*=|@import|url\(|fetch\(|XMLHttpRequest|https://")
        self.assertEqual(set(re.findall(r"http://[^\s\"'<>]*", self.page)), {"http://www.w3.org/2000/svg"})

    def test_it_carries_every_weight_exactly(self) -> None:
        data = json.loads(re.search(r'<script type="application/json" id="replay-data">(.*?)</script>', self.page,
                                    re.S).group(1))
        raw = base64.b64decode(data["weights"])
        weights = list(struct.unpack(f"<{len(raw) // 8}d", raw))
        recorded = [w for _, _, groups in self.result.recording.frames() for group in groups for w in group]
        self.assertEqual(weights, recorded)
        self.assertEqual(data["sweeps"], [sweep for sweep, _, _ in self.result.recording.frames()])
        self.assertEqual(data["errors"], [self.result.history.errors[s - 1] for s in data["sweeps"]])

    def test_the_family_trees_page_stays_within_2_mb_keeping_every_nth_sweep(self) -> None:
        net = experiments.family_trees_network(0, 1.0)
        recording = Recording(net, ["E"], weights=True, max_frames=1000)
        rng = random.Random(0)
        recording.sweeps = [1, *range(8, 4001, 8)]  # what the default's 4,000 sweeps leave in 1,000 frames
        recording.series = {"E": [rng.uniform(0, 100) for _ in recording.sweeps]}
        recording.snapshots = [[[rng.uniform(-3, 3) for _ in group[0].w] for group in net.weight_groups]
                               for _ in recording.sweeps]
        cases = bp.tasks.family_trees().cases
        page = replay_html(recording, cases)
        self.assertLessEqual(len(page.encode("utf-8")), MAX_BYTES)
        self.assertGreater(len(page.encode("utf-8")), MAX_BYTES // 3)  # at least a third of the room it has
        sweeps = json.loads(re.search(r'"sweeps":(\[[^\]]*\])', page).group(1))
        self.assertEqual((sweeps[0], sweeps[-1]), (1, 4000))
        # Every 16th sweep, the smallest multiple of the 8 recorded that fits (a round 10 or 20 keeps every 40th).
        self.assertEqual({b - a for a, b in zip(sweeps[1:-1], sweeps[2:])}, {16})

    @staticmethod
    def made_up(net: bp.Network, sweeps: List[int], stride: int = 1, max_frames: int = 0) -> Recording:
        """A recording of ``sweeps`` with random weights and E, as a Recording of that stride would hold them."""
        recording = Recording(net, ["E"], weights=True, max_frames=max_frames or max(2, len(sweeps)))
        rng = random.Random(0)
        recording.sweeps, recording.stride = sweeps, stride
        recording.series = {"E": [rng.uniform(0, 10) for _ in sweeps]}
        recording.snapshots = [[[rng.uniform(-3, 3) for _ in group[0].w] for group in net.weight_groups]
                               for _ in sweeps]
        return recording

    def test_a_recording_made_for_the_page_keeps_every_sweep_while_the_page_holds_them(self) -> None:
        symmetry = bp.Network([6, 2, 1], seed=1, weight_range=0.3)
        # A symmetry run of 1,012 sweeps: a Recording of this max_frames never thins it (it did at 1,000).
        self.assertGreater(frames_for_page(symmetry, bp.tasks.symmetry().cases), 4 * 1012)
        page, notes = replay_page(self.made_up(symmetry, list(range(1, 1013))), bp.tasks.symmetry().cases)
        self.assertEqual(notes, [])
        self.assertNotIn('id="sweeps-note"', page)  # every sweep: nothing to say
        self.assertIn('"onPage":"every sweep, 1 to 1012"', page)
        self.assertLessEqual(len(page.encode("utf-8")), 400_000)  # 17 weights a sweep: 0.3 MB
        # The family trees: a quarter of frames_for_page is what a page holds, within a tenth.
        trees = experiments.family_trees_network(0, 1.0)
        cases = bp.tasks.family_trees().cases
        room = frames_for_page(trees, cases) // 4
        self.assertGreater(room, 200)
        for frames, kept_all in ((room, True), (room + room // 10, False)):
            with self.subTest(frames=frames):
                page, notes = replay_page(self.made_up(trees, list(range(1, frames + 1))), cases[:100],
                                          held_out=cases[100:])
                self.assertLessEqual(len(page.encode("utf-8")), MAX_BYTES)
                self.assertEqual(notes == [], kept_all, notes)

    def test_the_page_says_which_sweeps_it_holds(self) -> None:
        net = bp.Network([6, 2, 1], seed=1)
        thinned_out = self.made_up(net, [1, *range(2, 1013, 2)], 2, 1000)  # as max_frames=1000 kept 1,012 sweeps
        page = replay_html(thinned_out, bp.tasks.symmetry().cases)
        self.assertEqual(re.search(r'id="sweeps-note">(.*?)</p>', page).group(1),
                         "On this page: every 2nd sweep of 1012 (507 sweeps; the recording kept at most 1,000 frames).")
        data = json.loads(re.search(r'id="replay-data">(.*?)</script>', page, re.S).group(1))
        self.assertEqual(data["onPage"], "every 2nd sweep of 1012 (507 sweeps; the recording kept at most 1,000 "
                                         "frames)")  # what the page says of a sweep it does not hold

    def test_the_weights_after_the_last_change_are_on_the_page_when_it_was_made(self) -> None:
        cases = bp.tasks.xor().cases
        for target, after in ((None, True), (10.0, False)):  # 20 sweeps run out; E <= 10 at once: stopped before
            with self.subTest(target_error=target):
                net = bp.Network([2, 2, 1], seed=1)
                recording = Recording(net, ["E"], weights=True)
                history = bp.Trainer(net, learning_rate=0.5, momentum=0.9).train(cases, 20, target, record=recording)
                page = replay_html(recording, cases, history, schedule=[(1, 0.5, 0.9, 0.0)])
                data = json.loads(re.search(r'id="replay-data">(.*?)</script>', page, re.S).group(1))
                self.assertEqual((data["after"], data["stopped"]), (after, not after))
                self.assertEqual((data["schedule"], data["margin"], data["tied"]),
                                 ([[1, 0.5, 0.9, 0.0]], 0.0, "average"))
                raw = base64.b64decode(data["weights"])
                frames = [w for _, _, groups in recording.frames() for group in groups for w in group]
                now = [w for group in net.weight_groups for w in group[0].w]
                self.assertEqual(list(struct.unpack(f"<{len(raw) // 8}d", raw)), frames + (now if after else []))

    def test_the_trainers_settings_are_checked(self) -> None:
        recording, cases, history = self.result.recording, self.result.cases, self.result.history
        for schedule, message in (
                ([(0, 0.1, 0.9, 0.0)], r"^schedule\[0\]: the first sweep must be a whole number from 1"),
                ([(5, 0.1, 0.9, 0.0), (3, 0.1, 0.9, 0.0)], r"^schedule\[1\]: .* not below the one before, got 3$"),
                ([(1, 0.1, 0.9, 0.0), (9, 0.2)], r"^schedule\[1\]: expected \(first sweep, ε, α, weight decay\)"),
                ([(1, 0.1, 1.0, 0.0)], r"^schedule\[0\]: expected ε > 0, α in \[0, 1\) and weight decay in \[0, 1\), "
                                       r"got 0.1, 1.0 and 0.0$")):
            with self.subTest(schedule=schedule):
                with self.assertRaisesRegex(ValueError, message):
                    replay_html(recording, cases, history, schedule=schedule)
        with self.assertRaisesRegex(ValueError, "tied must be 'average' .* got 'mean'"):
            replay_html(recording, cases, history, tied="mean")
        # Phases as a recipe has them: the family trees' ε changes after 20 sweeps; decay from sweep 37 on.
        self.assertEqual(phase_schedule([(20, 0.005, 0.5), (0, 0.05, 0.9)], 0.0005, 37),
                         [(1, 0.005, 0.5, 0.0), (21, 0.05, 0.9, 0.0), (37, 0.05, 0.9, 0.0005)])
        self.assertEqual(phase_schedule([(20, 0.005, 0.5), (0, 0.05, 0.9)], 0.0005, None),
                         [(1, 0.005, 0.5, 0.0), (21, 0.05, 0.9, 0.0)])  # decay never started

    def test_thinning_says_what_it_kept_and_keeps_fewer_than_three_when_it_must(self) -> None:
        from backprop.draw.replay import thinning_note

        frames = [(sweep, None, None) for sweep in [1, *range(2, 1013, 2), 1013]]  # 508 frames
        kept = thinned(frames, 120)  # 1, 10, 20, ..., 1010, 1013: 103 frames
        self.assertEqual(thinning_note(frames, kept), "every 10th sweep of 1013 kept (103 of the 508 recorded)")
        self.assertEqual(thinned(frames, 2), [frames[0], frames[-1]])
        self.assertEqual(thinned(frames, 1), [frames[-1]])
        self.assertEqual(thinning_note(frames, thinned(frames, 2)), "only sweeps 1, 1013 kept (2 of the 508 recorded)")

    def test_thinning_keeps_the_first_the_last_and_every_nth_sweep(self) -> None:
        frames = [(sweep, None, None) for sweep in [1, *range(2, 1013, 2), 1013]]
        self.assertEqual(thinned(frames, 1000), frames)
        kept = [sweep for sweep, _, _ in thinned(frames, 120)]
        self.assertEqual(kept[:3] + kept[-2:], [1, 10, 20, 1010, 1013])
        self.assertLessEqual(len(kept), 120)
        odd = [(sweep, None, None) for sweep in range(1, 1000, 2)]  # no round step keeps enough: evenly spaced
        kept = [sweep for sweep, _, _ in thinned(odd, 100)]
        self.assertEqual((len(kept), kept[0], kept[-1]), (100, 1, 999))

    def test_what_it_cannot_draw_is_refused(self) -> None:
        net = bp.Network([2, 2, 1], seed=0)
        with self.assertRaisesRegex(ValueError, "needs every weight"):
            replay_html(Recording(net, ["E"]), bp.tasks.xor().cases)
        with self.assertRaisesRegex(ValueError, "no sweeps yet"):
            replay_html(Recording(net, ["E"], weights=True), bp.tasks.xor().cases)
        recording = Recording(net, ["w[o1←h1]"], weights=True)
        bp.Trainer(net).train(bp.tasks.xor().cases, 3, record=recording)
        with self.assertRaisesRegex(ValueError, "pass the History, or record 'E'"):
            replay_html(recording, bp.tasks.xor().cases)
        recording = Recording(net, ["E"], weights=True)
        bp.Trainer(net).train(bp.tasks.xor().cases, 3, record=recording)
        with self.assertRaisesRegex(ValueError, "case 0: expected 2 inputs and 1 targets, got 3 and 1"):
            replay_html(recording, [([0, 1, 1], [1])])


class CommandLine(unittest.TestCase):
    def test_paper_and_train_write_a_page_checked_before_training(self) -> None:
        from backprop.cli import main

        with tempfile.TemporaryDirectory() as folder:
            for command in (["paper", "xor-skip", "--seed", "1"], ["train", "xor", "--seed", "1", "--sweeps", "300"]):
                with self.subTest(command=command[0]):
                    path = os.path.join(folder, f"{command[0]}.html")
                    out = io.StringIO()
                    self.assertEqual(main([*command, "--html", path], out=out), 0)
                    with open(path, encoding="utf-8") as file:
                        self.assertTrue(file.read().startswith("<!DOCTYPE html>"))
                    self.assertIn(f"replay written to {path} (0.", out.getvalue())
            self.assertEqual(sorted(os.listdir(folder)), ["paper.html", "train.html"])  # no checkpoint, no stray file

    def test_what_html_cannot_do_is_refused_before_anything_runs(self) -> None:
        from backprop.cli import main

        for args, message in (
                (["paper", "recurrent", "--html", "x.html"], r"--html replays one run: give one experiment and no "
                                                             r"--seeds \(not recurrent\)"),
                (["paper", "xor", "--seeds", "3", "--html", "x.html"], r"--html replays one run: .* \(not --seeds 3\)"),
                (["train", "xor", "--html", "/proc/no/page.html"],
                 "--html /proc/no/page.html: there is no folder /proc/no")):
            with self.subTest(args=args):
                out, err = io.StringIO(), io.StringIO()
                with unittest.mock.patch("sys.stderr", err):
                    code = main(args, out=out)
                self.assertEqual((code, out.getvalue()), (2, ""))  # nothing trained, nothing printed
                self.assertRegex(err.getvalue(), "^backprop: error: " + message)


ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def read(*parts: str) -> str:
    with open(os.path.join(ROOT, *parts), encoding="utf-8") as file:
        return file.read()


class TheGuides(unittest.TestCase):
    def test_watch_one_weight_runs_as_written_prints_what_it_shows_and_makes_the_picture(self) -> None:
        guide = read("docs", "WATCH_IT_LEARN.md")
        code, shown = re.search(r"## Watch one weight learn.*?```python\n(.*?)```\s+prints\s+```\n(.*?)```", guide,
                                re.S).groups()
        printed = io.StringIO()
        before = os.getcwd()
        with tempfile.TemporaryDirectory() as folder:
            os.chdir(folder)
            try:
                with contextlib.redirect_stdout(printed):
                    exec(compile(code, "docs/WATCH_IT_LEARN.md", "exec"), {})
                with open("symmetry_weight.svg", encoding="utf-8") as file:
                    made = file.read()
            finally:
                os.chdir(before)
        self.assertEqual(printed.getvalue(), shown)
        self.assertEqual(made, read("docs", "img", "symmetry_weight.svg"))  # docs/make_pictures.py runs this code

    def test_the_replay_snippet_runs_as_written(self) -> None:
        code = re.search(r"From Python:\s+```python\n(.*?)```", read("docs", "WATCH_IT_LEARN.md"), re.S).group(1)
        names: Dict[str, Any] = {}
        exec(compile(code, "docs/WATCH_IT_LEARN.md", "exec"), names)
        self.assertTrue(names["page"].startswith("<!DOCTYPE html>"))

    def test_the_readme_shows_the_replay_the_command_that_makes_it_and_what_it_shows(self) -> None:
        readme = read("README.md")
        self.assertIn("python -m backprop paper symmetry --seed 1 --html symmetry.html", readme)
        self.assertIn("(docs/img/replay.png)", readme)
        self.assertIn("python docs/make_screenshot.py", readme)
        self.assertIn('VIEW = "sweep=700&case=12&unit=h1"', read("docs", "make_screenshot.py"))
        with open(os.path.join(ROOT, "docs", "img", "replay.png"), "rb") as file:
            png = file.read(24)
        self.assertEqual((png[:8], struct.unpack(">II", png[16:24])), (b"\x89PNG\r\n\x1a\n", (1024, 768)))


if __name__ == "__main__":
    unittest.main()
