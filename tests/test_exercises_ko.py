"""The exercises in Korean: every message the code marks has its Korean, the Korean file is the English one
with Korean words (the same code, the same examples), and the Korean checker catches the same mistakes at
the same equations and functions, with the Korean of the same hint.

The Korean is the catalog's (backprop/locale/ko/LC_MESSAGES/backprop.po, compiled to the .mo that
gettext reads); the mistakes are the English tests' own (WRONG_ANSWERS, SWEEP_MISTAKES), so a mistake
added there is checked in Korean too. Most checks run in this process; one wrong answer per kind goes
through the real checker, all of them with BACKPROP_FULL_TESTS=1.
"""

import ast
import contextlib
import os
import re
import string
import subprocess
import unittest
from typing import Any, Dict, Iterator, List, Optional, Tuple
from unittest import mock

from backprop.exercises import EXERCISES, check, template
from backprop.exercises.catalog import MO, PO, Entry, messages, mo_bytes, read_po
from backprop.exercises.hints import MISTAKES, close, hint
from backprop.exercises.language import _, from_environment, speaking
from backprop.exercises.notes import nudge_words
from backprop.exercises.probes import Probe, all_probes
from backprop.exercises.sweep_check import CHECKS
from backprop.exercises.sweep_check import OWN as CHECK_OWN
from backprop.exercises.sweep_report import run_alone
from backprop.exercises.sweep_sheet import STEPS
from backprop.exercises.watch import Watch
from tests.helpers import FULL, command, long_test
from tests.test_exercises import LOGISTIC, SOLUTION, WRONG_ANSWERS, LearnerFiles, filled_template
from tests.test_exercises_sweep import ROOT, RUFF, SWEEP_MISTAKES, WHOLE, names_of

HANGUL = re.compile("[가-힣]")
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


@contextlib.contextmanager
def locale(value: Optional[str]) -> Iterator[None]:
    """The environment with LANG set to ``value`` (None: unset) and no other locale variable."""
    with mock.patch.dict(os.environ):
        for variable in LOCALE_VARIABLES:
            os.environ.pop(variable, None)
        if value is not None:
            os.environ["LANG"] = value
        yield


def fields(text: str) -> List[str]:
    """The replacement fields of a str.format template, as written: ``{name}``, ``{E!r}``, ``{target:g}``."""
    return sorted(f"{{{name}{'!' + conversion if conversion else ''}{':' + spec if spec else ''}}}"
                  for _text, name, spec, conversion in string.Formatter().parse(text) if name is not None)


def korean_of(english: str) -> str:
    """The Korean of the catalog message that says ``english`` (the one whose words up to its first field begin
    it, the longest such), up to the Korean's first field."""
    found = [entry for entry in read_po() if len(entry.msgid.split("{")[0]) >= 10
             and english.startswith(entry.msgid.split("{")[0])]
    assert found, english
    return max(found, key=lambda entry: len(entry.msgid.split("{")[0])).msgstr.split("{")[0].strip()


def flat(text: str) -> str:
    return " ".join(text.split())


def code_only(text: str) -> str:
    """The file's code without its docstrings (comments are not in the tree): what must not change with the
    language."""
    tree = ast.parse(text)
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
            body[0] = ast.Pass()
    return ast.dump(tree)


