#!/usr/bin/env bash
# Renders the HTML preview in headless Chromium and writes screenshots to look at, as a person
# would see the page:
#
#   dist/preview/demo-nl.html, demo-nl.png    the bundled demo data, 2024-Q1, in Dutch (the
#                                             first 2000 pixels: summary and the first group)
#   dist/preview/demo-nl-full.png             the whole Dutch demo page (every group's details,
#                                             also those below a threshold)
#   dist/preview/demo-en.html, demo-en.png    the same in English
#   dist/preview/large-nl.html, large-nl.png  one provider with 300 groups: the summary table
#
# (Chromium's --screenshot ignores a #fragment, so the details of the large page are not shot;
# they are drawn by the same code as the demo's.)
#
# Needs Debian's `chromium` (apt-get install -y chromium). Chromium gets no network: the page
# is a local file and must not load anything. Usage: bash scripts/preview-screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."

out=dist/preview
mkdir -p "$out"
cargo build --quiet --bin spiegel
spiegel=target/debug/spiegel
browser=$(command -v chromium || command -v chromium-browser || true)
if [[ -z "$browser" ]]; then
  echo "chromium is not installed: apt-get install -y chromium" >&2
  exit 2
fi

# The demo data (two providers, five groups).
"$spiegel" demo --quiet --out "$out/demo" --quarter 2024-Q1 --created 2024-04-03T10:00:00
for lang in nl en; do
  "$spiegel" preview --input "$out/demo/demo-input.json" --quarter 2024-Q1 \
    --format html --lang "$lang" --out "$out/demo-$lang.html"
done

# A large provider: the synthetic workload, its trajectories spread over 300 groep_codes of
# uneven size (low team numbers are large, high ones small, so some fall below a threshold).
"$spiegel" workload --quiet --trajectories 3000 --quarter 2024-Q1 --out "$out/large.jsonl.tmp"
awk '{
  n = (NR * 7919) % 1000;
  team = int(300 * (n / 1000) ^ 1.6);
  sub(/"groep_code":"[^"]*"/, sprintf("\"groep_code\":\"Team %03d\"", team));
  print
}' "$out/large.jsonl.tmp" > "$out/large.jsonl"
rm -f "$out/large.jsonl.tmp"
"$spiegel" preview --input "$out/large.jsonl" --quarter 2024-Q1 --format html --lang nl \
  --out "$out/large-nl.html"

shoot() { # shoot PAGE PNG HEIGHT
  local profile
  profile=$(mktemp -d)
  "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --hide-scrollbars --window-size="1280,$3" \
    --screenshot="$2" "file://$PWD/$1" >/dev/null 2>&1
  rm -rf "$profile"
}
shoot "$out/demo-nl.html" "$out/demo-nl.png" 2000
shoot "$out/demo-nl.html" "$out/demo-nl-full.png" 7000
shoot "$out/demo-en.html" "$out/demo-en.png" 2000
shoot "$out/large-nl.html" "$out/large-nl.png" 2000
ls -l "$out"/*.png
