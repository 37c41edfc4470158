"""Why a hub id did not load, in words a user can act on (offline mode, no network, gated, no token)."""

from __future__ import annotations

from leia.errors import ParamError


def _hub_causes(e: BaseException) -> list[BaseException]:
    """The exception and everything it was raised from (transformers wraps hub errors in OSError)."""
    chain: list[BaseException] = []
    while e is not None and e not in chain:
        chain.append(e)
        e = e.__cause__ or e.__context__
    return chain


def explain_load_error(name_or_path: str, e: BaseException) -> ParamError:
    """Name the real reason a hub id did not load: offline mode, no network, gated, no token, no repo."""
    import huggingface_hub
    from huggingface_hub import constants
    from huggingface_hub.errors import (
        GatedRepoError,
        LocalEntryNotFoundError,
        OfflineModeIsEnabled,
        RepositoryNotFoundError,
        RevisionNotFoundError,
    )

    key = "base_model.name_or_path"
    page = f"https://huggingface.co/{name_or_path}"
    chain = _hub_causes(e)
    first = f"{e}".splitlines()[0] if f"{e}" else type(e).__name__

    def has(*types: type[BaseException]) -> bool:
        return any(isinstance(c, types) for c in chain)

    offline = constants.HF_HUB_OFFLINE
    token = huggingface_hub.get_token()
    where = f"HF_HOME={constants.HF_HOME}"
    if has(OfflineModeIsEnabled) or (offline and has(LocalEntryNotFoundError)):
        return ParamError(
            key,
            f"{name_or_path!r} is not in the Hugging Face cache ({where}) and offline mode is on "
            "(HF_HUB_OFFLINE)",
            "scripts/env.sh turns offline mode on only for the demo profile: after `leia profile use ...`, "
            "source scripts/env.sh again (or unset HF_HUB_OFFLINE TRANSFORMERS_OFFLINE), or point "
            "base_model.name_or_path at a local folder",
        )
    if has(GatedRepoError):
        if token is None:
            return ParamError(
                key,
                f"{name_or_path!r} is a gated model and no Hugging Face token was found "
                f"(HF_TOKEN unset, no `hf auth login` token under {where})",
                f"accept the licence at {page}, then run `hf auth login` or export HF_TOKEN",
            )
        return ParamError(
            key,
            f"{name_or_path!r} is a gated model and the account of the token in use has no access to it",
            f"accept the licence at {page} with that account (approval can take a while), "
            "or use a token of an account that has access",
        )
    if has(RevisionNotFoundError):
        return ParamError(key, f"{name_or_path!r}: {first}", f"check the revisions listed at {page}")
    if has(RepositoryNotFoundError):
        hint = "check the spelling (a local folder must exist; a hub id reads owner/name)"
        if token is None:
            hint += "; a private repository also needs `hf auth login` or HF_TOKEN"
        return ParamError(key, f"{name_or_path!r} is neither a local folder nor a model on the hub", hint)
    if has(LocalEntryNotFoundError, ConnectionError, TimeoutError) or any(
        type(c).__module__.startswith(("httpx", "httpcore", "requests", "urllib3")) for c in chain
    ):
        return ParamError(
            key,
            f"cannot reach the Hugging Face hub ({constants.ENDPOINT}) and {name_or_path!r} is not in the "
            f"cache ({where})",
            "check the network or proxy (HTTPS_PROXY), or download the model where there is network "
            "(`hf download <id>`) into the same HF_HOME, or point base_model.name_or_path at a local folder",
        )
    return ParamError(
        key,
        f"cannot load {name_or_path!r}: {first}",
        "a local folder or hub id; gated models need the licence accepted on the hub and a token",
    )
