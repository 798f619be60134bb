#!/bin/sh
# multi-driver-rabbitmq (docker-compose.services.yml): RabbitMQ 3.10 from Debian, one node (rabbit@rabbitmq), its
# database in the volume at /data, the user multidriver with the password of secrets/services/rabbitmq.password
# (the guest user is not created), logging to the container's output.
set -eu
export HOME=/root RABBITMQ_NODENAME=rabbit@rabbitmq RABBITMQ_MNESIA_BASE=/data/mnesia RABBITMQ_LOG_BASE=/data/log
umask 077
rm -f /root/.erlang.cookie
cp /run/secrets/rabbitmq.cookie /root/.erlang.cookie && chmod 400 /root/.erlang.cookie
mkdir -p /etc/rabbitmq
printf 'loopback_users = none\nlog.console = true\nlog.console.level = info\nlog.file = false\ndefault_user = multidriver\ndefault_pass = %s\n' \
  "$(cat /run/secrets/rabbitmq.password)" > /etc/rabbitmq/rabbitmq.conf
exec /usr/lib/rabbitmq/bin/rabbitmq-server
