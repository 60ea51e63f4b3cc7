"""Draw the demo site's pictures: abstract, text-free and reproducible.

Run from the repository root, with Pillow installed (it is in the dev venv):

    python tools/make_demo_pictures.py

The JPEG files are (re)written into ``src/manchette/demo/content/pictures/``,
which the demo dispatches reference as ``pictures/<name>.jpg``. Every picture
is drawn from its own fixed seed, so running the script again gives the same
images; nothing here is a photograph and no image contains any lettering.
"""

from __future__ import annotations

import itertools
import math
import random
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

Color = tuple[int, int, int]
Point = tuple[float, float]

OUT_DIR = (
    Path(__file__).resolve().parent.parent / "src" / "manchette" / "demo" / "content" / "pictures"
)
JPEG_QUALITY = 80


def rgb(value: str) -> Color:
    """`"#1a2b3c"` as an RGB triple."""
    value = value.lstrip("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


def mix(a: Color, b: Color, t: float) -> Color:
    """The colour a fraction `t` of the way from `a` to `b`."""
    t = min(max(t, 0.0), 1.0)
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def rgba(color: Color, alpha: int) -> tuple[int, int, int, int]:
    """`color` with an alpha channel."""
    return (color[0], color[1], color[2], alpha)


class Canvas:
    """An RGBA picture being drawn, with its seeded randomness and palette.

    Palettes have five colours: sky or background top, background bottom,
    main subject, accent (light, sun, highlights) and dark.
    """

    def __init__(self, size: tuple[int, int], palette: Sequence[str], seed: int) -> None:
        self.w, self.h = size
        self.p: list[Color] = [rgb(c) for c in palette]
        self.rng = random.Random(seed)  # noqa: S311 - decorative pictures, not secrets
        self.img = Image.new("RGBA", size, rgba(self.p[0], 255))
        self.draw = ImageDraw.Draw(self.img)

    def rand(self, low: float, high: float) -> float:
        return self.rng.uniform(low, high)

    def gradient(self, top: Color, bottom: Color, y0: float = 0.0, y1: float = 1.0) -> None:
        """Fill the band between fractions `y0` and `y1` of the height with a vertical gradient."""
        start, end = int(self.h * y0), int(self.h * y1)
        span = max(end - start - 1, 1)
        for y in range(start, end):
            self.draw.line([(0, y), (self.w, y)], fill=mix(top, bottom, (y - start) / span))

    def layer(self) -> tuple[Image.Image, ImageDraw.ImageDraw]:
        """A transparent layer to draw translucent or blurred shapes on."""
        over = Image.new("RGBA", (self.w, self.h), (0, 0, 0, 0))
        return over, ImageDraw.Draw(over)

    def merge(self, over: Image.Image, blur: float = 0.0) -> None:
        """Composite a layer from `layer()` onto the picture, optionally blurred."""
        if blur:
            over = over.filter(ImageFilter.GaussianBlur(blur))
        self.img.alpha_composite(over)
        self.draw = ImageDraw.Draw(self.img)

    def glow(self, x: float, y: float, radius: float, color: Color, alpha: int = 180) -> None:
        over, d = self.layer()
        d.ellipse([x - radius, y - radius, x + radius, y + radius], fill=rgba(color, alpha))
        self.merge(over, blur=radius / 2.5)

    def ridge(self, base: float, rough: float, steps: int = 7) -> list[Point]:
        """A jagged horizon line by midpoint displacement, as points across the width."""
        pts: list[float] = [base + self.rand(-rough, rough), base + self.rand(-rough, rough)]
        amp = rough
        for _ in range(steps):
            nxt: list[float] = []
            for a, b in itertools.pairwise(pts):
                nxt += [a, (a + b) / 2 + self.rand(-amp, amp)]
            nxt.append(pts[-1])
            pts = nxt
            amp *= 0.55
        n = len(pts) - 1
        return [(self.w * i / n, y) for i, y in enumerate(pts)]

    def fill_below(self, line: list[Point], color: Color) -> None:
        self.draw.polygon([*line, (self.w, self.h), (0, self.h)], fill=color)

    def save(self, path: Path) -> int:
        self.img.convert("RGB").save(path, "JPEG", quality=JPEG_QUALITY, optimize=True)
        return path.stat().st_size


# --- themes -----------------------------------------------------------------------------


def skyline(c: Canvas) -> None:
    c.gradient(c.p[0], c.p[1])
    c.glow(c.w * c.rand(0.2, 0.8), c.h * 0.38, c.h * 0.12, c.p[3], 220)
    for depth in range(3):
        shade = mix(c.p[1], c.p[4], 0.35 + depth * 0.3)
        x = -20.0
        while x < c.w:
            bw = c.rand(40, 130) * (1 + depth * 0.2)
            top = c.h * (0.55 - c.rand(0.0, 0.28) + depth * 0.1)
            c.draw.rectangle([x, top, x + bw, c.h], fill=shade)
            if c.rng.random() < 0.2:
                c.draw.polygon(
                    [(x, top), (x + bw / 2, top - c.rand(20, 60)), (x + bw, top)], fill=shade
                )
            if depth == 2:
                for wy in range(int(top) + 12, c.h - 10, 18):
                    for wx in range(int(x) + 8, int(x + bw) - 8, 14):
                        if c.rng.random() < 0.22:
                            c.draw.rectangle(
                                [wx, wy, wx + 6, wy + 9], fill=mix(c.p[3], c.p[1], 0.2)
                            )
            x += bw + c.rand(2, 12)


def parliament(c: Canvas) -> None:
    c.gradient(c.p[0], c.p[1])
    base, cx = c.h * 0.8, c.w / 2
    half = c.w * 0.3
    stone, shadow = c.p[2], mix(c.p[2], c.p[4], 0.35)
    for i in range(5):
        c.draw.rectangle(
            [cx - half - i * 14, base + i * 12, cx + half + i * 14, c.h],
            fill=mix(stone, shadow, i / 6),
        )
    top = c.h * 0.45
    c.draw.rectangle([cx - half, top, cx + half, base], fill=shadow)
    cols = 10
    for i in range(cols):
        x = cx - half + 20 + i * (2 * half - 40) / (cols - 1)
        c.draw.rectangle([x - 14, top + 20, x + 14, base], fill=stone)
        c.draw.rectangle([x - 18, base - 12, x + 18, base], fill=mix(stone, c.p[3], 0.2))
    c.draw.rectangle([cx - half - 10, top - 10, cx + half + 10, top + 20], fill=stone)
    c.draw.polygon(
        [(cx - half - 10, top - 10), (cx, top - c.h * 0.12), (cx + half + 10, top - 10)],
        fill=mix(stone, c.p[3], 0.15),
    )
    drum = c.h * 0.2
    c.draw.rectangle([cx - 70, top - drum, cx + 70, top - c.h * 0.1], fill=shadow)
    c.draw.pieslice([cx - 80, top - drum - 80, cx + 80, top - drum + 80], 180, 360, fill=stone)
    for side in (-1, 1):
        for k in range(4):
            tx = cx + side * (half + 90 + k * 70)
            c.glow(tx, base - c.rand(30, 80), c.rand(40, 70), mix(c.p[4], c.p[1], 0.3), 230)


def harbour(c: Canvas) -> None:
    c.gradient(c.p[0], c.p[1], 0.0, 0.6)
    c.gradient(c.p[2], c.p[4], 0.6, 1.0)
    quay = c.h * 0.6
    c.draw.rectangle([0, quay - 14, c.w, quay + 6], fill=mix(c.p[4], c.p[1], 0.3))
    for _ in range(4):
        x, ht = c.rand(0.05, 0.9) * c.w, c.rand(0.25, 0.4) * c.h
        steel = mix(c.p[3], c.p[4], 0.3)
        c.draw.line([(x, quay), (x, quay - ht)], fill=steel, width=10)
        c.draw.line([(x + 60, quay), (x + 60, quay - ht)], fill=steel, width=10)
        c.draw.line([(x - 120, quay - ht), (x + 260, quay - ht)], fill=steel, width=12)
        c.draw.line([(x + 30, quay - ht - 60), (x + 250, quay - ht)], fill=steel, width=3)
        c.draw.line([(x + 30, quay - ht - 60), (x - 110, quay - ht)], fill=steel, width=3)
    x = 0.0
    while x < c.w:
        for level in range(c.rng.randint(1, 4)):
            col = c.p[c.rng.randint(2, 3)] if c.rng.random() < 0.5 else mix(c.p[3], c.p[4], 0.5)
            c.draw.rectangle(
                [x, quay - 14 - (level + 1) * 26, x + 70, quay - 14 - level * 26],
                fill=col,
                outline=c.p[4],
            )
        x += 72
    for _ in range(140):
        y, x0 = c.rand(quay + 20, c.h), c.rand(0, c.w)
        c.draw.line([(x0, y), (x0 + c.rand(30, 120), y)], fill=mix(c.p[2], c.p[3], 0.4), width=2)


def mountains(c: Canvas) -> None:
    c.gradient(c.p[0], c.p[1])
    c.glow(c.w * c.rand(0.55, 0.85), c.h * 0.3, c.h * 0.1, c.p[3], 230)
    for i in range(4):
        line = c.ridge(c.h * (0.42 + i * 0.13), c.h * (0.14 - i * 0.02))
        c.fill_below(line, mix(mix(c.p[1], c.p[2], 0.6), c.p[4], i / 3.2))


def volcano(c: Canvas) -> None:
    c.gradient(c.p[0], c.p[1])
    cx = c.w * 0.5
    over, d = c.layer()
    for _ in range(40):
        x, y, r = cx + c.rand(-200, 300), c.rand(0.05, 0.35) * c.h, c.rand(40, 120)
        d.ellipse([x - r, y - r, x + r, y + r], fill=rgba(mix(c.p[4], c.p[1], 0.4), 150))
    c.merge(over, blur=30)
    c.glow(cx, c.h * 0.45, c.h * 0.18, c.p[3], 200)
    c.draw.polygon(
        [
            (cx - c.w * 0.5, c.h * 0.85),
            (cx - 90, c.h * 0.45),
            (cx + 90, c.h * 0.45),
            (cx + c.w * 0.5, c.h * 0.85),
        ],
        fill=c.p[4],
    )
    for _ in range(5):
        x, y, drift = cx + c.rand(-60, 60), c.h * 0.46, c.rand(-45, 45)
        flow: list[Point] = [(x, y)]
        while y < c.h * 0.85:
            x, y = x + drift + c.rand(-25, 25), y + c.rand(25, 45)
            flow.append((x, y))
        c.draw.line(flow, fill=c.p[2], width=int(c.rand(4, 9)), joint="curve")
    c.fill_below(c.ridge(c.h * 0.84, 20), mix(c.p[4], c.p[0], 0.2))


def worldmap(c: Canvas) -> None:
    c.gradient(c.p[0], c.p[1])
    blobs = [
        (c.rand(0.1, 0.9) * c.w, c.rand(0.2, 0.8) * c.h, c.rand(80, 260), c.rand(60, 180))
        for _ in range(7)
    ]
    land: list[Point] = []
    step = 28
    for gy in range(step, c.h, step):
        for gx in range(step, c.w, step):
            inside = any(
                ((gx - bx) / rx) ** 2 + ((gy - by) / ry) ** 2 < 1 for bx, by, rx, ry in blobs
            )
            if inside:
                c.draw.ellipse([gx - 5, gy - 5, gx + 5, gy + 5], fill=c.p[2])
                land.append((gx, gy))
    over, d = c.layer()
    for _ in range(6):
        (x0, y0), (x1, y1) = c.rng.sample(land, 2)
        mx, my = (x0 + x1) / 2, min(y0, y1) - c.rand(60, 200)
        pts = [
            (
                (1 - t) ** 2 * x0 + 2 * (1 - t) * t * mx + t * t * x1,
                (1 - t) ** 2 * y0 + 2 * (1 - t) * t * my + t * t * y1,
            )
            for t in (i / 40 for i in range(41))
        ]
        d.line(pts, fill=rgba(c.p[3], 230), width=4)
        for x, y in ((x0, y0), (x1, y1)):
            d.ellipse([x - 9, y - 9, x + 9, y + 9], fill=rgba(c.p[3], 255))
    c.merge(over, blur=1)


def storm(c: Canvas) -> None:
    c.gradient(c.p[0], c.p[1])
    over, d = c.layer()
    for _ in range(70):
        x, y, r = c.rand(-100, c.w + 100), c.rand(-50, c.h * 0.45), c.rand(60, 180)
        d.ellipse(
            [x - r * 1.6, y - r, x + r * 1.6, y + r],
            fill=rgba(mix(c.p[4], c.p[2], c.rand(0, 0.6)), 170),
        )
    c.merge(over, blur=25)
    over, d = c.layer()
    for _ in range(500):
        x, y = c.rand(0, c.w + 200), c.rand(c.h * 0.2, c.h)
        d.line([(x, y), (x - 30, y + 70)], fill=rgba(c.p[3], 90), width=2)
    c.merge(over)
    x, y = c.w * c.rand(0.55, 0.8), c.h * 0.25
    bolt: list[Point] = [(x, y)]
    while y < c.h * 0.7:
        x, y = x + c.rand(-40, 40), y + c.rand(30, 70)
        bolt.append((x, y))
    over, d = c.layer()
    d.line(bolt, fill=rgba(c.p[3], 255), width=5)
    c.merge(over, blur=2)
    c.fill_below(c.ridge(c.h * 0.82, 25), c.p[4])


def stage(c: Canvas) -> None:
    c.gradient(c.p[4], c.p[0])
    floor = c.h * 0.72
    c.draw.rectangle([0, floor, c.w, c.h], fill=mix(c.p[1], c.p[4], 0.5))
    over, d = c.layer()
    for i in range(3):
        x = c.w * (0.25 + 0.25 * i)
        spread = c.rand(120, 220)
        d.polygon(
            [(x + c.rand(-80, 80), 0), (x - spread, floor + 30), (x + spread, floor + 30)],
            fill=rgba(c.p[3] if i != 1 else c.p[2], 90),
        )
        d.ellipse([x - spread, floor, x + spread, floor + 60], fill=rgba(c.p[3], 150))
    c.merge(over, blur=18)
    for side in (0, 1):
        for k in range(9):
            x = k * 26 if side == 0 else c.w - (k + 1) * 26
            c.draw.rectangle([x, 0, x + 26, c.h], fill=mix(c.p[1], c.p[4], 0.2 + 0.4 * (k % 2)))
    c.draw.rectangle([0, 0, c.w, 40], fill=c.p[1])


def gallery(c: Canvas) -> None:
    c.gradient(c.p[0], c.p[1], 0.0, 0.78)
    c.gradient(mix(c.p[4], c.p[1], 0.4), c.p[4], 0.78, 1.0)
    frames = [(0.18, 0.12, 0.82, 0.52), (0.12, 0.58, 0.44, 0.74), (0.56, 0.58, 0.88, 0.74)]
    for x0, y0, x1, y1 in frames:
        box = (c.w * x0, c.h * y0, c.w * x1, c.h * y1)
        c.glow((box[0] + box[2]) / 2, box[1] - 10, 60, c.p[3], 140)
        c.draw.rectangle([box[0] - 14, box[1] - 14, box[2] + 14, box[3] + 14], fill=c.p[4])
        c.draw.rectangle(box, fill=mix(c.p[2], c.p[3], c.rand(0, 0.5)))
        for _ in range(6):
            rx, ry = c.rand(box[0], box[2]), c.rand(box[1], box[3])
            r = c.rand(15, (box[2] - box[0]) / 4)
            color = mix(c.p[c.rng.randint(2, 4)], c.p[0], c.rand(0, 0.4))
            c.draw.ellipse(
                [
                    max(rx - r, box[0]),
                    max(ry - r, box[1]),
                    min(rx + r, box[2]),
                    min(ry + r, box[3]),
                ],
                fill=color,
            )
    c.draw.rectangle([c.w * 0.3, c.h * 0.86, c.w * 0.7, c.h * 0.89], fill=mix(c.p[2], c.p[4], 0.5))


def railway(c: Canvas) -> None:
    c.gradient(c.p[0], c.p[1], 0.0, 0.45)
    c.gradient(mix(c.p[2], c.p[1], 0.5), c.p[2], 0.45, 1.0)
    vx, vy = c.w * 0.52, c.h * 0.45
    for t in (i / 30 for i in range(31)):
        y = vy + (c.h - vy) * t * t
        half = (c.w * 0.55) * t * t
        c.draw.line(
            [(vx - half * 1.1, y), (vx + half * 1.1, y)],
            fill=mix(c.p[4], c.p[2], 0.3),
            width=max(1, int(8 * t)),
        )
    for off in (-0.42, -0.3, 0.3, 0.42):
        c.draw.line([(vx, vy), (vx + off * c.w * 1.2, c.h)], fill=c.p[3], width=6)
    for k in range(1, 8):
        t = (k / 8) ** 2
        for side in (-1, 1):
            x = vx + side * c.w * 0.75 * t
            top = vy - c.h * 0.45 * t
            c.draw.line(
                [(x, vy + (c.h - vy) * t * 0.7), (x, top)], fill=c.p[4], width=max(2, int(10 * t))
            )
    c.draw.line([(0, c.h * 0.1), (vx, vy - 6)], fill=c.p[4], width=2)
    c.draw.line([(c.w, c.h * 0.1), (vx, vy - 6)], fill=c.p[4], width=2)


def crowd(c: Canvas) -> None:
    c.gradient(c.p[0], c.p[1])
    c.fill_below(
        [(0, c.h * 0.4), (c.w * 0.3, c.h * 0.36), (c.w * 0.6, c.h * 0.4), (c.w, c.h * 0.34)],
        mix(c.p[1], c.p[4], 0.3),
    )
    for _ in range(6):
        x = c.rand(0, c.w)
        c.draw.line([(x, c.h * 0.25), (x, c.h * 0.6)], fill=c.p[4], width=4)
        c.draw.rectangle(
            [x, c.h * 0.25, x + c.rand(120, 220), c.h * 0.25 + c.rand(60, 100)],
            fill=c.p[c.rng.randint(2, 3)],
        )
    for row in range(6):
        scale = 0.8 + row * 0.3
        y = c.h * (0.5 + row * 0.085)
        x = c.rand(-40, 0)
        while x < c.w + 40:
            r = 16 * scale
            coat = mix(c.p[c.rng.randint(2, 4)], c.p[0], c.rand(0, 0.3))
            c.draw.rounded_rectangle(
                [x - r * 1.5, y + r, x + r * 1.5, y + r * 6], radius=r, fill=coat
            )
            c.draw.ellipse([x - r, y - r, x + r, y + r], fill=mix(c.p[4], c.p[3], c.rand(0.2, 0.7)))
            x += r * c.rand(2.6, 3.6)


def chart(c: Canvas, drift: float) -> None:
    c.gradient(c.p[0], c.p[1])
    for k in range(1, 8):
        y = c.h * k / 8
        c.draw.line([(0, y), (c.w, y)], fill=mix(c.p[1], c.p[2], 0.25), width=1)
    for k in range(1, 12):
        x = c.w * k / 12
        c.draw.line([(x, 0), (x, c.h)], fill=mix(c.p[1], c.p[2], 0.15), width=1)
    n, value, values = 90, 0.0, []
    for _ in range(n):
        value += drift + c.rand(-1, 1)
        values.append(value)
    lo, hi = min(values), max(values)
    pts = [
        (c.w * 0.04 + c.w * 0.92 * i / (n - 1), c.h * 0.78 - (v - lo) / (hi - lo or 1) * c.h * 0.55)
        for i, v in enumerate(values)
    ]
    for i, (x, _y) in enumerate(pts):
        bar = c.rand(0.02, 0.1) * c.h
        c.draw.rectangle(
            [x - 4, c.h - bar, x + 4, c.h], fill=mix(c.p[1], c.p[2 if i % 3 else 3], 0.4)
        )
    over, d = c.layer()
    d.polygon([*pts, (pts[-1][0], c.h * 0.85), (pts[0][0], c.h * 0.85)], fill=rgba(c.p[2], 70))
    d.line(pts, fill=rgba(c.p[3], 255), width=7, joint="curve")
    c.merge(over)
    c.glow(*pts[-1], 26, c.p[3], 255)


def towers(c: Canvas) -> None:
    c.gradient(c.p[0], c.p[1])
    x = c.rand(-60, 0)
    while x < c.w:
        bw, top = c.rand(110, 220), c.h * c.rand(0.08, 0.45)
        for i in range(int(bw)):
            c.draw.line([(x + i, top), (x + i, c.h)], fill=mix(c.p[2], c.p[4], 0.2 + 0.6 * i / bw))
        for wy in range(int(top) + 10, c.h, 22):
            c.draw.line([(x, wy), (x + bw, wy)], fill=mix(c.p[4], c.p[2], 0.4), width=1)
        over, d = c.layer()
        sx = x + c.rand(0, bw * 0.6)
        d.polygon(
            [(sx, top), (sx + 40, top), (sx + 140, c.h), (sx + 100, c.h)], fill=rgba(c.p[3], 60)
        )
        c.merge(over)
        x += bw + c.rand(10, 60)


def factory(c: Canvas) -> None:
    c.gradient(c.p[0], c.p[1])
    over, d = c.layer()
    for k in range(3):
        cx = c.w * (0.2 + 0.25 * k)
        for j in range(12):
            r = 30 + j * 9
            d.ellipse(
                [cx + j * 40 - r, c.h * 0.3 - j * 18 - r, cx + j * 40 + r, c.h * 0.3 - j * 18 + r],
                fill=rgba(c.p[3], 90 - j * 6),
            )
    c.merge(over, blur=20)
    for k in range(3):
        cx = c.w * (0.2 + 0.25 * k)
        c.draw.rectangle([cx - 22, c.h * 0.3, cx + 22, c.h * 0.7], fill=c.p[2])
        for band in range(3):
            y = c.h * 0.33 + band * 30
            c.draw.rectangle([cx - 22, y, cx + 22, y + 10], fill=mix(c.p[2], c.p[3], 0.6))
    x, base = 0.0, c.h * 0.62
    while x < c.w:
        c.draw.polygon(
            [(x, base), (x + 90, base - 60), (x + 90, base), (x + 90, c.h), (x, c.h)],
            fill=mix(c.p[4], c.p[2], 0.3),
        )
        c.draw.line([(x + 90, base - 60), (x + 90, base)], fill=mix(c.p[3], c.p[4], 0.4), width=3)
        x += 90
    c.draw.rectangle([0, c.h * 0.88, c.w, c.h], fill=c.p[4])


def containers(c: Canvas) -> None:
    c.gradient(c.p[0], c.p[1])
    colors = [
        c.p[2],
        c.p[3],
        mix(c.p[2], c.p[4], 0.4),
        mix(c.p[3], c.p[0], 0.3),
        mix(c.p[2], c.p[3], 0.5),
    ]
    base, cw, ch = c.h * 0.95, 200.0, 80.0
    for row in range(int(c.w / cw) + 1):
        for level in range(c.rng.randint(3, 7)):
            x0, y1 = row * (cw + 6), base - level * (ch + 4)
            col = c.rng.choice(colors)
            c.draw.rectangle([x0, y1 - ch, x0 + cw, y1], fill=col)
            for rx in range(int(x0) + 8, int(x0 + cw) - 4, 12):
                c.draw.line([(rx, y1 - ch + 6), (rx, y1 - 6)], fill=mix(col, c.p[4], 0.3), width=2)
    gx = c.w * c.rand(0.3, 0.6)
    for leg in (gx, gx + 420):
        c.draw.rectangle([leg, c.h * 0.12, leg + 26, c.h], fill=c.p[4])
    c.draw.rectangle([gx - 60, c.h * 0.12, gx + 500, c.h * 0.17], fill=c.p[4])


def windfarm(c: Canvas) -> None:
    c.gradient(c.p[0], c.p[1])
    for i in range(3):
        ph = c.rand(0, 6)
        line = [
            (x, c.h * (0.62 + i * 0.1) + math.sin(x / c.w * 5 + ph) * 25)
            for x in range(0, c.w + 40, 40)
        ]
        c.fill_below([(float(x), y) for x, y in line], mix(c.p[2], c.p[4], i / 3))
    for _ in range(7):
        s = c.rand(0.4, 1.0)
        x, base = c.rand(0.05, 0.95) * c.w, c.h * (0.62 + (1 - s) * -0.05)
        top = base - 380 * s
        white = mix(c.p[3], c.p[1], 0.1)
        c.draw.polygon(
            [(x - 6 * s, base), (x - 3 * s, top), (x + 3 * s, top), (x + 6 * s, base)], fill=white
        )
        angle = c.rand(0, 2 * math.pi)
        for k in range(3):
            a = angle + k * 2 * math.pi / 3
            tip = (x + math.cos(a) * 170 * s, top + math.sin(a) * 170 * s)
            side = (x + math.cos(a + 0.08) * 60 * s, top + math.sin(a + 0.08) * 60 * s)
            c.draw.polygon([(x, top), side, tip], fill=white)
        c.draw.ellipse([x - 8 * s, top - 8 * s, x + 8 * s, top + 8 * s], fill=white)


def coins(c: Canvas) -> None:
    c.gradient(c.p[0], c.p[1])
    cx, cy = c.w * 0.68, c.h * 0.42
    for k in range(8, 0, -1):
        r = k * 55
        c.draw.ellipse(
            [cx - r, cy - r, cx + r, cy + r], outline=mix(c.p[1], c.p[3], 0.3 + k / 30), width=4
        )
    for i in range(6):
        x = c.w * 0.1 + i * 120
        height = c.rng.randint(4, 16)
        for level in range(height):
            y = c.h * 0.85 - level * 16
            face = mix(c.p[2], c.p[3], (level % 3) / 4)
            c.draw.ellipse([x - 50, y - 16, x + 50, y + 16], fill=mix(face, c.p[4], 0.4))
            c.draw.ellipse([x - 50, y - 22, x + 50, y + 10], fill=face)


def stadium(c: Canvas) -> None:
    c.gradient(c.p[0], c.p[1])
    cx, cy = c.w / 2, c.h * 0.78
    for k in range(6):
        rx, ry = c.w * (0.8 - k * 0.07), c.h * (0.55 - k * 0.06)
        c.draw.ellipse([cx - rx, cy - ry, cx + rx, cy + ry], fill=mix(c.p[4], c.p[1], k / 10))
    for _ in range(2500):
        a = c.rand(math.pi, 2 * math.pi)
        f = c.rand(0.68, 0.98)
        x, y = cx + math.cos(a) * c.w * 0.8 * f, cy + math.sin(a) * c.h * 0.55 * f
        c.draw.point((x, y), fill=mix(c.p[3], c.p[2], c.rng.random()))
    pitch = [
        (cx - c.w * 0.36, c.h),
        (cx - c.w * 0.26, cy - 40),
        (cx + c.w * 0.26, cy - 40),
        (cx + c.w * 0.36, c.h),
    ]
    c.draw.polygon(pitch, fill=c.p[2])
    for k in range(8):
        t0, t1 = k / 8, (k + 0.5) / 8
        ya, yb = cy - 40 + (c.h - cy + 40) * t0, cy - 40 + (c.h - cy + 40) * t1
        c.draw.rectangle([0, ya, c.w, yb], fill=None)
        c.draw.polygon(
            [
                (cx - c.w * (0.26 + 0.1 * t0), ya),
                (cx + c.w * (0.26 + 0.1 * t0), ya),
                (cx + c.w * (0.26 + 0.1 * t1), yb),
                (cx - c.w * (0.26 + 0.1 * t1), yb),
            ],
            fill=mix(c.p[2], c.p[3], 0.12),
        )
    for x in (c.w * 0.08, c.w * 0.92):
        c.draw.line([(x, c.h * 0.1), (x, c.h * 0.6)], fill=c.p[4], width=8)
        c.glow(x, c.h * 0.1, 70, c.p[3], 255)


def track(c: Canvas) -> None:
    c.gradient(c.p[0], c.p[1], 0.0, 0.3)
    c.draw.rectangle([0, c.h * 0.3, c.w, c.h], fill=c.p[4])
    cx, cy = c.w * 0.15, c.h * 1.6
    outer = 8
    for lane in range(outer, -1, -1):
        rx, ry = c.w * (0.85 + lane * 0.06), c.h * (1.25 + lane * 0.05)
        c.draw.ellipse([cx - rx, cy - ry, cx + rx, cy + ry], fill=c.p[2] if lane else c.p[4])
        c.draw.ellipse([cx - rx, cy - ry, cx + rx, cy + ry], outline=c.p[3], width=4)
    c.draw.ellipse(
        [cx - c.w * 0.8, cy - c.h * 1.2, cx + c.w * 0.8, cy + c.h * 1.2],
        fill=mix(c.p[4], c.p[2], 0.1),
    )
    for _ in range(40):
        x, y = c.rand(0, c.w), c.rand(c.h * 0.3, c.h)
        c.draw.line([(x, y), (x + 3, y - 8)], fill=mix(c.p[4], c.p[3], 0.2), width=2)


def road(c: Canvas) -> None:
    c.gradient(c.p[0], c.p[1])
    c.glow(c.w * 0.75, c.h * 0.25, 70, c.p[3], 220)
    for i in range(3):
        ph = c.rand(0, 6)
        pts = [
            (float(x), c.h * (0.45 + 0.12 * i) + math.sin(x / c.w * 4 + ph) * 40)
            for x in range(0, c.w + 40, 40)
        ]
        c.fill_below(pts, mix(c.p[2], c.p[4], 0.2 + i * 0.25))
    left: list[Point] = []
    right: list[Point] = []
    for k in range(41):
        t = k / 40
        x = c.w * 0.55 + math.sin(t * 5.5) * c.w * 0.18 * (1 - t * 0.6)
        y = c.h - t * c.h * 0.5
        half = 160 * (1 - t) + 6
        left.append((x - half, y))
        right.append((x + half, y))
    c.draw.polygon(left + right[::-1], fill=mix(c.p[4], c.p[1], 0.15))
    for k in range(0, 40, 2):
        a, b = left[k], right[k]
        a2, b2 = left[k + 1], right[k + 1]
        c.draw.line(
            [((a[0] + b[0]) / 2, a[1]), ((a2[0] + b2[0]) / 2, a2[1])],
            fill=c.p[3],
            width=max(2, int(8 * (1 - k / 40))),
        )


def snow(c: Canvas) -> None:
    c.gradient(c.p[0], c.p[1])
    for i in range(3):
        line = c.ridge(c.h * (0.3 + i * 0.12), c.h * 0.1)
        c.fill_below(line, mix(c.p[3], c.p[2], i / 3))
    slope = [(0.0, c.h * 0.55), (c.w, c.h * 0.7)]
    c.fill_below(slope, c.p[3])
    for _ in range(18):
        x, y = c.rand(0, c.w), c.rand(c.h * 0.6, c.h)
        s = (y - c.h * 0.55) / (c.h * 0.45) + 0.3
        for k in range(3):
            w = 40 * s * (1 - k * 0.25)
            top = y - 60 * s - k * 30 * s
            c.draw.polygon([(x - w, top + 50 * s), (x, top), (x + w, top + 50 * s)], fill=c.p[4])
    for k in range(6):
        x, y = c.w * (0.3 + 0.08 * k), c.h * (0.62 + 0.05 * k)
        pole = c.p[2] if k % 2 else mix(c.p[4], c.p[0], 0.2)
        c.draw.line([(x, y), (x, y - 40 - 8 * k)], fill=pole, width=5)


def space(c: Canvas) -> None:
    c.gradient(c.p[0], c.p[1])
    for _ in range(900):
        x, y = c.rand(0, c.w), c.rand(0, c.h)
        c.draw.point((x, y), fill=mix(c.p[1], c.p[3], c.rand(0.3, 1.0)))
    cx, cy, r = c.w * 0.75, c.h * 0.35, c.h * 0.28
    for k in range(40, 0, -1):
        rr = r * k / 40
        off = (r - rr) * 0.35
        c.draw.ellipse(
            [cx - rr - off, cy - rr - off, cx + rr - off, cy + rr - off],
            fill=mix(c.p[2], c.p[3], 1 - k / 40),
        )
    c.draw.ellipse(
        [cx - r * 1.8, cy - r * 0.3, cx + r * 1.8, cy + r * 0.3],
        outline=mix(c.p[3], c.p[2], 0.5),
        width=5,
    )
    pts = [
        (c.w * 0.1 + t * c.w * 0.35, c.h - (t**1.6) * c.h * 0.8)
        for t in (i / 30 for i in range(31))
    ]
    over, d = c.layer()
    d.line(pts, fill=rgba(c.p[3], 200), width=18)
    c.merge(over, blur=10)
    c.draw.line(pts, fill=(255, 255, 255), width=3)
    c.glow(*pts[-1], 22, (255, 255, 255), 255)


def network(c: Canvas) -> None:
    c.gradient(c.p[0], c.p[1])
    nodes = [(c.rand(0, c.w), c.rand(0, c.h)) for _ in range(70)]
    over, d = c.layer()
    for x, y in nodes:
        near = sorted(nodes, key=lambda q: (q[0] - x) ** 2 + (q[1] - y) ** 2)[1:4]
        for qx, qy in near:
            d.line([(x, y), (qx, qy)], fill=rgba(c.p[2], 120), width=2)
    c.merge(over)
    for x, y in nodes:
        r = c.rand(4, 12)
        color = c.p[3] if c.rng.random() < 0.2 else c.p[2]
        if color == c.p[3]:
            c.glow(x, y, r * 3, color, 200)
        c.draw.ellipse([x - r, y - r, x + r, y + r], fill=color)


def molecules(c: Canvas) -> None:
    c.gradient(c.p[0], c.p[1])
    size = 110
    for row in range(-1, int(c.h / (size * 1.5)) + 2):
        for col in range(-1, int(c.w / (size * 1.73)) + 2):
            x = col * size * 1.73 + (row % 2) * size * 0.87
            y = row * size * 1.5
            hexagon = [
                (
                    x + size * math.cos(math.pi / 6 + k * math.pi / 3),
                    y + size * math.sin(math.pi / 6 + k * math.pi / 3),
                )
                for k in range(6)
            ]
            c.draw.polygon(hexagon, outline=mix(c.p[1], c.p[2], 0.25))
    atoms = [
        (c.rand(0.15, 0.85) * c.w, c.rand(0.15, 0.85) * c.h, c.rand(22, 48)) for _ in range(14)
    ]
    for i, (x, y, _r) in enumerate(atoms):
        for qx, qy, _qr in atoms[i + 1 : i + 3]:
            c.draw.line([(x, y), (qx, qy)], fill=mix(c.p[2], c.p[4], 0.3), width=10)
    for x, y, r in atoms:
        color = c.p[c.rng.randint(2, 3)]
        c.draw.ellipse([x - r, y - r, x + r, y + r], fill=color)
        c.draw.ellipse(
            [x - r * 0.6, y - r * 0.6, x - r * 0.1, y - r * 0.1],
            fill=mix(color, (255, 255, 255), 0.5),
        )


def cinema(c: Canvas) -> None:
    c.gradient(c.p[4], c.p[0])
    screen = [c.w * 0.22, c.h * 0.1, c.w * 0.78, c.h * 0.5]
    over, d = c.layer()
    d.polygon(
        [
            (c.w * 0.5 - 10, c.h * 0.95),
            (screen[0], screen[1]),
            (screen[2], screen[1]),
            (screen[2], screen[3]),
            (screen[0], screen[3]),
        ],
        fill=rgba(c.p[3], 50),
    )
    c.merge(over, blur=25)
    for i in range(int(screen[3] - screen[1])):
        y = screen[1] + i
        c.draw.line(
            [(screen[0], y), (screen[2], y)], fill=mix(c.p[2], c.p[3], i / (screen[3] - screen[1]))
        )
    for row in range(5):
        y = c.h * (0.62 + row * 0.08)
        x = -20.0 + (row % 2) * 30
        while x < c.w:
            c.draw.rounded_rectangle(
                [x, y, x + 54, y + 80], radius=16, fill=mix(c.p[4], c.p[1], 0.2 + row * 0.05)
            )
            x += 62


def sailing(c: Canvas) -> None:
    c.gradient(c.p[0], c.p[1], 0.0, 0.6)
    c.gradient(c.p[2], c.p[4], 0.6, 1.0)
    sun_x = c.w * c.rand(0.3, 0.7)
    c.glow(sun_x, c.h * 0.55, 90, c.p[3], 255)
    for k in range(40):
        y = c.h * 0.62 + k * 9
        half = 120 - k * 2
        c.draw.line(
            [(sun_x - half + c.rand(-20, 20), y), (sun_x + half + c.rand(-20, 20), y)],
            fill=mix(c.p[3], c.p[2], k / 40),
            width=3,
        )
    for _ in range(5):
        s = c.rand(0.4, 1.1)
        x, y = c.rand(0.05, 0.9) * c.w, c.h * 0.6 + 60 * s
        hull = mix(c.p[4], c.p[0], 0.1)
        c.draw.polygon(
            [(x - 80 * s, y), (x + 90 * s, y), (x + 60 * s, y + 22 * s), (x - 60 * s, y + 22 * s)],
            fill=hull,
        )
        c.draw.polygon(
            [(x, y - 6), (x, y - 260 * s), (x + 110 * s, y - 6)],
            fill=mix(c.p[3], (255, 255, 255), 0.6),
        )
        c.draw.polygon(
            [(x - 6, y - 6), (x - 6, y - 200 * s), (x - 80 * s, y - 6)],
            fill=mix(c.p[3], c.p[1], 0.3),
        )


def solar(c: Canvas) -> None:
    c.gradient(c.p[0], c.p[1], 0.0, 0.4)
    c.gradient(c.p[2], mix(c.p[2], c.p[4], 0.5), 0.4, 1.0)
    for row in range(7):
        t0 = (row + 1) / 8
        y = c.h * 0.4 + c.h * 0.6 * t0 * t0
        depth = 18 + 60 * t0 * t0
        x = -50.0
        width = 90 + 260 * t0 * t0
        while x < c.w:
            panel = [
                (x, y),
                (x + width, y),
                (x + width + depth * 0.6, y + depth),
                (x + depth * 0.6, y + depth),
            ]
            c.draw.polygon(panel, fill=mix(c.p[4], c.p[0], 0.35), outline=mix(c.p[3], c.p[0], 0.3))
            for k in range(1, 4):
                xx = x + width * k / 4
                c.draw.line(
                    [(xx, y), (xx + depth * 0.6, y + depth)], fill=mix(c.p[3], c.p[4], 0.5), width=1
                )
            x += width + 20


def summit(c: Canvas) -> None:
    c.gradient(c.p[0], c.p[1], 0.0, 0.7)
    c.gradient(mix(c.p[4], c.p[1], 0.3), c.p[4], 0.7, 1.0)
    bands = [c.p[2], c.p[3], mix(c.p[2], c.p[4], 0.5), (240, 240, 236), mix(c.p[3], c.p[4], 0.4)]
    for k in range(7):
        x = c.w * (0.1 + k * 0.13)
        c.draw.line([(x, c.h * 0.12), (x, c.h * 0.62)], fill=mix(c.p[3], c.p[4], 0.6), width=6)
        ground, wedge, disc = c.rng.sample(bands, 3)
        top, bottom = c.h * 0.14, c.h * 0.26
        c.draw.polygon(
            [(x + 4, top), (x + 120, top + 10), (x + 120, bottom + 10), (x + 4, bottom)],
            fill=ground,
        )
        c.draw.polygon([(x + 4, top), (x + 60, top + 5), (x + 4, bottom)], fill=wedge)
        cy = (top + bottom) / 2 + 6
        c.draw.ellipse([x + 70, cy - 14, x + 98, cy + 14], fill=disc)
    c.draw.polygon(
        [
            (c.w * 0.05, c.h * 0.95),
            (c.w * 0.2, c.h * 0.7),
            (c.w * 0.8, c.h * 0.7),
            (c.w * 0.95, c.h * 0.95),
        ],
        fill=mix(c.p[2], c.p[4], 0.6),
    )
    for k in range(9):
        x = c.w * (0.22 + k * 0.07)
        c.draw.line([(x, c.h * 0.72), (x + 10, c.h * 0.64)], fill=c.p[4], width=3)


def ship(c: Canvas) -> None:
    c.gradient(c.p[0], c.p[1], 0.0, 0.62)
    c.gradient(c.p[2], c.p[4], 0.62, 1.0)
    x0, x1, deck = c.w * 0.12, c.w * 0.88, c.h * 0.55
    c.draw.polygon(
        [(x0, deck), (x1 + 60, deck), (x1, c.h * 0.7), (x0 + 30, c.h * 0.7)],
        fill=mix(c.p[4], c.p[1], 0.1),
    )
    c.draw.rectangle([x0 + 30, c.h * 0.66, x1, c.h * 0.7], fill=c.p[3])
    x = x0 + 200
    while x < x1 - 40:
        for level in range(c.rng.randint(2, 5)):
            col = mix(c.p[c.rng.randint(2, 3)], c.p[0], c.rand(0, 0.5))
            c.draw.rectangle(
                [x, deck - (level + 1) * 30, x + 56, deck - level * 30], fill=col, outline=c.p[4]
            )
        x += 58
    c.draw.rectangle([x0 + 40, deck - 170, x0 + 160, deck], fill=(235, 235, 230))
    for _ in range(60):
        y = c.rand(c.h * 0.72, c.h)
        c.draw.line(
            [(x1 + c.rand(-50, 200), y), (x1 + c.rand(200, 500), y)],
            fill=mix(c.p[2], (255, 255, 255), 0.35),
            width=2,
        )


def village(c: Canvas) -> None:
    c.gradient(c.p[0], c.p[1])
    c.glow(c.w * 0.3, c.h * 0.22, c.h * 0.07, c.p[3], 220)
    c.fill_below(c.ridge(c.h * 0.42, c.h * 0.08), mix(c.p[2], c.p[1], 0.4))
    hill = [
        (float(x), c.h * 0.62 - math.sin(x / c.w * math.pi) * c.h * 0.12)
        for x in range(0, c.w + 20, 20)
    ]
    c.fill_below(hill, c.p[2])
    for _ in range(14):
        x = c.rand(0.15, 0.85) * c.w
        y = c.h * 0.62 - math.sin(x / c.w * math.pi) * c.h * 0.12 + c.rand(10, 120)
        w, h = c.rand(40, 80), c.rand(30, 60)
        c.draw.rectangle([x, y - h, x + w, y], fill=mix(c.p[3], c.p[1], 0.25))
        c.draw.polygon([(x - 8, y - h), (x + w / 2, y - h - 30), (x + w + 8, y - h)], fill=c.p[4])
    tx = c.w * 0.5
    top = c.h * 0.5 - c.h * 0.2
    c.draw.rectangle([tx - 25, top, tx + 25, c.h * 0.55], fill=mix(c.p[3], c.p[1], 0.15))
    c.draw.polygon([(tx - 35, top), (tx, top - 70), (tx + 35, top)], fill=c.p[4])
    for _ in range(25):
        x, y = c.rand(0, c.w), c.rand(c.h * 0.75, c.h)
        r = c.rand(12, 30)
        c.draw.ellipse([x - r, y - r, x + r, y + r], fill=mix(c.p[2], c.p[4], 0.5))


# --- the catalogue ------------------------------------------------------------------------

Theme = Callable[[Canvas], None]


@dataclass(frozen=True)
class Spec:
    """One picture to draw: file stem, theme, size, seed and five-colour palette."""

    name: str
    theme: Theme
    size: tuple[int, int]
    seed: int
    palette: tuple[str, str, str, str, str]


WIDE = (1600, 900)
CLASSIC = (1200, 800)
PORTRAIT = (900, 1200)

PICTURES: tuple[Spec, ...] = (
    Spec(
        "hex-parlement-01",
        parliament,
        WIDE,
        101,
        ("#9fb8d3", "#e8dccb", "#d9cfbd", "#f6efe2", "#4a4e5a"),
    ),
    Spec(
        "hex-toits-02", skyline, WIDE, 102, ("#2f3d66", "#e9a27c", "#6b5b73", "#ffd89a", "#1d2235")
    ),
    Spec(
        "hex-port-03", harbour, WIDE, 103, ("#8db4d9", "#f2e2c4", "#2d6a8a", "#d9583b", "#16334a")
    ),
    Spec(
        "hex-collines-04",
        mountains,
        WIDE,
        104,
        ("#f2c879", "#f5e6c8", "#c98d4d", "#fff1c2", "#5a3a22"),
    ),
    Spec(
        "hex-carte-05", worldmap, WIDE, 105, ("#0f1e33", "#1c3354", "#4f8cc9", "#f2b544", "#0a1220")
    ),
    Spec(
        "hex-tempete-06", storm, WIDE, 106, ("#3b4450", "#6f7a86", "#a7b2bd", "#dfe8f2", "#171b21")
    ),
    Spec("hex-scene-07", stage, WIDE, 107, ("#3a0f1f", "#6e1a2d", "#8fb3ff", "#ffe0a3", "#0b0508")),
    Spec(
        "hex-galerie-08",
        gallery,
        PORTRAIT,
        108,
        ("#efe9df", "#d8cfc1", "#2e5c8a", "#e0a040", "#3c2f2a"),
    ),
    Spec(
        "hex-rails-09",
        railway,
        CLASSIC,
        109,
        ("#a9c6e0", "#f1e7d6", "#8b7d6b", "#c9ccd1", "#3d3a36"),
    ),
    Spec(
        "hex-cortege-10", crowd, WIDE, 110, ("#b9c9d8", "#e6e1d8", "#c0392b", "#f1c40f", "#2c3e50")
    ),
    Spec(
        "hex-village-11",
        village,
        WIDE,
        111,
        ("#bcd4e6", "#f3e9d2", "#7fa36b", "#f0e4cf", "#5b3b2e"),
    ),
    Spec(
        "hex-volcan-12", volcano, WIDE, 112, ("#1b1b24", "#5a3b3b", "#ff7a1a", "#ffb347", "#141014")
    ),
    Spec(
        "cbms-hausse-13",
        lambda c: chart(c, 0.35),
        WIDE,
        113,
        ("#0d2b2a", "#123d3a", "#2fbf8f", "#b8ffdf", "#06100f"),
    ),
    Spec(
        "cbms-baisse-14",
        lambda c: chart(c, -0.3),
        WIDE,
        114,
        ("#2b0f14", "#3d1219", "#d9485f", "#ffc2cc", "#100507"),
    ),
    Spec(
        "cbms-tours-15", towers, WIDE, 115, ("#7fa7cf", "#e3ecf4", "#5d7fa3", "#ffffff", "#1f2e40")
    ),
    Spec(
        "cbms-usine-16", factory, WIDE, 116, ("#c5cdd6", "#efe6da", "#8a4b3a", "#f7f3ee", "#37332f")
    ),
    Spec(
        "cbms-conteneurs-17",
        containers,
        WIDE,
        117,
        ("#9cc3e0", "#eef3f7", "#1f6fa8", "#e6702e", "#22313f"),
    ),
    Spec(
        "cbms-eoliennes-18",
        windfarm,
        WIDE,
        118,
        ("#6fa8dc", "#dceefa", "#7bb662", "#ffffff", "#2f5d3a"),
    ),
    Spec(
        "cbms-pieces-19",
        coins,
        CLASSIC,
        119,
        ("#1e2a38", "#33475e", "#c9a54a", "#f3dc8a", "#0f151c"),
    ),
    Spec(
        "ldp-stade-20", stadium, WIDE, 120, ("#0b1633", "#1f2f5c", "#2e8b3e", "#fff6d5", "#070b18")
    ),
    Spec("ldp-piste-21", track, WIDE, 121, ("#87b5e0", "#dcebf7", "#c4553a", "#ffffff", "#3f7d3c")),
    Spec("ldp-route-22", road, WIDE, 122, ("#f4b26a", "#fbe3c0", "#6f9a4f", "#fff4d6", "#2f3b2a")),
    Spec(
        "ldp-neige-23", snow, PORTRAIT, 123, ("#4f86c6", "#d6e6f5", "#d93a3a", "#f7fbff", "#234031")
    ),
    Spec("ldp-fusee-24", space, WIDE, 124, ("#05070f", "#141a33", "#5b3fa3", "#ffb36b", "#000000")),
    Spec(
        "ldp-reseau-25", network, WIDE, 125, ("#0a1a24", "#0f2d3d", "#3fb6d9", "#ffd166", "#03090d")
    ),
    Spec(
        "ldp-molecules-26",
        molecules,
        WIDE,
        126,
        ("#eaf2f0", "#cfe3df", "#2a9d8f", "#e76f51", "#264653"),
    ),
    Spec(
        "ldp-cinema-27", cinema, WIDE, 127, ("#1a1030", "#2a1a45", "#6ec3ff", "#fff0c9", "#07040d")
    ),
    Spec(
        "ldp-voiles-28", sailing, WIDE, 128, ("#ff9a62", "#ffd9a8", "#2c5f8a", "#ffe9b0", "#0f2a40")
    ),
    Spec(
        "nwr-skyline-29",
        skyline,
        WIDE,
        129,
        ("#0c1530", "#3b3f73", "#4a4f80", "#ffe08a", "#05080f"),
    ),
    Spec(
        "nwr-markets-30",
        lambda c: chart(c, 0.2),
        WIDE,
        130,
        ("#101c30", "#1a2c4a", "#4c8fff", "#9fe1ff", "#060b14"),
    ),
    Spec("nwr-ship-31", ship, WIDE, 131, ("#9ec9e8", "#f4efe4", "#2b6f95", "#c0392b", "#1b2630")),
    Spec(
        "nwr-summit-32",
        summit,
        CLASSIC,
        132,
        ("#d9d2c5", "#ece7de", "#2a7f6f", "#d46a1f", "#3a2e28"),
    ),
    Spec("nwr-solar-33", solar, WIDE, 133, ("#79b4e6", "#e8f3fb", "#c2b280", "#9fd3ff", "#1a2a44")),
    Spec(
        "nwr-hills-34",
        village,
        PORTRAIT,
        134,
        ("#e7b98a", "#f7e4c8", "#a8935a", "#efe0c4", "#4d3526"),
    ),
)


def main() -> int:
    """Draw every picture in `PICTURES` into `OUT_DIR`; return the process exit code."""
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    total = 0
    for spec in PICTURES:
        canvas = Canvas(spec.size, spec.palette, spec.seed)
        spec.theme(canvas)
        size = canvas.save(OUT_DIR / f"{spec.name}.jpg")
        total += size
        sys.stdout.write(f"{spec.name}.jpg  {spec.size[0]}x{spec.size[1]}  {size:>7} bytes\n")
    sys.stdout.write(f"{len(PICTURES)} pictures, {total} bytes in {OUT_DIR}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
