#!/usr/bin/python3
"""Repack the Debian-installed Python distributions as wheels.

Runs inside the image (during ``docker build``) with the image's own
/usr/bin/python3 and only the standard library (plus ``packaging``, which
Debian ships as python3-packaging and inside pip).

For every ``*.dist-info`` / ``*.egg-info`` in /usr/lib/python3/dist-packages
that is owned by a Debian package:

* the distribution's files are the files of the owning Debian package under
  dist-packages (read from /var/lib/dpkg/info/<pkg>.list, no __pycache__ /
  .pyc; symlinks are dereferenced);
* METADATA is taken from the dist-info METADATA or egg-info PKG-INFO, with
  ``Requires-Dist`` rebuilt: the original requirements (METADATA or
  requires.txt) are kept when they are satisfiable from the wheelhouse,
  extras-only requirements are kept as they are, and every Debian
  ``Depends: python3-xxx`` is mapped to the distribution python3-xxx ships;
* ``entry_points.txt`` is carried (or synthesised from /usr/bin scripts);
* WHEEL gets ``py3-none-any`` for pure distributions and the interpreter's
  own tag (e.g. ``cp311-cp311-linux_x86_64``) when there are extension
  modules; RECORD lists every file with its sha256.
"""

import argparse
import base64
import csv
import email.parser
import email.policy
import hashlib
import io
import os
import re
import subprocess
import sys
import sysconfig
import time
import zipfile

try:
    from packaging.requirements import Requirement, InvalidRequirement
    from packaging.version import Version, InvalidVersion
    from packaging.utils import canonicalize_name
except ImportError:  # pragma: no cover - depends on the suite
    from pip._vendor.packaging.requirements import Requirement, InvalidRequirement
    from pip._vendor.packaging.version import Version, InvalidVersion
    from pip._vendor.packaging.utils import canonicalize_name

SITE = "/usr/lib/python3/dist-packages"
DPKG_INFO = "/var/lib/dpkg/info"
DPKG_STATUS = "/var/lib/dpkg/status"

# Distributions that are not repacked at all.
EXCLUDE = set()

# Console scripts that must exist in a venv; used when a distribution has no
# entry_points.txt (or lacks the script) and /usr/bin parsing fails.
KNOWN_SCRIPTS = {
    "flask": ("flask", "flask.cli:main"),
    "alembic": ("alembic", "alembic.config:main"),
    "gunicorn": ("gunicorn", "gunicorn.app.wsgiapp:run"),
    "django": ("django-admin", "django.core.management:execute_from_command_line"),
}

# Debian package without metadata -> Debian package whose distribution holds its files.
ORPHAN_PKGS = {}

# Virtual Debian packages that an installed package providing them stands for.
PROVIDED = set()

# Distributions for which Debian ships a real wheel (python3-pip-whl,
# python3-setuptools-whl, ...) in this directory; it is copied as it is.
DEBIAN_WHEELS = "/usr/share/python-wheels"
PREFER_DEBIAN_WHEEL = {"pip", "setuptools", "wheel"}

# Keep these metadata fields in the order given; anything else is appended.
DIST_INFO_CARRY = {"entry_points.txt", "top_level.txt", "namespace_packages.txt"}
LICENSE_RE = re.compile(r"^(LICEN[CS]E|COPYING|NOTICE|AUTHORS)", re.I)


def log(msg):
    print("[wheelhouse] " + msg, flush=True)


def escape_name(name):
    return re.sub(r"[-_.]+", "_", name)


def escape_version(version):
    # Wheel filenames must not contain '-'.
    return version.replace("-", "_")


def interpreter_tag():
    """The tag pip uses first for this interpreter: cpXY-cpXY-<platform>."""
    impl = "cp" if sys.implementation.name == "cpython" else sys.implementation.name[:2]
    pyver = "%s%d%d" % (impl, sys.version_info[0], sys.version_info[1])
    soabi = sysconfig.get_config_var("SOABI") or ""
    # 'cpython-311-x86_64-linux-gnu' -> 'cp311'; free-threaded 'cpython-313t-...' -> 'cp313t'
    m = re.match(r"cpython-(\d+)(\w*?)-", soabi)
    abi = ("cp" + m.group(1) + m.group(2)) if m else pyver
    plat = re.sub(r"[-.]", "_", sysconfig.get_platform())
    return "%s-%s-%s" % (pyver, abi, plat)


