"""`swoop.init`: attach to the run an agent started, or start a standalone one."""

from __future__ import annotations

import json
import os
import secrets
import string
import sys
import warnings
from typing import Any, Dict, Mapping, Optional, Tuple

from ._http import Transport, quote
from ._values import json_value
from .config import Config, _as_dict
from .errors import SwoopAPIError, SwoopError, SwoopWarning
from .run import TERMINAL_STATES, Run, install_exit_hooks, move

DEFAULT_BASE_URL = "http://127.0.0.1:8080"
DEFAULT_PROJECT = "uncategorized"
#: The entity standalone runs use when the server runs with --auth off (there is no caller to own one).
LOCAL_ENTITY = "local"
RUNNING = frozenset({"running"})


def init(
    project: Optional[str] = None,
    entity: Optional[str] = None,
    config: Any = None,
    base_url: Optional[str] = None,
    api_key: Optional[str] = None,
    name: Optional[str] = None,
    *,
    retry_timeout: Optional[float] = None,
    request_timeout: Optional[float] = None,
    flush_interval: Optional[float] = None,
    stop_check_interval: Optional[float] = None,
) -> Run:
    """Starts reporting for a run and marks it running.

    Started by a launch agent (`SWOOP_RUN_ID` in the environment), it attaches to that run with the run's
    token (`SWOOP_API_KEY`); the hyperparameters from `SWOOP_CONFIG` / `SWOOP_CONFIG_FILE` win over
    `config=` and are locked. Otherwise it creates a run in `entity/project` on the server at `base_url`
    (defaults: `SWOOP_BASE_URL`, `SWOOP_API_KEY`, `SWOOP_ENTITY`, `SWOOP_PROJECT`; then
    http://127.0.0.1:8080, the caller's own entity, project "uncategorized").

    `retry_timeout` (default 300 s, or `SWOOP_RETRY_TIMEOUT`) bounds how long each request is retried
    while the server is away before an error names the URL and how long it tried."""
    env = os.environ
    module = sys.modules.get("swoop")
    previous = getattr(module, "run", None)
    if previous is not None:
        previous.finish()
    # Settings are checked before anything is created on the server.
    flush = _seconds("flush_interval", flush_interval, "SWOOP_FLUSH_INTERVAL", 1.0)
    stop_check = _seconds("stop_check_interval", stop_check_interval, "SWOOP_STOP_CHECK_INTERVAL", 2.0)
    transport = Transport(
        base_url or env.get("SWOOP_BASE_URL") or DEFAULT_BASE_URL,
        api_key or env.get("SWOOP_API_KEY"),
        retry_timeout=_seconds("retry_timeout", retry_timeout, "SWOOP_RETRY_TIMEOUT", 300.0),
        request_timeout=_seconds("request_timeout", request_timeout, "SWOOP_REQUEST_TIMEOUT", 30.0),
    )
    user_config = _as_dict(config)
    run_id = env.get("SWOOP_RUN_ID")
    if not run_id and transport.api_key:
        me = transport.request("GET", "/api/v1/me")
        if me.get("scope") == "run":
            run_id = me.get("runID")
    if run_id:
        for arg, value, var in (("project", project, "SWOOP_PROJECT"), ("entity", entity, "SWOOP_ENTITY"), ("name", name, None)):
            if value is not None and (var is None or value != env.get(var)):
                warnings.warn(f"swoop.init({arg}={value!r}) is ignored: the run was started by an agent (SWOOP_RUN_ID={run_id})", SwoopWarning, stacklevel=2)
        record, run_config = _attach(transport, run_id, user_config)
        project, entity = env.get("SWOOP_PROJECT"), env.get("SWOOP_ENTITY")
        first_step = resume_step(transport, run_id)
    else:
        entity = entity or env.get("SWOOP_ENTITY") or _own_entity(transport)
        project = project or env.get("SWOOP_PROJECT") or DEFAULT_PROJECT
        record, run_config = _create(transport, entity, project, name, user_config)
        first_step = 0
    run = Run(
        transport, record, run_config, project, entity,
        flush_interval=flush, stop_check_interval=stop_check, first_step=first_step,
    )
    install_exit_hooks()
    if module is not None:
        module.run = run
    return run


def _attach(transport: Transport, run_id: str, user_config: Dict[str, Any]) -> Tuple[Mapping[str, Any], Config]:
    path = f"/api/v1/runs/{quote(run_id)}"
    record = transport.request("GET", path)
    launched = _environment_config()
    if launched is None:
        launched = record.get("config") or {}
    config = Config({**user_config, **launched}, locked=launched.keys(),
                    locked_by="sweep" if os.environ.get("SWOOP_SWEEP_ID") or record.get("sweepID") else "launch")
    state = record.get("state")
    if state in ("queued", "starting"):
        record = move(transport, run_id, {"state": "running"}, RUNNING)
    elif state in TERMINAL_STATES:
        raise SwoopError(f"swoop: run {run_id} already ended ({state}); it takes no more metrics")
    return record, config


