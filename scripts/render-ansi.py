#!/usr/bin/env python3
"""Render a tmux capture (`capture-pane -p -e -N`) to a PNG, cell by cell.

Usage: render-ansi.py CAPTURE.ans COLUMNS ROWS OUT.png [TITLE]

pyte interprets the escape sequences into a grid; Pillow draws each cell. Box-drawing characters
(U+2500-257F) and the half blocks of a QR code (▀ ▄ █) are drawn as rectangles so lines join
without gaps (and the code scans); wide characters take two cells.
"""
import os
import sys
import unicodedata

import pyte
from PIL import Image, ImageDraw, ImageFont

FONT_DIR = "/usr/share/fonts/truetype/dejavu/"
WIDE_FONT = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"
SIZE = 16
PALETTE = {  # xterm-like 16 colours, tuned for a dark background
    "black": "#1d1f21", "red": "#cc6666", "green": "#8fb573", "brown": "#e0b45a", "yellow": "#e0b45a",
    "blue": "#6f9fd8", "magenta": "#b294bb", "cyan": "#6fc2c2", "white": "#c5c8c6",
    "brightblack": "#666a70", "brightred": "#ff7b7b", "brightgreen": "#b5e08a", "brightyellow": "#ffe07a",
    "brightbrown": "#ffe07a", "brightblue": "#8fbcff", "brightmagenta": "#d7a8ff", "bfightmagenta": "#d7a8ff",
    "brightcyan": "#8ae6e6", "brightwhite": "#ffffff",
}
FG, BG = "#d8dadc", "#16181b"


def colour(name, default):
    if name == "default":
        return default
    if name in PALETTE:
        return PALETTE[name]
    if len(name) == 6:
        return "#" + name
    return default


# Block elements drawn as rectangles, not font glyphs (which leave gaps): (upper half, lower half).
HALF_BLOCKS = {"▀": (True, False), "▄": (False, True), "█": (True, True)}


def box_segments(ch):
    """(up, down, left, right) weights for light/heavy/double box characters, or None."""
    name = unicodedata.name(ch, "")
    if not name.startswith("BOX DRAWINGS"):
        return None
    parts = {"up": 0, "down": 0, "left": 0, "right": 0}
    words = name.replace("BOX DRAWINGS ", "").split()
    weight = 1
    for w in words:
        if w in ("LIGHT", "HEAVY", "DOUBLE"):
            weight = {"LIGHT": 1, "HEAVY": 2, "DOUBLE": 2}[w]
        elif w in ("UP", "DOWN", "LEFT", "RIGHT"):
            parts[w.lower()] = weight
        elif w == "HORIZONTAL":
            parts["left"] = parts["right"] = weight
        elif w == "VERTICAL":
            parts["up"] = parts["down"] = weight
    return parts


def main():
    capture, cols, rows, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    title = sys.argv[5] if len(sys.argv) > 5 else ""
    screen = pyte.Screen(cols, rows)
    stream = pyte.ByteStream(screen)
    # One line per row; a newline after the last row would scroll the first one away.
    data = open(capture, "rb").read().rstrip(b"\n").replace(b"\n", b"\r\n")
    stream.feed(data)

    regular = ImageFont.truetype(FONT_DIR + "DejaVuSansMono.ttf", SIZE)
    bold = ImageFont.truetype(FONT_DIR + "DejaVuSansMono-Bold.ttf", SIZE)
    wide_font = ImageFont.truetype(WIDE_FONT, SIZE) if os.path.exists(WIDE_FONT) else regular
    cw = round(regular.getlength("M"))
    ch = SIZE + 4
    pad, bar = 14, 30
    img = Image.new("RGB", (cols * cw + 2 * pad, rows * ch + 2 * pad + bar), BG)
    draw = ImageDraw.Draw(img)
    draw.rectangle([0, 0, img.width, bar], fill="#2a2d31")
    for i, dot in enumerate(["#ff5f57", "#febc2e", "#28c840"]):
        draw.ellipse([12 + i * 20, 9, 24 + i * 20, 21], fill=dot)
    if title:
        draw.text((img.width // 2, bar // 2), title, font=regular, fill="#aab0b6", anchor="mm")

    for glyphs in (False, True):
        draw_cells(draw, screen, cols, rows, cw, ch, pad, bar, glyphs, regular, bold, wide_font)
    img.save(out)


def draw_cells(draw, screen, cols, rows, cw, ch, pad, bar, glyphs, regular, bold, wide_font):
    """One pass over the grid: backgrounds when `glyphs` is false, then text and lines."""
    for y in range(rows):
        line = screen.buffer[y]
        x = 0
        while x < cols:
            cell = line[x]
            fg, bg = colour(cell.fg, FG), colour(cell.bg, BG)
            if cell.reverse:
                fg, bg = bg, fg
            wide = cell.data and unicodedata.east_asian_width(cell.data[0]) in ("W", "F")
            span = 2 if wide else 1
            left, top = pad + x * cw, pad + bar + y * ch
            if not glyphs:
                draw.rectangle([left, top, left + span * cw - 1, top + ch - 1], fill=bg)
                x += span
                continue
            text = cell.data or " "
            seg = box_segments(text[0]) if text.strip() else None
            half = HALF_BLOCKS.get(text[0])
            if half is not None:  # a QR code's modules: exact halves of the cell, as terminals draw them
                upper, lower = half
                if upper:
                    draw.rectangle([left, top, left + cw - 1, top + ch // 2 - 1], fill=fg)
                if lower:
                    draw.rectangle([left, top + ch // 2, left + cw - 1, top + ch - 1], fill=fg)
            elif seg is not None:
                cx, cy = left + cw // 2, top + ch // 2
                for direction, weight in seg.items():
                    if not weight:
                        continue
                    t = 1 if weight == 1 else 2
                    if direction == "up":
                        draw.rectangle([cx - t // 2, top, cx + (t - 1) // 2 + 0, cy], fill=fg)
                    elif direction == "down":
                        draw.rectangle([cx - t // 2, cy, cx + (t - 1) // 2, top + ch - 1], fill=fg)
                    elif direction == "left":
                        draw.rectangle([left, cy - t // 2, cx, cy + (t - 1) // 2], fill=fg)
                    else:
                        draw.rectangle([cx, cy - t // 2, left + cw - 1, cy + (t - 1) // 2], fill=fg)
            elif text.strip():
                font = wide_font if wide else bold if cell.bold else regular
                draw.text((left, top + 2), text, font=font, fill=fg)
            if cell.underscore and seg is None:  # spaces too, so an underlined "Live data" has no gap
                draw.line([left, top + ch - 3, left + span * cw - 1, top + ch - 3], fill=fg)
            x += span


if __name__ == "__main__":
    main()
