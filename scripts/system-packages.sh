#!/usr/bin/env bash
# Installs the Debian packages Aqiqat needs, only those missing. Usage: system-packages.sh base|test
set -euo pipefail

want=()
case "${1:-base}" in
  base) ;;
  test) want+=(chromium fonts-dejavu-core postgresql-client) ;;
  *) echo "usage: $0 base|test" >&2; exit 2 ;;
esac
if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
  want+=(python3-venv)
fi

missing=()
for pkg in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing Debian packages: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "error: need root or sudo to install ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
