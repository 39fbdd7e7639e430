#!/usr/bin/env bash
# Starts a one-node Slurm cluster on 127.0.0.1 for the tests, as root: munged (unless one runs),
# slurmctld and slurmd, with config, state and logs in a folder of their own.
#
#   tests/slurm/start.sh [DIR]   # DIR defaults to a new temporary folder
#
# Prints `export SLURM_CONF=DIR/slurm.conf` on success (eval it); stop with tests/slurm/stop.sh DIR.
# If starting fails, whatever was started is stopped again.
set -euo pipefail

dir=${1:-$(mktemp -d -t q2rs-slurm-XXXXXX)}
mkdir -p "$dir"/{state,spool,log}
dir=$(cd "$dir" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
trap 'status=$?; if [ $status -ne 0 ]; then echo "slurm start failed; logs in $dir/log" >&2; tail -n 20 "$dir"/log/*.log >&2 || true; "$here/stop.sh" "$dir" >&2 || true; fi' EXIT

for tool in munged slurmctld slurmd sinfo; do
  command -v "$tool" >/dev/null || { echo "error: $tool not found (apt-get install slurm-wlm munge)" >&2; exit 1; }
done
[ "$(id -u)" = 0 ] || { echo "error: the test cluster runs its daemons as root" >&2; exit 1; }

# munge: the authentication daemon Slurm needs; reuse a running one.
mkdir -p /run/munge /var/log/munge /var/lib/munge
chown munge:munge /run/munge /var/log/munge /var/lib/munge
if [ ! -S /run/munge/munge.socket.2 ] || ! munge -n </dev/null >/dev/null 2>&1; then
  [ -f /etc/munge/munge.key ] || mungekey -c
  chown munge:munge /etc/munge/munge.key
  su -s /bin/sh munge -c /usr/sbin/munged
  cp /run/munge/munged.pid "$dir/munged.pid"   # ours: stop.sh stops it
fi

host=$(hostname -s)
# The node offers more CPUs than the machine has (config_overrides), so that the Slurm tests, which
# run at the same time, do not wait for each other's blocks.
cpus=$(( $(nproc) > 8 ? $(nproc) : 8 ))
cat >"$dir/slurm.conf" <<CONF
ClusterName=q2rs-test
SlurmctldHost=$host(127.0.0.1)
AuthType=auth/munge
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
SlurmctldPort=6817
SlurmdPort=6818
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
ReturnToService=2
MpiDefault=none
SlurmdParameters=config_overrides
# Walltime is enforced at once (no grace) and killed jobs die 2 s after SIGTERM.
OverTimeLimit=0
KillWait=2
MinJobAge=600
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=2000 State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$dir/slurm.conf

slurmctld -i -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
for _ in $(seq 100); do
  state=$(sinfo -h -o %T 2>/dev/null || true)
  [ "$state" = idle ] && break
  sleep 0.1
done
[ "$state" = idle ] || { echo "error: the node did not become idle (state: '${state:-none}')" >&2; exit 1; }
echo "export SLURM_CONF=$SLURM_CONF"
