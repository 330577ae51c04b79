"""Frozen record classes that are cheap to define: `@record` instead of `@dataclass(frozen=True)`.

`dataclasses` generates each method's source and exec()s it, which cost ~50 ms of start-up
for the ~30 classes on the score path. `record` builds the same methods from closures over
the field names, and gives the same behaviour:

- `__init__` taking fields positionally or by keyword, with defaults and default factories;
- `__eq__` and `__hash__` over the fields with `compare=True` (same class only);
- `__repr__` as `Name(a=1, b=2)` over the fields with `repr=True`;
- frozen: assigning or deleting an attribute raises `dataclasses.FrozenInstanceError`;
- `__slots__`, `__match_args__`, pickling and copying;
- `dataclasses.fields`, `replace`, `asdict` and `is_dataclass` still work (the field
  descriptions are built, and `dataclasses` imported, only when something asks for them).

Use `replace(obj, **changes)` from this module for a changed copy.
"""

from __future__ import annotations

from _thread import get_ident
from operator import attrgetter

__all__ = ["field", "record", "replace"]


class _Missing:
    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"


MISSING = _Missing()


class _Factory:
    """Placeholder in the defaults row: call the factory for each new instance."""

    __slots__ = ("make",)

    def __init__(self, make):
        self.make = make


class Field:
    """Options of one field, as given to `field()` in the class body."""

    __slots__ = ("default", "default_factory", "compare", "repr")

    def __init__(self, default, default_factory, compare, repr):  # noqa: A002 - dataclasses' name
        self.default = default
        self.default_factory = default_factory
        self.compare = compare
        self.repr = repr


def field(*, default=MISSING, default_factory=MISSING, compare: bool = True, repr: bool = True):  # noqa: A002
    """Like `dataclasses.field`: a default, a default factory, and leaving a field out of ==/hash or repr."""
    if default is not MISSING and default_factory is not MISSING:
        raise ValueError("cannot specify both default and default_factory")
    return Field(default, default_factory, compare, repr)


def _frozen_error(text: str):
    from dataclasses import FrozenInstanceError  # only on this error path

    return FrozenInstanceError(text)


class _LazyDataclassFields:
    """`__dataclass_fields__`, built on first use so `dataclasses` is imported only when needed."""

    def __get__(self, obj, owner):
        import dataclasses

        out = {}
        for name, annotation, spec in owner.__record_fields__:
            options = {"compare": spec.compare, "repr": spec.repr}
            if spec.default is not MISSING:
                options["default"] = spec.default
            if spec.default_factory is not MISSING:
                options["default_factory"] = spec.default_factory
            f = dataclasses.field(**options)
            f.name = name
            f.type = annotation
            f._field_type = dataclasses._FIELD  # what dataclasses.fields() looks for
            out[name] = f
        type.__setattr__(owner, "__dataclass_fields__", out)
        return out


def record(cls=None, /):
    """Class decorator: a frozen, slotted record with the class's annotated fields (see module doc)."""
    if cls is None:
        return record
    for base in cls.__mro__[1:]:
        if "__record_fields__" in base.__dict__:
            raise TypeError(f"{cls.__qualname__}: records cannot inherit from records")
    ns = dict(cls.__dict__)
    annotations = ns.get("__annotations__", {})
    specs = []
    for name, annotation in annotations.items():
        if isinstance(annotation, str) and annotation.replace("typing.", "").startswith("ClassVar"):
            continue
        value = ns.pop(name, MISSING)
        spec = value if isinstance(value, Field) else Field(value, MISSING, True, True)
        if specs and spec.default is MISSING and spec.default_factory is MISSING:
            prev = specs[-1][2]
            if prev.default is not MISSING or prev.default_factory is not MISSING:
                raise TypeError(f"non-default argument {name!r} follows default argument")
        specs.append((name, annotation, spec))
    names = tuple(name for name, _, _ in specs)
    ns.pop("__dict__", None)
    ns.pop("__weakref__", None)
    ns["__slots__"] = names
    ns["__qualname__"] = cls.__qualname__
    ns["__record_fields__"] = tuple(specs)
    ns["__match_args__"] = names
    ns["__dataclass_fields__"] = _LazyDataclassFields()
    new = type(cls)(cls.__name__, cls.__bases__, ns)
    _add_methods(new, names, [spec for _, _, spec in specs])
    return new