def record_hash(data):
    digest = hashlib.sha256(data).digest()
    return "sha256=" + base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


# --------------------------------------------------------------------------
# dpkg database


def read_dpkg_status():
    """Package name -> dict(Version, Depends, Status) for installed packages."""
    pkgs = {}
    with open(DPKG_STATUS, encoding="utf-8", errors="replace") as fh:
        blocks = fh.read().split("\n\n")
    for block in blocks:
        fields = {}
        key = None
        for line in block.splitlines():
            if line.startswith((" ", "\t")) and key:
                fields[key] += "\n" + line
            elif ":" in line:
                key, _, val = line.partition(":")
                fields[key] = val.strip()
        name = fields.get("Package")
        if name and "installed" in fields.get("Status", "").split():
            arch = fields.get("Architecture", "")
            pkgs[name] = fields
            if arch and arch != "all":
                pkgs.setdefault(name + ":" + arch, fields)
    return pkgs


def read_dpkg_lists():
    """Package name -> list of paths it ships (from <pkg>[:arch].list)."""
    files = {}
    for fn in os.listdir(DPKG_INFO):
        if not fn.endswith(".list"):
            continue
        pkg = fn[: -len(".list")].split(":")[0]
        with open(os.path.join(DPKG_INFO, fn), encoding="utf-8", errors="surrogateescape") as fh:
            files[pkg] = [line.rstrip("\n") for line in fh if line.strip()]
    return files


def dpkg_version_satisfies(installed, op, wanted):
    ops = {">=": "ge", "<=": "le", ">>": "gt", "<<": "lt", "=": "eq", ">": "gt", "<": "lt"}
    return subprocess.call(
        ["dpkg", "--compare-versions", installed, ops[op], wanted]
    ) == 0


def parse_depends(value):
    """'a (>= 1) | b, c' -> [[('a','>=','1'), ('b',None,None)], [('c',None,None)]]"""
    groups = []
    for group in value.split(","):
        alts = []
        for alt in group.split("|"):
            alt = alt.strip()
            if not alt:
                continue
            m = re.match(r"^([A-Za-z0-9+.\-]+)(?::[a-z0-9]+)?\s*(?:\(\s*([<>=]+)\s*([^)\s]+)\s*\))?", alt)
            if m:
                alts.append((m.group(1), m.group(2), m.group(3)))
        if alts:
            groups.append(alts)
    return groups


# --------------------------------------------------------------------------
# Reading a distribution's metadata


class Dist:
    def __init__(self, info_path, pkg):
        self.info_path = info_path          # absolute path to *.dist-info / *.egg-info
        self.pkg = pkg                       # owning Debian package
        self.is_egg = info_path.endswith(".egg-info")
        self.meta_text = self._read_meta()
        self.meta = email.parser.Parser(policy=email.policy.compat32).parsestr(self.meta_text)
        self.name = self.meta.get("Name", "").strip()
        self.version = self.meta.get("Version", "").strip()
        self.key = canonicalize_name(self.name) if self.name else None
        self.files = []                      # absolute paths of payload files
        self.requires = []                   # list of Requirement (original)
        self.extras = list(self.meta.get_all("Provides-Extra") or [])
        self._read_requires()

    def _info_file(self, name):
        if self.is_egg and os.path.isfile(self.info_path):
            return None
        p = os.path.join(self.info_path, name)
        return p if os.path.isfile(p) else None

    def _read_meta(self):
        if self.is_egg and os.path.isfile(self.info_path):
            path = self.info_path            # single-file egg-info == PKG-INFO
        else:
            path = os.path.join(self.info_path, "PKG-INFO" if self.is_egg else "METADATA")
        with open(path, encoding="utf-8", errors="replace") as fh:
            return fh.read()

    def _read_requires(self):
        reqs = []
        for line in self.meta.get_all("Requires-Dist") or []:
            reqs.append(line.strip())
        req_txt = self._info_file("requires.txt")
        if req_txt:
            section = ""
            with open(req_txt, encoding="utf-8") as fh:
                for raw in fh:
                    line = raw.strip()
                    if not line or line.startswith("#"):
                        continue
                    if line.startswith("[") and line.endswith("]"):
                        section = line[1:-1].strip()
                        continue
                    extra, _, marker = section.partition(":")
                    markers = []
                    if extra:
                        markers.append('extra == "%s"' % extra)
                        if extra not in self.extras:
                            self.extras.append(extra)
                    if marker:
                        markers.append("(%s)" % marker if extra else marker)
                    reqs.append(line + ("; " + " and ".join(markers) if markers else ""))
        for r in reqs:
            try:
                self.requires.append(Requirement(r))
            except InvalidRequirement:
                log("  %s: ignoring invalid requirement %r" % (self.name, r))

    def info_files(self):
        """Names of carried metadata files (besides METADATA) -> absolute path."""
        out = {}
        if self.is_egg and os.path.isfile(self.info_path):
            return out
        for fn in sorted(os.listdir(self.info_path)):
            full = os.path.join(self.info_path, fn)
            if not os.path.isfile(full):
                continue
            if fn in DIST_INFO_CARRY or LICENSE_RE.match(fn):
                out[fn] = full
        return out

    def top_level(self):
        p = self._info_file("top_level.txt")
        if p:
            with open(p, encoding="utf-8") as fh:
                return [l.strip().replace("/", os.sep) for l in fh if l.strip()]
        return None


