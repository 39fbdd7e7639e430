#!/usr/bin/env bash
# Stops the test cluster started by tests/slurm/start.sh DIR: its daemons, by their pid files
# in DIR (munged only if start.sh started it), then removes DIR.
#
#   tests/slurm/stop.sh DIR
set -uo pipefail
dir=${1:?usage: stop.sh DIR}
[ -d "$dir" ] || exit 0
# Jobs still queued are cancelled first, so that slurmd leaves no job processes behind.
if [ -f "$dir/slurm.conf" ] && [ -f "$dir/slurmctld.pid" ]; then
  SLURM_CONF=$dir/slurm.conf timeout 5 scancel --full --user "$(id -un)" 2>/dev/null || true
fi
pids=()
for name in slurmd slurmctld munged; do
  file=$dir/$name.pid
  if [ -f "$file" ]; then
    pid=$(cat "$file")
    kill "$pid" 2>/dev/null && pids+=("$pid")
  fi
done
for pid in "${pids[@]}"; do
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
done
case $dir in
  */q2rs-slurm-*) rm -rf "$dir" ;;
  *) echo "note: left $dir (not made by start.sh)" >&2 ;;
esac
