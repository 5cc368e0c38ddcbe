"""Make docs/img/replay.png, the README's picture of the replay page:  python docs/make_screenshot.py

It runs the one command the README shows,

    python -m backprop paper symmetry --seed 1 --html symmetry.html

(in a scratch folder), then opens the page in headless Chromium at 1024×768, on the symmetry net's
plateau: sweep 700, the symmetric input 0 0 1 1 0 0 (case 12) chosen, hidden unit h1's equations
shown. Needs Chromium (Debian: apt-get install chromium); about 3 s.
"""

import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
VIEW = "sweep=700&case=12&unit=h1"


def main() -> None:
    browser = next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)
    if browser is None:
        sys.exit("make_screenshot.py needs Chromium (Debian: apt-get install chromium)")
    target = os.path.join(HERE, "img", "replay.png")
    with tempfile.TemporaryDirectory() as folder:
        page = os.path.join(folder, "symmetry.html")
        subprocess.run([sys.executable, "-m", "backprop", "paper", "symmetry", "--seed", "1", "--html", page],
                       cwd=folder, check=True, stdout=subprocess.DEVNULL, env=dict(os.environ, PYTHONPATH=ROOT))
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
                        f"--user-data-dir={os.path.join(folder, 'profile')}", "--virtual-time-budget=10000",
                        "--window-size=1024,768", f"--screenshot={target}",
                        pathlib.Path(page).as_uri() + "#" + VIEW],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    print(f"wrote {os.path.relpath(target)}")


if __name__ == "__main__":
    main()
