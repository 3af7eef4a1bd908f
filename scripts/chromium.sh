# Headless Chromium and its WebDriver for the dashboard browser tests. Sourced by scripts/test.sh:
#   source scripts/chromium.sh; recsys_chromium_install
# Installs Debian's chromium and chromium-driver when missing (apt-get, as root or through sudo) and exports
# RECSYS_TEST_CHROME and RECSYS_TEST_CHROMEDRIVER, which tests/RecsysBatch.Host.Tests requires.

recsys_chromium_install() {
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    echo "chromium.sh: installing Debian's chromium and chromium-driver (apt-get install)" >&2
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
      command -v sudo >/dev/null || { echo "chromium.sh: Chromium is missing and this user cannot install it (not root, no sudo)" >&2; return 1; }
      sudo="sudo"
    fi
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
    [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] \
      || { echo "chromium.sh: apt-get installed no /usr/bin/chromium or /usr/bin/chromedriver" >&2; return 1; }
  fi
  export RECSYS_TEST_CHROME=/usr/bin/chromium
  export RECSYS_TEST_CHROMEDRIVER=/usr/bin/chromedriver
}
