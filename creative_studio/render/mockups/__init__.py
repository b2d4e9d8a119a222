"""Mockups: a render shown where it will run, so a reviewer judges it in context.

Each mockup is a generic look-alike of a placement (a feed card, a story on a phone, a news page,
a roadside hoarding...), with neutral names and no platform logos or trademarks. The creative is
used exactly as rendered: digital renders are pasted pixel for pixel (only the platform's own
overlays, such as a story's progress bar, are drawn over them), and poster renders are only ever
scaled *down* to the scene.

The chrome is designed at a reference width and scaled by `image width / reference`, so a 270 px
preview and a 1080 px export get the same-looking mockup at their own size. Shapes are drawn
anti-aliased from small supersampled masks (cached), never by supersampling the whole canvas:
that keeps a preview-scale mockup within a few milliseconds of the render.

    render_mockup(campaign, result) -> PIL.Image           (RGB; the CLI's `render --mockup`)
    mockup_with_rect(campaign, result) -> (image, rect)    (rect: where the creative sits)

Modules, by scene family (each scene is a function (campaign, result) -> (image, rect)):

    kit         colours, anti-aliased shapes from cached masks, gradients, shadows
    icons       icons on a 24-unit grid        lettering   text for the chrome, avatars, copy
    phone       the phone body and status bar  social      feed card, post, story, snap
    web         news page on a laptop, page on a phone
    outdoor     billboards, bus shelter, D6 screen, to scale with a person beside them

A new scene: a function decorated with `@scene("its-id")` (from .kit) in the family module it
belongs to (a new family module: also import it below), and its id under the platform's
`mockups:` in templates/platforms.yaml. MOCKUPS is every registered scene.
"""

from __future__ import annotations

from PIL import Image

from ...model.types import Campaign
from ..engine import RenderResult

# Importing a family module registers its scenes (@scene); the order here is not significant.
from . import outdoor, social, web  # noqa: F401
from .kit import SCENES, Rect, Scene

MOCKUPS: dict[str, Scene] = SCENES


def mockup_with_rect(campaign: Campaign, result: RenderResult) -> tuple[Image.Image, Rect]:
    """The mockup and where the creative sits in it (x0, y0, x1, y1; x1/y1 exclusive).

    Digital creatives are pasted pixel for pixel, so the rect is exactly the render's size;
    posters may be scaled down to the scene, and the rect is then their displayed size.
    The GUI draws safe-zone overlays over the mockup inside this rect.
    """
    draw_fn = MOCKUPS.get(result.format.mockup)
    if draw_fn is None:
        raise ValueError(
            f"format {result.format.id}: unknown mockup '{result.format.mockup}'; known: {', '.join(sorted(MOCKUPS))}"
        )
    from ..engine import localized  # the brand name, headline... in the render's language

    img, rect = draw_fn(localized(campaign, result), result)
    if img.mode != "RGB":
        img = img.convert("RGB")
    return img, rect


def render_mockup(campaign: Campaign, result: RenderResult) -> Image.Image:
    """The render drawn inside a look-alike of where it runs (RGB)."""
    return mockup_with_rect(campaign, result)[0]


__all__ = ["MOCKUPS", "mockup_with_rect", "render_mockup"]
