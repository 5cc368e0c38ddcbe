"""The Korean docs are translations, not forks: their code blocks are the English ones, in order."""

import os
import re
import unittest

from tests import test_docs

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Each Korean file and the English file it translates.
TRANSLATIONS = {
    "README.ko.md": "README.md",
    os.path.join("docs", "ko", "STEPPING_THROUGH.md"): os.path.join("docs", "STEPPING_THROUGH.md"),
}


def read(path: str) -> str:
    with open(os.path.join(ROOT, path), encoding="utf-8") as file:
        return file.read()


def fenced_blocks(text: str) -> list:
    """Every fenced code block of a Markdown text, with its info string and indentation, in order."""
    return re.findall(r"^([ \t]*)```([^\n]*)\n(.*?)^\1```", text, re.S | re.M)


def link_targets(text: str) -> list:
    """The local paths of a Markdown text's links and images (web addresses and anchors left out)."""
    outside_code = re.sub(r"```.*?```", "", text, flags=re.S)
    outside_code = re.sub(r"`[^`\n]*`", "", outside_code)
    targets = re.findall(r"\]\(([^)\s]+)\)", outside_code) + re.findall(r'src="([^"]+)"', outside_code)
    return [target.split("#")[0] for target in targets
            if not re.match(r"[a-z]+:", target) and not target.startswith("#")]


class KeptInStep(unittest.TestCase):
    def test_every_code_block_is_the_english_one_in_order(self) -> None:
        for korean, english in TRANSLATIONS.items():
            with self.subTest(korean):
                ours, theirs = fenced_blocks(read(korean)), fenced_blocks(read(english))
                self.assertGreater(len(theirs), 2)
                for number, (block, original) in enumerate(zip(ours, theirs), 1):
                    self.assertEqual(block, original, f"{korean}, code block {number} differs from {english}'s")
                self.assertEqual(len(ours), len(theirs), f"{korean} has {len(ours)} code blocks, "
                                                         f"{english} {len(theirs)}")

    def test_the_same_sections_in_the_same_order(self) -> None:
        for korean, english in TRANSLATIONS.items():
            with self.subTest(korean):
                def levels(text: str) -> list:
                    return re.findall(r"^(#+) ", re.sub(r"```.*?```", "", text, flags=re.S), re.M)
                self.assertEqual(levels(read(korean)), levels(read(english)))
                self.assertNotIn("@@", read(korean))

    def test_each_links_to_the_other_at_the_top(self) -> None:
        for korean, english in TRANSLATIONS.items():
            for here, there in ((korean, english), (english, korean)):
                with self.subTest(here):
                    top = read(here).split("\n## ")[0]
                    wanted = os.path.relpath(there, os.path.dirname(here)).replace(os.sep, "/")
                    self.assertIn(f"]({wanted})", top)

    def test_the_korean_guide_is_a_translation(self) -> None:
        korean = read(os.path.join("docs", "ko", "STEPPING_THROUGH.md"))
        self.assertGreater(len(re.findall(r"[가-힣]", korean)), 1000)
        for term in ("오차 역전파", "학습률", "가중치", "중단점"):
            self.assertIn(term, korean)

    def test_the_package_describes_itself_with_the_english_readme_only(self) -> None:
        project = read("pyproject.toml")
        self.assertEqual(re.findall(r"^readme\s*=\s*(.+)$", project, re.M), ['"README.md"'])
        self.assertNotIn("README.ko", project)


class NotationMap(unittest.TestCase):
    """Both READMEs map the study note's equations to the lines that compute them; the lines are right."""

    def test_each_equation_of_the_note_names_its_line(self) -> None:
        for readme in ("README.md", "README.ko.md"):
            rows = re.findall(r"^\| (\(\d\) )?[^|]+\| `([^`]+)`[^|]*\| `(backprop/\w+\.py):(\d+)`", read(readme), re.M)
            self.assertEqual(len(rows), 9, f"{readme}: (1)-(8) and the gradient-descent line")
            for marker, code, path, number in rows:
                with self.subTest(readme=readme, line=f"{path}:{number}"):
                    line = read(path).splitlines()[int(number) - 1]
                    self.assertIn(code, line)
                    if marker:
                        self.assertIn(f"# {marker.strip()}", line)
                    else:
                        self.assertNotIn("# (", line)

class LinksResolve(unittest.TestCase):
    def test_every_local_link_and_image_of_every_doc_exists(self) -> None:
        docs = ["README.md", *TRANSLATIONS] + [os.path.join("docs", name) for name in os.listdir(
            os.path.join(ROOT, "docs")) if name.endswith(".md")]
        for doc in docs:
            targets = link_targets(read(doc))
            for target in targets:
                with self.subTest(doc=doc, target=target):
                    path = os.path.normpath(os.path.join(ROOT, os.path.dirname(doc), target))
                    self.assertTrue(os.path.exists(path), f"{doc} links to {target}, which is not there")


class SteppingThroughInKorean(test_docs.SteppingThrough):
    """The Korean guide's pdb session and table, checked the way the English guide's are."""

    guide = read(os.path.join("docs", "ko", "STEPPING_THROUGH.md"))


if __name__ == "__main__":
    unittest.main()
