#!/usr/bin/env python3
"""A Swoop sweep scheduler that lets Optuna choose the hyperparameters.

Run as the sweep's scheduler job: the agent starts it with SWOOP_BASE_URL, SWOOP_API_KEY (the scheduler
token: a run token whose run id is the sweep id) and SWOOP_SWEEP_ID (or the sweep id as the first
argument). It talks only to the scheduler API of docs/server.md. See README.md.

The Optuna study lives in the sweep's scheduler state as a journal (journal_state.py). A trial is saved
before its run is launched, and each round's reports, prunings and results are saved before the next
round; what a crash loses of a round is read again from the server (metric cursors and run states are
saved with the study), so a scheduler killed at any moment and started again neither repeats nor loses a
trial.
"""

from __future__ import annotations

import json
import os
import sys
import uuid
from typing import Any

import optuna
from optuna.storages import JournalStorage
from optuna.trial import TrialState

from journal_state import StateJournal
from search_space import SearchSpace, SearchSpaceError
from settings import Objective, SettingsError, objectives, pruner, sampler
from swoop_api import SwoopAPI, SwoopError

STATE_FORMAT = "swoop-optuna/1"
RUN_ATTR = "swoop_run_id"
PRIOR_ATTR = "swoop_prior_run"  # a warm-start trial from a --prior-run: not ours, not counted toward run_cap
ALIVE = {"queued", "starting", "running", "preempted"}  # a preempted run is queued again under its id
END_STATES = {"finished", "stopped", "cancelled", "failed"}
MISCONFIGURED_LIMIT = 3
DEFAULT_WORKERS = 8


def log(message: str) -> None:
    print(f"optuna-scheduler: {message}", file=sys.stderr, flush=True)


class SchedulerConflict(Exception):
    """Another scheduler saved the sweep's state since we read it: it owns the sweep now."""


