# Puts the Node.js version pinned in .node-version first on PATH, for this shell.
#
#   . scripts/use-node.sh        (bash or zsh; .ci/run does the same)
#
# When the system's node is older, the pinned one comes from the npm registry as the
# `node-<os>-<cpu>` package (plain npm, no other download), installed once into
# ${WAYMARK_NODE_HOME:-~/.cache/waymark-node/<version>} (XDG_CACHE_HOME honored), outside the repository.
# npm_config_nodedir points at the same package, whose headers native modules
# (better-sqlite3) compile against. Fails (returns 1) unless node is then >= 22.12.

waymark_use_node() {
  local root version os cpu home pkg
  root=$(cd "$(dirname "${BASH_SOURCE[0]:-${(%):-%x}}")/.." && pwd) || return 1
  version=$(tr -d ' \r\n' < "$root/.node-version") || return 1
  case "$(uname -s)" in Linux) os=linux ;; Darwin) os=darwin ;; *) echo "use-node: unsupported OS $(uname -s)" >&2; return 1 ;; esac
  case "$(uname -m)" in x86_64 | amd64) cpu=x64 ;; aarch64 | arm64) cpu=arm64 ;; *) echo "use-node: unsupported CPU $(uname -m)" >&2; return 1 ;; esac
  home=${WAYMARK_NODE_HOME:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/waymark-node/$version}
  pkg=$home/node_modules/node-$os-$cpu
  if [ ! -x "$pkg/bin/node" ] || [ "$("$pkg/bin/node" --version)" != "v$version" ]; then
    echo "use-node: installing node-$os-$cpu@$version into $home" >&2
    mkdir -p "$home" || return 1
    npm install --prefix "$home" --no-save --no-package-lock --no-audit --no-fund --loglevel=error "node-$os-$cpu@$version" >&2 || return 1
  fi
  export PATH="$pkg/bin:$PATH"
  export npm_config_nodedir="$pkg"
  hash -r 2>/dev/null || true
  node -e '
    const [major, minor] = process.versions.node.split(".").map(Number);
    if (major < 22 || (major === 22 && minor < 12)) {
      console.error(`use-node: node ${process.version} is older than 22.12`);
      process.exit(1);
    }
    console.log(`node ${process.version} (${process.execPath}), npm_config_nodedir=${process.env.npm_config_nodedir}`);
  ' || return 1
}

waymark_use_node