def _add_methods(cls, names, specs):
    qualname = cls.__qualname__
    nf = len(names)
    setters = tuple(cls.__dict__[name].__set__ for name in names)  # slot descriptors: bypass __setattr__
    row = tuple(
        _Factory(s.default_factory) if s.default_factory is not MISSING else s.default for s in specs
    )  # MISSING where required
    index = {name: i for i, name in enumerate(names)}
    special = [i for i, s in enumerate(specs) if s.default is MISSING]  # required or factory
    # Per number of positional arguments n: defaults of the rest, and which of them to check.
    row_after = [row[n:] for n in range(nf + 1)]
    special_after = [tuple(i for i in special if i >= n) for n in range(nf + 1)]

    def too_many(n):
        return TypeError(f"{qualname}.__init__() takes {nf + 1} positional arguments but {n + 1} were given")

    def bad_keyword(kwargs, n):
        for key in kwargs:
            if key not in names:
                return TypeError(f"{qualname}.__init__() got an unexpected keyword argument {key!r}")
            if key in names[:n]:
                return TypeError(f"{qualname}.__init__() got multiple values for argument {key!r}")

    def missing_error(values):
        missing = [repr(names[i]) for i in special if values[i] is MISSING]
        listed = " and ".join(", ".join(missing).rsplit(", ", 1))
        plural = "s" if len(missing) > 1 else ""
        return TypeError(f"{qualname}.__init__() missing {len(missing)} required positional argument{plural}: {listed}")

    def __init__(self, *args, **kwargs):
        n = len(args)
        if n != nf or kwargs:
            if n > nf:
                raise too_many(n)
            args = [*args, *row_after[n]]
            for key, value in kwargs.items():
                i = index.get(key, -1)
                if i < n:
                    raise bad_keyword(kwargs, n)
                args[i] = value
            for i in special_after[n]:
                value = args[i]
                if value.__class__ is _Factory:  # still the placeholder: not given
                    args[i] = value.make()
                elif value is MISSING:
                    raise missing_error(args)
        for set_value, value in zip(setters, args, strict=False):
            set_value(self, value)

    compared = tuple(name for name, s in zip(names, specs, strict=True) if s.compare)
    shown = tuple(name for name, s in zip(names, specs, strict=True) if s.repr)

    if len(compared) >= 2:
        key = attrgetter(*compared)  # a tuple of the values
    else:

        def key(obj):
            return tuple([getattr(obj, name) for name in compared])

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return key(self) == key(other)
        return NotImplemented

    def __hash__(self):
        return hash(key(self))

    running = set()

    def __repr__(self):
        token = (id(self), get_ident())
        if token in running:
            return "..."
        running.add(token)
        try:
            body = ", ".join([f"{name}={getattr(self, name)!r}" for name in shown])
        finally:
            running.discard(token)
        return f"{self.__class__.__qualname__}({body})"

    def __setattr__(self, name, value):
        if type(self) is cls or name in names:
            raise _frozen_error(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    def __delattr__(self, name):
        if type(self) is cls or name in names:
            raise _frozen_error(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    def __reduce__(self):
        return (self.__class__, tuple([getattr(self, name) for name in names]))

    own = cls.__dict__
    for fn in (__init__, __eq__, __hash__, __repr__, __setattr__, __delattr__, __reduce__):
        name = fn.__name__
        if name in own:
            if name == "__repr__":
                continue  # the class's own repr wins, as with dataclasses
            raise TypeError(f"{qualname} defines {name}; a record makes its own")
        fn.__qualname__ = f"{qualname}.{name}"
        type.__setattr__(cls, name, fn)


def replace(obj, /, **changes):
    """A copy of a record (or dataclass) with some fields changed, like `dataclasses.replace`."""
    fields = getattr(type(obj), "__record_fields__", None)
    if fields is None:
        import dataclasses

        return dataclasses.replace(obj, **changes)
    for name, _, _ in fields:
        if name not in changes:
            changes[name] = getattr(obj, name)
    return obj.__class__(**changes)
