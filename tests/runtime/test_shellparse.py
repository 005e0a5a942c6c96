"""The shell commands that obviously write, and the ones that only look like they do."""

from __future__ import annotations

import pytest

from wazir_core.runtime.patches import patch_targets
from wazir_core.runtime.shellparse import shell_writes, wazir_commands


def targets(command: str) -> list[tuple[str, str]]:
    return [(t.path, t.kind) for t in shell_writes(command)]


@pytest.mark.parametrize("command, expected", [
    ("echo x > a.txt", [("a.txt", "write")]),
    ("echo x >> a.txt", [("a.txt", "write")]),
    ("cmd 2> err.log 1>out.log", [("err.log", "write"), ("out.log", "write")]),
    ("cmd &> all.log", [("all.log", "write")]),
    ("cmd >| forced.txt", [("forced.txt", "write")]),
    ("cmd 2>&1 | tee -a one.log two.log", [("one.log", "write"), ("two.log", "write")]),
    ("sed -i 's/a/b/' f.txt", [("f.txt", "write")]),
    ("sed -i.bak -e 's/a/b/' f.txt g.txt", [("f.txt", "write"), ("g.txt", "write")]),
    ("sed -Ei 's/a/b/' f.txt", [("f.txt", "write")]),
    ("perl -pi -e 's/a/b/' f.txt", [("f.txt", "write")]),
    ("cp -r src dest", [("dest", "write")]),
    ("cp -t dir a b", [("dir", "write")]),
    ("install -m 644 a /etc/x", [("/etc/x", "write")]),
    ("ln -sf target link", [("link", "write")]),
    ("mv old new", [("new", "write"), ("old", "remove")]),
    ("rm -rf build dist", [("build", "remove"), ("dist", "remove")]),
    ("rmdir old", [("old", "remove")]),
    ("touch a b", [("a", "write"), ("b", "write")]),
    ("truncate -s 0 log.txt", [("log.txt", "write")]),
    ("chmod 600 key.pem", [("key.pem", "write")]),
    ("dd if=/dev/zero of=disk.img bs=1M", [("disk.img", "write")]),
    ("curl -o out.bin https://x", [("out.bin", "write")]),
    ("wget -O page.html https://x", [("page.html", "write")]),
    ("wget -O - https://x", []),
    ("curl -so out.bin https://x", [("out.bin", "write")]),
    ("curl -fsSLo out.bin https://x", [("out.bin", "write")]),
    ("curl -sSoout.bin https://x", [("out.bin", "write")]),
    ("wget -qO page.html https://x", [("page.html", "write")]),
    ("wget -qO- https://x", []),
    ("cp -rt dir a b", [("dir", "write")]),
    ("mv -ft dir a", [("dir", "write"), ("a", "remove")]),
    ("rsync -t src dest", [("dest", "write")]),
    ("rsync -avt src dest", [("dest", "write")]),
    ("scp -t src dest", [("dest", "write")]),
    ("sudo tee /etc/hosts", [("/etc/hosts", "write")]),
    ("FOO=1 env BAR=2 rm a", [("a", "remove")]),
    ("bash -c 'echo x > inner.txt'", [("inner.txt", "write")]),
    ("sh -lc \"rm -f z\"", [("z", "remove")]),
    ("eval 'rm q'", [("q", "remove")]),
    ("cd sub && rm x; cd /abs && touch y", [("sub/x", "remove"), ("/abs/y", "write")]),
    ("(cd sub && rm x)>o", [("sub/x", "remove"), ("sub/o", "write")]),
    ("echo a#b > c", [("c", "write")]),
])
def test_write_targets(command: str, expected: list[tuple[str, str]]) -> None:
    assert sorted(targets(command)) == sorted(expected)


@pytest.mark.parametrize("command", [
    "cat .git/config",
    "grep -r TODO src",
    "git commit -m 'x > y'",
    "ls > /dev/null 2>&1",
    "sed 's/a/b/' f.txt",
    "sed -n 1,5p f.txt",
    "perl -Mstrict -e 'print 1' f.txt",
    "python -c 'import sys'",
    "cmd 2>&1",
    "echo hi | wc -l",
    "curl -fsSL https://x",
    "curl -H o https://x",
])
def test_commands_that_do_not_write(command: str) -> None:
    assert targets(command) == []


def test_heredoc_bodies_are_data() -> None:
    command = "cat > notes.md <<'EOF'\ndon't rm -rf .git here\necho x > .git/config\nEOF\nls"
    assert targets(command) == [("notes.md", "write")]


def test_unbalanced_quotes_still_find_redirections() -> None:
    assert ("a.txt", "write") in targets("echo 'unclosed > a.txt")


def test_apply_patch_targets() -> None:
    patch = ("*** Begin Patch\n*** Add File: a.py\n+x\n*** Update File: b.py\n*** Move to: c.py\n"
             "@@\n-x\n+y\n*** Delete File: d.py\n*** End Patch\n")
    assert [(t.path, t.kind) for t in patch_targets(patch)] == [
        ("a.py", "write"), ("b.py", "write"), ("c.py", "write"), ("d.py", "remove")]


def test_wazir_commands_are_found() -> None:
    found = wazir_commands("cd x && wazir capture event --event phase_enter --phase review; "
                           "python -m wazir_core status && uvx wazir doctor")
    assert found == [["capture", "event", "--event", "phase_enter", "--phase", "review"],
                     ["status"], ["doctor"]]
