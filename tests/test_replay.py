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
import unittest
import unittest.mock
import urllib.parse
from typing import Any, Dict, List, Optional, Sequence, Tuple

import backprop as bp
from backprop import experiments
from backprop.draw.replay import MAX_BYTES, check_page_room, network_at, replay_html, replay_page, thinned
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
        self.lines: List[str] = []
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
        if tag == "div" and self.open and self.open[-1][1] == "equations":
            self.lines.append("")
        if tag not in ("br", "meta", "input", "circle", "rect", "line", "path", "polyline"):
            self.open.append((tag, found.get("id")))

    def handle_endtag(self, tag: str) -> None:
        while self.open and self.open.pop()[0] != tag:
            pass

    def handle_data(self, data: str) -> None:
        for _, name in self.open:
            if name:
                self.text[name] = self.text.get(name, "") + data
        if len(self.open) >= 2 and self.open[-2][1] == "equations":
            self.lines[-1] += data


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
        symmetry = experiments.symmetry(seed=1, recording=True)
        trees = experiments.family_trees(seed=0, sweeps=30, recording=True)
        predict = experiments.predict_next(seed=0, sweeps=60, recording=True)
        skip_net = experiments.skip_network(1, 0.5)
        skip_recording = Recording(skip_net, ["E"], weights=True, max_frames=40)  # thinned as it records
        skip_trainer = bp.Trainer(skip_net, learning_rate=0.5, momentum=0.5, online=True)
        skip_trainer.train(bp.tasks.xor().cases, 100, record=skip_recording)
        xor = experiments.xor(seed=0, recording=True)
        pages = {
            "symmetry": replay_html(symmetry.recording, symmetry.cases, symmetry.history, title="symmetry"),
            "trees": trees.replay_html(),
            "predict": replay_html(predict.recording, predict.cases, predict.history),
            "skip": replay_html(skip_recording, bp.tasks.xor().cases, skip_trainer.history, online=True),
            "probe": replay_html(xor.recording, xor.cases, xor.history).replace(
                "</body>", f"<script>\n{PROBE % json.dumps(probe_data())}</script>\n</body>"),
        }
        paths = {}
        for name, text in pages.items():
            paths[name] = os.path.join(cls.folder, f"{name}.html")
            with open(paths[name], "w", encoding="utf-8") as file:
                file.write(text)
        last = symmetry.sweeps
        cls.runs = {"symmetry": symmetry, "trees": trees, "predict": predict, "xor": xor,
                    "skip": (skip_recording, skip_trainer.history)}
        cls.views = {  # name: (page, sweep, case, unit)
            "symmetry at the start": ("symmetry", 1, 0, "o1"),
            "symmetry on its plateau": ("symmetry", 700, 12, "h1"),
            "symmetry at the end": ("symmetry", last, 63, "i3"),
            "family trees, a held-out case": ("trees", 30, 101, "person_code2"),
            "family trees, an answer unit": ("trees", 12, 7, "answer9"),
            "unrolled, a unit read along the way": ("predict", 40, 3, "s4.1"),
            "skip connections, online": ("skip", skip_recording.frames()[-2][0], 2, "i1"),
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
        self.assertEqual(len(view.rows), len(cases))
        right = 0
        for row, (case_inputs, case_targets) in zip(view.rows, cases):
            outputs = net.forward(case_inputs)
            for a, b in zip(map(float, row["data-outputs"].split()), outputs):
                self.assert_same_number(a, b)
            right += max(abs(y - d) for y, d in zip(outputs, case_targets)) < 0.5
            self.assertEqual(row["data-right"], str(int(max(abs(y - d) for y, d in zip(outputs, case_targets)) < 0.5)))
        if history is not None:
            self.assertEqual(view.text["error-shown"], f"E = {history.errors[sweep - 1]:.6g}")
            if batch:  # the weights every case of the sweep saw: the History counted the same cases right
                trained = len(cases) - sum("held-out" in row.get("class", "") for row in view.rows)
                self.assertIn(f"{history.cases_right[sweep - 1]} of {trained} right", view.text["cases-heading"])
        return view

    def test_symmetry_at_the_start_on_its_plateau_and_at_the_end(self) -> None:
        run = self.runs["symmetry"]
        for name in ("symmetry at the start", "symmetry on its plateau", "symmetry at the end"):
            with self.subTest(view=name):
                view = self.check_view(name, run.recording, run.cases, run.history)
                self.assertEqual(view.attributes["body"].get("data-fits"), "yes", "wider than 1024 pixels")
        plateau = self.view("symmetry on its plateau")
        self.assertIn("56 of 64 right", plateau.text["cases-heading"])  # every output near 0: the 8 symmetric wrong

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
        if not FULL or find_browser() is None:
            return
        cls.folder = tempfile.mkdtemp(prefix="backprop-replay-")
        paths = {}
        for name, text in cls.pages.items():
            paths[name] = os.path.join(cls.folder, f"{name.replace(' ', '-')}.html")
            with open(paths[name], "w", encoding="utf-8") as file:
                file.write(text)
        views = {"comment": ("comment", "unit=" + urllib.parse.quote(COMMENT + "1")),
                 "markup": ("markup", ""), "big": ("big", "unit=o5"), "many units": ("many units", ""),
                 "long": ("long", ""), "long and wide": ("long and wide", ""),
                 "long, a long unit asked for": ("long", "unit=" + "Z" * 5000),
                 "xor, understood": ("xor", "sweep=2&case=1&unit=h1")}
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
