# govinfo daemon image.
#   Build:  docker build -t govinfo .
#   First:  install -d -m 0700 -o 10001 -g 10001 /srv/govinfo
#           docker run --rm -v /srv/govinfo:/var/lib/govinfo govinfo init /var/lib/govinfo
#           (edit /srv/govinfo/config.toml: mailbox, roster; move govinfo.env out), then
#           docker run --rm -v /srv/govinfo:/var/lib/govinfo govinfo db upgrade
#   Run:    docker run -d --name govinfo -v /srv/govinfo:/var/lib/govinfo --env-file govinfo.env \
#               -p 127.0.0.1:8080:8080 govinfo
# docs/部署指南.md (section 3.6) walks through it.
# The config, the SQLite database and the store (raw mail, attachments, documents) all live
# in the one volume /var/lib/govinfo. Secrets come from --env-file, never from the image.
# The console binds 0.0.0.0 inside the container (GOVINFO_WEB_BIND below): publish the
# port on 127.0.0.1 behind a reverse proxy, as above, unless the network is the office's own.

FROM python:3.11-slim-bookworm AS build
WORKDIR /src
COPY pyproject.toml setup.py MANIFEST.in README.md config.example.toml ./
COPY daemon ./daemon
COPY migrations ./migrations
COPY templates ./templates
COPY examples/demo-inbox ./examples/demo-inbox
# a real wheel, as `pip install .` makes it: migrations, templates, the example config and
# the demo inbox travel inside it (daemon/bundled/), nothing is read from /src afterwards
RUN pip wheel --no-cache-dir --no-deps -w /dist .

FROM python:3.11-slim-bookworm
# Run-time tools only: LibreOffice reads .doc/.wps attachments and writes nothing else,
# the CJK fonts render Chinese in generated documents, Tesseract reads evidence screenshots
# (poppler's pdftoppm renders an image-only PDF for it), pg_dump (postgresql-client) writes
# the nightly backup of a PostgreSQL database.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libreoffice-writer-nogui fonts-noto-cjk tzdata \
        tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-chi-sim-vert poppler-utils postgresql-client \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /dist /dist
RUN pip install --no-cache-dir /dist/*.whl && rm -rf /dist

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    TZ=Asia/Shanghai \
    LANG=C.UTF-8 \
    GOVINFO_CONFIG=/var/lib/govinfo/config.toml \
    GOVINFO_WEB_BIND=0.0.0.0 \
    GOVINFO_WEB_PORT=8080

# A fixed uid so a bind-mounted folder's ownership can be set on the host (chown 10001).
RUN useradd --system --uid 10001 --home-dir /var/lib/govinfo --create-home govinfo
USER govinfo
# LibreOffice needs a writable HOME for its profile
ENV HOME=/var/lib/govinfo
WORKDIR /var/lib/govinfo
# files the daemon writes are the govinfo user's alone (as UMask=0077 in the systemd unit)
VOLUME ["/var/lib/govinfo"]
EXPOSE 8080

# SIGTERM stops `govinfo run` cleanly; the exec form delivers it to Python
STOPSIGNAL SIGTERM
ENTRYPOINT ["govinfo"]
CMD ["run"]
