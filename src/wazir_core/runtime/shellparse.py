"""Finding the paths a shell command obviously writes, and the wazir commands it runs.

This is not a shell: it reads the common ways a command line changes files (redirection,
``tee``, ``sed -i``, ``cp``/``mv``/``install`` destinations, ``rm``, ``touch`` ...). When the
line cannot be tokenised it falls back to a plain split, so odd quoting errs toward blocking.
"""

from __future__ import annotations

import posixpath
import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass

PUNCTUATION = "();<>|&\n"
OUT_REDIRECTS = {">", ">>", ">|", "&>", "&>>", "<>", ">&", ">>&"}
IN_REDIRECTS = {"<", "<<", "<<<", "<&", "<<-"}
WRAPPERS = {"sudo", "doas", "env", "command", "builtin", "exec", "nohup", "time", "nice",
            "timeout", "stdbuf", "ionice", "busybox"}
SHELLS = {"sh", "bash", "zsh", "dash", "ksh", "fish"}
ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")
HEREDOC = re.compile(r"<<-?\s*(['\"]?)([A-Za-z0-9_.@-]+)\1")
PWD_FORMS = ("$(pwd)", "`pwd`", "${PWD}", "$PWD")


@dataclass(frozen=True)
class WriteTarget:
    path: str
    kind: str  # "write" or "remove" (rm, the source of mv)


def strip_heredocs(command: str) -> str:
    """Drop here-document bodies, which are data, not commands."""
    out: list[str] = []
    pending: list[tuple[str, bool]] = []
    for line in command.split("\n"):
        if pending:
            delimiter, dash = pending[0]
            if (line.lstrip("\t") if dash else line) == delimiter:
                pending.pop(0)
            continue
        out.append(line)
        for match in HEREDOC.finditer(line):
            if line[max(match.start() - 1, 0):match.start()] != "<":
                pending.append((match.group(2), match.group(0).startswith("<<-")))
    return "\n".join(out)


def tokens(command: str) -> list[str]:
    lexer = shlex.shlex(command, posix=True, punctuation_chars=PUNCTUATION)
    lexer.whitespace = lexer.whitespace.replace("\n", "")
    lexer.whitespace_split = True
    lexer.commenters = ""
    try:
        return list(lexer)
    except ValueError:
        spaced = re.sub(r"([;|&()<>\n]+)", r" \1 ", command)
        return [t.strip("'\"") for t in spaced.split(" ") if t.strip(" \t")]


def _is_operator(token: str) -> bool:
    return bool(token) and all(c in PUNCTUATION for c in token)


@dataclass
class Simple:
    argv: list[str]
    redirects: list[str]


def simple_commands(command: str) -> Iterator[Simple]:
    """Each simple command with its words and the files its output goes to."""
    current = Simple([], [])
    words = tokens(strip_heredocs(command))
    i = 0
    while i < len(words):
        word = words[i]
        if _is_operator(word):
            if word in OUT_REDIRECTS or (word not in IN_REDIRECTS and ">" in word):
                target = words[i + 1] if i + 1 < len(words) else ""
                dup = word.endswith("&") and (target.isdigit() or target == "-")
                if target and not _is_operator(target) and not dup:
                    current.redirects.append(target)
                    i += 1
            elif word in IN_REDIRECTS:
                i += 1
            else:
                if current.argv or current.redirects:
                    yield current
                current = Simple([], [])
            i += 1
            continue
        if word.isdigit() and i + 1 < len(words) and _is_operator(words[i + 1]) \
                and ("<" in words[i + 1] or ">" in words[i + 1]):
            i += 1  # the file descriptor number before a redirection
            continue
        current.argv.append(word)
        i += 1
    if current.argv or current.redirects:
        yield current


def _unwrap(argv: list[str]) -> list[str]:
    """Skip variable assignments and wrappers such as ``sudo`` or ``env``."""
    i = 0
    while i < len(argv):
        word = argv[i]
        if ASSIGNMENT.match(word):
            i += 1
            continue
        name = posixpath.basename(word.lstrip("\\"))
        if name in WRAPPERS:
            i += 1
            while i < len(argv) and (argv[i].startswith("-") or ASSIGNMENT.match(argv[i])):
                i += 2 if argv[i] in ("-u", "-g", "-n", "-C", "-s") else 1
            if name == "timeout" and i < len(argv):
                i += 1
            continue
        break
    return argv[i:]


