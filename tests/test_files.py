"""How every file is written: atomically, through links, never over a device, a pipe or a folder.

Each test makes what it writes to inside a temporary folder: a symbolic link, a named pipe (FIFO),
a folder. No test writes to a real device file: a link to a FIFO stands for one.
"""

import errno
import os
import re
import stat
import tempfile
import time
import unittest
from unittest import mock

import backprop as bp
from backprop import files

try:
    import fcntl
except ImportError:  # not on Windows
    fcntl = None  # type: ignore[assignment]


class Files(unittest.TestCase):
    def setUp(self) -> None:
        self.folder = tempfile.TemporaryDirectory()
        self.addCleanup(self.folder.cleanup)
        self.net = bp.Network([2, 1], seed=0)

    def path(self, name: str) -> str:
        return os.path.join(self.folder.name, name)

    def litter(self) -> list:
        return [name for name in os.listdir(self.folder.name) if name.endswith(".tmp")]

    def test_a_symbolic_link_is_written_through_and_stays_a_link(self) -> None:
        os.mkdir(self.path("runs"))
        target, link = self.path("runs/net.json"), self.path("link.json")
        bp.Network([3, 1], seed=1).save(target)
        os.symlink(os.path.join("runs", "net.json"), link)
        self.assertEqual(files.write_text(link, "{}"), os.path.realpath(target))
        self.assertTrue(os.path.islink(link))  # the link is kept ...
        self.net.save(link)
        self.assertEqual(bp.Network.load(target).input_size, 2)  # ... and its target holds the new net
        os.symlink("nowhere.json", self.path("dangling.json"))  # a link to a file not made yet: made there
        self.net.save(self.path("dangling.json"))
        self.assertTrue(os.path.isfile(self.path("nowhere.json")))
        self.assertEqual(self.litter(), [])

    def test_a_pipe_a_folder_or_a_link_to_a_pipe_is_refused_and_left_as_it_was(self) -> None:
        fifo = self.path("pipe")
        os.mkfifo(fifo)
        os.symlink(fifo, self.path("device.json"))  # as a link to /dev/null would be
        os.mkdir(self.path("folder.json"))
        for name, kind in (("pipe", "a named pipe"), ("device.json", "a named pipe"), ("folder.json", "a folder")):
            with self.subTest(name=name):
                with self.assertRaisesRegex(ValueError, f"^cannot write {re.escape(self.path(name))}.*: it is {kind}"):
                    self.net.save(self.path(name))
        self.assertTrue(stat.S_ISFIFO(os.stat(fifo).st_mode))
        self.assertTrue(os.path.islink(self.path("device.json")))
        self.assertTrue(os.path.isdir(self.path("folder.json")))
        self.assertEqual(self.litter(), [])

    def test_a_missing_folder_is_named_not_made(self) -> None:
        missing = self.path("nowhere/net.json")
        with self.assertRaisesRegex(FileNotFoundError, f"^cannot write {missing}: there is no folder "
                                                       f"{self.path('nowhere')}$"):
            self.net.save(missing)
        self.assertFalse(os.path.exists(self.path("nowhere")))

    def test_a_full_disk_names_the_path_and_leaves_the_old_file_and_no_litter(self) -> None:
        path = self.path("net.json")
        bp.Network([3, 1], seed=1).save(path)
        full = OSError(errno.ENOSPC, "No space left on device")
        with mock.patch("os.fsync", side_effect=full):
            with self.assertRaises(OSError) as raised:
                self.net.save(path)
        self.assertEqual(str(raised.exception), f"cannot write {path}: No space left on device")
        self.assertEqual(raised.exception.errno, errno.ENOSPC)
        self.assertEqual(bp.Network.load(path).input_size, 3)
        self.assertEqual(self.litter(), [])

    def test_new_never_replaces_a_file_and_gives_the_usual_mode(self) -> None:
        path = self.path("mine.py")
        umask = os.umask(0o022)
        try:
            files.write_text(path, "first\n", new=True)
        finally:
            os.umask(umask)
        self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o644)
        with self.assertRaisesRegex(FileExistsError, "mine.py exists already"):
            files.write_text(path, "second\n", new=True)
        with open(path, encoding="utf-8") as file:
            self.assertEqual(file.read(), "first\n")
        self.assertEqual(self.litter(), [])

    def test_exercises_new_writes_with_the_umask_like_any_new_file(self) -> None:
        path = self.path("my_backprop.py")
        umask = os.umask(0o022)
        try:
            bp.exercises.write_new(path)
        finally:
            os.umask(umask)
        self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o644)  # mkstemp's 0600 before

    @unittest.skipIf(fcntl is None, "no file locks here (fcntl)")
    def test_a_temporary_file_is_removed_only_when_no_writer_holds_it(self) -> None:
        # Named by a process that has ended, as one in another PID namespace looks from here:
        # held by a live writer it stays; left behind by a dead one (nobody holds it) it goes.
        old = time.time() - 3600
        held, left = self.path(".backprop-999999-held.tmp"), self.path(".backprop-999999-left.tmp")
        fresh = self.path(".backprop-fresh.tmp")  # just made: its writer may not have locked it yet
        for path in (held, left, fresh):
            with open(path, "w", encoding="utf-8") as file:
                file.write("{")
        os.utime(held, (old, old))
        os.utime(left, (old, old))
        with open(held, "rb") as writer:
            fcntl.flock(writer.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            self.net.save(self.path("net.json"))
            self.assertTrue(os.path.exists(held))
        self.assertFalse(os.path.exists(left))
        self.assertTrue(os.path.exists(fresh))


if __name__ == "__main__":
    unittest.main()
