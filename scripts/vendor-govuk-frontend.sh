#!/usr/bin/env bash
# Re-vendors GOV.UK Frontend into static/govuk/. Run by a developer when upgrading, never at build or run time
# (no Node is needed to run or test the portal). Usage: scripts/vendor-govuk-frontend.sh 6.6.0
#
# What is copied unmodified from the npm package's dist/govuk/: govuk-frontend.min.js (+ map), assets/images/.
# What is compiled: the CSS, from the package's own Sass, with two documented settings:
#   $govuk-font-family: arial, sans-serif  -- GDS Transport is licensed for GOV.UK services only, and a
#                                            council service is not on GOV.UK (so its fonts are not shipped);
#   $govuk-assets-path: "/static/govuk/assets/" -- where Django serves the images.
set -euo pipefail
version=${1:?give the govuk-frontend version, e.g. 6.6.0}
sass_version=1.93.2
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund --silent "govuk-frontend@$version" "sass@$sass_version"
cat > portal-govuk.scss <<'SCSS'
@use "govuk-frontend/dist/govuk" with (
  $govuk-font-family: (arial, sans-serif),
  $govuk-assets-path: "/static/govuk/assets/"
);
SCSS
npx sass --style=compressed --no-source-map --load-path=node_modules portal-govuk.scss govuk-frontend.min.css
dest="$here/static/govuk"
rm -rf "$dest"
mkdir -p "$dest/assets"
cp govuk-frontend.min.css "$dest/"
cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js "$dest/"
cp -r node_modules/govuk-frontend/dist/govuk/assets/images "$dest/assets/"
cat > "$dest/VERSION" <<TXT
govuk-frontend $version
source: the npm registry package govuk-frontend@$version (https://github.com/alphagov/govuk-frontend)
licence: MIT (package.json "license"; the package ships no licence file); the crest and crown images are Crown copyright and are not used by this portal
files: govuk-frontend.min.js and assets/images/ copied unmodified from dist/govuk/;
       govuk-frontend.min.css compiled from dist/govuk/index.scss with sass $sass_version and the settings
       \$govuk-font-family: arial, sans-serif and \$govuk-assets-path: "/static/govuk/assets/"
       (see scripts/vendor-govuk-frontend.sh and docs/adr/002-govuk-frontend-for-a-council.md).
       The GDS Transport font files are not included.
TXT
echo "vendored govuk-frontend $version into $dest"
