# The skillgraph app for docker-compose.yml: loads the mounted data into Neo4j (skipped when
# Neo4j already holds exactly that data), then serves the Streamlit app on port 8501.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /srv/skillgraph
COPY . .
# EXTRAS=postgres (the compose file's "shared" profile) adds the PostgreSQL driver for the sessions.
ARG EXTRAS=""
RUN pip install . && if [ "$EXTRAS" = "postgres" ]; then pip install "psycopg[binary]>=3.1,<4"; fi && useradd --create-home --uid 10001 skillgraph && mkdir -p /cache && chown skillgraph /cache
USER skillgraph

EXPOSE 8501
CMD ["sh", "-c", "skillgraph load --target neo4j && exec streamlit run streamlit_app.py --server.address 0.0.0.0 --server.port 8501 --server.headless true"]
