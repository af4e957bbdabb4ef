#!/usr/bin/env bash
# Starts a one-node Slurm cluster for the Slurm tests and benchmark (run as root): munged, slurmctld and
# slurmd as background processes, a generated munge key and a slurm.conf in SLURM_DIR. No systemd, no
# cgroups (proctrack/linuxproc, task/none), no slurmdbd: finished jobs are read back from
# jobcomp/filetxt ($SLURM_DIR/jobcomp.txt) and `scontrol show job` (kept MinJobAge=300 s).
# Idempotent: a cluster already answering on SLURM_DIR is left alone.
# Prints the path to export as SLURM_CONF.
#
# Two partitions: `debug` (default) and `urgent`, whose jobs preempt debug's (PreemptMode=CANCEL), so
# the tests can see a real PREEMPTED job.
#
# SLURM_NODE_CPUS (default: 4 per core) is the number of CPUs the node advertises: more than the
# machine has, so that many short runs overlap (SlurmdParameters=config_overrides allows it). A real
# cluster's slurm.conf describes its real hardware instead.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
D=${SLURM_DIR:-/tmp/swoop-slurm}
CONF="$D/slurm.conf"

if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  apt-get update -qq
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq slurm-wlm munge >/dev/null
fi

if [ -f "$CONF" ] && SLURM_CONF="$CONF" timeout 5 sinfo -h -o '%T' 2>/dev/null | grep -Eqx 'idle|mixed|allocated'; then
  echo "Slurm already running with $CONF" >&2
  echo "$CONF"
  exit 0
fi

mkdir -p "$D"/{munge,state,spool}
chmod 755 "$D/munge"   # munged: clients need to reach the socket folder
[ -f "$D/munge/munge.key" ] || mungekey --create --keyfile="$D/munge/munge.key"
chmod 600 "$D/munge/munge.key"
if ! { [ -f "$D/munge/munged.pid" ] && kill -0 "$(cat "$D/munge/munged.pid")" 2>/dev/null; }; then
  munged --key-file="$D/munge/munge.key" --socket="$D/munge/munge.socket" \
    --pid-file="$D/munge/munged.pid" --log-file="$D/munge/munged.log" --seed-file="$D/munge/munged.seed" --force
fi

MEM=$(slurmd -C | grep -o 'RealMemory=[0-9]*' | cut -d= -f2)
MEM=$((MEM * 9 / 10))
CPUS=${SLURM_NODE_CPUS:-$(($(nproc) * 4))}
cat > "$CONF" <<CONF
ClusterName=swoop
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$D/munge/munge.socket
CryptoType=crypto/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
PreemptType=preempt/partition_prio
PreemptMode=CANCEL
SlurmdParameters=config_overrides
ReturnToService=2
StateSaveLocation=$D/state
SlurmdSpoolDir=$D/spool
SlurmctldPidFile=$D/slurmctld.pid
SlurmdPidFile=$D/slurmd.pid
SlurmctldLogFile=$D/slurmctld.log
SlurmdLogFile=$D/slurmd.log
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$D/jobcomp.txt
MinJobAge=300
KillWait=5
InactiveLimit=0
NodeName=localhost CPUs=$CPUS Sockets=1 CoresPerSocket=$CPUS ThreadsPerCore=1 RealMemory=$MEM State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP PriorityTier=1
PartitionName=urgent Nodes=localhost MaxTime=INFINITE State=UP PriorityTier=2
CONF
export SLURM_CONF="$CONF"
# A controller left over from an earlier start on this folder (not answering) is stopped first.
for p in slurmctld slurmd; do
  if [ -f "$D/$p.pid" ] && kill -0 "$(cat "$D/$p.pid")" 2>/dev/null; then kill "$(cat "$D/$p.pid")" || true; sleep 1; fi
done
slurmctld -f "$CONF"
slurmd -f "$CONF" -N localhost   # the machine's hostname differs; the node is named localhost
for _ in $(seq 1 60); do
  sinfo -h -o '%T' 2>/dev/null | grep -Eqx 'idle|mixed|allocated' && break
  sleep 0.5
done
if ! sinfo -h -o '%T' 2>/dev/null | grep -Eqx 'idle|mixed|allocated'; then
  tail -20 "$D/slurmctld.log" "$D/slurmd.log" >&2
  exit 1
fi
echo "Slurm $(sinfo -V) running: $(sinfo -h -o '%P %D %c %T')" >&2
echo "$CONF"