class TheCatalog(unittest.TestCase):
    def test_every_message_the_code_marks_has_its_korean_and_the_po_holds_no_other(self) -> None:
        found = {(entry.msgid, entry.plural) for entry in messages()}
        known: Dict[Tuple[str, Optional[str]], Entry] = {(entry.msgid, entry.plural): entry for entry in read_po()}
        self.assertGreater(len(found), 300)
        self.assertEqual(sorted(found - set(known), key=str), [], "marked in the code, not in the .po: run "
                         "python -m backprop.exercises.catalog and translate")
        self.assertEqual(sorted(set(known) - found, key=str), [], "in the .po, marked nowhere in the code")
        untranslated = [msgid for (msgid, _plural), entry in known.items() if not entry.msgstr.strip()]
        self.assertEqual(untranslated, [])

    def test_each_korean_message_fills_the_same_fields_as_its_english(self) -> None:
        # A field the Korean lost, misspelt or added would raise KeyError (or say the wrong value) when said.
        for entry in read_po():
            with self.subTest(entry.msgid[:50]):
                self.assertEqual(fields(entry.msgstr), fields(entry.msgid))
                if entry.plural is not None:
                    self.assertEqual(fields(entry.plural), fields(entry.msgid))

    def test_the_korean_is_korean(self) -> None:
        # Words for people are translated; only names, numbers and code may stay as they are.
        same = [entry.msgid for entry in read_po() if entry.msgstr == entry.msgid]
        self.assertEqual(same, ["({first})", "XOR"])
        words = [entry.msgid for entry in read_po() if re.search("[a-z]{4} [a-z]{3}", entry.msgid)
                 and not HANGUL.search(entry.msgstr)]
        self.assertEqual(words, [])

    def test_what_readme_ko_quotes_of_the_checker_is_what_it_says(self) -> None:
        with open(os.path.join(ROOT, "README.ko.md"), encoding="utf-8") as file:
            text = file.read()
        paragraph = text[text.index("위의 검사기 출력은"):].split("\n\n")[0]
        quoted = [" ".join(quote.split()) for quote in re.findall(r'"([^"]*)"', paragraph) if HANGUL.search(quote)]
        self.assertGreaterEqual(len(quoted), 3, paragraph)
        said = [" ".join(entry.msgstr.split()) for entry in read_po()]
        for quote in quoted:
            with self.subTest(quote=quote[:30]):
                self.assertTrue(any(quote in message for message in said), quote)

    def test_the_mo_is_what_the_po_compiles_to(self) -> None:
        with open(MO, "rb") as file:
            compiled = file.read()
        self.assertEqual(compiled, mo_bytes(read_po()), f"{MO} is out of date with {PO}: run python -m "
                         f"backprop.exercises.catalog")


class ChoosingTheLanguage(LearnerFiles):
    def test_the_environment_is_read_as_gettext_reads_it(self) -> None:
        for environ, language in [({"LANG": "ko_KR.UTF-8"}, "ko"), ({"LANG": "C.UTF-8"}, "en"), ({}, "en"),
                                  ({"LC_ALL": "C", "LANG": "ko_KR.UTF-8"}, "en"),
                                  ({"LC_MESSAGES": "ko_KR", "LANG": "en_US.UTF-8"}, "ko"),
                                  ({"LANGUAGE": "fr:ko", "LANG": "fr_FR.UTF-8"}, "ko"),
                                  ({"LANGUAGE": "en_GB:ko", "LANG": "ko_KR.UTF-8"}, "en"),
                                  ({"LANGUAGE": "", "LANG": "ko"}, "ko")]:
            with self.subTest(environ=environ):
                self.assertEqual(from_environment(environ), language)

    def test_new_writes_korean_in_a_korean_locale_and_english_with_lang_en(self) -> None:
        korean, english = (os.path.join(self.folder.name, name) for name in ("ko.py", "en.py"))
        with locale("ko_KR.UTF-8"):
            status, out, err = command("exercises", "new", korean)
            self.assertEqual((status, err), (0, ""))
            self.assertIn("파일을 만들었습니다", out)
            status, out, err = command("exercises", "new", english, "--lang", "en")
            self.assertEqual((status, err), (0, ""))
            self.assertTrue(out.startswith(f"wrote {english}: nine functions"), out)
        with open(korean, encoding="utf-8") as file:
            self.assertIn('"""수식 (1): x_j = Σ_i y_i · w_ji', file.read())
        with open(english, encoding="utf-8") as file:
            self.assertEqual(file.read(), template("en.py"))

    def test_every_command_a_korean_report_shows_speaks_korean_when_pasted(self) -> None:
        # Pasted into a shell of another locale, a command from a Korean report keeps the Korean: --lang ko.
        path = os.path.join(self.folder.name, "mine.py")
        with locale("en_US.UTF-8"):
            status, out, err = command("exercises", "new", path, "--lang", "ko")
            self.assertEqual((status, err), (0, ""))
            self.assertIn(f"python -m backprop exercises check {path} --lang ko", out)
            with open(path, encoding="utf-8") as file:
                head = file.read().split('"""')[1]
            self.assertIn("python -m backprop exercises check mine.py --lang ko", head)
            self.assertIn("`python -m backprop exercises mine.py --lang ko`", head)
            for args, shown in [(("exercises", path, "--lang", "ko"), f"exercises check {path} --lang ko"),
                                (("exercises", "new", path, "--lang", "ko"), f"exercises check {path} --lang ko)"),
                                (("exercises", "check", path + "x", "--lang", "ko"),
                                 f"exercises new {path}x --lang ko"),
                                (("exercises", "new", path, "--lang", "en"), f"exercises check {path})")]:
                with self.subTest(args=args):
                    status, out, err = command(*args)
                    self.assertIn(shown, out + err)

    def test_a_command_in_a_wrapped_message_stays_on_one_line(self) -> None:
        from backprop.exercises.language import wrap

        command_line = "python -m backprop explain worked-example --nudge 'w[o1<-h1]'"
        for text in ("가나다 " * 30 + f"(직접 보려면: {command_line})", "abc " * 30 + f"({command_line} shows it)"):
            for width in range(40, 120, 7):
                with self.subTest(width=width, text=text[:3]):
                    lines = wrap(text, width)
                    self.assertEqual(sum(command_line in line for line in lines), 1, lines)
                    self.assertEqual(" ".join(lines).split(), text.split())

    def test_english_is_the_default_and_an_unknown_language_is_one_line(self) -> None:
        path = os.path.join(self.folder.name, "mine.py")
        with locale("en_US.UTF-8"):
            self.assertEqual(command("exercises", "new", path)[0], 0)
        with open(path, encoding="utf-8") as file:
            self.assertEqual(file.read(), template("mine.py"))
        for args in (["exercises", "new", path + "x", "--lang", "fr"], ["exercises", "--lang", "kr"],
                     ["train", "xor", "--lang", "fr"]):
            with self.subTest(args=args):
                status, out, err = command(*args)
                self.assertEqual((status, out), (2, ""))
                self.assertEqual(len(err.strip().splitlines()), 1, err)
                self.assertIn("the languages there are en (English) and ko (Korean, 한국어)", err)


