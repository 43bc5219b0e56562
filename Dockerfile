# sfspec in a container: `docker build -t sfspec .` from a checkout, then
#   docker run --rm -v "$PWD:/work" sfspec plan specs/landscape -e dev
# The working directory /work is the mounted repository; out/ and saved plans land there.
FROM python:3.11-slim-bookworm

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1

COPY pyproject.toml README.md /src/
COPY sfspec /src/sfspec
COPY schemas /src/schemas
COPY generators /src/generators
COPY specs /src/specs
COPY catalogue /src/catalogue
RUN pip install /src \
    && rm -rf /src \
    && useradd --create-home --uid 10001 sfspec

USER 10001
WORKDIR /work
ENTRYPOINT ["sfspec"]
CMD ["--help"]
