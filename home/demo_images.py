"""Demo pictures, drawn here with Pillow: nothing is downloaded (docs/demo-content.md#images).

Flat illustrations in the site's colours: a care team for the home page, a coordinator linking a
person to the services around them for the career page. Deterministic, so reloading the demo
content finds the same image instead of adding another.
"""

import functools
import io
import math

from PIL import Image as PILImage
from PIL import ImageDraw

BRAND = (11, 83, 148)
BRAND_DARK = (7, 55, 99)
BRAND_LIGHT = (232, 241, 250)
ACCENT = (163, 50, 11)
GOLD = (255, 191, 71)
GREEN = (23, 97, 47)
SKIN = [(141, 85, 36), (198, 134, 66), (241, 194, 125), (224, 172, 105), (92, 56, 33)]
SCRUBS = [(32, 128, 141), BRAND, (108, 76, 160), GREEN, ACCENT]
SCALE = 2  # drawn at twice the size, then reduced: smooth edges without an anti-aliasing renderer


def _canvas(width, height):
    image = PILImage.new("RGB", (width * SCALE, height * SCALE), BRAND_LIGHT)
    draw = ImageDraw.Draw(image)
    for y in range(0, height * SCALE, 4):
        t = y / (height * SCALE)
        colour = tuple(round(a + (b - a) * t) for a, b in zip(BRAND_LIGHT, (250, 252, 254), strict=True))
        draw.rectangle([0, y, width * SCALE, y + 4], fill=colour)
    return image, draw


def _s(*values):
    return [v * SCALE for v in values]


def _person(draw, x, y, size, skin, clothes, stethoscope=False, badge=False):
    """A standing figure: head, shoulders and body; x, y is the top of the head's centre."""
    head = size * 0.22
    draw.ellipse(_s(x - head, y, x + head, y + 2 * head), fill=skin)
    body_top = y + 2 * head + size * 0.04
    draw.rounded_rectangle(
        _s(x - size * 0.36, body_top, x + size * 0.36, body_top + size * 0.9), radius=size * 0.2 * SCALE, fill=clothes
    )
    neck = size * 0.09
    draw.polygon(_s(x - neck, body_top, x + neck, body_top, x, body_top + size * 0.14), fill=skin)
    if stethoscope:
        draw.arc(
            _s(x - size * 0.2, body_top - size * 0.02, x + size * 0.2, body_top + size * 0.4),
            start=0,
            end=180,
            fill=(235, 240, 245),
            width=round(size * 0.035 * SCALE),
        )
        draw.ellipse(_s(x + size * 0.14, body_top + size * 0.26, x + size * 0.24, body_top + size * 0.36), fill=GOLD)
    if badge:
        draw.rounded_rectangle(
            _s(x - size * 0.28, body_top + size * 0.22, x - size * 0.1, body_top + size * 0.34),
            radius=4 * SCALE,
            fill=(255, 255, 255),
        )


def _cross(draw, x, y, size, fill):
    arm = size / 3
    draw.rounded_rectangle(
        _s(x - arm / 2, y - size / 2, x + arm / 2, y + size / 2), radius=arm * 0.2 * SCALE, fill=fill
    )
    draw.rounded_rectangle(
        _s(x - size / 2, y - arm / 2, x + size / 2, y + arm / 2), radius=arm * 0.2 * SCALE, fill=fill
    )


def _pulse(draw, x0, x1, y, height, fill, width=6):
    points = [(x0, y), (x0 + (x1 - x0) * 0.35, y)]
    step = (x1 - x0) * 0.05
    px = points[-1][0]
    for dy in (-0.4, 1.0, -1.0, 0.3, 0):
        px += step
        points.append((px, y + dy * height))
    points.append((x1, y))
    draw.line([(px_ * SCALE, py * SCALE) for px_, py in points], fill=fill, width=width * SCALE, joint="curve")