class SyntheticDist(Dist):
    """A Debian package with modules but no metadata of its own and nothing of its source to join (bullseye's
    python3-ptyprocess, which pexpect needs): a distribution named after the package, at Debian's upstream version.
    Made only for a package that a repacked distribution depends on."""

    def __init__(self, pkg, version):
        self.info_path = None
        self.pkg = pkg
        self.is_egg = False
        self.name = pkg[len("python3-"):]
        self.version = version
        self.meta_text = "Metadata-Version: 2.1\nName: %s\nVersion: %s\n" % (self.name, version)
        self.meta = email.parser.Parser(policy=email.policy.compat32).parsestr(self.meta_text)
        self.key = canonicalize_name(self.name)
        self.files = []
        self.requires = []
        self.extras = []

    def _info_file(self, name):
        return None

    def info_files(self):
        return {}

    def top_level(self):
        return None


def debian_upstream_version(deb_version):
    """'1:0.7.0+dfsg-1' -> '0.7.0'."""
    upstream = re.sub(r"^\d+:", "", deb_version).rsplit("-", 1)[0]
    return re.split(r"[+~]", upstream)[0]


def normalise_version(dist, status):
    """Debian builds some releases with a '.dev0' tag (setup.cfg tag_build);
    when the Debian upstream version says it is the release, drop the tag so
    pip does not treat the wheel as a pre-release."""
    m = re.match(r"^(.*?)\.?dev0$", dist.version)
    if not m:
        return dist.version
    base = m.group(1)
    deb = status.get(dist.pkg, {}).get("Version", "")
    upstream = re.sub(r"^\d+:", "", deb).rsplit("-", 1)[0]
    if upstream.split("+")[0].split("~")[0] == base:
        return base
    return dist.version


# --------------------------------------------------------------------------


