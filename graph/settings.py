"""Settings from the environment (``SKILLGRAPH_*``), read when asked for, never at import."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from skillgraph.graph.errors import InvalidArgumentError

__all__ = ["Settings", "BACKENDS", "CROSSWALK_SOURCES", "default_cache_dir", "default_data_home", "default_config_dir"]

BACKENDS = ("memory", "neo4j")
#: Which ESCO–O*NET crosswalk a load uses (see :mod:`skillgraph.loaders.crosswalk`).
CROSSWALK_SOURCES = ("official", "nesta", "both")


def default_cache_dir(env: Mapping[str, str] | None = None) -> Path:
    """Folder for snapshots and downloads: ``$XDG_CACHE_HOME/skillgraph`` or ``~/.cache/skillgraph``."""
    env = os.environ if env is None else env
    base = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "skillgraph"


def default_data_home(env: Mapping[str, str] | None = None) -> Path:
    """Folder for the user's own data (saved sessions): ``$XDG_DATA_HOME/skillgraph``."""
    env = os.environ if env is None else env
    base = env.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "skillgraph"


def default_config_dir(env: Mapping[str, str] | None = None) -> Path:
    """Folder for the per-install snapshot key: ``$XDG_CONFIG_HOME/skillgraph`` or ``~/.config/skillgraph``."""
    env = os.environ if env is None else env
    base = env.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "skillgraph"