class OptunaScheduler:
    def __init__(self, api: SwoopAPI, poll_seconds: int = 10):
        self.api = api
        self.poll_seconds = poll_seconds
        self.runs: dict[str, dict] = {}        # every run of the sweep, as last seen in the change feed
        self.cursor = 0                        # change-feed cursor
        self.metric_cursors: dict[str, int] = {}
        self.latest: dict[str, dict[str, list]] = {}  # run -> metric -> [step, value], until its trial is told
        self.misconfigured = 0
        self.version = 0
        self.study_uid = ""
        self.life_settings: dict = {}             # what launch-sweep wrote for this life (priorRuns, ...)
        self._saved: str | None = None

    # -- setup ---------------------------------------------------------------------------------

    def run(self) -> int:
        sweep = self.api.sweep()
        if sweep["state"] in END_STATES:
            log(f"sweep {self.api.sweep_id} is already {sweep['state']}; nothing to do")
            return 0
        try:
            self.setup(sweep)
        except (SearchSpaceError, SettingsError) as e:
            log(f"cannot run this sweep: {e}")
            self.set_sweep_state("failed")
            return 1
        try:
            if sweep["state"] == "pending":
                self.set_sweep_state("running")
            self.scan_runs()
            self.adopt_lost_launches()
            self.warm_start()
            return self.loop()
        except SchedulerConflict as e:
            log(str(e))
            return 3

    def setup(self, sweep: dict) -> None:
        config = sweep.get("config") or {}
        block = config.get("scheduler") if isinstance(config.get("scheduler"), dict) else {}
        own = _own_run_config()
        # The scheduler's own run config (launch-sweep puts the scheduler block and settings there, and a
        # resumed sweep's new values) wins over the block stored with the sweep configuration.
        block = {**block, **(own.get("scheduler") or {})}
        self.settings = {**(block.get("settings") or {}), **(own.get("settings") or {})}
        self.config = config
        self.space = SearchSpace(config.get("parameters"))
        self.objectives: list[Objective] = objectives(config, self.settings)
        self.num_workers = _positive_int(block.get("num_workers", DEFAULT_WORKERS), "scheduler.num_workers")
        cap = config.get("run_cap")
        self.run_cap = None if cap is None else _positive_int(cap, "run_cap")
        self.spec = self.base_spec(config)

        saved = sweep.get("schedulerState")
        self.version = sweep.get("schedulerStateVersion", 0)
        if isinstance(saved, dict) and isinstance(saved.get("settings"), dict):
            self.life_settings = saved["settings"]
        journal = StateJournal()
        if isinstance(saved, dict) and saved.get("format") == STATE_FORMAT:
            journal = StateJournal.load(saved["journal"])
            self.study_uid = saved["study"]
            self.metric_cursors = {k: int(v) for k, v in (saved.get("metricCursors") or {}).items()}
            self.latest = saved.get("latest") or {}
            # A resumed sweep (pending again) gets a fresh count: someone may have fixed the training job.
            self.misconfigured = 0 if sweep["state"] == "pending" else int(saved.get("misconfigured", 0))
            log(f"continuing the saved study ({len(journal.logs)} journal entries)")
        else:
            if saved is not None:
                log("the saved scheduler state is not an Optuna study; starting a new study")
            self.study_uid = uuid.uuid4().hex
        self.journal = journal
        storage = JournalStorage(journal)
        directions = [o.direction for o in self.objectives]
        name = f"optuna-study-{self.api.sweep_id}"
        done = len(storage.get_all_studies()) and len(optuna.load_study(study_name=name, storage=storage).trials)
        kwargs: dict[str, Any] = dict(study_name=name, storage=storage, load_if_exists=True,
                                      sampler=sampler(self.settings, done or 0), pruner=pruner(self.settings))
        if len(directions) == 1:
            kwargs["direction"] = directions[0]
        else:
            kwargs["directions"] = directions
        self.study = optuna.create_study(**kwargs)
        self.save()

    def base_spec(self, config: dict) -> dict:
        """The launch spec every run item shares; each run adds its name and hyperparameters."""
        job, image = config.get("job"), config.get("image_uri")
        if bool(job) == bool(image):
            raise SettingsError("job: exactly one of 'job' and 'image_uri' names what the sweep's runs run")
        entity = os.environ.get("SWOOP_ENTITY") or config.get("entity")
        project = os.environ.get("SWOOP_PROJECT") or config.get("project")
        if not entity or not project:
            raise SettingsError("project: the runs' entity and project come from SWOOP_ENTITY/SWOOP_PROJECT "
                                "or the sweep configuration's entity/project; none were given")
        spec: dict[str, Any] = {"kind": "run", "entity": entity, "project": project, "resumeCount": 0,
                                "overrides": {"args": [], "runConfig": {}}}
        if image:
            spec["imageURI"] = image
        else:
            spec["job"] = job
            self.pin_job(spec, entity, project, job)
        command = config.get("command")
        if isinstance(command, list) and command:
            program = config.get("program")
            spec["overrides"]["entryPoint"] = [program if (c == "${program}" and program) else c for c in command]
        launch = config.get("launch") if isinstance(config.get("launch"), dict) else {}
        if isinstance(launch.get("resource_args"), dict):
            spec["resourceArgs"] = launch["resource_args"]
        return spec

    def pin_job(self, spec: dict, entity: str, project: str, job: str) -> None:
        """Names the exact job version when the server lets this key resolve it (a scheduler token may not)."""
        parts = job.split("/")
        if len(parts) == 3:
            entity, project = parts[0], parts[1]
        try:
            version = self.api.resolve_job(entity, project, parts[-1])
            spec["jobID"], spec["jobVersion"] = version["jobID"], version["version"]
        except SwoopError as e:
            log(f"job {job!r} left for the agent to resolve ({e.code})")

    # -- the loop ------------------------------------------------------------------------------

    def loop(self) -> int:
        while True:
            self.follow_trials()
            state = self.api.sweep()["state"]
            if state == "cancelled":
                self.cancel()
                return 0
            if state in ("stopped", "finished", "failed"):
                self.drop_unstarted()
            if self.misconfigured >= MISCONFIGURED_LIMIT and state == "running":
                log(f"Too many misconfigured runs ({self.misconfigured}): runs finished without logging "
                    f"{', '.join(repr(o.name) for o in self.objectives)}; stopping the sweep")
                self.set_sweep_state("stopped")
                state = "stopped"
            if state == "running" and self.launch_unlaunched():
                while self.alive() < self.num_workers and not self.at_run_cap():
                    if not self.launch(self.study.ask(self.space.distributions).number, save_first=True):
                        break
                self.save()
            if self.alive() == 0:
                if state in ("stopped", "finished", "failed"):
                    log(f"sweep {state}; {len(self.study.trials)} trials")
                    return 0
                if state == "running" and self.at_run_cap():
                    self.set_sweep_state("finished")
                    log(f"run_cap {self.run_cap} reached; sweep finished; {self.best_text()}")
                    return 0
            self.wait_for_changes(self.poll_seconds)

    def at_run_cap(self) -> bool:
        if self.run_cap is None:
            return False
        ours = [t for t in self.study.get_trials(deepcopy=False) if PRIOR_ATTR not in t.user_attrs]
        return len(ours) >= self.run_cap

    # -- warm start ----------------------------------------------------------------------------

    def warm_start(self) -> None:
        """Before asking: finished runs the study has not seen become completed trials (create_trial +
        add_trial) with their configs and metric values: the sweep's `--prior-run`s, and runs of the sweep
        no trial owns (an earlier life whose state was lost or was not an Optuna study, a run made by hand)."""
        added = 0
        known = {t.user_attrs.get(PRIOR_ATTR) for t in self.study.get_trials(deepcopy=False)}
        for run_id in self.life_settings.get("priorRuns") or []:
            if run_id in known:
                continue
            try:
                run = self.api.run(run_id)
            except SwoopError as e:
                log(f"prior run {run_id} cannot be read ({e.code}: {e.message}); left out")
                continue
            added += self.add_finished(run, {PRIOR_ATTR: run_id})
        owned = {t.user_attrs.get(RUN_ATTR) for t in self.study.get_trials(deepcopy=False)}
        for run in sorted(self.runs.values(), key=lambda r: r.get("createdAt", 0)):
            if run["id"] not in owned and run.get("state") == "finished":
                added += self.add_finished(run, {RUN_ATTR: run["id"]})
        if added:
            log(f"warm start: {added} finished run(s) added to the study")
        self.save()

    def add_finished(self, run: dict, attrs: dict) -> int:
        """Adds one finished run as a completed trial; 0 when it cannot be (not finished, no value, other space)."""
        if run.get("state") != "finished":
            log(f"run {run['id']} is {run.get('state')}, not finished; not added")
            return 0
        params = self.space.params_of(run.get("config"))
        if params is None:
            log(f"run {run['id']} has no values for this sweep's parameters; not added")
            return 0
        latest: dict[str, list] = {}
        for point in self.api.run_metrics(run["id"]):
            for o in self.objectives:
                value = _number((point.get("values") or {}).get(o.name))
                if value is not None and int(point["step"]) >= latest.get(o.name, [-1, None])[0]:
                    latest[o.name] = [int(point["step"]), value]
        self.latest[run["id"]] = latest
        values = self.final_values(run["id"], run)
        self.latest.pop(run["id"], None)
        if values is None:
            log(f"run {run['id']} never logged {', '.join(o.name for o in self.objectives)}; not added")
            return 0
        trial = optuna.trial.create_trial(
            params=params, distributions={k: self.space.distributions[k] for k in params},
            values=values, user_attrs=attrs)
        self.study.add_trial(trial)
        log(f"warm start: run {run['id']} -> trial {len(self.study.trials) - 1} {values}")
        return 1

    def alive(self) -> int:
        """Runs holding a worker: our runs that have not ended (a pruned run holds one until it stops)."""
        count = 0
        for trial in self.study.get_trials(deepcopy=False):
            run = trial.user_attrs.get(RUN_ATTR)
            if run is None:
                count += trial.state == TrialState.RUNNING
            elif self.runs.get(run, {}).get("state", "queued") in ALIVE:
                count += 1
        return count

    # -- launching -----------------------------------------------------------------------------

    def launch(self, number: int, save_first: bool = False) -> bool:
        """Creates the trial's run and queue item; False when the sweep stopped taking runs meanwhile."""
        if save_first:
            self.save()  # the trial exists before its run does: a restart launches it rather than asking again
        trial = self.trial(number)
        name = f"trial-{number}"
        config = self.space.run_config(trial.params)
        spec = json.loads(json.dumps(self.spec))
        spec["name"] = name
        spec["overrides"]["runConfig"] = config
        # The key makes a retried or repeated launch of this trial answer with the run it already created.
        _crash_point("before-launch", number)
        try:
            answer = self.api.launch_run(config, spec, name, idempotency_key=f"{self.study_uid}-{name}")
        except SwoopError as e:
            if e.status != 409:
                raise
            log(f"trial {number} not launched yet: {e.message}")
            return False
        _crash_point("after-launch", number)
        run = answer["run"]
        self.adopt(number, run)
        log(f"trial {number} -> run {run['id']} {json.dumps(config, sort_keys=True)}")
        return True

    def adopt(self, number: int, run: dict) -> None:
        trial_id = self.trial(number)._trial_id
        self.study._storage.set_trial_user_attr(trial_id, RUN_ATTR, run["id"])
        self.runs.setdefault(run["id"], run)
        self.metric_cursors.setdefault(run["id"], 0)

    def unlaunched(self) -> list[Any]:
        return [t for t in self.study.get_trials(deepcopy=False)
                if t.state == TrialState.RUNNING and RUN_ATTR not in t.user_attrs]

    def adopt_lost_launches(self) -> None:
        """Trials asked before a crash whose launch answer was lost: adopt the run (same name and config)."""
        by_name = {r.get("name"): r for r in self.runs.values()}
        owned = {t.user_attrs.get(RUN_ATTR) for t in self.study.get_trials(deepcopy=False)}
        for trial in self.unlaunched():
            run = by_name.get(f"trial-{trial.number}")
            if run and run["id"] not in owned and run.get("config") == self.space.run_config(trial.params):
                log(f"trial {trial.number} was launched before a restart as run {run['id']}")
                self.adopt(trial.number, run)
        self.save()

    def launch_unlaunched(self) -> bool:
        """Launches trials asked but not launched (a restart, or a pause in between); False if refused."""
        launched = all(self.launch(t.number) for t in self.unlaunched())
        self.save()
        return launched

    def trial(self, number: int) -> Any:
        """The trial as stored now (the study's trial lists are copies)."""
        return self.study._storage.get_trial(self.study._storage.get_trial_id_from_study_id_trial_number(
            self.study._study_id, number))

    # -- following runs ------------------------------------------------------------------------

    def scan_runs(self) -> None:
        self.cursor = 0
        while True:
            before = self.cursor
            self.wait_for_changes(0)
            if self.cursor == before:
                return

    def wait_for_changes(self, wait: int) -> None:
        answer = self.api.run_changes(self.cursor, wait=wait)
        for run in answer["runs"]:
            self.runs[run["id"]] = run
        self.cursor = answer["nextCursor"]

    def open_trials(self) -> dict[str, Any]:
        """Run id -> trial, for trials still waiting for their run's result."""
        return {t.user_attrs[RUN_ATTR]: t for t in self.study.get_trials(deepcopy=False)
                if t.state == TrialState.RUNNING and RUN_ATTR in t.user_attrs}

    def follow_trials(self) -> None:
        """New metric values reported (and pruned on), ended runs told; state saved after each decision."""
        open_trials = self.open_trials()
        # Metrics are read after the run states were: a run seen ended has all its values here.
        cursors = {r: self.metric_cursors.get(r, 0) for r in open_trials}
        while cursors:
            histories = self.api.metrics(cursors)
            more = {}
            for run, history in histories.items():
                self.metric_cursors[run] = history["nextCursor"]
                for point in history["points"]:
                    self.record(open_trials[run], run, point)
                if len(history["points"]) >= 1000:
                    more[run] = history["nextCursor"]
            cursors = more
        for run, trial in open_trials.items():
            if self.trial(trial.number).state != TrialState.RUNNING:
                continue
            state = self.runs.get(run, {}).get("state", "queued")
            if state not in ALIVE:
                self.finish(trial.number, run, state)
        self.save()

    def record(self, trial: Any, run: str, point: dict) -> None:
        step = int(point["step"])
        values = point.get("values") or {}
        seen = self.latest.setdefault(run, {})
        for o in self.objectives:
            if o.name in values:
                value = _number(values[o.name])
                if value is not None and step >= seen.get(o.name, [-1, None])[0]:
                    seen[o.name] = [step, value]
        if len(self.objectives) != 1 or self.objectives[0].name not in values:
            return  # Optuna prunes single-objective studies only
        value = _number(values[self.objectives[0].name])
        current = self.trial(trial.number)
        if value is None or current.state != TrialState.RUNNING or step in current.intermediate_values:
            return
        live = optuna.trial.Trial(self.study, trial._trial_id)
        live.report(value, step)
        if live.should_prune():
            log(f"trial {trial.number} (run {run}) pruned at step {step} with {value}")
            self.api.stop_run(run)
            self.study.tell(trial.number, state=TrialState.PRUNED)
            self.latest.pop(run, None)

    def finish(self, number: int, run_id: str, state: str) -> None:
        run = self.runs.get(run_id, {})
        if state == "finished":
            values = self.final_values(run_id, run)
            if values is None:
                self.misconfigured += 1
                log(f"run {run_id} finished without logging {', '.join(o.name for o in self.objectives)}: trial {number} failed")
                self.study.tell(number, state=TrialState.FAIL)
            else:
                self.misconfigured = 0
                self.study.tell(number, values[0] if len(values) == 1 else values)
                log(f"trial {number} (run {run_id}) complete: {values}")
        else:
            log(f"run {run_id} {state}: trial {number} failed")
            self.study.tell(number, state=TrialState.FAIL)
        self.latest.pop(run_id, None)

    def final_values(self, run_id: str, run: dict) -> list[float] | None:
        """Each objective's value: the run's summary when it has one, else its last logged value."""
        summary = run.get("summary") if isinstance(run.get("summary"), dict) else {}
        out = []
        for o in self.objectives:
            value = _number(summary.get(o.name)) if o.name in summary else None
            if value is None and o.name in self.latest.get(run_id, {}):
                value = self.latest[run_id][o.name][1]
            if value is None:
                return None
            out.append(value)
        return out

    # -- ending --------------------------------------------------------------------------------

    def drop_unstarted(self) -> None:
        """A stopped sweep's queued runs never start (their items left the queue): their trials fail."""
        for trial in self.unlaunched():
            self.study.tell(trial.number, state=TrialState.FAIL)
        for run, trial in self.open_trials().items():
            if self.runs.get(run, {}).get("state") == "queued":
                self.api.stop_run(run)
                self.runs[run]["state"] = "stopped"
                self.study.tell(trial.number, state=TrialState.FAIL)
        self.save()

    def cancel(self) -> None:
        for trial in self.unlaunched():
            self.study.tell(trial.number, state=TrialState.FAIL)
        for run, trial in self.open_trials().items():
            if self.runs.get(run, {}).get("state", "queued") in ALIVE:
                self.api.stop_run(run)
            self.study.tell(trial.number, state=TrialState.FAIL)
        self.save()
        log(f"sweep cancelled; {len(self.study.trials)} trials")

    def set_sweep_state(self, state: str) -> None:
        try:
            self.api.set_state(state)
        except SwoopError as e:
            if e.status != 409:
                raise
            log(f"sweep state not changed to {state}: {e.message}")

    def best_text(self) -> str:
        try:
            if len(self.objectives) == 1:
                best = self.study.best_trial
                return f"best trial {best.number}: {best.value} with {best.params}"
            return f"{len(self.study.best_trials)} Pareto-optimal trials"
        except ValueError:
            return "no trial completed"

    # -- state ---------------------------------------------------------------------------------

    def state(self) -> dict:
        # `settings` is launch-sweep's (this life's scheduler block and prior runs): kept as it is.
        return {"format": STATE_FORMAT, "study": self.study_uid, "journal": self.journal.dump(),
                "metricCursors": self.metric_cursors, "latest": self.latest, "misconfigured": self.misconfigured,
                "settings": self.life_settings}

    def save(self) -> None:
        state = self.state()
        text = json.dumps(state, sort_keys=True)
        if text == self._saved:
            return
        try:
            answer = self.api.save_state(state, self.version)
        except SwoopError as e:
            if e.status == 409:
                raise SchedulerConflict(f"another scheduler saved this sweep's state ({e.message}); exiting") from None
            raise
        self.version = answer["schedulerStateVersion"]
        self._saved = text


