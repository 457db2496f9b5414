# govinfo daemon image. Build: docker build -t govinfo .
# Run:   docker run -v /srv/govinfo:/etc/govinfo -e GOVINFO_IMAP_PASSWORD=… govinfo
# The config (and, by default, the relative database and storage paths inside it) lives
# in the mounted /etc/govinfo; `docker run … govinfo db upgrade` before the first `run`.
FROM python:3.11-slim-bookworm

# Run-time tools only: LibreOffice reads .doc/.wps attachments and writes nothing else,
# the CJK fonts render Chinese in generated documents, poppler reads PDF attachments.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libreoffice-writer-nogui fonts-noto-cjk poppler-utils tzdata \
        tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-chi-sim-vert postgresql-client \
    && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    TZ=Asia/Shanghai \
    GOVINFO_CONFIG=/etc/govinfo/config.toml

WORKDIR /opt/govinfo
# README.md* : optional, so a tree without it still builds
COPY pyproject.toml README.md* config.example.toml ./
COPY daemon ./daemon
COPY migrations ./migrations
COPY templates ./templates
COPY examples ./examples
# Editable on purpose: daemon/paths.py finds migrations/, templates/ and the demo inbox
# beside the package, which a plain `pip install .` into site-packages would lose.
RUN pip install -e .

# A fixed uid so a mounted volume's ownership can be set on the host.
RUN useradd --system --uid 10001 --home-dir /var/lib/govinfo --create-home govinfo \
    && mkdir -p /etc/govinfo \
    && chown govinfo:govinfo /etc/govinfo
USER govinfo
# LibreOffice needs a writable HOME for its profile
ENV HOME=/var/lib/govinfo
WORKDIR /var/lib/govinfo
VOLUME ["/etc/govinfo", "/var/lib/govinfo"]

# SIGTERM stops `govinfo run` cleanly (CONTRACT.md); exec form delivers it to Python
STOPSIGNAL SIGTERM
ENTRYPOINT ["govinfo"]
CMD ["run"]
