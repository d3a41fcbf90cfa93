# Portfolio server with ngx_http_noai_module: images carry the AI opt-out
# headers, known AI/dataset crawlers are turned away, and /noai/status shows
# who was. Both stages are the same Debian release (13, trixie, by default;
# --build-arg DEBIAN_RELEASE=bookworm for Debian 12), so the module is built
# against exactly the nginx that loads it.
#
#   docker build -t noai-portfolio .
#   docker run -d -p 8080:8080 -v ~/art:/srv/portfolio noai-portfolio

ARG DEBIAN_RELEASE=trixie

# ---- build: compile the module the nginx way, run the unit tests -----------
FROM debian:${DEBIAN_RELEASE}-slim AS build

SHELL ["/bin/bash", "-o", "pipefail", "-c"]

# policy-rc.d: installing nginx must not start it inside the build.
RUN printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      nginx nginx-dev cmake g++ make libgtest-dev libssl-dev \
 && apt-get clean && rm -rf /var/lib/apt/lists/* /usr/sbin/policy-rc.d \
 && dpkg-query -W -f '${Version}' nginx >/nginx-version

# The unit tests must pass for the image to build; the module is stripped as
# Debian ships its own modules.
WORKDIR /src
COPY . .
RUN cmake -S . -B /build -DCMAKE_BUILD_TYPE=Release \
 && cmake --build /build -j"$(nproc)" \
 && ctest --test-dir /build -L unit --output-on-failure \
 && strip --strip-unneeded /build/ngx_http_noai_module.so

# ---- runtime: Debian's nginx + the module, nothing else to build with -------
FROM debian:${DEBIAN_RELEASE}-slim

SHELL ["/bin/bash", "-o", "pipefail", "-c"]

# The same nginx version the module was compiled against (a module built for
# another version is refused at load). gettext-base: envsubst for the config
# template; openssl: hashing the status-page password; curl: the health check.
COPY --from=build /nginx-version /tmp/nginx-version
RUN printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      "nginx=$(cat /tmp/nginx-version)" gettext-base openssl curl \
 && apt-get clean && rm -rf /var/lib/apt/lists/* /usr/sbin/policy-rc.d /tmp/nginx-version \
      /etc/nginx/sites-enabled/default /var/www/html

COPY --from=build /build/ngx_http_noai_module.so /usr/lib/nginx/modules/
COPY docker/nginx.conf.template /etc/nginx/noai/nginx.conf.template
COPY docker/entrypoint.sh /usr/local/bin/noai-entrypoint
COPY sample-portfolio/ /srv/portfolio/
# The decoy a denied crawler gets for an image with NOAI_DECOY=on; mount any
# picture of yours over it.
COPY decoy/decoy.png /usr/share/noai/decoy.png

# The crawler range updater (run by the entrypoint when NOAI_UPDATE_RANGES=on)
# and the package's list with every operator's line switched on: here the
# environment variable is the opt-in. The state directory belongs to the
# unprivileged user nginx and the updater run as.
COPY scripts/noai-update-ranges /usr/sbin/noai-update-ranges
COPY packaging/noai-ranges.list /etc/noai/ranges.list
RUN sed -i -E 's/^#([a-z0-9-]+\.json[[:space:]]+https:)/\1/' /etc/noai/ranges.list \
 && grep -q '^googlebot.json ' /etc/noai/ranges.list \
 && install -d -o www-data -g www-data /var/lib/noai/ranges

# Settings read by the entrypoint (see docker/entrypoint.sh). Status-page
# credentials, NOAI_STATUS_USER and NOAI_STATUS_PASSWORD, have no default.
ENV NOAI_LISTEN_PORT=8080 \
    NOAI_BLOCK=on \
    NOAI_BLOCK_STATUS=403 \
    NOAI_EXTRA_AGENTS="" \
    NOAI_STATUS_PRIVATE=on \
    NOAI_AI_INPUT=off \
    NOAI_DECOY=off \
    NOAI_UPDATE_RANGES=off \
    NOAI_UPDATE_RANGES_INTERVAL=86400

# The artist's images; the sample portfolio until a volume is mounted.
VOLUME /srv/portfolio
EXPOSE 8080

# Master and workers run unprivileged: 8080 needs no root.
USER www-data

HEALTHCHECK --interval=30s --timeout=5s --start-period=5s --retries=3 \
  CMD curl -fsS -o /dev/null "http://127.0.0.1:${NOAI_LISTEN_PORT}/healthz" || exit 1

# SIGQUIT: nginx finishes the requests in flight, then exits.
STOPSIGNAL SIGQUIT
ENTRYPOINT ["/usr/local/bin/noai-entrypoint"]
CMD ["nginx", "-c", "/tmp/noai/nginx.conf"]
