#!/usr/bin/env bash
# Vendor the YASGUI query editor from the npm registry into server/static/vendor/yasgui/, so the server
# serves it itself (no CDN). Run again with another version to upgrade; commit the result.
#   scripts/vendor-yasgui.sh [version]
set -euo pipefail
version="${1:-4.6.2}"
package="@zazuko/yasgui"
root="$(cd "$(dirname "$0")/.." && pwd)"
target="$root/server/static/vendor/yasgui"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$work"
integrity="$(npm view "$package@$version" dist.integrity 2>/dev/null)"
tarball="$(npm pack "$package@$version" 2>/dev/null | tail -n 1)"   # npm verifies the registry's integrity
tar xzf "$tarball"
license="$(node -e 'console.log(require("./package/package.json").license)')"

mkdir -p "$target"
cp package/build/yasgui.min.js package/build/yasgui.min.css "$target/"
cat > "$target/VENDOR.json" <<JSON
{
  "package": "$package",
  "version": "$version",
  "license": "$license",
  "source": "https://registry.npmjs.org/$package/-/yasgui-$version.tgz",
  "integrity": "$integrity",
  "files": {
    "yasgui.min.js": "sha256:$(sha256sum "$target/yasgui.min.js" | cut -d' ' -f1)",
    "yasgui.min.css": "sha256:$(sha256sum "$target/yasgui.min.css" | cut -d' ' -f1)"
  }
}
JSON
echo "vendored $package@$version into $target"