def _crash_point(where: str, number: int) -> None:
    """Tests die here, like a kill -9, to hit the two windows around a launch (SWOOP_OPTUNA_TEST_CRASH=where:N)."""
    if os.environ.get("SWOOP_OPTUNA_TEST_CRASH") == f"{where}:{number}":
        os._exit(137)


def _own_run_config() -> dict:
    """SWOOP_CONFIG: the scheduler's own run config as the agent hands it over (may be absent)."""
    try:
        value = json.loads(os.environ.get("SWOOP_CONFIG") or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _positive_int(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value) or value < 1:
        raise SettingsError(f"{where}: expected a positive integer, got {value!r}")
    return int(value)


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, (int, float)):
        return float(value)
    if value in ("NaN", "Infinity", "-Infinity"):
        return float(value.replace("Infinity", "inf"))
    return None


def main(argv: list[str]) -> int:
    sweep_id = argv[1] if len(argv) > 1 else os.environ.get("SWOOP_SWEEP_ID")
    base = os.environ.get("SWOOP_BASE_URL")
    if not sweep_id or not base:
        log("usage: optuna_scheduler.py [SWEEP_ID]; needs SWOOP_BASE_URL, SWOOP_API_KEY and SWOOP_SWEEP_ID")
        return 2
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    poll = int(os.environ.get("SWOOP_SCHEDULER_POLL_SECONDS", "10"))
    api = SwoopAPI(base, os.environ.get("SWOOP_API_KEY"), sweep_id)
    try:
        return OptunaScheduler(api, poll_seconds=poll).run()
    except SwoopError as e:
        # Everything decided so far is saved; a scheduler started again (queue retry, resume) goes on from there.
        log(f"the server refused a request: {e}")
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