def _finish(image, width, height):
    image = image.resize((width, height), PILImage.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


@functools.cache
def care_team(width=1440, height=960):
    """Home page: four health-care workers in front of a pulse line and a medical cross."""
    image, draw = _canvas(width, height)
    draw.ellipse(_s(width * 0.52, -height * 0.25, width * 1.25, height * 0.75), fill=(214, 230, 246))
    draw.ellipse(_s(-width * 0.2, height * 0.55, width * 0.35, height * 1.3), fill=(220, 236, 228))
    _pulse(draw, width * 0.04, width * 0.96, height * 0.36, height * 0.14, BRAND, width=7)
    _cross(draw, width * 0.83, height * 0.2, height * 0.2, ACCENT)
    ground = height * 0.93
    draw.rectangle(_s(0, ground, width, height), fill=(203, 219, 235))
    for index, (fx, size) in enumerate([(0.2, 0.5), (0.4, 0.56), (0.6, 0.52), (0.8, 0.47)]):
        size_px = height * size
        x = width * fx
        _person(
            draw,
            x,
            ground - size_px * 1.4,
            size_px,
            SKIN[index % len(SKIN)],
            SCRUBS[index % len(SCRUBS)],
            stethoscope=index in (1, 3),
            badge=index in (0, 2),
        )
    return _finish(image, width, height)


@functools.cache
def care_network(width=1440, height=960):
    """Career page: a coordinator at the centre, linked to a home, a clinic, a pharmacy and a calendar."""
    image, draw = _canvas(width, height)
    cx, cy = width * 0.5, height * 0.5
    spots = []
    for index in range(6):
        angle = -math.pi / 2 + index * math.tau / 6
        spots.append((cx + math.cos(angle) * width * 0.33, cy + math.sin(angle) * height * 0.36))
    for x, y in spots:
        draw.line(_s(cx, cy, x, y), fill=(150, 180, 210), width=6 * SCALE)
    radius = height * 0.1
    for index, (x, y) in enumerate(spots):
        fill = [BRAND, GREEN, ACCENT, (108, 76, 160), (32, 128, 141), BRAND_DARK][index]
        draw.ellipse(_s(x - radius, y - radius, x + radius, y + radius), fill=fill)
        inner = radius * 0.5
        if index == 0:  # clinic
            _cross(draw, x, y, inner * 1.4, (255, 255, 255))
        elif index == 1:  # home
            draw.polygon(_s(x - inner, y, x, y - inner, x + inner, y), fill=(255, 255, 255))
            draw.rectangle(_s(x - inner * 0.7, y, x + inner * 0.7, y + inner * 0.8), fill=(255, 255, 255))
        elif index == 2:  # pharmacy: a capsule
            draw.rounded_rectangle(
                _s(x - inner, y - inner * 0.4, x + inner, y + inner * 0.4), radius=inner * 0.4 * SCALE, fill=GOLD
            )
            draw.rectangle(_s(x, y - inner * 0.4, x + inner * 0.6, y + inner * 0.4), fill=(255, 255, 255))
        elif index == 3:  # calendar
            draw.rounded_rectangle(
                _s(x - inner, y - inner, x + inner, y + inner), radius=6 * SCALE, fill=(255, 255, 255)
            )
            draw.rectangle(_s(x - inner, y - inner, x + inner, y - inner * 0.5), fill=GOLD)
        elif index == 4:  # phone call
            draw.rounded_rectangle(
                _s(x - inner * 0.55, y - inner, x + inner * 0.55, y + inner), radius=8 * SCALE, fill=(255, 255, 255)
            )
        else:  # community: three dots
            for dx in (-0.6, 0, 0.6):
                draw.ellipse(_s(x + dx * inner - 12, y - 12, x + dx * inner + 12, y + 12), fill=(255, 255, 255))
    draw.ellipse(_s(cx - radius * 1.9, cy - radius * 1.9, cx + radius * 1.9, cy + radius * 1.9), fill=(255, 255, 255))
    _person(draw, cx, cy - radius * 1.45, radius * 2.2, SKIN[1], BRAND, badge=True)
    return _finish(image, width, height)
