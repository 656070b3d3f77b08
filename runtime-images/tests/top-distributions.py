#!/usr/bin/python3
"""Run inside a panel-python image (bench/wheelhouse): for each distribution name of a list, `pip install NAME`
offline into a fresh virtualenv and import what it installed. Prints one line per name and a summary line
`SUMMARY in_wheelhouse=N installed=N imported=N total=N`.

    python3 top-distributions.py LIST
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

WHEELS = "/usr/share/pip-wheels"


def canon(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def main():
    names = [l.strip() for l in open(sys.argv[1]) if l.strip() and not l.startswith("#")]
    have = {canon(fn.split("-")[0]) for fn in os.listdir(WHEELS) if fn.endswith(".whl")}
    work = tempfile.mkdtemp()
    template = os.path.join(work, "template")
    subprocess.run([sys.executable, "-m", "venv", template], check=True)
    counts = {"in_wheelhouse": 0, "installed": 0, "imported": 0}
    for name in names:
        if canon(name) not in have:
            print("MISSING  %s" % name, flush=True)
            continue
        counts["in_wheelhouse"] += 1
        venv = os.path.join(work, "v")
        shutil.rmtree(venv, ignore_errors=True)
        shutil.copytree(template, venv, symlinks=True)
        py = os.path.join(venv, "bin", "python")
        r = subprocess.run([py, "-m", "pip", "install", "-q", name], capture_output=True, text=True)
        if r.returncode != 0:
            print("NOINSTALL %s: %s" % (name, (r.stderr.strip().splitlines() or ["?"])[-1]), flush=True)
            continue
        counts["installed"] += 1
        # What to import: the distribution's top-level modules (top_level.txt, or RECORD's first directories).
        probe = (
            "import importlib, importlib.metadata as m, sys\n"
            "d = m.distribution(sys.argv[1])\n"
            "tops = (d.read_text('top_level.txt') or '').split()\n"
            "if not tops:\n"
            "    tops = sorted({f.parts[0].split('.')[0] for f in (d.files or []) if len(f.parts) > 1 and not f.parts[0].endswith(('.dist-info', '.egg-info', '.data')) and f.parts[0] not in ('..', '__pycache__', 'bin')} | {f.parts[0][:-3] for f in (d.files or []) if len(f.parts) == 1 and f.parts[0].endswith('.py')})\n"
            "tops = [t for t in tops if t and not t.startswith('_') and t.isidentifier()] or tops\n"
            "if not tops: sys.exit('nothing to import')\n"
            "importlib.import_module(tops[0]); print(tops[0])\n"
        )
        r = subprocess.run([py, "-c", probe, name], capture_output=True, text=True)
        if r.returncode != 0:
            print("NOIMPORT %s: %s" % (name, (r.stderr.strip().splitlines() or ["?"])[-1]), flush=True)
            continue
        counts["imported"] += 1
        print("OK       %s (import %s)" % (name, r.stdout.strip()), flush=True)
    print("SUMMARY in_wheelhouse=%d installed=%d imported=%d total=%d" % (
        counts["in_wheelhouse"], counts["installed"], counts["imported"], len(names)), flush=True)


if __name__ == "__main__":
    main()