class TheKoreanFile(LearnerFiles):
    def test_it_is_the_english_file_in_korean_words(self) -> None:
        english = template("mine.py")
        with speaking("ko"):
            korean = template("mine.py")
        self.assertEqual(code_only(korean), code_only(english))  # names, arguments, code: the same
        examples = [line for line in english.splitlines() if "  →  " in line]
        self.assertEqual([line for line in korean.splitlines() if "  →  " in line], examples)
        self.assertEqual(re.findall(r"-?\d+\.\d+", korean.split('"""', 2)[2]),
                         re.findall(r"-?\d+\.\d+", english.split('"""', 2)[2]))  # every number, in order
        for exercise in EXERCISES:
            self.assertIn(f'"""수식 ({exercise.number}): {exercise.equation}\n', korean)
        prose = [line for line in korean.splitlines() if line.strip().startswith("#") and HANGUL.search(line)]
        self.assertGreaterEqual(len(prose), 8)  # the comments too
        self.assertNotIn("the always-1 line", korean)

    def test_filled_with_right_answers_it_passes_and_runs_by_itself(self) -> None:
        path = self.write(filled_template(language="ko"))
        with speaking("ko"):
            report = check(path, net=False)  # each function on its own (the whole nets: below, or the long test)
        self.assertTrue(report.passed, report.text)
        self.assertIn("\n수식 9개가 모두 맞습니다.\n", report.text)
        for step in STEPS[:-1]:
            self.assertRegex(report.text, rf"✓ {step.name} ")
        alone = run_alone(path)
        self.assertEqual((alone.status, alone.library), (0, []), alone.printed)
        self.assertIn("stopped after 574 sweeps with E = 0.009933", alone.printed)
        status, out, err = command("exercises", path, "--lang", "ko")  # the progress view
        self.assertEqual((status, err), (0, ""))
        self.assertIn(": 수식 9개 가운데 9개, 스윕의 함수 4개 가운데 4개가 맞습니다", out)
        self.assertIn("이 보기에서 검사하는 것은 모두 맞았습니다. train과 신경망 전체는", out)

    @long_test
    def test_filled_with_right_answers_it_trains_both_nets_beside_the_library(self) -> None:
        path = self.write(filled_template(language="ko"))
        status, out, err = command("exercises", "check", path, "--lang", "ko")
        self.assertEqual((status, err), (0, ""))
        self.assertIn("  ✓ XOR: 여러분의 train이 라이브러리처럼 574 스윕 만에 XOR 학습을 마쳤습니다", out)
        self.assertIn("혼자서 돌아갑니다", out)
        self.assertTrue(out.endswith("라이브러리와 똑같이 신경망을 학습시킵니다.\n"), out[-300:])

    @unittest.skipUnless(RUFF, "needs ruff (on the PATH, or as a module of this Python)")
    def test_a_fresh_korean_file_in_the_repository_keeps_ruff_quiet(self) -> None:
        with speaking("ko"):
            path = self.write(template("mine.py"))
        done = subprocess.run([*RUFF, "check", "--config", os.path.join(ROOT, "pyproject.toml"), "--no-cache", path],
                              capture_output=True, text=True, timeout=60)
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)


