#!/usr/bin/env bash
# The local SLURM that tests/cluster/ starts on 127.0.0.1: Debian's slurm-wlm controller, node daemon
# and client. Needs root and apt; elsewhere those tests are skipped and say why.
set -uo pipefail
if command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v sbatch >/dev/null; then
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "note: no SLURM here; tests/cluster/test_slurm_local.py will be skipped (root: bash $0)"
  exit 0
fi
echo "installing Debian's slurmctld, slurmd, slurm-client for the SLURM tests"
if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  slurmctld slurmd slurm-client >/dev/null; }; then
  echo "note: could not install SLURM; tests/cluster/test_slurm_local.py will be skipped"
fi
exit 0
