"""C2PA Content Credentials of an original upload, read with c2pa-python before any transcode
strips them. Absence proves nothing: the disclosure shows it as "provenance unknown"."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import c2pa

logger = logging.getLogger("festival.media")

VALID_STATES = frozenset({"Valid", "Trusted"})


def read_content_credentials(path: Path | str) -> dict:
    """What the file's active C2PA manifest declares, as plain JSON for `Screener.c2pa`:
    `present`, `valid`, `validation_state`, `declared_types` (IPTC digital source type URIs
    of its actions), `generator`, `issuer`, `problems` (validation codes), `error`."""
    try:
        reader = c2pa.Reader.try_create(str(path))
    except c2pa.C2paError as error:
        logger.info("C2PA data of %s could not be read: %s", path, error)
        return absent(error=str(error)[:300])
    if reader is None:
        return absent()
    try:
        store = json.loads(reader.json())
        state = reader.get_validation_state()
    finally:
        reader.close()
    manifest = store.get("manifests", {}).get(store.get("active_manifest"), {})
    return {
        "present": True,
        "valid": state in VALID_STATES,
        "validation_state": state,
        "declared_types": sorted(declared_source_types(manifest)),
        "generator": generator_name(manifest),
        "issuer": manifest.get("signature_info", {}).get("issuer"),
        "problems": sorted({status["code"] for status in store.get("validation_status", [])}),
        "error": None,
    }


def absent(error: str | None = None) -> dict:
    return {
        "present": False,
        "valid": None,
        "validation_state": None,
        "declared_types": [],
        "generator": None,
        "issuer": None,
        "problems": [],
        "error": error,
    }


def declared_source_types(manifest: dict) -> set[str]:
    types = set()
    for assertion in manifest.get("assertions", []):
        if not assertion.get("label", "").startswith("c2pa.actions"):
            continue
        for action in assertion.get("data", {}).get("actions", []):
            if action.get("digitalSourceType"):
                types.add(action["digitalSourceType"])
    return types


def generator_name(manifest: dict) -> str | None:
    info = manifest.get("claim_generator_info") or []
    if info:
        return " ".join(str(info[0].get(key, "")) for key in ("name", "version")).strip()
    return manifest.get("claim_generator")
