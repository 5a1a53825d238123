#!/usr/bin/env bash
# Make sure MariaDB (utf8mb4, loopback only) and Redis are installed and running.
# Sourced by .ci/run and dev/demo; safe to run any number of times.
# DB_ROOT_PASSWORD (default "root") becomes MariaDB's root password when none works yet.

: "${DB_ROOT_PASSWORD:=root}"

sm_log() { printf '\033[1m[sales_mgmt]\033[0m %s\n' "$*" >&2; }

sm_apt_install() {
	local missing=()
	for pkg in "$@"; do
		dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	if [ "$(id -u)" != 0 ]; then
		sm_log "missing Debian packages: ${missing[*]} (run as root or install them)"
		return 1
	fi
	sm_log "installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 || {
		apt-get update -qq >/dev/null 2>&1
		apt-get install -y -qq "${missing[@]}" >/dev/null
	}
}

sm_mariadb_config() {
	local cnf=/etc/mysql/mariadb.conf.d/99-sales-mgmt.cnf
	[ -f "$cnf" ] && return 0
	cat >"$cnf" <<'CNF'
[mysqld]
bind-address = 127.0.0.1
character-set-client-handshake = FALSE
character-set-server = utf8mb4
collation-server = utf8mb4_unicode_ci
innodb_buffer_pool_size = 1G

[mysql]
default-character-set = utf8mb4
CNF
	# a running server must pick the settings up
	if mariadb-admin ping >/dev/null 2>&1 || mariadb-admin -uroot -p"$DB_ROOT_PASSWORD" -h127.0.0.1 ping >/dev/null 2>&1; then
		sm_log "restarting MariaDB for utf8mb4 settings"
		mariadb-admin -uroot -p"$DB_ROOT_PASSWORD" -h127.0.0.1 shutdown 2>/dev/null || mariadb-admin shutdown 2>/dev/null || true
		sleep 2
	fi
}

sm_mariadb_start() {
	if ! mariadb-admin -h127.0.0.1 -uroot -p"$DB_ROOT_PASSWORD" ping >/dev/null 2>&1 && ! mariadb-admin ping >/dev/null 2>&1; then
		sm_log "starting MariaDB"
		mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld
		(setsid mysqld_safe >/dev/null 2>&1 &)
		for _ in $(seq 1 60); do
			mariadb-admin ping >/dev/null 2>&1 && break
			mariadb-admin -h127.0.0.1 -uroot -p"$DB_ROOT_PASSWORD" ping >/dev/null 2>&1 && break
			sleep 1
		done
	fi
	# Frappe connects over TCP with a password
	if ! mariadb -h127.0.0.1 -uroot -p"$DB_ROOT_PASSWORD" -e 'select 1' >/dev/null 2>&1; then
		mariadb -uroot -e "ALTER USER 'root'@'localhost' IDENTIFIED VIA mysql_native_password USING PASSWORD('$DB_ROOT_PASSWORD') OR unix_socket; FLUSH PRIVILEGES;"
	fi
	local collation
	collation=$(mariadb -h127.0.0.1 -uroot -p"$DB_ROOT_PASSWORD" -N -e 'select @@collation_server')
	if [ "$collation" != "utf8mb4_unicode_ci" ]; then
		sm_log "MariaDB collation is $collation, expected utf8mb4_unicode_ci"
		return 1
	fi
}

# Start the bench's own Redis instances (config/redis_*.conf) with Debian's redis-server.
sm_redis_start() {
	local bench=$1 conf port
	for conf in "$bench"/config/redis_cache.conf "$bench"/config/redis_queue.conf; do
		[ -f "$conf" ] || continue
		port=$(awk '/^port/ {print $2}' "$conf")
		if ! redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1; then
			sm_log "starting redis on 127.0.0.1:$port"
			(cd "$bench/config" && redis-server "$conf" --bind 127.0.0.1 --daemonize yes >/dev/null)
			for _ in $(seq 1 20); do
				redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1 && break
				sleep 0.5
			done
		fi
	done
}

sm_services_up() {
	sm_apt_install mariadb-server mariadb-client redis-server || return 1
	sm_mariadb_config
	sm_mariadb_start || return 1
}
