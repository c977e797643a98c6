#!/usr/bin/env bash
# Install a built bundle for the current user (or system-wide with PREFIX=/usr/local, as root):
#   PREFIX/lib/boxoffice/          the bundle folder
#   PREFIX/bin/boxoffice           link to its executable
#   PREFIX/share/applications/boxoffice.desktop, PREFIX/share/icons/hicolor/.../boxoffice.{svg,png}
# Usage: packaging/install-linux.sh [BUNDLE_DIR]   (default: dist/boxoffice)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bundle="$(cd "${1:-$here/../dist/boxoffice}" && pwd)"
prefix="${PREFIX:-$HOME/.local}"
[[ -x "$bundle/boxoffice" ]] || { echo "no bundle at $bundle (run packaging/build.sh)" >&2; exit 1; }

mkdir -p "$prefix/lib" "$prefix/bin" "$prefix/share/applications" \
  "$prefix/share/icons/hicolor/scalable/apps" "$prefix/share/icons/hicolor/256x256/apps"
rm -rf "$prefix/lib/boxoffice"
cp -a "$bundle" "$prefix/lib/boxoffice"
ln -sfn "$prefix/lib/boxoffice/boxoffice" "$prefix/bin/boxoffice"
sed "s|^Exec=.*|Exec=$prefix/bin/boxoffice|" "$here/boxoffice.desktop" \
  > "$prefix/share/applications/boxoffice.desktop"
cp "$here/../resources/icons/boxoffice.svg" "$prefix/share/icons/hicolor/scalable/apps/boxoffice.svg"
cp "$here/boxoffice.png" "$prefix/share/icons/hicolor/256x256/apps/boxoffice.png"
command -v update-desktop-database >/dev/null && update-desktop-database -q "$prefix/share/applications" || true
echo "Installed: $prefix/bin/boxoffice and the 'Box office' menu entry"
