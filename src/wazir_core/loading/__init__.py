"""The Load step: content packs on disk to typed models, with every error located."""

from wazir_core.loading.content import ContentLoad, load_content
from wazir_core.loading.pack import PackLoad, load_pack

__all__ = ["ContentLoad", "PackLoad", "load_content", "load_pack"]
