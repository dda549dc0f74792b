"""The reviewed reference tables under data/reference/: model aliases, organizations, openness overrides.

All three are hand-edited CSV files: lines starting with "#" are comments, blank lines are skipped.
A row that breaks the table's rules (unknown column, access value outside the contract) raises
ReferenceTableError naming the file and line, so a typo never silently changes the catalog.
"""
from __future__ import annotations

import csv
import functools
import io
import re
from dataclasses import dataclass
from pathlib import Path

from ..contract import ACCESS_VALUES
from ..errors import CollectorError

REFERENCE_DIR = Path(__file__).resolve().parents[2] / "data" / "reference"
ALIASES_CSV = REFERENCE_DIR / "model_aliases.csv"
ORGANIZATIONS_CSV = REFERENCE_DIR / "organizations.csv"
OVERRIDES_CSV = REFERENCE_DIR / "openness_overrides.csv"
LICENCE_CLASSES = ("permissive", "open_restricted", "proprietary", "unknown")
_MODEL_ID = re.compile(r"^[a-z0-9][a-z0-9.+-]*$")


class ReferenceTableError(CollectorError):
    """A reference table under data/reference/ is malformed."""


@dataclass(frozen=True)
class Alias:
    source: str      # "" = any source
    name: str        # raw name, name without prefixes, or "<model_id>-<date digits>"
    model_id: str    # "" = reviewed: not a model (the note says why)
    variant: str
    note: str


@dataclass(frozen=True)
class Organization:
    alias: str
    organization: str
    country: str


@dataclass(frozen=True)
class Override:
    model_id: str
    access: str
    licence_class: str
    reason: str


def read_table(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) pairs of a commented CSV; the header must hold exactly `columns`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    kept = [(n, line) for n, line in enumerate(lines, 1)
            if line.strip() and not line.lstrip().startswith("#")]
    if not kept:
        raise ReferenceTableError(f"{path}: no header line")
    reader = csv.reader(io.StringIO("\n".join(line for _, line in kept)))
    header = [h.strip() for h in next(reader)]
    if tuple(header) != columns:
        raise ReferenceTableError(f"{path}: header is {header}, expected {list(columns)}")
    rows = []
    for (number, _), values in zip(kept[1:], reader, strict=True):
        if len(values) != len(columns):
            raise ReferenceTableError(f"{path}:{number}: {len(values)} fields, expected {len(columns)}")
        rows.append((number, {c: v.strip() for c, v in zip(columns, values, strict=True)}))
    return rows


def load_aliases(path: Path = ALIASES_CSV) -> list[Alias]:
    out = []
    for number, row in read_table(path, ("source", "name", "model_id", "variant", "note")):
        if not row["name"]:
            raise ReferenceTableError(f"{path}:{number}: empty name")
        if row["model_id"] and not _MODEL_ID.match(row["model_id"]):
            raise ReferenceTableError(f"{path}:{number}: model_id {row['model_id']!r} is not lower-case "
                                      "hyphen-separated")
        source = "" if row["source"] in ("", "*") else row["source"]
        out.append(Alias(source, row["name"], row["model_id"], row["variant"], row["note"]))
    return out


def load_organizations(path: Path = ORGANIZATIONS_CSV) -> dict[str, Organization]:
    """Published spelling (lower-cased) -> canonical organization and its country."""
    out: dict[str, Organization] = {}
    for number, row in read_table(path, ("alias", "organization", "country")):
        key = row["alias"].lower()
        if not key or not row["organization"]:
            raise ReferenceTableError(f"{path}:{number}: alias and organization are required")
        if key in out:
            raise ReferenceTableError(f"{path}:{number}: alias {row['alias']!r} listed twice")
        out[key] = Organization(row["alias"], row["organization"], row["country"])
    return out


def load_overrides(path: Path = OVERRIDES_CSV) -> dict[str, Override]:
    out: dict[str, Override] = {}
    for number, row in read_table(path, ("model_id", "access", "licence_class", "reason")):
        if row["access"] not in ACCESS_VALUES:
            raise ReferenceTableError(f"{path}:{number}: access {row['access']!r} not in {ACCESS_VALUES}")
        if row["licence_class"] not in LICENCE_CLASSES:
            raise ReferenceTableError(f"{path}:{number}: licence_class {row['licence_class']!r} not in "
                                      f"{LICENCE_CLASSES}")
        if not row["reason"]:
            raise ReferenceTableError(f"{path}:{number}: an override needs a reason")
        out[row["model_id"]] = Override(row["model_id"], row["access"], row["licence_class"], row["reason"])
    return out


@functools.cache
def default_organizations() -> dict[str, Organization]:
    return load_organizations()


@functools.cache
def default_overrides() -> dict[str, Override]:
    return load_overrides()
