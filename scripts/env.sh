# Sourced by the scripts (and by you: `source scripts/env.sh` from the repository root): the venv,
# quiet DVC, caches inside the project.
# Hugging Face: the demo profile (params.yaml `profile: demo`) and the tests run offline with a cache
# inside the project; the paper profiles use your own HF cache and `hf auth login` token (or HF_TOKEN)
# to download the base model. LEIA_OFFLINE=1 or 0 overrides the choice. Source again after
# `leia profile use ...`.
_leia_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
_leia_profile=$(sed -n 's/^profile:[[:space:]]*["'\'']\{0,1\}\([A-Za-z0-9_.-]*\).*/\1/p' "$_leia_root/params.yaml" 2>/dev/null | head -n 1)
_leia_profile=${_leia_profile:-demo}
export DVC_NO_ANALYTICS=1
export TOKENIZERS_PARALLELISM=${TOKENIZERS_PARALLELISM:-true}
export TORCH_EXTENSIONS_DIR=${TORCH_EXTENSIONS_DIR:-$_leia_root/.cache/torch_extensions}
export DVC_SITE_CACHE_DIR=${DVC_SITE_CACHE_DIR:-$_leia_root/.cache/dvc-site}
export MPLBACKEND=Agg
case "${LEIA_OFFLINE:-}" in
  1) _leia_offline=1 ;;
  0) _leia_offline=0 ;;
  "") if [ "$_leia_profile" = demo ]; then _leia_offline=1; else _leia_offline=0; fi ;;
  *) echo "scripts/env.sh: LEIA_OFFLINE='$LEIA_OFFLINE': use 1, 0 or leave it unset" >&2; _leia_offline=1 ;;
esac
if [ "$_leia_offline" = 1 ]; then
  export HF_HUB_OFFLINE=1 HF_DATASETS_OFFLINE=1 TRANSFORMERS_OFFLINE=1
  if [ -z "${HF_HOME:-}" ]; then
    export HF_HOME=$_leia_root/.cache/huggingface
    export LEIA_SET_HF_HOME=$HF_HOME
  fi
  export LEIA_SET_HF_OFFLINE=1
else
  # Undo only what an earlier sourcing (in the demo profile) set; a user's own settings stay.
  if [ "${LEIA_SET_HF_OFFLINE:-}" = 1 ]; then
    unset HF_HUB_OFFLINE HF_DATASETS_OFFLINE TRANSFORMERS_OFFLINE LEIA_SET_HF_OFFLINE
  fi
  if [ -n "${LEIA_SET_HF_HOME:-}" ] && [ "${HF_HOME:-}" = "$LEIA_SET_HF_HOME" ]; then
    unset HF_HOME
  fi
  unset LEIA_SET_HF_HOME
fi
case ":$PATH:" in
  *":$_leia_root/.venv/bin:"*) ;;
  *) export PATH="$_leia_root/.venv/bin:$PATH" ;;
esac
unset _leia_root _leia_profile _leia_offline
