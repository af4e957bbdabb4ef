#!/usr/bin/env bash
# Prepares podman for the container tests (run as root): installs podman, runc and busybox-static when
# missing, writes a containers.conf (runc, explicit ulimits: crun and podman's default nofile fail in this
# kind of sandbox) and imports a tiny image made from busybox-static, since no registry is reachable.
# Idempotent. Prints the variables to export (eval "$(scripts/ci/podman-up.sh)").
# Containers must run with --network=none or --network=host: never podman's default bridge.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
D=${PODMAN_DIR:-/tmp/swoop-podman}
IMAGE=${SWOOP_TEST_IMAGE:-localhost/busybox:local}

if ! command -v podman >/dev/null || ! command -v runc >/dev/null || [ ! -x /bin/busybox ]; then
  apt-get update -qq >&2
  apt-get install -y -qq -o DPkg::Lock::Timeout=600 podman runc busybox-static >/dev/null
fi

mkdir -p "$D/rootfs/bin" "$D/rootfs/tmp"
cat > "$D/containers.conf" <<'CONF'
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]
[engine]
runtime = "runc"
CONF
export CONTAINERS_CONF="$D/containers.conf"

if ! podman image exists "$IMAGE" 2>/dev/null; then
  cp /bin/busybox "$D/rootfs/bin/busybox"
  for a in $(/bin/busybox --list); do [ "$a" = busybox ] || ln -sf busybox "$D/rootfs/bin/$a"; done
  tar -C "$D/rootfs" -cf "$D/busybox.tar" .
  podman import --change 'CMD ["/bin/sh"]' --change 'ENV PATH=/bin' "$D/busybox.tar" "$IMAGE" >&2
fi
podman run --rm --network=none "$IMAGE" true >&2 || { echo "podman cannot run $IMAGE" >&2; exit 1; }

echo "export CONTAINERS_CONF=$D/containers.conf"
echo "export SWOOP_TEST_PODMAN=1"
echo "export SWOOP_TEST_IMAGE=$IMAGE"
