#!/usr/bin/env python3
"""Cut the contract font from Noto Sans CJK SC Regular.

Usage (from this directory, after extracting Debian's fonts-noto-cjk):

    python3 make-subset.py /path/to/NotoSansCJK-Regular.ttc

Writes NotoSansCJKsc-Regular-subset.otf next to this script. Needs
fonttools (`pip install fonttools`). The character set is every GB 2312
character, CJK and full-width punctuation, Latin-1, general punctuation,
a few symbols, and every non-ASCII character in the crate's sources, so a
template edited later keeps its glyphs (run the script again after adding
a character outside GB 2312; the contracts tests refuse a missing glyph).
"""

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

HERE = Path(__file__).resolve().parent
OUT = HERE / "NotoSansCJKsc-Regular-subset.otf"
# The faces of NotoSansCJK-Regular.ttc are jp, kr, sc, tc, hk, then the
# mono ones; the script checks the name rather than trusting the order.
FACE = "NotoSansCJKsc-Regular"


def gb2312():
    chars = set()
    for row in range(0xA1, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                chars.update(bytes([row, cell]).decode("gb2312"))
            except UnicodeDecodeError:
                pass  # unassigned code
    return chars


def in_sources():
    chars = set()
    for path in sorted((HERE.parent / "src").glob("*.rs")):
        chars.update(c for c in path.read_text(encoding="utf-8") if ord(c) > 0x7E)
    return chars


def wanted():
    chars = gb2312() | in_sources()
    for lo, hi in [
        (0x0020, 0x007E),  # ASCII
        (0x00A0, 0x00FF),  # Latin-1 (¥ ×)
        (0x2000, 0x206F),  # general punctuation
        (0x3000, 0x303F),  # CJK symbols and punctuation
        (0xFF00, 0xFFEF),  # full-width forms
    ]:
        chars.update(chr(c) for c in range(lo, hi + 1))
    chars.update("✓✗")
    return {ord(c) for c in chars if c not in "\n\r\t"}


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    collection = TTCollection(sys.argv[1])
    names = [f["name"].getDebugName(6) for f in collection.fonts]
    index = names.index(FACE)
    font = collection.fonts[index]
    cmap = font.getBestCmap()
    codepoints = sorted(c for c in wanted() if c in cmap)
    absent = sorted(c for c in wanted() if c not in cmap)

    options = subset.Options()
    options.layout_features = []  # the PDF writer does no shaping
    options.hinting = False
    options.desubroutinize = False  # subroutines keep the CFF small
    options.name_IDs = ["*"]  # keep copyright, licence and URLs
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    options.drop_tables += ["BASE", "GDEF", "GPOS", "GSUB", "VORG", "vhea", "vmtx"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(font)
    # Keep upstream's head timestamps so the output is the same on every run.
    font.recalcTimestamp = False
    font.save(OUT)

    print(f"face {index} ({FACE}): {len(codepoints)} characters, "
          f"{font['maxp'].numGlyphs} glyphs, {OUT.stat().st_size} bytes -> {OUT.name}")
    if absent:
        # Mostly spaces, controls and unassigned code points of the ranges.
        print(f"{len(absent)} requested characters are not in the font:",
              " ".join(f"U+{c:04X}" for c in absent))


if __name__ == "__main__":
    main()