@dataclass(frozen=True)
class Settings:
    """Everything configurable, from ``SKILLGRAPH_*`` environment variables.

    ==========================  ==============================================
    SKILLGRAPH_DATA_DIR         folder laid out like ``shared/data`` (ESCO zips or
                                folder, O*NET text release, crosswalks)
    SKILLGRAPH_CACHE_DIR        snapshots and downloads (default ~/.cache/skillgraph)
    SKILLGRAPH_HOME             saved sessions (default ~/.local/share/skillgraph)
    SKILLGRAPH_CONFIG_DIR       the key that authenticates snapshots (default
                                ~/.config/skillgraph; never inside the cache folder)
    SKILLGRAPH_BACKEND          ``memory`` (default) or ``neo4j``
    SKILLGRAPH_NEO4J_URI        e.g. ``bolt://localhost:7687``
    SKILLGRAPH_NEO4J_USER       default ``neo4j``
    SKILLGRAPH_NEO4J_PASSWORD   never logged or shown
    SKILLGRAPH_NEO4J_DATABASE   default: the server's default database
    SKILLGRAPH_NEO4J_CONNECT_TIMEOUT  seconds to wait for the server to connect and
                                answer the log-in (default 2.5)
    SKILLGRAPH_VIABILITY_THRESHOLD  a fixed viability threshold (0–1) instead of
                                the calibrated one, for both taxonomies
    SKILLGRAPH_CROSSWALK        ``official``, ``nesta`` or ``both``: the ESCO–O*NET
                                crosswalk(s) to use (default: the last load's
                                choice, else ``both``)
    ==========================  ==============================================

    ``from_env`` also refuses a ``SKILLGRAPH_HOME``, ``SKILLGRAPH_CACHE_DIR`` or
    ``SKILLGRAPH_CONFIG_DIR`` that names a file: everything written there would fail later
    with an OS error.
    """

    data_dir: Path | None = None
    cache_dir: Path = field(default_factory=default_cache_dir)
    home_dir: Path = field(default_factory=default_data_home)
    config_dir: Path = field(default_factory=default_config_dir)
    backend: str = "memory"
    neo4j_uri: str = "bolt://localhost:7687"
    neo4j_user: str = "neo4j"
    neo4j_password: str = field(default="", repr=False)
    neo4j_database: str | None = None
    viability_threshold: float | None = None
    crosswalk_source: str | None = None
    neo4j_connect_timeout: float = 2.5

    def __post_init__(self) -> None:
        if self.backend not in BACKENDS:
            raise InvalidArgumentError(f"SKILLGRAPH_BACKEND={self.backend!r} is not supported; use one of {', '.join(BACKENDS)}")
        if self.viability_threshold is not None and not 0.0 <= self.viability_threshold <= 1.0:
            raise InvalidArgumentError(
                f"SKILLGRAPH_VIABILITY_THRESHOLD={self.viability_threshold!r} is out of range; use a number from 0 to 1"
            )
        if self.crosswalk_source is not None and self.crosswalk_source not in CROSSWALK_SOURCES:
            raise InvalidArgumentError(
                f"SKILLGRAPH_CROSSWALK={self.crosswalk_source!r} is not supported; use one of {', '.join(CROSSWALK_SOURCES)}"
            )
        if not 0.0 < self.neo4j_connect_timeout <= 600.0:
            raise InvalidArgumentError(
                f"SKILLGRAPH_NEO4J_CONNECT_TIMEOUT={self.neo4j_connect_timeout!r} is out of range; use seconds from 0.1 to 600"
            )

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read the settings from ``env`` (default: ``os.environ``)."""
        env = os.environ if env is None else env

        def get(name: str) -> str | None:
            value = env.get(f"SKILLGRAPH_{name}")
            return value.strip() if value and value.strip() else None

        data_dir = get("DATA_DIR")
        cache_dir = get("CACHE_DIR")
        threshold = get("VIABILITY_THRESHOLD")
        try:
            viability = float(threshold) if threshold is not None else None
        except ValueError:
            raise InvalidArgumentError(
                f"SKILLGRAPH_VIABILITY_THRESHOLD={threshold!r} is not a number; use a number from 0 to 1, or unset it"
            ) from None
        home_dir = get("HOME")
        config_dir = get("CONFIG_DIR")
        for name, value in (("HOME", home_dir), ("CACHE_DIR", cache_dir), ("CONFIG_DIR", config_dir)):
            if value and Path(value).expanduser().exists() and not Path(value).expanduser().is_dir():
                raise InvalidArgumentError(
                    f"SKILLGRAPH_{name}={value} is a file, not a folder; point it at a folder (it is created if missing)"
                )
        crosswalk = get("CROSSWALK")
        timeout = get("NEO4J_CONNECT_TIMEOUT")
        try:
            connect_timeout = float(timeout) if timeout is not None else 2.5
        except ValueError:
            raise InvalidArgumentError(
                f"SKILLGRAPH_NEO4J_CONNECT_TIMEOUT={timeout!r} is not a number; use seconds (e.g. 2.5), or unset it"
            ) from None
        return cls(
            data_dir=Path(data_dir).expanduser() if data_dir else None,
            cache_dir=Path(cache_dir).expanduser() if cache_dir else default_cache_dir(env),
            home_dir=Path(home_dir).expanduser() if home_dir else default_data_home(env),
            config_dir=Path(config_dir).expanduser() if config_dir else default_config_dir(env),
            backend=(get("BACKEND") or "memory").lower(),
            neo4j_uri=get("NEO4J_URI") or "bolt://localhost:7687",
            neo4j_user=get("NEO4J_USER") or "neo4j",
            neo4j_password=env.get("SKILLGRAPH_NEO4J_PASSWORD", ""),
            neo4j_database=get("NEO4J_DATABASE"),
            viability_threshold=viability,
            crosswalk_source=crosswalk.lower() if crosswalk else None,
            neo4j_connect_timeout=connect_timeout,
        )

    def with_(self, **changes) -> Settings:
        """A copy with some fields changed."""
        return replace(self, **changes)

    @property
    def snapshot_dir(self) -> Path:
        """Where embedded-store snapshots live."""
        return self.cache_dir / "snapshots"

    @property
    def download_dir(self) -> Path:
        """Where ``skillgraph download`` puts the official files."""
        return self.cache_dir / "downloads"