def _positionals(args: list[str], takes_value: frozenset[str] = frozenset()) -> list[str]:
    out: list[str] = []
    i, options_done = 0, False
    while i < len(args):
        arg = args[i]
        if options_done or not arg.startswith("-") or arg == "-":
            out.append(arg)
        elif arg == "--":
            options_done = True
        elif arg in takes_value:
            i += 1
        i += 1
    return out


def option_value(args: list[str], long: str, short: str = "", flags: str = "") -> str | None:
    """The value of ``--long VALUE`` or ``--long=VALUE`` (or ``-s VALUE``, ``-sVALUE``). With
    ``flags``, the tool's short options that take no value, ``-s`` may end a cluster of them:
    ``curl -sSo FILE`` writes FILE as surely as ``curl -o FILE`` does."""
    letter = short[1:]
    for i, arg in enumerate(args):
        if arg == long:
            return args[i + 1] if i + 1 < len(args) else None
        if arg.startswith(long + "="):
            return arg.split("=", 1)[1]
        if letter and arg.startswith("-") and not arg.startswith("--"):
            cluster = arg[1:]
            lead = len(cluster) - len(cluster.lstrip(flags))
            if cluster[lead:lead + 1] == letter:
                rest = cluster[lead + 1:]
                return rest or (args[i + 1] if i + 1 < len(args) else None)
    return None


#: Short options that take no value, per tool, so an output option can end a cluster of them
#: (``cp -rt DIR``, ``curl -sSLo FILE``, ``wget -qO FILE``).
NO_VALUE = {
    "cp": "abdfHilLnPpRrsTuvx", "mv": "bfinTuv", "ln": "bdFfiLnPrsTv", "install": "bCcDdpsv",
    "curl": "0123456aBfGgIijJkLlMNnOpqRsSvZ#", "wget": "bcdEFHhKkLmNpqrSvx",
}


#: Short-option clusters that switch on in-place editing (``-i``, ``-Ei``, ``-pi.bak``).
IN_PLACE = {"sed": re.compile(r"-[nErsuz]*i"), "perl": re.compile(r"-[pnalswTtWX0]*i")}


def _in_place(args: list[str], tool: str) -> bool:
    for arg in args:
        if arg == "--":
            break
        if arg.startswith("--in-place") or IN_PLACE[tool].match(arg):
            return True
    return False


def _script_files(args: list[str], script_flags: tuple[str, ...]) -> list[str]:
    """Files of ``sed -i`` / ``perl -i``: positionals, minus the script when none is given."""
    has_script = any(a in script_flags or a.startswith(("--expression", "--file="))
                     for a in args)
    positionals = _positionals(args, frozenset(script_flags) | {"-l"})
    return positionals if has_script else positionals[1:]


def _destination(name: str, args: list[str]) -> list[str]:
    """Where ``cp``-like commands write; ``-t`` names it only for the coreutils ones (to
    rsync and scp it means something else)."""
    if name in NO_VALUE:
        target = option_value(args, "--target-directory", "-t", NO_VALUE[name])
        if target:
            return [target]
    positionals = _positionals(args, frozenset({"-S", "--suffix", "-m", "--mode", "-o", "-g"}))
    return positionals[-1:] if len(positionals) >= 2 else []


