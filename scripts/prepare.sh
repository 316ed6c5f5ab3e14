# Shared by scripts/run-site and scripts/run-tests (sourced, not run): prepares a Debian 12
# machine that has only Python 3.11+ and git. Every step checks first, so a second run is fast.

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV="$REPO/.venv"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# Run a command as root: directly when we are root, through sudo otherwise.
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# Install the named Debian packages, with one `apt-get update` before the first install.
APT_UPDATED=0
apt_install() {
  [ $# -gt 0 ] || return 0
  if [ "$APT_UPDATED" = 0 ]; then
    say "Updating the Debian package lists"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    APT_UPDATED=1
  fi
  say "Installing Debian packages: $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

# Usage: ensure_packages COMMAND:PACKAGE ... installs PACKAGE for each COMMAND not on the PATH
# (COMMAND may also be an absolute path to a file).
ensure_packages() {
  local pair command missing=()
  for pair in "$@"; do
    command=${pair%%:*}
    if [[ $command == /* ]]; then [ -e "$command" ] && continue
    else command -v "$command" >/dev/null 2>&1 && continue; fi
    missing+=("${pair#*:}")
  done
  apt_install "${missing[@]}"
}

# Create .venv at the repository root; Debian ships `venv` and `ensurepip` in python3-venv.
ensure_venv() {
  [ -x "$VENV/bin/python" ] && return 0
  if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
    apt_install python3-venv
  fi
  say "Creating the virtual environment in .venv"
  python3 -m venv "$VENV"
}

# Usage: install_project [EXTRA]: `pip install -e .[EXTRA]`, only when pyproject.toml changed
# since the last install of that set (a stamp in .venv holds the file's hash).
install_project() {
  local extra=${1:-} hash stamp
  hash=$(sha256sum "$REPO/pyproject.toml" | cut -d' ' -f1)
  stamp="$VENV/.installed${extra:+-$extra}"
  [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ] && return 0
  say "Installing the Python packages${extra:+ with the $extra extras} (a minute the first time)"
  local log="$VENV/pip-install.log"
  if ! "$VENV/bin/python" -m pip install --disable-pip-version-check -e "$REPO${extra:+[$extra]}" \
    >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    echo "pip install failed; the whole output is in $log" >&2
    exit 1
  fi
  echo "$hash" >"$stamp"
  # The extras include the base set, so that one is current too.
  [ -z "$extra" ] || echo "$hash" >"$VENV/.installed"
}

# Compile the translations (.mo files are not kept in git). A broken catalogue fails the run.
compile_translations() {
  if compgen -G "$REPO/festival/translations/*/LC_MESSAGES/messages.po" >/dev/null; then
    "$VENV/bin/pybabel" -q compile -d "$REPO/festival/translations"
  fi
}

# Usage: prepare EXTRA [COMMAND:PACKAGE ...]: everything a command needs; EXTRA may be "".
prepare() {
  local extra=$1
  shift
  if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "Python 3.11 or newer is needed as python3 (Debian 12: apt-get install python3)" >&2
    exit 1
  fi
  ensure_packages ffmpeg:ffmpeg "$@"
  ensure_venv
  install_project "$extra"
  compile_translations
}