def find_dists(status, pkg_files):
    owner = {}
    for pkg, paths in pkg_files.items():
        for p in paths:
            if p.startswith(SITE + "/"):
                owner[p] = pkg
    dists = []
    for fn in sorted(os.listdir(SITE)):
        if not fn.endswith((".dist-info", ".egg-info")):
            continue
        path = os.path.join(SITE, fn)
        pkg = owner.get(path)
        if not pkg:
            log("skip %s: not owned by a Debian package" % fn)
            continue
        d = Dist(path, pkg)
        if not d.name or not d.version:
            log("skip %s: no Name/Version" % fn)
            continue
        dists.append(d)
    # Assign payload files.
    by_pkg = {}
    for d in dists:
        by_pkg.setdefault(d.pkg, []).append(d)
    # Debian packages with modules but no metadata of their own (e.g.
    # python3-pkg-resources) join the distribution built from the same source.
    def source_of(pkg):
        return status.get(pkg, {}).get("Source", pkg).split()[0]
    src_pkgs = {}
    for pkg in by_pkg:
        src_pkgs.setdefault(source_of(pkg), []).append(pkg)
    extra_pkgs = {}
    for pkg, paths in pkg_files.items():
        # (.py or extension modules: python3-pandas-lib holds only pandas' .so files)
        if pkg in by_pkg or not any(p.startswith(SITE + "/") and (p.endswith(".py") or ".so" in p) for p in paths):
            continue
        cands = src_pkgs.get(source_of(pkg), [])
        if len(cands) == 1 and len(by_pkg[cands[0]]) == 1:
            extra_pkgs.setdefault(cands[0], []).append(pkg)
            ORPHAN_PKGS[pkg] = cands[0]
            log("  %s (no metadata) is merged into %s" % (pkg, by_pkg[cands[0]][0].name))
        elif not cands and pkg.startswith("python3-") and pkg in status and any(
                r in by_pkg for r in reverse_depends(status).get(pkg, [])):
            # Only one a repacked distribution depends on: a module nothing asks for stays out of the wheelhouse.
            synthetic = SyntheticDist(pkg, debian_upstream_version(status[pkg].get("Version", "")))
            dists.append(synthetic)
            log("  %s (no metadata) becomes %s %s" % (pkg, synthetic.name, synthetic.version))
    for d in dists:
        if isinstance(d, SyntheticDist):
            by_pkg.setdefault(d.pkg, [d])
    for pkg, ds in by_pkg.items():
        payload = []
        for p in [p for q in [pkg] + extra_pkgs.get(pkg, []) for p in pkg_files.get(q, [])]:
            if not p.startswith(SITE + "/"):
                continue
            rel = p[len(SITE) + 1:]
            parts = rel.split("/")
            if "__pycache__" in parts or rel.endswith((".pyc", ".pyo")):
                continue
            if parts[0].endswith((".dist-info", ".egg-info")):
                continue
            if os.path.isdir(p) and not os.path.islink(p):
                continue
            if not os.path.lexists(p):
                continue
            if os.path.isdir(p):
                # A symlink to a directory (Debian moves data to /usr/share): its files, dereferenced.
                for top, dirs, names in os.walk(p, followlinks=True):
                    dirs[:] = [d for d in dirs if d != "__pycache__"]
                    for n in names:
                        if not n.endswith((".pyc", ".pyo")):
                            payload.append(os.path.relpath(os.path.join(top, n), SITE))
                continue
            payload.append(rel)
        if len(ds) == 1:
            ds[0].files = payload
            continue
        # Several distributions in one Debian package: split by top_level.txt
        # (or by the module name derived from the distribution name).
        claimed = set()
        for d in ds:
            tops = d.top_level() or [escape_name(d.name).lower()]
            for rel in payload:
                head = rel.split("/")[0]
                mod = re.sub(r"(\.cpython.*)?\.(py|so|pth)$", "", head)
                if head in tops or mod in tops:
                    d.files.append(rel)
                    claimed.add(rel)
        rest = [r for r in payload if r not in claimed]
        if rest:
            log("  %s: %d unclaimed files go to %s" % (pkg, len(rest), ds[0].name))
            ds[0].files.extend(rest)
    return dists


_REVERSE_DEPENDS = None


def reverse_depends(status):
    """Debian package -> installed packages that depend on it (computed once)."""
    global _REVERSE_DEPENDS
    if _REVERSE_DEPENDS is None:
        _REVERSE_DEPENDS = {}
        for name, fields in status.items():
            if ":" in name:
                continue
            for dep in {a[0] for g in parse_depends(fields.get("Depends", "")) for a in g}:
                if dep != name:
                    _REVERSE_DEPENDS.setdefault(dep, []).append(name)
    return _REVERSE_DEPENDS


