# Sourced by the scripts: offline, quiet, caches inside the project.
export DVC_NO_ANALYTICS=1
export HF_HUB_OFFLINE=1
export HF_DATASETS_OFFLINE=1
export TRANSFORMERS_OFFLINE=1
export TOKENIZERS_PARALLELISM=${TOKENIZERS_PARALLELISM:-true}
export TORCH_EXTENSIONS_DIR=${TORCH_EXTENSIONS_DIR:-$PWD/.cache/torch_extensions}
export HF_HOME=${HF_HOME:-$PWD/.cache/huggingface}
export DVC_SITE_CACHE_DIR=${DVC_SITE_CACHE_DIR:-$PWD/.cache/dvc-site}
export MPLBACKEND=Agg
export PATH="$PWD/.venv/bin:$PATH"
