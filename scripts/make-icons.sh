#!/usr/bin/env bash
# Regenerates the PWA icons in static/ from the SVG sources in scripts/icons/.
#
#   scripts/icons/motif.svg    -> static/icons/icon-192.png, icon-512.png (purpose "any")
#   scripts/icons/maskable.svg -> static/icons/maskable-512.png, apple-touch-icon.png (180x180)
#   scripts/icons/favicon.svg  -> static/favicon.svg (copied as is)
#
# ImageMagick is not usable here, so the SVGs are rendered with headless Chromium:
# a throw-away HTML page shows the SVG at exactly the window size and Chromium takes
# a screenshot with a transparent default background.
#
# Usage: scripts/make-icons.sh            (CHROMIUM=/path/to/chrome to override)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SRC="$ROOT/scripts/icons"
OUT="$ROOT/static/icons"
CHROMIUM="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}"

if [[ -z "$CHROMIUM" ]]; then
	echo "make-icons: chromium not found (set CHROMIUM=...)" >&2
	exit 1
fi

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT"

# render <source.svg> <size> <output.png>
render() {
	local svg="$1" size="$2" out="$3"
	# Headless Chromium 156 leaves the lower part of the page blank in screenshots of
	# windows smaller than about 150 px, so small sizes are not supported here.
	if ((size < 160)); then
		echo "make-icons: size $size too small for a reliable headless screenshot" >&2
		exit 1
	fi
	local page="$WORK/page-$size-$(basename "$svg" .svg).html"
	cp "$svg" "$WORK/$(basename "$svg")"
	cat >"$page" <<EOF
<!doctype html>
<html><head><meta charset="utf-8"><style>
html, body { margin: 0; padding: 0; background: transparent; overflow: hidden; }
img { display: block; width: ${size}px; height: ${size}px; }
</style></head>
<body><img src="$(basename "$svg")" width="$size" height="$size" alt=""></body></html>
EOF
	rm -f "$out"
	"$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-background-networking \
		--disable-component-update --disable-sync --no-first-run --hide-scrollbars \
		--force-device-scale-factor=1 --default-background-color=00000000 \
		--user-data-dir="$WORK/profile" \
		--window-size="$size,$size" --screenshot="$out" "file://$page" >/dev/null 2>&1 || true
	if [[ ! -s "$out" ]]; then
		echo "make-icons: chromium did not write $out" >&2
		exit 1
	fi
	# Check the real pixel size from the PNG IHDR chunk.
	local dims
	dims="$(od -An -tu1 -j16 -N8 "$out" | awk '{ printf "%dx%d", $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8 }')"
	if [[ "$dims" != "${size}x${size}" ]]; then
		echo "make-icons: $out is $dims, expected ${size}x${size}" >&2
		exit 1
	fi
	echo "wrote $out ($dims)"
}

render "$SRC/motif.svg" 192 "$OUT/icon-192.png"
render "$SRC/motif.svg" 512 "$OUT/icon-512.png"
render "$SRC/maskable.svg" 512 "$OUT/maskable-512.png"
render "$SRC/maskable.svg" 180 "$OUT/apple-touch-icon.png"
cp "$SRC/favicon.svg" "$ROOT/static/favicon.svg"
echo "wrote $ROOT/static/favicon.svg"