def synthesize_entry_points(dist, pkg_files, status, dist_pkgs):
    """Return extra console_scripts lines for scripts that the distribution's
    Debian package (or a package depending on it) puts in /usr/bin."""
    existing = set()
    ep = dist.info_files().get("entry_points.txt")
    if ep:
        section = None
        with open(ep, encoding="utf-8") as fh:
            for line in fh:
                line = line.strip()
                if line.startswith("["):
                    section = line.strip("[]").strip()
                elif section == "console_scripts" and "=" in line:
                    existing.add(line.split("=", 1)[0].strip())
    extra = {}
    # Packages whose /usr/bin scripts may belong to this distribution: the
    # owning package and packages depending on it that ship no dist of their own
    # (e.g. 'gunicorn' -> 'python3-gunicorn').
    pkgs = [dist.pkg] + [name for name in reverse_depends(status).get(dist.pkg, [])
                         if name not in dist_pkgs and not name.startswith("python3-")]
    for pkg in pkgs:
        for p in pkg_files.get(pkg, []):
            if not p.startswith("/usr/bin/") or not os.path.isfile(p):
                continue
            script = os.path.basename(p)
            if script in existing or script in extra:
                continue
            try:
                with open(p, encoding="utf-8") as fh:
                    text = fh.read(4096)
            except (UnicodeDecodeError, OSError):
                continue
            if not re.match(r"#!\s*/usr/bin/(env\s+)?python3", text):
                continue
            m = re.search(r"^from\s+([\w.]+)\s+import\s+(\w+)\s*$", text, re.M)
            if m and re.search(r"\b%s\(\)" % re.escape(m.group(2)), text):
                top = m.group(1).split(".")[0]
                if any(f.split("/")[0] in (top, top + ".py") for f in dist.files):
                    extra[script] = "%s:%s" % (m.group(1), m.group(2))
    known = KNOWN_SCRIPTS.get(dist.key)
    if known and known[0] not in existing and known[0] not in extra:
        extra[known[0]] = known[1]
    return extra


def extra_available(target, extra, by_key):
    """Whether every requirement the target's extra adds is in the wheelhouse (pip fails on one that is not)."""
    wanted = canonicalize_name(extra)
    for req in target.requires:
        if not req.marker or "extra" not in str(req.marker):
            continue
        if not req.marker.evaluate({"extra": wanted}) or req.marker.evaluate({"extra": "\0none"}):
            continue
        if canonicalize_name(req.name) not in by_key:
            return False
    return True


def build_requires(dist, by_key, by_pkg, status):
    """Return the list of Requires-Dist strings for the repacked wheel."""
    env = None  # default marker environment (this interpreter)
    out = []
    seen = set()
    for req in dist.requires:
        key = canonicalize_name(req.name)
        marker = str(req.marker) if req.marker else ""
        if "extra" in marker:
            out.append(str(req))          # optional extra: keep as it is
            continue
        if req.marker and not req.marker.evaluate(env):
            out.append(str(req))          # not for this Python: harmless
            seen.add(key)                 # ...and Debian's Depends must not force it
            continue
        target = by_key.get(key)
        if target is None:
            log("  %s: dropping requirement %s (not in the wheelhouse; Debian provides it otherwise)"
                % (dist.name, req))
            continue
        extras = {e for e in req.extras if extra_available(target, e, by_key)}
        if extras != set(req.extras):
            log("  %s: dropping extras %s of %s (what they need is not in the wheelhouse)"
                % (dist.name, ",".join(sorted(set(req.extras) - extras)), req.name))
        relax = req.specifier and not req.specifier.contains(target.wheel_version, prereleases=True)
        if relax:
            log("  %s: relaxing %s (wheelhouse has %s %s)"
                % (dist.name, req, target.name, target.wheel_version))
        if relax or extras != set(req.extras):
            req = Requirement(req.name + (("[" + ",".join(sorted(extras)) + "]") if extras else "")
                              + ("" if relax else str(req.specifier)) + (("; " + marker) if marker else ""))
        out.append(str(req))
        seen.add(key)
    fields = status.get(dist.pkg, {})
    for group in parse_depends(fields.get("Depends", "") + "," + fields.get("Pre-Depends", "")):
        # An alternative satisfied by a non-Python package (e.g.
        # "python3-importlib-metadata | python3 (>> 3.10)") needs nothing.
        chosen = None
        satisfied_otherwise = False
        for name, op, ver in group:
            targets = by_pkg.get(name)
            if targets:
                if chosen is None and (name in status or name in PROVIDED):
                    chosen = targets
            elif name in status and len(group) > 1:
                inst = status[name].get("Version", "")
                if not op or dpkg_version_satisfies(inst, op, ver):
                    satisfied_otherwise = True
        if satisfied_otherwise or not chosen:
            continue
        for t in chosen:
            if t.key != dist.key and t.key not in seen:
                out.append(t.name)
                seen.add(t.key)
    return out