def resume_step(transport: Transport, run_id: str) -> int:
    """The step after the last one the run stored: a requeued (preempted) run goes on from there, as a W&B
    resume does, instead of writing steps the server already has (it keeps the first value per step and key)."""
    path = f"/api/v1/runs/{quote(run_id)}/metrics"
    cursor, last = 0, -1
    while True:
        page = transport.request("GET", path, query={"since": cursor, "limit": 10000})
        if not page["points"]:
            return last + 1
        last = max([last] + [p["step"] for p in page["points"]])
        cursor = page["nextCursor"]


def _environment_config() -> Optional[Dict[str, Any]]:
    """The hyperparameters the agent put in the environment: SWOOP_CONFIG (JSON), else SWOOP_CONFIG_FILE."""
    text, source = os.environ.get("SWOOP_CONFIG"), "SWOOP_CONFIG"
    if text is None and os.environ.get("SWOOP_CONFIG_FILE"):
        source = f"SWOOP_CONFIG_FILE ({os.environ['SWOOP_CONFIG_FILE']})"
        try:
            with open(os.environ["SWOOP_CONFIG_FILE"], encoding="utf-8") as f:
                text = f.read()
        except OSError as e:
            raise SwoopError(f"swoop: cannot read {source}: {e}") from None
    if text is None:
        return None
    try:
        value = json.loads(text)
    except ValueError as e:
        raise SwoopError(f"swoop: {source} is not valid JSON: {e}") from None
    if not isinstance(value, dict):
        raise SwoopError(f"swoop: {source} must be a JSON object of hyperparameters, got {type(value).__name__}")
    return value


def _own_entity(transport: Transport) -> str:
    me = transport.request("GET", "/api/v1/me")
    if not me.get("authenticationEnabled", True):
        return LOCAL_ENTITY
    user = me.get("user") or {}
    if user.get("entityID"):
        return transport.request("GET", f"/api/v1/entities/{quote(user['entityID'])}")["name"]
    raise SwoopError("swoop: this key has no entity of its own; pass entity= to swoop.init or set SWOOP_ENTITY")


def _create(transport: Transport, entity: str, project: str, name: Optional[str], config: Dict[str, Any]) -> Tuple[Mapping[str, Any], Config]:
    for key, value in config.items():
        if not isinstance(key, str):
            raise TypeError(f"swoop: config keys must be strings, got {key!r}")
        json_value(f"config value for {key!r}", value)
    project_id = _project(transport, entity, project)
    body: Dict[str, Any] = {"config": config}
    if name:
        body["name"] = name
    # The id is chosen here so that a retried create cannot make a second run: it finds the first (409).
    run_id = new_run_id()
    body["id"] = run_id
    try:
        transport.request("POST", f"/api/v1/projects/{quote(project_id)}/runs", body)
    except SwoopAPIError as e:
        if e.status != 409:
            raise
    record = move(transport, run_id, {"state": "running"}, RUNNING)
    return record, Config(config)


def new_run_id() -> str:
    """Like the server's ids (and W&B's): lower-case base 36, starting with a letter."""
    letters, digits = string.ascii_lowercase, string.ascii_lowercase + string.digits
    return secrets.choice(letters) + "".join(secrets.choice(digits) for _ in range(11))


def _project(transport: Transport, entity: str, project: str) -> str:
    """The id of entity/project; the project is created on first use, as W&B does."""
    try:
        return transport.request("GET", f"/api/v1/names/{quote(entity)}/{quote(project)}")["id"]
    except SwoopAPIError as e:
        if e.status != 404:
            raise
    entity_id = _entity_id(transport, entity)
    try:
        return transport.request("POST", f"/api/v1/entities/{quote(entity_id)}/projects", {"name": project})["id"]
    except SwoopAPIError as e:
        if e.status != 409:
            raise
    return transport.request("GET", f"/api/v1/names/{quote(entity)}/{quote(project)}")["id"]


def _entity_id(transport: Transport, entity: str) -> str:
    try:
        return transport.request("GET", f"/api/v1/names/{quote(entity)}")["id"]
    except SwoopAPIError as e:
        if e.status != 404 or entity != LOCAL_ENTITY:
            raise
    try:
        return transport.request("POST", "/api/v1/entities", {"name": entity, "kind": "user"})["id"]
    except SwoopAPIError as e:
        if e.status != 409:
            raise
    return transport.request("GET", f"/api/v1/names/{quote(entity)}")["id"]


def _seconds(arg: str, value: Optional[float], var: str, default: float) -> float:
    if value is None:
        text = os.environ.get(var)
        if text is None:
            return default
        try:
            value = float(text)
        except ValueError:
            raise SwoopError(f"swoop: {var} must be a number of seconds, got {text!r}") from None
        arg = var
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0 or value != value:
        raise ValueError(f"swoop: {arg} must be a non-negative number of seconds, got {value!r}")
    return float(value)
