"""`import weasyprint` without re-parsing its C declarations on every run.

WeasyPrint declares the Pango/HarfBuzz/fontconfig API it calls as ~16 kB of C text in
weasyprint/text/ffi.py, and cffi parses that text with pycparser on every import: about
0.4 s, a third of the import. cffi can describe the same declarations as a compact type
table (its "out-of-line ABI mode"). We build that table once per WeasyPrint file and cffi
version, keep it in the riskkit cache as JSON (data read back with json, never code) and
hand WeasyPrint an FFI made from it; its ``ffi.cdef(...)`` call then only checks that the
declarations are the ones the table was built from. Anything unexpected — another
WeasyPrint, a cdef that does not match, a cache we cannot read — falls back to the plain
import, so this can only ever save time. RISKKIT_CACHE_DIR=off turns it off with the
other caches.
"""

from __future__ import annotations

import hashlib
import os
import sys

FORMAT = "1"  # bump when the stored table's layout changes
_WEASY_FFI_MODULE = "weasyprint.text.ffi"


SYSTEM_LIBRARIES_HINT = (
    "install Pango (Debian/Ubuntu: apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b; "
    "macOS: brew install pango), or write the memo as HTML with -o memo.html"
)


def import_weasyprint():
    """The weasyprint module, imported through the cached type table when possible.

    If WeasyPrint or its system libraries cannot be loaded, raise one clear RiskkitError
    (WeasyPrint's own multi-line banner is kept off stdout, which may carry output).
    """
    if "weasyprint" in sys.modules:
        return sys.modules["weasyprint"]
    import contextlib
    import io

    from riskkit.errors import RiskkitError

    try:
        with contextlib.redirect_stdout(io.StringIO()):
            return _import()
    except (ImportError, OSError) as exc:
        _forget_weasyprint()
        detail = " ".join(str(exc).split())
        raise RiskkitError(f"cannot make a PDF: WeasyPrint could not be loaded ({detail})", hint=SYSTEM_LIBRARIES_HINT)


def _forget_weasyprint() -> None:
    """Drop a half-imported WeasyPrint so the next import starts clean."""
    for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
        del sys.modules[name]


def _import():
    """import weasyprint, handing its ffi module the FFI built from the cached table."""
    try:
        ffi = _cached_ffi()
    except Exception:  # noqa: BLE001 - any failure here means "use the plain import"
        ffi = None
    if ffi is None:
        import weasyprint

        return weasyprint
    import cffi

    original = cffi.FFI

    def make_ffi(*args, **kwargs):
        # Only WeasyPrint's own module gets the prebuilt FFI; anyone else gets cffi's.
        if sys._getframe(1).f_globals.get("__name__") == _WEASY_FFI_MODULE and not args and not kwargs:
            return ffi
        return original(*args, **kwargs)

    cffi.FFI = make_ffi
    try:
        import weasyprint
    except Exception:  # noqa: BLE001 - retry the plain way; a real problem will raise again there
        _forget_weasyprint()
        cffi.FFI = original
        import weasyprint
    finally:
        cffi.FFI = original
    return weasyprint


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _cached_ffi():
    """An FFI for WeasyPrint's declarations from the cached table (built on a miss), or None."""
    import importlib.util

    import cffi

    from riskkit.load import parsecache

    # find_spec of the top-level name only: for a submodule it would import the package.
    spec = importlib.util.find_spec("weasyprint")
    if spec is None or not spec.submodule_search_locations or parsecache.cache_folder() is None:
        return None
    path = os.path.join(spec.submodule_search_locations[0], *_WEASY_FFI_MODULE.split(".")[1:]) + ".py"
    with open(path, "rb") as fh:
        module_source = fh.read()
    key = hashlib.sha256(f"{FORMAT}\n{cffi.__version__}\n".encode() + module_source).hexdigest()
    name = f"weasyprint-ffi-{key}.json"
    stored = parsecache.read_json(name)
    if not _valid(stored):
        stored = _build_table(module_source.decode("utf-8"))
        if stored is None:
            return None
        parsecache.write_json(name, stored)
    return _make_ffi(stored)


def _valid(stored) -> bool:
    return (
        isinstance(stored, dict)
        and isinstance(stored.get("cdef_sha256"), str)
        and isinstance(stored.get("args"), list)
        and isinstance(stored.get("kwargs"), dict)
    )


def _cdef_source(module_source: str) -> str | None:
    """The one string literal WeasyPrint passes to ``ffi.cdef``, read with ast (nothing runs)."""
    import ast

    found = [
        node.args[0].value
        for node in ast.walk(ast.parse(module_source))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "cdef"
        and len(node.args) == 1
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ]
    return found[0] if len(found) == 1 else None


def _build_table(module_source: str) -> dict | None:
    """cffi's out-of-line type table for the declarations, as JSON-ready data."""
    import ast
    import tempfile

    import cffi
    import cffi.recompiler

    source = _cdef_source(module_source)
    if source is None:
        return None
    builder = cffi.FFI()
    builder.cdef(source)
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "table.py")
        cffi.recompiler.make_py_source(builder, "_riskkit_weasyprint_ffi", path)
        with open(path, encoding="utf-8") as fh:
            generated = fh.read()
    # The generated module is one call, ffi = _cffi_backend.FFI(<literals>); take its
    # literals with ast.literal_eval rather than running the module.
    calls = [
        node.value
        for node in ast.parse(generated).body
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)
    ]
    if len(calls) != 1:
        return None
    call = calls[0]
    return {
        "cdef_sha256": _digest(source),
        "args": [_to_json(ast.literal_eval(a)) for a in call.args],
        "kwargs": {kw.arg: _to_json(ast.literal_eval(kw.value)) for kw in call.keywords},
    }


def _to_json(value):
    if isinstance(value, bytes):
        return {"b": value.decode("latin-1")}
    if isinstance(value, tuple):
        return [_to_json(v) for v in value]
    if isinstance(value, (str, int)):
        return value
    raise TypeError(f"unexpected literal in cffi's table: {type(value).__name__}")


def _from_json(value):
    if isinstance(value, dict):
        return value["b"].encode("latin-1")
    if isinstance(value, list):
        return tuple(_from_json(v) for v in value)
    return value


def _make_ffi(stored: dict):
    import _cffi_backend

    class TableFFI(_cffi_backend.FFI):
        """cffi's FFI built from the stored table; cdef() only checks it is the same C."""

        def cdef(self, csource, *args, **kwargs):
            if args or kwargs or _digest(csource) != stored["cdef_sha256"]:
                raise RuntimeError("WeasyPrint's C declarations differ from the cached table")

    args = [_from_json(a) for a in stored["args"]]
    kwargs = {k: _from_json(v) for k, v in stored["kwargs"].items()}
    return TableFFI(*args, **kwargs)