def make_metadata(dist, requires):
    """Rewrite the METADATA/PKG-INFO text with the rebuilt Requires-Dist."""
    msg = dist.meta
    headers = []
    body = msg.get_payload() if not msg.is_multipart() else ""
    mv = msg.get("Metadata-Version", "1.0").strip()
    try:
        mv_ok = Version(mv) >= Version("2.1")
    except InvalidVersion:
        mv_ok = False
    headers.append(("Metadata-Version", mv if mv_ok else "2.1"))
    for k, v in msg.items():
        lk = k.lower()
        if lk in ("metadata-version", "requires-dist", "provides-extra", "requires"):
            continue
        if lk == "version":
            v = dist.wheel_version
        if lk == "description" and not mv_ok:
            # Old PKG-INFO puts the long description in a folded header.
            if not body.strip():
                body = re.sub(r"\n {8}|\n\t", "\n", v)
            continue
        headers.append((k, v.strip() if "\n" not in v else v))
    for e in dist.extras:
        headers.append(("Provides-Extra", e))
    for r in requires:
        headers.append(("Requires-Dist", r))
    out = io.StringIO()
    for k, v in headers:
        out.write("%s: %s\n" % (k, v))
    if body and body.strip():
        out.write("\n" + body.lstrip("\n"))
    return out.getvalue()


def read_file_bytes(path):
    with open(path, "rb") as fh:  # follows symlinks (Debian links to /usr/share)
        return fh.read()


def build_wheel(dist, outdir, tag_compiled, requires, extra_scripts):
    compiled = any(f.endswith(".so") or ".so." in f for f in dist.files)
    tag = tag_compiled if compiled else "py3-none-any"
    info_dir = "%s-%s.dist-info" % (escape_name(dist.name), escape_version(dist.wheel_version))
    fname = "%s-%s-%s.whl" % (escape_name(dist.name), escape_version(dist.wheel_version), tag)
    entries = []  # (arcname, bytes, mode)
    for rel in sorted(dist.files):
        full = os.path.join(SITE, rel)
        try:
            data = read_file_bytes(full)
        except OSError as exc:
            log("  %s: skipping %s (%s)" % (dist.name, rel, exc))
            continue
        mode = os.stat(full).st_mode & 0o777
        entries.append((rel, data, mode))
    info = {}
    for fn, full in dist.info_files().items():
        info[fn] = read_file_bytes(full)
    if "entry_points.txt" in info:
        # Some Debian egg-info files are indented; write plain INI lines.
        ep = info["entry_points.txt"].decode("utf-8")
        info["entry_points.txt"] = ("\n".join(l.strip() for l in ep.strip().splitlines()) + "\n").encode("utf-8")
    if extra_scripts:
        ep = info.get("entry_points.txt", b"").decode("utf-8")
        lines = ["%s = %s" % (k, v) for k, v in sorted(extra_scripts.items())]
        if re.search(r"^\[console_scripts\]\s*$", ep, re.M):
            ep = re.sub(r"^\[console_scripts\]\s*$", "[console_scripts]\n" + "\n".join(lines), ep, count=1, flags=re.M)
        else:
            ep = "[console_scripts]\n" + "\n".join(lines) + "\n\n" + ep
        info["entry_points.txt"] = ep.encode("utf-8")
    info["METADATA"] = make_metadata(dist, requires).encode("utf-8")
    info["WHEEL"] = (
        "Wheel-Version: 1.0\nGenerator: panel-build-wheelhouse (1.0)\n"
        "Root-Is-Purelib: %s\nTag: %s\n" % ("false" if compiled else "true", tag)
    ).encode("ascii")
    for fn in sorted(info):
        entries.append(("%s/%s" % (info_dir, fn), info[fn], 0o644))
    # RECORD is CSV: a file name with a comma in it (tld's "test_registry.py,cover") is quoted.
    record = io.StringIO()
    writer = csv.writer(record, lineterminator="\n")
    for arc, data, _ in entries:
        writer.writerow([arc, record_hash(data), len(data)])
    writer.writerow(["%s/RECORD" % info_dir, "", ""])
    entries.append(("%s/RECORD" % info_dir, record.getvalue().encode("utf-8"), 0o644))

    tmp = os.path.join(outdir, "." + fname + ".tmp")
    stamp = (2020, 1, 1, 0, 0, 0)  # reproducible archives
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        for arc, data, mode in entries:
            zi = zipfile.ZipInfo(arc, date_time=stamp)
            zi.external_attr = ((0o100000 | mode) & 0xFFFF) << 16
            zi.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(zi, data)
    os.replace(tmp, os.path.join(outdir, fname))
    return fname, compiled


