# Shared by scripts/start and scripts/test: find Python 3.11+, create .venv, install the project.
# Sourced, not run: it leaves the virtualenv activated in the caller.

find_python() {
    local candidate
    for candidate in "${PYTHON:-}" python3.11 python3.12 python3; do
        [ -n "$candidate" ] || continue
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] < (3, 13))' 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

# ensure_venv [extra]: create .venv if missing and install the project (with the extra, if
# given). A stamp keyed on pyproject.toml makes the second run skip pip entirely.
ensure_venv() {
    local extra="${1:-}" python stamp
    if [ ! -x .venv/bin/python ]; then
        python="$(find_python)" || {
            echo "Python 3.11 or 3.12 is needed (set PYTHON=/path/to/python3.11)." >&2
            exit 1
        }
        echo "==> Creating .venv with $python"
        "$python" -m venv .venv
    fi
    # shellcheck disable=SC1091
    . .venv/bin/activate
    stamp=".venv/.installed-${extra:-base}-$(sha256sum pyproject.toml | cut -c1-16)"
    if [ ! -f "$stamp" ]; then
        echo "==> Installing the project${extra:+ with [$extra]} into .venv"
        python -m pip install --quiet --disable-pip-version-check --upgrade pip
        if [ -n "$extra" ]; then
            python -m pip install --quiet --disable-pip-version-check -e ".[$extra]"
        else
            python -m pip install --quiet --disable-pip-version-check -e .
        fi
        touch "$stamp"
    fi
}
