#!/usr/bin/env bash
# Stops the one-node Slurm cluster started by slurm-up.sh on SLURM_DIR (state is kept; remove SLURM_DIR to start fresh).
set -euo pipefail
D=${SLURM_DIR:-/tmp/swoop-slurm}
export SLURM_CONF="$D/slurm.conf"
if [ -f "$SLURM_CONF" ]; then
  scontrol shutdown >/dev/null 2>&1 || true
  for p in slurmctld slurmd; do
    for _ in $(seq 1 20); do
      { [ -f "$D/$p.pid" ] && kill -0 "$(cat "$D/$p.pid")" 2>/dev/null; } || break
      sleep 0.25
    done
  done
fi
if [ -f "$D/munge/munged.pid" ] && kill -0 "$(cat "$D/munge/munged.pid")" 2>/dev/null; then
  kill "$(cat "$D/munge/munged.pid")"
fi
echo "stopped Slurm in $D" >&2