def debian_wheel(dist):
    """Debian's prebuilt wheel for pip/setuptools/wheel, if shipped."""
    if dist.key not in PREFER_DEBIAN_WHEEL or not os.path.isdir(DEBIAN_WHEELS):
        return None
    prefix = escape_name(dist.name).lower() + "-"
    for fn in sorted(os.listdir(DEBIAN_WHEELS)):
        if fn.lower().startswith(prefix) and fn.endswith(".whl"):
            ver = fn[len(prefix):].split("-")[0]
            if ver == dist.wheel_version.split("+")[0]:
                return os.path.join(DEBIAN_WHEELS, fn)
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--output", default="/usr/share/pip-wheels")
    ap.add_argument("--require", action="append", default=[],
                    help="distribution that must end up in the wheelhouse (repeatable)")
    ap.add_argument("--require-script", action="append", default=[],
                    help="DIST:SCRIPT console script that must be declared (repeatable)")
    args = ap.parse_args()

    t0 = time.time()
    os.makedirs(args.output, exist_ok=True)
    status = read_dpkg_status()
    pkg_files = read_dpkg_lists()
    dists = [d for d in find_dists(status, pkg_files) if d.key not in EXCLUDE]
    by_key = {}
    for d in dists:
        d.wheel_version = normalise_version(d, status)
        try:
            Version(d.wheel_version)
        except InvalidVersion:
            log("skip %s %s: version is not PEP 440" % (d.name, d.version))
            continue
        if d.key in by_key:
            log("skip duplicate %s in %s" % (d.name, d.pkg))
            continue
        by_key[d.key] = d
    by_pkg = {}
    for d in by_key.values():
        by_pkg.setdefault(d.pkg, []).append(d)
    for orphan, pkg in ORPHAN_PKGS.items():
        by_pkg[orphan] = by_pkg[pkg]
    # A virtual package (bcrypt's "python3-cffi-backend-api-min") means the distributions of what provides it.
    for pkg, fields in list(status.items()):
        if pkg in by_pkg:
            for provided in {a[0] for g in parse_depends(fields.get("Provides", "")) for a in g}:
                if provided not in by_pkg:
                    by_pkg[provided] = by_pkg[pkg]
                    PROVIDED.add(provided)

    tag = interpreter_tag()
    log("interpreter tag: %s; %d distributions to repack" % (tag, len(by_key)))
    built = []
    scripts = {}
    for key in sorted(by_key):
        d = by_key[key]
        deb_whl = debian_wheel(d)
        if deb_whl:
            import shutil
            shutil.copyfile(deb_whl, os.path.join(args.output, os.path.basename(deb_whl)))
            built.append(os.path.basename(deb_whl))
            scripts[key] = set()
            log("%-55s (Debian's own wheel)" % os.path.basename(deb_whl))
            continue
        reqs = build_requires(d, by_key, by_pkg, status)
        extra = synthesize_entry_points(d, pkg_files, status, set(by_pkg))
        fname, compiled = build_wheel(d, args.output, tag, reqs, extra)
        # Collect declared console scripts for the checks below.
        with zipfile.ZipFile(os.path.join(args.output, fname)) as zf:
            names = [n for n in zf.namelist() if n.endswith(".dist-info/entry_points.txt")]
            text = zf.read(names[0]).decode() if names else ""
        section = text.split("[console_scripts]", 1)[1].split("[", 1)[0] if "[console_scripts]" in text else ""
        scripts[key] = set(re.findall(r"^\s*([\w.-]+)\s*=", section, re.M))
        log("%-55s %s  deps: %s%s" % (fname, "(compiled)" if compiled else "", ", ".join(
            r for r in reqs if "extra ==" not in r) or "-",
            ("  +scripts: " + ", ".join(sorted(extra))) if extra else ""))
        built.append(fname)

    missing = [r for r in args.require if canonicalize_name(r) not in by_key]
    for spec in args.require_script:
        dist, _, script = spec.partition(":")
        if script not in scripts.get(canonicalize_name(dist), set()):
            missing.append("console script %s of %s" % (script, dist))
    log("%d wheels in %s (%.1fs)" % (len(built), args.output, time.time() - t0))
    if missing:
        log("ERROR: missing from the wheelhouse: " + ", ".join(missing))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
