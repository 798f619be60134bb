#!/bin/sh
# multi-driver-redis (docker-compose.services.yml): Redis 7 from Debian, append-only file in the volume at /data,
# the password of secrets/services/redis.password (written to a config file, not the command line).
set -eu
umask 077
printf 'port 6379\nbind 0.0.0.0\nprotected-mode yes\ndir /data\nappendonly yes\nrequirepass %s\n' \
  "$(cat /run/secrets/redis.password)" > /tmp/redis.conf
exec redis-server /tmp/redis.conf
