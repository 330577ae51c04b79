"""The memo's charts as PNG images for the Word file, drawn with Pillow and the packaged font
(no network): the verdicts chart (memo_view.chart geometry) and the timeline chart
(riskkit.render.timeline.chart_geometry primitives, the same ones the PDF's SVG is built from).
Deterministic: the same geometry gives the same bytes.
"""

from __future__ import annotations

import io


def _fonts(scale: int, sizes=(7, 8, 9)):
    from PIL import ImageFont

    from riskkit.resources import bundled_templates_dir

    path = str(bundled_templates_dir() / "fonts" / "DejaVuSansCondensed.ttf")
    return {size: ImageFont.truetype(path, size * scale) for size in sizes}


def _rgb(hex_colour: str, alpha: float = 1.0) -> tuple:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return tuple(int(255 - (255 - x) * alpha) for x in (r, g, b))


def _png(img) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=False)
    return buf.getvalue()


def chart_png(c: dict, scale: int = 3) -> bytes:
    """The verdicts chart (memo_view.chart geometry) as a PNG: the bar is the most likely reading,
    the line its range, the label the verdict words."""
    from PIL import Image, ImageDraw

    fonts = _fonts(scale)
    font, small = fonts[9], fonts[8]
    w, h = int(c["total_width"] * scale), int(c["height"] * scale)
    img = Image.new("RGB", (w, h), "white")
    d = ImageDraw.Draw(img)

    def s(v):
        return int(round(v * scale))

    for k in c["key"]:
        d.rectangle([s(k["x"]), s(3), s(k["x"] + 10), s(11)], fill=_rgb(k["colour"]))
        d.text((s(k["x"] + 14), s(7)), k["word"], fill=(68, 68, 68), font=small, anchor="lm")
    for t in c["ticks"]:
        d.line([(s(t["x"]), s(15)), (s(t["x"]), s(c["axis_y"] - 6))], fill=(213, 213, 213), width=max(1, scale // 2))
        d.text((s(t["x"]), s(c["axis_y"])), str(t["label"]), fill=(85, 85, 85), font=small, anchor="mm")
    colours = c["colours"]
    for r in c["rows"]:
        y = r["y"]
        for line in r["lines"]:
            d.text((s(c["left"] - 8), s(y + 11 + line["dy"])), line["text"], fill=(34, 34, 34), font=font, anchor="rm")
        if not r["applicable"]:
            d.text((s(c["left"] + 4), s(y + 12)), "not in play", fill=(136, 136, 136), font=font, anchor="lm")
            continue
        for z in r["zones"]:
            d.rectangle([s(z["x"]), s(y + 2), s(z["x"] + z["w"]), s(y + 22)], fill=_rgb(colours[z["band"]], 0.13))
        if r["bar_w"] > 0:
            d.rectangle([s(c["left"]), s(y + 6), s(c["left"] + r["bar_w"]), s(y + 18)], fill=_rgb(colours[r["band"]]))
        if r["is_range"]:
            col = _rgb(c["range_colour"])
            width = 2 * scale // 2 + 1
            d.line([(s(r["whisker_x1"]), s(y + 12)), (s(r["whisker_x2"]), s(y + 12))], fill=col, width=width)
            d.line([(s(r["whisker_x1"]), s(y + 8)), (s(r["whisker_x1"]), s(y + 16))], fill=col, width=width)
            d.line([(s(r["whisker_x2"]), s(y + 6)), (s(r["whisker_x2"]), s(y + 18))], fill=col, width=width)
        d.text((s(c["left"] + c["width"] + 8), s(y + 12)), r["label"], fill=(34, 34, 34), font=font, anchor="lm")
    return _png(img)


def geometry_png(g: dict, scale: int = 3) -> bytes:
    """A riskkit.render.timeline.chart_geometry() drawing as a PNG (dashes drawn as segments)."""
    from PIL import Image, ImageDraw

    fonts = _fonts(scale)
    img = Image.new("RGB", (int(g["width"] * scale), int(g["height"] * scale)), "white")
    d = ImageDraw.Draw(img)

    def s(v):
        return int(round(v * scale))

    anchors = {"start": "ls", "end": "rs", "middle": "ms"}
    for it in g["items"]:
        kind = it[0]
        if kind == "rect":
            _, x, y, rw, rh, fill, op = it
            d.rectangle([s(x), s(y), s(x + rw), s(y + rh)], fill=_rgb(fill, op))
        elif kind in ("line", "polyline"):
            if kind == "line":
                _, x1, y1, x2, y2, stroke, sw, dash = it
                pts = [[x1, y1], [x2, y2]]
            else:
                _, pts, stroke, sw, dash = it
            pts = [(s(x), s(y)) for x, y in pts]
            width = max(1, s(sw))
            if not dash:
                d.line(pts, fill=_rgb(stroke), width=width, joint="curve")
                continue
            for (x1, y1), (x2, y2) in zip(pts, pts[1:], strict=False):
                length = max(1.0, ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5)
                on, off, pos = s(4), s(3), 0.0
                while pos < length:
                    end = min(pos + on, length)
                    a, b = pos / length, end / length
                    seg = [(x1 + (x2 - x1) * a, y1 + (y2 - y1) * a), (x1 + (x2 - x1) * b, y1 + (y2 - y1) * b)]
                    d.line(seg, fill=_rgb(stroke), width=width)
                    pos = end + off
        elif kind == "circle":
            _, cx, cy, r, fill = it
            d.ellipse([s(cx - r), s(cy - r), s(cx + r), s(cy + r)], fill=_rgb(fill))
        else:
            _, x, y, text, anchor, size, fill = it
            font = fonts.get(size) or fonts[8]
            d.text((s(x), s(y)), text, fill=_rgb(fill), font=font, anchor=anchors.get(anchor, "ls"))
    return _png(img)
