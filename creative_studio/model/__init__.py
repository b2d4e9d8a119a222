"""Qt-free model: frozen dataclasses and the one strict YAML loader."""

from .loader import SAMPLE_CAMPAIGN, TEMPLATES_DIR, load_campaign, load_catalogue, load_sample
from .types import Box, Brand, Campaign, Face, Format, Insets, Layout, Message, PrintSpec, Reviewer, TextSlot
from .variants import ResolvedCopy, ResolvedValue, resolve_copy
from .yamlio import TemplateError

__all__ = [
    "SAMPLE_CAMPAIGN",
    "TEMPLATES_DIR",
    "Box",
    "Brand",
    "Campaign",
    "Face",
    "Format",
    "Insets",
    "Layout",
    "Message",
    "PrintSpec",
    "Reviewer",
    "ResolvedCopy",
    "ResolvedValue",
    "TemplateError",
    "TextSlot",
    "load_campaign",
    "load_catalogue",
    "load_sample",
    "resolve_copy",
]