def first_wrong(names: Dict[str, Any]) -> Tuple[int, List[Tuple[Probe, float]]]:
    """The first equation the learner's functions get wrong, as the checker finds it, with the answers its hint
    reads (in this process: the checker's own probes, and its own way of telling right from wrong)."""
    probes = all_probes()
    for exercise in EXERCISES:
        answers = []
        for probe in probes[exercise.number]:
            try:
                answers.append((probe, float(names[exercise.name](*probe.args))))
            except (ArithmeticError, IndexError):  # the checker stops at the first exception too
                break
        answers = [(probe, got) for probe, got in answers if not probe.far_out]
        calls = [probe for probe in probes[exercise.number] if not probe.far_out]
        if len(answers) < len(calls) or any(not close(got, probe.right) for probe, got in answers):
            return exercise.number, answers
    return 0, []


class TheSameMistakesInKorean(LearnerFiles):
    def test_each_typical_wrong_answer_is_caught_at_its_equation_with_the_korean_of_its_hint(self) -> None:
        for name, old, new, number, words in WRONG_ANSWERS:
            with self.subTest(name):
                names: Dict[str, Any] = {}
                exec(SOLUTION.replace(old, new, 1), names)
                caught, answers = first_wrong(names)
                self.assertEqual(caught, number)
                told = hint(number, answers)
                self.assertIn(told, [mistake.hint for mistake in MISTAKES[number]])
                self.assertIn(words, told)
                with speaking("ko"):
                    korean = hint(number, answers)
                    self.assertEqual(korean, _(told))
                self.assertTrue(HANGUL.search(korean), korean)

    def test_the_korean_checker_tells_a_wrong_answer_in_korean(self) -> None:
        # One wrong answer through the real checker, in its own process; every one with BACKPROP_FULL_TESTS=1.
        chosen = WRONG_ANSWERS if FULL else [answer for answer in WRONG_ANSWERS if answer[3] == 5][:1]
        for name, old, new, number, words in chosen:
            with self.subTest(name):
                names: Dict[str, Any] = {}
                exec(SOLUTION.replace(old, new, 1), names)
                told = hint(*first_wrong(names))  # the English hint, found in this process
                self.assertIn(words, told)
                path = self.variant(old, new)
                status, out, err = command("exercises", "check", path, "--lang", "ko")
                self.assertEqual((status, err), (1, ""))
                self.assertTrue(out.startswith(f"{path}의 함수들을 논문의 수식 (1)~(9) 순서대로 검사합니다\n"), out)
                block = out.split(f"✗ ({number}) ", 1)[1]
                for label in ("위치: ", "받은 값   ", "돌려준 값 ", "맞는 값   ", "힌트: "):
                    self.assertIn("\n      " + label, block)
                self.assertIn(flat(korean_of(told)), flat(block))
                last = ("틀렸거나 아직 작성하지 않은 첫 수식에서 멈췄습니다." if number < 9
                        else "수식 9개 가운데 8개가 맞습니다.")
                self.assertIn(last, out)
                self.assertNotRegex(out, r"\b(the|of|is|at|given|returned|right|hint)\b")

    def test_each_mistake_of_the_sweep_is_caught_at_its_function_with_the_korean_of_its_hint(self) -> None:
        chosen = SWEEP_MISTAKES if FULL else SWEEP_MISTAKES[::3]
        for name, old, new, function, words in chosen:
            with self.subTest(name):
                text = WHOLE.replace(old, new, 1)
                text = text.replace("def backward(", "KEPT = {}\n\n\ndef backward(") if "KEPT" in new else text
                names = names_of(text)
                english = CHECKS[function](names[function], names, Watch("", own=CHECK_OWN))
                told = next(line for line in english.lines if line.startswith("hint: "))[len("hint: "):]
                with speaking("ko"):
                    found = {step.name: CHECKS[step.name](names[step.name], names, Watch("", own=CHECK_OWN))
                             for step in STEPS[:-1]}
                earlier = [step.name for step in STEPS[:[s.name for s in STEPS].index(function)]]
                self.assertEqual({found[step].status for step in earlier}, {"right"} if earlier else set())
                self.assertIn(found[function].status, ("wrong", "problem"))
                said = flat(" ".join(found[function].lines))
                self.assertIn(words, told)
                self.assertIn(flat(korean_of(told)), said)
                self.assertNotIn(words, said)

    def test_a_wrong_sweep_function_is_told_in_korean_by_the_real_checker(self) -> None:
        path = self.write(WHOLE.replace("    sums[:] = zeros_like(weights)\n", "", 1))
        with speaking("ko"):
            report = check(path, net=False)
        lines = report.steps["sweep"]["lines"]
        self.assertEqual(lines[0], "위치: XOR 신경망(2-2-1, 시드 1)에서 사례 4개로 한 스윕을 돌 때. 시작 전에는 "
                                   "모든 합계가 0.5입니다.")
        self.assertEqual(lines[1:4], ["sums[0][0][0], 이번 스윕에 대해 더한 ∂E/∂w[h1←i1]",
                                      "계산한 값 0.4990005556308591", "맞는 값   -0.0009994443691409161"])
        self.assertTrue(lines[4].startswith("힌트: 스윕을 시작할 때 sums를 0으로 되돌리지 않았습니다."), lines[4])
        self.assertIn("아직 검사하지 않은 함수는 change_weights부터 train까지입니다.", report.text)

    def test_an_exception_in_the_whole_net_run_is_told_in_korean(self) -> None:
        # Right for the equation checks (fewer than 100 calls of logistic), then it raises in the nine's XOR run.
        path = self.variant(LOGISTIC, "CALLS = [0]\n\n\n" + LOGISTIC.replace(
            "    if x_j < -700:", "    CALLS[0] += 1\n    if CALLS[0] > 100:\n        raise ZeroDivisionError('boom')\n"
                                 "    if x_j < -700:"))
        with speaking("ko"):
            report = check(path)
        self.assertEqual(report.right, 9, report.text)
        self.assertIn("  ✗ XOR: 여러분의 코드가 예외를 일으켰습니다: ZeroDivisionError: boom\n", report.text)
        self.assertNotIn("raised", report.text)

    def test_the_nudge_of_a_wrong_7_is_said_in_korean(self) -> None:
        names: Dict[str, Any] = {}
        exec(SOLUTION.replace("total += dE_dxs[j] * w[j][i]", "total += dE_dxs[j] * w[j][i] * 2"), names)
        number, answers = first_wrong(names)
        self.assertEqual(number, 7)
        wrong = next(probe for probe, got in answers if not close(got, probe.right))
        with speaking("ko"):
            said = nudge_words(wrong)
        # h1 of the worked example: ∂E/∂y = 0.0363503064 (hand-worked).
        self.assertEqual(said, "살짝 움직여 보기: h1의 y(이 유닛이 출력을 보내는 유닛들이 받는 값)만 1e-06만큼 "
                               "움직이고 사례를 순방향으로 다시 계산하면 E가 3.63503e-08만큼 바뀝니다. 1만큼 "
                               "움직였을 때로 환산하면 0.03635031이고, 이 값이 바로 이 사례에서 h1의 ∂E/∂y입니다. "
                               "직접 보려면: python -m backprop explain worked-example --nudge 'h1'")


class TheAdviceOfTrain(unittest.TestCase):
    def test_a_run_that_cannot_learn_is_told_why_in_korean(self) -> None:
        status, out, err = command("train", "xor", "--weight-range", "0", "--sweeps", "600", "--lang", "ko")
        self.assertEqual((status, err), (0, ""))
        self.assertIn("층 h의 은닉 유닛들의 가중치가 완전히 같습니다.", out)
        self.assertIn("작은 무작위 가중치에서 시작해 보세요(--weight-range 0.5, 또는 학습 설정의 값).", out)
        self.assertNotIn("The hidden units", out)
        with locale("ko_KR.UTF-8"):
            korean = command("train", "xor", "--weight-range", "0", "--sweeps", "600")[1]
            english = command("train", "xor", "--weight-range", "0", "--sweeps", "600", "--lang", "en")[1]
        self.assertEqual(korean, out)
        self.assertIn("The hidden units of layer h have the very same weights", english)


if __name__ == "__main__":
    unittest.main()
