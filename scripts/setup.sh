#!/usr/bin/env bash
# Create .venv and install one exact lock plus this package:
#   requirements-cpu.lock   torch's CPU build (the demo, CI, machines without an NVIDIA GPU)
#   requirements-cuda.lock  torch's CUDA 13.0 build and its pinned NVIDIA libraries (Linux x86_64)
# The variant is auto-detected (an NVIDIA GPU that nvidia-smi lists → cuda); override with
# LEIA_VARIANT=cpu|cuda. LEIA_FLASH_ATTN=1 also builds flash-attn (cuda only; needs nvcc).
# Idempotent: a second run only checks that the environment matches the lock.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
FLASH_ATTN_VERSION=2.8.3.post2
PYTORCH_CPU_INDEX=${LEIA_TORCH_INDEX:-https://download.pytorch.org/whl/cpu}

die() { echo "setup.sh: $*" >&2; exit 1; }

command -v "$PYTHON" >/dev/null || die "no '$PYTHON' on PATH: install Python 3.11+ or set PYTHON=/path/to/python3.11"
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
  || die "$("$PYTHON" -V 2>&1) is too old: the locks pin numpy 2.4/pandas 3.1/scipy 1.17, which need Python 3.11+; set PYTHON=python3.11"

variant=${LEIA_VARIANT:-auto}
why="LEIA_VARIANT=$variant"
if [ "$variant" = auto ]; then
  if command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L 2>/dev/null | grep -q '^GPU '; then
    variant=cuda; why="auto: nvidia-smi lists a GPU"
  else
    variant=cpu; why="auto: no NVIDIA GPU found by nvidia-smi"
  fi
fi
case "$variant" in
  cpu|cuda) ;;
  *) die "LEIA_VARIANT='$variant': use cpu, cuda or auto" ;;
esac
lock=requirements-$variant.lock

if [ ! -x .venv/bin/python ]; then
  # Debian/Ubuntu split venv's pip bootstrap (ensurepip) into a separate package.
  "$PYTHON" -c 'import ensurepip, venv' 2>/dev/null \
    || die "$PYTHON has no venv/ensurepip module: on Debian/Ubuntu run 'apt-get install python3-venv' (or python3.11-venv), then run this again"
  "$PYTHON" -m venv .venv || die "'$PYTHON -m venv .venv' failed (see above); on Debian/Ubuntu install python3-venv"
fi
if [ -f .venv/.leia-variant ] && [ "$(cat .venv/.leia-variant)" != "$variant" ]; then
  die ".venv holds the $(cat .venv/.leia-variant) variant, $variant was asked for ($why): remove .venv (rm -rf .venv) and run this again"
fi

stamp=.venv/.leia-lock.sha256
# hashlib rather than sha256sum: macOS and BSDs have no GNU coreutils.
want=$(.venv/bin/python - "$lock" pyproject.toml "$variant" "${LEIA_FLASH_ATTN:-0}" <<'EOF'
import hashlib, sys
h = hashlib.sha256()
for p in sys.argv[1:3]:
    h.update(open(p, "rb").read())
h.update(" ".join(sys.argv[3:]).encode())
print(h.hexdigest())
EOF
)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup.sh: installing $lock into .venv ($why)"
  .venv/bin/python -m pip install -q --upgrade pip
  extra=()
  if [ "$variant" = cpu ] && grep -q '^torch==.*+cpu$' "$lock"; then
    torch_pin=$(grep '^torch==' "$lock")
    # The +cpu build is on the PyTorch CPU index only; skip that index where a local wheel folder has it.
    if ! .venv/bin/python -m pip install -q --dry-run --no-deps --no-index "$torch_pin" >/dev/null 2>&1; then
      extra=(--extra-index-url "$PYTORCH_CPU_INDEX")
    fi
  fi
  .venv/bin/python -m pip install -q "${extra[@]}" -r "$lock"
  .venv/bin/python -m pip install -q --no-deps -e .
  if [ "${LEIA_FLASH_ATTN:-0}" = 1 ]; then
    [ "$variant" = cuda ] || die "LEIA_FLASH_ATTN=1 needs the cuda variant"
    command -v nvcc >/dev/null || die "LEIA_FLASH_ATTN=1: flash-attn compiles with nvcc (CUDA 13.0 toolkit) and none is on PATH; or leave it unset and use train.attn_implementation: sdpa"
    MAX_JOBS=${MAX_JOBS:-4} .venv/bin/python -m pip install --no-build-isolation "flash-attn==$FLASH_ATTN_VERSION"
  fi
  echo "$variant" > .venv/.leia-variant
  echo "$want" > "$stamp"
fi
# DVC and friends must stay offline and quiet.
.venv/bin/dvc config --local core.analytics false >/dev/null 2>&1 || true
.venv/bin/python - "$variant" "$lock" "$why" <<'EOF'
import sys
from importlib.metadata import PackageNotFoundError, version
variant, lock, why = sys.argv[1:]
try:
    fa = version("flash-attn")
except PackageNotFoundError:
    fa = "not installed (train.attn_implementation: sdpa uses PyTorch's flash kernel)"
print(f"setup.sh: variant {variant} ({why}); {lock}; Python {sys.version.split()[0]}; "
      f"torch {version('torch')}; flash-attn {fa}")
EOF
