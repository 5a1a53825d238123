#!/usr/bin/env bash
# Find the Frappe bench and link this checkout into it as the app `sales_mgmt`.
# Sourced by .ci/run, dev/demo and benchmarks/run (after dev/services.sh).

: "${FRAPPE_BENCH:=$HOME/frappe-bench}"
SM_FRAPPE_BRANCH=version-15

sm_is_bench() { [ -d "$1/apps/frappe/frappe" ] && [ -x "$1/env/bin/python" ] && [ -d "$1/sites" ]; }

# Bench refuses to run as root unless the bench names a frappe_user.
sm_bench_allow_root() {
	local bench=$1
	[ "$(id -u)" = 0 ] || return 0
	"$bench/env/bin/python" - "$bench/sites/common_site_config.json" <<'PY'
import json, os, sys
path = sys.argv[1]
config = json.load(open(path)) if os.path.exists(path) else {}
if not config.get("frappe_user"):
	config["frappe_user"] = "root"
	json.dump(config, open(path, "w"), indent=1)
PY
}

# Echo the bench path; create it with the upstream `bench init` when there is none.
sm_find_bench() {
	if sm_is_bench "$FRAPPE_BENCH"; then
		sm_bench_allow_root "$FRAPPE_BENCH"
		echo "$FRAPPE_BENCH"
		return 0
	fi
	sm_log "no Frappe bench at $FRAPPE_BENCH; trying 'bench init' (needs github.com and the npm registry)"
	command -v bench >/dev/null 2>&1 || pip install -q frappe-bench >/dev/null 2>&1
	if command -v bench >/dev/null 2>&1; then
		local tmp
		tmp=$(mktemp -d)
		mkdir -p "$tmp/sites" && echo '{"frappe_user": "root"}' >"$tmp/sites/common_site_config.json"
		(cd "$tmp" && bench init --frappe-branch "$SM_FRAPPE_BRANCH" --python python3 "$FRAPPE_BENCH") >&2 || true
		rm -rf "$tmp"
	fi
	if sm_is_bench "$FRAPPE_BENCH"; then
		sm_bench_allow_root "$FRAPPE_BENCH"
		echo "$FRAPPE_BENCH"
		return 0
	fi
	sm_log "cannot find or create a Frappe v15 bench."
	sm_log "missing: a bench at \$FRAPPE_BENCH ($FRAPPE_BENCH) with apps/frappe (Frappe v15) and env/bin/python;"
	sm_log "'bench init --frappe-branch $SM_FRAPPE_BRANCH $FRAPPE_BENCH' needs the bench CLI (pip install frappe-bench),"
	sm_log "network access to github.com/frappe/frappe and the npm registry. Set FRAPPE_BENCH to an existing bench."
	return 1
}

sm_site_packages() { "$1/env/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])'; }

# Link REPO into BENCH as apps/sales_mgmt; remember what was there so sm_unlink_app can restore it.
sm_link_app() {
	local bench=$1 repo=$2 app="$1/apps/sales_mgmt" backup="$1/apps/.sales_mgmt.before-link"
	SM_LINK_BENCH=$bench
	SM_APPS_TXT_BACKUP=$(cat "$bench/sites/apps.txt")
	if [ -L "$app" ] && [ "$(readlink -f "$app")" = "$(readlink -f "$repo")" ]; then
		SM_LINK_STATE=same
	elif [ -e "$app" ] || [ -L "$app" ]; then
		rm -rf "$backup" && mv "$app" "$backup"
		SM_LINK_STATE=moved
	else
		SM_LINK_STATE=absent
	fi
	ln -sfn "$repo" "$app"
	grep -qx sales_mgmt "$bench/sites/apps.txt" || printf '\nsales_mgmt\n' >>"$bench/sites/apps.txt"
	sed -i '/^$/d' "$bench/sites/apps.txt"
	# import path: apps/sales_mgmt itself (not its target) so it follows the link
	local sp
	sp=$(sm_site_packages "$bench")
	SM_PTH_BACKUP=$(cat "$sp/sales_mgmt.pth" 2>/dev/null || echo "<none>")
	SM_ASSETS_BACKUP=$(readlink "$bench/sites/assets/sales_mgmt" 2>/dev/null || echo "<none>")
	SM_PIP_INSTALLED=
	if ! ls "$sp"/sales_mgmt-*.dist-info >/dev/null 2>&1; then
		"$bench/env/bin/python" -m pip install -q --no-deps -e "$app" >/dev/null 2>&1 ||
			{ sm_log "pip install -e $app failed"; return 1; }
		SM_PIP_INSTALLED=1
	fi
	echo "$bench/apps/sales_mgmt" >"$sp/sales_mgmt.pth"
	# desk assets are served from sites/assets/<app>
	mkdir -p "$bench/sites/assets"
	ln -sfn "$bench/apps/sales_mgmt/sales_mgmt/public" "$bench/sites/assets/sales_mgmt"
}

sm_unlink_app() {
	local bench=${SM_LINK_BENCH:-} app backup
	[ -n "$bench" ] || return 0
	app="$bench/apps/sales_mgmt" backup="$bench/apps/.sales_mgmt.before-link"
	case "${SM_LINK_STATE:-}" in
	moved) rm -f "$app" && mv "$backup" "$app" ;;
	absent) rm -f "$app" ;;
	esac
	printf '%s\n' "$SM_APPS_TXT_BACKUP" >"$bench/sites/apps.txt"
	# what linking installed into the bench's environment goes too
	local sp
	sp=$(sm_site_packages "$bench")
	[ -n "${SM_PIP_INSTALLED:-}" ] && "$bench/env/bin/python" -m pip uninstall -q -y sales_mgmt >/dev/null 2>&1
	if [ "${SM_PTH_BACKUP:-<none>}" = "<none>" ]; then
		rm -f "$sp/sales_mgmt.pth"
	else
		printf '%s\n' "$SM_PTH_BACKUP" >"$sp/sales_mgmt.pth"
	fi
	if [ "${SM_ASSETS_BACKUP:-<none>}" = "<none>" ]; then
		rm -f "$bench/sites/assets/sales_mgmt"
	else
		ln -sfn "$SM_ASSETS_BACKUP" "$bench/sites/assets/sales_mgmt"
	fi
	SM_LINK_BENCH=
}

# Run a bench command from the bench directory.
sm_bench() { (cd "$SM_BENCH" && bench "$@"); }
