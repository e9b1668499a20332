#!/usr/bin/env bash
# The system programs fpauth's tests drive, installed when missing (Debian packages):
#   chromium, chromium-driver  the headless browser of runtime/.../BrowserIT and KeycloakBrowserIT
#   postgresql                 the server binaries of the throwaway clusters (postgres-testkit)
# `mvn verify` runs this before any module (the root pom; skipped with -DskipTests), and so does
# .ci/run. Without them those tests would fail, never skip: this fails first, saying what is missing.
# Usage: test-prerequisites.sh [package ...]   (default: the three above; benchmarks/run.sh asks
# for wrk and postgresql; any other package is looked for as a command of its own name)
set -euo pipefail

# Whether a package's program is here already.
present() {
  case "$1" in
    chromium-driver) command -v chromedriver >/dev/null 2>&1 ;;
    postgresql) ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 ;;
    *) command -v "$1" >/dev/null 2>&1 ;;
  esac
}

wanted=("$@")
if [ ${#wanted[@]} -eq 0 ]; then
  wanted=(chromium chromium-driver postgresql)
fi
missing=()
for package in "${wanted[@]}"; do
  present "$package" || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "Needed Debian packages, missing here: ${missing[*]}. Installing them..."
if ! command -v apt-get >/dev/null 2>&1; then
  echo "No apt-get here: install ${missing[*]} (Debian's names) by hand, then run again." >&2
  exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
  as_root=(env)
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n env)
else
  echo "Not root and no password-less sudo: run 'sudo apt-get install -y ${missing[*]}', then run again." >&2
  exit 1
fi
"${as_root[@]}" apt-get update -q
"${as_root[@]}" DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
