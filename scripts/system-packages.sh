#!/usr/bin/env bash
# Installs the Debian packages Aqiqat needs, only those missing. Usage: system-packages.sh base|test
set -euo pipefail

want=()
# WeasyPrint (PDF reports) needs pango and HarfBuzz's subsetter, and a font with Cyrillic.
for pkg in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || want+=("$pkg")
done
case "${1:-base}" in
  base) ;;
  # Chromium drives the browser tests; Java runs the Spark linkage backend's test.
  test)
    command -v chromium >/dev/null || want+=(chromium)
    command -v java >/dev/null || want+=(default-jre-headless)
    command -v pg_isready >/dev/null || want+=(postgresql-client)
    dpkg-query -W -f='${Status}' fonts-dejavu-core 2>/dev/null | grep -q "install ok installed" \
      || want+=(fonts-dejavu-core)
    ;;
  *) echo "usage: $0 base|test" >&2; exit 2 ;;
esac
if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
  want+=(python3-venv)
fi
[ ${#want[@]} -eq 0 ] && exit 0

echo "Installing Debian packages: ${want[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "error: need root or sudo to install ${want[*]}" >&2; exit 1; }
  sudo="sudo"
fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${want[@]}"