def command_writes(argv: list[str], depth: int = 0) -> list[WriteTarget]:
    argv = _unwrap(argv)
    if not argv:
        return []
    name, args = posixpath.basename(argv[0].lstrip("\\")), argv[1:]
    write = [WriteTarget(p, "write") for p in _command_write_paths(name, args)]
    if name in ("rm", "rmdir", "unlink", "shred", "srm"):
        write += [WriteTarget(p, "remove") for p in _positionals(args)]
    elif name == "mv":
        positionals = _positionals(args, frozenset({"-S", "--suffix"}))
        destination = _destination(name, args)
        sources = [p for p in positionals if p not in destination]
        write += [WriteTarget(p, "remove") for p in sources]
    elif name == "find" and "-delete" in args:
        roots = []
        for arg in args:
            if arg.startswith(("-", "(", "!")):
                break
            roots.append(arg)
        write += [WriteTarget(p, "write") for p in roots]
    elif name in SHELLS and depth < 4:
        script = option_value(args, "--command", "-c")
        if script is None:
            for i, arg in enumerate(args):
                if arg.startswith("-") and not arg.startswith("--") and "c" in arg[1:] \
                        and i + 1 < len(args):
                    script = args[i + 1]
                    break
        if script:
            write += shell_writes(script, depth + 1)
    elif name == "eval" and depth < 4:
        write += shell_writes(" ".join(args), depth + 1)
    return write


def _command_write_paths(name: str, args: list[str]) -> list[str]:
    if name == "tee":
        return _positionals(args)
    if name in ("sed", "gsed") and _in_place(args, "sed"):
        return _script_files(args, ("-e", "-f"))
    if name in ("perl", "ruby") and _in_place(args, "perl"):
        return _script_files(args, ("-e", "-E"))
    if name in ("cp", "install", "ln", "rsync", "scp"):
        if name == "install" and ("-d" in args or "--directory" in args):
            return _positionals(args, frozenset({"-m", "--mode", "-o", "-g"}))
        return _destination(name, args)
    if name == "mv":
        return _destination(name, args)
    if name in ("touch", "mkdir", "mkfifo"):
        return _positionals(args, frozenset({"-m", "--mode", "-d", "-r", "-t"}))
    if name == "truncate":
        return _positionals(args, frozenset({"-s", "--size", "-r", "--reference"}))
    if name in ("chmod", "chown", "chgrp"):
        positionals = _positionals(args)
        has_reference = any(a.startswith("--reference") for a in args)
        return positionals if has_reference else positionals[1:]
    if name == "dd":
        return [a[3:] for a in args if a.startswith("of=")]
    if name == "curl":
        value = option_value(args, "--output", "-o", NO_VALUE["curl"])
        return [value] if value else []
    if name == "wget":
        value = option_value(args, "--output-document", "-O", NO_VALUE["wget"])
        return [value] if value and value != "-" else []
    return []


def shell_writes(command: str, depth: int = 0, cwd: str | None = None) -> list[WriteTarget]:
    """Paths ``command`` writes or removes; relative ones are joined to any ``cd`` before."""
    if cwd:
        for form in PWD_FORMS:
            command = command.replace(form, shlex.quote(cwd))
    found: list[WriteTarget] = []
    base = ""
    for simple in simple_commands(command):
        argv = _unwrap(simple.argv)
        if argv and argv[0] == "cd":
            rest = _positionals(argv[1:])
            base = posixpath.join(base, rest[0]) if rest and rest[0] != "-" else ""
            continue
        for target in [*(WriteTarget(p, "write") for p in simple.redirects),
                       *command_writes(simple.argv, depth)]:
            if target.path in ("/dev/null", "/dev/stdout", "/dev/stderr", "/dev/tty"):
                continue
            path = target.path if posixpath.isabs(target.path) or target.path.startswith("~") \
                else posixpath.join(base, target.path) if base else target.path
            found.append(WriteTarget(path, target.kind))
    return found


def wazir_commands(command: str) -> list[list[str]]:
    """The arguments of every ``wazir ...`` (or ``python -m wazir_core ...``) invocation."""
    out: list[list[str]] = []
    for simple in simple_commands(command):
        argv = _unwrap(simple.argv)
        if not argv:
            continue
        name = posixpath.basename(argv[0])
        if name == "wazir":
            out.append(argv[1:])
        elif name in ("uvx", "pipx") and argv[1:2] == ["wazir"]:
            out.append(argv[2:])
        elif name.startswith("python") and argv[1:3] == ["-m", "wazir_core"]:
            out.append(argv[3:])
        elif name in SHELLS:
            script = option_value(argv[1:], "--command", "-c")
            if script:
                out += wazir_commands(script)
    return out
